// What a calibrated target is asked to be, and the checks on it. Pure.
import { validateModel, type ModelSpec } from './models.js';

export interface TargetListenOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A stall starts every stallEveryMs after the server starts (first one at stallEveryMs). */
  stallEveryMs?: number;
  /** How long each stall withholds every response. */
  stallMs?: number;
  /** Body size of a modelled response; default a 3-byte "ok\n". */
  responseBytes?: number;
}

export type TargetOptions = ModelSpec & TargetListenOptions;

export type TargetField = 'lambda' | 'sigma' | 'kappa' | 'workers' | 'serviceMs' | 'port' | 'stallEveryMs' | 'stallMs' | 'responseBytes';

export interface TargetProblem {
  field: TargetField;
  message: string;
}

/** Every problem with the options, each naming its field. */
export function validateTargetOptions(opts: TargetOptions): TargetProblem[] {
  const problems: TargetProblem[] = [...validateModel(opts)];
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535)) {
    problems.push({ field: 'port', message: `must be a whole number in 0–65535 (0 picks a free port), got ${opts.port}` });
  }
  if (opts.responseBytes !== undefined && !(Number.isInteger(opts.responseBytes) && opts.responseBytes >= 0 && opts.responseBytes <= 64 * 1024 * 1024)) {
    problems.push({ field: 'responseBytes', message: `must be a whole number of bytes up to 64Mi, got ${opts.responseBytes}` });
  }
  const every = opts.stallEveryMs;
  const length = opts.stallMs;
  if (every !== undefined || length !== undefined) {
    if (every === undefined) problems.push({ field: 'stallEveryMs', message: 'is required when a stall length is given' });
    else if (!(Number.isFinite(every) && every > 0)) problems.push({ field: 'stallEveryMs', message: `must be a positive duration, got ${every}` });
    if (length === undefined) problems.push({ field: 'stallMs', message: 'is required when a stall period is given' });
    else if (!(Number.isFinite(length) && length > 0)) problems.push({ field: 'stallMs', message: `must be a positive duration, got ${length}` });
    else if (every !== undefined && every > 0 && length >= every) {
      problems.push({ field: 'stallMs', message: `must be shorter than the stall period (${every}ms), got ${length}ms` });
    }
  }
  return problems;
}

/** The time inside the stall containing sinceStartMs, or null when the server is not stalled then. */
export function stallRemainingMs(sinceStartMs: number, stallEveryMs: number, stallMs: number): number | null {
  if (sinceStartMs < stallEveryMs) return null;
  const phase = sinceStartMs % stallEveryMs;
  return phase < stallMs ? stallMs - phase : null;
}
