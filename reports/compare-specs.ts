// Charts of a baseline-vs-candidate comparison: the ratio per metric with its 95% range against the
// tolerance band; a latency metric's distribution in both runs overlaid; and the capacity figures
// of both hosts side by side.
import type { TopLevelSpec } from 'vega-lite';
import type { HostComparison, InventoryComparison, MetricComparison } from '../analyzers/compare.js';
import type { Inventory } from '../agents/inventory/types.js';
import { msToUnit } from '../analyzers/percentile-noise.js';
import { CHART_HEIGHT, CHART_WIDTH, COLORS, CONFIG, VEGA_LITE_SCHEMA, round, withHalo } from './chart-common.js';
import { percentileSpectrum } from './distribution-spec.js';
import { ETCD_FDATASYNC_P99_MS, FDATASYNC_METRIC, formatFactor, formatRatio } from './compare-summary.js';

const ROW_HEIGHT = 28;
export const VERDICT_COLORS = { better: COLORS.slo, same: '#8a9bb0', worse: COLORS.saturation } as const;
export const RUN_COLORS = { baseline: '#8a8a8a', candidate: COLORS.measured } as const;
const BAND_COLOR = '#e3e9f1';
/** Candidate ticks for the ratio axis; those inside the domain are shown. */
const RATIO_TICKS = [0.1, 0.2, 0.25, 0.33, 0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4, 5, 10];

function metricRowName(m: MetricComparison, several: boolean): string {
  return several ? `${m.bench}/${m.name}` : m.name;
}

/** Beyond 20× either way the axis would squash every other metric; longer ranges are cut at the edge. */
const MAX_REACH = Math.log(20);

/** Log domain symmetric around 1 that holds every ratio, range and band (up to 20×), plus room on the right for the labels. */
function ratioDomain(values: number[]): [number, number] {
  const reach = Math.min(MAX_REACH, Math.max(Math.log(1.1), ...values.filter((v) => v > 0 && Number.isFinite(v)).map((v) => Math.abs(Math.log(v))))) * 1.15;
  return [round(Math.exp(-reach), 4), round(Math.exp(reach * 1.45), 4)];
}

const clampTo = (domain: [number, number], x: number): number => Math.min(domain[1], Math.max(domain[0], x));

/** Ticks inside the domain, outward from 1, dropping any closer than 6% of the axis to the last one kept. */
function ratioTicks(domain: [number, number]): number[] {
  const minGap = 0.06 * Math.log(domain[1] / domain[0]);
  const inside = RATIO_TICKS.filter((t) => t >= domain[0] && t <= domain[1]);
  const kept = [1];
  for (const side of [inside.filter((t) => t > 1), inside.filter((t) => t < 1).reverse()]) {
    let last = 1;
    for (const t of side) {
      if (Math.abs(Math.log(t / last)) >= minGap) {
        kept.push(t);
        last = t;
      }
    }
  }
  return kept.sort((a, b) => a - b);
}

