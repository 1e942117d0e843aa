// Confidence interval for a ratio of two independent means by Fieller's theorem, with Welch-type
// degrees of freedom evaluated at the estimated ratio (as R's mratios::ttestratio does with
// var.equal = FALSE). The interval is every θ that a t-test of mean(num) − θ·mean(den) = 0 does
// not reject, so it is exact for normal repeats, never symmetric by construction, and inverting
// the ratio inverts the interval exactly (same df): the orientation of a comparison cannot change
// its verdict. A bootstrap would be the alternative, but with 3–5 repeats per run it has at most
// a few dozen distinct resamples per side and its intervals come out far too narrow.
import { summarizeSample, welchDf, type SampleSummary } from './welch.js';
import { studentTQuantile } from './student-t.js';

export interface RatioInterval {
  /** mean(num) / mean(den). */
  ratio: number;
  /** The `level` interval of the ratio; null when unbounded (the denominator's mean is not distinguishable from 0). */
  range: [number, number] | null;
  df: number;
}

/**
 * Fieller's interval for mean(num) / mean(den). Null when either side has fewer than two values.
 * Solves (ā − θ b̄)² = t² (v_a + θ² v_b) for θ, where v = s² / n.
 */
export function fiellerInterval(num: readonly number[] | SampleSummary, den: readonly number[] | SampleSummary, level = 0.95): RatioInterval | null {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  const sa = 'n' in num ? num : summarizeSample(num);
  const sb = 'n' in den ? den : summarizeSample(den);
  if (sa.n < 2 || sb.n < 2) return null;
  const a = sa.mean;
  const b = sb.mean;
  const ka = sa.knownVarianceOfMean ?? 0;
  const kb = sb.knownVarianceOfMean ?? 0;
  const va = sa.variance / sa.n + ka;
  const vb = sb.variance / sb.n + kb;
  const ratio = a / b;
  const r2 = Number.isFinite(ratio) ? ratio * ratio : 1;
  const df = welchDf(va - ka, r2 * (vb - kb), sa.n, sb.n, ka + r2 * kb);
  const t = studentTQuantile(0.5 + level / 2, df);
  const t2 = t * t;
  const quad = b * b - t2 * vb;
  if (!(quad > 0)) return { ratio, range: null, df };
  const disc = Math.max(0, t2 * (a * a * vb + b * b * va - t2 * va * vb));
  const root = Math.sqrt(disc);
  return { ratio, range: [(a * b - root) / quad, (a * b + root) / quad], df };
}
