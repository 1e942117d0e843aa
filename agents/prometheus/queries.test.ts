import { describe, expect, it } from 'vitest';
import { evaluationRange, resolveQueries } from './fetch-usage.js';
import { expandQuery, NAMESPACE_PATTERN, QUERIES, QUERY_NAMES } from './queries.js';

const values = { namespaces: [] as string[], windowMs: 14 * 86_400_000, stepMs: 300_000, rateMs: 300_000 };

describe('expandQuery', () => {
  it('fills in the namespace matcher, window, step and rate interval', () => {
    expect(expandQuery('f{$namespace}[$window] [$step] [$rate]', { ...values, namespaces: ['shop', 'web'] })).toBe('f{namespace=~"shop|web"}[1209600s] [300s] [300s]');
    expect(expandQuery('f{$namespace}', values)).toBe('f{namespace!=""}');
  });

  it('leaves no placeholder in any default query', () => {
    for (const name of QUERY_NAMES) expect(expandQuery(QUERIES[name].promql, values)).not.toMatch(/\$/);
  });

  it('keeps every label the policy needs in the default queries', () => {
    for (const name of QUERY_NAMES) {
      const by = /by \(([^)]*)\)/.exec(QUERIES[name].promql)![1]!.split(',').map((s) => s.trim());
      expect(by).toEqual(expect.arrayContaining([...QUERIES[name].labels]));
    }
  });

  it('accepts only namespace names, which cannot break out of the PromQL regex', () => {
    expect(['shop', 'kube-system', 'a1'].every((n) => NAMESPACE_PATTERN.test(n))).toBe(true);
    expect(['Shop', 'a|b', 'a"}', '.*', '-a', ''].some((n) => NAMESPACE_PATTERN.test(n))).toBe(false);
  });
});

describe('resolveQueries and evaluationRange', () => {
  it('uses an override where given and the default elsewhere', () => {
    const q = resolveQueries({ ...values, queries: { cpu: 'my_cpu{$namespace}' } });
    expect(q.cpu).toBe('my_cpu{namespace!=""}');
    expect(q.memory).toContain('container_memory_working_set_bytes');
  });

  it('evaluates at whole steps, one step after the window start up to its end', () => {
    const r = evaluationRange(1_000_000_123, 3_600_000, 300_000);
    expect(r.endMs % 300_000).toBe(0);
    expect(r.endMs).toBeLessThanOrEqual(1_000_000_123);
    expect((r.endMs - r.startMs) / r.stepMs + 1).toBe(12);
  });
});
