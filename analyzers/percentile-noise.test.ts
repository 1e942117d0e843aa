import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram, recordUs, summarizeEncodedMs } from './histogram.js';
import { msToUnit, percentileOfMetric, percentileSamplingSdMs } from './percentile-noise.js';
import { mulberry32 } from './random.js';

function exponentialHistogram(seed: number, meanUs: number, count: number): string {
  const rng = mulberry32(seed);
  const h = createLatencyHistogram();
  for (let i = 0; i < count; i++) recordUs(h, -meanUs * Math.log(1 - rng()));
  const e = encodeHistogram(h);
  h.destroy();
  return e;
}

describe('percentileOfMetric', () => {
  it('reads the percentile from the metric name', () => {
    expect(percentileOfMetric('disk.fdatasync.p99')).toBe(0.99);
    expect(percentileOfMetric('x.p999')).toBeCloseTo(0.999, 12);
    expect(percentileOfMetric('x.p50')).toBe(0.5);
    expect(percentileOfMetric('x.p5')).toBe(0.05);
    expect(percentileOfMetric('cpu.multi')).toBeNull();
    expect(percentileOfMetric('x.p0')).toBeNull();
  });

  it('knows the time units', () => {
    expect(msToUnit('µs')).toBe(1000);
    expect(msToUnit('ms')).toBe(1);
    expect(msToUnit('ops/s')).toBeNull();
  });
});

describe('percentileSamplingSdMs', () => {
  it('matches the asymptotic standard error of p99 for exponential latencies', () => {
    // Exponential with mean 1 ms: Q(p) = −ln(1 − p), f(Q(p)) = 1 − p, so
    // se(Q̂(0.99)) over m operations = √(p(1−p)/m) / (1 − p) = √(0.99 / (0.01 · 2000)) = 0.2225 ms.
    const hist = exponentialHistogram(1, 1000, 200_000);
    const sd = percentileSamplingSdMs(hist, 0.99, 100); // 100 repeats of 2,000 operations
    expect(sd / 0.2225).toBeGreaterThan(0.93);
    expect(sd / 0.2225).toBeLessThan(1.07);
  });

  it('agrees with the spread of p99 over simulated repeats', () => {
    const rng = mulberry32(9);
    const p99s: number[] = [];
    const merged = createLatencyHistogram();
    for (let r = 0; r < 200; r++) {
      const h = createLatencyHistogram();
      for (let i = 0; i < 500; i++) {
        // A body around 0.3 ms and 2% slow operations around 3 ms: p99 sits in the slow mode's edge.
        const v = rng() < 0.02 ? 3000 * (0.5 + rng()) : 300 * (0.5 + rng());
        recordUs(h, v);
        recordUs(merged, v);
      }
      p99s.push(summarizeEncodedMs(encodeHistogram(h)).p99);
      h.destroy();
    }
    const mean = p99s.reduce((a, b) => a + b, 0) / p99s.length;
    const empiricalSd = Math.sqrt(p99s.reduce((a, b) => a + (b - mean) ** 2, 0) / (p99s.length - 1));
    const estimated = percentileSamplingSdMs(encodeHistogram(merged), 0.99, 200);
    merged.destroy();
    // Seeded: 0.77 here; the estimate reads the mixture's local slope, the simulation also sees whole-mode jumps.
    expect(estimated / empiricalSd).toBeGreaterThan(0.7);
    expect(estimated / empiricalSd).toBeLessThan(1.4);
  });

  it('is zero for an empty histogram and shrinks with more operations per repeat', () => {
    const empty = createLatencyHistogram();
    expect(percentileSamplingSdMs(encodeHistogram(empty), 0.99, 3)).toBe(0);
    empty.destroy();
    const hist = exponentialHistogram(2, 1000, 100_000);
    // 10 repeats of 10,000 operations against 100 of 1,000: √10 ≈ 3.2 times tighter.
    expect(percentileSamplingSdMs(hist, 0.99, 10)).toBeLessThan(percentileSamplingSdMs(hist, 0.99, 100) / 2.5);
  });
});
