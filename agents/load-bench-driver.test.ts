// The generator-lag measurement every load bench gets from openLoadBench: the event-loop delay of
// this thread over each step, added to the step's measurement, with a warning when it is high.
// Only lower bounds are asserted: other tests share the CPU and can only make the lag longer.
import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram } from '../analyzers/histogram.js';
import type { HttpBench } from '../scenarios/schema.js';
import type { EngineStepMeasurement, LoadEngine, StepPlan } from './load-engine.js';
import { GENERATOR_LAG_WARN_P99_MS, measureGeneratorLag, openLoadBench } from './load-bench-driver.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Holds the event loop for ms (a generator busy with something else). */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy */
  }
}

const emptyMeasurement = (): EngineStepMeasurement => ({
  durationMs: 300,
  offered: 0,
  sent: 0,
  ok: 0,
  errors: { connect: 0, timeout: 0, non2xx: 0, other: 0 },
  dropped: 0,
  bytesRead: 0,
  bytesWritten: 0,
  histogram: encodeHistogram(createLatencyHistogram()),
  okPerSecond: [],
});

/** An engine whose step runs `during` for ~300 ms of wall time. */
function engineThat(during: () => Promise<void>): LoadEngine {
  return {
    id: 'scripted',
    models: ['closed', 'open'],
    async runStep() {
      await during();
      return emptyMeasurement();
    },
    async close() {},
  };
}

const bench = (threads = 1): HttpBench => ({
  name: 'api',
  kind: 'http',
  engine: 'headroom',
  threads,
  target: { url: 'http://127.0.0.1:9/', method: 'GET', headers: {} },
  load: { model: 'closed', steps: [1], stepDuration: 300, warmup: 0, arrival: 'constant', maxInFlight: 100, timeout: 1000 },
});

const plan: StepPlan = { model: 'closed', load: 7, durationMs: 300, warmupMs: 0, arrival: 'constant', maxInFlight: 100, timeoutMs: 1000, seed: 1 };
const run = (engine: LoadEngine) => engine.runStep(plan, { signal: new AbortController().signal });

describe('generator lag', () => {
  it('records a ~60 ms stall of the event loop during a step as max ≥ 50 ms', async () => {
    const warnings: string[] = [];
    const driver = await openLoadBench(bench(), {
      warn: (m) => warnings.push(m),
      createEngine: () =>
        engineThat(async () => {
          await sleep(100);
          block(60);
          await sleep(150);
        }),
    });
    const m = await run(driver.engine);
    expect(m.generatorLagMs).toBeDefined();
    expect(m.generatorLagMs!.max).toBeGreaterThanOrEqual(50);
    expect(driver.engine.id).toBe('scripted');
  });

  it('warns when the p99 is above 10 ms, naming the bench, the step and the pause', async () => {
    const warnings: string[] = [];
    const driver = await openLoadBench(bench(), {
      warn: (m) => warnings.push(m),
      // Busy 20 ms out of every ~21: most 1 ms samples see a 20 ms delay.
      createEngine: () =>
        engineThat(async () => {
          for (let i = 0; i < 15; i++) {
            block(20);
            await sleep(1);
          }
        }),
    });
    const m = await run(driver.engine);
    expect(m.generatorLagMs!.p99).toBeGreaterThan(GENERATOR_LAG_WARN_P99_MS);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^bench "api" at load 7: client latency includes up to \d+(\.\d)? ms of load-generator pauses \(event-loop delay p99 \d+(\.\d)? ms\)/);
  });

  it('does not warn about a step cut short by Ctrl-C', async () => {
    const warnings: string[] = [];
    const ac = new AbortController();
    const driver = await openLoadBench(bench(), {
      warn: (m) => warnings.push(m),
      createEngine: () =>
        engineThat(async () => {
          for (let i = 0; i < 15; i++) {
            block(20);
            await sleep(1);
          }
          ac.abort();
        }),
    });
    const m = await driver.engine.runStep(plan, { signal: ac.signal });
    expect(m.generatorLagMs!.p99).toBeGreaterThan(GENERATOR_LAG_WARN_P99_MS);
    expect(warnings).toEqual([]);
  });

  it('is not measured when the load runs on worker threads', async () => {
    const driver = await openLoadBench(bench(4), { warn: () => {}, createEngine: () => engineThat(() => sleep(20)) });
    expect(await run(driver.engine)).not.toHaveProperty('generatorLagMs');
  });

  it('reports the delay beyond the 1 ms sampling interval', async () => {
    const { value, lagMs } = await measureGeneratorLag(async () => {
      await sleep(50);
      block(30);
      await sleep(20);
      return 'done';
    });
    expect(value).toBe('done');
    expect(lagMs!.max).toBeGreaterThanOrEqual(28);
    expect(lagMs!.p99).toBeLessThanOrEqual(lagMs!.max);
  });
});
