// A packing as the report and plan.json show it: per node, what it holds and how full it is.
import type { Workload } from '../scenarios/workloads.js';
import type { Packing } from './bin-pack.js';

export interface PlanNode {
  /** Requested cores, bytes and pods on the node. */
  cpu: number;
  memory: number;
  pods: number;
  /** Workloads on the node with their pod counts, in packing order. */
  workloads: Array<{ name: string; pods: number }>;
}

/** `ordered` must be the workloads in the order their groups were packed. */
export function describePackedNodes(ordered: readonly Workload[], packing: Packing): PlanNode[] {
  const nodes: PlanNode[] = [];
  for (let i = 0; i < packing.nodeCount; i++) {
    nodes.push({ cpu: packing.cpuUsed[i]!, memory: packing.memoryUsed[i]!, pods: packing.podsUsed[i]!, workloads: [] });
  }
  let pod = 0;
  for (const w of ordered) {
    // Replicas of a workload are consecutive, so its last entry on a node is the one to bump.
    for (let r = 0; r < w.replicas; r++) {
      const list = nodes[packing.nodeOfPod[pod++]!]!.workloads;
      const last = list[list.length - 1];
      if (last && last.name === w.name) last.pods++;
      else list.push({ name: w.name, pods: 1 });
    }
  }
  return nodes;
}
