import { describe, expect, it } from 'vitest';
import {
  createLatencyHistogram,
  encodeHistogram,
  HIGHEST_TRACKABLE_US,
  mergeEncoded,
  recordedValuesMs,
  recordUs,
  summarizeEncodedMs,
  summarizeMs,
} from './histogram.js';
import { mulberry32, normalFrom, type Random } from './random.js';

function encode(valuesUs: readonly number[]): string {
  const h = createLatencyHistogram();
  for (const v of valuesUs) recordUs(h, v);
  const e = encodeHistogram(h);
  h.destroy();
  return e;
}

/** Log-normal latencies around ~2 ms with a long tail, like a real service. */
function latenciesUs(rng: Random, n: number): number[] {
  const z = normalFrom(rng);
  return Array.from({ length: n }, () => Math.exp(7.5 + 1.2 * z()));
}

describe('latency histogram properties', () => {
  it('reads monotone percentiles on random data', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = mulberry32(seed);
      const s = summarizeEncodedMs(encode(latenciesUs(rng, 1 + Math.floor(rng() * 5000))));
      const chain = [s.min, s.p50, s.p90, s.p95, s.p99, s.p999, s.max];
      for (let i = 1; i < chain.length; i++) expect(chain[i]!, `seed ${seed} link ${i}`).toBeGreaterThanOrEqual(chain[i - 1]!);
      expect(s.mean).toBeGreaterThanOrEqual(s.min);
      expect(s.mean).toBeLessThanOrEqual(s.max);
    }
  });

  it('merges associatively, and the merge equals recording everything into one histogram', () => {
    const rng = mulberry32(99);
    const [a, b, c] = [latenciesUs(rng, 3000), latenciesUs(rng, 500), latenciesUs(rng, 2000)] as [number[], number[], number[]];
    const [ea, eb, ec] = [encode(a), encode(b), encode(c)];
    const values = (h: ReturnType<typeof mergeEncoded>): unknown => {
      const e = encodeHistogram(h);
      h.destroy();
      return recordedValuesMs(e);
    };
    const leftFirst = values(mergeEncoded([encodeHistogram(mergeEncoded([ea, eb])), ec]));
    const rightFirst = values(mergeEncoded([ea, encodeHistogram(mergeEncoded([eb, ec]))]));
    const flat = values(mergeEncoded([ec, ea, eb]));
    const single = recordedValuesMs(encode([...a, ...b, ...c]));
    expect(leftFirst).toEqual(single);
    expect(rightFirst).toEqual(single);
    expect(flat).toEqual(single);
    const merged = mergeEncoded([ea, eb, ec]);
    expect(merged.totalCount).toBe(5500);
    expect(summarizeMs(merged)).toEqual(summarizeEncodedMs(encode([...a, ...b, ...c])));
    merged.destroy();
  });

  it('reads known percentiles of uniform 1…10000 µs within HDR precision (0.1%)', () => {
    const s = summarizeEncodedMs(encode(Array.from({ length: 10_000 }, (_, i) => i + 1)));
    expect(s.count).toBe(10_000);
    const within = (actualMs: number, expectedUs: number): void => expect(Math.abs(actualMs * 1000 - expectedUs) / expectedUs).toBeLessThanOrEqual(0.001);
    within(s.p50, 5000);
    within(s.p90, 9000);
    within(s.p99, 9900);
    within(s.p999, 9990);
    within(s.max, 10_000);
    within(s.mean, 5000.5);
    expect(s.min).toBe(0.001);
  });

  it('clamps values outside the trackable range instead of throwing', () => {
    const s = summarizeEncodedMs(encode([0, -5, 0.2, HIGHEST_TRACKABLE_US * 2]));
    expect(s.count).toBe(4);
    expect(s.min).toBe(0.001);
    expect(s.max).toBeGreaterThanOrEqual((HIGHEST_TRACKABLE_US / 1000) * 0.999);
  });

  it('summarises an empty histogram as zeros', () => {
    expect(summarizeEncodedMs(encode([]))).toMatchObject({ count: 0, p99: 0, max: 0 });
  });
});

describe('summarizeMs single pass', () => {
  it('equals HdrHistogram getValueAtPercentile, mean and stdDeviation exactly', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = mulberry32(seed);
      const h = createLatencyHistogram();
      const n = 1 + Math.floor(rnd() * 20_000);
      for (let i = 0; i < n; i++) recordUs(h, Math.exp(rnd() * 14));
      const s = summarizeMs(h);
      expect(s.count).toBe(n);
      expect(s.p50).toBe(h.getValueAtPercentile(50) / 1000);
      expect(s.p90).toBe(h.getValueAtPercentile(90) / 1000);
      expect(s.p95).toBe(h.getValueAtPercentile(95) / 1000);
      expect(s.p99).toBe(h.getValueAtPercentile(99) / 1000);
      expect(s.p999).toBe(h.getValueAtPercentile(99.9) / 1000);
      expect(s.mean).toBeCloseTo(h.mean / 1000, 9);
      expect(s.stdev).toBeCloseTo(h.stdDeviation / 1000, 9);
      h.destroy();
    }
  });
});
