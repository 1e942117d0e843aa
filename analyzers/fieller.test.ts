import { describe, expect, it } from 'vitest';
import { fiellerInterval } from './fieller.js';
import { mulberry32, normalFrom } from './random.js';

describe('fiellerInterval', () => {
  // Reference: scipy 1.17, df = Welch–Satterthwaite at the estimated ratio, t = stats.t.ppf(0.975, df),
  // and the two roots of (ā − θ b̄)² − t² (v_a + θ² v_b) found numerically with optimize.brentq
  // (an independent route to the same interval, not the closed form used here).
  it('matches the numerically inverted test on five repeats per side (ratio 1.5)', () => {
    const r = fiellerInterval([1510, 1498, 1525, 1490, 1502], [1000, 1012, 995, 1003, 990])!;
    expect(r.ratio).toBeCloseTo(1.505, 12);
    expect(r.df).toBeCloseTo(7.972667437883474, 9);
    expect(r.range![0]).toBeCloseTo(1.4862400081249125, 9);
    expect(r.range![1]).toBeCloseTo(1.5239827594817277, 9);
  });

  it('matches it on three repeats per side (a halving)', () => {
    const r = fiellerInterval([510, 495, 505], [1000, 1020, 990])!;
    expect(r.ratio).toBeCloseTo(0.5016611295681063, 12);
    expect(r.df).toBeCloseTo(3.999955997414849, 8);
    expect(r.range![0]).toBeCloseTo(0.48466693814665446, 9);
    expect(r.range![1]).toBeCloseTo(0.5192532452640071, 9);
  });

  it('inverts exactly: the interval of den/num is the reciprocal of the interval of num/den', () => {
    const num = [510, 495, 505, 520];
    const den = [1000, 1020, 990];
    const a = fiellerInterval(num, den)!;
    const b = fiellerInterval(den, num)!;
    expect(b.ratio).toBeCloseTo(1 / a.ratio, 12);
    expect(b.df).toBeCloseTo(a.df, 9);
    expect(b.range![0]).toBeCloseTo(1 / a.range![1], 10);
    expect(b.range![1]).toBeCloseTo(1 / a.range![0], 10);
  });

  it('covers the true ratio of means about 95% of the time on normal data with known means', () => {
    const z = normalFrom(mulberry32(42));
    const cases = [
      { muNum: 500, sdNum: 15, muDen: 1000, sdDen: 20, n: 3 },
      { muNum: 1310, sdNum: 40, muDen: 1000, sdDen: 10, n: 5 },
      { muNum: 2.1, sdNum: 0.3, muDen: 1, sdDen: 0.1, n: 4 },
    ];
    for (const c of cases) {
      const truth = c.muNum / c.muDen;
      let covered = 0;
      const trials = 3000;
      for (let i = 0; i < trials; i++) {
        const num = Array.from({ length: c.n }, () => c.muNum + c.sdNum * z());
        const den = Array.from({ length: c.n }, () => c.muDen + c.sdDen * z());
        const { range } = fiellerInterval(num, den)!;
        if (range && range[0] <= truth && truth <= range[1]) covered++;
      }
      expect(covered / trials, JSON.stringify(c)).toBeGreaterThan(0.93);
      expect(covered / trials, JSON.stringify(c)).toBeLessThan(0.975);
    }
  });

  it('keeps the ratio inside its interval and narrows with more repeats', () => {
    const z = normalFrom(mulberry32(3));
    const draw = (n: number, mu: number) => Array.from({ length: n }, () => mu * (1 + 0.02 * z()));
    const few = fiellerInterval(draw(3, 2000), draw(3, 1000))!;
    const many = fiellerInterval(draw(40, 2000), draw(40, 1000))!;
    for (const r of [few, many]) expect(r.range![0] < r.ratio && r.ratio < r.range![1]).toBe(true);
    expect(many.range![1] - many.range![0]).toBeLessThan((few.range![1] - few.range![0]) / 3);
  });

  it('is unbounded when the denominator is not distinguishable from zero, and needs two values per side', () => {
    expect(fiellerInterval([10, 11, 12], [-1, 1, 0.5])!.range).toBeNull();
    expect(fiellerInterval([10], [1, 2])).toBeNull();
    expect(fiellerInterval([4, 4, 4], [2, 2])).toEqual({ ratio: 2, range: [2, 2], df: 3 });
  });
});
