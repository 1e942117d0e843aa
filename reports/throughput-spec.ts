// Throughput vs load: what the service achieved at each step, with the fitted USL curve and the
// markers the analysis found (saturation, SLO capacity).
import type { TopLevelSpec } from 'vega-lite';
import { predictUsl } from '../analyzers/usl.js';
import type { BenchResult, SaturationLimit } from '../scenarios/result.js';
import {
  CHART_HEIGHT, CHART_WIDTH, COLORS, CONFIG, VEGA_LITE_SCHEMA, chooseLoadScale, round, spacedPoints,
  type Layer, type PositionDef,
} from './chart-common.js';
import { formatNumber, loadUnit } from './format.js';

const USL_POINTS = 120;

export const LIMIT_SHORT: Record<SaturationLimit, string> = {
  'usl-peak': 'USL peak',
  knee: 'knee',
  'slo-breach': 'SLO breach',
  'error-onset': 'errors begin',
  'throughput-plateau': 'plateau',
  'not-reached': 'not reached',
};

type Series = 'measured' | 'USL fit' | 'offered load';
const SERIES_COLORS: Record<Series, string> = { measured: COLORS.measured, 'USL fit': COLORS.fit, 'offered load': COLORS.offered };

export function throughputSpec(bench: BenchResult): TopLevelSpec {
  const unit = loadUnit(bench.model, bench.kind);
  const loads = bench.steps.map((s) => s.load);
  const scale = chooseLoadScale(loads);
  const minLoad = loads.length ? Math.min(...loads) : 1;
  const maxLoad = loads.length ? Math.max(...loads) : 1;
  const hasSteps = loads.length > 0;
  const series: Series[] = [
    'measured',
    ...(bench.usl && hasSteps ? (['USL fit'] as const) : []),
    ...(bench.model === 'open' && hasSteps ? (['offered load'] as const) : []),
  ];
  const layers: Layer[] = [];
  const x = (field: string) => ({
    field,
    type: 'quantitative' as const,
    title: unit.axis,
    // A nice log domain runs to the next power of ten (1,000 past a last step of 128): keep it to the data.
    scale: scale === 'log' ? { type: 'log' as const, nice: false } : { zero: true, nice: true },
  });
  // Every series layer carries a `series` field so one colour scale (and legend) covers them all.
  const color = () => ({
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: series, range: series.map((s) => SERIES_COLORS[s]) },
    legend: { orient: 'bottom' as const, direction: 'horizontal' as const },
  });
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: `throughput (${unit.rate})` });

  const sat = bench.saturation;
  if (sat.limitedBy !== 'not-reached' && hasSteps) {
    if (sat.range[1] > sat.range[0]) {
      layers.push({
        data: { values: [{ lo: sat.range[0], hi: sat.range[1] }] },
        mark: { type: 'rect', color: COLORS.saturation, opacity: 0.1 },
        encoding: { x: x('lo'), x2: { field: 'hi' } },
      });
    }
    layers.push(...markerLayers(x, sat.load, `saturation ${formatNumber(sat.load)} (${LIMIT_SHORT[sat.limitedBy]})`, COLORS.saturation, -4, placeLabel(sat.load, minLoad, maxLoad, scale)));
  }
  const capacity = bench.slo?.capacity;
  if (capacity && hasSteps) {
    layers.push(...markerLayers(x, capacity.load, `SLO met up to ${formatNumber(capacity.load)}`, COLORS.slo, -18, placeLabel(capacity.load, minLoad, maxLoad, scale)));
  }

  if (bench.model === 'open' && hasSteps) {
    layers.push({
      data: { values: spacedPoints(minLoad, maxLoad, 2, 'linear').map((x) => ({ load: x, throughput: x, series: 'offered load' })) },
      mark: { type: 'line', strokeDash: [4, 4], strokeWidth: 1.5 },
      encoding: { x: x('load'), y: y('throughput'), color: color() },
    });
  }

  if (bench.usl && hasSteps) {
    const usl = bench.usl;
    const from = scale === 'log' ? minLoad : 0;
    // A USL peak may lie beyond the last step: extend the curve to the saturation marker (within reason).
    const marker = sat.limitedBy === 'not-reached' ? 0 : Math.max(sat.load, sat.range[1]);
    const to = Math.min(Math.max(maxLoad, marker), 2 * maxLoad);
    const curve = spacedPoints(from, to, USL_POINTS, scale === 'log' ? 'log' : 'linear');
    layers.push({
      data: { values: curve.map((n) => ({ load: round(n), throughput: round(predictUsl(usl, n)), series: 'USL fit' })) },
      mark: { type: 'line', strokeWidth: 2.5, interpolate: 'monotone' },
      encoding: { x: x('load'), y: y('throughput'), color: color() },
    });
  }

  const steps = bench.steps.map((s) => ({
    load: s.load,
    throughput: round(s.throughput, 6),
    ciLow: round(s.throughputCi[0], 6),
    ciHigh: round(s.throughputCi[1], 6),
    errorRate: s.errorRate,
    series: 'measured',
  }));
  layers.push(
    {
      data: { values: steps },
      mark: { type: 'errorbar', ticks: { size: 6 }, color: COLORS.measured },
      encoding: { x: x('load'), y: y('ciLow'), y2: { field: 'ciHigh' } },
    },
    {
      data: { values: steps },
      // With a fitted curve the model is the line; measured points get only a faint connector.
      mark: { type: 'line', point: { filled: true, size: 50 }, ...(bench.usl ? { strokeWidth: 1, strokeOpacity: 0.45 } : {}) },
      encoding: {
        x: x('load'),
        y: y('throughput'),
        color: color(),
        tooltip: [
          { field: 'load', type: 'quantitative', title: unit.axis },
          { field: 'throughput', type: 'quantitative', title: `throughput (${unit.rate})`, format: ',.1f' },
          { field: 'ciLow', type: 'quantitative', title: '95% CI low', format: ',.1f' },
          { field: 'ciHigh', type: 'quantitative', title: '95% CI high', format: ',.1f' },
          { field: 'errorRate', type: 'quantitative', title: 'error rate', format: '.2%' },
        ],
      },
    },
  );

  return {
    $schema: VEGA_LITE_SCHEMA,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CONFIG,
    layer: layers,
  };
}

type LabelPlacement = { align: 'left' | 'right'; dx: number };

/** Labels go to the right of their rule unless the rule sits in the right part of the chart. */
function placeLabel(x: number, min: number, max: number, scale: 'linear' | 'log'): LabelPlacement {
  const frac = max <= min ? 0 : scale === 'log' ? Math.log(x / min) / Math.log(max / min) : x / max;
  return frac > 0.6 ? { align: 'right', dx: -4 } : { align: 'left', dx: 4 };
}

/** A vertical rule at `at` with a label above the plot area (`labelY` < 0), where it cannot cover data. */
export function markerLayers(
  xEnc: (field: string) => PositionDef,
  at: number,
  label: string,
  color: string,
  labelY: number,
  place: LabelPlacement,
): Layer[] {
  const values = [{ at, label }];
  return [
    {
      data: { values },
      mark: { type: 'rule', color, strokeDash: [6, 3], strokeWidth: 1.5 },
      encoding: { x: xEnc('at') },
    },
    {
      data: { values },
      mark: { type: 'text', color, align: place.align, dx: place.dx, baseline: 'bottom', fontSize: 11 },
      encoding: { x: xEnc('at'), y: { value: labelY }, text: { field: 'label' } },
    },
  ];
}
