// HDR histograms of latency in microseconds: recorded by engines, stored encoded in result.json,
// merged exactly across workers and steps, and read for percentiles here.
import * as hdr from 'hdr-histogram-js';
import type { Histogram, JsHistogram } from 'hdr-histogram-js';

/** One hour in µs: anything slower is clamped rather than lost (hdr would throw). */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

export interface LatencySummaryMs {
  count: number;
  min: number;
  mean: number;
  stdev: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

export function createLatencyHistogram(): Histogram {
  return hdr.build({
    // 32-bit buckets: recording and reading are several times faster than 'packed' at ~180 KB each.
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    autoResize: false,
    useWebAssembly: false,
  });
}

/** Record a latency, clamped into the trackable range so one pathological value cannot throw in a load loop. */
export function recordUs(h: Histogram, latencyUs: number): void {
  const v = latencyUs < 1 ? 1 : latencyUs > HIGHEST_TRACKABLE_US ? HIGHEST_TRACKABLE_US : Math.round(latencyUs);
  h.recordValue(v);
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Exact merge of encoded histograms (associative and commutative: counts add bucket by bucket). */
export function mergeEncoded(encoded: readonly string[]): Histogram {
  const total = createLatencyHistogram();
  for (const e of encoded) {
    const h = decodeHistogram(e);
    total.add(h);
    h.destroy();
  }
  return total;
}

const US_PER_MS = 1000;

const PERCENTILES = [50, 90, 95, 99, 99.9] as const;

/** Count a percentile must reach, computed as HdrHistogram does (so results equal getValueAtPercentile). */
function countAtPercentile(p: number, total: number): number {
  const fp = (p / 100) * total;
  return Math.max(Math.ceil(fp - Number.EPSILON * Math.max(1, Math.abs(fp)) * 2), 1);
}

/** All percentiles, mean and stdev in one pass over the buckets (one getValueAtPercentile scans them all each time). */
export function summarizeMs(h: Histogram): LatencySummaryMs {
  if (h.totalCount === 0) {
    return { count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  }
  const js = h as unknown as JsHistogram;
  const total = h.totalCount;
  const targets = PERCENTILES.map((p) => countAtPercentile(p, total));
  const values: number[] = [];
  let cumulative = 0;
  let sum = 0;
  const seen: Array<{ value: number; count: number }> = [];
  for (let i = 0; i < js.countsArrayLength && cumulative < total; i++) {
    const count = js.getCountAtIndex(i);
    if (count === 0) continue;
    cumulative += count;
    const value = js.valueFromIndex(i);
    const mid = js.medianEquivalentValue(value);
    sum += mid * count;
    seen.push({ value: mid, count });
    while (values.length < targets.length && cumulative >= targets[values.length]!) values.push(js.highestEquivalentValue(value));
  }
  const mean = sum / total;
  let squares = 0;
  for (const { value, count } of seen) squares += (value - mean) ** 2 * count;
  const [p50, p90, p95, p99, p999] = values.map((v) => v / US_PER_MS) as [number, number, number, number, number];
  return {
    count: total,
    min: h.minNonZeroValue / US_PER_MS,
    mean: mean / US_PER_MS,
    stdev: Math.sqrt(squares / total) / US_PER_MS,
    p50,
    p90,
    p95,
    p99,
    p999,
    max: h.maxValue / US_PER_MS,
  };
}

export function summarizeEncodedMs(encoded: string): LatencySummaryMs {
  const h = decodeHistogram(encoded);
  try {
    return summarizeMs(h);
  } finally {
    h.destroy();
  }
}

/** Recorded values as (value, count) pairs in ms, finest granularity the histogram keeps. */
export function recordedValuesMs(encoded: string): Array<{ valueMs: number; count: number }> {
  const h = decodeHistogram(encoded) as unknown as JsHistogram;
  try {
    const out: Array<{ valueMs: number; count: number }> = [];
    const it = h.recordedValuesIterator;
    it.reset();
    while (it.hasNext()) {
      const v = it.next();
      out.push({ valueMs: h.highestEquivalentValue(v.valueIteratedTo) / US_PER_MS, count: v.countAddedInThisIterationStep });
    }
    return out;
  } finally {
    h.destroy();
  }
}

/** Distribution as (latency upper bound, count) buckets on a log scale, for the distribution chart. */
export function logBucketsMs(encoded: string, bucketsPerDecade = 10): Array<{ upperMs: number; count: number }> {
  const buckets = new Map<number, number>();
  for (const { valueMs, count } of recordedValuesMs(encoded)) {
    const i = Math.ceil(Math.log10(valueMs * US_PER_MS) * bucketsPerDecade - 1e-9);
    buckets.set(i, (buckets.get(i) ?? 0) + count);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([i, count]) => ({ upperMs: 10 ** (i / bucketsPerDecade) / US_PER_MS, count }));
}