/** Horizontal bars from 1 to each metric's ratio (> 1 is better), its 95% range as an error bar, over its tolerance band. */
export function compareRatioSpec(comparison: HostComparison): TopLevelSpec {
  const several = new Set(comparison.metrics.map((m) => m.bench)).size > 1;
  const rows = comparison.metrics.filter((m) => Number.isFinite(m.ratio) && m.ratio > 0).map((m) => ({
    metric: metricRowName(m, several),
    ratio: round(m.ratio, 5),
    lo: m.range ? round(m.range[0], 5) : null,
    hi: m.range ? round(m.range[1], 5) : null,
    tolLo: round(1 - m.tolerance, 5),
    tolHi: round(1 + m.tolerance, 5),
    one: 1,
    verdict: m.verdict,
    range: m.range ? `${m.range[0].toFixed(3)}–${m.range[1].toFixed(3)}` : 'none',
    label: `${formatRatio(m.ratio)} ${m.verdict}`,
  }));
  const metrics = rows.map((r) => r.metric);
  const domain = ratioDomain(rows.flatMap((r) => [r.ratio, r.tolLo, r.tolHi, r.lo ?? 1, r.hi ?? 1]));
  // Drawn positions stay inside the axis (a range from 0 or to 40× is cut at the edge; the tooltip keeps the figures).
  for (const r of rows) {
    r.ratio = clampTo(domain, r.ratio);
    if (r.lo !== null) r.lo = clampTo(domain, r.lo);
    if (r.hi !== null) r.hi = clampTo(domain, r.hi);
  }
  const y = { field: 'metric', type: 'nominal' as const, sort: metrics, title: null, axis: { labelFontSize: 11, labelLimit: 200 } };
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: 'ratio (> 1: candidate better)',
    scale: { type: 'log' as const, domain },
    axis: { values: ratioTicks(domain), labelExpr: "format(datum.value, '.3~g') + '×'" },
  });
  const withRange = rows.filter((r) => r.lo !== null);
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CONFIG,
    width: CHART_WIDTH,
    height: ROW_HEIGHT * Math.max(1, rows.length),
    layer: [
      { data: { values: rows }, mark: { type: 'rect', color: BAND_COLOR }, encoding: { y, x: x('tolLo'), x2: { field: 'tolHi' } } },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule', color: '#555', strokeWidth: 1 }, encoding: { x: x('one') } },
      {
        data: { values: rows },
        mark: { type: 'bar', height: ROW_HEIGHT * 0.45 },
        encoding: {
          y,
          x: x('ratio'),
          x2: { field: 'one' },
          color: { field: 'verdict', type: 'nominal', title: 'verdict', scale: { domain: Object.keys(VERDICT_COLORS), range: Object.values(VERDICT_COLORS) }, legend: { orient: 'bottom' } },
          tooltip: [
            { field: 'metric', type: 'nominal' },
            { field: 'label', type: 'nominal', title: 'ratio' },
            { field: 'range', type: 'nominal', title: '95% range' },
          ],
        },
      },
      { data: { values: withRange }, mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: { y, x: x('lo'), x2: { field: 'hi' } } },
      { data: { values: withRange }, mark: { type: 'tick', color: '#222', thickness: 1.5, size: ROW_HEIGHT * 0.45 }, encoding: { y, x: x('lo') } },
      { data: { values: withRange }, mark: { type: 'tick', color: '#222', thickness: 1.5, size: ROW_HEIGHT * 0.45 }, encoding: { y, x: x('hi') } },
      ...withHalo({
        data: { values: rows.map((r) => ({ ...r, at: domain[1] })) },
        mark: { type: 'text', align: 'right', fontSize: 11 },
        encoding: { y, x: x('at'), text: { field: 'label' }, color: { field: 'verdict', type: 'nominal', scale: { domain: Object.keys(VERDICT_COLORS), range: Object.values(VERDICT_COLORS) } } },
      }),
    ],
  };
}

/** Axis ticks at 0%, 50%, 90%, 99% … up to what the data reaches (as in distribution-spec). */
function tailTicks(maxRatio: number): number[] {
  const ticks = [1, 2];
  for (let r = 10; r <= maxRatio * 1.0001; r *= 10) ticks.push(r);
  return ticks;
}

/** Latency by percentile of every operation in both runs, overlaid; etcd's 10 ms p99 as a diamond for fdatasync. */
export function compareDistributionSpec(m: MetricComparison): TopLevelSpec {
  const lines = (['baseline', 'candidate'] as const).flatMap((run) => {
    const h = m[run].histogram;
    return h ? percentileSpectrum(h).map((pt) => ({ run, ...pt })) : [];
  });
  const limitMs = m.name === FDATASYNC_METRIC ? limitInMs(m) : null;
  const objectives = limitMs === null ? [] : [{ tailRatio: 100, limitMs, label: `etcd: p99 ≤ ${formatFactor(limitMs)}\u202fms` }];
  const maxRatio = Math.max(100, ...lines.map((p) => p.tailRatio));
  const x = {
    field: 'tailRatio',
    type: 'quantitative' as const,
    title: 'percentile',
    scale: { type: 'log' as const, domain: [1, maxRatio] },
    axis: { values: tailTicks(maxRatio), labelExpr: "format(100 - 100 / datum.value, '.6~f') + '%'" },
  };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: 'latency (ms)', scale: { type: 'log' as const }, axis: { format: '~g' } });
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CONFIG,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 1.8, interpolate: 'linear' },
        encoding: {
          x,
          y: y('latencyMs'),
          color: { field: 'run', type: 'nominal', title: null, scale: { domain: Object.keys(RUN_COLORS), range: Object.values(RUN_COLORS) }, legend: { orient: 'bottom', symbolType: 'stroke' } },
          tooltip: [
            { field: 'run', type: 'nominal' },
            { field: 'percentile', type: 'quantitative', title: 'percentile (%)', format: '.4~f' },
            { field: 'latencyMs', type: 'quantitative', title: 'latency (ms)', format: ',.3~f' },
          ],
        },
      },
      ...(objectives.length && lines.length
        ? [
            { data: { values: objectives }, mark: { type: 'point' as const, shape: 'diamond', filled: true, size: 90, color: COLORS.saturation }, encoding: { x, y: y('limitMs') } },
            ...withHalo({
              data: { values: objectives },
              mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -6, dy: -4, fontSize: 11, color: COLORS.saturation },
              encoding: { x, y: y('limitMs'), text: { field: 'label' } },
            }),
          ]
        : []),
    ],
  };
}

