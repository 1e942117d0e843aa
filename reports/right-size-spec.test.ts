// The right-sizing charts held to the same checks as the run report's (reports/specs.test.ts): the
// vega-lite schema, no compile or runtime warnings, marks drawn, data inline; plus what they must show.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContainerRecommendation } from '../analyzers/right-size-types.js';
import { checkSpec, countMarks } from './check-spec.js';
import { rightSizeResult } from './right-size-fixtures.js';
import { cpuUsageSpec, downsampleBands, memoryUsageSpec } from './right-size-spec.js';
import type { JsonSchema } from './validate-json-schema.js';

const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as JsonSchema;
const result = rightSizeResult({ critical: ['worker'] });
const rec = (workload: string): ContainerRecommendation => result.workloads.find((w) => w.workload === workload)!;

const layers = (spec: TopLevelSpec): Array<Record<string, any>> => (spec as any).layer;
const values = (l: Record<string, any>): Array<Record<string, any>> => l.data?.values ?? [];

const cases: Array<[string, () => TopLevelSpec]> = [
  ['CPU, two replicas', () => cpuUsageSpec(rec('web'))],
  ['memory, two replicas', () => memoryUsageSpec(rec('web'))],
  ['CPU, one replica, Guaranteed', () => cpuUsageSpec(rec('worker'))],
  ['memory, nothing set today', () => memoryUsageSpec(rec('agent'))],
];

describe.each(cases)('%s spec', (_name, build) => {
  let spec: TopLevelSpec;
  let checked: Awaited<ReturnType<typeof checkSpec>>;
  beforeAll(async () => {
    spec = build();
    checked = await checkSpec(spec, schema);
  });

  it('is valid against the vega-lite JSON schema', () => expect(checked.schemaIssues).toEqual([]));
  it('compiles, parses and runs with no vega or vega-lite warnings', () => expect(checked.logged).toEqual([]));
  it('draws marks', () => expect(countMarks(checked.svg)).toBeGreaterThan(3));
  it('carries its data inline and references no URL', () => {
    const { $schema: _s, ...rest } = spec;
    expect(JSON.stringify(rest)).not.toMatch(/"url"|"(https?|file|data):/);
  });
});

describe('cpuUsageSpec and memoryUsageSpec', () => {
  it('draws the current and recommended request and limit as rules, leaving out unset ones', () => {
    const rules = (spec: TopLevelSpec) => values(layers(spec).find((l) => l.mark.type === 'rule')!).map((v) => [v.line, v.value]);
    const web = rec('web');
    expect(rules(cpuUsageSpec(web))).toEqual([['current request', 1], ['recommended request', web.cpu.request]]);
    expect(rules(memoryUsageSpec(web))).toEqual([['current request', 512], ['recommended request', web.memory.request / 1024 ** 2], ['recommended limit', web.memory.limit / 1024 ** 2]]);
    const worker = rec('worker');
    expect(rules(cpuUsageSpec(worker))).toEqual([['current limit', 0.5], ['recommended request', worker.cpu.request], ['recommended limit', worker.cpu.limit]]);
  });

  it('shades the percentile band the recommendation is read from', () => {
    const web = rec('web');
    const band = values(layers(cpuUsageSpec(web)).find((l) => l.mark.type === 'rect')!)[0]!;
    expect(band.lo).toBeCloseTo(web.evidence.cpuP50Cores, 3);
    expect(band.hi).toBeCloseTo(web.evidence.cpuPercentileCores, 3);
    expect(band.label).toBe('p50–p95 of the 5-minute rate');
    const mem = values(layers(memoryUsageSpec(web)).find((l) => l.mark.type === 'rect')!)[0]!;
    expect(mem.hi).toBeCloseTo(web.evidence.memoryPeakBytes / 1024 ** 2, 1);
  });

  it('draws the spread across replicas only when there are several', () => {
    expect(layers(cpuUsageSpec(rec('web'))).some((l) => l.mark.type === 'area')).toBe(true);
    expect(layers(cpuUsageSpec(rec('db'))).some((l) => l.mark.type === 'area')).toBe(false);
  });

  it('keeps the usage line\'s peak when it thins out a long series', () => {
    const line = values(layers(cpuUsageSpec(rec('web'))).find((l) => l.mark.type === 'line')!);
    expect(line.length).toBeLessThanOrEqual(400);
    expect(Math.max(...line.map((v) => v.max))).toBeCloseTo(rec('web').evidence.cpuMaxCores, 3);
  });
});

describe('downsampleBands', () => {
  it('merges runs of steps, keeping each run\'s least and most', () => {
    const bands = Array.from({ length: 10 }, (_, i) => ({ tMs: i, min: i, max: i === 7 ? 100 : i }));
    expect(downsampleBands(bands, 4)).toEqual([
      { tMs: 0, min: 0, max: 2 },
      { tMs: 3, min: 3, max: 5 },
      { tMs: 6, min: 6, max: 100 },
      { tMs: 9, min: 9, max: 9 },
    ]);
    expect(downsampleBands(bands, 10)).toEqual(bands);
  });
});
