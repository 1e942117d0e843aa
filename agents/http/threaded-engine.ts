// The headroom engine on N worker threads, for loads one event loop cannot drive: the step's load
// is split across threads (connections, or the arrival rate with a seed per thread) and the
// measurements are merged exactly (counts add, histograms merge bucket by bucket).
import type { Worker } from 'node:worker_threads';
import { encodeHistogram, mergeEncoded } from '../../analyzers/histogram.js';
import type { HttpTarget } from '../../benches/http.js';
import type { HttpEngine, LiveCounts, StepPlan, StepRunOptions } from './engine.js';
import type { EngineWorkerData, ToWorker } from './engine-worker.js';
import type { StepOutcome } from './load-loop.js';
import { spawnWorker } from '../spawn-worker.js';

type FromWorker = { type: 'tick'; counts: LiveCounts } | { type: 'done'; measurement: StepOutcome };

/** Per-thread plans: load split as evenly as whole connections allow; threads with no share sit out. */
export function splitPlan(plan: StepPlan, threads: number): StepPlan[] {
  if (plan.model === 'closed') {
    const connections = Math.max(1, Math.round(plan.load));
    const n = Math.min(threads, connections);
    return Array.from({ length: n }, (_, i) => ({ ...plan, load: Math.floor(connections / n) + (i < connections % n ? 1 : 0) }));
  }
  return Array.from({ length: threads }, (_, i) => ({
    ...plan,
    load: plan.load / threads,
    maxInFlight: Math.max(1, Math.ceil(plan.maxInFlight / threads)),
    // Independent Poisson streams (constant schedules are interleaved by each worker's arrivalPhase).
    seed: (plan.seed + i * 0x9e3779b9) >>> 0,
  }));
}

export function mergeMeasurements(parts: readonly StepOutcome[]): StepOutcome {
  const sum = (f: (m: StepOutcome) => number): number => parts.reduce((n, m) => n + f(m), 0);
  const merged = mergeEncoded(parts.map((m) => m.histogram));
  const histogram = encodeHistogram(merged);
  merged.destroy();
  const seconds = Math.min(...parts.map((m) => m.okPerSecond.length));
  return {
    durationMs: Math.max(...parts.map((m) => m.durationMs)),
    offered: sum((m) => m.offered),
    sent: sum((m) => m.sent),
    ok: sum((m) => m.ok),
    errors: {
      connect: sum((m) => m.errors.connect),
      timeout: sum((m) => m.errors.timeout),
      non2xx: sum((m) => m.errors.non2xx),
      other: sum((m) => m.errors.other),
    },
    dropped: sum((m) => m.dropped),
    bytesRead: sum((m) => m.bytesRead),
    bytesWritten: sum((m) => m.bytesWritten),
    histogram,
    okPerSecond: Array.from({ length: seconds }, (_, s) => sum((m) => m.okPerSecond[s]!)),
  };
}

function mergeLive(latest: ReadonlyArray<LiveCounts | undefined>): LiveCounts {
  const seen = latest.filter((c): c is LiveCounts => c !== undefined);
  const p99s = seen.map((c) => c.recentP99Ms).filter((v) => !Number.isNaN(v));
  return {
    elapsedMs: Math.max(...seen.map((c) => c.elapsedMs)),
    inWarmup: seen.some((c) => c.inWarmup),
    ok: seen.reduce((n, c) => n + c.ok, 0),
    errors: seen.reduce((n, c) => n + c.errors, 0),
    dropped: seen.reduce((n, c) => n + c.dropped, 0),
    // The slowest thread's p99 bounds the merged one from above: good enough for a live display.
    recentP99Ms: p99s.length ? Math.max(...p99s) : NaN,
  };
}

export function createThreadedEngine(bench: { target: HttpTarget }, threads: number): HttpEngine {
  const workers: Worker[] = [];
  const send = (w: Worker, msg: ToWorker): void => w.postMessage(msg);

  function runOn(worker: Worker, plan: StepPlan, onTick: (c: LiveCounts) => void): Promise<StepOutcome> {
    return new Promise((resolve, reject) => {
      const onMessage = (msg: FromWorker): void => {
        if (msg.type === 'tick') return onTick(msg.counts);
        worker.off('message', onMessage).off('error', reject);
        resolve(msg.measurement);
      };
      worker.on('message', onMessage).once('error', reject);
      send(worker, { type: 'run', plan });
    });
  }

  return {
    id: 'headroom',
    models: ['closed', 'open'],
    async runStep(plan: StepPlan, opts: StepRunOptions): Promise<StepOutcome> {
      const plans = splitPlan(plan, threads);
      while (workers.length < plans.length) {
        const workerData: EngineWorkerData = { target: bench.target, arrivalPhase: workers.length / threads };
        workers.push(spawnWorker('./engine-worker.js', import.meta.url, workerData));
      }
      const latest: Array<LiveCounts | undefined> = plans.map(() => undefined);
      const abort = (): void => workers.forEach((w) => send(w, { type: 'abort' }));
      opts.signal.addEventListener('abort', abort, { once: true });
      if (opts.signal.aborted) abort();
      try {
        const parts = await Promise.all(
          plans.map((p, i) =>
            runOn(workers[i]!, p, (counts) => {
              latest[i] = counts;
              opts.onTick?.(mergeLive(latest));
            }),
          ),
        );
        return mergeMeasurements(parts);
      } finally {
        opts.signal.removeEventListener('abort', abort);
      }
    },
    async close(): Promise<void> {
      await Promise.all(workers.splice(0).map((w) => w.terminate()));
    },
  };
}
