import { describe, expect, it } from 'vitest';
import { loadSchema } from '../scenarios/schema.js';
import { CHECK_PERF_PROFILES, checkPerfLoad, checkPerfShape, droppedCheck, judgeCheckPerf, slowestCheck, stddevCheck, throughputCheck } from './check-perf.js';
import { makeStep } from './fixtures/make-step.js';

describe('CHECK_PERF_PROFILES', () => {
  it('holds check.go\'s table: rate and clients per profile, 60 s each', () => {
    expect(CHECK_PERF_PROFILES).toEqual({
      s: { rate: 150, clients: 50, durationMs: 60_000 },
      m: { rate: 1000, clients: 200, durationMs: 60_000 },
      l: { rate: 8000, clients: 500, durationMs: 60_000 },
      xl: { rate: 15000, clients: 1000, durationMs: 60_000 },
    });
  });
});

describe('checkPerfLoad', () => {
  it('is one open-model step at the rate, clients in flight, no warm-up, even arrivals', () => {
    expect(checkPerfLoad('m')).toEqual({ model: 'open', steps: [1000], stepDuration: 60_000, warmup: 0, arrival: 'constant', maxInFlight: 200, timeout: 10_000 });
    expect(checkPerfLoad('xl', 20_000)).toMatchObject({ steps: [15000], stepDuration: 20_000, maxInFlight: 1000 });
  });

  it('passes the scenario schema\'s own load rules', () => {
    for (const p of ['s', 'm', 'l', 'xl'] as const) expect(loadSchema.safeParse(checkPerfLoad(p, 5000)).success).toBe(true);
  });
});

describe('checkPerfShape', () => {
  it('makes keys of prefix + 256 bytes, values of 1,024, one connection per client', () => {
    expect(checkPerfShape('m', '/headroom-bench/')).toEqual({ keySize: 16 + 256, valueSize: 1024, connections: 200 });
    expect(checkPerfShape('s', '/etcdctl-check-perf/').keySize).toBe(276);
  });
});

describe('etcdctl\'s checks, worded as it prints them', () => {
  it('prints int(RPS)+1 and passes only strictly above 90% of the rate', () => {
    expect(throughputCheck('m', 982.4)).toMatchObject({ passed: true, limit: 900, text: 'PASS: Throughput is 983 writes/s' });
    expect(throughputCheck('m', 900)).toMatchObject({ passed: false, text: 'FAIL: Throughput too low: 901 writes/s' });
    expect(throughputCheck('m', 900.01).passed).toBe(true);
    expect(throughputCheck('l', 6490.2).text).toBe('FAIL: Throughput too low: 6491 writes/s');
  });

  it('fails slowest above 500 ms and stddev above 100 ms, in seconds with six decimals', () => {
    expect(slowestCheck(468.174)).toMatchObject({ passed: true, text: 'PASS: Slowest request took 0.468174s' });
    expect(slowestCheck(500).passed).toBe(true);
    expect(slowestCheck(786.915)).toMatchObject({ passed: false, text: 'Slowest request took too long: 0.786915s' });
    expect(stddevCheck(28.241)).toMatchObject({ passed: true, text: 'PASS: Stddev is 0.028241s' });
    expect(stddevCheck(100).passed).toBe(true);
    expect(stddevCheck(100.5)).toMatchObject({ passed: false, text: 'Stddev too high: 0.100500s' });
  });
});

describe('judgeCheckPerf', () => {
  const step = (over: Partial<ReturnType<typeof makeStep>> = {}) => {
    const s = makeStep({ load: 1000, throughput: 982.4, p50Ms: 2, p99Ms: 20 });
    return { ...s, ...over, latencyMs: { ...s.latencyMs, max: 468.174, stdev: 28.241, ...over.latencyMs } };
  };

  it('passes a step that meets all three criteria, with the figures it judged', () => {
    const v = judgeCheckPerf('m', step(), 60_000);
    expect(v).toMatchObject({ profile: 'm', targetRate: 1000, clients: 200, durationMs: 60_000, throughput: 982.4, slowestMs: 468.174, stddevMs: 28.241, p99Ms: 20, passed: true });
    expect(v.checks.map((c) => c.text)).toEqual(['PASS: Throughput is 983 writes/s', 'PASS: Slowest request took 0.468174s', 'PASS: Stddev is 0.028241s']);
  });

  it('fails on a single error, as etcdctl does, and lists it first', () => {
    const v = judgeCheckPerf('m', step({ errors: 1 }), 60_000);
    expect(v.passed).toBe(false);
    expect(v.checks[0]).toEqual({ name: 'errors', passed: false, observed: 1, limit: 0, text: 'FAIL: too many errors (1)' });
    expect(v.checks.slice(1).every((c) => c.passed)).toBe(true);
  });

  it('fails when any one criterion fails', () => {
    expect(judgeCheckPerf('m', step({ throughput: 850 }), 60_000).passed).toBe(false);
    expect(judgeCheckPerf('m', step({ latencyMs: { ...step().latencyMs, max: 501 } }), 60_000).passed).toBe(false);
    expect(judgeCheckPerf('m', step({ latencyMs: { ...step().latencyMs, stdev: 101 } }), 60_000).passed).toBe(false);
  });
});

describe('dropped arrivals', () => {
  const step = (dropped: number) => {
    const s = makeStep({ load: 1000, throughput: 982.4, p50Ms: 2, p99Ms: 20 });
    return { ...s, dropped, latencyMs: { ...s.latencyMs, max: 120, stdev: 8 } };
  };

  it('fails a run that dropped arrivals, saying how many and why etcdctl differs, after errors and before throughput', () => {
    const v = judgeCheckPerf('m', { ...step(37), errors: 2 }, 60_000);
    expect(v.passed).toBe(false);
    expect(v.checks.map((c) => c.name)).toEqual(['errors', 'dropped', 'throughput', 'slowest', 'stddev']);
    expect(v.checks[1]).toEqual({
      name: 'dropped',
      passed: false,
      observed: 37,
      limit: 0,
      text: 'FAIL: 37 puts dropped: all 200 clients were busy (etcdctl queues such puts and times each from when a client takes it, which hides the wait)',
    });
  });

  it('fails on a single dropped put even when etcdctl\'s three checks pass', () => {
    const v = judgeCheckPerf('s', step(1), 60_000);
    expect(v.checks.filter((c) => c.name !== 'dropped').every((c) => c.passed)).toBe(true);
    expect(v.passed).toBe(false);
    expect(v.checks[0]!.text).toMatch(/^FAIL: 1 put dropped: all 50 clients were busy/);
  });

  it('adds no check when nothing was dropped', () => {
    expect(judgeCheckPerf('m', step(0), 60_000).checks.map((c) => c.name)).toEqual(['throughput', 'slowest', 'stddev']);
    expect(droppedCheck(0, 200)).toMatchObject({ passed: true, text: 'PASS: no put dropped' });
  });
});
