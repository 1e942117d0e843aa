import { describe, expect, it } from 'vitest';
import { makeStep } from './fixtures/make-step.js';
import { evaluateSlo, findBrokenObjective } from './slo.js';

// p99 rises with load; errors appear at 400.
const steps = [
  makeStep({ load: 100, throughput: 100, p99Ms: 20 }, 0),
  makeStep({ load: 200, throughput: 200, p99Ms: 40 }, 1),
  makeStep({ load: 300, throughput: 290, p99Ms: 90 }, 2),
  makeStep({ load: 400, throughput: 300, p99Ms: 400, errorRate: 0.05 }, 3),
];

describe('evaluateSlo', () => {
  it('takes capacity from the last step before the first breach', () => {
    const v = evaluateSlo(steps, { p99: 100 });
    expect(v.capacity).toEqual({ load: 300, throughput: 290 });
    expect(v.breach).toEqual({ load: 400, objective: 'p99', observed: 400, limit: 100 });
    expect(v.passed).toBe(true);
    expect(v.objectives).toEqual({ p99: 100 });
  });

  it('does not count a step that passes again above a breach', () => {
    const noisy = [...steps.slice(0, 2), makeStep({ load: 250, throughput: 240, p99Ms: 150 }, 4), steps[2]!];
    expect(evaluateSlo(noisy, { p99: 100 }).capacity).toEqual({ load: 200, throughput: 200 });
  });

  it('sorts steps by load first', () => {
    expect(evaluateSlo([...steps].reverse(), { p99: 50 }).capacity?.load).toBe(200);
  });

  it('passes a limit met exactly', () => {
    expect(evaluateSlo(steps, { p99: 400, errorRate: 0.05 }).breach).toBeNull();
  });

  it('reports the worst-broken objective when several break at once', () => {
    // At 400: p99 400/300 = 1.33× its limit, error rate 0.05/0.01 = 5×.
    expect(evaluateSlo(steps, { p99: 300, errorRate: 0.01 }).breach).toMatchObject({ load: 400, objective: 'errorRate', observed: 0.05, limit: 0.01 });
  });

  it('fails when even the lightest step breaks an objective', () => {
    const v = evaluateSlo(steps, { p99: 10 });
    expect(v.capacity).toBeNull();
    expect(v.breach?.load).toBe(100);
    expect(v.passed).toBe(false);
  });

  it('fails when capacity within the SLO is below minThroughput, and passes when it is not', () => {
    expect(evaluateSlo(steps, { p99: 50, minThroughput: 250 }).passed).toBe(false);
    expect(evaluateSlo(steps, { p99: 100, minThroughput: 250 }).passed).toBe(true);
  });

  it('uses the top step as capacity when only minThroughput is given', () => {
    const v = evaluateSlo(steps, { minThroughput: 350 });
    expect(v.capacity).toEqual({ load: 400, throughput: 300 });
    expect(v.breach).toBeNull();
    expect(v.passed).toBe(false);
  });

  it('passes an empty SLO and fails any objective when nothing was measured', () => {
    expect(evaluateSlo(steps, {}).passed).toBe(true);
    expect(evaluateSlo([], { p99: 100 })).toMatchObject({ passed: false, capacity: null, breach: null });
  });
});

describe('findBrokenObjective', () => {
  it('treats a step with no responses as breaking latency objectives', () => {
    const silent = makeStep({ load: 50, throughput: 0, p99Ms: 0, responses: 0 });
    expect(findBrokenObjective(silent, { p99: 100 })).toEqual({ objective: 'responses', observed: 0, limit: 1 });
    expect(findBrokenObjective(silent, { errorRate: 0.01 })).toBeNull();
  });

  it('checks every latency percentile it is given', () => {
    const s = makeStep({ load: 1, throughput: 1, p50Ms: 10, p99Ms: 50 });
    expect(findBrokenObjective(s, { p50: 5 })?.objective).toBe('p50');
    expect(findBrokenObjective(s, { p999: 70 })).toMatchObject({ objective: 'p999', observed: 75 });
    expect(findBrokenObjective(s, { p90: 30, p95: 40 })).toBeNull();
  });
});
