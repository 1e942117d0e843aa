// A cluster plan → the JSON `--json` prints (and plan.json holds, with the packing) and the
// ReportModel the HTML page renders.
import type { Plan, PlanModel } from '../analyzers/plan.js';
import type { BenchSection, ReportModel, SummaryLine, TableModel } from './build-report.js';
import { formatBytes, formatNumber, formatPercent, formatTimestamp } from './format.js';
import { PACKING_NODES_SHOWN, planPackingSpec } from './plan-packing-spec.js';
import { planNodeCountSpec, planUtilizationSpec } from './plan-specs.js';

export interface PlanReportMeta {
  generatedAt: string;
  workloadsFile: string;
  nodesFile: string;
  priceUnit: string | null;
  /** The model whose packing is shown; default the cheapest, else the first. */
  model?: string;
}

const TABLE_NODES_SHOWN = 200;

function r4(x: number): number {
  return Number(x.toFixed(4));
}

/** `{ models: [{ name, nodes, spare, limitedBy, utilization, cost, … }], … }`; with `packing`, each model's nodes too. */
export function planJson(plan: Plan, opts: { packing?: boolean } = {}): Record<string, unknown> {
  return {
    models: plan.models.map((m) => ({
      name: m.name,
      nodes: m.nodes,
      spare: m.spare,
      limitedBy: m.limitedBy,
      utilization: { cpu: r4(m.utilization.cpu), memory: r4(m.utilization.memory), pods: r4(m.utilization.pods) },
      cost: m.cost,
      pricePerNode: m.pricePerNode,
      cheapest: m.cheapest,
      maxPods: m.maxPods,
      allocatable: { cpu: r4(m.allocatable.cpu), memory: Math.floor(m.allocatable.memory) },
      packable: { cpu: r4(m.packable.cpu), memory: Math.floor(m.packable.memory), pods: m.packable.pods },
      lowerBound: m.lowerBound,
      spread: m.spread,
      colocatedWorkloads: m.colocatedWorkloads,
      ...(opts.packing && { packing: m.packing.map((n) => ({ cpu: r4(n.cpu), memory: n.memory, pods: n.pods, workloads: n.workloads })) }),
    })),
    infeasible: plan.infeasible,
    cheapest: plan.cheapest,
    targetUtilization: plan.targetUtilization,
    spare: plan.spare,
    requests: { ...plan.requests, cpu: r4(plan.requests.cpu) },
  };
}

export function chooseShownModel(plan: Plan, requested?: string): PlanModel | null {
  return plan.models.find((m) => m.name === requested) ?? plan.models.find((m) => m.cheapest) ?? plan.models[0] ?? null;
}

export function describeModelLine(m: PlanModel, priceUnit: string | null): string {
  const cost = m.cost === null ? '' : `, ${formatNumber(m.cost)}${priceUnit ? ` ${priceUnit}` : ''}`;
  return `${m.name}: ${m.nodes} nodes (${m.spare} spare), ${m.limitedBy}-bound${cost}${m.cheapest ? ' (cheapest)' : ''}`;
}

export function planNotes(plan: Plan): string[] {
  const notes = plan.infeasible.map((i) => `${i.name} left out: ${i.reason}.`);
  for (const m of plan.models) {
    if (!m.spread) notes.push(`${m.name}: spreading replicas over distinct nodes would need more nodes, so replicas were packed without it.`);
    else if (m.colocatedWorkloads > 0) notes.push(`${m.name}: ${m.colocatedWorkloads} workload${m.colocatedWorkloads > 1 ? 's have' : ' has'} replicas sharing a node where no other node had room.`);
  }
  return notes;
}

function modelsTable(plan: Plan, priceUnit: string | null): TableModel {
  return {
    columns: [
      { label: 'model', numeric: false },
      { label: 'nodes', numeric: true },
      { label: 'spare', numeric: true },
      { label: 'limited by', numeric: false },
      { label: 'cpu', numeric: true },
      { label: 'memory', numeric: true },
      { label: 'pods', numeric: true },
      { label: priceUnit ? `cost (${priceUnit})` : 'cost', numeric: true },
      { label: '', numeric: false },
    ],
    rows: plan.models.map((m) => ({
      tone: m.cheapest ? 'ok' : 'neutral',
      cells: [m.name, String(m.nodes), String(m.spare), m.limitedBy, formatPercent(m.utilization.cpu), formatPercent(m.utilization.memory), formatPercent(m.utilization.pods), m.cost === null ? '–' : formatNumber(m.cost), m.cheapest ? 'cheapest' : ''],
    })),
  };
}

