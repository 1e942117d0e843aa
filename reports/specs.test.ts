// Every chart spec the report emits, held to the vega-lite JSON schema, compiled by vega-lite with no
// warnings, parsed by vega and run headless to SVG; plus what each chart must show.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchResult, RunResult } from '../scenarios/result.js';
import { chooseLoadScale } from './chart-common.js';
import { checkSpec, countMarks } from './check-spec.js';
import { distributionSpec } from './distribution-spec.js';
import { etcdCheckPerfBench, etcdPutBench, etcdWatchBench } from './etcd-fixtures.js';
import { closedBench, openBench, resourceSamples, sampleRun } from './fixtures.js';
import { latencySpec } from './latency-spec.js';
import { resourcesSpec } from './resources-spec.js';
import { throughputSpec } from './throughput-spec.js';
import type { JsonSchema } from './validate-json-schema.js';

const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as JsonSchema;

/** Every (nested) layer of a spec, so tests can find the layer that draws a given thing. */
function layersOf(spec: unknown): Array<Record<string, any>> {
  const s = spec as Record<string, any>;
  const children = [...(s.layer ?? []), ...(s.vconcat ?? [])];
  return [s, ...children.flatMap(layersOf)];
}

function valuesOf(layer: Record<string, any>): Array<Record<string, any>> {
  return layer.data?.values ?? [];
}

function keysDeep(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysDeep(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.add(k), keysDeep(x, out));
  return out;
}

const closed = closedBench();
const open = openBench();
const run = sampleRun();
const cases: Array<[string, () => TopLevelSpec]> = [
  ['throughput, closed model', () => throughputSpec(closed)],
  ['throughput, open model', () => throughputSpec(open)],
  ['latency, closed model', () => latencySpec(closed)],
  ['latency, open model', () => latencySpec(open)],
  ['distribution, closed model', () => distributionSpec(closed)],
  ['distribution, open model', () => distributionSpec(open)],
  ['throughput, etcd put ramp', () => throughputSpec(etcdPutBench())],
  ['throughput, etcd watch (open)', () => throughputSpec(etcdWatchBench())],
  ['latency, etcd put ramp', () => latencySpec(etcdPutBench())],
  ['latency, etcd watch', () => latencySpec(etcdWatchBench())],
  ['distribution, etcd watch delivery with an SLO', () => distributionSpec({ ...etcdWatchBench(), slo: { passed: true, capacity: null, breach: null, objectives: { p99: 20 } } }, { latencyTitle: 'delivery latency, put → event (ms)' })],
  ['resources', () => resourcesSpec(run)],
  ['resources without a target process', () => resourcesSpec({ ...run, resources: run.resources.map(({ proc: _p, ...s }) => s) })],
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
    expect(countMarks(checked.svg)).toBeGreaterThan(5);
  });

  it('carries its data inline and references no URL', () => {
    const keys = keysDeep(spec);
    expect(keys.has('url')).toBe(false);
    const { $schema, ...rest } = spec;
    expect($schema).toBe('https://vega.github.io/schema/vega-lite/v6.json'); // an identifier for editors; never fetched
    expect(JSON.stringify(rest).match(/"(https?|file|data):[^"]{0,40}/g)).toBeNull();
    expect(layersOf(spec).some((l) => valuesOf(l).length > 0)).toBe(true);
  });
});

describe('throughputSpec', () => {
  it('draws the USL curve only when there is a fit, and it follows the formula', () => {
    const withFit = layersOf(throughputSpec(closed)).filter((l) => valuesOf(l)[0]?.series === 'USL fit');
    expect(withFit).toHaveLength(1);
    const curve = valuesOf(withFit[0]!);
    expect(curve.length).toBeGreaterThan(50);
    const { lambda, sigma, kappa } = closed.usl!;
    for (const p of curve.filter((_, i) => i % 10 === 5)) {
      expect(p.throughput).toBeCloseTo((lambda * p.load) / (1 + sigma * (p.load - 1) + kappa * p.load * (p.load - 1)), 0);
    }
    expect(layersOf(throughputSpec({ ...closed, usl: null })).filter((l) => valuesOf(l)[0]?.series === 'USL fit')).toHaveLength(0);
  });

  it('extends the USL curve to a peak that lies beyond the last step', () => {
    const beyond: BenchResult = { ...closed, saturation: { ...closed.saturation, load: 100, range: [90, 110] } };
    const curve = layersOf(throughputSpec(beyond)).find((l) => valuesOf(l)[0]?.series === 'USL fit')!;
    expect(Math.max(...valuesOf(curve).map((p) => p.load))).toBeCloseTo(110, 6);
  });

  it('marks saturation with a rule, a band over its range and a label naming the limit', () => {
    const layers = layersOf(throughputSpec(closed));
    const band = layers.find((l) => valuesOf(l)[0]?.lo !== undefined);
    expect(valuesOf(band!)[0]).toEqual({ lo: 44, hi: 54 });
    const labels = layers.flatMap((l) => valuesOf(l).map((v) => v.label)).filter(Boolean);
    expect(labels).toContain('saturation 48 (USL peak)');
    expect(labels).toContain('SLO met up to 32');
  });

  it('leaves out the saturation marker when saturation was not reached', () => {
    const b: BenchResult = { ...closed, saturation: { ...closed.saturation, limitedBy: 'not-reached' } };
    const labels = layersOf(throughputSpec(b)).flatMap((l) => valuesOf(l).map((v) => v.label)).filter(Boolean);
    expect(labels.some((l: string) => l.startsWith('saturation'))).toBe(false);
  });

  it('labels the x axis by load model and draws y = x for the open model only', () => {
    const openSpec = JSON.stringify(throughputSpec(open));
    expect(openSpec).toContain('"offered rate (req/s)"');
    const offered = layersOf(throughputSpec(open)).find((l) => valuesOf(l)[0]?.series === 'offered load');
    expect(valuesOf(offered!).every((p) => p.load === p.throughput)).toBe(true);
    const closedSpec = JSON.stringify(throughputSpec(closed));
    expect(closedSpec).toContain('"title":"connections"');
    expect(closedSpec).not.toContain('offered load');
  });

  it('puts every step with its confidence interval in the data', () => {
    const steps = layersOf(throughputSpec(closed)).find((l) => l.mark?.type === 'errorbar');
    expect(valuesOf(steps!).map((v) => [v.load, v.ciLow <= v.throughput && v.throughput <= v.ciHigh])).toEqual(closed.steps.map((s) => [s.load, true]));
  });
});

