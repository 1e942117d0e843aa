import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
import type { HttpBench } from '../../scenarios/schema.js';
import { classifyAutocannonError, createAutocannonEngine } from './autocannon-engine.js';
import { createHeadroomEngine } from './headroom-engine.js';
import { createHttpEngine } from './index.js';
import { activeHandles, runTestStep, startServiceServer, testPlan, testTarget, type ServiceServer } from './test-servers.js';

describe('autocannon engine', () => {
  let server: ServiceServer;

  beforeAll(async () => {
    server = await startServiceServer({ serviceMs: 20, workers: 4 });
  });
  afterAll(() => server.close());

  it('measures about the same throughput and median as the headroom engine on a 20 ms server', async () => {
    const plan = testPlan({ load: 4, durationMs: 2000, warmupMs: 500 });
    const ours = await runTestStep(createHeadroomEngine(testTarget(server.url)), plan);
    const theirs = await runTestStep(createAutocannonEngine(testTarget(server.url)), plan);
    const rate = (m: typeof ours): number => (m.ok / m.durationMs) * 1000;
    expect(rate(theirs)).toBeGreaterThan(200 * 0.85);
    expect(rate(theirs) / rate(ours)).toBeGreaterThan(0.85);
    expect(rate(theirs) / rate(ours)).toBeLessThan(1.15);
    expect(summarizeEncodedMs(theirs.histogram).p50).toBeGreaterThan(20 * 0.85);
    expect(summarizeEncodedMs(theirs.histogram).p50).toBeLessThan(20 * 1.15);
    expect(theirs.durationMs).toBeCloseTo(1500, -1);
    expect(theirs.sent - theirs.ok).toBeGreaterThanOrEqual(0);
    expect(theirs.sent - theirs.ok).toBeLessThanOrEqual(4);
    expect(theirs.errors).toEqual({ connect: 0, timeout: 0, non2xx: 0, other: 0 });
  });

  it('counts non-2xx responses as errors', async () => {
    const failing = await startServiceServer({ serviceMs: 0, workers: Infinity, status: 500 });
    try {
      const m = await runTestStep(createAutocannonEngine(testTarget(failing.url)), testPlan({ load: 2, durationMs: 500 }));
      expect(m.ok).toBe(0);
      expect(m.errors.non2xx).toBeGreaterThan(10);
    } finally {
      await failing.close();
    }
  });

  it('resolves within a second of an abort', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 500);
    const started = performance.now();
    const m = await runTestStep(createAutocannonEngine(testTarget(server.url)), testPlan({ load: 2, durationMs: 10_000 }), ac.signal);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(m.durationMs).toBeLessThan(1000);
    expect(m.ok).toBeGreaterThan(0);
  });

  it('leaves no socket behind', async () => {
    await new Promise((r) => setTimeout(r, 100)); // let earlier tests' sockets finish closing
    const before = activeHandles();
    await runTestStep(createAutocannonEngine(testTarget(server.url)), testPlan({ load: 3, durationMs: 300 }));
    await new Promise((r) => setTimeout(r, 50));
    expect(activeHandles().sockets).toBe(before.sockets);
    expect(activeHandles().timers).toBeLessThanOrEqual(before.timers);
  });

  it('classifies autocannon errors', () => {
    expect(classifyAutocannonError(new Error('request timed out'))).toBe('timeout');
    expect(classifyAutocannonError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('connect');
    expect(classifyAutocannonError(new Error('Parse Error'))).toBe('other');
  });

  it('is chosen by the bench engine field and drives the closed model only', () => {
    const bench = (engine: HttpBench['engine']): HttpBench =>
      ({ name: 'x', kind: 'http', engine, target: { url: server.url, method: 'GET', headers: {} } }) as unknown as HttpBench;
    expect(createHttpEngine(bench('autocannon'))).toMatchObject({ id: 'autocannon', models: ['closed'] });
    expect(createHttpEngine(bench('headroom'))).toMatchObject({ id: 'headroom', models: ['closed', 'open'] });
  });
});
