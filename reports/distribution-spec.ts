// Latency by percentile, one line per step, in the HdrHistogram style: the x axis is 1/(1−p) on a
// log scale, so 90%, 99%, 99.9% and 99.99% are evenly spaced and the tail (where capacity problems
// show first) gets as much room as the median. A CDF on a linear percentile axis squeezes
// everything above p99 into the last pixel, and a histogram hides the tail in near-zero bars.
import type { TopLevelSpec } from 'vega-lite';
import { recordedValuesMs } from '../analyzers/histogram.js';
import type { BenchResult } from '../scenarios/result.js';
import { CHART_HEIGHT, CHART_WIDTH, COLORS, CONFIG, VEGA_LITE_SCHEMA, round, withHalo } from './chart-common.js';
import { formatMsText, loadUnit } from './format.js';
import { sloLatencyObjectives } from './latency-spec.js';

const POINTS_PER_DECADE = 20;

export interface SpectrumPoint {
  /** 1/(1−p): 2 at the median, 100 at p99. */
  tailRatio: number;
  /** p as a percentage, for tooltips. */
  percentile: number;
  latencyMs: number;
}

/**
 * Latency at log-spaced percentiles up to the last one the sample can resolve (1 − 1/count), then
 * the maximum there: past that percentile the only value left is the slowest request.
 */
export function percentileSpectrum(encodedHistogram: string, pointsPerDecade = POINTS_PER_DECADE): SpectrumPoint[] {
  const values = recordedValuesMs(encodedHistogram);
  const total = values.reduce((n, v) => n + v.count, 0);
  if (total === 0) return [];
  const ratios = tailRatios(total, pointsPerDecade);
  const out: SpectrumPoint[] = [];
  let i = 0;
  let cumulative = values[0]!.count;
  for (const ratio of ratios) {
    const p = 1 - 1 / ratio;
    // The value at percentile p is the smallest recorded value with at least ⌈p·total⌉ samples at or below it.
    const needed = Math.max(1, Math.ceil(p * total - 1e-9));
    while (cumulative < needed && i < values.length - 1) {
      i++;
      cumulative += values[i]!.count;
    }
    out.push({ tailRatio: round(ratio, 6), percentile: round(p * 100, 8), latencyMs: round(values[i]!.valueMs, 5) });
  }
  const last = out[out.length - 1]!;
  last.latencyMs = round(values[values.length - 1]!.valueMs, 5);
  return out;
}

/** 1/(1−p) at even log steps that land exactly on every decade (p90, p99 …), plus the median and the last resolvable percentile. */
function tailRatios(total: number, pointsPerDecade: number): number[] {
  const out = new Set<number>([1]);
  if (total >= 2) out.add(2);
  for (let k = 1; 10 ** (k / pointsPerDecade) < total; k++) out.add(Number((10 ** (k / pointsPerDecade)).toPrecision(12)));
  out.add(total);
  return [...out].sort((a, b) => a - b);
}

/** Axis ticks at 0%, 50%, 90%, 99%, 99.9% … up to what the data reaches. */
function tailTicks(maxRatio: number): number[] {
  const ticks = [1, 2];
  for (let r = 10; r <= maxRatio * 1.0001; r *= 10) ticks.push(r);
  return ticks;
}

export interface DistributionOptions {
  /** What the latency measures, with its unit: watch benches time put → event delivery. */
  latencyTitle?: string;
}

export function distributionSpec(bench: BenchResult, opts: DistributionOptions = {}): TopLevelSpec {
  const unit = loadUnit(bench.model, bench.kind);
  const latencyTitle = opts.latencyTitle ?? 'latency (ms)';
  const lines = bench.steps.flatMap((s) => percentileSpectrum(s.histogram).map((pt) => ({ load: s.load, ...pt })));
  const maxRatio = lines.reduce((m, p) => Math.max(m, p.tailRatio), 2);
  // Short labels ("p99 ≤ 150 ms"): they sit among the lines, and the halo cannot cover the gaps between words.
  const objectives = sloLatencyObjectives(bench).map((o) => ({
    ...o,
    label: `${o.percentile} ≤ ${formatMsText(o.limitMs)}`.replace(/ /g, '\u202f'),
    tailRatio: round(1 / (1 - o.percent / 100), 6),
  }));
  const domainMax = Math.max(maxRatio, ...objectives.map((o) => o.tailRatio));
  const x = {
    field: 'tailRatio',
    type: 'quantitative' as const,
    title: 'percentile',
    scale: { type: 'log' as const, domain: [1, domainMax] },
    axis: { values: tailTicks(domainMax), labelExpr: "format(100 - 100 / datum.value, '.6~f') + '%'" },
  };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: latencyTitle, scale: { type: 'log' as const }, axis: { format: '~g' } });

  return {
    $schema: VEGA_LITE_SCHEMA,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CONFIG,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 1.6, interpolate: 'linear' },
        encoding: {
          x,
          y: y('latencyMs'),
          color: {
            field: 'load',
            type: 'ordinal',
            title: unit.plural,
            scale: { scheme: { name: 'viridis', extent: [0, 0.85] } },
            legend: { orient: 'right', symbolType: 'stroke' },
          },
          tooltip: [
            { field: 'load', type: 'quantitative', title: unit.axis },
            { field: 'percentile', type: 'quantitative', title: 'percentile (%)', format: '.4~f' },
            { field: 'latencyMs', type: 'quantitative', title: latencyTitle, format: ',.3~f' },
          ],
        },
      },
      ...(objectives.length && lines.length
        ? [
            {
              data: { values: objectives },
              mark: { type: 'point' as const, shape: 'diamond', filled: true, size: 90, color: COLORS.saturation },
              encoding: { x, y: y('limitMs') },
            },
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
