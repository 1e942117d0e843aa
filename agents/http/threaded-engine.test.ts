import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram, recordUs, summarizeEncodedMs } from '../../analyzers/histogram.js';
import { mergeMeasurements, splitPlan } from './threaded-engine.js';
import { createThreadedEngine } from './threaded-engine.js';
import { runTestStep, startServiceServer, testPlan, testTarget, type ServiceServer } from './test-servers.js';

describe('splitPlan', () => {
  it('splits connections as evenly as whole connections allow', () => {
    expect(splitPlan(testPlan({ load: 7 }), 3).map((p) => p.load)).toEqual([3, 2, 2]);
    expect(splitPlan(testPlan({ load: 2 }), 4).map((p) => p.load)).toEqual([1, 1]);
  });

  it('splits an arrival rate and maxInFlight, with a different seed per thread', () => {
    const plans = splitPlan(testPlan({ model: 'open', load: 1000, maxInFlight: 9, seed: 5 }), 2);
    expect(plans.map((p) => [p.load, p.maxInFlight])).toEqual([[500, 5], [500, 5]]);
    expect(new Set(plans.map((p) => p.seed)).size).toBe(2);
  });
});

describe('threaded headroom engine', () => {
  let server: ServiceServer;
  beforeAll(async () => {
    server = await startServiceServer({ serviceMs: 20, workers: 8 });
  });
  afterAll(() => server.close());

  it('drives a closed step from two threads and merges the measurements exactly', async () => {
    const engine = createThreadedEngine(testTarget(server.url), 2);
    try {
      const ticks: number[] = [];
      const m = await engine.runStep(testPlan({ load: 4, durationMs: 1500, warmupMs: 500 }), { signal: new AbortController().signal, onTick: (c) => ticks.push(c.ok) });
      const throughput = (m.ok / m.durationMs) * 1000;
      expect(throughput).toBeGreaterThan(200 * 0.85);
      expect(throughput).toBeLessThan(200 * 1.15);
      expect(summarizeEncodedMs(m.histogram).count).toBe(m.ok);
      expect(m.okPerSecond).toHaveLength(1);
      expect(ticks.length).toBeGreaterThan(4);
      // The same workers serve the next step: an open one, its rate split between them.
      const open = await engine.runStep(testPlan({ model: 'open', load: 100, durationMs: 1000 }), { signal: new AbortController().signal });
      expect(open.offered).toBe(100);
      expect(open.sent).toBeGreaterThanOrEqual(97);
    } finally {
      await engine.close();
    }
  });

  it('passes an abort on to every thread', async () => {
    const engine = createThreadedEngine(testTarget(server.url), 2);
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 800);
      const started = performance.now();
      const m = await runTestStep(engine, testPlan({ load: 2, durationMs: 10_000 }), ac.signal);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(m.ok).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });

  it('adds counts and per-second series', () => {
    const h = createLatencyHistogram();
    recordUs(h, 1500);
    const part = { durationMs: 1000, offered: 1, sent: 2, ok: 3, errors: { connect: 1, timeout: 0, non2xx: 0, other: 0 }, dropped: 0, bytesRead: 5, bytesWritten: 6, histogram: encodeHistogram(h), okPerSecond: [3, 4] };
    const m = mergeMeasurements([part, { ...part, durationMs: 1001, okPerSecond: [1] }]);
    expect(m).toMatchObject({ durationMs: 1001, offered: 2, sent: 4, ok: 6, errors: { connect: 2 }, bytesRead: 10, okPerSecond: [4] });
    expect(summarizeEncodedMs(m.histogram)).toMatchObject({ count: 2, p50: 1.5 });
  });
});
