import { describe, expect, it } from 'vitest';
import { chooseLoadScale, round, spacedPoints, uslThroughput } from './chart-common.js';

describe('uslThroughput', () => {
  it('is λN with no contention or coherency cost', () => {
    expect(uslThroughput({ lambda: 50, sigma: 0, kappa: 0 }, 8)).toBe(400);
  });

  it('peaks at N* = √((1−σ)/κ)', () => {
    const fit = { lambda: 60, sigma: 0.03, kappa: 0.0004 };
    const peak = Math.sqrt((1 - fit.sigma) / fit.kappa);
    expect(uslThroughput(fit, peak)).toBeGreaterThan(uslThroughput(fit, peak * 0.95));
    expect(uslThroughput(fit, peak)).toBeGreaterThan(uslThroughput(fit, peak * 1.05));
    // Known answer: X(49) = 60·49 / (1 + 0.03·48 + 0.0004·49·48).
    expect(uslThroughput(fit, 49)).toBeCloseTo(2940 / 3.3808, 9);
  });
});

describe('chooseLoadScale', () => {
  it('takes a log axis for geometric ramps and a linear one otherwise', () => {
    expect(chooseLoadScale([1, 2, 4, 8, 16, 32, 64, 128])).toBe('log');
    expect(chooseLoadScale([10, 20, 30, 40, 50, 60, 70, 80])).toBe('linear');
    expect(chooseLoadScale([100, 200, 400])).toBe('linear'); // too narrow a range to need it
    expect(chooseLoadScale([5])).toBe('linear');
  });
});

describe('spacedPoints', () => {
  it('includes both ends and spaces evenly on the chosen scale', () => {
    expect(spacedPoints(0, 10, 6, 'linear')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(spacedPoints(1, 1000, 4, 'log').map((x) => round(x, 6))).toEqual([1, 10, 100, 1000]);
  });
});
