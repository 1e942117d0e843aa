import { describe, expect, it } from 'vitest';
import { CISCO, SPECSDM91 } from './fixtures/usl-datasets.js';
import { mulberry32, normalFrom } from './random.js';
import { fitUsl, predictUsl, uslPeak, uslPeakThroughput } from './usl.js';

const relErr = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

describe('fitUsl on published datasets', () => {
  it('reproduces the Cisco coefficients from Practical Scalability Analysis (usl4j) within 0.02%', () => {
    const fit = fitUsl(CISCO.points)!;
    expect(relErr(fit.sigma, CISCO.published.sigma)).toBeLessThan(2e-4);
    expect(relErr(fit.kappa, CISCO.published.kappa)).toBeLessThan(2e-4);
    expect(relErr(fit.lambda, CISCO.published.lambda)).toBeLessThan(2e-4);
    // usl4j and the book round N* down to 35 and quote X(35).
    expect(Math.floor(fit.peak)).toBe(35);
    expect(relErr(predictUsl(fit, 35), CISCO.published.peakThroughputAt35)).toBeLessThan(2e-4);
    expect(fit.peakThroughput).toBeGreaterThanOrEqual(predictUsl(fit, 35));
  });

  it('reproduces the R usl package fit of SPEC SDM91 (σ, κ, λ, R², peak)', () => {
    const fit = fitUsl(SPECSDM91.points)!;
    const p = SPECSDM91.published;
    expect(relErr(fit.sigma, p.sigma)).toBeLessThan(1e-4);
    // κ is printed with four significant digits.
    expect(relErr(fit.kappa, p.kappa)).toBeLessThan(5e-4);
    expect(relErr(fit.lambda, p.lambda)).toBeLessThan(1e-4);
    expect(fit.r2).toBeCloseTo(p.r2, 4);
    expect(Number(fit.peak.toPrecision(2))).toBe(p.peak);
  });

  it('does not depend on the order of the points', () => {
    const fit = fitUsl([...SPECSDM91.points].reverse())!;
    expect(relErr(fit.sigma, SPECSDM91.published.sigma)).toBeLessThan(1e-4);
  });
});

/** Steps from 1 to 2N*, geometric with the given factor, rounded to whole connections. */
function stepsTo(max: number, factor: number): number[] {
  const s = new Set<number>();
  for (let x = 1; x <= max * 1.0001; x *= factor) s.add(Math.round(x));
  s.add(Math.round(max));
  return [...s].sort((a, b) => a - b);
}

const grid: Array<{ lambda: number; sigma: number; peak: number }> = [];
for (const lambda of [50, 200, 500]) for (const sigma of [0, 0.03, 0.1]) for (const peak of [4, 11, 24, 64]) grid.push({ lambda, sigma, peak });

describe('fitUsl on synthetic curves with known parameters', () => {
  it.each([2, Math.SQRT2])('recovers λ, σ, κ exactly from exact data (steps ×%s up to 2N*)', (factor) => {
    for (const g of grid) {
      const truth = { lambda: g.lambda, sigma: g.sigma, kappa: (1 - g.sigma) / g.peak ** 2 };
      const fit = fitUsl(stepsTo(2 * g.peak, factor).map((n) => ({ n, x: predictUsl(truth, n) })))!;
      expect(relErr(fit.peak, g.peak)).toBeLessThan(1e-6);
      expect(relErr(fit.lambda, g.lambda)).toBeLessThan(1e-6);
      expect(Math.abs(fit.sigma - g.sigma)).toBeLessThan(1e-7);
      expect(fit.r2).toBeCloseTo(1, 10);
    }
  });

  it.each([2, Math.SQRT2])('finds N* within 10%% and peak throughput within 5%% with 1%% noise (steps ×%s)', (factor) => {
    let worstPeak = 0;
    let worstX = 0;
    for (const [k, g] of grid.entries()) {
      const truth = { lambda: g.lambda, sigma: g.sigma, kappa: (1 - g.sigma) / g.peak ** 2 };
      const z = normalFrom(mulberry32(1000 + k));
      const fit = fitUsl(stepsTo(2 * g.peak, factor).map((n) => ({ n, x: predictUsl(truth, n) * (1 + 0.01 * z()) })))!;
      worstPeak = Math.max(worstPeak, relErr(fit.peak, g.peak));
      worstX = Math.max(worstX, relErr(fit.peakThroughput, predictUsl(truth, g.peak)));
    }
    expect(worstPeak).toBeLessThan(0.1);
    expect(worstX).toBeLessThan(0.05);
  });
});

describe('fitUsl edge cases', () => {
  it('needs three distinct loads', () => {
    expect(fitUsl([])).toBeNull();
    expect(fitUsl([{ n: 1, x: 10 }, { n: 2, x: 19 }, { n: 2, x: 20 }])).toBeNull();
    expect(fitUsl([{ n: 1, x: 10 }, { n: 2, x: 19 }, { n: 3, x: 27 }])).not.toBeNull();
  });

  it('returns null when nothing was served', () => {
    expect(fitUsl([1, 2, 4].map((n) => ({ n, x: 0 })))).toBeNull();
  });

  it('ignores points at N ≤ 0 or with non-finite values', () => {
    const truth = { lambda: 100, sigma: 0.05, kappa: 0.001 };
    const good = [1, 2, 4, 8, 16, 32].map((n) => ({ n, x: predictUsl(truth, n) }));
    const fit = fitUsl([...good, { n: 0, x: 5 }, { n: 3, x: NaN }])!;
    expect(relErr(fit.kappa, 0.001)).toBeLessThan(1e-6);
  });

  it('keeps σ and κ non-negative on super-linear data', () => {
    // Caches warming up can make X(N)/N grow; the USL cannot, so the fit must stay in bounds.
    const fit = fitUsl([1, 2, 4, 8].map((n) => ({ n, x: 10 * n ** 1.1 })))!;
    // The best the USL can do is linear scaling: both terms pinned at their bound of 0.
    expect(fit.sigma).toBe(0);
    expect(fit.kappa).toBe(0);
    expect(fit.lambda).toBeGreaterThan(10);
  });

  it('reports Amdahl ceilings and linear scaling without a peak', () => {
    const amdahl = fitUsl([1, 2, 4, 8, 16].map((n) => ({ n, x: predictUsl({ lambda: 100, sigma: 0.1, kappa: 0 }, n) })))!;
    expect(amdahl.kappa).toBe(0);
    expect(amdahl.peak).toBe(Infinity);
    expect(amdahl.peakThroughput).toBeCloseTo(1000, 6);
    const linear = fitUsl([1, 2, 4, 8].map((n) => ({ n, x: 10 * n })))!;
    expect(linear).toMatchObject({ lambda: 10, sigma: 0, kappa: 0, peak: Infinity, peakThroughput: Infinity });
    expect(uslPeak({ sigma: 0.1, kappa: 0 })).toBe(Infinity);
    expect(uslPeakThroughput({ lambda: 100, sigma: 0.1, kappa: 0 })).toBe(1000);
    expect(uslPeakThroughput({ lambda: 100, sigma: 0, kappa: 0 })).toBe(Infinity);
  });
});
