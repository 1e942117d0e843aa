// Charts comparing node models in a plan: how many nodes each needs (spares stacked on), and how
// full those nodes are per resource against the target utilisation.
import type { TopLevelSpec } from 'vega-lite';
import type { Plan } from '../analyzers/plan.js';
import { CHART_WIDTH, COLORS, CONFIG, VEGA_LITE_SCHEMA, round, withHalo } from './chart-common.js';
import { formatNumber } from './format.js';

const ROW_HEIGHT = 30;
const SPARE_COLOR = '#b8c7da';

function costText(cost: number | null, priceUnit: string | null): string {
  if (cost === null) return '';
  return ` · ${formatNumber(cost)}${priceUnit ? ` ${priceUnit}` : ''}`;
}

/** Stacked bars: packed nodes and spares per model; the label gives the total, the cost and marks the cheapest. */
export function planNodeCountSpec(plan: Plan, priceUnit: string | null = null): TopLevelSpec {
  const models = plan.models.map((m) => m.name);
  const bars = plan.models.flatMap((m) => [
    { model: m.name, kind: 'packed', nodes: m.nodes - m.spare, order: 0 },
    { model: m.name, kind: 'spare', nodes: m.spare, order: 1 },
  ]);
  const labels = plan.models.map((m) => ({
    model: m.name,
    nodes: m.nodes,
    cheapest: m.cheapest,
    label: `${m.nodes} nodes${costText(m.cost, priceUnit)}${m.cheapest ? '  ★ cheapest' : ''}`,
  }));
  const y = { field: 'model', type: 'nominal' as const, sort: models, title: null, axis: { labelFontSize: 12 } };
  const maxNodes = Math.max(1, ...plan.models.map((m) => m.nodes));
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: CONFIG,
    width: CHART_WIDTH,
    height: ROW_HEIGHT * Math.max(1, models.length),
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar', height: ROW_HEIGHT * 0.6 },
        encoding: {
          y,
          x: { field: 'nodes', type: 'quantitative', stack: 'zero', title: 'nodes', scale: { domain: [0, maxNodes * 1.45] }, axis: { tickMinStep: 1, format: 'd' } },
          color: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['packed', 'spare'], range: [COLORS.measured, SPARE_COLOR] }, legend: { orient: 'bottom' } },
          order: { field: 'order', type: 'quantitative' },
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'kind', type: 'nominal' },
            { field: 'nodes', type: 'quantitative' },
          ],
        },
      },
      ...withHalo({
        data: { values: labels },
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 11 },
        encoding: {
          y,
          x: { field: 'nodes', type: 'quantitative' },
          text: { field: 'label' },
          color: { condition: { test: 'datum.cheapest', value: COLORS.slo }, value: '#222' },
        },
      }),
    ],
  };
}

const RESOURCE_COLORS = { cpu: '#1f5fa8', memory: '#2a9d8f', pods: '#8e44ad' } as const;

/** Grouped bars of requests over allocatable (pods over maxPods) per model, with the target as a rule. */
export function planUtilizationSpec(plan: Plan): TopLevelSpec {
  const models = plan.models.map((m) => m.name);
  const values = plan.models.flatMap((m) =>
    (['cpu', 'memory', 'pods'] as const).map((r) => ({
      model: m.name,
      resource: r,
      utilization: round(m.utilization[r], 4),
      binding: m.limitedBy === r,
      label: `${Math.round(m.utilization[r] * 100)}%${m.limitedBy === r ? ' binding' : ''}`,
    })),
  );
  const y = { field: 'model', type: 'nominal' as const, sort: models, title: null, axis: { labelFontSize: 12 } };
  const yOffset = { field: 'resource', type: 'nominal' as const, sort: ['cpu', 'memory', 'pods'] };
  const x = { field: 'utilization', type: 'quantitative' as const, title: 'requested / allocatable (pods / maxPods), non-spare nodes', scale: { domain: [0, 1.2] }, axis: { format: '.0%' } };
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
          color: { field: 'resource', type: 'nominal', title: null, scale: { domain: Object.keys(RESOURCE_COLORS), range: Object.values(RESOURCE_COLORS) }, legend: { orient: 'bottom' } },
          opacity: { condition: { test: 'datum.binding', value: 1 }, value: 0.55 },
          tooltip: [
            { field: 'model', type: 'nominal' },
            { field: 'resource', type: 'nominal' },
            { field: 'utilization', type: 'quantitative', format: '.1%' },
          ],
        },
      },
      {
        data: { values },
        mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: '#333' },
        encoding: { y, yOffset, x, text: { field: 'label' } },
      },
      {
        data: { values: [{ target: plan.targetUtilization, label: `target ${Math.round(plan.targetUtilization * 100)}%` }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: COLORS.saturation },
        encoding: { x: { field: 'target', type: 'quantitative' } },
      },
    ],
  };
}
