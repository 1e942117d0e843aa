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
    bitBucketSize: 'packed',
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
  return hdr.decodeFromCompressedBase64(encoded, 'packed', false);
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

export function summarizeMs(h: Histogram): LatencySummaryMs {
  if (h.totalCount === 0) {
    return { count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  }
  const at = (p: number): number => h.getValueAtPercentile(p) / US_PER_MS;
  return {
    count: h.totalCount,
    min: h.minNonZeroValue / US_PER_MS,
    mean: h.mean / US_PER_MS,
    stdev: h.stdDeviation / US_PER_MS,
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
    p999: at(99.9),
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
