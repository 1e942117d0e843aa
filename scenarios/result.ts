// The shape of result.json (schemaVersion 1). Later capabilities add fields; they never rename these.
import type { LatencySummaryMs } from '../analyzers/histogram.js';
import type { Inventory } from '../agents/inventory/types.js';
import type { EtcdProfile, EtcdWorkload, HostSuite, LoadModel, Slo } from './schema.js';

export const RESULT_SCHEMA_VERSION = 1;

export interface ErrorCounts {
  /** Could not connect, or the connection broke before a response. */
  connect: number;
  /** No response within the load's timeout. */
  timeout: number;
  /** A response whose status was not 2xx/3xx. */
  non2xx: number;
  /** Anything else: malformed responses, TLS failures. */
  other: number;
}

/** What an engine measured in one step's measured window (warm-up excluded). */
export interface StepMeasurement {
  /** Length of the measured window. */
  durationMs: number;
  /** Requests scheduled in the window (open model: rate × duration; closed: sent). */
  offered: number;
  /** Requests written to a socket. */
  sent: number;
  /** Responses with a 2xx/3xx status. */
  ok: number;
  errors: ErrorCounts;
  /** Open model: arrivals not sent because maxInFlight requests were already outstanding. */
  dropped: number;
  bytesRead: number;
  bytesWritten: number;
  /** HDR histogram of latency in µs for responses of any status (open model: from the intended send time), base64. */
  histogram: string;
  /** Optional extras, copied to the StepResult fields of the same names (see there). */
  workloadStats?: Record<string, number>;
  errorSamples?: string[];
  generatorLagMs?: GeneratorLagMs;
}

/** Event-loop delay of the load generator's thread over a step, beyond the 1 ms sampling interval. */
export interface GeneratorLagMs {
  p99: number;
  max: number;
}

export interface StepResult {
  index: number;
  /** The load level: connections (closed) or requests/s (open). */
  load: number;
  startedAtMs: number;
  durationMs: number;
  /** Open model: the scheduled arrival rate; closed: sent per second. */
  offeredRate: number;
  /** Successful responses per second over the measured window. */
  throughput: number;
  /** 95% confidence interval of throughput from the per-second counts. */
  throughputCi: [number, number];
  requests: number;
  errors: number;
  errorsByClass: ErrorCounts;
  /** errors / (ok + errors). */
  errorRate: number;
  dropped: number;
  bytes: { read: number; written: number };
  latencyMs: LatencySummaryMs;
  histogram: string;
  /** etcd benches: what the server's own /metrics said over this whole step (warm-up and setup such as prefill included). */
  server?: EtcdServerStep;
  /**
   * etcd benches: outcomes the workload counts that ok/errors do not separate, from the step's start
   * (warm-up included) to the end of its window. txn: succeeded, failed (compares); delete: deleted,
   * misses; watch: watchers, events, streamFailures; lease: leases, expired. Absent for put and range.
   */
  workloadStats?: Record<string, number>;
  /** etcd benches: up to 5 distinct error messages of the step's counted errors, e.g. "etcdserver: mvcc: database space exceeded". */
  errorSamples?: string[];
  /**
   * How long the generator's event loop was held up over the step (set-up and warm-up included):
   * latency measured on this thread includes such pauses. Absent when the load ran on other threads.
   */
  generatorLagMs?: GeneratorLagMs;
}

/** A latency histogram read from Prometheus bucket deltas over one step (bucket-interpolated, like histogram_quantile). */
export interface ServerLatencyMs {
  count: number;
  p50: number;
  p99: number;
  mean: number;
}

/** Per-step deltas of etcd's /metrics, scraped as the step starts and as it ends (warm-up included). */
export interface EtcdServerStep {
  /** The member scraped (metricsUrl, or the first endpoint's /metrics). */
  source: string;
  walFsyncMs: ServerLatencyMs | null;
  backendCommitMs: ServerLatencyMs | null;
  leaderChanges: number | null;
  proposalsFailed: number | null;
  /** At the end of the step. */
  dbSizeBytes: number | null;
  dbQuotaBytes: number | null;
  /** etcd guidance this step broke, worded: "WAL fsync p99 14.2 ms > 10 ms". */
  breaches: string[];
}

export interface CheckPerfCheck {
  /**
   * 'errors' appears only when some puts failed: etcdctl fails the check on any error. 'dropped'
   * (ours, not etcdctl's) only when arrivals found every client busy: etcdctl would have queued them.
   */
  name: 'errors' | 'dropped' | 'throughput' | 'slowest' | 'stddev';
  passed: boolean;
  observed: number;
  limit: number;
  /** As etcdctl words it, e.g. "PASS: Throughput is 151 writes/s". */
  text: string;
}

/** `etcdctl check perf` criteria applied to our run of the same load. */
export interface CheckPerfVerdict {
  profile: EtcdProfile;
  targetRate: number;
  clients: number;
  durationMs: number;
  throughput: number;
  slowestMs: number;
  stddevMs: number;
  p99Ms: number;
  checks: CheckPerfCheck[];
  passed: boolean;
}

export interface EtcdGuidanceBreach {
  rule: 'wal-fsync-p99' | 'backend-commit-p99' | 'leader-change' | 'proposals-failed' | 'db-quota';
  /** The step's load level where it was first seen. */
  load: number;
  observed: number;
  limit: number;
  text: string;
}

