import { describe, expect, it } from 'vitest';
import type { SloVerdict, UslFit } from '../scenarios/result.js';
import { makeStep } from './fixtures/make-step.js';
import { ETCD_SATURATION_WORDS, HTTP_SATURATION_WORDS, findSaturation, type SaturationInput } from './saturation.js';
import { fitUsl, predictUsl } from './usl.js';

const LOADS = [1, 2, 4, 8, 16, 32];
const steps = LOADS.map((n, i) => makeStep({ load: n, throughput: 100 * Math.min(n, 8) }, i));
const base: SaturationInput = { steps, model: 'closed', usl: null, knee: null, slo: null, errorOnset: null, errorThreshold: 0.01, plateau: null, seed: 1 };
const knee8 = { x: 8, y: 800, index: 3, asymptoteX: 8 };
const breachAt = (load: number, capacityLoad: number | null): SloVerdict => ({
  passed: true,
  capacity: capacityLoad === null ? null : { load: capacityLoad, throughput: 100 * Math.min(capacityLoad, 8) },
  breach: { load, objective: 'p99', observed: 312, limit: 250 },
  objectives: { p99: 250 },
});

describe('findSaturation', () => {
  it('reports not-reached at the highest step when nothing binds', () => {
    expect(findSaturation(base)).toMatchObject({ limitedBy: 'not-reached', load: 32, throughput: 800, range: [32, 32] });
  });

  it('reports the knee with the neighbouring steps as its range', () => {
    const s = findSaturation({ ...base, knee: knee8 });
    expect(s).toMatchObject({ limitedBy: 'knee', load: 8, throughput: 800, range: [4, 16] });
    expect(s.detail).toContain('8 connections');
  });

  it('picks the lowest binding load', () => {
    const s = findSaturation({ ...base, knee: knee8, slo: breachAt(4, 2) });
    expect(s).toMatchObject({ limitedBy: 'slo-breach', load: 4, range: [2, 4] });
    expect(s.detail).toBe('p99 312 ms > 250 ms objective at 4 connections');
    const later = findSaturation({ ...base, knee: knee8, slo: breachAt(16, 8), errorOnset: { load: 32, errorRate: 0.2, throughput: 700 } });
    expect(later.limitedBy).toBe('knee');
  });

  it('breaks ties in favour of the SLO, then errors', () => {
    const onset = { load: 8, errorRate: 0.03, throughput: 800 };
    expect(findSaturation({ ...base, knee: knee8, errorOnset: onset }).limitedBy).toBe('error-onset');
    expect(findSaturation({ ...base, knee: knee8, errorOnset: onset, slo: breachAt(8, 4) }).limitedBy).toBe('slo-breach');
    expect(findSaturation({ ...base, errorOnset: onset }).detail).toBe('error rate 3% exceeds 1% at 8 connections');
  });

  it('uses the open-model plateau as the capacity estimate, and ignores knee and USL there', () => {
    const plateau = { throughput: 290, range: [287, 293] as [number, number], firstBehind: { load: 400, offeredRate: 400, throughput: 290 } };
    const s = findSaturation({ ...base, model: 'open', plateau, knee: { x: 200, y: 200, index: 1, asymptoteX: 290 } });
    expect(s).toMatchObject({ limitedBy: 'throughput-plateau', load: 290, throughput: 290, range: [287, 293] });
    // The closed model has no plateau candidate.
    expect(findSaturation({ ...base, plateau }).limitedBy).toBe('not-reached');
  });
});

