// One model's packing, node by node: CPU and memory panels of stacked bars (requested, free up to
// the target, the buffer the target keeps back), spares at the end. Large plans show their first
// nodes only; the caption says how many.
import type { TopLevelSpec } from 'vega-lite';
import type { PlanModel } from '../analyzers/plan.js';
import { CHART_WIDTH, CONFIG, VEGA_LITE_SCHEMA, round, type Layer } from './chart-common.js';

export const PACKING_NODES_SHOWN = 80;
const PANEL_HEIGHT = 120;
const GIB = 1024 ** 3;

const SEGMENTS = ['requested', 'free below target', 'buffer above target'] as const;
const SEGMENT_COLORS = ['#1f5fa8', '#cfe0f3', '#eeeeee'];

type Resource = 'cpu' | 'memory';

function panelValues(model: PlanModel, resource: Resource, scale: number): Array<Record<string, unknown>> {
  const nodes = model.packing.slice(0, PACKING_NODES_SHOWN).map((n, i) => ({ node: `${i + 1}`, used: n[resource], pods: n.pods, top: n.workloads.slice(0, 3).map((w) => `${w.name}×${w.pods}`).join(', ') }));
  const spares = Array.from({ length: model.spare }, (_, i) => ({ node: `spare ${i + 1}`, used: 0, pods: 0, top: 'spare' }));
  const packable = model.packable[resource];
  const allocatable = model.allocatable[resource];
  return [...nodes, ...spares].flatMap((n) =>
    [n.used, Math.max(0, packable - n.used), Math.max(0, allocatable - Math.max(packable, n.used))].map((amount, k) => ({
      node: n.node,
      segment: SEGMENTS[k],
      order: k,
      amount: round(amount / scale, 5),
      pods: n.pods,
      workloads: n.top,
    })),
  );
}

export function planPackingSpec(model: PlanModel): TopLevelSpec {
  const panels: Array<{ resource: Resource; title: string; unit: string; scale: number }> = [
    { resource: 'cpu', title: `CPU requested per node (cores of ${round(model.allocatable.cpu, 4)} allocatable)`, unit: 'cores', scale: 1 },
    { resource: 'memory', title: `memory requested per node (GiB of ${round(model.allocatable.memory / GIB, 4)} allocatable)`, unit: 'GiB', scale: GIB },
  ];
  const order = [...model.packing.slice(0, PACKING_NODES_SHOWN).map((_, i) => `${i + 1}`), ...Array.from({ length: model.spare }, (_, i) => `spare ${i + 1}`)];
  const vconcat = panels.map((p, i): Layer => ({
    title: { text: p.title, fontSize: 12, frame: 'group' },
    width: CHART_WIDTH,
    height: PANEL_HEIGHT,
    data: { values: panelValues(model, p.resource, p.scale) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'node', type: 'ordinal', sort: order, title: i === panels.length - 1 ? 'node (packing order)' : null, axis: { labelAngle: 0, labelOverlap: 'greedy' } },
      y: { field: 'amount', type: 'quantitative', stack: 'zero', title: p.unit, axis: { tickCount: 4 } },
      color: { field: 'segment', type: 'nominal', title: null, scale: { domain: [...SEGMENTS], range: SEGMENT_COLORS }, legend: { orient: 'bottom' } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [
        { field: 'node', type: 'nominal' },
        { field: 'segment', type: 'nominal' },
        { field: 'amount', type: 'quantitative', title: p.unit, format: ',.3~r' },
        { field: 'pods', type: 'quantitative' },
        { field: 'workloads', type: 'nominal', title: 'largest workloads' },
      ],
    },
  }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: { ...CONFIG, concat: { spacing: 14 } },
    vconcat,
    resolve: { scale: { y: 'independent' } },
  };
}
