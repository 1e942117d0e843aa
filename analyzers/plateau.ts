// Open model: the arrival rate the service stops keeping up with. Below capacity an open-loop service
// serves what it is offered; above it, achieved throughput levels off at the capacity whatever the
// offered rate, so the plateau itself is the capacity estimate.
import type { StepResult } from '../scenarios/result.js';
import { sortByLoad } from './by-load.js';

/** Achieved below this share of offered means the step did not keep up. */
export const KEEP_UP_RATIO = 0.95;

export interface ThroughputPlateau {
  /** Capacity estimate: the most successful requests/s any step achieved. */
  throughput: number;
  /** 95% CI of that step's throughput. */
  range: [number, number];
  /** The first step (by load) that fell below KEEP_UP_RATIO of its offered rate. */
  firstBehind: { load: number; offeredRate: number; throughput: number };
}

/**
 * Null when every step kept up. The best step is usually the first one behind or the one before it;
 * taking the maximum over all steps also copes with services whose throughput collapses under overload
 * (timeouts, retries), where later steps deliver less than the capacity.
 */
export function findThroughputPlateau(steps: readonly StepResult[]): ThroughputPlateau | null {
  const ordered = sortByLoad(steps);
  const behind = ordered.find((s) => s.throughput < KEEP_UP_RATIO * offeredRateOf(s));
  if (!behind) return null;
  const best = ordered.reduce((a, b) => (b.throughput > a.throughput ? b : a));
  const [lo, hi] = best.throughputCi;
  return {
    throughput: best.throughput,
    range: [Math.max(0, Math.min(lo, best.throughput)), Math.max(hi, best.throughput)],
    firstBehind: { load: behind.load, offeredRate: offeredRateOf(behind), throughput: behind.throughput },
  };
}

function offeredRateOf(s: StepResult): number {
  return s.offeredRate > 0 ? s.offeredRate : s.load;
}
