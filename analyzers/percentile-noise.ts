// How much a percentile measured over one repeat moves from sampling alone. A tail metric such as
// fdatasync p99 over a few hundred operations rests on a handful of slow ones, so its repeats can
// all land in the same mode by luck and look tight; two runs then look "significantly" different
// when they are not. The sampling spread read from the run's own histogram is a floor under the
// repeats' variance. Estimate: se(Q̂(p)) ≈ √(p(1−p)/m) / f(Q(p)), with the density's inverse taken as
// the quantile slope (Q(p+h) − Q(p−h)) / 2h over h = √(p(1−p)/m) (the Siddiqui–Bloch–Gastwirth
// sparsity estimate), which reduces to (Q(p+h) − Q(p−h)) / 2. Pure.
import { recordedValuesMs } from './histogram.js';

/** The percentile a metric's value reads, from its name (`disk.fdatasync.p99` → 0.99, `.p999` → 0.999, `.p50` → 0.5). */
export function percentileOfMetric(name: string): number | null {
  const m = /\.p(\d+)$/.exec(name);
  if (!m) return null;
  const digits = m[1]!;
  // Percent with the decimal point after two digits: p5 = 5%, p99 = 99%, p999 = 99.9%.
  const percent = digits.length <= 2 ? Number(digits) : Number(`${digits.slice(0, 2)}.${digits.slice(2)}`);
  const p = percent / 100;
  return p > 0 && p < 1 ? p : null;
}

/** Factor from milliseconds to a latency unit; null for units that are not times. */
export function msToUnit(unit: string): number | null {
  const factors: Record<string, number> = { s: 1e-3, ms: 1, 'µs': 1e3, us: 1e3, ns: 1e6 };
  return factors[unit] ?? null;
}

/** Value at quantile q of (value, count) pairs sorted by value: the smallest with at least ⌈q·total⌉ at or below it. */
function quantile(values: Array<{ valueMs: number; count: number }>, total: number, q: number): number {
  const needed = Math.min(total, Math.max(1, Math.ceil(q * total - 1e-9)));
  let cumulative = 0;
  for (const v of values) {
    cumulative += v.count;
    if (cumulative >= needed) return v.valueMs;
  }
  return values[values.length - 1]!.valueMs;
}

/**
 * Standard deviation, in ms, of the p-th percentile of one repeat, when `histogram` (HDR, µs,
 * base64) holds every operation of `repeats` equal repeats. 0 when the histogram is empty.
 */
export function percentileSamplingSdMs(histogram: string, p: number, repeats: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const values = recordedValuesMs(histogram);
  const total = values.reduce((n, v) => n + v.count, 0);
  const opsPerRepeat = total / Math.max(1, repeats);
  if (total === 0 || opsPerRepeat < 1) return 0;
  const h = Math.sqrt((p * (1 - p)) / opsPerRepeat);
  return (quantile(values, total, Math.min(1, p + h)) - quantile(values, total, Math.max(0, p - h))) / 2;
}
