import { describe, expect, it } from 'vitest';
import { chooseLoadScale, round, spacedPoints } from './chart-common.js';

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
