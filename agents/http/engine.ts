// The contract between the step runner and an HTTP load engine. The runner owns the plan (which
// load, how long); the engine owns the sockets and the clock inside a step.
import type { LoadModel } from '../../scenarios/schema.js';
import type { StepMeasurement } from '../../scenarios/result.js';

export interface StepPlan {
  model: LoadModel;
  /** Connections (closed) or arrivals per second (open). */
  load: number;
  /** Whole step, warm-up included. */
  durationMs: number;
  warmupMs: number;
  arrival: 'constant' | 'poisson';
  maxInFlight: number;
  timeoutMs: number;
  /** Seed for the Poisson arrival process, so a run can be repeated exactly. */
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

export interface HttpEngine {
  readonly id: string;
  /** Models this engine can drive; the runner refuses a plan outside them before it starts. */
  readonly models: readonly LoadModel[];
  runStep(plan: StepPlan, opts: StepRunOptions): Promise<StepMeasurement & { okPerSecond: number[] }>;
  close(): Promise<void>;
}
