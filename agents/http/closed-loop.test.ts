import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
import { backoffMs } from './closed-loop.js';
import { createHeadroomEngine } from './headroom-engine.js';
import { activeHandles, findClosedPort, runTestStep, startServiceServer, testPlan, testTarget, type ServiceServer } from './test-servers.js';

describe('closed model', () => {
  let instant: ServiceServer;
  let slow: ServiceServer;

  beforeAll(async () => {
    instant = await startServiceServer({ serviceMs: 0, workers: Infinity });
    slow = await startServiceServer({ serviceMs: 20, workers: 4 });
  });
  afterAll(async () => {
    await instant.close();
    await slow.close();
  });

  it('counts every response the server wrote, except at most one in flight per connection', async () => {
    const connections = 8;
    const before = instant.responses;
    const m = await runTestStep(createHeadroomEngine(testTarget(instant.url)), testPlan({ load: connections, durationMs: 1000 }));
    const served = instant.responses - before;
    expect(m.ok).toBeGreaterThan(100);
    expect(m.ok).toBeLessThanOrEqual(served);
    expect(served - m.ok).toBeLessThanOrEqual(connections);
    expect(m.sent - m.ok).toBeGreaterThanOrEqual(0);
    expect(m.sent - m.ok).toBeLessThanOrEqual(connections);
    expect(m.offered).toBe(m.sent);
    expect(summarizeEncodedMs(m.histogram).count).toBe(m.ok);
    expect(m.bytesRead).toBeGreaterThan(m.ok * 20);
    expect(m.bytesWritten).toBeGreaterThan(m.sent * 20);
  });

  it('finds 200 req/s and a 20 ms median with 4 connections on a 20 ms server', async () => {
    const m = await runTestStep(createHeadroomEngine(testTarget(slow.url)), testPlan({ load: 4, durationMs: 2000, warmupMs: 500 }));
    expect(m.durationMs).toBeCloseTo(1500, -1);
    const throughput = (m.ok / m.durationMs) * 1000;
    expect(throughput).toBeGreaterThan(200 * 0.85);
    expect(throughput).toBeLessThan(200 * 1.15);
    expect(summarizeEncodedMs(m.histogram).p50).toBeGreaterThan(20 * 0.85);
    expect(summarizeEncodedMs(m.histogram).p50).toBeLessThan(20 * 1.15);
    expect(m.okPerSecond).toHaveLength(1);
    expect(m.okPerSecond[0]).toBeGreaterThan(200 * 0.85);
  });

  it('records nothing from requests sent during warm-up', async () => {
    const m = await runTestStep(createHeadroomEngine(testTarget(slow.url)), testPlan({ load: 2, durationMs: 600, warmupMs: 400 }));
    // 2 connections × 200 ms / 20 ms ≈ 20 requests sent after warm-up; a leak of warm-up traffic would double it.
    expect(m.ok).toBeGreaterThan(10);
    expect(m.ok).toBeLessThanOrEqual(24);
    expect(m.durationMs).toBeCloseTo(200, -1);
  });

  it('resolves within a second of an abort with the shortened window', async () => {
    const ac = new AbortController();
    const started = performance.now();
    setTimeout(() => ac.abort(), 700);
    const m = await runTestStep(createHeadroomEngine(testTarget(slow.url)), testPlan({ load: 2, durationMs: 10_000, warmupMs: 200 }), ac.signal);
    expect(performance.now() - started).toBeLessThan(1700);
    expect(m.durationMs).toBeGreaterThan(400);
    expect(m.durationMs).toBeLessThan(1500);
    expect(m.ok).toBeGreaterThan(0);
  });

  it('leaves no socket or timer behind', async () => {
    await new Promise((r) => setTimeout(r, 100)); // let earlier tests' sockets finish closing
    const baseline = activeHandles();
    const engine = createHeadroomEngine(testTarget(slow.url));
    await runTestStep(engine, testPlan({ load: 3, durationMs: 300 }));
    await engine.close();
    // The server side needs a moment to see the closes; our own handles are gone already.
    await new Promise((r) => setTimeout(r, 50));
    const after = activeHandles();
    expect(after.sockets).toBe(baseline.sockets);
    // Earlier tests' server-side timers may still be draining, so the count can only have gone down.
    expect(after.timers).toBeLessThanOrEqual(baseline.timers);
  });

  it('counts refused connections as connect errors and backs off instead of spinning', async () => {
    const port = await findClosedPort();
    const m = await runTestStep(createHeadroomEngine(testTarget(`http://127.0.0.1:${port}/`)), testPlan({ load: 4, durationMs: 1000 }));
    expect(m.errors.connect).toBeGreaterThanOrEqual(4);
    // 10, 20, 40 … 500 ms back-off: about 7 attempts per connection in a second; a hot loop makes thousands.
    expect(m.errors.connect).toBeLessThanOrEqual(4 * 10);
    expect(m.ok + m.sent).toBe(0);
  });

  it('backs off exponentially up to a cap', () => {
    expect([0, 1, 2, 3, 10].map(backoffMs)).toEqual([0, 10, 20, 40, 500]);
  });

  it('counts non-2xx responses as errors and still records their latency', async () => {
    const failing = await startServiceServer({ serviceMs: 0, workers: Infinity, status: 503 });
    try {
      const m = await runTestStep(createHeadroomEngine(testTarget(failing.url)), testPlan({ load: 2, durationMs: 400 }));
      expect(m.ok).toBe(0);
      expect(m.errors.non2xx).toBeGreaterThan(10);
      expect(summarizeEncodedMs(m.histogram).count).toBe(m.errors.non2xx);
    } finally {
      await failing.close();
    }
  });

  it('counts requests outstanding past the timeout and reconnects', async () => {
    const silent = await startServiceServer({ serviceMs: 0, workers: 0 });
    try {
      const m = await runTestStep(createHeadroomEngine(testTarget(silent.url)), testPlan({ load: 2, durationMs: 1000, timeoutMs: 200 }));
      expect(m.ok).toBe(0);
      // 2 connections, each timing out every ~200–300 ms.
      expect(m.errors.timeout).toBeGreaterThanOrEqual(4);
      expect(m.errors.timeout).toBeLessThanOrEqual(10);
      expect(silent.requests).toBeGreaterThanOrEqual(m.errors.timeout);
    } finally {
      await silent.close();
    }
  });
});
