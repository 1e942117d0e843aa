// The right-sizing policy: usage history of each workload's container → requests and limits, with
// the evidence and the reasons. Every rule is one field of RightSizePolicy (right-size-types.ts):
//   CPU request   = p95 of the 5-minute rate over the window, pooled across the workload's pods;
//                   no CPU limit (Burstable), or limit = request for critical workloads (Guaranteed)
//   memory        = request = limit = peak working set × 1.15; OOM-killed → ≥ 1.2 × current limit
//   throttling    = throttled / CFS periods over the window > 10% → flagged, with the ratio
//   confidence    = low under 24 h of history, with a hole over max(1 h, 3 steps), or < 90% of points
import { groupByWorkload, type WorkloadContainer } from './right-size-group.js';
import { describeSpan, formatCpuQuantity, formatMemoryQuantity } from './right-size-quantity.js';
import { bandAcross, describeCoverage, quantileSorted, roundUpCores, roundUpMiB, sortedValues } from './right-size-stats.js';
import type {
  ContainerEvidence,
  ContainerRecommendation,
  ContainerResourceValue,
  PodContainerKey,
  Resources,
  ResourceTotals,
  RightSizePolicy,
  RightSizeResult,
  SkippedContainer,
  UsageInput,
} from './right-size-types.js';

const podKey = (k: PodContainerKey): string => `${k.namespace}\u0000${k.pod}\u0000${k.container}`;

function indexValues(rows: readonly ContainerResourceValue[]): Map<string, { cpu?: number; memory?: number }> {
  const out = new Map<string, { cpu?: number; memory?: number }>();
  for (const r of rows) {
    const k = podKey(r);
    const had = out.get(k) ?? {};
    had[r.resource] = Math.max(had[r.resource] ?? -Infinity, r.value);
    out.set(k, had);
  }
  return out;
}

/** Does `--critical` name this workload ("name" in any namespace, or "namespace/name")? */
export function isCritical(namespace: string, workload: string, critical: readonly string[]): boolean {
  return critical.some((c) => c === workload || c === `${namespace}/${workload}`);
}

const percentLabel = (q: number): string => `p${Math.round(q * 1000) / 10}`;
const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

export function recommendResources(input: UsageInput, policy: RightSizePolicy): RightSizeResult {
  const requests = indexValues(input.requests);
  const limits = indexValues(input.limits);
  const oom = new Set(input.oomKilled.map(podKey));
  const throttling = new Map(input.throttling.map((t) => [podKey(t), t]));
  const stepMs = input.window.stepMs;

  const workloads: ContainerRecommendation[] = [];
  const skipped: SkippedContainer[] = [];
  for (const group of groupByWorkload(input)) {
    const rec = recommendContainer(group, { requests, limits, oom, throttling, stepMs, policy });
    if ('reason' in rec) skipped.push(rec);
    else workloads.push(rec);
  }
  return { window: { ...input.window }, policy, workloads, skipped, totals: sumTotals(workloads) };
}

interface Lookups {
  requests: Map<string, { cpu?: number; memory?: number }>;
  limits: Map<string, { cpu?: number; memory?: number }>;
  oom: Set<string>;
  throttling: Map<string, { throttledPeriods: number; periods: number }>;
  stepMs: number;
  policy: RightSizePolicy;
}

