// The one stream of events a run emits: the progress display, the incremental result writer and
// (later) a remote coordinator all consume it.
import type { HostMetric, RunResult, StepResult } from '../scenarios/result.js';
import type { LoadModel } from '../scenarios/schema.js';
import type { LiveCounts } from './load-engine.js';

export type RunEvent =
  | { type: 'bench-start'; bench: string; kind?: 'http' | 'etcd'; benchIndex: number; benchCount: number; model: LoadModel; loads: number[]; stepDurationMs: number; target: string }
  | { type: 'step-start'; bench: string; stepIndex: number; stepCount: number; load: number; model: LoadModel }
  | { type: 'tick'; bench: string; stepIndex: number; stepCount: number; load: number; model: LoadModel; stepDurationMs: number; counts: LiveCounts }
  | { type: 'step-done'; bench: string; step: StepResult; stepCount: number; partial: RunResult }
  | { type: 'bench-stopped'; bench: string; reason: string }
  // kind host: metrics instead of steps.
  | { type: 'host-bench-start'; bench: string; benchIndex: number; benchCount: number; profile: 'quick' | 'full'; metrics: string[] }
  | { type: 'metric-start'; bench: string; metric: string; index: number; count: number; maxRepeats: number }
  | { type: 'repeat-done'; bench: string; metric: string; repeat: number; maxRepeats: number; value: number; unit: string; cv: number }
  | { type: 'metric-skipped'; bench: string; metric: string; reason: string }
  | { type: 'metric-done'; bench: string; metric: HostMetric; partial: RunResult }
  | { type: 'warning'; message: string }
  | { type: 'done'; result: RunResult };

export type EmitRunEvent = (event: RunEvent) => void;

/** Events that carry a partial result worth writing to disk. */
export function partialOf(event: RunEvent): RunResult | null {
  return event.type === 'step-done' || event.type === 'metric-done' ? event.partial : null;
}
