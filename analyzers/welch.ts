// Welch's unequal-variance t-test on two small samples (a metric's repeats from two runs).
// Why Welch and not Mann-Whitney: a host metric has 3–5 repeats per run, and with 3 per side the
// smallest two-sided Mann-Whitney p-value is 2/C(6,3) = 0.1, so a rank test can never call even
// a halving significant. Welch's test uses the values themselves and does not assume the two runs
// are equally noisy (a loaded candidate is usually noisier).
import { incompleteBeta, normalCdf } from './student-t.js';

export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample variance (n − 1 in the denominator). */
  variance: number;
  /**
   * A variance of the mean known beforehand rather than estimated from these values (a between-run
   * drift a single run cannot see): it adds to the standard error but, having no sampling
   * uncertainty, not to the degrees of freedom' denominator.
   */
  knownVarianceOfMean?: number;
}

export interface WelchResult {
  /** mean(a) − mean(b). */
  meanDiff: number;
  /** Standard error of meanDiff: √(s_a²/n_a + s_b²/n_b). */
  se: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Two-sided. */
  pValue: number;
}

export function summarizeSample(values: readonly number[]): SampleSummary {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, variance: NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n === 1) return { n, mean, variance: NaN };
  let ss = 0;
  for (const v of values) ss += (v - mean) * (v - mean);
  return { n, mean, variance: ss / (n - 1) };
}

/** Welch–Satterthwaite degrees of freedom for the variance components va = s_a²/n_a and vb = s_b²/n_b. */
export function welchDf(va: number, vb: number, na: number, nb: number, known = 0): number {
  const denominator = (va * va) / (na - 1) + (vb * vb) / (nb - 1);
  // Both samples constant: no spread to estimate; the pooled count is the natural limit.
  if (denominator === 0) return na + nb - 2;
  // Known variance only adds to the numerator; past 1e6 the t distribution is the normal anyway.
  return Math.max(Math.min(na, nb) - 1, Math.min(1e6, ((va + vb + known) * (va + vb + known)) / denominator));
}

/** Two-sided p-value of a t statistic: I_{df/(df+t²)}(df/2, 1/2), exact in the far tail where 1 − CDF would round to 0. */
export function twoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  if (df >= 1e6) return 2 * normalCdf(-Math.abs(t));
  return Math.min(1, incompleteBeta(df / (df + t * t), df / 2, 0.5));
}

/**
 * Tests mean(a) = mean(b). Null when either side has fewer than two values (no spread to test
 * against). Two constant samples give p = 1 when equal and p = 0 when not.
 */
export function welchTTest(a: readonly number[] | SampleSummary, b: readonly number[] | SampleSummary): WelchResult | null {
  const sa = 'n' in a ? a : summarizeSample(a);
  const sb = 'n' in b ? b : summarizeSample(b);
  if (sa.n < 2 || sb.n < 2) return null;
  const va = sa.variance / sa.n;
  const vb = sb.variance / sb.n;
  const known = (sa.knownVarianceOfMean ?? 0) + (sb.knownVarianceOfMean ?? 0);
  const meanDiff = sa.mean - sb.mean;
  const se = Math.sqrt(va + vb + known);
  const df = welchDf(va, vb, sa.n, sb.n, known);
  const t = se === 0 ? (meanDiff === 0 ? 0 : Math.sign(meanDiff) * Infinity) : meanDiff / se;
  return { meanDiff, se, t, df, pValue: twoSidedP(t, df) };
}
