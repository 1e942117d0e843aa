// Watch delivery latency (put → event at the watcher) by percentile, one line per step, on the
// same 1/(1−p) axis as the distribution chart: a watcher that falls behind shows in the tail long
// before the median moves.
import type { TopLevelSpec } from 'vega-lite';
import type { BenchResult } from '../scenarios/result.js';
import { CHART_HEIGHT, CHART_WIDTH, CONFIG, VEGA_LITE_SCHEMA } from './chart-common.js';
import { percentileSpectrum } from './distribution-spec.js';
import { loadUnit } from './format.js';

function tailTicks(maxRatio: number): number[] {
  const ticks = [1, 2];
  for (let r = 10; r <= maxRatio * 1.0001; r *= 10) ticks.push(r);
  return ticks;
}

export function etcdWatchDeliverySpec(bench: BenchResult): TopLevelSpec {
  const unit = loadUnit(bench.model);
  const lines = bench.steps.filter((s) => s.histogram).flatMap((s) => percentileSpectrum(s.histogram).map((pt) => ({ load: s.load, ...pt })));
  const maxRatio = lines.reduce((m, p) => Math.max(m, p.tailRatio), 2);
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    config: CONFIG,
    data: { values: lines },
    mark: { type: 'line', strokeWidth: 1.6, interpolate: 'linear' },
    encoding: {
      x: {
        field: 'tailRatio',
        type: 'quantitative',
        title: 'percentile',
        scale: { type: 'log', domain: [1, maxRatio] },
        axis: { values: tailTicks(maxRatio), labelExpr: "format(100 - 100 / datum.value, '.6~f') + '%'" },
      },
      y: { field: 'latencyMs', type: 'quantitative', title: 'delivery latency, put → event (ms)', scale: { type: 'log' }, axis: { format: '~g' } },
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
        { field: 'latencyMs', type: 'quantitative', title: 'delivery latency (ms)', format: ',.3~f' },
      ],
    },
  };
}
