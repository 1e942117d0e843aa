// Every host metric as one row with its own axis: a bar to the mean, a whisker for the 95%
// interval, a dot per repeat and a dashed rule at the guidance limit. Metrics have different units
// (ops/s, GB/s, ns, ms …), so one shared axis or a normalisation would mislead; small multiples
// on independent scales keep each row honest and let the eye judge spread within a row.
import type { TopLevelSpec } from 'vega-lite';
import type { HostBenchResult, HostMetric } from '../scenarios/result.js';
import { CHART_WIDTH, COLORS, CONFIG, VEGA_LITE_SCHEMA, round } from './chart-common.js';
import { formatMetricValue } from './host-format.js';

const ROW_HEIGHT = 22;
const TICK_SIZE = ROW_HEIGHT - 8;

/** Row title: "disk.fdatasync.p99 · ms, lower is better". */
export function metricRowTitle(name: string, unit: string, higherIsBetter: boolean): string {
  return `${name} · ${unit}, ${higherIsBetter ? 'higher' : 'lower'} is better`;
}

/** One panel per metric, each with its own data, so a layer never runs on an empty set. */
function metricPanel(m: HostMetric): NonNullable<Extract<TopLevelSpec, { vconcat: unknown }>['vconcat']>[number] {
  // A little room past the largest figure, so a limit or a whisker never sits on the frame.
  const top = Math.max(m.ci95[1], ...m.repeats, m.guidance?.limit ?? 0);
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: null,
    scale: { zero: true, nice: true, ...(top > 0 ? { domainMax: round(top * 1.06, 4) } : {}) },
    axis: { format: ',~r', tickCount: 6 },
  });
  const mean = [{ mean: round(m.mean, 5), lo: round(m.ci95[0], 5), hi: round(m.ci95[1], 5), unit: m.unit }];
  const repeats = m.repeats.map((v, i) => ({ repeat: i + 1, value: round(v, 5), unit: m.unit }));
  const whiskerEnd = (field: 'lo' | 'hi') => ({
    data: { values: mean },
    mark: { type: 'tick' as const, color: '#222', thickness: 1.5, orient: 'vertical' as const, size: TICK_SIZE },
    encoding: { x: x(field) },
  });
  return {
    title: { text: metricRowTitle(m.name, m.unit, m.higherIsBetter), fontSize: 12, offset: 4 },
    width: CHART_WIDTH,
    height: ROW_HEIGHT,
    layer: [
      {
        data: { values: mean },
        mark: { type: 'bar', color: COLORS.measured, opacity: 0.3, height: ROW_HEIGHT - 4 },
        encoding: {
          x: x('mean'),
          tooltip: [
            { field: 'mean', type: 'quantitative', title: 'mean', format: ',.4~g' },
            { field: 'lo', type: 'quantitative', title: '95% CI from', format: ',.4~g' },
            { field: 'hi', type: 'quantitative', title: '95% CI to', format: ',.4~g' },
            { field: 'unit', type: 'nominal', title: 'unit' },
          ],
        },
      },
      { data: { values: mean }, mark: { type: 'rule', color: '#222', strokeWidth: 1.5 }, encoding: { x: x('lo'), x2: { field: 'hi' } } },
      whiskerEnd('lo'),
      whiskerEnd('hi'),
      {
        data: { values: repeats },
        mark: { type: 'point', filled: true, size: 26, color: COLORS.measured, opacity: 0.85 },
        encoding: {
          x: x('value'),
          tooltip: [
            { field: 'repeat', type: 'quantitative', title: 'repeat' },
            { field: 'value', type: 'quantitative', title: 'value', format: ',.4~g' },
            { field: 'unit', type: 'nominal', title: 'unit' },
          ],
        },
      },
      ...(m.guidance
        ? [
            {
              data: { values: [{ limit: m.guidance.limit, text: m.guidance.text }] },
              mark: { type: 'rule' as const, color: COLORS.saturation, strokeDash: [4, 3], strokeWidth: 2 },
              encoding: { x: x('limit'), tooltip: [{ field: 'limit', type: 'quantitative' as const, title: 'guidance limit', format: ',.4~g' }, { field: 'text', type: 'nominal' as const, title: 'guidance' }] },
            },
            {
              data: { values: [{ limit: m.guidance.limit, label: `limit ${formatMetricValue(m.guidance.limit)}` }] },
              mark: { type: 'text' as const, color: COLORS.saturation, align: 'left' as const, baseline: 'middle' as const, dx: 4, fontSize: 11 },
              encoding: { x: x('limit'), text: { field: 'label' } },
            },
          ]
        : []),
    ],
  };
}

export function hostMetricsSpec(bench: HostBenchResult): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CONFIG,
    spacing: 12,
    vconcat: bench.metrics.map(metricPanel),
  };
}
