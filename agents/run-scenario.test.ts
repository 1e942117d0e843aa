// The step runner with a scripted engine: stop rules, events, interruption. No sockets.
import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram, recordUs } from '../analyzers/histogram.js';
import type { HttpBench, Scenario } from '../scenarios/schema.js';
import type { HttpEngine, StepPlan } from './http/engine.js';
import type { RunEvent } from './run-events.js';
import { sampleHostBench } from '../reports/host-fixtures.js';
import { runScenario } from './run-scenario.js';

/** A service with capacity `cap` req/s and a latency that grows with load. */
function scriptedEngine(cap: number, onStep?: (plan: StepPlan) => void): HttpEngine {
  return {
    id: 'scripted',
    models: ['closed', 'open'],
    async runStep(plan, { signal }) {
      onStep?.(plan);
      const seconds = (plan.durationMs - plan.warmupMs) / 1000;
      const rate = Math.min(cap, plan.model === 'open' ? plan.load : plan.load * 100);
      const h = createLatencyHistogram();
      const latencyUs = 1000 * plan.load;
      for (let i = 0; i < 100; i++) recordUs(h, latencyUs);
      const ok = Math.round(rate * seconds);
      const measured = { durationMs: signal.aborted ? 10 : plan.durationMs - plan.warmupMs, offered: ok, sent: ok, ok, errors: { connect: 0, timeout: 0, non2xx: 0, other: 0 }, dropped: 0, bytesRead: ok * 100, bytesWritten: ok * 50, histogram: encodeHistogram(h), okPerSecond: Array.from({ length: Math.floor(seconds) }, () => rate) };
      return measured;
    },
    async close() {},
  };
}

const scenario = (over: Partial<HttpBench> = {}): Scenario => ({
  name: 't',
  benches: [
    {
      name: 'api',
      kind: 'http',
      engine: 'headroom',
      threads: 1,
      target: { url: 'http://127.0.0.1:9/', method: 'GET', headers: {} },
      load: { model: 'closed', steps: [1, 2, 4, 8, 16, 32], stepDuration: 3000, warmup: 1000, arrival: 'constant', maxInFlight: 100, timeout: 1000 },
      ...over,
    },
  ],
});

const base = { file: null, preflight: false, sampleResources: false } as const;

describe('runScenario', () => {
  it('runs every step in order and emits a step-done with a partial result after each', async () => {
    const events: RunEvent[] = [];
    const loads: number[] = [];
    const result = await runScenario(scenario(), { ...base, signal: new AbortController().signal, emit: (e) => events.push(e), createEngine: () => scriptedEngine(1e9, (p) => loads.push(p.load)) });
    expect(loads).toEqual([1, 2, 4, 8, 16, 32]);
    expect(result.complete).toBe(true);
    expect(result.benches[0]!.steps.map((s) => s.throughput)).toEqual([100, 200, 400, 800, 1600, 3200]);
    const done = events.filter((e) => e.type === 'step-done');
    expect(done).toHaveLength(6);
    expect(done.at(-1)!.type === 'step-done' && done.at(-1)!.partial.benches[0]!.steps).toHaveLength(6);
    expect(events.at(-1)!.type).toBe('done');
  });

  it('stops stepping up once a stop rule is broken, and says why', async () => {
    const result = await runScenario(scenario({ stop: { p99: 5 } }), { ...base, signal: new AbortController().signal, emit: () => {}, createEngine: () => scriptedEngine(1e9) });
    const b = result.benches[0]!;
    expect(b.steps.map((s) => s.load)).toEqual([1, 2, 4, 8]);
    expect(b.stoppedEarly).toMatch(/p99 8\.\d+ms at load 8 exceeded the stop limit 5ms/);
  });

  it('fails the run when SLO capacity is below minThroughput', async () => {
    const result = await runScenario(scenario({ slo: { p99: 3, minThroughput: 500 } }), { ...base, signal: new AbortController().signal, emit: () => {}, createEngine: () => scriptedEngine(1e9) });
    expect(result.benches[0]!.slo!.capacity!.load).toBe(2);
    expect(result.passed).toBe(false);
  });

  it('keeps the finished steps and marks the run incomplete when interrupted', async () => {
    const controller = new AbortController();
    const engine = scriptedEngine(1e9, (p) => {
      if (p.load === 4) controller.abort();
    });
    const result = await runScenario(scenario(), { ...base, signal: controller.signal, emit: () => {}, createEngine: () => engine });
    expect(result.complete).toBe(false);
    expect(result.benches[0]!.steps.map((s) => s.load)).toEqual([1, 2]);
    expect(result.benches[0]!.stoppedEarly).toBe('interrupted');
  });

  it('refuses a model the engine cannot drive', async () => {
    const engine = { ...scriptedEngine(1), id: 'closed-only', models: ['closed'] as const };
    const s = scenario();
    const b = s.benches[0]!;
    if (b.kind === 'http') b.load.model = 'open';
    await expect(runScenario(s, { ...base, signal: new AbortController().signal, emit: () => {}, createEngine: () => engine })).rejects.toThrow(/cannot drive the open model/);
  });

  it('runs host benches beside load benches: hostBenches in the result, a partial after each metric, warnings kept', async () => {
    const events: RunEvent[] = [];
    const host = sampleHostBench();
    const s = scenario();
    s.benches.push({ name: 'node', kind: 'host', suites: ['cpu'], profile: 'quick', disk: { fio: 'never' }, network: { iperf3: 'never' } });
    const result = await runScenario(s, {
      ...base,
      signal: new AbortController().signal,
      emit: (e) => events.push(e),
      createEngine: () => scriptedEngine(1e9),
      runHost: async (bench, opts) => {
        expect(opts.benchIndex).toBe(1);
        expect(opts.inventory.cpu).toBeDefined();
        opts.emit({ type: 'warning', message: 'probe said so' });
        const done = { ...host, name: bench.name, metrics: host.metrics.slice(0, 1) };
        opts.onProgress(done, done.metrics[0]!);
        return { ...host, name: bench.name };
      },
    });
    expect(result.benches.map((b) => b.name)).toEqual(['api']);
    expect(result.hostBenches?.map((b) => b.name)).toEqual(['node']);
    expect(result.warnings).toContain('probe said so');
    const metricDone = events.find((e) => e.type === 'metric-done');
    expect(metricDone?.type === 'metric-done' && metricDone.partial.hostBenches?.[0]?.metrics).toHaveLength(1);
    expect(metricDone?.type === 'metric-done' && metricDone.partial.benches).toHaveLength(1);
  });

  it('leaves hostBenches out of a run without host benches (old readers see the same shape)', async () => {
    const result = await runScenario(scenario(), { ...base, signal: new AbortController().signal, emit: () => {}, createEngine: () => scriptedEngine(1e9) });
    expect('hostBenches' in result).toBe(false);
  });
});