/** The guidance limit in ms: the metric's own when it has one (in its unit), else etcd's 10 ms. */
function limitInMs(m: MetricComparison): number | null {
  const factor = msToUnit(m.unit);
  const limit = m.candidate.guidance?.limit ?? m.baseline.guidance?.limit;
  if (limit !== undefined) return factor === null ? null : limit / factor;
  return ETCD_FDATASYNC_P99_MS;
}

interface CapacityFigure {
  field: string;
  label: string;
  read: (inv: Inventory) => number | null;
  format: (x: number) => string;
}

const GIB = 1024 ** 3;
const CAPACITY: CapacityFigure[] = [
  { field: 'cpu.threads', label: 'logical CPUs', read: (i) => i.cpu.threads, format: String },
  { field: 'cpu.cores', label: 'physical cores', read: (i) => i.cpu.cores, format: String },
  { field: 'cpu.availableCpus', label: 'CPUs available', read: (i) => (i.cpu as Inventory['cpu'] & { availableCpus?: number | null }).availableCpus ?? null, format: String },
  { field: 'cgroup.cpuQuota', label: 'CPU quota', read: (i) => i.cgroup.cpuQuota?.cpus ?? null, format: (x) => `${round(x, 3)} CPUs` },
  { field: 'cpu.numaNodes', label: 'NUMA nodes', read: (i) => i.cpu.numaNodes, format: String },
  { field: 'cpu.maxMhz', label: 'max clock', read: (i) => Math.max(0, ...i.cpu.frequencyPolicies.map((p) => p.maxMhz ?? 0)) || null, format: (x) => `${x} MHz` },
  { field: 'cpu.cpuinfoMhz', label: 'clock (cpuinfo)', read: (i) => (i.cpu.cpuinfoMhz === null ? null : Math.round(i.cpu.cpuinfoMhz)), format: (x) => `${x} MHz` },
  { field: 'memory.totalBytes', label: 'memory', read: (i) => i.memory.totalBytes, format: (x) => `${(x / GIB).toFixed(1)} GiB` },
  { field: 'cgroup.memoryLimitBytes', label: 'memory limit', read: (i) => i.cgroup.memoryLimitBytes, format: (x) => `${(x / GIB).toFixed(1)} GiB` },
];

/** Grouped bars per capacity figure (CPUs, cores, quota, memory …), each as a share of the larger host's; differences drawn solid. */
export function compareInventorySpec(inventory: InventoryComparison): TopLevelSpec {
  const differs = new Set(inventory.rows.filter((r) => r.differs).map((r) => r.field));
  const values = CAPACITY.flatMap((f) => {
    const b = f.read(inventory.baseline);
    const c = f.read(inventory.candidate);
    if (b === null && c === null) return [];
    const top = Math.max(b ?? 0, c ?? 0) || 1;
    return (['baseline', 'candidate'] as const).map((run) => {
      const v = run === 'baseline' ? b : c;
      return { figure: f.label, run, share: v === null ? 0 : round(v / top, 4), label: v === null ? 'unknown' : f.format(v), differs: differs.has(f.field) };
    });
  });
  const figures = [...new Set(values.map((v) => v.figure))];
  const y = { field: 'figure', type: 'nominal' as const, sort: figures, title: null, axis: { labelFontSize: 11 } };
  const yOffset = { field: 'run', type: 'nominal' as const, sort: ['baseline', 'candidate'] };
  const x = { field: 'share', type: 'quantitative' as const, title: 'share of the larger of the two', scale: { domain: [0, 1.35] }, axis: { format: '.0%', values: [0, 0.25, 0.5, 0.75, 1] } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CONFIG,
    width: CHART_WIDTH,
    height: { step: 14 },
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          y,
          yOffset,
          x,
          color: { field: 'run', type: 'nominal', title: null, scale: { domain: Object.keys(RUN_COLORS), range: Object.values(RUN_COLORS) }, legend: { orient: 'bottom' } },
          opacity: { condition: { test: 'datum.differs', value: 1 }, value: 0.4 },
          tooltip: [
            { field: 'figure', type: 'nominal' },
            { field: 'run', type: 'nominal' },
            { field: 'label', type: 'nominal', title: 'value' },
          ],
        },
      },
      {
        data: { values },
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: '#333' },
        encoding: { y, yOffset, x, text: { field: 'label' } },
      },
    ],
  };
}
