import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram, recordUs } from '../analyzers/histogram.js';
import { percentileSpectrum } from './distribution-spec.js';

function encoded(valuesMs: readonly number[]): string {
  const h = createLatencyHistogram();
  for (const v of valuesMs) recordUs(h, v * 1000);
  const e = encodeHistogram(h);
  h.destroy();
  return e;
}

describe('percentileSpectrum', () => {
  // 1 … 10,000 ms once each: the value at percentile p is p·10,000 ms (within HDR's 0.1%).
  const spectrum = percentileSpectrum(encoded(Array.from({ length: 10_000 }, (_, i) => i + 1)));
  const at = (ratio: number) => spectrum.find((p) => Math.abs(p.tailRatio - ratio) / ratio < 1e-6)!;

  it('reads the median, p90, p99 and p99.9 at 1/(1−p) = 2, 10, 100, 1000', () => {
    expect(at(2).latencyMs).toBeCloseTo(5000, -1);
    expect(at(10).latencyMs).toBeCloseTo(9000, -1);
    expect(at(100).latencyMs).toBeCloseTo(9900, -1);
    expect(at(1000).latencyMs).toBeCloseTo(9990, -1);
    expect(at(100).percentile).toBeCloseTo(99, 9);
  });

  it('ends at the last resolvable percentile with the maximum', () => {
    const last = spectrum.at(-1)!;
    expect(last.tailRatio).toBe(10_000);
    expect(last.latencyMs).toBeCloseTo(10_000, -1);
  });

  it('is monotone in both percentile and latency', () => {
    for (let i = 1; i < spectrum.length; i++) {
      expect(spectrum[i]!.tailRatio).toBeGreaterThan(spectrum[i - 1]!.tailRatio);
      expect(spectrum[i]!.latencyMs).toBeGreaterThanOrEqual(spectrum[i - 1]!.latencyMs);
    }
  });

  it('stays small: about 20 points per decade of samples', () => {
    expect(spectrum.length).toBeGreaterThan(70);
    expect(spectrum.length).toBeLessThan(90);
  });

  it('handles an empty histogram and a single sample', () => {
    expect(percentileSpectrum(encoded([]))).toEqual([]);
    const one = percentileSpectrum(encoded([42]));
    expect(one).toHaveLength(1);
    expect(one[0]!.latencyMs).toBeCloseTo(42, 1);
  });
});
