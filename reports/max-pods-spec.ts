// The maxPods constraints as bars, the binding one in the saturation red. A constraint far above
// the others (a /64 pod CIDR allows 2^63 pods) is clipped at the axis end, its label keeping the value.
import type { TopLevelSpec } from 'vega-lite';
import type { MaxPodsRecommendation } from '../analyzers/max-pods.js';
import { CHART_WIDTH, COLORS, CONFIG, VEGA_LITE_SCHEMA, withHalo } from './chart-common.js';
import { formatNumber } from './format.js';

const ROW_HEIGHT = 28;

/** The axis ends at 3× the recommendation (at least the tested limit), so the binding bar is readable. */
function axisMax(rec: MaxPodsRecommendation): number {
  const tested = rec.constraints.find((c) => c.name === 'tested-limit')?.maxPods ?? 110;
  const finite = rec.constraints.map((c) => c.maxPods).filter((v) => v <= Math.max(3 * rec.maxPods, tested));
  return Math.max(10, tested, ...finite) * 1.1;
}

export function maxPodsConstraintsSpec(rec: MaxPodsRecommendation): TopLevelSpec {
  const max = axisMax(rec);
  const values = rec.constraints.map((c) => ({
    constraint: c.name,
    shown: Math.min(c.maxPods, max),
    label: `${c.maxPods > max ? '▸ ' : ''}${c.maxPods >= 1e7 ? c.maxPods.toPrecision(3) : formatNumber(c.maxPods)}${c.name === rec.limitedBy ? '  ← binding' : ''}`,
    binding: c.name === rec.limitedBy,
    clipped: c.maxPods > max,
    maxPods: c.maxPods,
    detail: c.detail,
  }));
  const y = { field: 'constraint', type: 'nominal' as const, sort: null, title: null, axis: { labelFontSize: 12 } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CONFIG,
    width: CHART_WIDTH,
    height: ROW_HEIGHT * values.length,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', height: ROW_HEIGHT * 0.6, clip: true },
        encoding: {
          y,
          x: { field: 'shown', type: 'quantitative', title: 'pods per node', scale: { domain: [0, max], nice: false } },
          color: { condition: { test: 'datum.binding', value: COLORS.saturation }, value: COLORS.measured },
          tooltip: [
            { field: 'constraint', type: 'nominal' },
            { field: 'maxPods', type: 'quantitative', title: 'max pods', format: ',d' },
            { field: 'detail', type: 'nominal', title: 'how' },
          ],
        },
      },
      ...withHalo({
        transform: [{ filter: '!datum.clipped' }],
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#222' },
        encoding: { y, x: { field: 'shown', type: 'quantitative' }, text: { field: 'label' } },
      }),
      // A clipped bar fills the axis, so its label goes inside it.
      {
        transform: [{ filter: 'datum.clipped' }],
        mark: { type: 'text', align: 'right', dx: -6, fontSize: 11, color: 'white' },
        encoding: { y, x: { field: 'shown', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ maxPods: rec.maxPods, label: `maxPods ${rec.maxPods}` }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: COLORS.saturation },
        encoding: { x: { field: 'maxPods', type: 'quantitative' } },
      },
    ],
  };
}
