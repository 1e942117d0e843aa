import { describe, expect, it } from 'vitest';
import { formatProblems, loadScenario } from './load-scenario.js';

const valid = `name: checkout
benches:
  - name: api
    kind: http
    target: { url: http://127.0.0.1:8080/, method: GET }
    load:
      model: closed
      steps: [1, 2, 4]
      stepDuration: 5s
      warmup: 1s
    slo: { p99: 250ms, errorRate: 1%, minThroughput: 500 }
    stop: { p99: 2s, errorRate: 10% }
`;

describe('loadScenario', () => {
  it('normalises human units to milliseconds and fractions', () => {
    const r = loadScenario(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const b = r.scenario.benches[0]!;
    if (b.kind !== 'http') throw new Error('expected an http bench');
    expect(b.load.stepDuration).toBe(5000);
    expect(b.load.warmup).toBe(1000);
    expect(b.slo).toEqual({ p99: 250, errorRate: 0.01, minThroughput: 500 });
    expect(b.stop).toEqual({ p99: 2000, errorRate: 0.1 });
    expect(b.engine).toBe('headroom');
    expect(b.load.arrival).toBe('constant');
  });

  it('lists every problem with its path and line:column', () => {
    const text = valid
      .replace('steps: [1, 2, 4]', 'steps: [1, 2, -4]')
      .replace('stepDuration: 5s', 'stepDuration: 5 parsecs')
      .replace('method: GET', 'method: FETCH')
      .replace('    stop:', '    stopp:');
    const r = loadScenario(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.problems.map((p) => [p.path, p]));
    expect(byPath['benches[0].load.steps[2]']).toMatchObject({ line: 8, column: 21 });
    expect(byPath['benches[0].load.stepDuration']).toMatchObject({ line: 9 });
    expect(byPath['benches[0].load.stepDuration']!.message).toMatch(/not a duration/);
    expect(byPath['benches[0].target.method']).toMatchObject({ line: 5 });
    expect(byPath['benches[0].stopp']!.message).toMatch(/unknown field "stopp"/);
    expect(r.problems).toHaveLength(4);
    expect(formatProblems('f.yaml', r.problems)).toMatch(/^f\.yaml:5:\d+: benches\[0\]\.target\.method: /m);
  });

  it('points a missing field at its parent', () => {
    const r = loadScenario('name: x\nbenches:\n  - name: a\n    kind: http\n    load: { steps: [1] }\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.find((p) => p.path === 'benches[0].target')).toMatchObject({ line: 3, column: 5 });
  });

  it('reports YAML syntax errors with their position', () => {
    const r = loadScenario('name: x\nbenches: [\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]!.message).toMatch(/^YAML: /);
    expect(r.problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects an unknown bench kind, a ramp with both factor and step, and duplicate names', () => {
    const bad = loadScenario('name: x\nbenches:\n  - { name: a, kind: grpc }\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems[0]!.path).toBe('benches[0].kind');
    const ramp = loadScenario(valid.replace('steps: [1, 2, 4]', 'ramp: { from: 1, to: 8, factor: 2, step: 1 }'));
    expect(ramp.ok).toBe(false);
    if (!ramp.ok) expect(ramp.problems[0]!.path).toBe('benches[0].load.ramp');
    const twice = loadScenario(valid + valid.split('benches:\n')[1]!);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems[0]).toMatchObject({ path: 'benches[1].name', line: 13 });
  });

  it('requires warmup to be shorter than the step', () => {
    const r = loadScenario(valid.replace('warmup: 1s', 'warmup: 5s'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.path).toBe('benches[0].load.warmup');
  });
});
