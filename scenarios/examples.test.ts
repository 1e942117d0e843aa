// Every example is validated, its schema kept in sync, and it is dry-run (planned), like
// vega-lite's gallery.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchema } from './json-schema.js';
import { formatProblems, loadScenario } from './load-scenario.js';
import { loadOf } from './describe-bench.js';
import { planSteps } from './steps.js';

const dir = new URL('./examples/', import.meta.url);
// node-models.yaml and workloads.yaml are `headroom plan` inputs, tested with their own loaders.
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !['node-models.yaml', 'workloads.yaml'].includes(f));

describe('scenario examples', () => {
  it.each(files)('%s is valid and plans at least one step', (f) => {
    const r = loadScenario(readFileSync(new URL(f, dir), 'utf8'));
    if (!r.ok) throw new Error(formatProblems(f, r.problems));
    for (const b of r.scenario.benches) if (b.kind !== 'host') expect(planSteps(loadOf(b)).length).toBeGreaterThan(0);
  });

  it('scenarios/schema.json matches the zod schema (run `npm run schema` after changing it)', () => {
    expect(readFileSync(new URL('./schema.json', import.meta.url), 'utf8')).toBe(renderJsonSchema());
  });

  it('examples only target loopback', () => {
    for (const f of files) {
      const r = loadScenario(readFileSync(new URL(f, dir), 'utf8'));
      if (!r.ok) continue;
      const urls = r.scenario.benches.flatMap((b) => (b.kind === 'http' ? [b.target.url] : b.kind === 'etcd' ? b.endpoints : []));
      for (const u of urls) expect(new URL(u).hostname).toMatch(/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/);
    }
  });
});
