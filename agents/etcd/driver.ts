// The etcd kind for the step runner: the load (the bench's, or a check-perf profile's), the etcd3
// engine, the server's /metrics around every step, and the etcd summary (check perf, guidance,
// cleanup) once the engine has closed and cleaned up.
import { CHECK_PERF_PROFILES, judgeCheckPerf } from '../../analyzers/check-perf.js';
import { effectiveEtcdBench, loadOf } from '../../scenarios/describe-bench.js';
import { collectEtcdGuidance, diffEtcdMetrics } from '../../analyzers/etcd-server.js';
import type { BenchResult, StepResult } from '../../scenarios/result.js';
import type { EtcdBench } from '../../scenarios/schema.js';
import type { DriverOptions, LoadBenchDriver } from '../load-bench-driver.js';
import { createEtcdEngine, type EtcdEngine } from './engine.js';
import { preflightEtcd } from './preflight.js';
import { scrapeEtcdMetrics } from './scrape-metrics.js';

export async function preflightEtcdBench(bench: EtcdBench): Promise<void> {
  await preflightEtcd(bench);
}

export function metricsUrlOf(bench: EtcdBench): string {
  return bench.metricsUrl ?? `${bench.endpoints[0]!.replace(/\/+$/, '')}/metrics`;
}

export async function openEtcdBench(asWritten: EtcdBench, opts: DriverOptions): Promise<LoadBenchDriver> {
  const bench = effectiveEtcdBench(asWritten);
  const load = loadOf(bench);
  const engine = opts.createEngine ? opts.createEngine(bench) : await createEtcdEngine(bench, { transport: bench.transport });
  const source = metricsUrlOf(bench);
  let scrapeFailed = false;
  const scrape = async () => {
    if (scrapeFailed) return null;
    try {
      return await scrapeEtcdMetrics(source, { tls: bench.tls, timeoutMs: 3000 });
    } catch (err) {
      scrapeFailed = true;
      opts.warn(`bench "${bench.name}": cannot read etcd metrics at ${source} (${err instanceof Error ? err.message : String(err)}); the report has no server-side view`);
      return null;
    }
  };
  const etcdEngine = engine as Partial<EtcdEngine>;
  return {
    target: `etcd ${bench.workload} → ${bench.endpoints.join(', ')} (prefix ${bench.prefix})`,
    load,
    // A check-perf profile queues an arrival while every client is busy, as etcdctl does, instead of dropping it.
    engine: bench.profile ? { id: engine.id, models: engine.models, runStep: (plan, o) => engine.runStep({ ...plan, whenBusy: 'queue' }, o), close: () => engine.close() } : engine,
    async observeStep() {
      const before = await scrape();
      return async () => {
        const after = before ? await scrape() : null;
        return before && after ? diffEtcdMetrics(before, after, source) : undefined;
      };
    },
    summarize(steps: StepResult[]): Pick<BenchResult, 'etcd'> {
      const profile = bench.profile;
      return {
        etcd: {
          workload: bench.workload,
          endpoints: bench.endpoints,
          prefix: bench.prefix,
          keySize: bench.keySize,
          valueSize: bench.valueSize,
          keySpace: bench.keySpace,
          connections: bench.connections,
          serverVersion: etcdEngine.serverVersion ?? null,
          checkPerf: profile && steps[0] ? judgeCheckPerf(profile, steps[0], bench.duration ?? CHECK_PERF_PROFILES[profile].durationMs) : null,
          guidance: collectEtcdGuidance(steps),
          cleanup: etcdEngine.cleanupReport ? etcdEngine.cleanupReport() : null,
        },
      };
    },
  };
}
