import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';
import { describeSpan, formatCpuQuantity, formatMemoryQuantity } from './right-size-quantity.js';
import { bandAcross, describeCoverage, quantileSorted, roundUpCores, roundUpMiB } from './right-size-stats.js';

describe('quantileSorted', () => {
  it('interpolates between the closest ranks, as PromQL quantile_over_time does', () => {
    // quantile_over_time(0.95, …) over 1..10 is 9.55 (rank 8.55 between 9 and 10).
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantileSorted(xs, 0.5)).toBe(5.5);
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(quantileSorted(xs, 1)).toBe(10);
    expect(quantileSorted([7], 0.95)).toBe(7);
    expect(quantileSorted([], 0.95)).toBeNaN();
  });

  it('is monotone in q and stays within the data, for random samples', () => {
    const rng = mulberry32(11);
    for (let t = 0; t < 30; t++) {
      const xs = Array.from({ length: 1 + Math.floor(rng() * 200) }, () => rng() * 10).sort((a, b) => a - b);
      let prev = -Infinity;
      for (let q = 0; q <= 1; q += 0.05) {
        const v = quantileSorted(xs, q);
        expect(v).toBeGreaterThanOrEqual(prev);
        expect(v).toBeGreaterThanOrEqual(xs[0]!);
        expect(v).toBeLessThanOrEqual(xs[xs.length - 1]!);
        prev = v;
      }
    }
  });
});

describe('describeCoverage', () => {
  const step = 300_000;
  it('measures history, the longest hole and the share of points present', () => {
    const ts = [0, 1, 2, 3, 10, 11].map((i) => i * step);
    expect(describeCoverage([...ts, ts[2]!], step)).toEqual({ firstMs: 0, lastMs: 11 * step, historyMs: 12 * step, longestGapMs: 6 * step, coverage: 0.5, points: 6 });
  });

  it('has nothing to say about no points', () => {
    expect(describeCoverage([], step)).toMatchObject({ points: 0, historyMs: 0, coverage: 0 });
  });
});

describe('bandAcross', () => {
  it('takes the least and the most of the series at each time', () => {
    const a = [{ tMs: 1, value: 5 }, { tMs: 2, value: 1 }];
    const b = [{ tMs: 2, value: 3 }, { tMs: 3, value: Number.NaN }, { tMs: 0, value: 2 }];
    expect(bandAcross([a, b])).toEqual([{ tMs: 0, min: 2, max: 2 }, { tMs: 1, min: 5, max: 5 }, { tMs: 2, min: 1, max: 3 }]);
  });
});

describe('rounding and quantities', () => {
  it('rounds cores up to the millicore and bytes up to the MiB, never to zero', () => {
    expect(roundUpCores(0.2501)).toBe(0.251);
    expect(roundUpCores(0.25)).toBe(0.25);
    expect(roundUpCores(0.1 + 0.2)).toBe(0.3); // float noise does not add a millicore
    expect(roundUpCores(0)).toBe(0.001);
    expect(roundUpMiB(100 * 1024 ** 2 + 1)).toBe(101 * 1024 ** 2);
    expect(roundUpMiB(0)).toBe(1024 ** 2);
  });

  it('writes Kubernetes quantities', () => {
    expect([0.25, 2, 1.5, 0.0004].map(formatCpuQuantity)).toEqual(['250m', '2', '1500m', '0.4m']);
    expect([512 * 1024 ** 2, 2 * 1024 ** 3, 1.5 * 1024 ** 2].map(formatMemoryQuantity)).toEqual(['512Mi', '2Gi', '1.5Mi']);
    expect([20 * 60_000, 90 * 60_000, 6 * 3_600_000, 14 * 86_400_000].map(describeSpan)).toEqual(['20 min', '90 min', '6 h', '14 d']);
  });
});
