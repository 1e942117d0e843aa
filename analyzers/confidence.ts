// Confidence interval of a mean from independent samples (e.g. per-second throughput counts), using
// Student's t because a step yields only a handful of seconds.
import { studentTQuantile } from './student-t.js';

export interface MeanCi {
  mean: number;
  lo: number;
  hi: number;
  /** Sample standard deviation (n − 1 in the denominator). */
  stdev: number;
  n: number;
}

/**
 * Two-sided `level` interval for the mean. With fewer than two samples no spread can be estimated:
 * the interval collapses to the mean (and is all zeros for no samples) rather than being invented.
 */
export function meanCi(samples: readonly number[], level = 0.95): MeanCi {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const n = samples.length;
  if (n === 0) return { mean: 0, lo: 0, hi: 0, stdev: 0, n: 0 };
  let sum = 0;
  for (const v of samples) sum += v;
  const mean = sum / n;
  if (n === 1) return { mean, lo: mean, hi: mean, stdev: 0, n };
  // Two-pass variance: exact enough for counts in the millions, unlike the sum-of-squares shortcut.
  let ss = 0;
  for (const v of samples) ss += (v - mean) * (v - mean);
  const stdev = Math.sqrt(ss / (n - 1));
  const half = studentTQuantile(0.5 + level / 2, n - 1) * (stdev / Math.sqrt(n));
  return { mean, lo: mean - half, hi: mean + half, stdev, n };
}
