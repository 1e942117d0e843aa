import { describe, expect, it } from 'vitest';
import { mulberry32, normalFrom } from './random.js';
import { summarizeSample, twoSidedP, welchTTest } from './welch.js';

// Wikipedia "Welch's t-test", examples 1 and 2; the figures are scipy 1.17
// `stats.ttest_ind(a1, a2, equal_var=False)` (Wikipedia rounds them to t −2.46, df 24.99, p 0.021
// and t −1.57, df 9.90, p 0.149).
const A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
const A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
const B1 = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
const B2 = [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8];

describe('welchTTest', () => {
  it('matches scipy on Wikipedia example 1 (equal n, similar variances)', () => {
    const r = welchTTest(A1, A2)!;
    expect(r.t).toBeCloseTo(-2.455356398286006, 10);
    expect(r.df).toBeCloseTo(24.988529290231416, 9);
    expect(r.pValue).toBeCloseTo(0.021378001462866992, 10);
  });

  it('matches scipy on Wikipedia example 2 (unequal n and variances)', () => {
    const r = welchTTest(B1, B2)!;
    expect(r.t).toBeCloseTo(-1.5654335235985037, 10);
    expect(r.df).toBeCloseTo(9.904741248650831, 9);
    expect(r.pValue).toBeCloseTo(0.14884169660532817, 10);
  });

  it('matches scipy with three repeats per side, a halved throughput', () => {
    // scipy: ttest_ind([510, 495, 505], [1000, 1020, 990], equal_var=False)
    const r = welchTTest([510, 495, 505], [1000, 1020, 990])!;
    expect(r.t).toBeCloseTo(-50.709255283710995, 8);
    expect(r.df).toBeCloseTo(2.941176470588235, 9);
    expect(r.pValue / 2.017698660887509e-5).toBeCloseTo(1, 6);
  });

  it('is antisymmetric in its arguments', () => {
    const ab = welchTTest(B1, B2)!;
    const ba = welchTTest(B2, B1)!;
    expect(ba.t).toBeCloseTo(-ab.t, 12);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 12);
  });

  it('needs two values per side, and handles constant samples', () => {
    expect(welchTTest([1], [1, 2])).toBeNull();
    expect(welchTTest([], [])).toBeNull();
    expect(welchTTest([5, 5, 5], [5, 5])).toMatchObject({ t: 0, pValue: 1 });
    expect(welchTTest([5, 5, 5], [4, 4])).toMatchObject({ t: Infinity, pValue: 0 });
  });

  it('rejects at the 5% level about 5% of the time when both samples come from one distribution', () => {
    const rng = mulberry32(7);
    const z = normalFrom(rng);
    const draw = (n: number, sd: number) => Array.from({ length: n }, () => 100 + sd * z());
    let rejected = 0;
    const trials = 4000;
    for (let i = 0; i < trials; i++) if (welchTTest(draw(4, 2), draw(3, 5))!.pValue < 0.05) rejected++;
    // Welch is slightly conservative with very unequal small samples; 5% ± 1.5% covers it.
    expect(rejected / trials).toBeGreaterThan(0.035);
    expect(rejected / trials).toBeLessThan(0.065);
  });
});

describe('twoSidedP', () => {
  it('is 1 at t = 0, 0.05 at the 97.5% quantile, and keeps precision far in the tail', () => {
    expect(twoSidedP(0, 5)).toBe(1);
    expect(twoSidedP(2.5705818356363146, 5)).toBeCloseTo(0.05, 10); // scipy t.ppf(0.975, 5)
    expect(twoSidedP(1.959963984540054, 2e6)).toBeCloseTo(0.05, 8);
    // scipy: 2 * t.sf(40, 4) = 2.3340163226012678e-06
    expect(twoSidedP(40, 4) / 2.3340163226012678e-6).toBeCloseTo(1, 8);
  });
});

describe('summarizeSample', () => {
  it('gives the sample variance with n − 1', () => {
    expect(summarizeSample([1, 2, 3, 4])).toEqual({ n: 4, mean: 2.5, variance: 5 / 3 });
    expect(summarizeSample([3]).variance).toBeNaN();
  });
});
