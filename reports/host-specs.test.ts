// The host bench's chart specs held to the vega-lite schema, compiled and run headless with no
// warnings, and checked for what each must show.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeEncodedMs } from '../analyzers/histogram.js';
import type { HostBenchResult } from '../scenarios/result.js';
import { checkSpec, countMarks } from './check-spec.js';
import { sampleHostBench, slowDiskHostBench } from './host-fixtures.js';
import { hostLatencySpec, percentOf } from './host-latency-spec.js';
import { hostMetricsSpec, metricRowTitle } from './host-metrics-spec.js';
import type { JsonSchema } from './validate-json-schema.js';

const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as JsonSchema;

type Json = Record<string, any>;
const panels = (spec: TopLevelSpec): Json[] => (spec as Json).vconcat;
const valuesOf = (layer: Json): Json[] => layer.data?.values ?? [];

const bench = sampleHostBench();
/** One metric only, with identical repeats: a zero-width interval must still draw. */
const flat: HostBenchResult = { ...bench, metrics: [{ ...bench.metrics[0]!, repeats: [5, 5, 5], mean: 5, ci95: [5, 5], cv: 0 }] };

const cases: Array<[string, () => TopLevelSpec, number]> = [
  ['metrics', () => hostMetricsSpec(bench), 60],
  ['metrics, disk failing its guidance', () => hostMetricsSpec(slowDiskHostBench()), 60],
  ['metrics, one flat metric', () => hostMetricsSpec(flat), 5],
  ['fdatasync distribution', () => hostLatencySpec(bench), 3],
  ['fdatasync distribution, disk failing its guidance', () => hostLatencySpec(slowDiskHostBench()), 3],
];

describe.each(cases)('%s spec', (_name, build, minMarks) => {
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
    expect(countMarks(checked.svg)).toBeGreaterThanOrEqual(minMarks);
  });

  it('carries its data inline and references no URL', () => {
    const { $schema, ...rest } = spec;
    expect($schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(JSON.stringify(rest)).not.toMatch(/"url"|"(https?|file|data):/);
  });
});

describe('hostMetricsSpec', () => {
  const spec = hostMetricsSpec(bench);

  it('has one panel per metric, in run order, titled with its unit and direction', () => {
    expect(panels(spec).map((p) => p.title.text)).toEqual(bench.metrics.map((m) => metricRowTitle(m.name, m.unit, m.higherIsBetter)));
    expect(metricRowTitle('disk.fdatasync.p99', 'ms', false)).toBe('disk.fdatasync.p99 · ms, lower is better');
  });

  it('draws the mean, its 95% interval and every repeat of each metric on that metric\'s own axis', () => {
    panels(spec).forEach((p, i) => {
      const m = bench.metrics[i]!;
      const layers = p.layer as Json[];
      const bar = layers.find((l) => l.mark.type === 'bar')!;
      const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.abs(b) * 1e-4); // 5 significant digits inline
      near(valuesOf(bar)[0]!.mean, m.mean);
      const whisker = layers.find((l) => l.mark.type === 'rule' && l.encoding.x2)!;
      near(valuesOf(whisker)[0]!.lo, m.ci95[0]);
      near(valuesOf(whisker)[0]!.hi, m.ci95[1]);
      const dots = layers.find((l) => l.mark.type === 'point')!;
      expect(valuesOf(dots).map((d) => d.value)).toEqual(m.repeats.map((v) => Number(v.toPrecision(5))));
    });
    // Independent axes: each panel's scale is its own (no shared resolve across units).
    expect((spec as Json).resolve).toBeUndefined();
  });

  it('draws the guidance limit only on metrics that have one, inside the axis', () => {
    const withLimit = panels(spec).filter((p) => (p.layer as Json[]).some((l) => valuesOf(l)[0]?.limit !== undefined));
    expect(withLimit.map((p) => p.title.text)).toEqual([metricRowTitle('disk.fdatasync.p99', 'ms', false)]);
    const x = (withLimit[0]!.layer as Json[])[0]!.encoding.x;
    expect(x.scale.domainMax).toBeGreaterThan(10);
  });
});

describe('hostLatencySpec', () => {
  it('draws the pooled fdatasync distribution up to its slowest operation, and the p99 limit as a diamond at 10 ms', () => {
    const spec = hostLatencySpec(bench) as Json;
    const line = (spec.layer as Json[]).find((l) => l.mark.type === 'line')!;
    const pts = valuesOf(line);
    const fdatasync = bench.metrics.find((m) => m.name === 'disk.fdatasync.p99')!;
    const summary = summarizeEncodedMs(fdatasync.histogram!);
    expect(new Set(pts.map((p) => p.metric))).toEqual(new Set(['fdatasync']));
    expect(pts.at(-1)!.latencyMs).toBeCloseTo(summary.max, 2);
    expect(pts.at(-1)!.tailRatio).toBe(summary.count);
    const p99 = pts.find((p) => p.tailRatio === 100)!;
    expect(p99.latencyMs).toBeCloseTo(summary.p99, 2);
    const diamond = (spec.layer as Json[]).find((l) => l.mark.type === 'point')!;
    expect(valuesOf(diamond)).toEqual([{ metric: 'fdatasync', tailRatio: 100, limitMs: 10, label: 'p99\u202f≤\u202f10\u202fms' }]);
  });

  it('converts a limit in µs to the ms axis', () => {
    const b = sampleHostBench();
    const fd = b.metrics.find((m) => m.name === 'disk.fdatasync.p99')!;
    const inUs: HostBenchResult = { ...b, metrics: [{ ...fd, name: 'network.rtt.p999', unit: 'µs', guidance: { limit: 500, passed: true, text: 'ok' } }] };
    const diamond = ((hostLatencySpec(inUs) as Json).layer as Json[]).find((l) => l.mark.type === 'point')!;
    expect(valuesOf(diamond)[0]).toMatchObject({ tailRatio: 1000, limitMs: 0.5 });
  });

  it('reads the percentile from the metric id as our ids write it', () => {
    expect([percentOf('disk.fdatasync.p99'), percentOf('x.p50'), percentOf('x.p999'), percentOf('x.p9999'), percentOf('network.rtt'), percentOf('x.p00')]).toEqual([99, 50, 99.9, 99.99, null, null]);
  });
});
