import { describe, expect, it } from 'vitest';
import { findErrorOnset } from './error-onset.js';
import { makeStep } from './fixtures/make-step.js';

const steps = [0, 0.005, 0.01, 0.02, 0.3].map((errorRate, i) => makeStep({ load: (i + 1) * 10, throughput: 100, errorRate }, i));

describe('findErrorOnset', () => {
  it('finds the first step above 1% by default (exactly 1% is not above)', () => {
    expect(findErrorOnset(steps)).toMatchObject({ load: 40, errorRate: 0.02 });
  });

  it('uses the given threshold', () => {
    expect(findErrorOnset(steps, 0.001)?.load).toBe(20);
    expect(findErrorOnset(steps, 0.5)).toBeNull();
  });

  it('goes by load, not by run order', () => {
    expect(findErrorOnset([...steps].reverse())?.load).toBe(40);
  });
});
