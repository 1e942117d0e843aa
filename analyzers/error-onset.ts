// The lowest load at which errors become material.
import type { StepResult } from '../scenarios/result.js';
import { sortByLoad } from './by-load.js';

/** Used when the bench has no SLO error objective. */
export const DEFAULT_ERROR_THRESHOLD = 0.01;

/** The first step (by load) whose error rate exceeds `threshold` (a fraction); null when none does. */
export function findErrorOnset(
  steps: readonly StepResult[],
  threshold = DEFAULT_ERROR_THRESHOLD,
): { load: number; errorRate: number; throughput: number } | null {
  const onset = sortByLoad(steps).find((s) => s.errorRate > threshold);
  return onset ? { load: onset.load, errorRate: onset.errorRate, throughput: onset.throughput } : null;
}
