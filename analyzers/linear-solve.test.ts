import { describe, expect, it } from 'vitest';
import { solveLinear } from './linear-solve.js';

describe('solveLinear', () => {
  it('solves a system that needs pivoting', () => {
    const x = solveLinear(
      [
        [0, 2, 1],
        [1, 1, 1],
        [2, 1, 3],
      ],
      [7, 6, 13],
    )!;
    // A zero in the first pivot position: elimination without row swaps would divide by it.
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(2, 12);
    expect(x[2]).toBeCloseTo(3, 12);
  });

  it('returns null for a singular system', () => {
    expect(solveLinear([[1, 2], [2, 4]], [3, 6])).toBeNull();
    expect(solveLinear([[0]], [1])).toBeNull();
  });
});
