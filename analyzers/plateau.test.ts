import { describe, expect, it } from 'vitest';
import { openFixedCapacitySteps } from './fixtures/make-step.js';
import { findThroughputPlateau } from './plateau.js';
import { mulberry32, normalFrom } from './random.js';

describe('findThroughputPlateau', () => {
  it.each([120, 290, 333, 700])('estimates capacity %s req/s from steps that bracket it', (capacity) => {
    const p = findThroughputPlateau(openFixedCapacitySteps([50, 100, 200, 400, 800], capacity, 5))!;
    expect(p.throughput).toBeCloseTo(capacity, 6);
    expect(p.range[0]).toBeLessThan(capacity);
    expect(p.range[1]).toBeGreaterThan(capacity);
  });

  it('lands within 5% of capacity with 2% noise per step', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const z = normalFrom(mulberry32(seed));
      const p = findThroughputPlateau(openFixedCapacitySteps([100, 200, 300, 400, 600, 800], 290, 5, () => 0.02 * z()))!;
      expect(Math.abs(p.throughput / 290 - 1)).toBeLessThan(0.05);
    }
  });

  it('names the first step that fell behind', () => {
    const p = findThroughputPlateau(openFixedCapacitySteps([100, 200, 400, 800], 290, 5))!;
    expect(p.firstBehind).toEqual({ load: 400, offeredRate: 400, throughput: 290 });
  });

  it('keeps the best step when throughput collapses under overload', () => {
    const steps = openFixedCapacitySteps([100, 200, 400, 800], 290, 5);
    steps[3]!.throughput = 120;
    expect(findThroughputPlateau(steps)!.throughput).toBe(290);
  });

  it('returns null while every step keeps up (within 95%)', () => {
    const steps = openFixedCapacitySteps([100, 200, 400], 1000, 5);
    steps[2]!.throughput = 381; // 95.25% of offered
    expect(findThroughputPlateau(steps)).toBeNull();
  });
});
