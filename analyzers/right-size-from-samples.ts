// headroom's own resource samples (result.json `resources`, taken at 1 Hz by agents/sampler.ts while a
// run watched a process with --pid) → the same UsageInput the Prometheus agent builds, so one policy
// (right-size.ts) sizes both.
//
// The equivalence with the Prometheus path:
// - CPU. Prometheus' rate(cpu_seconds_total[5m]) at t is the CPU time used in (t − 5m, t] divided by
//   5 minutes: the time-weighted mean of the usage over the trailing 5 minutes. Each sample's
//   proc.cpuPercent / 100 is the cores used over that sample's own interval (like top), so the same
//   mean is Σ cores × interval / Σ interval over the samples in (t − W, t]. One point is emitted per
//   sample once a full window lies behind it, i.e. the rate evaluated every second; its p95 is the p95
//   of the 5-minute rate, just sampled more densely than a 5-minute step would. A run shorter than the
//   window gets the window cut to the run's length (one point: the whole run's mean), because a
//   partial window at the start would be a noisier, shorter average that inflates the p95.
// - Memory. proc.rssBytes at each sample, where Prometheus reads the cgroup working set. RSS is close
//   but not the same: it leaves out the page cache and kernel memory the cgroup is charged for, and
//   counts shared library pages the cgroup may have been charged for once elsewhere.
// - One process only (its threads included, not its child processes), and no CFS throttling or OOM
//   data: a local process has neither a CPU limit nor a memory limit unless the user set one.
//
// Each watched pid becomes one pod, `<workload>-pid<pid>`, with an owner reference to the workload.
// Names alone would not group it (workloadFromPodName sees `web-pid1234` as a bare pod named so), and
// an owner reference maps any workload name back exactly, whatever suffix rule its name resembles.
import type { ResourceSample } from '../scenarios/result.js';
import { describeSpan } from './right-size-quantity.js';
import type { ContainerResourceValue, OwnerRef, PodContainerUsage, Point, UsageInput } from './right-size-types.js';

/** The part of a RunResult the adapter reads. */
export interface SampledRun {
  resources: readonly ResourceSample[];
}

export interface SampleUsageOptions {
  /** The workload the process stands for (a Deployment's name, say). */
  workload: string;
  /** Default 'local'. */
  namespace?: string;
  /** Default: the workload's name. */
  container?: string;
  /** The owner kind the pods are attributed to, which names the patch; default 'Deployment'. */
  kind?: string;
  /** The trailing window of the CPU average (the "5-minute rate"); default 5 min, cut to each run's length. */
  rateWindowMs?: number;
  /** Current requests, when the user knows them (the run itself cannot tell). */
  current?: { cpuCores?: number; memoryBytes?: number };
}

export const DEFAULT_RATE_WINDOW_MS = 5 * 60_000;
const DEFAULT_NAMESPACE = 'local';
const DEFAULT_KIND = 'Deployment';
/** Used for the first sample's interval when a run has a single sample. */
const NOMINAL_INTERVAL_MS = 1000;

/** One watched process within one run: its samples with the interval each covers. */
export interface ProcessSeries {
  pid: number;
  /** tMs ascending; intervalMs is the time the sample's figures are averaged over. */
  samples: Array<{ tMs: number; intervalMs: number; cores: number; rssBytes: number }>;
  /** The typical sample interval (the median). */
  stepMs: number;
  /** From the start of the first sample's interval to the last sample. */
  startMs: number;
  endMs: number;
}

/**
 * The sampler never means two samples closer than this (it skips a last sample under 100 ms); closer
 * ones come from its timer firing twice for one slot, and their CPU figure is a few ms of 10 ms
 * ticks (500%, 1000%), so they are folded into the sample before them.
 */
const MIN_INTERVAL_MS = 100;

/** The run's samples of each watched pid, in pid order; empty when the run watched no process. */
export function processSeries(run: SampledRun): ProcessSeries[] {
  const all = [...run.resources].sort((a, b) => a.tMs - b.tMs);
  const gaps = all.slice(1).map((s, i) => s.tMs - all[i]!.tMs).filter((d) => d >= MIN_INTERVAL_MS);
  const stepMs = gaps.length ? median(gaps) : NOMINAL_INTERVAL_MS;
  const byPid = new Map<number, ProcessSeries['samples']>();
  all.forEach((s, i) => {
    if (!s.proc) return;
    // The sampler measures each sample from the previous reading, whatever it held, so the interval
    // is the distance to the previous sample of any kind; the first one's is unknown: a typical one.
    const intervalMs = i > 0 ? s.tMs - all[i - 1]!.tMs : stepMs;
    if (!(intervalMs > 0)) return;
    const cores = Math.max(0, s.proc.cpuPercent) / 100;
    const list = byPid.get(s.proc.pid) ?? [];
    byPid.set(s.proc.pid, list);
    const last = list[list.length - 1];
    if (last && intervalMs < MIN_INTERVAL_MS && last.tMs === all[i - 1]!.tMs) {
      const merged = last.intervalMs + intervalMs;
      last.cores = (last.cores * last.intervalMs + cores * intervalMs) / merged;
      last.intervalMs = merged;
      last.tMs = s.tMs;
      last.rssBytes = Math.max(last.rssBytes, s.proc.rssBytes);
      return;
    }
    list.push({ tMs: s.tMs, intervalMs, cores, rssBytes: s.proc.rssBytes });
  });
  return [...byPid.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([pid, samples]) => ({ pid, samples, stepMs, startMs: samples[0]!.tMs - samples[0]!.intervalMs, endMs: samples[samples.length - 1]!.tMs }));
}

