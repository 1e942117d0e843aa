// What the step runner needs from a kind of load bench (http, etcd): its load plan, its engine,
// a check before anything runs, and optional extras (the server's view of each step, a summary).
// One file per kind implements it; this one picks, and times every kind's steps against the
// generator's own pauses (event-loop delay), which show up as client latency the server never saw.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { BenchResult, EtcdServerStep, GeneratorLagMs, StepResult } from '../scenarios/result.js';
import type { LoadBench, LoadSpec } from '../scenarios/schema.js';
import { openEtcdBench, preflightEtcdBench } from './etcd/driver.js';
import { openHttpBench, preflightHttpBench } from './http/driver.js';
import type { EngineStepMeasurement, LoadEngine } from './load-engine.js';

export interface LoadBenchDriver {
  /** One line saying what is loaded: "GET http://…", "etcd put → http://127.0.0.1:2379". */
  target: string;
  load: LoadSpec;
  engine: LoadEngine;
  /** Called as a step starts; the function it returns is called as the step ends and gives the server's view of it. */
  observeStep?(): Promise<() => Promise<EtcdServerStep | undefined>>;
  /** After the engine closed: kind-specific fields of the BenchResult. */
  summarize?(steps: StepResult[]): Pick<BenchResult, 'etcd'>;
}

export interface DriverOptions {
  /** Replaces the kind's own engine (tests). */
  createEngine?: (bench: LoadBench) => LoadEngine;
  warn: (message: string) => void;
}

/** A step whose generator lag p99 is above this gets a warning: its client latency is partly the generator's. */
export const GENERATOR_LAG_WARN_P99_MS = 10;
/** Sampling interval of the event-loop delay; the reported lag is what exceeds it. */
const LAG_RESOLUTION_MS = 1;

/** Throws a UserError when the bench must not or cannot start; runs before any bench so nothing is written on refusal. */
export async function preflightLoadBench(bench: LoadBench): Promise<void> {
  if (bench.kind === 'http') await preflightHttpBench(bench);
  else await preflightEtcdBench(bench);
}

export async function openLoadBench(bench: LoadBench, opts: DriverOptions): Promise<LoadBenchDriver> {
  const driver = bench.kind === 'http' ? await openHttpBench(bench, opts) : await openEtcdBench(bench, opts);
  // With worker threads the load never runs on this event loop: its delay would say nothing.
  const onThisThread = bench.kind === 'etcd' || bench.engine !== 'headroom' || bench.threads <= 1;
  return onThisThread ? { ...driver, engine: withGeneratorLag(driver.engine, bench.name, opts.warn) } : driver;
}

/** Runs fn while sampling this thread's event-loop delay; null when the sampler never ran (fn took under 1 ms). */
export async function measureGeneratorLag<T>(fn: () => Promise<T>): Promise<{ value: T; lagMs: GeneratorLagMs | null }> {
  const delay = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  delay.enable();
  let value: T;
  try {
    value = await fn();
  } finally {
    delay.disable();
  }
  if (delay.count === 0) return { value, lagMs: null };
  // The sampler records the time between its 1 ms ticks: an idle loop reads 1 ms, not 0.
  const lagMs = (ns: number): number => Math.round(Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS) * 1000) / 1000;
  return { value, lagMs: { p99: lagMs(delay.percentile(99)), max: lagMs(delay.max) } };
}

/** The engine, with each step's generator lag added to its measurement and warned about when high. */
export function withGeneratorLag(engine: LoadEngine, benchName: string, warn: (message: string) => void): LoadEngine {
  return {
    id: engine.id,
    models: engine.models,
    async runStep(plan, stepOpts): Promise<EngineStepMeasurement> {
      const { value, lagMs } = await measureGeneratorLag(() => engine.runStep(plan, stepOpts));
      if (lagMs === null) return value;
      // A step cut short by Ctrl-C is likely dropped, and its end was the shutdown's work, not the load's.
      if (lagMs.p99 > GENERATOR_LAG_WARN_P99_MS && !stepOpts.signal.aborted) {
        warn(
          `bench "${benchName}" at load ${plan.load}: client latency includes up to ${formatLag(lagMs.max)} ms of load-generator pauses ` +
            `(event-loop delay p99 ${formatLag(lagMs.p99)} ms); the generator is short of CPU: give it more, or run it on another machine`,
        );
      }
      return { ...value, generatorLagMs: lagMs };
    },
    close: () => engine.close(),
  };
}

function formatLag(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}
