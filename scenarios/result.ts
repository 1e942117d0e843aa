// The shape of result.json (schemaVersion 1). Later capabilities add fields; they never rename these.
import type { LatencySummaryMs } from '../analyzers/histogram.js';
import type { LoadModel, Slo } from './schema.js';

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
  kind: 'http';
  model: LoadModel;
  engine: string;
  target: string;
  steps: StepResult[];
  /** Why stepping ended early, if it did. */
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
  resources: ResourceSample[];
  warnings: string[];
}
