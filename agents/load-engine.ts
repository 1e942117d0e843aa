// The contract between the step runner and a load engine (HTTP, etcd). The runner owns the plan
// (which load, how long); the engine owns the connections and the clock inside a step.
import type { EtcdServerStep, StepMeasurement } from '../scenarios/result.js';
import type { LoadModel } from '../scenarios/schema.js';

export interface StepPlan {
  model: LoadModel;
  /** Connections / clients (closed) or arrivals per second (open). */
  load: number;
  /** Whole step, warm-up included. */
  durationMs: number;
  warmupMs: number;
  arrival: 'constant' | 'poisson';
  maxInFlight: number;
  /**
   * Open model, an arrival while maxInFlight ops are out: 'drop' it (counted as dropped, the
   * default), or 'queue' it until an op finishes, its latency still timed from the intended send
   * time (what etcdctl's rate limiter does, minus hiding the wait). Engines without a queue drop.
   */
  whenBusy?: 'drop' | 'queue';
  timeoutMs: number;
  /** Seed for the Poisson arrival process and key choice, so a run can be repeated exactly. */
  seed: number;
}

/** Cumulative counts since the start of the step (warm-up included), sent about every 250 ms. */
export interface LiveCounts {
  elapsedMs: number;
  inWarmup: boolean;
  ok: number;
  errors: number;
  dropped: number;
  /** p99 of the last ~second, ms; NaN before the first response. */
  recentP99Ms: number;
}

export interface StepRunOptions {
  /** Aborting ends the step within a second; the engine resolves with what it measured so far. */
  signal: AbortSignal;
  onTick?: (counts: LiveCounts) => void;
}

export type EngineStepMeasurement = StepMeasurement & {
  /** Successful operations in each whole second of the measured window (for the throughput CI). */
  okPerSecond: number[];
  /** etcd: the server's own view of the step, when the engine scraped it. */
  server?: EtcdServerStep;
};

export interface LoadEngine {
  readonly id: string;
  /** Models this engine can drive; the runner refuses a plan outside them before it starts. */
  readonly models: readonly LoadModel[];
  runStep(plan: StepPlan, opts: StepRunOptions): Promise<EngineStepMeasurement>;
  /** Closes connections and undoes what the bench created. Called once, on every exit path. */
  close(): Promise<void>;
}
