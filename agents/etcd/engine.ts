// The etcd load engine: `connections` channels to the endpoints, one workload (put, range, txn,
// delete, watch, lease), closed or open model. Creating it checks the prefix is empty (close()
// deletes it); close() ends any step, closes the channels and cleans up on every exit path.
import { buildValue, createKeySpace } from '../../benches/etcd-keys.js';
import type { EtcdBench } from '../../scenarios/schema.js';
import type { EngineStepMeasurement, LoadEngine, StepPlan, StepRunOptions } from '../load-engine.js';
import { cleanupEtcd, type CleanupReport } from './cleanup.js';
import { loadTls, openLoadChannels, type EtcdTransport } from './client.js';
import { LeaseLedger } from './lease-ledger.js';
import { preflightEtcd } from './preflight.js';
import { emptyMeasurement, EtcdStepLoop } from './step-loop.js';
import { createWorkload } from './workloads/index.js';

export interface EtcdEngine extends LoadEngine {
  /** etcd's version from the Status RPC of the first endpoint. */
  readonly serverVersion: string | null;
  /** What close() removed; null before close() or when the cleanup could not finish. */
  cleanupReport(): CleanupReport | null;
  /** Why cleanupReport() is null after close(), if it is. */
  cleanupError(): string | null;
  /** Outcomes of the last step that ok/errors do not separate (txn: succeeded/failed; delete: misses; watch: events). */
  lastStepStats(): Record<string, number>;
}

export interface EtcdEngineOptions {
  /** Default 'h2'; 'etcd3' runs the same requests over the etcd3 client's grpc-js channels. */
  transport?: EtcdTransport;
  cleanupTimeoutMs?: number;
  /** How long close() waits for a step it ended before cleaning up anyway. */
  stepStopTimeoutMs?: number;
}

export async function createEtcdEngine(bench: EtcdBench, options: EtcdEngineOptions = {}): Promise<EtcdEngine> {
  // Again here, not only in the runner's preflight: close() deletes the prefix, so it must be ours.
  const { serverVersion } = await preflightEtcd(bench);
  const tls = await loadTls(bench);
  const ks = createKeySpace(bench);
  const ledger = new LeaseLedger();
  const load = await openLoadChannels(bench, tls, bench.connections, options.transport ?? 'h2');
  const workload = createWorkload({ bench, ks, value: buildValue(bench.valueSize), channels: load.channels, leases: ledger });
  const stopStep = new AbortController();
  let running: Promise<EngineStepMeasurement> | null = null;
  let closing: Promise<void> | null = null;
  let report: CleanupReport | null = null;
  let reportError: string | null = null;
  let stats: Record<string, number> = {};

  const runOne = async (plan: StepPlan, opts: StepRunOptions): Promise<EngineStepMeasurement> => {
    const signal = AbortSignal.any([opts.signal, stopStep.signal]);
    try {
      await workload.beforeStep(plan, signal);
    } catch (err) {
      await workload.afterStep();
      if (signal.aborted) return emptyMeasurement(plan);
      throw err;
    }
    if (signal.aborted) {
      await workload.afterStep();
      return emptyMeasurement(plan);
    }
    const loop = new EtcdStepLoop(workload, plan, { ...opts, signal });
    workload.attach?.(loop);
    // Read by the loop as the window ended (before its drain), so stats and counts cover the same ops.
    const measured = await loop.run();
    stats = measured.workloadStats ?? {};
    await workload.afterStep();
    return measured;
  };

  return {
    // Names the transport the load ran on, so a result says which client produced it.
    id: (options.transport ?? 'h2') === 'h2' ? 'headroom-h2' : 'etcd3',
    models: ['closed', 'open'],
    serverVersion,
    runStep(plan: StepPlan, opts: StepRunOptions): Promise<EngineStepMeasurement> {
      if (closing) return Promise.reject(new Error('the etcd engine is closed'));
      const step = runOne(plan, opts);
      running = step;
      return step;
    },
    close(): Promise<void> {
      closing ??= (async () => {
        stopStep.abort();
        if (running) await settleWithin(running, options.stepStopTimeoutMs ?? 5000);
        running = null;
        load.close();
        try {
          report = await cleanupEtcd(bench, tls, ledger, { timeoutMs: options.cleanupTimeoutMs ?? 30_000 });
        } catch (err) {
          reportError = err instanceof Error ? err.message : String(err);
        }
      })();
      return closing;
    },
    cleanupReport: () => report,
    cleanupError: () => reportError,
    lastStepStats: () => stats,
  };
}

/** Waits for p (ignoring its outcome) at most timeoutMs. */
async function settleWithin(p: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
  clearTimeout(timer);
}
