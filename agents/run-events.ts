// The one stream of events a run emits: the progress display, the incremental result writer and
// (later) a remote coordinator all consume it.
import type { LoadModel } from '../scenarios/schema.js';
import type { RunResult, StepResult } from '../scenarios/result.js';
import type { LiveCounts } from './http/engine.js';

export type RunEvent =
  | { type: 'bench-start'; bench: string; benchIndex: number; benchCount: number; model: LoadModel; loads: number[]; stepDurationMs: number; target: string }
  | { type: 'step-start'; bench: string; stepIndex: number; stepCount: number; load: number; model: LoadModel }
  | { type: 'tick'; bench: string; stepIndex: number; stepCount: number; load: number; model: LoadModel; stepDurationMs: number; counts: LiveCounts }
  | { type: 'step-done'; bench: string; step: StepResult; stepCount: number; partial: RunResult }
  | { type: 'bench-stopped'; bench: string; reason: string }
  | { type: 'warning'; message: string }
  | { type: 'done'; result: RunResult };

export type EmitRunEvent = (event: RunEvent) => void;
