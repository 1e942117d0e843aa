// First-fit bin packing of pods onto identical nodes, with a preference for spreading the replicas
// of one workload over distinct nodes. The caller orders the groups (decreasing size for FFD).
// Pure and deterministic: the same groups in the same order always give the same packing.
import { FreeTree, type NodeCapacity } from './bin-pack-tree.js';

/** The replicas of one workload: `count` pods of the same size, placed one after another. */
export interface PackGroup {
  cpu: number;
  memory: number;
  count: number;
}

export interface Packing {
  /** Nodes holding at least one pod. */
  nodeCount: number;
  /** Node index of every pod, groups in the order given, replicas in order within a group. */
  nodeOfPod: Int32Array;
  cpuUsed: Float64Array;
  memoryUsed: Float64Array;
  podsUsed: Int32Array;
}

export interface PackOptions {
  /**
   * Prefer a node without a replica of the same workload (the leftmost that fits); a node that has
   * one is used only when no other open node fits, and then the nodes holding replicas take turns.
   * Without pre-opened nodes this would pile every replica onto the first node, so spreading is
   * meant to run with `preopen` set to a node count known to suffice.
   */
  spread: boolean;
  /** Empty nodes to open before placing anything. */
  preopen?: number;
}

/** Slack for sums of floats: a pod that fits on paper (12 × 1 core in 12.0 free) must fit here. */
const RELATIVE_EPSILON = 1e-9;

export function packFirstFit(groups: readonly PackGroup[], capacity: NodeCapacity, opts: PackOptions): Packing {
  const totalPods = groups.reduce((n, g) => n + g.count, 0);
  const tree = new FreeTree(capacity, Math.max(16, opts.preopen ?? 0));
  for (let i = 0; i < (opts.preopen ?? 0); i++) tree.open();
  const epsCpu = capacity.cpu * RELATIVE_EPSILON;
  const epsMem = capacity.memory * RELATIVE_EPSILON;
  const nodeOfPod = new Int32Array(totalPods);
  let pod = 0;

  for (const g of groups) {
    const needCpu = g.cpu - epsCpu;
    const needMem = g.memory - epsMem;
    if (g.cpu > capacity.cpu + epsCpu || g.memory > capacity.memory + epsMem || capacity.pods < 1) {
      throw new Error(`bug: a pod of ${g.cpu} cores / ${g.memory} bytes was given to a node of ${capacity.cpu} / ${capacity.memory}`);
    }
    // Within a group every pod has the same size and free space only shrinks, so a node passed over
    // as full stays full: each search resumes where the last one stopped.
    let fromUnshared = 0; // left of this, every node holds a replica or cannot fit one
    let fromAny = 0; // left of this, no node fits (plain first-fit)
    let nextShared = 0; // spreading: shared nodes are taken round-robin, so no one node collects the rest
    for (let r = 0; r < g.count; r++) {
      let node = -1;
      if (opts.spread) {
        node = tree.findFirst(fromUnshared, needCpu, needMem);
        if (node >= 0) fromUnshared = node + 1;
        else {
          node = tree.findFirst(nextShared, needCpu, needMem);
          if (node < 0 && nextShared > 0) node = tree.findFirst(0, needCpu, needMem);
          if (node >= 0) nextShared = node + 1;
        }
      } else {
        node = tree.findFirst(fromAny, needCpu, needMem);
        if (node >= 0) fromAny = node;
      }
      if (node < 0) {
        node = tree.open();
        fromUnshared = node + 1;
      }
      tree.take(node, g.cpu, g.memory);
      nodeOfPod[pod++] = node;
    }
  }

  // Pre-opened nodes no pod reached are all at the end: first-fit fills from the left.
  let nodeCount = tree.count;
  while (nodeCount > 0 && tree.freePods(nodeCount - 1) === capacity.pods) nodeCount--;
  // Sums taken afresh rather than capacity − free, which would carry the subtractions' rounding.
  const cpuUsed = new Float64Array(nodeCount);
  const memoryUsed = new Float64Array(nodeCount);
  const podsUsed = new Int32Array(nodeCount);
  pod = 0;
  for (const g of groups) {
    for (let r = 0; r < g.count; r++) {
      const node = nodeOfPod[pod++]!;
      cpuUsed[node] = cpuUsed[node]! + g.cpu;
      memoryUsed[node] = memoryUsed[node]! + g.memory;
      podsUsed[node] = podsUsed[node]! + 1;
    }
  }
  return { nodeCount, nodeOfPod, cpuUsed, memoryUsed, podsUsed };
}
