import { describe, expect, it } from 'vitest';
import { meanCi } from './confidence.js';
import { mulberry32, normalFrom } from './random.js';
import { normalQuantile, studentTCdf, studentTQuantile } from './student-t.js';

describe('studentTQuantile', () => {
  // Values from any printed t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  const table: Array<[p: number, df: number, t: number]> = [
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 3, 3.182],
    [0.975, 5, 2.571],
    [0.975, 10, 2.228],
    [0.975, 30, 2.042],
    [0.975, 100, 1.984],
    [0.95, 20, 1.725],
    [0.995, 10, 3.169],
    [0.9995, 1, 636.619],
  ];
  it.each(table)('p=%s df=%s is %s', (p, df, t) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(t, 3);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 3);
  });

  it('inverts the CDF', () => {
    for (const df of [1, 2.5, 7, 40, 1000]) {
      for (const p of [0.6, 0.9, 0.99]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
    }
  });

  it('tends to the normal quantile for large df', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 6);
    // Cornish–Fisher: z + (z³ + z) / 4ν = 1.959988 at ν = 1e5.
    expect(studentTQuantile(0.975, 1e5)).toBeCloseTo(1.959988, 6);
  });

  it('rejects impossible arguments', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe('meanCi', () => {
  it('matches a hand-computed interval', () => {
    // mean 10, sample sd √2.5, t(0.975, 4) = 2.776445
    const ci = meanCi([8, 9, 10, 11, 12]);
    expect(ci.mean).toBe(10);
    expect(ci.stdev).toBeCloseTo(Math.sqrt(2.5), 12);
    const half = 2.776445 * Math.sqrt(2.5 / 5);
    expect(ci.lo).toBeCloseTo(10 - half, 5);
    expect(ci.hi).toBeCloseTo(10 + half, 5);
    expect(ci.n).toBe(5);
  });

  it('narrows at a lower level', () => {
    const wide = meanCi([1, 4, 2, 8, 5], 0.99);
    const narrow = meanCi([1, 4, 2, 8, 5], 0.8);
    expect(narrow.hi - narrow.lo).toBeLessThan(wide.hi - wide.lo);
  });

  it('collapses to the mean with one sample and to zeros with none', () => {
    expect(meanCi([7])).toEqual({ mean: 7, lo: 7, hi: 7, stdev: 0, n: 1 });
    expect(meanCi([])).toEqual({ mean: 0, lo: 0, hi: 0, stdev: 0, n: 0 });
  });

  it('covers the true mean about 95% of the time', () => {
    const rng = mulberry32(42);
    const z = normalFrom(rng);
    let covered = 0;
    const trials = 2000;
    for (let i = 0; i < trials; i++) {
      const s = Array.from({ length: 6 }, () => 100 + 10 * z());
      const ci = meanCi(s);
      if (ci.lo <= 100 && 100 <= ci.hi) covered++;
    }
    // Binomial sd at 2000 trials is ~0.5%; a z-based interval would cover only ~89% with n = 6.
    expect(covered / trials).toBeGreaterThan(0.93);
    expect(covered / trials).toBeLessThan(0.97);
  });
});