export interface EtcdBenchSummary {
  workload: EtcdWorkload;
  endpoints: string[];
  prefix: string;
  keySize: number;
  valueSize: number;
  keySpace: number;
  connections: number;
  /** From the Status RPC of the first endpoint. */
  serverVersion: string | null;
  checkPerf: CheckPerfVerdict | null;
  /** Every guidance breach, first occurrence of each rule. */
  guidance: EtcdGuidanceBreach[];
  /** What the end-of-run cleanup removed; null when it could not run (then `warnings` says why). */
  cleanup: { keysDeleted: number; leasesRevoked: number } | null;
}

export interface UslFit {
  sigma: number;
  kappa: number;
  lambda: number;
  r2: number;
  /** N* = √((1−σ)/κ); Infinity when κ = 0 (no retrograde region). */
  peak: number;
  /** Predicted throughput at the peak. */
  peakThroughput: number;
}

export type SaturationLimit = 'usl-peak' | 'knee' | 'slo-breach' | 'error-onset' | 'throughput-plateau' | 'not-reached';

export interface Saturation {
  load: number;
  throughput: number;
  limitedBy: SaturationLimit;
  /** Confidence range of the saturating load. */
  range: [number, number];
  detail: string;
}

export interface SloVerdict {
  passed: boolean;
  /** The highest step that met every objective; null when none did. */
  capacity: { load: number; throughput: number } | null;
  /** The first step that broke an objective, and which. */
  breach: { load: number; objective: string; observed: number; limit: number } | null;
  objectives: Slo;
}

export interface BenchAnalysis {
  usl: UslFit | null;
  knee: { load: number; throughput: number } | null;
  errorOnset: { load: number; errorRate: number } | null;
  saturation: Saturation;
  slo: SloVerdict | null;
}

export interface ResourceSample {
  tMs: number;
  cpuPercent: number;
  load1: number;
  memUsedBytes: number;
  memTotalBytes: number;
  netRxBytesPerSec: number;
  netTxBytesPerSec: number;
  diskReadBytesPerSec: number;
  diskWriteBytesPerSec: number;
  proc?: { pid: number; cpuPercent: number; rssBytes: number };
}

export interface BenchResult extends BenchAnalysis {
  name: string;
  kind: 'http' | 'etcd';
  model: LoadModel;
  engine: string;
  target: string;
  steps: StepResult[];
  /** Why stepping ended early, if it did. */
  stoppedEarly: string | null;
  /** kind etcd only. */
  etcd?: EtcdBenchSummary;
}

/** etcd-style guidance a host metric is judged against, e.g. fdatasync p99 ≤ 10 ms. */
export interface HostGuidance {
  limit: number;
  passed: boolean;
  text: string;
}

/** One host metric: a fixed unit of work repeated until the repeats agree (or the cap). */
export interface HostMetric {
  /** Dotted id: cpu.single, cpu.multi, cpu.scaling, memory.bandwidth, memory.latency, disk.fdatasync.p99, disk.seq-write, disk.seq-read, disk.rand-read-iops, network.throughput, network.rtt. */
  name: string;
  /** ops/s, GB/s, ns, ms, MB/s, IOPS, Gbit/s, µs, × */
  unit: string;
  /** Orientation for comparisons: true for throughputs, false for latencies. */
  higherIsBetter: boolean;
  /** 'built-in', or the external tool with its version, e.g. 'fio-3.33'. */
  tool: string;
  /** One value per repeat, in run order. */
  repeats: number[];
  mean: number;
  /** 95% confidence interval of the mean (Student t). */
  ci95: [number, number];
  /** Coefficient of variation of the repeats (stdev / mean). */
  cv: number;
  /** true when cv fell below the threshold before the repeat cap. */
  converged: boolean;
  /** Latency metrics: every operation of every repeat, HDR histogram in µs (base64). */
  histogram?: string;
  guidance?: HostGuidance;
  /** How it was measured: kernels, sizes, threads, file, peer. */
  detail?: string;
  /**
   * Set only on a metric pooled from several runs (`headroom compare a1.json,a2.json,a3.json …`):
   * how many; `repeats` then holds one mean per run.
   */
  runs?: number;
}

export interface HostBenchResult {
  name: string;
  kind: 'host';
  profile: 'quick' | 'full';
  suites: HostSuite[];
  startedAtMs: number;
  durationMs: number;
  metrics: HostMetric[];
  /** Metrics that could not be measured here, and why (no peer, no permission …). */
  skipped: Array<{ metric: string; reason: string }>;
  inventory: Inventory;
  /** 'interrupted' when Ctrl-C cut the bench short; the finished metrics are kept. */
  stoppedEarly: string | null;
}

export interface RunResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  scenario: { name: string; file: string | null };
  startedAt: string;
  finishedAt: string;
  /** false when the run was interrupted (Ctrl-C) or failed midway; the finished steps are kept. */
  complete: boolean;
  passed: boolean;
  host: { hostname: string; platform: string; cpus: number; cpuModel: string; memBytes: number; node: string };
  benches: BenchResult[];
  /** kind host benches (absent in files from runs without one). */
  hostBenches?: HostBenchResult[];
  resources: ResourceSample[];
  warnings: string[];
}