/** The CPU averaging window a series gets: the asked one, cut to the series' length. */
export function effectiveRateWindowMs(series: Pick<ProcessSeries, 'startMs' | 'endMs'>, rateWindowMs = DEFAULT_RATE_WINDOW_MS): number {
  return Math.min(rateWindowMs, series.endMs - series.startMs);
}

/**
 * The time-weighted mean of the cores over (t − windowMs, t] at every sample t with a full window
 * behind it. Parts of the window no sample covers (skipped samples) are left out of the mean, as
 * Prometheus' rate spans missed scrapes.
 */
export function trailingCpuAverage(series: Pick<ProcessSeries, 'samples' | 'startMs'>, windowMs: number): Point[] {
  const s = series.samples;
  // Prefix sums of core-ms and of covered ms, to read any window in O(log n).
  const coreMs = [0];
  const coveredMs = [0];
  for (const x of s) {
    coreMs.push(coreMs[coreMs.length - 1]! + x.cores * x.intervalMs);
    coveredMs.push(coveredMs[coveredMs.length - 1]! + x.intervalMs);
  }
  /** ∫ cores and covered time from the series' start up to `t` (within the span). */
  const upTo = (t: number): { core: number; covered: number } => {
    let lo = 0;
    let hi = s.length; // first sample whose interval ends at or after t
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.tMs < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= s.length) return { core: coreMs[s.length]!, covered: coveredMs[s.length]! };
    const x = s[lo]!;
    const inside = Math.min(x.intervalMs, Math.max(0, t - (x.tMs - x.intervalMs)));
    return { core: coreMs[lo]! + x.cores * inside, covered: coveredMs[lo]! + inside };
  };
  const points: Point[] = [];
  // A microsecond of slack: a window cut to the run's length must still fit exactly.
  for (const x of s) {
    if (x.tMs - windowMs < series.startMs - 1e-3) continue;
    const a = upTo(x.tMs - windowMs);
    const b = upTo(x.tMs);
    const covered = b.covered - a.covered;
    if (covered > 0) points.push({ tMs: x.tMs, value: (b.core - a.core) / covered });
  }
  return points;
}

/** The pod name a watched process gets. */
export function podNameOf(workload: string, pid: number): string {
  return `${workload}-pid${pid}`;
}

/** One run's samples → UsageInput: one pod per watched pid; no usage when the run watched no process. */
export function usageFromSamples(run: SampledRun, opts: SampleUsageOptions): UsageInput {
  return usageFromRuns([run], opts);
}

/**
 * Several runs of one workload → one UsageInput. The same pid in several runs is one pod with the
 * runs' points together (the gap between runs then shows in the confidence); different pids are
 * replicas, pooled by the policy as Prometheus' pods are.
 */
export function usageFromRuns(runs: readonly SampledRun[], opts: SampleUsageOptions): UsageInput {
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  const container = opts.container ?? opts.workload;
  const pods = new Map<string, PodContainerUsage>();
  const steps: number[] = [];
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const run of runs) {
    for (const series of processSeries(run)) {
      const pod = podNameOf(opts.workload, series.pid);
      const u = pods.get(pod) ?? { namespace, pod, container, cpuCores: [], memoryBytes: [] };
      pods.set(pod, u);
      u.cpuCores.push(...trailingCpuAverage(series, effectiveRateWindowMs(series, opts.rateWindowMs)));
      u.memoryBytes.push(...series.samples.map((x) => ({ tMs: x.tMs, value: x.rssBytes })));
      steps.push(series.stepMs);
      startMs = Math.min(startMs, series.startMs);
      endMs = Math.max(endMs, series.endMs);
    }
  }
  const usage = [...pods.values()].sort((a, b) => (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
  for (const u of usage) {
    u.cpuCores.sort((a, b) => a.tMs - b.tMs);
    u.memoryBytes.sort((a, b) => a.tMs - b.tMs);
  }
  const requests: ContainerResourceValue[] = [];
  for (const u of usage) {
    const key = { namespace, pod: u.pod, container };
    if (opts.current?.cpuCores !== undefined) requests.push({ ...key, resource: 'cpu', value: opts.current.cpuCores });
    if (opts.current?.memoryBytes !== undefined) requests.push({ ...key, resource: 'memory', value: opts.current.memoryBytes });
  }
  const podOwners: OwnerRef[] = usage.map((u) => ({ namespace, name: u.pod, ownerKind: opts.kind ?? DEFAULT_KIND, ownerName: opts.workload }));
  const stepMs = steps.length ? median(steps) : NOMINAL_INTERVAL_MS;
  return {
    window: usage.length ? { startMs, endMs, stepMs } : { startMs: 0, endMs: 0, stepMs },
    usage,
    throttling: [],
    requests,
    limits: [],
    oomKilled: [],
    podOwners,
    replicaSetOwners: [],
    jobOwners: [],
  };
}

/** "45 s" under a minute, else describeSpan's "1.5 min", "3 h". */
export function describeRunSpan(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 100) / 10} s` : describeSpan(ms);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
