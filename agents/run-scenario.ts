// Runs a validated scenario: steps each bench through its load levels, emits events, and returns
// the RunResult. Owns the clock and the stop rules; the engine owns the sockets inside a step.
import os from 'node:os';
import { analyzeBench } from '../analyzers/analyze-bench.js';
import { summarizeStep } from '../analyzers/summarize-step.js';
import { RESULT_SCHEMA_VERSION, type BenchResult, type ResourceSample, type RunResult, type StepResult } from '../scenarios/result.js';
import type { HttpBench, Scenario } from '../scenarios/schema.js';
import { planSteps } from '../scenarios/steps.js';
import type { HttpEngine } from './http/engine.js';
import { createHttpEngine } from './http/index.js';
import { checkReachable } from './preflight.js';
import type { EmitRunEvent } from './run-events.js';
import { startSampler } from './sampler.js';

export interface RunOptions {
  file: string | null;
  signal: AbortSignal;
  emit: EmitRunEvent;
  /** Seed for Poisson arrivals and bootstrap ranges; fixed by default so reruns are comparable. */
  seed?: number;
  now?: () => number;
  createEngine?: (bench: HttpBench) => HttpEngine;
  sampleResources?: boolean;
  /** Process whose CPU and RSS the sampler records; overrides the benches' `pid`. */
  pid?: number;
  /** Check every target accepts a connection before the first step (default true). */
  preflight?: boolean;
}

/** A step cut short by Ctrl-C is kept only if most of its measured window ran. */
const MIN_PARTIAL_STEP_SHARE = 0.5;

export function describeHost(): RunResult['host'] {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memBytes: os.totalmem(),
    node: process.version,
  };
}

function stopReason(bench: HttpBench, step: StepResult): string | null {
  const stop = bench.stop;
  if (!stop) return null;
  if (stop.p99 !== undefined && step.latencyMs.p99 > stop.p99) {
    return `p99 ${step.latencyMs.p99.toFixed(1)}ms at load ${step.load} exceeded the stop limit ${stop.p99}ms`;
  }
  if (stop.errorRate !== undefined && step.errorRate > stop.errorRate) {
    return `error rate ${(step.errorRate * 100).toFixed(2)}% at load ${step.load} exceeded the stop limit ${(stop.errorRate * 100).toFixed(2)}%`;
  }
  return null;
}

function benchResult(bench: HttpBench, engineId: string, steps: StepResult[], stoppedEarly: string | null, seed: number): BenchResult {
  return {
    name: bench.name,
    kind: 'http',
    model: bench.load.model,
    engine: engineId,
    target: `${bench.target.method} ${bench.target.url}`,
    steps,
    stoppedEarly,
    ...analyzeBench(steps, { model: bench.load.model, slo: bench.slo, seed }),
  };
}

export async function runScenario(scenario: Scenario, opts: RunOptions): Promise<RunResult> {
  const now = opts.now ?? Date.now;
  const seed = opts.seed ?? 1;
  const startedAt = new Date(now()).toISOString();
  if (opts.preflight !== false) {
    for (const url of new Set(scenario.benches.map((b) => b.target.url))) await checkReachable(url);
  }
  const pid = opts.pid ?? scenario.benches.find((b) => b.pid !== undefined)?.pid;
  const sampler = opts.sampleResources === false ? null : startSampler({ intervalMs: 1000, pid });
  const warnings: string[] = [];
  const benches: BenchResult[] = [];

  const snapshot = (complete: boolean, resources: ResourceSample[], current?: BenchResult): RunResult => {
    const all = current ? [...benches, current] : benches;
    return {
      schemaVersion: RESULT_SCHEMA_VERSION,
      scenario: { name: scenario.name, file: opts.file },
      startedAt,
      finishedAt: new Date(now()).toISOString(),
      complete,
      passed: all.every((b) => b.slo === null || b.slo.passed),
      host: describeHost(),
      benches: all,
      resources,
      warnings: [...warnings],
    };
  };
  const warn = (message: string): void => {
    warnings.push(message);
    opts.emit({ type: 'warning', message });
  };

  let resourcesAtEnd: ResourceSample[] = [];
  try {
    for (const [benchIndex, bench] of scenario.benches.entries()) {
      if (opts.signal.aborted) break;
      const loads = planSteps(bench.load);
      const engine = opts.createEngine ? opts.createEngine(bench) : createHttpEngine(bench, { threads: bench.threads });
      if (!engine.models.includes(bench.load.model)) {
        await engine.close();
        throw new Error(`bench "${bench.name}": engine ${engine.id} cannot drive the ${bench.load.model} model`);
      }
      opts.emit({ type: 'bench-start', bench: bench.name, benchIndex, benchCount: scenario.benches.length, model: bench.load.model, loads, stepDurationMs: bench.load.stepDuration, target: bench.target.url });
      const steps: StepResult[] = [];
      let stoppedEarly: string | null = null;
      try {
        for (const [stepIndex, load] of loads.entries()) {
          if (opts.signal.aborted) break;
          opts.emit({ type: 'step-start', bench: bench.name, stepIndex, stepCount: loads.length, load, model: bench.load.model });
          const startedAtMs = now();
          const measured = await engine.runStep(
            {
              model: bench.load.model,
              load,
              durationMs: bench.load.stepDuration,
              warmupMs: bench.load.warmup,
              arrival: bench.load.arrival,
              maxInFlight: bench.load.maxInFlight,
              timeoutMs: bench.load.timeout,
              seed: seed + stepIndex,
            },
            {
              signal: opts.signal,
              onTick: (counts) => opts.emit({ type: 'tick', bench: bench.name, stepIndex, stepCount: loads.length, load, model: bench.load.model, stepDurationMs: bench.load.stepDuration, counts }),
            },
          );
          const window = bench.load.stepDuration - bench.load.warmup;
          if (opts.signal.aborted && measured.durationMs < window * MIN_PARTIAL_STEP_SHARE) break;
          const step = summarizeStep({ index: stepIndex, load, model: bench.load.model, startedAtMs, measurement: measured, okPerSecond: measured.okPerSecond });
          steps.push(step);
          if (step.requests === 0 && step.dropped === 0) warn(`bench "${bench.name}" step ${load}: no request completed`);
          opts.emit({ type: 'step-done', bench: bench.name, step, stepCount: loads.length, partial: snapshot(false, sampler?.samples() ?? [], benchResult(bench, engine.id, steps, null, seed)) });
          stoppedEarly = stopReason(bench, step);
          if (stoppedEarly) {
            opts.emit({ type: 'bench-stopped', bench: bench.name, reason: stoppedEarly });
            break;
          }
        }
      } finally {
        await engine.close();
      }
      if (opts.signal.aborted && stoppedEarly === null && steps.length < loads.length) stoppedEarly = 'interrupted';
      benches.push(benchResult(bench, engine.id, steps, stoppedEarly, seed));
    }
  } finally {
    // Stops the sampler on every exit path; a throw still propagates after this.
    resourcesAtEnd = sampler ? await sampler.stop() : [];
  }
  const result = snapshot(!opts.signal.aborted, resourcesAtEnd);
  opts.emit({ type: 'done', result });
  return result;
}