function nodesTable(m: PlanModel): TableModel {
  return {
    columns: [
      { label: 'node', numeric: true },
      { label: 'pods', numeric: true },
      { label: 'cpu (cores)', numeric: true },
      { label: 'memory', numeric: true },
      { label: 'workloads (pods)', numeric: false },
    ],
    rows: m.packing.slice(0, TABLE_NODES_SHOWN).map((n, i) => ({
      tone: 'neutral',
      cells: [String(i + 1), String(n.pods), formatNumber(n.cpu), formatBytes(n.memory), n.workloads.map((w) => `${w.name} ×${w.pods}`).join(', ')],
    })),
  };
}

export function buildPlanReport(plan: Plan, meta: PlanReportMeta): ReportModel {
  const shown = chooseShownModel(plan, meta.model);
  const req = plan.requests;
  const summary: SummaryLine[] = plan.models.map((m) => ({ text: describeModelLine(m, meta.priceUnit), tone: m.cheapest ? 'ok' : 'neutral' }));
  for (const i of plan.infeasible) summary.push({ text: `${i.name}: cannot hold ${i.workloads.length === 1 ? i.workloads[0] : `${i.workloads.length} workloads`}`, tone: 'bad' });

  const sections: BenchSection[] = [];
  if (plan.models.length > 0) {
    sections.push({
      name: 'Node models',
      tableTitle: 'Models',
      facts: [`Target utilisation ${formatPercent(plan.targetUtilization)} of allocatable; ${plan.spare} spare node${plan.spare === 1 ? '' : 's'} per model; a model without maxPods takes 110 pods per node.`],
      verdict: [],
      table: modelsTable(plan, meta.priceUnit),
      charts: [
        { id: 'plan-nodes', title: 'Nodes needed per model', caption: 'Packed nodes and spares; the label gives the total and the cost, and marks the cheapest model.', spec: planNodeCountSpec(plan, meta.priceUnit) },
        { id: 'plan-utilization', title: 'Utilisation per resource', caption: 'Requests over allocatable (pods over maxPods) on the non-spare nodes; the binding resource is drawn solid. No bar can pass the dashed target for CPU or memory.', spec: planUtilizationSpec(plan) },
      ],
    });
  }
  if (shown) {
    const more = shown.packing.length > PACKING_NODES_SHOWN ? ` The chart shows the first ${PACKING_NODES_SHOWN} of ${shown.packing.length} nodes.` : '';
    const moreRows = shown.packing.length > TABLE_NODES_SHOWN ? ` The table lists the first ${TABLE_NODES_SHOWN}; plan.json has them all.` : '';
    sections.push({
      name: `Packing on ${shown.name}`,
      tableTitle: 'Nodes',
      facts: [
        `Per node: ${formatNumber(shown.allocatable.cpu)} cores and ${formatBytes(shown.allocatable.memory)} allocatable; packed up to ${formatNumber(shown.packable.cpu)} cores, ${formatBytes(shown.packable.memory)} and ${shown.maxPods} pods.`,
        `First-fit decreasing on each pod's dominant resource; replicas of a workload on distinct nodes where possible.${more}${moreRows}`,
      ],
      verdict: [],
      table: nodesTable(shown),
      charts: [{ id: 'plan-packing', title: `Packing per node on ${shown.name}`, caption: 'Requested CPU and memory per node in packing order (fullest first), the room left below the target, and the buffer the target keeps back; spares at the end.', spec: planPackingSpec(shown) }],
    });
  }
  return {
    title: 'Cluster plan',
    subtitle: [
      `${formatTimestamp(meta.generatedAt)} · workloads ${meta.workloadsFile} · node models ${meta.nodesFile}`,
      `${formatNumber(req.workloads)} workloads, ${formatNumber(req.pods)} pods requesting ${formatNumber(req.cpu)} cores and ${formatBytes(req.memory)}`,
    ],
    passed: true,
    // A plan neither passes nor fails: the badge names the cheapest model, or how many models fit.
    status: plan.cheapest ? { text: `cheapest: ${plan.cheapest}`, tone: 'ok' } : { text: `${plan.models.length} model${plan.models.length === 1 ? '' : 's'} fit`, tone: 'neutral' },
    complete: true,
    summary,
    warnings: planNotes(plan),
    benches: sections,
    resources: null,
  };
}
