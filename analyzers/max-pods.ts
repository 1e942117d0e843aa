// How many pods one node model should take (the kubelet's maxPods): every constraint computed and
// shown, the recommendation the smallest, named by `limitedBy`. Pure.
import type { DensityMeasurement } from './max-pods-density.js';
import { pickDensityLimit } from './max-pods-density.js';
import type { PodCidr } from './max-pods-cidr.js';
import { renderKubeletConfig } from './max-pods-kubelet.js';
import { computeAllocatable, describeBytes as formatBytes, type Allocatable, type ReservedOverrides, type Resources } from './kube-reserved.js';

export type MaxPodsLimit = 'cpu' | 'memory' | 'ip' | 'density' | 'pods-per-core' | 'tested-limit';

/** Kubernetes' tested per-node pod count (the kubelet's default maxPods). */
export const KUBERNETES_TESTED_MAX_PODS = 110;
/** Kubernetes' published scalability threshold: at most 10 pods per core. */
export const DEFAULT_PODS_PER_CORE = 10;
export const DEFAULT_STARTUP_LIMIT_MS = 5000;

export interface TypicalPod {
  cpuCores: number;
  memoryBytes: number;
  /** Per-pod memory the runtime uses beyond the pod's request (sandbox, pause container). */
  overheadMemoryBytes?: number;
}

export interface MaxPodsInput {
  node: Resources;
  pod: TypicalPod;
  podCidr?: PodCidr | null;
  density?: readonly DensityMeasurement[] | null;
  /** The pod start-up p99 a density must meet; default 5 s. */
  startupLimitMs?: number;
  /** Default 110. */
  testedLimit?: number;
  /** Default 10; 0 leaves the constraint out. */
  podsPerCore?: number;
  reserved?: ReservedOverrides;
}

export interface MaxPodsConstraint {
  name: MaxPodsLimit;
  maxPods: number;
  /** The arithmetic, so a reader can check it. */
  detail: string;
}

export interface MaxPodsRecommendation {
  maxPods: number;
  limitedBy: MaxPodsLimit;
  /** In a fixed order: cpu, memory, ip, density, pods-per-core, tested-limit (those that apply). */
  constraints: MaxPodsConstraint[];
  node: Resources;
  pod: Required<TypicalPod>;
  allocatable: Allocatable;
  /** A KubeletConfiguration fragment with maxPods and the reservations used. */
  kubeletConfig: string;
}

/**
 * ⌊x⌋ for quotients that are whole numbers on paper: binary floating point makes 1.93 / 0.01 come
 * out as 192.99999999999997, which must still count as 193 pods.
 */
export function floorCount(x: number): number {
  return Math.max(0, Math.floor(x + 1e-9));
}

/** Up to 4 decimals, trailing zeros dropped: 0.11 → "0.11", 63.56 → "63.56". */
function num(x: number): string {
  return String(Number(x.toFixed(4)));
}

function cpuConstraint(node: Resources, alloc: Allocatable, pod: Required<TypicalPod>): MaxPodsConstraint | null {
  if (pod.cpuCores <= 0) return null;
  const reserved = alloc.kubeReserved.cpuCores + alloc.systemReserved.cpuCores;
  const q = alloc.cpuCores / pod.cpuCores;
  return { name: 'cpu', maxPods: floorCount(q), detail: `(${num(node.cpuCores)} cores − ${num(reserved)} reserved) / ${num(pod.cpuCores)} per pod = ${num(q)} → ${floorCount(q)}` };
}

function memoryConstraint(node: Resources, alloc: Allocatable, pod: Required<TypicalPod>): MaxPodsConstraint | null {
  const perPod = pod.memoryBytes + pod.overheadMemoryBytes;
  if (perPod <= 0) return null;
  const reserved = alloc.kubeReserved.memoryBytes + alloc.systemReserved.memoryBytes;
  const q = alloc.memoryBytes / perPod;
  const podText = pod.overheadMemoryBytes > 0 ? `(${formatBytes(pod.memoryBytes)} + ${formatBytes(pod.overheadMemoryBytes)} overhead)` : formatBytes(pod.memoryBytes);
  return {
    name: 'memory',
    maxPods: floorCount(q),
    detail: `(${formatBytes(node.memoryBytes)} − ${formatBytes(reserved)} reserved − ${formatBytes(alloc.evictionMemoryBytes)} eviction threshold) / ${podText} per pod = ${num(q)} → ${floorCount(q)}`,
  };
}

function ipConstraint(cidr: PodCidr): MaxPodsConstraint {
  const pods = Math.floor(cidr.addresses / 2);
  return { name: 'ip', maxPods: pods, detail: `/${cidr.prefix} (IPv${cidr.family}) holds ${cidr.addresses.toLocaleString('en-US')} addresses; half of them, so a pod being replaced never waits for an address → ${pods.toLocaleString('en-US')}` };
}

export function recommendMaxPods(input: MaxPodsInput): MaxPodsRecommendation {
  const pod: Required<TypicalPod> = { overheadMemoryBytes: 0, ...input.pod };
  const testedLimit = input.testedLimit ?? KUBERNETES_TESTED_MAX_PODS;
  const podsPerCore = input.podsPerCore ?? DEFAULT_PODS_PER_CORE;
  const alloc = computeAllocatable(input.node, input.reserved);
  const constraints: MaxPodsConstraint[] = [];
  const push = (c: MaxPodsConstraint | null): void => {
    if (c) constraints.push(c);
  };
  push(cpuConstraint(input.node, alloc, pod));
  push(memoryConstraint(input.node, alloc, pod));
  if (input.podCidr) push(ipConstraint(input.podCidr));
  if (input.density && input.density.length > 0) push({ name: 'density', ...pickDensityLimit(input.density, input.startupLimitMs ?? DEFAULT_STARTUP_LIMIT_MS) });
  if (podsPerCore > 0) {
    const pods = floorCount(podsPerCore * input.node.cpuCores);
    push({ name: 'pods-per-core', maxPods: pods, detail: `${num(podsPerCore)} × ${num(input.node.cpuCores)} cores = ${pods}` });
  }
  push({ name: 'tested-limit', maxPods: testedLimit, detail: testedLimit === KUBERNETES_TESTED_MAX_PODS ? `Kubernetes' tested limit: ${testedLimit}` : `the limit you trust (--tested-limit): ${testedLimit}` });

  // The first smallest wins, so a resource tied with the tested limit is named as the reason.
  let binding = constraints[0]!;
  for (const c of constraints) if (c.maxPods < binding.maxPods) binding = c;
  return {
    maxPods: binding.maxPods,
    limitedBy: binding.name,
    constraints,
    node: input.node,
    pod,
    allocatable: alloc,
    kubeletConfig: renderKubeletConfig(binding.maxPods, alloc),
  };
}