describe('findSaturation with a USL fit', () => {
  const truth = { lambda: 100, sigma: 0.02, kappa: 0.98 / 24 ** 2 };
  const uslSteps = [1, 2, 4, 8, 16, 24, 32].map((n, i) => makeStep({ load: n, throughput: predictUsl(truth, n) * (1 + 0.01 * Math.sin(7 * n)) }, i));
  const fit = fitUsl(uslSteps.map((s) => ({ n: s.load, x: s.throughput })))!;
  const input = { ...base, steps: uslSteps, usl: fit };

  it('uses the USL peak with a bootstrap range when the fit is good', () => {
    const s = findSaturation(input);
    expect(s.limitedBy).toBe('usl-peak');
    expect(s.load).toBeCloseTo(fit.peak, 9);
    expect(Math.abs(s.load / 24 - 1)).toBeLessThan(0.1);
    expect(s.range[0]).toBeLessThan(s.load);
    expect(s.range[1]).toBeGreaterThan(s.load);
    expect(s.detail).toMatch(/^USL fit \(R² (0\.99\d|1\.000), σ 0\.02\d+, κ 0\.0016\d+\) peaks at 24\.\d connections, 99\d req\/s$/);
    expect(findSaturation(input)).toEqual(s);
  });

  it('ignores a poor fit, a peak far beyond the steps, and the open model', () => {
    expect(findSaturation({ ...input, usl: { ...fit, r2: 0.85 } }).limitedBy).toBe('not-reached');
    const far: UslFit = { ...fit, kappa: fit.kappa / 100, peak: fit.peak * 10 };
    expect(findSaturation({ ...input, usl: far }).limitedBy).toBe('not-reached');
    expect(findSaturation({ ...input, model: 'open' }).limitedBy).toBe('not-reached');
  });

  it('says so when the peak is extrapolated beyond the highest step', () => {
    const peak20 = { lambda: 100, sigma: 0.02, kappa: 0.98 / 20 ** 2 };
    const short = [1, 2, 4, 8, 12, 16].map((n, i) => makeStep({ load: n, throughput: predictUsl(peak20, n) * (1 + 0.01 * Math.sin(7 * n)) }, i));
    const s = findSaturation({ ...base, steps: short, usl: fitUsl(short.map((x) => ({ n: x.load, x: x.throughput }))) });
    expect(s.limitedBy).toBe('usl-peak');
    expect(Math.abs(s.load / 20 - 1)).toBeLessThan(0.1);
    expect(s.detail).toContain('beyond the highest step (16): extrapolated');
  });
});

describe('findSaturation wording', () => {
  const etcd = { ...base, words: ETCD_SATURATION_WORDS };
  const plateau = { throughput: 290, range: [287, 293] as [number, number], firstBehind: { load: 400, offeredRate: 400, throughput: 290 } };

  it('speaks of connections and req/s unless told otherwise', () => {
    expect(findSaturation(base).detail).toBe('no limit reached up to 32 connections (800 req/s): the saturation point is higher');
    expect(findSaturation({ ...base, words: HTTP_SATURATION_WORDS })).toEqual(findSaturation(base));
  });

  it('speaks of clients and ops/s for etcd benches, in every detail', () => {
    expect(findSaturation(etcd).detail).toBe('no limit reached up to 32 clients (800 ops/s): the saturation point is higher');
    expect(findSaturation({ ...etcd, knee: knee8 }).detail).toBe('throughput stops scaling at 8 clients (800 ops/s; light- and heavy-load asymptotes cross at 8)');
    expect(findSaturation({ ...etcd, errorOnset: { load: 8, errorRate: 0.03, throughput: 800 } }).detail).toBe('error rate 3% exceeds 1% at 8 clients');
    expect(findSaturation({ ...etcd, model: 'open', plateau }).detail).toBe('achieved throughput levels off at 290 ops/s (offered 400 ops/s, served 72.5%)');
    expect(findSaturation({ ...etcd, model: 'open', slo: breachAt(4, 2) }).detail).toBe('p99 312 ms > 250 ms objective at 4 ops/s');
  });

  it('words the USL peak in clients and ops/s', () => {
    const truth = { lambda: 100, sigma: 0.02, kappa: 0.98 / 24 ** 2 };
    const uslSteps = [1, 2, 4, 8, 16, 24, 32].map((n, i) => makeStep({ load: n, throughput: predictUsl(truth, n) }, i));
    const fit = fitUsl(uslSteps.map((s) => ({ n: s.load, x: s.throughput })))!;
    expect(findSaturation({ ...etcd, steps: uslSteps, usl: fit }).detail).toBe('USL fit (R² 1.000, σ 0.0200, κ 0.00170) peaks at 24 clients, 1000 ops/s');
  });
});
