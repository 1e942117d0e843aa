// Cluster sizing: how many nodes of each model a set of workloads needs. Per model: allocatable by
// the reserved formulas, × the target utilisation, capped by maxPods; pods packed first-fit
// decreasing on their dominant resource, replicas spread over distinct nodes where that costs no
// extra node; plus spare nodes. Pure and deterministic (ties broken by workload name).
import type { NodeModel } from '../scenarios/node-models.js';
import type { Workload } from '../scenarios/workloads.js';
import { packFirstFit, type PackGroup, type Packing } from './bin-pack.js';
import { computeAllocatable, type Allocatable } from './kube-reserved.js';
import { KUBERNETES_TESTED_MAX_PODS } from './max-pods.js';
import { describePackedNodes, type PlanNode } from './plan-nodes.js';

export type PlanResource = 'cpu' | 'memory' | 'pods';

export interface PlanOptions {
  /** Fraction of allocatable CPU and memory to fill; default 0.8. */
  targetUtilization?: number;
  /** Spare nodes per model for failures; default 1 (N+1). */
  spare?: number;
  /** maxPods of a model that does not give one; default 110. */
  testedLimit?: number;
}

export interface PlanModel {
  name: string;
  /** Nodes to buy, spares included. */
  nodes: number;
  spare: number;
  limitedBy: PlanResource;
  /** Requests over allocatable (pods over maxPods) on the non-spare nodes. */
  utilization: Record<PlanResource, number>;
  /** price × nodes; null without a price. */
  cost: number | null;
  pricePerNode: number | null;
  cheapest: boolean;
  maxPods: number;
  /** Per node: allocatable cores and bytes, and what the packing may fill (× target). */
  allocatable: { cpu: number; memory: number };
  packable: { cpu: number; memory: number; pods: number };
  /** Nodes no packing can go below (total requests over what one node may hold, per resource), spares excluded. */
  lowerBound: number;
  /** false when spreading replicas would have cost extra nodes, so they were packed without it. */
  spread: boolean;
  /** Workloads with two replicas on one node although there were enough nodes to separate them. */
  colocatedWorkloads: number;
  reserved: Pick<Allocatable, 'kubeReserved' | 'systemReserved' | 'evictionMemoryBytes' | 'source'>;
  /** The non-spare nodes, in packing order. */
  packing: PlanNode[];
}

export interface InfeasibleModel {
  name: string;
  /** The workloads whose pod does not fit one node of this model. */
  workloads: string[];
  reason: string;
}

export interface Plan {
  models: PlanModel[];
  infeasible: InfeasibleModel[];
  /** The model with the lowest cost, when any model has a price. */
  cheapest: string | null;
  targetUtilization: number;
  spare: number;
  requests: { workloads: number; pods: number; cpu: number; memory: number };
}

export function planCluster(workloads: readonly Workload[], models: readonly NodeModel[], opts: PlanOptions = {}): Plan {
  const target = opts.targetUtilization ?? 0.8;
  const spare = opts.spare ?? 1;
  // By name first, so even float sums do not depend on the order of the file.
  const placed = workloads.filter((w) => w.replicas > 0).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const results: PlanModel[] = [];
  const infeasible: InfeasibleModel[] = [];
  for (const model of models) {
    const r = planModel(placed, model, target, spare, opts.testedLimit ?? KUBERNETES_TESTED_MAX_PODS);
    if ('reason' in r) infeasible.push(r);
    else results.push(r);
  }
  const cheapest = pickCheapest(results);
  for (const m of results) m.cheapest = m.name === cheapest;
  return {
    models: results,
    infeasible,
    cheapest,
    targetUtilization: target,
    spare,
    requests: {
      workloads: placed.length,
      pods: placed.reduce((n, w) => n + w.replicas, 0),
      cpu: placed.reduce((n, w) => n + w.cpuCores * w.replicas, 0),
      memory: placed.reduce((n, w) => n + w.memoryBytes * w.replicas, 0),
    },
  };
}