describe('latencySpec', () => {
  it('has one line per percentile and a rule per SLO latency objective', () => {
    const layers = layersOf(latencySpec(open));
    const line = layers.find((l) => l.mark?.type === 'line')!;
    expect(new Set(valuesOf(line).map((v) => v.percentile))).toEqual(new Set(['p50', 'p90', 'p95', 'p99', 'p99.9', 'max']));
    const rules = layers.find((l) => l.mark?.type === 'rule' && valuesOf(l)[0]?.limitMs !== undefined)!;
    expect(valuesOf(rules).map((v) => [v.percentile, v.limitMs])).toEqual([['p50', 10], ['p99', 50]]);
  });

  it('uses a log latency axis and leaves out zero latencies it cannot show', () => {
    const b: BenchResult = { ...closed, steps: closed.steps.map((s, i) => (i === 0 ? { ...s, latencyMs: { ...s.latencyMs, p50: 0 } } : s)) };
    const spec = latencySpec(b);
    expect(JSON.stringify(spec)).toContain('"type":"log"');
    const line = layersOf(spec).find((l) => l.mark?.type === 'line')!;
    expect(valuesOf(line).every((v) => v.latencyMs > 0)).toBe(true);
  });
});

describe('load axes and wording by bench kind', () => {
  async function xDomain(spec: TopLevelSpec): Promise<number[]> {
    const view = new View(parse(compile(spec).spec), { renderer: 'none' });
    await view.runAsync();
    const domain = view.scale('x').domain() as number[];
    view.finalize();
    return domain;
  }

  it('ends a log load axis at the last step, not at the next power of ten', async () => {
    const put = etcdPutBench();
    expect(chooseLoadScale(put.steps.map((s) => s.load))).toBe('log');
    expect(await xDomain(latencySpec(put))).toEqual([1, 128]);
    expect(await xDomain(throughputSpec(put))).toEqual([1, 128]);
  });

  it('words etcd axes in clients and ops/s, HTTP ones in connections and req/s', () => {
    const put = JSON.stringify([throughputSpec(etcdPutBench()), latencySpec(etcdPutBench())]);
    expect(put).toContain('"title":"clients"');
    expect(put).toContain('"throughput (ops/s)"');
    expect(put).not.toMatch(/req\/s|connections/);
    expect(JSON.stringify(throughputSpec(etcdCheckPerfBench()))).toContain('"offered rate (ops/s)"');
    expect(JSON.stringify(distributionSpec(etcdWatchBench()))).toContain('"title":"ops/s"');
    expect(JSON.stringify(throughputSpec(closed))).toContain('"throughput (req/s)"');
    expect(JSON.stringify(distributionSpec(closed))).toContain('"title":"connections"');
  });

  it('titles the distribution latency as asked, on the axis and in the tooltip', () => {
    const spec = JSON.stringify(distributionSpec(etcdWatchBench(), { latencyTitle: 'delivery latency, put → event (ms)' }));
    expect(spec.split('"delivery latency, put → event (ms)"')).toHaveLength(3);
    expect(spec).not.toContain('"latency (ms)"');
  });
});

describe('resourcesSpec', () => {
  it('has a panel per resource, with the target process panels only when sampled', () => {
    const titles = (r: RunResult) => ((resourcesSpec(r) as any).vconcat as any[]).map((p) => p.title.text);
    expect(titles(run)).toEqual(['CPU (cores busy, of 2)', 'memory used (host)', 'target process RSS', 'network', 'disk']);
    const noProc = { ...run, resources: resourceSamples(run.benches).map(({ proc: _p, ...s }) => s) };
    expect(titles(noProc)).toEqual(['CPU (cores busy, of 2)', 'memory used (host)', 'network', 'disk']);
  });

  it('draws host and target CPU in cores busy, from their different percent conventions', () => {
    const r: RunResult = { ...run, host: { ...run.host, cpus: 4 }, resources: [{ ...run.resources[0]!, tMs: 0, cpuPercent: 50, proc: { pid: 1, cpuPercent: 150, rssBytes: 1 } }] };
    const cpu = ((resourcesSpec(r) as any).vconcat[0].layer as any[]).find((l) => l.mark.type === 'line');
    expect(cpu.data.values.map((v: any) => [v.series, v.value])).toEqual([['host', 2], ['target process', 1.5]]);
    expect(cpu.encoding.y.scale.domain).toEqual([0, 4]);
  });

  it('draws a rule at every step start, on the time axis of the samples', () => {
    const spec = resourcesSpec(run) as any;
    const rules = (spec.vconcat[0].layer as any[]).find((l) => l.mark.type === 'rule');
    const t0 = run.resources[0]!.tMs;
    const expected = run.benches.flatMap((b) => b.steps.map((s) => (s.startedAtMs - t0) / 1000));
    expect(rules.data.values.map((v: any) => v.tS)).toEqual(expected);
  });
});
