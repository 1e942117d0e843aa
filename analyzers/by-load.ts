// Steps in load order. Runners step upwards, but a scenario may list steps in any order and the
// analyses all reason about "lower" and "higher" load.
import type { StepResult } from '../scenarios/result.js';

/** A sorted copy; equal loads keep their run order. */
export function sortByLoad<T extends Pick<StepResult, 'load' | 'index'>>(steps: readonly T[]): T[] {
  return [...steps].sort((a, b) => a.load - b.load || a.index - b.index);
}
