// autocannon as an engine, for comparison with ours: closed model only (its rate limit is per
// connection and hides queueing). Its per-response events go into our HDR histogram in µs with our
// warm-up rule, so the two engines' results read the same.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { HttpBench } from '../../scenarios/schema.js';
import type { HttpEngine, StepPlan, StepRunOptions } from './engine.js';
import type { StepOutcome } from './load-loop.js';
import { now } from './load-loop.js';
import { StepRecorder, type ErrorClass } from './step-recorder.js';

interface AutocannonClient extends EventEmitter {
  getRequestBuffer(): Buffer | undefined;
}

interface AutocannonInstance extends EventEmitter {
  stop(): void;
}

type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null) => void) => AutocannonInstance;

// autocannon is CommonJS without type declarations.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** How often autocannon checks whether it should stop: bounds the wait after stop(). */
const SAMPLE_MS = 100;
/** Its timeout option is in whole seconds and at least 1. */
const MIN_TIMEOUT_S = 1;
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNABORTED']);

export function classifyAutocannonError(err: Error & { code?: string }): ErrorClass {
  if (err.message === 'request timed out') return 'timeout';
  if (err.code !== undefined && CONNECT_CODES.has(err.code)) return 'connect';
  return 'other';
}

function runAutocannonStep(bench: Pick<HttpBench, 'target'>, plan: StepPlan, opts: StepRunOptions): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const rec = new StepRecorder(now(), plan.warmupMs, plan.durationMs);
    const endMs = rec.startMs + plan.durationMs;
    let running = true;
    let outcome: StepOutcome | null = null;
    let exited = false;
    let ticks = 0;
    let instance: AutocannonInstance | null = null;
    const timers: NodeJS.Timeout[] = [];

    const onRequest = function (this: AutocannonClient): void {
      if (!running || now() < rec.measureStartMs) return;
      rec.sent++;
      rec.bytesWritten += this.getRequestBuffer()?.length ?? 0;
    };
    instance = autocannon(
      {
        url: bench.target.url,
        method: bench.target.method,
        headers: bench.target.headers,
        body: bench.target.body,
        connections: Math.max(1, Math.round(plan.load)),
        pipelining: 1,
        // Our own timer ends the step; autocannon's is a backstop.
        duration: plan.durationMs / 1000 + 1,
        timeout: Math.max(MIN_TIMEOUT_S, Math.round(plan.timeoutMs / 1000)),
        sampleInt: SAMPLE_MS,
        // Runs before a client's first request, so every request is seen.
        setupClient: (client: AutocannonClient) => client.on('request', onRequest),
      },
      (err) => {
        exited = true;
        if (err && !outcome) finish(now());
        settle();
      },
    );
    instance.on('response', (_client: unknown, status: number, resBytes: number, responseTimeMs: number) => {
      if (!running) return;
      const t = now();
      rec.response(t - responseTimeMs, t, status);
      if (rec.measuring) rec.bytesRead += resBytes;
    });
    instance.on('reqError', (err: Error & { code?: string }) => {
      if (!running) return;
      const kind = classifyAutocannonError(err);
      const t = now();
      rec.error(kind, kind === 'timeout' ? t - plan.timeoutMs : t);
    });

    if (exited) return; // refused its options: already settled
    timers.push(
      setTimeout(() => finish(endMs), plan.durationMs),
      setInterval(() => {
        if (++ticks % 4 === 0) rec.rotateRecent();
        opts.onTick?.(rec.live(now()));
      }, 250),
    );
    if (plan.warmupMs > 0) timers.push(setTimeout(() => (rec.measuring = true), plan.warmupMs));
    const onAbort = (): void => finish(now());
    if (opts.signal.aborted) queueMicrotask(onAbort);
    else opts.signal.addEventListener('abort', onAbort, { once: true });

    function finish(atMs: number): void {
      if (!running) return;
      running = false;
      for (const t of timers) clearTimeout(t);
      opts.signal.removeEventListener('abort', onAbort);
      outcome = rec.finish(Math.min(atMs, endMs), true);
      opts.onTick?.(rec.live(atMs));
      instance?.stop();
      settle();
    }
    function settle(): void {
      // Resolve once autocannon has destroyed its clients (within SAMPLE_MS of stop()).
      if (outcome && exited) resolve(outcome);
    }
  });
}

export function createAutocannonEngine(bench: Pick<HttpBench, 'target'>): HttpEngine {
  let running: Promise<StepOutcome> | null = null;
  return {
    id: 'autocannon',
    models: ['closed'],
    runStep(plan, opts) {
      if (plan.model !== 'closed') throw new Error('the autocannon engine drives the closed model only');
      running = runAutocannonStep(bench, plan, opts);
      return running;
    },
    async close() {
      if (running) await running;
      running = null;
    },
  };
}
