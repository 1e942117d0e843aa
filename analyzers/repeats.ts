// Statistics over a metric's repeats and the rule that decides when to stop repeating, as the
// Phoronix Test Suite does it: run at least `min` times, then until the repeats agree (coefficient
// of variation below a threshold) or `max` runs are spent. Pure.
import { meanCi } from './confidence.js';

export interface RepeatPolicy {
  /** Repeats every metric runs at least. */
  min: number;
  /** Repeat cap, reached only while the spread stays above `cv`. */
  max: number;
  /** Stop once stdev / mean of the repeats falls below this fraction. */
  cv: number;
}

export interface RepeatStats {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  stdev: number;
  /** 95% confidence interval of the mean, Student t with n − 1 degrees of freedom. */
  ci95: [number, number];
  /** stdev / |mean|; NaN below two repeats, where no spread can be estimated. */
  cv: number;
}

/** Sample stdev / |mean|. NaN with fewer than two values; 0 for identical zeros, Infinity for a spread around a zero mean. */
export function coefficientOfVariation(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const { mean, stdev } = meanCi(values);
  if (mean === 0) return stdev === 0 ? 0 : Infinity;
  return stdev / Math.abs(mean);
}

export function summarizeRepeats(values: readonly number[]): RepeatStats {
  const { mean, lo, hi, stdev, n } = meanCi(values, 0.95);
  return { n, mean, stdev, ci95: [lo, hi], cv: coefficientOfVariation(values) };
}

/** True once the repeats agree: at least `min` of them and a CV strictly below the threshold. */
export function hasConverged(values: readonly number[], policy: RepeatPolicy): boolean {
  if (values.length < policy.min) return false;
  const cv = coefficientOfVariation(values);
  return cv < policy.cv;
}

/** Whether to run another repeat after these: below `min`, or still noisy and under the cap. */
export function needsAnotherRepeat(values: readonly number[], policy: RepeatPolicy): boolean {
  if (values.length < policy.min) return true;
  if (values.length >= policy.max) return false;
  return !hasConverged(values, policy);
}

/** a[i] / b[i] for the pairs both sides have (repeats paired by index), skipping a zero divisor. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = b[i]!;
    if (d !== 0) out.push(a[i]! / d);
  }
  return out;
}
