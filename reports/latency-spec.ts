// Latency percentiles vs load on a log axis, with the SLO's latency objectives as horizontal rules in
// the colour of the percentile they bound.
import type { TopLevelSpec } from 'vega-lite';
import type { BenchResult } from '../scenarios/result.js';
import { CHART_HEIGHT, CHART_WIDTH, COLORS, CONFIG, VEGA_LITE_SCHEMA, chooseLoadScale, round, withHalo, type Layer } from './chart-common.js';
import { formatMsText, loadUnit } from './format.js';

/** Percentile keys of LatencySummaryMs, their labels, and colours from light (median) to dark (max). */
export const PERCENTILES = [
  { key: 'p50', label: 'p50', percent: 50, color: '#6baed6' },
  { key: 'p90', label: 'p90', percent: 90, color: '#3182bd' },
  { key: 'p95', label: 'p95', percent: 95, color: '#08519c' },
  { key: 'p99', label: 'p99', percent: 99, color: '#e6550d' },
  { key: 'p999', label: 'p99.9', percent: 99.9, color: '#a63603' },
  { key: 'max', label: 'max', percent: 100, color: '#404040' },
] as const;

export function latencySpec(bench: BenchResult): TopLevelSpec {
  const unit = loadUnit(bench.model, bench.kind);
  const scale = chooseLoadScale(bench.steps.map((s) => s.load));
  const labels = PERCENTILES.map((p) => p.label);
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: unit.axis,
    // A nice log domain runs to the next power of ten (1,000 past a last step of 128): keep it to the data.
    scale: scale === 'log' ? { type: 'log' as const, nice: false } : { zero: true, nice: true },
  });
  // A log axis cannot show 0 ms, which only an empty step reports: those points are left out.
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: 'latency (ms)', scale: { type: 'log' as const }, axis: { format: '~g' } });
  const color = () => ({
    field: 'percentile',
    type: 'nominal' as const,
    title: null,
    sort: labels,
    scale: { domain: labels, range: PERCENTILES.map((p) => p.color) },
    legend: { orient: 'right' as const },
  });

  const points = bench.steps.flatMap((s) =>
    PERCENTILES.filter((p) => s.latencyMs[p.key] > 0).map((p) => ({ load: s.load, percentile: p.label, latencyMs: round(s.latencyMs[p.key]) })),
  );
  const layers: Layer[] = [];

  if (bench.saturation.limitedBy !== 'not-reached' && bench.steps.length) {
    layers.push({
      data: { values: [{ at: bench.saturation.load }] },
      mark: { type: 'rule', color: COLORS.saturation, strokeDash: [6, 3], strokeWidth: 1, opacity: 0.6 },
      encoding: { x: x('at') },
    });
  }

  // Objective rules go under the percentile lines, their labels on top so lines never hide them.
  const objectives = points.length ? sloLatencyObjectives(bench) : [];
  if (objectives.length) {
    layers.push({
      data: { values: objectives },
      mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y: y('limitMs'), color: color() },
    });
  }

  layers.push({
    data: { values: points },
    mark: { type: 'line', point: { filled: true, size: 30 } },
    encoding: {
      x: x('load'),
      y: y('latencyMs'),
      color: color(),
      tooltip: [
        { field: 'load', type: 'quantitative', title: unit.axis },
        { field: 'percentile', type: 'nominal' },
        { field: 'latencyMs', type: 'quantitative', title: 'latency (ms)', format: ',.3~f' },
      ],
    },
  });

  if (objectives.length) {
    layers.push(
      ...withHalo({
        data: { values: objectives },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -2, fontSize: 11 },
        encoding: { y: y('limitMs'), x: { value: 0 }, text: { field: 'label' }, color: color() },
      }),
    );
  }

  return { $schema: VEGA_LITE_SCHEMA, width: CHART_WIDTH, height: CHART_HEIGHT, config: CONFIG, layer: layers };
}

export interface LatencyObjective {
  /** Legend label of the percentile: 'p99', 'p99.9'. */
  percentile: string;
  percent: number;
  limitMs: number;
  label: string;
}

/** The SLO's latency objectives, e.g. { percentile: 'p99', percent: 99, limitMs: 250, label: 'p99 SLO 250 ms' }. */
export function sloLatencyObjectives(bench: BenchResult): LatencyObjective[] {
  const slo = bench.slo?.objectives;
  if (!slo) return [];
  const out: LatencyObjective[] = [];
  for (const p of PERCENTILES) {
    if (p.key === 'max') continue;
    const limitMs = slo[p.key];
    if (limitMs !== undefined && limitMs > 0) out.push({ percentile: p.label, percent: p.percent, limitMs, label: `${p.label} SLO ${formatMsText(limitMs)}` });
  }
  return out;
}
