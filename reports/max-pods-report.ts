// A maxPods recommendation → the JSON `--json` prints and the ReportModel the HTML page renders.
import type { MaxPodsRecommendation } from '../analyzers/max-pods.js';
import { formatCpuQuantity, formatMemoryQuantity } from '../analyzers/kube-reserved.js';
import type { ReportModel } from './build-report.js';
import { formatBytes, formatNumber, formatTimestamp } from './format.js';
import { maxPodsConstraintsSpec } from './max-pods-spec.js';

export interface MaxPodsReportMeta {
  /** ISO time the recommendation was made. */
  generatedAt: string;
  /** Where the node's size came from, e.g. "results/node-b/result.json" or "--cpu/--memory". */
  nodeSource: string;
  /** Where the typical pod came from, e.g. "--pod-cpu/--pod-memory". */
  podSource: string;
}

/** `{ maxPods, limitedBy, constraints: [{ name, maxPods, detail }], … }`: cores and bytes throughout. */
export function maxPodsJson(rec: MaxPodsRecommendation): Record<string, unknown> {
  const a = rec.allocatable;
  return {
    maxPods: rec.maxPods,
    limitedBy: rec.limitedBy,
    constraints: rec.constraints.map((c) => ({ name: c.name, maxPods: c.maxPods, detail: c.detail })),
    node: { cpu: rec.node.cpuCores, memory: rec.node.memoryBytes },
    pod: { cpu: rec.pod.cpuCores, memory: rec.pod.memoryBytes, overheadMemory: rec.pod.overheadMemoryBytes },
    reserved: {
      kube: { cpu: a.kubeReserved.cpuCores, memory: Math.ceil(a.kubeReserved.memoryBytes) },
      system: { cpu: a.systemReserved.cpuCores, memory: Math.ceil(a.systemReserved.memoryBytes) },
      evictionMemory: a.evictionMemoryBytes,
      source: a.source,
    },
    allocatable: { cpu: a.cpuCores, memory: Math.floor(a.memoryBytes) },
    kubeletConfig: rec.kubeletConfig,
  };
}

export function describeNode(rec: MaxPodsRecommendation): string {
  return `${formatNumber(rec.node.cpuCores)} cores, ${formatBytes(rec.node.memoryBytes)}`;
}

export function describePod(rec: MaxPodsRecommendation): string {
  const overhead = rec.pod.overheadMemoryBytes > 0 ? ` + ${formatBytes(rec.pod.overheadMemoryBytes)} overhead` : '';
  return `${formatCpuQuantity(rec.pod.cpuCores)} CPU, ${formatBytes(rec.pod.memoryBytes)}${overhead}`;
}

/** The kubelet settings as rows: what a reader copies into a node pool's configuration. */
function kubeletSettings(rec: MaxPodsRecommendation): string[] {
  const a = rec.allocatable;
  const rows = [`maxPods: ${rec.maxPods}`];
  if (a.kubeReserved.cpuCores > 0) rows.push(`kubeReserved.cpu: ${formatCpuQuantity(a.kubeReserved.cpuCores)}`);
  if (a.kubeReserved.memoryBytes > 0) rows.push(`kubeReserved.memory: ${formatMemoryQuantity(a.kubeReserved.memoryBytes)} (${formatBytes(a.kubeReserved.memoryBytes)})`);
  if (a.systemReserved.cpuCores > 0) rows.push(`systemReserved.cpu: ${formatCpuQuantity(a.systemReserved.cpuCores)}`);
  if (a.systemReserved.memoryBytes > 0) rows.push(`systemReserved.memory: ${formatMemoryQuantity(a.systemReserved.memoryBytes)}`);
  rows.push(`evictionHard.memory.available: ${formatMemoryQuantity(a.evictionMemoryBytes)}`);
  return rows;
}

export function buildMaxPodsReport(rec: MaxPodsRecommendation, meta: MaxPodsReportMeta): ReportModel {
  const binding = rec.constraints.find((c) => c.name === rec.limitedBy)!;
  const source = rec.allocatable.source;
  const reservedFrom = source.cpu === 'tiered' && source.memory === 'tiered' ? 'GKE/EKS tiers' : 'your --kube-reserved/--system-reserved for the resources they name, tiers otherwise';
  return {
    title: `maxPods ${rec.maxPods} for a ${describeNode(rec)} node`,
    subtitle: [`${formatTimestamp(meta.generatedAt)} · node from ${meta.nodeSource} · typical pod from ${meta.podSource}`, `typical pod: ${describePod(rec)}`],
    passed: true,
    complete: true,
    status: { text: `limited by ${rec.limitedBy}`, tone: rec.maxPods === 0 ? 'bad' : 'neutral' },
    summary: [
      { text: `Recommended maxPods: ${rec.maxPods}, limited by ${rec.limitedBy}: ${binding.detail}.`, tone: 'ok' },
      { text: `Allocatable per node: ${formatNumber(rec.allocatable.cpuCores)} cores, ${formatBytes(rec.allocatable.memoryBytes)} (reservations from ${reservedFrom}).`, tone: 'neutral' },
    ],
    warnings: rec.maxPods === 0 ? [`No pod fits: ${binding.detail}.`] : [],
    benches: [
      {
        name: 'Constraints',
        tableTitle: 'Constraints',
        facts: ['Each constraint is the most pods one node takes on its own; the recommendation is the smallest.', ...kubeletSettings(rec).map((s) => `kubelet: ${s}`)],
        verdict: [],
        table: {
          columns: [
            { label: 'constraint', numeric: false },
            { label: 'max pods', numeric: true },
            { label: 'how', numeric: false },
          ],
          rows: rec.constraints.map((c) => ({ cells: [c.name, formatNumber(c.maxPods), c.detail], tone: c.name === rec.limitedBy ? 'bad' : 'neutral' })),
        },
        charts: [
          {
            id: 'max-pods-constraints',
            title: 'Constraints on pods per node',
            caption: 'One bar per constraint; the red one binds and sets maxPods (dashed line). A bar that runs off the axis is far above the others; its label keeps the value.',
            spec: maxPodsConstraintsSpec(rec),
          },
        ],
      },
    ],
    resources: null,
  };
}
