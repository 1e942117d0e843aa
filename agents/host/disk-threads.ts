// Starts disk-worker threads for one job and waits for their replies; an abort terminates them
// (a thread stuck in one syscall stops as soon as that returns).
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../spawn-worker.js';
import type { DiskWorkerReply, FdatasyncJob, GoMessage, RandReadJob } from './disk-protocol.js';

type ReplyOf<T extends DiskWorkerReply['type']> = Extract<DiskWorkerReply, { type: T }>;

/** The next reply of type `type`; rejects on an error reply, a crash, an exit or an abort. */
function nextReply<T extends DiskWorkerReply['type']>(worker: Worker, type: T, signal?: AbortSignal): Promise<ReplyOf<T>> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown): void => {
      cleanup();
      reject(err);
    };
    const onMessage = (msg: DiskWorkerReply): void => {
      if (msg.type === 'error') fail(new Error(msg.message));
      else if (msg.type === type) {
        cleanup();
        resolve(msg as ReplyOf<T>);
      }
    };
    const onError = (err: Error): void => fail(err);
    const onExit = (code: number): void => fail(new Error(`disk worker exited (code ${code}) before replying`));
    const onAbort = (): void => fail(signal?.reason);
    if (signal?.aborted) return fail(signal.reason);
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function withWorkers<T>(count: number, job: FdatasyncJob | RandReadJob, signal: AbortSignal | undefined, use: (workers: Worker[]) => Promise<T>): Promise<T> {
  signal?.throwIfAborted();
  const workers = Array.from({ length: count }, () => spawnWorker('./disk-worker.js', import.meta.url, job));
  try {
    return await use(workers);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export async function runFdatasyncThread(job: FdatasyncJob, signal?: AbortSignal): Promise<ReplyOf<'fdatasync-done'>> {
  return withWorkers(1, job, signal, ([worker]) => nextReply(worker!, 'fdatasync-done', signal));
}

export interface RandReadOutcome {
  /** Reads per second summed over the threads. */
  iops: number;
  direct: boolean;
  fallbackReason: string | null;
}

/** `threads` threads each doing one pread at a time: queue depth = threads. */
export async function runRandReadThreads(job: RandReadJob, threads: number, signal?: AbortSignal): Promise<RandReadOutcome> {
  return withWorkers(threads, job, signal, async (workers) => {
    const ready = await Promise.all(workers.map((w) => nextReply(w, 'ready', signal)));
    const done = workers.map((w) => nextReply(w, 'rand-read-done', signal));
    const go: GoMessage = { type: 'go' };
    for (const w of workers) w.postMessage(go);
    const results = await Promise.all(done);
    const iops = results.reduce((sum, r) => sum + (r.elapsedMs > 0 ? r.ops / (r.elapsedMs / 1000) : 0), 0);
    const fallback = ready.find((r) => !r.direct);
    return { iops, direct: !fallback, fallbackReason: fallback?.fallbackReason ?? null };
  });
}
