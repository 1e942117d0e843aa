// Arithmetic on Prometheus bucket histograms: the increase between two scrapes, and quantiles read
// from buckets the way PromQL's histogram_quantile does, so our figures equal what a Grafana panel
// over the same window shows.
import type { PromBucket, PromHistogram } from './prom-text.js';

/**
 * What was observed between two scrapes. A count that went down means the process restarted in
 * between (counters start again at 0), so the later scrape alone is the increase, as Prometheus'
 * increase() assumes.
 */
export function diffHistograms(before: PromHistogram, after: PromHistogram): PromHistogram {
  if (after.count < before.count) return after;
  const prior = new Map(before.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: after.buckets.map((b) => ({ le: b.le, count: Math.max(0, b.count - (prior.get(b.le) ?? 0)) })),
    count: after.count - before.count,
    sum: after.sum - before.sum,
  };
}

/**
 * PromQL histogram_quantile on classic buckets: rank = q·total, linear interpolation inside the
 * bucket that holds the rank (from 0 for the first bucket), and the highest finite bound when the
 * rank falls in the +Inf bucket. NaN for an empty histogram or one without +Inf, as PromQL gives.
 */
export function bucketQuantile(q: number, buckets: readonly PromBucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = coalesce([...buckets].sort((a, b) => a.le - b.le));
  if (sorted.length < 2 || sorted[sorted.length - 1]!.le !== Infinity) return NaN;
  // Cumulative counts can dip from float error or a scrape torn across a write; take the envelope.
  let max = sorted[0]!.count;
  for (const b of sorted) {
    if (b.count < max) b.count = max;
    else max = b.count;
  }
  const total = sorted[sorted.length - 1]!.count;
  if (total === 0) return NaN;
  const rank = q * total;
  let i = 0;
  while (i < sorted.length - 1 && sorted[i]!.count < rank) i++;
  if (i === sorted.length - 1) return sorted[sorted.length - 2]!.le;
  const bucket = sorted[i]!;
  if (i === 0 && bucket.le <= 0) return bucket.le;
  const start = i === 0 ? 0 : sorted[i - 1]!.le;
  const below = i === 0 ? 0 : sorted[i - 1]!.count;
  const inBucket = bucket.count - below;
  return start + (bucket.le - start) * ((rank - below) / inBucket);
}

/** Buckets with the same bound added together (two series summed by le can repeat a bound). */
function coalesce(sorted: PromBucket[]): PromBucket[] {
  const out: PromBucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.le === b.le) last.count += b.count;
    else out.push({ le: b.le, count: b.count });
  }
  return out;
}
