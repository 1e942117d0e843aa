import { describe, expect, it } from 'vitest';
import { coefficientOfVariation, hasConverged, needsAnotherRepeat, pairedRatios, summarizeRepeats, type RepeatPolicy } from './repeats.js';

// t(0.975, df) from published tables (NIST/SEMATECH e-Handbook, 1.3.6.7.2).
const T975 = { 2: 4.302652729749464, 4: 2.7764451051977987, 9: 2.2621571627409915 } as const;

describe('summarizeRepeats', () => {
  it('gives mean 11, sample stdev 1, a Student-t 95% interval and cv 1/11 for [10, 11, 12]', () => {
    const s = summarizeRepeats([10, 11, 12]);
    expect(s.n).toBe(3);
    expect(s.mean).toBe(11);
    expect(s.stdev).toBeCloseTo(1, 12);
    const half = T975[2] / Math.sqrt(3);
    expect(s.ci95[0]).toBeCloseTo(11 - half, 9);
    expect(s.ci95[1]).toBeCloseTo(11 + half, 9);
    expect(s.ci95[0]).toBeCloseTo(8.5159, 4);
    expect(s.cv).toBeCloseTo(1 / 11, 12);
  });

  it('matches a hand computation on five repeats', () => {
    const values = [200, 204, 198, 202, 196]; // mean 200, squares 0+16+4+4+16 = 40, s² = 10
    const s = summarizeRepeats(values);
    expect(s.mean).toBe(200);
    expect(s.stdev).toBeCloseTo(Math.sqrt(10), 12);
    expect(s.ci95[1] - s.mean).toBeCloseTo((T975[4] * Math.sqrt(10)) / Math.sqrt(5), 9);
    expect(s.cv).toBeCloseTo(Math.sqrt(10) / 200, 12);
  });

  it('collapses the interval on identical repeats, and has no cv for one repeat', () => {
    expect(summarizeRepeats([5, 5, 5])).toMatchObject({ mean: 5, stdev: 0, ci95: [5, 5], cv: 0 });
    expect(summarizeRepeats([7]).cv).toBeNaN();
    expect(summarizeRepeats([7]).ci95).toEqual([7, 7]);
  });

  it('is unchanged by the order of the repeats', () => {
    const a = summarizeRepeats([3.1, 2.9, 3.4, 3.0]);
    const b = summarizeRepeats([3.4, 3.0, 3.1, 2.9]);
    expect(b.mean).toBeCloseTo(a.mean, 12);
    expect(b.ci95[0]).toBeCloseTo(a.ci95[0], 12);
    expect(b.cv).toBeCloseTo(a.cv, 12);
  });
});

describe('coefficientOfVariation', () => {
  it('is scale-free and uses |mean| so negative figures do not flip its sign', () => {
    expect(coefficientOfVariation([10, 11, 12])).toBeCloseTo(coefficientOfVariation([1000, 1100, 1200]), 12);
    expect(coefficientOfVariation([-10, -11, -12])).toBeCloseTo(1 / 11, 12);
  });

  it('is 0 for all-zero repeats and Infinity for a spread around zero', () => {
    expect(coefficientOfVariation([0, 0])).toBe(0);
    expect(coefficientOfVariation([-1, 1])).toBe(Infinity);
  });
});

describe('the repeat stopping rule', () => {
  const policy: RepeatPolicy = { min: 3, max: 5, cv: 0.03 };

  it('always runs the minimum, even when the first repeats agree exactly', () => {
    expect(needsAnotherRepeat([], policy)).toBe(true);
    expect(needsAnotherRepeat([100, 100], policy)).toBe(true);
    expect(needsAnotherRepeat([100, 100, 100], policy)).toBe(false);
  });

  it('stops at the minimum when the cv is below the threshold, and calls that converged', () => {
    const quiet = [100, 101, 99]; // cv 1%
    expect(needsAnotherRepeat(quiet, policy)).toBe(false);
    expect(hasConverged(quiet, policy)).toBe(true);
  });

  it('keeps repeating while noisy and stops at the cap without converging', () => {
    const noisy = [100, 120, 90];
    expect(needsAnotherRepeat(noisy, policy)).toBe(true);
    expect(needsAnotherRepeat([...noisy, 110], policy)).toBe(true);
    expect(needsAnotherRepeat([...noisy, 110, 95], policy)).toBe(false);
    expect(hasConverged([...noisy, 110, 95], policy)).toBe(false);
  });

  it('stops as soon as a late repeat brings the cv under the threshold', () => {
    // One outlier then agreement: cv 4.11% (n 3), 3.92% (4), 3.52% (5), 3.22% (6), by hand.
    const settling = [100, 108, 100, 100, 100, 100];
    const p: RepeatPolicy = { min: 3, max: 10, cv: 0.035 };
    expect(coefficientOfVariation(settling.slice(0, 4))).toBeCloseTo(4 / 102, 12);
    expect(coefficientOfVariation(settling)).toBeCloseTo(Math.sqrt(160 / 15) / (608 / 6), 12);
    expect([3, 4, 5, 6].map((n) => needsAnotherRepeat(settling.slice(0, n), p))).toEqual([true, true, true, false]);
  });

  it('treats a cv equal to the threshold as not yet converged', () => {
    const values = [97, 103]; // stdev 3√2 / 100
    const cv = coefficientOfVariation(values);
    expect(hasConverged(values, { min: 2, max: 5, cv })).toBe(false);
    expect(hasConverged(values, { min: 2, max: 5, cv: cv + 1e-9 })).toBe(true);
  });
});

describe('pairedRatios', () => {
  it('divides pairs by index over the shorter side and skips a zero divisor', () => {
    expect(pairedRatios([20, 40, 60, 80], [10, 20, 30])).toEqual([2, 2, 2]);
    expect(pairedRatios([1, 2, 3], [1, 0, 3])).toEqual([1, 1]);
  });
});
