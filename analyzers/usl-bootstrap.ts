// Uncertainty of the USL peak N* by a residual bootstrap: refit on fitted values plus resampled
// residuals and read percentiles of the refitted N*. Residuals are taken relative to the fitted value
// because throughput noise grows with throughput; they are inflated by √(n/(n − 3)) because least
// squares shrinks residuals by the three fitted coefficients, which matters with a handful of steps.
import type { UslFit } from '../scenarios/result.js';
import { mulberry32, pickIndex } from './random.js';
import { fitUsl, predictUsl, type UslPoint } from './usl.js';

export interface BootstrapOptions {
  seed: number;
  /** Refits to run; 200 keeps the 2.5%/97.5% percentiles stable to a few percent. */
  replicates?: number;
  /** Two-sided coverage of the returned interval. */
  level?: number;
}

/**
 * [lo, hi] of N* at `level`. A refit without a coherency term has no peak and counts as Infinity, so
 * hi is Infinity when the data cannot rule out "no peak at all". Exact data gives [N*, N*].
 */
export function bootstrapUslPeak(points: ReadonlyArray<UslPoint>, fit: UslFit, opts: BootstrapOptions): [number, number] {
  const replicates = opts.replicates ?? 200;
  const level = opts.level ?? 0.95;
  const pts = points.filter((p) => Number.isFinite(p.n) && Number.isFinite(p.x) && p.n > 0 && p.x >= 0);
  const fitted = pts.map((p) => predictUsl(fit, p.n));
  const inflate = pts.length > 3 ? Math.sqrt(pts.length / (pts.length - 3)) : 1;
  const residuals = pts.map((p, i) => (fitted[i]! > 0 ? ((p.x - fitted[i]!) / fitted[i]!) * inflate : 0));
  if (residuals.every((r) => Math.abs(r) < 1e-12)) return [fit.peak, fit.peak];

  const rng = mulberry32(opts.seed);
  const peaks: number[] = [];
  for (let b = 0; b < replicates; b++) {
    const resampled = pts.map((p, i) => ({ n: p.n, x: Math.max(0, fitted[i]! * (1 + residuals[pickIndex(rng, residuals.length)]!)) }));
    const refit = fitUsl(resampled);
    peaks.push(refit ? refit.peak : Infinity);
  }
  peaks.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [percentileSorted(peaks, tail), percentileSorted(peaks, 1 - tail)];
}

/** Linear interpolation between order statistics (R type 7); Infinity stays Infinity. */
function percentileSorted(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  if (lo === hi || a === b) return a;
  if (!Number.isFinite(b)) return pos === lo ? a : b;
  return a + (b - a) * (pos - lo);
}
