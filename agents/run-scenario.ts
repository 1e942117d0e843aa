// Runs a validated scenario: steps each load bench (http, etcd) through its load levels, runs each
// host bench's metrics, emits events, and returns the RunResult. Owns the clock and the stop rules;
// an engine owns the connections inside a step, a probe the work inside a repeat.
import os from 'node:os';
import { analyzeBench } from '../analyzers/analyze-bench.js';
import { ETCD_SATURATION_WORDS } from '../analyzers/saturation.js';
import { summarizeStep } from '../analyzers/summarize-step.js';
import { RESULT_SCHEMA_VERSION, type BenchResult, type HostBenchResult, type HostMetric, type ResourceSample, type RunResult, type StepResult } from '../scenarios/result.js';
import type { HostBench, LoadBench, Scenario } from '../scenarios/schema.js';
import { planSteps } from '../scenarios/steps.js';
import { runHostBench } from './host/run-host-bench.js';
import { collectInventory } from './inventory/collect-inventory.js';
import type { Inventory } from './inventory/types.js';
import { openLoadBench, preflightLoadBench, type LoadBenchDriver } from './load-bench-driver.js';
import type { LoadEngine } from './load-engine.js';
import type { EmitRunEvent } from './run-events.js';
import { startSampler } from './sampler.js';