function planModel(workloads: readonly Workload[], model: NodeModel, target: number, spare: number, testedLimit: number): PlanModel | InfeasibleModel {
  const alloc = computeAllocatable({ cpuCores: model.cpuCores, memoryBytes: model.memoryBytes }, model.reserved);
  const maxPods = model.maxPods ?? testedLimit;
  const cap = { cpu: alloc.cpuCores * target, memory: alloc.memoryBytes * target, pods: maxPods };

  // Decreasing by the pod's dominant share of a node; equal shares by name, so the order is total
  // and the plan does not depend on the order of the file.
  const share = (w: Workload): number => Math.max(w.cpuCores / cap.cpu, w.memoryBytes / cap.memory, 1 / cap.pods);
  const ordered = workloads
    .map((w) => ({ w, share: share(w) }))
    .sort((a, b) => b.share - a.share || (a.w.name < b.w.name ? -1 : a.w.name > b.w.name ? 1 : 0))
    .map((x) => x.w);

  const tooBig = ordered.filter((w) => w.cpuCores > cap.cpu * (1 + 1e-9) || w.memoryBytes > cap.memory * (1 + 1e-9));
  if (tooBig.length > 0) {
    const shown = tooBig.slice(0, 5).map((w) => `${w.name} (${round(w.cpuCores)} cores, ${gib(w.memoryBytes)} GiB per pod)`).join(', ');
    const more = tooBig.length > 5 ? ` and ${tooBig.length - 5} more` : '';
    return {
      name: model.name,
      workloads: tooBig.map((w) => w.name),
      reason: `${shown}${more} do${tooBig.length === 1 ? 'es' : ''} not fit one ${model.name} node: allocatable × ${target} = ${round(cap.cpu)} cores, ${gib(cap.memory)} GiB`,
    };
  }

  const groups: PackGroup[] = ordered.map((w) => ({ cpu: w.cpuCores, memory: w.memoryBytes, count: w.replicas }));

  const plain = packFirstFit(groups, cap, { spread: false });
  let packing: Packing = plain;
  let spread = true;
  if (groups.some((g) => g.count > 1)) {
    const spreadPacking = packFirstFit(groups, cap, { spread: true, preopen: plain.nodeCount });
    if (spreadPacking.nodeCount <= plain.nodeCount) packing = spreadPacking;
    else spread = false;
  }

  const n = packing.nodeCount;
  const used = { cpu: sum(packing.cpuUsed), memory: sum(packing.memoryUsed), pods: sum(packing.podsUsed) };
  const ratio = (x: number, perNode: number): number => (n === 0 || perNode === 0 ? 0 : x / (n * perNode));
  const ofPackable: Record<PlanResource, number> = { cpu: ratio(used.cpu, cap.cpu), memory: ratio(used.memory, cap.memory), pods: ratio(used.pods, cap.pods) };
  const limitedBy = (['cpu', 'memory', 'pods'] as const).reduce((best, r) => (ofPackable[r] > ofPackable[best] ? r : best), 'cpu' as PlanResource);
  const nodes = n + spare;
  return {
    name: model.name,
    nodes,
    spare,
    limitedBy,
    utilization: { cpu: ratio(used.cpu, alloc.cpuCores), memory: ratio(used.memory, alloc.memoryBytes), pods: ratio(used.pods, maxPods) },
    cost: model.price === null ? null : model.price * nodes,
    pricePerNode: model.price,
    cheapest: false,
    maxPods,
    allocatable: { cpu: alloc.cpuCores, memory: alloc.memoryBytes },
    packable: cap,
    lowerBound: Math.max(
      Math.ceil(used.cpu / cap.cpu - 1e-9),
      Math.ceil(used.memory / cap.memory - 1e-9),
      Math.ceil(used.pods / cap.pods),
    ),
    spread,
    colocatedWorkloads: countColocated(groups, packing),
    reserved: { kubeReserved: alloc.kubeReserved, systemReserved: alloc.systemReserved, evictionMemoryBytes: alloc.evictionMemoryBytes, source: alloc.source },
    packing: describePackedNodes(ordered, packing),
  };
}

/** Lowest cost; ties to fewer nodes, then to the earlier model. */
function pickCheapest(models: readonly PlanModel[]): string | null {
  let best: PlanModel | null = null;
  for (const m of models) {
    if (m.cost === null) continue;
    if (!best || m.cost < best.cost! || (m.cost === best.cost && m.nodes < best.nodes)) best = m;
  }
  return best?.name ?? null;
}

function countColocated(groups: readonly PackGroup[], packing: Packing): number {
  const seenBy = new Int32Array(packing.nodeCount).fill(-1);
  let pod = 0;
  let colocated = 0;
  groups.forEach((g, gi) => {
    let distinct = 0;
    for (let r = 0; r < g.count; r++) {
      const node = packing.nodeOfPod[pod++]!;
      if (seenBy[node] !== gi) {
        seenBy[node] = gi;
        distinct++;
      }
    }
    if (distinct < Math.min(g.count, packing.nodeCount)) colocated++;
  });
  return colocated;
}

function sum(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

function round(x: number): number {
  return Number(x.toFixed(3));
}

function gib(bytes: number): number {
  return Number((bytes / 1024 ** 3).toFixed(2));
}
