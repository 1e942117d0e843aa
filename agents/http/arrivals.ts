// Open-model arrival times: evenly spaced, or a Poisson process (exponential gaps) from a seed so
// a run can be repeated exactly.
import { mulberry32 } from '../../analyzers/random.js';

/**
 * Returns successive intended send times (ms, same clock as startMs), forever. `phase` (a fraction
 * of one gap) delays a constant schedule, so threads sharing a rate interleave instead of bursting.
 */
export function arrivalClock(startMs: number, ratePerSec: number, kind: 'constant' | 'poisson', seed: number, phase = 0): () => number {
  if (!(ratePerSec > 0)) return () => Infinity;
  const meanGapMs = 1000 / ratePerSec;
  if (kind === 'constant') {
    let k = 0;
    // k × gap rather than repeated addition, so 50,000 arrivals do not drift.
    return () => startMs + (k++ + phase) * meanGapMs;
  }
  const rng = mulberry32(seed);
  let t = startMs;
  return () => {
    t += -Math.log(1 - rng()) * meanGapMs;
    return t;
  };
}