export interface RunOptions {
  file: string | null;
  signal: AbortSignal;
  emit: EmitRunEvent;
  /** Seed for Poisson arrivals, key choice and bootstrap ranges; fixed by default so reruns are comparable. */
  seed?: number;
  now?: () => number;
  /** Replaces every load bench's engine (tests). */
  createEngine?: (bench: LoadBench) => LoadEngine;
  /** Replaces host bench execution (tests). */
  runHost?: typeof runHostBench;
  sampleResources?: boolean;
  /** Process whose CPU and RSS the sampler records; overrides the benches' `pid`. */
  pid?: number;
  /** Check every target before the first step: reachable, and (etcd) an empty prefix. Default true. */
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

function stopReason(bench: LoadBench, step: StepResult): string | null {
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

function loadBenchResult(bench: LoadBench, driver: LoadBenchDriver, steps: StepResult[], stoppedEarly: string | null, seed: number, closed: boolean): BenchResult {
  return {
    name: bench.name,
    kind: bench.kind,
    model: driver.load.model,
    engine: driver.engine.id,
    target: driver.target,
    steps,
    stoppedEarly,
    ...analyzeBench(steps, { model: driver.load.model, slo: bench.slo, seed, words: bench.kind === 'etcd' ? ETCD_SATURATION_WORDS : undefined }),
    // Kind extras (etcd cleanup counts) are only final once the engine closed.
    ...(closed && driver.summarize ? driver.summarize(steps) : {}),
  };
}

const benchPassed = (b: BenchResult): boolean => (b.slo === null || b.slo.passed) && b.etcd?.checkPerf?.passed !== false;

export async function runScenario(scenario: Scenario, opts: RunOptions): Promise<RunResult> {
  const now = opts.now ?? Date.now;
  const seed = opts.seed ?? 1;
  const startedAt = new Date(now()).toISOString();
  const loadBenches = scenario.benches.filter((b): b is LoadBench => b.kind !== 'host');
  if (opts.preflight !== false) {
    // All of them before anything runs, so a refusal (a non-empty etcd prefix) leaves nothing behind.
    const seen = new Set<string>();
    for (const b of loadBenches) {
      const key = b.kind === 'http' ? b.target.url : `${b.endpoints.join(',')}|${b.prefix}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await preflightLoadBench(b);
    }
  }
  const pid = opts.pid ?? scenario.benches.flatMap((b) => (b.kind === 'http' && b.pid !== undefined ? [b.pid] : []))[0];
  const sampler = opts.sampleResources === false ? null : startSampler({ intervalMs: 1000, pid });
  const warnings: string[] = [];
  const benches: BenchResult[] = [];
  const hostBenches: HostBenchResult[] = [];
  let inventory: Inventory | null = null;

  const snapshot = (complete: boolean, resources: ResourceSample[], current?: BenchResult, currentHost?: HostBenchResult): RunResult => {
    const all = current ? [...benches, current] : benches;
    const hosts = currentHost ? [...hostBenches, currentHost] : hostBenches;
    return {
      schemaVersion: RESULT_SCHEMA_VERSION,
      scenario: { name: scenario.name, file: opts.file },
      startedAt,
      finishedAt: new Date(now()).toISOString(),
      complete,
      passed: all.every(benchPassed),
      host: describeHost(),
      benches: all,
      ...(hosts.length > 0 || scenario.benches.some((b) => b.kind === 'host') ? { hostBenches: hosts } : {}),
      resources,
      warnings: [...warnings],
    };
  };
  const warn = (message: string): void => {
    warnings.push(message);
    opts.emit({ type: 'warning', message });
  };

  const runHost = async (bench: HostBench, benchIndex: number): Promise<void> => {
    inventory ??= await collectInventory();
    const result = await (opts.runHost ?? runHostBench)(bench, {
      signal: opts.signal,
      // Warnings join result.warnings, not only the progress display.
      emit: (e) => (e.type === 'warning' ? warn(e.message) : opts.emit(e)),
      benchIndex,
      benchCount: scenario.benches.length,
      inventory,
      now,
      onProgress: (current: HostBenchResult, metric: HostMetric | null) => {
        if (metric) opts.emit({ type: 'metric-done', bench: bench.name, metric, partial: snapshot(false, sampler?.samples() ?? [], undefined, current) });
      },
    });
    hostBenches.push(result);
  };

  const runLoad = async (bench: LoadBench, benchIndex: number): Promise<void> => {
    const driver = await openLoadBench(bench, { createEngine: opts.createEngine, warn });
    const { engine, load: spec } = driver;
    const steps: StepResult[] = [];
    let stoppedEarly: string | null = null;
    let loads: number[] = [];
    try {
      if (!engine.models.includes(spec.model)) throw new Error(`bench "${bench.name}": engine ${engine.id} cannot drive the ${spec.model} model`);
      loads = planSteps(spec);
      opts.emit({ type: 'bench-start', bench: bench.name, kind: bench.kind, benchIndex, benchCount: scenario.benches.length, model: spec.model, loads, stepDurationMs: spec.stepDuration, target: driver.target });
      for (const [stepIndex, load] of loads.entries()) {
        if (opts.signal.aborted) break;
        opts.emit({ type: 'step-start', bench: bench.name, stepIndex, stepCount: loads.length, load, model: spec.model });
        const endObservation = driver.observeStep ? await driver.observeStep() : null;
        const startedAtMs = now();
        const measured = await engine.runStep(
          { model: spec.model, load, durationMs: spec.stepDuration, warmupMs: spec.warmup, arrival: spec.arrival, maxInFlight: spec.maxInFlight, timeoutMs: spec.timeout, seed: seed + stepIndex },
          {
            signal: opts.signal,
            onTick: (counts) => opts.emit({ type: 'tick', bench: bench.name, stepIndex, stepCount: loads.length, load, model: spec.model, stepDurationMs: spec.stepDuration, counts }),
          },
        );
        const server = measured.server ?? (endObservation ? await endObservation() : undefined);
        const window = spec.stepDuration - spec.warmup;
        if (opts.signal.aborted && measured.durationMs < window * MIN_PARTIAL_STEP_SHARE) break;
        const step = summarizeStep({ index: stepIndex, load, model: spec.model, startedAtMs, measurement: measured, okPerSecond: measured.okPerSecond });
        if (server) step.server = server;
        steps.push(step);
        if (step.requests === 0 && step.dropped === 0) warn(`bench "${bench.name}" step ${load}: no request completed`);
        opts.emit({ type: 'step-done', bench: bench.name, step, stepCount: loads.length, partial: snapshot(false, sampler?.samples() ?? [], loadBenchResult(bench, driver, steps, null, seed, false)) });
        stoppedEarly = stopReason(bench, step);
        if (stoppedEarly) {
          opts.emit({ type: 'bench-stopped', bench: bench.name, reason: stoppedEarly });
          break;
        }
      }
    } finally {
      // Also on a throw or Ctrl-C: an etcd engine deletes its prefix and revokes its leases here.
      await engine.close();
    }
    if (opts.signal.aborted && stoppedEarly === null && steps.length < loads.length) stoppedEarly = 'interrupted';
    const result = loadBenchResult(bench, driver, steps, stoppedEarly, seed, true);
    if (result.etcd && result.etcd.cleanup === null) warn(`bench "${bench.name}": could not confirm the cleanup of ${result.etcd.prefix}; check it with \`etcdctl get --prefix ${result.etcd.prefix} --keys-only\``);
    benches.push(result);
  };

  let resourcesAtEnd: ResourceSample[] = [];
  try {
    for (const [benchIndex, bench] of scenario.benches.entries()) {
      if (opts.signal.aborted) break;
      if (bench.kind === 'host') await runHost(bench, benchIndex);
      else await runLoad(bench, benchIndex);
    }
  } finally {
    // Stops the sampler on every exit path; a throw still propagates after this.
    resourcesAtEnd = sampler ? await sampler.stop() : [];
  }
  const result = snapshot(!opts.signal.aborted, resourcesAtEnd);
  opts.emit({ type: 'done', result });
  return result;
}
