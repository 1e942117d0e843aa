// The etcd charts held to the same checks as every other spec: vega-lite JSON schema, compiled and
// run headless with no warnings, marks drawn, data inline; plus what each must show.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../scenarios/result.js';
import { checkSpec, countMarks } from './check-spec.js';
import { etcdCheckPerfBench, etcdPutBench, etcdWatchBench } from './etcd-fixtures.js';
import { etcdLatencyPoints, etcdServerLatencySpec } from './etcd-server-spec.js';
import { etcdWatchDeliverySpec } from './etcd-watch-spec.js';
import type { JsonSchema } from './validate-json-schema.js';

const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as JsonSchema;

const put = etcdPutBench();
const checkM = etcdCheckPerfBench();
const watch = etcdWatchBench();
const noServer: BenchResult = { ...put, steps: put.steps.map(({ server: _s, ...s }) => s) };

function layersOf(spec: unknown): Array<Record<string, any>> {
  const s = spec as Record<string, any>;
  return [s, ...(s.layer ?? []).flatMap(layersOf)];
}
const valuesOf = (l: Record<string, any>): Array<Record<string, any>> => l.data?.values ?? [];

const cases: Array<[string, () => TopLevelSpec]> = [
  ['client vs server latency, closed put ramp', () => etcdServerLatencySpec(put)],
  ['client vs server latency, one check-perf step', () => etcdServerLatencySpec(checkM)],
  ['client vs server latency, no server metrics', () => etcdServerLatencySpec(noServer)],
  ['watch delivery distribution', () => etcdWatchDeliverySpec(watch)],
];

describe.each(cases)('%s spec', (_name, build) => {
  let spec: TopLevelSpec;
  let checked: Awaited<ReturnType<typeof checkSpec>>;
  beforeAll(async () => {
    spec = build();
    checked = await checkSpec(spec, schema);
  });

  it('is valid against the vega-lite JSON schema', () => {
    expect(checked.schemaIssues).toEqual([]);
  });

  it('compiles, parses and runs with no vega or vega-lite warnings', () => {
    expect(checked.logged).toEqual([]);
  });

  it('draws marks', () => {
    expect(countMarks(checked.svg)).toBeGreaterThan(2);
  });

  it('carries its data inline and references no URL', () => {
    const { $schema: _schema, ...rest } = spec;
    expect(JSON.stringify(rest).match(/"(https?|file|data):[^"]{0,40}/g)).toBeNull();
  });
});

describe('etcdServerLatencySpec', () => {
  it('has the client p50/p99 and both server p99s at every step', () => {
    const points = etcdLatencyPoints(put);
    expect(points).toHaveLength(put.steps.length * 4);
    const at64 = points.filter((p) => p.load === 64);
    const s64 = put.steps.find((s) => s.load === 64)!;
    expect(at64.find((p) => p.series === 'WAL fsync p99')!.latencyMs).toBeCloseTo(s64.server!.walFsyncMs!.p99, 2);
    expect(at64.find((p) => p.series === 'client p99')!).toMatchObject({ side: 'client', count: s64.latencyMs.count });
    expect(at64.find((p) => p.series === 'backend commit p99')!.side).toBe('server');
  });

  it('draws etcd\'s 10 ms and 25 ms guidance as rules only for server figures it has', () => {
    const rules = (b: BenchResult) => layersOf(etcdServerLatencySpec(b)).filter((l) => l.mark?.type === 'rule').flatMap(valuesOf).map((v) => v.limitMs);
    expect(rules(put)).toEqual([10, 25]);
    expect(rules(noServer)).toEqual([]);
    const walOnly: BenchResult = { ...put, steps: put.steps.map((s) => ({ ...s, server: { ...s.server!, backendCommitMs: null } })) };
    expect(rules(walOnly)).toEqual([10]);
  });

  it('leaves out what a log axis cannot show: no fsync in a step, zero latency', () => {
    const reads: BenchResult = { ...put, steps: put.steps.map((s) => ({ ...s, server: { ...s.server!, walFsyncMs: { count: 0, p50: 0, p99: 0, mean: 0 } } })) };
    expect(etcdLatencyPoints(reads).some((p) => p.series === 'WAL fsync p99')).toBe(false);
    const zero: BenchResult = { ...put, steps: [{ ...put.steps[0]!, latencyMs: { ...put.steps[0]!.latencyMs, p50: 0 } }] };
    expect(etcdLatencyPoints(zero).map((p) => p.series)).toEqual(['client p99', 'WAL fsync p99', 'backend commit p99']);
  });

  it('uses a log load axis for a doubling ramp and a log latency axis, worded in clients and ops/s', () => {
    const line = layersOf(etcdServerLatencySpec(put)).find((l) => l.mark?.type === 'line')!;
    expect(line.encoding.x.scale).toEqual({ type: 'log', nice: false });
    expect(line.encoding.y.scale).toEqual({ type: 'log' });
    expect(line.encoding.x.title).toBe('clients');
    expect(JSON.stringify(etcdServerLatencySpec(checkM))).toContain('"offered rate (ops/s)"');
  });

  it('ends the log load axis at the last step, not at the next power of ten', async () => {
    const view = new View(parse(compile(etcdServerLatencySpec(put)).spec), { renderer: 'none' });
    await view.runAsync();
    expect(view.scale('x').domain()).toEqual([1, 128]);
    view.finalize();
  });
});

describe('etcdWatchDeliverySpec', () => {
  it('draws one percentile line per step, reaching the tail each step resolves', () => {
    const values = valuesOf(etcdWatchDeliverySpec(watch) as Record<string, any>);
    expect(new Set(values.map((v) => v.load))).toEqual(new Set(watch.steps.map((s) => s.load)));
    for (const s of watch.steps) {
      const line = values.filter((v) => v.load === s.load);
      expect(line.at(-1)!.latencyMs).toBeCloseTo(s.latencyMs.max, 0);
      const p99 = line.find((v) => Math.abs(v.tailRatio - 100) < 1e-6)!;
      expect(p99.latencyMs / s.latencyMs.p99).toBeCloseTo(1, 2);
    }
  });
});
