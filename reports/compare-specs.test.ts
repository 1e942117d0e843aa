// The compare charts held to the report checks: the vega-lite JSON schema, vega-lite's compiler and
// vega's parser with no warnings, a headless render; plus what each chart must show.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareHostResults, type HostComparison } from '../analyzers/compare.js';
import { checkSpec, countMarks } from './check-spec.js';
import { newHostPair, pinnedPair, syntheticHostRun } from './compare-fixtures.js';
import { compareDistributionSpec, compareInventorySpec, compareRatioSpec } from './compare-specs.js';
import type { JsonSchema } from './validate-json-schema.js';

const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as JsonSchema;

const compare = (pair: { baseline: Parameters<typeof compareHostResults>[0]; candidate: Parameters<typeof compareHostResults>[1] }): HostComparison =>
  compareHostResults(pair.baseline, pair.candidate, { tolerance: 0.05 });
const newHost = compare(newHostPair(3));
const pinned = compare(pinnedPair(1));
const fsync = (c: HostComparison) => c.metrics.find((m) => m.name === 'disk.fdatasync.p99')!;
const oneRepeat = compare({ baseline: syntheticHostRun({ seed: 1, repeats: 1, omit: ['disk.fdatasync.p99'] }), candidate: syntheticHostRun({ seed: 2, repeats: 1, omit: ['disk.fdatasync.p99'] }) });

/** Name, builder, and the fewest marks the chart must draw. */
const cases: Array<[string, () => TopLevelSpec, number]> = [
  ['ratios, new host', () => compareRatioSpec(newHost), 11 * 3 + 11 * 2],
  ['ratios, pinned', () => compareRatioSpec(pinned), 11 * 3],
  ['ratios, no ranges (one repeat)', () => compareRatioSpec(oneRepeat), 10 * 2],
  ['fdatasync distributions', () => compareDistributionSpec(fsync(newHost)), 2 + 1],
  ['inventory, new host', () => compareInventorySpec(newHost.inventory!), 2 * 5],
  ['inventory, pinned', () => compareInventorySpec(pinned.inventory!), 2 * 6],
];

/** Every (nested) layer of a spec. */
function layersOf(spec: unknown): Array<Record<string, any>> {
  const s = spec as Record<string, any>;
  return [s, ...(s.layer ?? []).flatMap(layersOf)];
}
const valuesOf = (layer: Record<string, any>): Array<Record<string, any>> => layer.data?.values ?? [];

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
    expect(JSON.stringify(rest).match(/"(url|https?:|file:|data:)[^"]{0,40}/g)).toBeNull();
  });
});

describe('compareRatioSpec', () => {
  it('has a bar, a range and a tolerance band per metric, on a log axis that holds them all', () => {
    const spec = compareRatioSpec(pinned);
    const layers = layersOf(spec);
    const bars = valuesOf(layers.find((l) => l.mark?.type === 'bar')!);
    const multi = bars.find((b) => b.metric === 'cpu.multi')!;
    expect(multi).toMatchObject({ verdict: 'worse', one: 1, tolLo: 0.95, tolHi: 1.05, label: expect.stringMatching(/^0\.5\d× worse$/) });
    expect(multi.lo).toBeLessThan(multi.ratio);
    expect(multi.hi).toBeGreaterThan(multi.ratio);
    expect(bars.find((b) => b.metric === 'disk.fdatasync.p99')).toMatchObject({ tolLo: 0.8, tolHi: 1.2 });
    const band = layers.find((l) => l.mark?.type === 'rect')!;
    expect(band.encoding.x.field).toBe('tolLo');
    expect(band.encoding.x2.field).toBe('tolHi');
    const domain = band.encoding.x.scale.domain as [number, number];
    expect(band.encoding.x.scale.type).toBe('log');
    for (const b of bars) {
      expect(domain[0]).toBeLessThan(Math.min(b.ratio, b.lo ?? 1, b.tolLo));
      expect(domain[1]).toBeGreaterThan(Math.max(b.ratio, b.hi ?? 1, b.tolHi));
    }
    expect(layers.filter((l) => l.mark?.type === 'tick').every((l) => valuesOf(l).length === 11)).toBe(true);
  });

  it('leaves out the error bars of metrics without a range', () => {
    const layers = layersOf(compareRatioSpec(oneRepeat));
    expect(valuesOf(layers.find((l) => l.mark?.type === 'bar')!)).toHaveLength(10);
    expect(layers.filter((l) => l.mark?.type === 'tick').map((l) => valuesOf(l).length)).toEqual([0, 0]);
  });
});

describe('compareDistributionSpec', () => {
  it('overlays both runs by percentile and marks etcd\'s 10 ms at p99', () => {
    const layers = layersOf(compareDistributionSpec(fsync(newHost)));
    const lines = valuesOf(layers.find((l) => l.mark?.type === 'line')!);
    expect(new Set(lines.map((p) => p.run))).toEqual(new Set(['baseline', 'candidate']));
    const p99 = (run: string) => lines.find((p) => p.run === run && p.tailRatio === 100)!.latencyMs;
    expect(p99('candidate') / p99('baseline')).toBeGreaterThan(3);
    expect(valuesOf(layers.find((l) => l.mark?.type === 'point')!)).toEqual([{ tailRatio: 100, limitMs: 10, label: 'etcd: p99 ≤ 10\u202fms' }]);
  });
});

describe('compareInventorySpec', () => {
  it('puts each capacity figure of both hosts side by side and marks the differences', () => {
    const values = valuesOf(layersOf(compareInventorySpec(pinned.inventory!)).find((l) => l.mark?.type === 'bar')!);
    expect(values.filter((v) => v.figure === 'CPUs available')).toEqual([
      { figure: 'CPUs available', run: 'baseline', share: 1, label: '2', differs: true },
      { figure: 'CPUs available', run: 'candidate', share: 0.5, label: '1', differs: true },
    ]);
    expect(values.filter((v) => v.figure === 'logical CPUs').map((v) => [v.share, v.differs])).toEqual([[1, false], [1, false]]);
    expect(values.some((v) => v.figure === 'CPU quota')).toBe(false);
  });
});

describe('compareRatioSpec with extreme ranges', () => {
  it('cuts a range reaching 0 or beyond 20× at the edge of the axis, keeping the figures in the tooltip', async () => {
    const noisy = compare({
      baseline: syntheticHostRun({ seed: 1, noise: 40, omit: ['disk.fdatasync.p99'] }),
      candidate: syntheticHostRun({ seed: 2, noise: 40, omit: ['disk.fdatasync.p99'] }),
    });
    expect(noisy.metrics.some((m) => m.range?.[0] === 0)).toBe(true);
    const spec = compareRatioSpec(noisy);
    const layers = layersOf(spec);
    const band = layers.find((l) => l.mark?.type === 'rect')!;
    const [lo, hi] = band.encoding.x.scale.domain as [number, number];
    expect(lo).toBeGreaterThan(0.02);
    for (const r of valuesOf(layers.find((l) => l.mark?.type === 'bar')!)) {
      for (const x of [r.ratio, r.lo, r.hi].filter((v) => v !== null)) expect(x >= lo && x <= hi).toBe(true);
    }
    const checked = await checkSpec(spec, schema);
    expect(checked.logged).toEqual([]);
  });
});