function recommendContainer(group: WorkloadContainer, l: Lookups): ContainerRecommendation | SkippedContainer {
  const { workload, container, pods } = group;
  const { policy, stepMs } = l;
  const base = { namespace: workload.namespace, workload: workload.name, container };
  const cpu = sortedValues(pods.flatMap((p) => p.cpuCores));
  const mem = sortedValues(pods.flatMap((p) => p.memoryBytes));
  if (cpu.length === 0) return { ...base, reason: 'no CPU usage points in the window' };
  if (mem.length === 0) return { ...base, reason: 'no memory working-set points in the window' };

  const cov = describeCoverage(pods.flatMap((p) => [...p.cpuCores, ...p.memoryBytes].map((x) => x.tMs)), stepMs);
  // The pods seen last carry the workload's current spec; older ones may predate a change.
  const lastOf = (p: (typeof pods)[number]): number => [...p.cpuCores, ...p.memoryBytes].reduce((m, x) => Math.max(m, x.tMs), -Infinity);
  const latest = pods.filter((p) => lastOf(p) === cov.lastMs);
  const current = currentResources(latest, l);

  let throttledPeriods: number | null = null;
  let periods: number | null = null;
  for (const p of pods) {
    const t = l.throttling.get(podKey(p));
    if (!t) continue;
    throttledPeriods = (throttledPeriods ?? 0) + t.throttledPeriods;
    periods = (periods ?? 0) + t.periods;
  }
  const throttledRatio = periods && periods > 0 && throttledPeriods !== null ? throttledPeriods / periods : null;
  const evidence: ContainerEvidence = {
    cpuP50Cores: quantileSorted(cpu, 0.5),
    cpuPercentileCores: quantileSorted(cpu, policy.cpuPercentile),
    cpuMaxCores: cpu[cpu.length - 1]!,
    memoryP50Bytes: quantileSorted(mem, 0.5),
    memoryPeakBytes: mem[mem.length - 1]!,
    throttledRatio,
    throttledPeriods,
    periods,
    oomKilled: pods.some((p) => l.oom.has(podKey(p))),
    historyMs: cov.historyMs,
    longestGapMs: cov.longestGapMs,
    coverage: cov.coverage,
    firstMs: cov.firstMs,
    lastMs: cov.lastMs,
    points: cov.points,
  };
  const throttled = throttledRatio !== null && throttledRatio > policy.throttleThreshold;
  const critical = isCritical(workload.namespace, workload.name, policy.critical);
  const notes: string[] = [];
  const q = percentLabel(policy.cpuPercentile);

  let cpuRequest = roundUpCores(evidence.cpuPercentileCores);
  notes.push(`CPU request ${formatCpuQuantity(cpuRequest)}: ${q} of the 5-minute rate (${cpu.length} points over ${pods.length} pod${pods.length === 1 ? '' : 's'}; max ${formatCpuQuantity(roundUpCores(evidence.cpuMaxCores))}).`);
  if (throttled) {
    const limitText = current.cpu.limit !== null ? ` under a ${formatCpuQuantity(current.cpu.limit)} limit` : '';
    notes.push(`Throttled in ${pct(throttledRatio!)} of CFS periods (${Math.round(throttledPeriods!)} of ${Math.round(periods!)})${limitText}: usage was capped, so demand may be higher than measured. ${critical ? 'Raise' : 'Remove (or raise)'} the CPU limit and re-measure.`);
  }
  let cpuLimit: number | null = null;
  if (critical) {
    if (throttled && current.cpu.limit !== null) {
      cpuRequest = Math.max(cpuRequest, roundUpCores(current.cpu.limit * policy.throttledLimitRaise));
      notes.push(`Critical and throttled: request = limit raised to at least ${policy.throttledLimitRaise} × the current limit.`);
    }
    cpuLimit = cpuRequest;
    notes.push('Critical: Guaranteed QoS (CPU limit = request, memory limit = request); bursts above the request will be throttled.');
  }

  let memoryBase = evidence.memoryPeakBytes * policy.memoryHeadroom;
  let memoryWhy = `peak working set ${formatMemoryQuantity(roundUpMiB(evidence.memoryPeakBytes))} × ${policy.memoryHeadroom}`;
  if (evidence.oomKilled) {
    const floorFrom = current.memory.limit ?? evidence.memoryPeakBytes;
    const floor = floorFrom * policy.oomBump;
    if (floor > memoryBase) {
      memoryBase = floor;
      memoryWhy = `OOM-killed in the window: ${policy.oomBump} × the ${current.memory.limit !== null ? `current limit ${formatMemoryQuantity(current.memory.limit)}` : `peak ${formatMemoryQuantity(roundUpMiB(evidence.memoryPeakBytes))} (no limit set)`}`;
    } else {
      memoryWhy += `, already above ${policy.oomBump} × the limit it was OOM-killed at`;
    }
  }
  const memory = roundUpMiB(memoryBase);
  notes.push(`Memory request = limit ${formatMemoryQuantity(memory)}: ${memoryWhy}.`);

  const confidenceReasons: string[] = [];
  if (cov.historyMs < policy.minHistoryMs) confidenceReasons.push(`only ${describeSpan(cov.historyMs)} of history (under ${describeSpan(policy.minHistoryMs)})`);
  const gapLimit = Math.max(policy.maxGapMs, 3 * stepMs);
  if (cov.longestGapMs > gapLimit) confidenceReasons.push(`a ${describeSpan(cov.longestGapMs)} gap in the data (over ${describeSpan(gapLimit)})`);
  if (cov.coverage < policy.minCoverage) confidenceReasons.push(`${pct(cov.coverage)} of the expected points (under ${pct(policy.minCoverage)})`);
  if (confidenceReasons.length) notes.push(`Low confidence: ${confidenceReasons.join('; ')}.`);

  return {
    ...base,
    kind: workload.kind,
    groupedBy: workload.groupedBy,
    pods: pods.map((p) => p.pod),
    replicas: latest.length,
    cpu: { request: cpuRequest, limit: cpuLimit },
    memory: { request: memory, limit: memory },
    throttled,
    confidence: confidenceReasons.length ? 'low' : 'high',
    confidenceReasons,
    qos: critical ? 'Guaranteed' : 'Burstable',
    current,
    evidence,
    notes,
    usage: { cpu: bandAcross(pods.map((p) => p.cpuCores)), memory: bandAcross(pods.map((p) => p.memoryBytes)) },
  };
}

/** The largest value the latest pods report for each resource; null when none reports one (unset, or not scraped). */
function currentResources(latest: readonly PodContainerKey[], l: Lookups): Resources {
  const pick = (m: Lookups['requests'], r: 'cpu' | 'memory'): number | null => {
    const vs = latest.map((p) => m.get(podKey(p))?.[r]).filter((v): v is number => v !== undefined);
    return vs.length ? Math.max(...vs) : null;
  };
  return {
    cpu: { request: pick(l.requests, 'cpu'), limit: pick(l.limits, 'cpu') },
    memory: { request: pick(l.requests, 'memory'), limit: pick(l.limits, 'memory') },
  };
}

/** Sums rounded to the unit's resolution (`per` steps per unit), so float noise never shows in the JSON. */
function total(deltas: readonly number[], per: number): ResourceTotals {
  const r = (x: number): number => Math.round(x * per) / per;
  const freed = r(deltas.reduce((s, d) => s + Math.max(0, -d), 0));
  const added = r(deltas.reduce((s, d) => s + Math.max(0, d), 0));
  return { freed, added, net: r(added - freed) };
}

/** Recommended minus current requests, × the replicas running at the end; an unset request counts as 0. */
export function sumTotals(recs: readonly ContainerRecommendation[]): RightSizeResult['totals'] {
  return {
    cpuCores: total(recs.map((r) => (r.cpu.request - (r.current.cpu.request ?? 0)) * r.replicas), 1000),
    memoryBytes: total(recs.map((r) => (r.memory.request - (r.current.memory.request ?? 0)) * r.replicas), 1),
  };
}
