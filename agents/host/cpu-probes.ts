// cpu.single and cpu.multi: the same kernel mix in one worker thread, or in N threads that start
// their timed windows together. Threads are spawned once in setup and reused by every repeat, so
// thread start-up and module loading never fall inside a measured window.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { DEFAULT_KERNEL_SEED } from '../../benches/host-cpu-kernels.js';
import { spawnWorker } from '../spawn-worker.js';
import { CONTROL, CONTROL_SLOTS, type CpuRunRequest, type CpuWorkerData, type CpuWorkerReply } from './cpu-protocol.js';
import type { HostProbe, ProbeContext, ProbeSample } from './probe.js';

export interface CpuProbeOptions {
  /** Timed window of one repeat; default 600 ms (quick) or 2000 ms (full). */
  durationMs?: number;
  /** Untimed warm-up before each window; default 150 ms (quick) or 400 ms (full). */
  warmupMs?: number;
  seed?: number;
}

const TIMING = {
  quick: { warmupMs: 150, durationMs: 600 },
  full: { warmupMs: 400, durationMs: 2000 },
} as const;

export function cpuSingleProbe(opts: CpuProbeOptions = {}): HostProbe {
  return createCpuProbe('cpu.single', () => 1, opts);
}

/** threads defaults to os.availableParallelism(), which follows the CPU affinity (taskset, cpusets). */
export function cpuMultiProbe(opts: CpuProbeOptions & { threads?: number } = {}): HostProbe {
  return createCpuProbe('cpu.multi', () => opts.threads ?? availableParallelism(), opts);
}

function createCpuProbe(metric: 'cpu.single' | 'cpu.multi', resolveThreads: () => number, opts: CpuProbeOptions): HostProbe {
  let threads: CpuThreads | null = null;
  const timingOf = (ctx: ProbeContext) => ({
    warmupMs: opts.warmupMs ?? TIMING[ctx.profile].warmupMs,
    durationMs: opts.durationMs ?? TIMING[ctx.profile].durationMs,
  });
  const probe: HostProbe = {
    metric,
    suite: 'cpu',
    unit: 'ops/s',
    higherIsBetter: true,
    tool: 'built-in',
    async setup(ctx) {
      const count = Math.max(1, Math.floor(resolveThreads()));
      threads = new CpuThreads(count, opts.seed ?? DEFAULT_KERNEL_SEED);
      const kernels = await threads.start();
      const { warmupMs, durationMs } = timingOf(ctx);
      const who = metric === 'cpu.single' ? '1 worker thread' : `sum over ${count} threads (worker threads released together by a shared barrier)`;
      probe.detail =
        `geometric mean of per-kernel ops/s over ${kernels.join(', ')} (seeded inputs), ` +
        `run round-robin in 25 ms slices; ${who}; ${durationMs} ms window after ${warmupMs} ms warm-up`;
    },
    async measure(ctx): Promise<ProbeSample> {
      if (!threads) throw new Error(`${metric}: measure() before setup()`);
      const replies = await threads.runOnce(timingOf(ctx), ctx.signal);
      return { value: replies.reduce((sum, r) => sum + r.opsPerSec, 0) };
    },
    async teardown() {
      await threads?.stop();
      threads = null;
    },
  };
  return probe;
}

type ResultReply = Extract<CpuWorkerReply, { type: 'result' }>;

/** A fixed group of CPU-bench threads sharing one control block (abort flag and barrier). */
class CpuThreads {
  private readonly workers: Worker[] = [];
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private generation = 0;
  /** A thread that failed between repeats; an EventEmitter 'error' without a listener would crash the process. */
  private failure: Error | null = null;

  constructor(
    private readonly count: number,
    private readonly seed: number,
  ) {}

  /** Spawns every thread and waits until each is ready; returns the kernel names. */
  async start(): Promise<string[]> {
    const data: CpuWorkerData = { seed: this.seed, control: this.control.buffer as SharedArrayBuffer };
    for (let i = 0; i < this.count; i++) {
      const worker = spawnWorker('./cpu-worker.js', import.meta.url, data);
      worker.on('error', (err) => {
        this.failure ??= err;
      });
      worker.on('exit', (code) => {
        this.failure ??= new Error(`CPU worker exited with code ${code}`);
      });
      this.workers.push(worker);
    }
    const replies = await Promise.all(this.workers.map((w) => nextReply(w)));
    const first = replies[0];
    if (first?.type !== 'ready') throw new Error('CPU worker did not report ready');
    return first.kernels;
  }

  async runOnce(timing: { warmupMs: number; durationMs: number }, signal: AbortSignal): Promise<ResultReply[]> {
    signal.throwIfAborted();
    if (this.failure) throw this.failure;
    Atomics.store(this.control, CONTROL.abort, 0);
    Atomics.store(this.control, CONTROL.arrived, 0);
    this.generation++;
    const stopAll = () => {
      Atomics.store(this.control, CONTROL.abort, 1);
      Atomics.notify(this.control, CONTROL.release);
    };
    signal.addEventListener('abort', stopAll, { once: true });
    try {
      const request: CpuRunRequest = { type: 'run', generation: this.generation, parties: this.count, ...timing };
      const pending = this.workers.map((w) => {
        const reply = nextReply(w);
        w.postMessage(request);
        // A thread that dies must not leave its siblings waiting at the barrier.
        return reply.catch((err: unknown) => {
          stopAll();
          throw err;
        });
      });
      const replies = await Promise.all(pending);
      signal.throwIfAborted();
      return replies.map((r) => {
        if (r.type !== 'result') throw new Error(`CPU worker replied ${r.type}`);
        return r;
      });
    } finally {
      signal.removeEventListener('abort', stopAll);
    }
  }

  async stop(): Promise<void> {
    Atomics.store(this.control, CONTROL.abort, 1);
    Atomics.notify(this.control, CONTROL.release);
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

/** The worker's next message; rejects if it errors or exits first. */
function nextReply(worker: Worker): Promise<CpuWorkerReply> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (msg: CpuWorkerReply) => {
      cleanup();
      resolve(msg);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`CPU worker exited with code ${code}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
