// One container's usage over the window, for the right-sizing report: the spread across its replicas
// at each step (band) with the busiest replica as a line, the percentile band the recommendation is
// read from (p50–p95 for CPU, p50–peak for memory) shaded across the chart, and the current and
// recommended request/limit as horizontal rules, so "how far is the request from what it uses" is
// seen at a glance.
import type { TopLevelSpec } from 'vega-lite';
import type { ContainerRecommendation, UsageBand } from '../analyzers/right-size-types.js';
import { CHART_WIDTH, CONFIG, VEGA_LITE_SCHEMA, round, type Layer } from './chart-common.js';

const MIB = 1024 ** 2;
/** Enough to show a daily pattern over weeks without making a report with many containers heavy. */
const MAX_POINTS = 400;
const HEIGHT = 180;

const LINES = ['current request', 'current limit', 'recommended request', 'recommended limit'] as const;
const LINE_COLORS = ['#8a8a8a', '#c0392b', '#1e8449', '#e08a00'];
const USAGE_COLOR = '#1f5fa8';

/** At most `max` bands: consecutive steps merged, keeping the least and the most of each run, so no peak is lost. */
export function downsampleBands(bands: readonly UsageBand[], max = MAX_POINTS): UsageBand[] {
  if (bands.length <= max) return [...bands];
  const size = Math.ceil(bands.length / max);
  const out: UsageBand[] = [];
  for (let i = 0; i < bands.length; i += size) {
    const run = bands.slice(i, i + size);
    out.push({ tMs: run[0]!.tMs, min: Math.min(...run.map((b) => b.min)), max: Math.max(...run.map((b) => b.max)) });
  }
  return out;
}

/** Tooltips show text: vega formats times in the reader's zone, the report speaks UTC. */
function utcText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

interface Panel {
  title: string;
  unit: string;
  scale: number;
  bands: readonly UsageBand[];
  percentileBand: { lo: number; hi: number; label: string };
  lines: Array<number | null>;
  replicas: number;
}

function usageSpec(p: Panel): TopLevelSpec {
  const bands = downsampleBands(p.bands).map((b) => ({ t: b.tMs, time: utcText(b.tMs), min: round(b.min / p.scale), max: round(b.max / p.scale) }));
  const t0 = bands[0]?.t ?? 0;
  const t1 = bands[bands.length - 1]?.t ?? t0;
  const x = { field: 't', type: 'temporal' as const, title: null, scale: { type: 'utc' as const }, axis: { format: '%b %d %H:%M', labelAngle: 0, tickCount: 5, labelOverlap: 'greedy' as const, labelSeparation: 12 } };
  const y = { type: 'quantitative' as const, title: p.unit, scale: { zero: true }, axis: { format: '~r', tickCount: 5 } };
  const lines = LINES.flatMap((name, i) => {
    const v = p.lines[i];
    return v === null || v === undefined ? [] : [{ line: name, value: round(v / p.scale) }];
  });

  const layers: Layer[] = [
    {
      data: { values: [{ t: t0, t2: t1, lo: round(p.percentileBand.lo / p.scale), hi: round(p.percentileBand.hi / p.scale), label: p.percentileBand.label }] },
      mark: { type: 'rect', color: USAGE_COLOR, opacity: 0.12 },
      encoding: {
        x: { ...x },
        x2: { field: 't2' },
        y: { ...y, field: 'lo' },
        y2: { field: 'hi' },
        tooltip: [{ field: 'label', type: 'nominal', title: 'band' }, { field: 'lo', type: 'quantitative', title: `from (${p.unit})`, format: ',.3~r' }, { field: 'hi', type: 'quantitative', title: `to (${p.unit})`, format: ',.3~r' }],
      },
    },
  ];
  if (p.replicas > 1) {
    layers.push({
      data: { values: bands },
      mark: { type: 'area', color: USAGE_COLOR, opacity: 0.25, interpolate: 'step-after' },
      encoding: { x, y: { ...y, field: 'min' }, y2: { field: 'max' } },
    });
  }
  layers.push({
    data: { values: bands },
    mark: { type: 'line', color: USAGE_COLOR, strokeWidth: 1.2, interpolate: 'step-after' },
    encoding: {
      x,
      y: { ...y, field: 'max' },
      tooltip: [
        { field: 'time', type: 'nominal', title: 'time' },
        { field: 'max', type: 'quantitative', title: `busiest replica (${p.unit})`, format: ',.3~r' },
        { field: 'min', type: 'quantitative', title: `least busy replica (${p.unit})`, format: ',.3~r' },
      ],
    },
  });
  if (lines.length) {
    layers.push({
      data: { values: lines },
      mark: { type: 'rule', strokeWidth: 2 },
      encoding: {
        y: { ...y, field: 'value' },
        color: { field: 'line', type: 'nominal', title: null, scale: { domain: [...LINES], range: LINE_COLORS }, legend: { orient: 'bottom', symbolType: 'stroke', direction: 'horizontal' } },
        // Same field as the colour, so the two merge into one legend that shows the dashes too.
        strokeDash: { field: 'line', type: 'nominal', scale: { domain: [...LINES], range: [[4, 3], [4, 3], [1, 0], [1, 0]] } },
        tooltip: [{ field: 'line', type: 'nominal', title: 'line' }, { field: 'value', type: 'quantitative', title: p.unit, format: ',.3~r' }],
      },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CONFIG,
    title: { text: p.title, fontSize: 12 },
    width: CHART_WIDTH,
    height: HEIGHT,
    layer: layers,
  };
}

/** CPU in cores: the busiest replica's 5-minute rate over time, its p50–p95 band, requests and limits. */
export function cpuUsageSpec(rec: ContainerRecommendation, percentile = 0.95): TopLevelSpec {
  const q = Math.round(percentile * 1000) / 10;
  return usageSpec({
    title: `CPU (cores), ${rec.pods.length} pod${rec.pods.length === 1 ? '' : 's'}`,
    unit: 'cores',
    scale: 1,
    bands: rec.usage.cpu,
    percentileBand: { lo: rec.evidence.cpuP50Cores, hi: rec.evidence.cpuPercentileCores, label: `p50–p${q} of the 5-minute rate` },
    lines: [rec.current.cpu.request, rec.current.cpu.limit, rec.cpu.request, rec.cpu.limit],
    replicas: rec.pods.length,
  });
}

/** Memory in MiB: the largest working set per step, its p50–peak band, requests and limits. */
export function memoryUsageSpec(rec: ContainerRecommendation): TopLevelSpec {
  return usageSpec({
    title: `memory working set (MiB), ${rec.pods.length} pod${rec.pods.length === 1 ? '' : 's'}`,
    unit: 'MiB',
    scale: MIB,
    bands: rec.usage.memory,
    percentileBand: { lo: rec.evidence.memoryP50Bytes, hi: rec.evidence.memoryPeakBytes, label: 'p50–peak of the working set' },
    lines: [rec.current.memory.request, rec.current.memory.limit, rec.memory.request, rec.memory.limit],
    replicas: rec.pods.length,
  });
}
