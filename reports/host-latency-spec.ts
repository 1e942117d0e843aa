// The per-operation latency behind host latency metrics (fdatasync above all), pooled over every
// repeat, as a percentile spectrum in the style of the step distribution chart: x is 1/(1−p) on a
// log axis so p90, p99 and p99.9 get equal room, and a diamond marks the guidance limit at the
// percentile it applies to (fdatasync p99 ≤ 10 ms for etcd).
import type { TopLevelSpec } from 'vega-lite';
import type { HostBenchResult, HostMetric } from '../scenarios/result.js';
import { CHART_HEIGHT, CHART_WIDTH, COLORS, CONFIG, VEGA_LITE_SCHEMA, round, withHalo } from './chart-common.js';
import { percentileSpectrum } from './distribution-spec.js';
import { formatMetricValue, metricLabel } from './host-format.js';

const MS_PER_UNIT: Record<string, number> = { ms: 1, 'µs': 1e-3, us: 1e-3, s: 1000 };

/** Metrics that carry a histogram of per-operation latencies. */
export function latencyMetrics(bench: HostBenchResult): HostMetric[] {
  return bench.metrics.filter((m) => m.histogram !== undefined);
}

/** The guidance limit in ms at the percentile named in the metric id (`….p99`), when both are known. */
function limitMarker(m: HostMetric): { tailRatio: number; limitMs: number; label: string } | null {
  const percent = percentOf(m.name);
  const toMs = MS_PER_UNIT[m.unit];
  if (!m.guidance || percent === null || toMs === undefined) return null;
  return {
    tailRatio: round(1 / (1 - percent / 100), 6),
    limitMs: m.guidance.limit * toMs,
    label: `p${String(percent).replace('.', '')} ≤ ${formatMetricValue(m.guidance.limit)} ${m.unit}`.replace(/ /g, '\u202f'),
  };
}

/** The percentile a metric id ends with, read as our ids write it: p50 → 50, p99 → 99, p999 → 99.9. */
export function percentOf(name: string): number | null {
  const digits = /\.p(\d{2,})$/.exec(name)?.[1];
  if (!digits) return null;
  const percent = Number(`${digits.slice(0, 2)}.${digits.slice(2) || '0'}`);
  return percent > 0 && percent < 100 ? percent : null;
}

/** Ticks at 0%, 50%, 90%, 99% … as far as the data reaches. */
function tailTicks(maxRatio: number): number[] {
  const ticks = [1, 2];
  for (let r = 10; r <= maxRatio * 1.0001; r *= 10) ticks.push(r);
  return ticks;
}

export function hostLatencySpec(bench: HostBenchResult): TopLevelSpec {
  const metrics = latencyMetrics(bench);
  // The curve is every operation, not one percentile: "fdatasync", not "fdatasync p99".
  const series = (m: HostMetric): string => metricLabel(m.name).replace(/ p\d+$/, '');
  const lines = metrics.flatMap((m) => percentileSpectrum(m.histogram!).map((pt) => ({ metric: series(m), ...pt })));
  const markers = metrics.flatMap((m) => {
    const marker = limitMarker(m);
    return marker ? [{ metric: series(m), ...marker }] : [];
  });
  // Room above the highest curve or limit, so a diamond never sits on the frame with its label cut.
  const latencies = [...lines.map((p) => p.latencyMs), ...markers.map((o) => o.limitMs)].filter((v) => v > 0);
  const yDomain = latencies.length ? [round(Math.min(...latencies) / 1.3, 4), round(Math.max(...latencies) * 1.8, 4)] : undefined;
  const domainMax = Math.max(2, ...lines.map((p) => p.tailRatio), ...markers.map((o) => o.tailRatio));
  const x = {
    field: 'tailRatio',
    type: 'quantitative' as const,
    title: 'percentile',
    scale: { type: 'log' as const, domain: [1, domainMax] },
    axis: { values: tailTicks(domainMax), labelExpr: "format(100 - 100 / datum.value, '.6~f') + '%'" },
  };
  const y = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: 'latency per operation (ms)',
    scale: { type: 'log' as const, ...(yDomain ? { domain: yDomain, nice: false } : {}) },
    axis: { format: '~g' },
  });

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
          color: { field: 'metric', type: 'nominal', title: null, scale: { range: [COLORS.measured, COLORS.fit, '#2a9d8f', '#8e44ad'] }, legend: { orient: 'top-left', symbolType: 'stroke' } },
          tooltip: [
            { field: 'metric', type: 'nominal', title: 'metric' },
            { field: 'percentile', type: 'quantitative', title: 'percentile (%)', format: '.4~f' },
            { field: 'latencyMs', type: 'quantitative', title: 'latency (ms)', format: ',.3~f' },
          ],
        },
      },
      ...(markers.length && lines.length
        ? [
            {
              data: { values: markers },
              mark: { type: 'point' as const, shape: 'diamond', filled: true, size: 90, color: COLORS.saturation },
              encoding: { x, y: y('limitMs') },
            },
            ...withHalo({
              data: { values: markers },
              mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -6, dy: -4, fontSize: 11, color: COLORS.saturation },
              encoding: { x, y: y('limitMs'), text: { field: 'label' } },
            }),
          ]
        : []),
    ],
  };
}
