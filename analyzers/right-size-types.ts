// The data right-sizing works on (what the Prometheus agent hands over) and what it returns.
// Cores and bytes throughout; times in ms since the epoch.

export interface Point {
  tMs: number;
  value: number;
}

export interface PodContainerKey {
  namespace: string;
  pod: string;
  container: string;
}

/** One container of one pod over the window, one point per query step. */
export interface PodContainerUsage extends PodContainerKey {
  /** The 5-minute CPU rate, cores. */
  cpuCores: Point[];
  /** The largest working set within each step, bytes. */
  memoryBytes: Point[];
}

export interface ContainerThrottling extends PodContainerKey {
  /** CFS periods in which the container was throttled, over the window. */
  throttledPeriods: number;
  /** CFS periods in which the container was runnable, over the window. */
  periods: number;
}

export interface ContainerResourceValue extends PodContainerKey {
  resource: 'cpu' | 'memory';
  /** Cores for cpu, bytes for memory. */
  value: number;
}

export interface OwnerRef {
  namespace: string;
  /** The owned object's name: a pod, a ReplicaSet or a Job. */
  name: string;
  ownerKind: string;
  ownerName: string;
}

export interface UsageInput {
  window: { startMs: number; endMs: number; stepMs: number };
  usage: PodContainerUsage[];
  throttling: ContainerThrottling[];
  requests: ContainerResourceValue[];
  limits: ContainerResourceValue[];
  /** Containers whose last termination in the window was an OOM kill. */
  oomKilled: PodContainerKey[];
  podOwners: OwnerRef[];
  replicaSetOwners: OwnerRef[];
  jobOwners: OwnerRef[];
}

export interface RightSizePolicy {
  /** CPU request = this quantile of the 5-minute CPU rate (0.95). */
  cpuPercentile: number;
  /** Memory request = limit = peak working set × this (1.15). */
  memoryHeadroom: number;
  /** An OOM-killed container gets at least this × its current memory limit (1.2). */
  oomBump: number;
  /** Throttled periods / periods above this flags the container (0.10). */
  throttleThreshold: number;
  /** A critical, throttled container (Guaranteed, so it keeps a limit) gets at least this × its current CPU limit (1.5). */
  throttledLimitRaise: number;
  /** Less history than this makes the confidence low (24 h). */
  minHistoryMs: number;
  /** A hole longer than max(this, 3 steps) in a container's points makes the confidence low (1 h). */
  maxGapMs: number;
  /** Fewer than this share of the expected points between first and last makes it low too (0.9). */
  minCoverage: number;
  /** Workloads that get Guaranteed QoS: "name" (any namespace) or "namespace/name". */
  critical: string[];
}

export const DEFAULT_POLICY: RightSizePolicy = {
  cpuPercentile: 0.95,
  memoryHeadroom: 1.15,
  oomBump: 1.2,
  throttleThreshold: 0.1,
  throttledLimitRaise: 1.5,
  minHistoryMs: 24 * 3_600_000,
  maxGapMs: 3_600_000,
  minCoverage: 0.9,
  critical: [],
};

export interface Resources {
  cpu: { request: number | null; limit: number | null };
  memory: { request: number | null; limit: number | null };
}

/** Usage of a workload's container over time, across its pods: the least and most busy replica per step. */
export interface UsageBand {
  tMs: number;
  min: number;
  max: number;
}

export interface ContainerEvidence {
  cpuP50Cores: number;
  /** At the policy's percentile (p95 by default). */
  cpuPercentileCores: number;
  cpuMaxCores: number;
  memoryP50Bytes: number;
  memoryPeakBytes: number;
  /** Throttled periods / periods over the window; null without CFS counters (no CPU limit, or not scraped). */
  throttledRatio: number | null;
  throttledPeriods: number | null;
  periods: number | null;
  oomKilled: boolean;
  /** From the first to the last point, one step included. */
  historyMs: number;
  longestGapMs: number;
  /** Points present / points expected between the first and the last. */
  coverage: number;
  firstMs: number;
  lastMs: number;
  points: number;
}

export type Confidence = 'high' | 'low';
export type Qos = 'Guaranteed' | 'Burstable';

export interface ContainerRecommendation {
  namespace: string;
  workload: string;
  /** Deployment, StatefulSet, DaemonSet, CronJob…; null when neither owners nor the pod names tell. */
  kind: string | null;
  groupedBy: 'owner' | 'name';
  container: string;
  pods: string[];
  /** Pods present at the workload's last point: what the totals multiply by. */
  replicas: number;
  cpu: { request: number; limit: number | null };
  memory: { request: number; limit: number };
  throttled: boolean;
  confidence: Confidence;
  confidenceReasons: string[];
  qos: Qos;
  current: Resources;
  evidence: ContainerEvidence;
  /** Why each figure is what it is, in sentences. */
  notes: string[];
  usage: { cpu: UsageBand[]; memory: UsageBand[] };
}

export interface SkippedContainer {
  namespace: string;
  workload: string;
  container: string;
  reason: string;
}

export interface ResourceTotals {
  /** Σ max(0, current − recommended request) × replicas. */
  freed: number;
  /** Σ max(0, recommended − current request) × replicas; an unset request counts as 0. */
  added: number;
  /** added − freed. */
  net: number;
}

export interface RightSizeResult {
  window: { startMs: number; endMs: number; stepMs: number };
  policy: RightSizePolicy;
  workloads: ContainerRecommendation[];
  skipped: SkippedContainer[];
  totals: { cpuCores: ResourceTotals; memoryBytes: ResourceTotals };
}
