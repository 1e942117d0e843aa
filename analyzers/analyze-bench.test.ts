import { describe, expect, it } from 'vitest';
import { analyzeBench } from './analyze-bench.js';
import { closedFixedCapacitySteps, makeStep, openFixedCapacitySteps } from './fixtures/make-step.js';
import { CISCO } from './fixtures/usl-datasets.js';
import { mulberry32, normalFrom } from './random.js';

const GEOMETRIC = [1, 2, 4, 8, 16, 32, 64];

describe('analyzeBench, closed model', () => {
  it('saturates at the knee of a K-worker server, K = 8 (2 ms per request)', () => {
    const a = analyzeBench(closedFixedCapacitySteps(GEOMETRIC, 8, 2), { model: 'closed' });
    expect(a.knee).toEqual({ load: 8, throughput: 4000 });
    expect(a.saturation).toMatchObject({ limitedBy: 'knee', load: 8, throughput: 4000, range: [4, 16] });
    expect(a.usl).not.toBeNull();
    expect(a.slo).toBeNull();
    expect(a.errorOnset).toBeNull();
  });

  it('keeps finding that knee with 2% noise', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const z = normalFrom(mulberry32(seed));
      const a = analyzeBench(closedFixedCapacitySteps(GEOMETRIC, 8, 2, () => 0.02 * z()), { model: 'closed', seed });
      expect(a.saturation.limitedBy).toBe('knee');
      expect(a.saturation.load).toBe(8);
    }
  });

  it('gives the SLO verdict and lets the knee bind when the SLO breaks later', () => {
    // Latency N/X is 2 ms up to K = 8 and 4 ms at 16 connections, so a 6 ms p99 (2× latency) breaks at 16.
    const a = analyzeBench(closedFixedCapacitySteps(GEOMETRIC, 8, 2), { model: 'closed', slo: { p99: 6, minThroughput: 3000 } });
    expect(a.slo).toMatchObject({ passed: true, capacity: { load: 8, throughput: 4000 }, breach: { load: 16, objective: 'p99', observed: 8, limit: 6 } });
    expect(a.saturation.limitedBy).toBe('knee');
  });

  it('reports an SLO breach that comes before the knee', () => {
    const steps = closedFixedCapacitySteps(GEOMETRIC, 8, 2);
    steps[2]!.latencyMs.p99 = 9; // a slow step at 4 connections
    const a = analyzeBench(steps, { model: 'closed', slo: { p99: 6, minThroughput: 3000 } });
    expect(a.slo).toMatchObject({ passed: false, capacity: { load: 2, throughput: 1000 }, breach: { load: 4, observed: 9 } });
    expect(a.saturation).toMatchObject({ limitedBy: 'slo-breach', load: 4, range: [2, 4], detail: 'p99 9 ms > 6 ms objective at 4 connections' });
  });

  it('says not-reached when the server never saturates, and the USL sees linear scaling', () => {
    const a = analyzeBench(closedFixedCapacitySteps(GEOMETRIC, 1000, 2), { model: 'closed' });
    expect(a.saturation).toMatchObject({ limitedBy: 'not-reached', load: 64, throughput: 32000, range: [64, 64] });
    expect(a.usl).toMatchObject({ sigma: 0, kappa: 0, peak: Infinity });
    expect(a.knee).toBeNull();
  });

  it('finds the knee of the Cisco data well before its USL peak (13 vs 35.6)', () => {
    const a = analyzeBench(
      CISCO.points.map((p, i) => makeStep({ load: p.n, throughput: p.x }, i)),
      { model: 'closed' },
    );
    expect(a.usl!.peak).toBeCloseTo(35.57, 2);
    expect(a.saturation).toMatchObject({ limitedBy: 'knee', load: 13, range: [12, 14] });
  });
});

describe('analyzeBench, open model', () => {
  const rates = [50, 100, 200, 400, 800];

  it.each([150, 290, 333, 600])('puts saturation within 5%% of the true capacity %s req/s', (capacity) => {
    const z = normalFrom(mulberry32(capacity));
    const a = analyzeBench(openFixedCapacitySteps(rates, capacity, 5, () => 0.01 * z()), { model: 'open' });
    expect(a.saturation.limitedBy).toBe('throughput-plateau');
    expect(Math.abs(a.saturation.load / capacity - 1)).toBeLessThan(0.05);
    expect(a.saturation.range[0]).toBeLessThanOrEqual(a.saturation.load);
    expect(a.saturation.range[1]).toBeGreaterThanOrEqual(a.saturation.load);
    expect(a.usl).toBeNull();
  });

  it('reports error onset when errors start below capacity', () => {
    const steps = openFixedCapacitySteps(rates, 600, 5);
    steps[2]!.errorRate = 0.04;
    const a = analyzeBench(steps, { model: 'open' });
    expect(a.errorOnset).toEqual({ load: 200, errorRate: 0.04 });
    expect(a.saturation).toMatchObject({ limitedBy: 'error-onset', load: 200, range: [100, 200] });
  });

  it('uses the SLO error objective as the onset threshold', () => {
    const steps = openFixedCapacitySteps(rates, 10_000, 5);
    steps[1]!.errorRate = 0.004;
    expect(analyzeBench(steps, { model: 'open' }).errorOnset).toBeNull();
    expect(analyzeBench(steps, { model: 'open', slo: { errorRate: 0.001 } }).errorOnset).toEqual({ load: 100, errorRate: 0.004 });
  });
});

describe('analyzeBench contract', () => {
  it('is deterministic for the same steps and seed', () => {
    const steps = CISCO.points.map((p, i) => makeStep({ load: p.n, throughput: p.x }, i));
    expect(analyzeBench(steps, { model: 'closed', seed: 3 })).toEqual(analyzeBench([...steps].reverse(), { model: 'closed', seed: 3 }));
  });

  it('handles a bench with no steps', () => {
    expect(analyzeBench([], { model: 'closed', slo: { p99: 100 } })).toEqual({
      usl: null,
      knee: null,
      errorOnset: null,
      saturation: { load: 0, throughput: 0, limitedBy: 'not-reached', range: [0, 0], detail: 'no steps were measured' },
      slo: { passed: false, capacity: null, breach: null, objectives: { p99: 100 } },
    });
  });
});
