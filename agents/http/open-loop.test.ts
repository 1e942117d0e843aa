import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedValuesMs, summarizeEncodedMs } from '../../analyzers/histogram.js';
import { arrivalClock } from './arrivals.js';
import { createHeadroomEngine } from './headroom-engine.js';
import { activeHandles, findClosedPort, runTestStep, startServiceServer, testPlan, testTarget, type ServiceServer } from './test-servers.js';

function countSlowerThan(histogram: string, ms: number): number {
  return recordedValuesMs(histogram)
    .filter((v) => v.valueMs > ms)
    .reduce((n, v) => n + v.count, 0);
}

describe('arrival clock', () => {
  it('spaces constant arrivals exactly', () => {
    const next = arrivalClock(1000, 200, 'constant', 1);
    expect([next(), next(), next()]).toEqual([1000, 1005, 1010]);
  });

  it('repeats a Poisson schedule from its seed, with the requested mean rate', () => {
    const times = (seed: number): number[] => {
      const next = arrivalClock(0, 1000, 'poisson', seed);
      return Array.from({ length: 20_000 }, next);
    };
    const a = times(7);
    expect(times(7)).toEqual(a);
    expect(times(8)).not.toEqual(a);
    // 20,000 arrivals at 1,000/s take 20 s on average; the sd of the total is √20000 ms ≈ 0.14 s.
    expect(a.at(-1)! / 1000).toBeGreaterThan(19.4);
    expect(a.at(-1)! / 1000).toBeLessThan(20.6);
  });
});

describe('open model', () => {
  let server: ServiceServer;

  beforeAll(async () => {
    server = await startServiceServer({ serviceMs: 20, workers: 64 });
  });
  afterAll(() => server.close());

  it('sends the scheduled number of requests and sees the service time at low utilisation', async () => {
    const m = await runTestStep(createHeadroomEngine(testTarget(server.url)), testPlan({ model: 'open', load: 100, durationMs: 2000 }));
    expect(m.offered).toBe(200);
    expect(m.sent).toBeGreaterThanOrEqual(196);
    expect(m.sent).toBeLessThanOrEqual(204);
    expect(m.dropped).toBe(0);
    const p50 = summarizeEncodedMs(m.histogram).p50;
    expect(p50).toBeGreaterThan(20 * 0.85);
    expect(p50).toBeLessThan(20 * 1.15);
    expect(m.okPerSecond).toHaveLength(2);
  });

  it('measures from the intended send time, so a 500 ms stall shows in the tail (a closed loop hides it)', async () => {
    const fast = await startServiceServer({ serviceMs: 2, workers: 64 });
    try {
      const stallAt = (ms: number): NodeJS.Timeout => setTimeout(() => fast.stall(500), ms);
      stallAt(800);
      const open = await runTestStep(createHeadroomEngine(testTarget(fast.url)), testPlan({ model: 'open', load: 200, durationMs: 2000 }));
      stallAt(800);
      const closed = await runTestStep(createHeadroomEngine(testTarget(fast.url)), testPlan({ model: 'closed', load: 1, durationMs: 2000 }));

      const openMs = summarizeEncodedMs(open.histogram);
      // Arrivals during the stall wait up to 500 ms: ~100 of ~400 requests, so p99 and max see it.
      // (250 ms: well above any scheduling hiccup on a busy 2-core test machine.)
      expect(openMs.max).toBeGreaterThan(400);
      expect(openMs.p99).toBeGreaterThan(300);
      expect(countSlowerThan(open.histogram, 250)).toBeGreaterThan(25);
      // One connection has one request in flight when the stall begins: one slow sample, a clean p99.
      const closedMs = summarizeEncodedMs(closed.histogram);
      expect(closedMs.max).toBeGreaterThan(400);
      expect(countSlowerThan(closed.histogram, 250)).toBeLessThanOrEqual(1);
      expect(closedMs.p99).toBeLessThan(250);
    } finally {
      await fast.close();
    }
  });

  it('drops arrivals beyond maxInFlight instead of sending them', async () => {
    const silent = await startServiceServer({ serviceMs: 0, workers: 0 });
    try {
      const m = await runTestStep(createHeadroomEngine(testTarget(silent.url)), testPlan({ model: 'open', load: 100, durationMs: 1000, maxInFlight: 5 }));
      expect(m.sent).toBeLessThanOrEqual(5);
      expect(m.offered).toBe(100);
      expect(m.dropped).toBeGreaterThanOrEqual(90);
      expect(m.ok).toBe(0);
    } finally {
      await silent.close();
    }
  });

  it('times out requests outstanding too long, measured from their intended time', async () => {
    const silent = await startServiceServer({ serviceMs: 0, workers: 0 });
    try {
      const m = await runTestStep(createHeadroomEngine(testTarget(silent.url)), testPlan({ model: 'open', load: 50, durationMs: 1000, timeoutMs: 200 }));
      // Arrivals in the first ~0.75 s have had 200 ms (plus up to one sweep) by the end.
      expect(m.errors.timeout).toBeGreaterThanOrEqual(30);
      expect(m.errors.timeout).toBeLessThanOrEqual(41);
    } finally {
      await silent.close();
    }
  });

  it('counts each arrival to a refused port as a connect error', async () => {
    const port = await findClosedPort();
    const m = await runTestStep(createHeadroomEngine(testTarget(`http://127.0.0.1:${port}/`)), testPlan({ model: 'open', load: 50, durationMs: 1000 }));
    expect(m.errors.connect).toBeGreaterThanOrEqual(45);
    expect(m.errors.connect).toBeLessThanOrEqual(50);
    expect(m.sent).toBe(0);
  });

  it('resolves within a second of an abort', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 500);
    const started = performance.now();
    const m = await runTestStep(createHeadroomEngine(testTarget(server.url)), testPlan({ model: 'open', load: 100, durationMs: 10_000, arrival: 'poisson' }), ac.signal);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(m.durationMs).toBeLessThan(1500);
    expect(m.offered).toBeGreaterThan(20);
    expect(m.offered).toBeLessThan(150);
  });

  it('leaves no socket or timer behind, even with requests outstanding at the end', async () => {
    const silent = await startServiceServer({ serviceMs: 0, workers: 0 });
    try {
      await new Promise((r) => setTimeout(r, 100)); // let earlier tests' sockets finish closing
      await new Promise((r) => setTimeout(r, 100)); // let earlier tests' sockets finish closing
    const before = activeHandles();
      const m = await runTestStep(createHeadroomEngine(testTarget(silent.url)), testPlan({ model: 'open', load: 50, durationMs: 300 }));
      expect(m.sent).toBeGreaterThan(10);
      await new Promise((r) => setTimeout(r, 50));
      expect(activeHandles().sockets).toBe(before.sockets);
      expect(activeHandles().timers).toBeLessThanOrEqual(before.timers);
    } finally {
      await silent.close();
    }
  });

  it('reports live counts about every 250 ms', async () => {
    const ticks: number[] = [];
    const m = await createHeadroomEngine(testTarget(server.url)).runStep(testPlan({ model: 'open', load: 100, durationMs: 1100, warmupMs: 500 }), {
      signal: new AbortController().signal,
      onTick: (c) => {
        ticks.push(c.elapsedMs);
        if (c.elapsedMs > 600) {
          expect(c.inWarmup).toBe(false);
          expect(c.recentP99Ms).toBeGreaterThan(15);
        }
      },
    });
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(m.offered).toBe(60);
  });
});
