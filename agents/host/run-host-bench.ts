// Runs a kind: host bench: the probes of its suites one at a time (the disk probes in a scratch
// directory on the disk under test), each repeated until its repeats agree, plus the metrics derived
// from them.
// Emits the bench's events; the caller turns onProgress into metric-done with a partial RunResult.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deriveCpuScaling, planHostBench } from '../../analyzers/host-plan.js';
import type { HostBenchResult, HostMetric } from '../../scenarios/result.js';
import type { HostBench, HostSuite } from '../../scenarios/schema.js';
import type { Inventory } from '../inventory/types.js';
import type { EmitRunEvent } from '../run-events.js';
import { HOST_PROBES } from './index.js';
import type { ProbeContext, ProbeFactory } from './probe.js';
import { runProbe } from './run-probe.js';
import { findOnPath, resolveTools } from './tools.js';

export interface HostRunOptions {
  signal: AbortSignal;
  emit: EmitRunEvent;
  benchIndex: number;
  benchCount: number;
  inventory: Inventory; // collected once by the caller
  /** After each finished (or skipped) metric, with the bench so far, so the caller can write a partial result. */
  onProgress: (current: HostBenchResult, metric: HostMetric | null) => void;
  now?: () => number;
  probes?: Partial<Record<HostSuite, ProbeFactory[]>>; // tests inject fakes
  findTool?: (name: 'fio' | 'iperf3') => string | null;
}

/** Prefix of the scratch directory; a leftover one (after a kill -9) is safe to delete by hand. */
export const WORK_DIR_PREFIX = '.headroom-host-';
/** The suites whose probes write into ctx.workDir; the scratch directory exists only when one is selected. */
export const SUITES_WRITING_FILES: ReadonlySet<HostSuite> = new Set(['disk']);

export async function runHostBench(bench: HostBench, opts: HostRunOptions): Promise<HostBenchResult> {
  const now = opts.now ?? Date.now;
  const plan = planHostBench(bench);
  const probes = plan.suites.flatMap((suite) => (opts.probes?.[suite] ?? HOST_PROBES[suite]).map((create) => create()));
  const result: HostBenchResult = {
    name: bench.name,
    kind: 'host',
    profile: plan.profile,
    suites: plan.suites,
    startedAtMs: now(),
    durationMs: 0,
    metrics: [],
    skipped: [],
    inventory: opts.inventory,
    stoppedEarly: null,
  };
  const snapshot = (): HostBenchResult => ({ ...result, metrics: [...result.metrics], skipped: [...result.skipped], durationMs: now() - result.startedAtMs });
  opts.emit({ type: 'host-bench-start', bench: bench.name, benchIndex: opts.benchIndex, benchCount: opts.benchCount, profile: plan.profile, metrics: probes.map((p) => p.metric) });

  // Only the disk suite writes files: a cpu- or memory-only bench must run where nothing is writable.
  const workDir = plan.suites.some((s) => SUITES_WRITING_FILES.has(s)) ? await createWorkDir(bench.disk.dir ?? process.cwd()) : null;
  let finished = 0;
  try {
    const ctx: ProbeContext = {
      signal: opts.signal,
      profile: plan.profile,
      workDir,
      tools: resolveTools(bench, opts.findTool ?? findOnPath),
      peer: bench.network.peer ?? null,
    };
    for (const [index, probe] of probes.entries()) {
      if (opts.signal.aborted) break;
      const outcome = await runProbe(probe, { ctx, policy: plan.policy, bench: bench.name, index, count: probes.length, emit: opts.emit });
      if (outcome.kind === 'skipped') {
        result.skipped.push({ metric: probe.metric, reason: outcome.reason });
        opts.emit({ type: 'metric-skipped', bench: bench.name, metric: probe.metric, reason: outcome.reason });
        opts.onProgress(snapshot(), null);
      } else if (outcome.metric) {
        addMetric(outcome.metric);
      }
      if (outcome.kind === 'interrupted') break;
      finished++;
    }
  } finally {
    if (workDir) await removeWorkDir(workDir, opts.emit, bench.name);
  }
  if (finished < probes.length) result.stoppedEarly = 'interrupted';
  result.durationMs = now() - result.startedAtMs;
  return result;

  function addMetric(metric: HostMetric): void {
    result.metrics.push(metric);
    opts.onProgress(snapshot(), metric);
    // Derived metrics follow their last input, so a partial result already holds them.
    if (metric.name === 'cpu.single' || metric.name === 'cpu.multi') {
      const scaling = deriveCpuScaling(result.metrics, plan.policy);
      if (scaling && !result.metrics.some((m) => m.name === scaling.name)) {
        result.metrics.push(scaling);
        opts.onProgress(snapshot(), scaling);
      }
    }
  }
}

async function createWorkDir(parent: string): Promise<string> {
  try {
    return await mkdtemp(join(parent, WORK_DIR_PREFIX));
  } catch (err) {
    throw new Error(`cannot create the host bench's scratch directory in ${parent}: ${err instanceof Error ? err.message : String(err)} (set disk.dir to a writable directory on the disk to measure)`);
  }
}

async function removeWorkDir(dir: string, emit: EmitRunEvent, bench: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch (err) {
    emit({ type: 'warning', message: `bench "${bench}": could not remove its scratch directory ${dir}: ${err instanceof Error ? err.message : String(err)}` });
  }
}
