// Deterministic etcd BenchResults for the report tests and for looking at the etcd section: a put
// ramp whose disk falls behind (WAL fsync and commit p99 climb past etcd's guidance), a check-perf
// --load=m run, and a watch bench. Figures are shaped like the real runs on this 2-core machine.
import { judgeCheckPerf } from '../analyzers/check-perf.js';
import { collectEtcdGuidance, judgeEtcdServerStep } from '../analyzers/etcd-server.js';
import { createLatencyHistogram, encodeHistogram, recordUs, summarizeMs } from '../analyzers/histogram.js';
import type { BenchResult, EtcdServerStep, RunResult, StepResult } from '../scenarios/result.js';
import type { LoadModel } from '../scenarios/schema.js';
import { T0_MS } from './fixtures.js';

const ENDPOINT = 'http://127.0.0.1:2379';

/** Logistic-quantile samples around a median (µs): deterministic, with a tail that grows with `spread`. */
function samplesUs(medianMs: number, spread: number, count: number): number[] {
  const out: number[] = [];
  const c = Math.sqrt(3) / Math.PI;
  for (let i = 0; i < count; i++) {
    const p = (i + 0.5) / count;
    out.push(medianMs * 1000 * Math.exp(spread * c * Math.log(p / (1 - p))));
  }
  return out;
}

interface Shape {
  load: number;
  throughput: number;
  medianMs: number;
  spread: number;
  errors?: number;
  server?: Omit<EtcdServerStep, 'breaches' | 'source'> | null;
}

function server(walP99Ms: number, commitP99Ms: number, puts: number, extra: Partial<EtcdServerStep> = {}): Omit<EtcdServerStep, 'breaches' | 'source'> {
  return {
    walFsyncMs: { count: puts, p50: walP99Ms / 6, p99: walP99Ms, mean: walP99Ms / 5 },
    backendCommitMs: { count: Math.max(1, Math.round(puts / 100)), p50: commitP99Ms / 8, p99: commitP99Ms, mean: commitP99Ms / 6 },
    leaderChanges: 0,
    proposalsFailed: 0,
    dbSizeBytes: 20_480 + puts * 1400,
    dbQuotaBytes: 2 ** 31,
    ...extra,
  };
}

function step(index: number, startedAtMs: number, durationMs: number, model: LoadModel, s: Shape): StepResult {
  const ok = Math.round((s.throughput * durationMs) / 1000);
  const errors = s.errors ?? 0;
  const h = createLatencyHistogram();
  // Enough samples for a p99.9, few enough to keep the fixture quick; the summary is read from the histogram.
  for (const v of samplesUs(s.medianMs, s.spread, Math.min(ok + errors, 4000))) recordUs(h, v);
  const latencyMs = { ...summarizeMs(h), count: ok + errors };
  const histogram = encodeHistogram(h);
  h.destroy();
  const half = s.throughput * 0.01;
  const base = s.server ? { source: `${ENDPOINT}/metrics`, ...s.server } : null;
  return {
    index,
    load: s.load,
    startedAtMs,
    durationMs,
    offeredRate: model === 'open' ? s.load : (ok + errors) / (durationMs / 1000),
    throughput: s.throughput,
    throughputCi: [s.throughput - half, s.throughput + half],
    requests: ok + errors,
    errors,
    errorsByClass: { connect: 0, timeout: errors, non2xx: 0, other: 0 },
    errorRate: ok + errors === 0 ? 0 : errors / (ok + errors),
    dropped: 0,
    bytes: { read: ok * 60, written: ok * 1320 },
    latencyMs,
    histogram,
    ...(base ? { server: { ...base, breaches: judgeEtcdServerStep(base).map((f) => f.text) } } : {}),
  };
}

function etcdBench(name: string, model: LoadModel, steps: StepResult[], etcd: Partial<NonNullable<BenchResult['etcd']>>): BenchResult {
  const last = steps.at(-1)!;
  return {
    name,
    kind: 'etcd',
    model,
    engine: 'etcd3',
    target: `etcd ${etcd.workload ?? 'put'} → ${ENDPOINT} (prefix /headroom-bench/)`,
    steps,
    stoppedEarly: null,
    usl: null,
    knee: null,
    errorOnset: null,
    saturation: { load: last.load, throughput: last.throughput, limitedBy: 'not-reached', range: [last.load, last.load], detail: '' },
    slo: null,
    etcd: {
      workload: 'put',
      endpoints: [ENDPOINT],
      prefix: '/headroom-bench/',
      keySize: 256,
      valueSize: 1024,
      keySpace: 100_000,
      connections: 10,
      serverVersion: '3.4.23',
      checkPerf: null,
      guidance: collectEtcdGuidance(steps),
      cleanup: { keysDeleted: 0, leasesRevoked: 0 },
      ...etcd,
    },
  };
}

/** Closed-model put ramp: throughput flattens near 2,400 puts/s while fsync and commit p99 pass etcd's limits. */
export function etcdPutBench(startMs = T0_MS): BenchResult {
  const loads = [1, 2, 4, 8, 16, 32, 64, 128];
  const stepMs = 10_000;
  const steps = loads.map((n, i) => {
    const throughput = (2400 * n) / (n + 6) * (1 + 0.01 * Math.sin(i * 1.9));
    const medianMs = (n / throughput) * 1000 * 0.9;
    const walP99 = 1.6 + 0.14 * n;
    const commitP99 = 5 + 0.2 * n;
    return step(i, startMs + i * stepMs, stepMs, 'closed', {
      load: n,
      throughput,
      medianMs,
      spread: 0.35 + 0.004 * n,
      server: server(walP99, commitP99, Math.round(throughput * 10), n === 128 ? { leaderChanges: 1 } : {}),
    });
  });
  const keys = steps.reduce((total, s) => total + s.requests, 0);
  return etcdBench('etcd-put', 'closed', steps, { cleanup: { keysDeleted: Math.min(keys, 100_000), leasesRevoked: 0 } });
}

/** `etcdctl check perf --load=m` reproduced: one open step at 1,000 puts/s from 200 clients for 60 s. */
export function etcdCheckPerfBench(startMs = T0_MS + 90_000): BenchResult {
  const s = step(0, startMs, 60_000, 'open', { load: 1000, throughput: 962.4, medianMs: 2.4, spread: 0.7, server: server(3.95, 20.6, 57_731) });
  const bench = etcdBench('etcd-check-m', 'open', [s], {
    keySize: 16 + 256,
    connections: 200,
    cleanup: { keysDeleted: 57_731, leasesRevoked: 0 },
  });
  return { ...bench, etcd: { ...bench.etcd!, checkPerf: judgeCheckPerf('m', s, 60_000) } };
}

/** Watch: put→event delivery latency at rising put rates, 100 watchers. */
export function etcdWatchBench(startMs = T0_MS + 160_000): BenchResult {
  const rates = [100, 200, 400, 800];
  const steps = rates.map((r, i) =>
    step(i, startMs + i * 10_000, 10_000, 'open', {
      load: r,
      throughput: r * (1 - 0.002 * i),
      medianMs: 1.2 + r / 400,
      spread: 0.5 + r / 2000,
      server: server(2 + r / 200, 6 + r / 100, r * 10),
    }),
  );
  return etcdBench('etcd-watch', 'open', steps, { workload: 'watch', keySpace: 100, cleanup: { keysDeleted: 100, leasesRevoked: 0 } });
}

/** The three etcd benches in one run, for rendering the whole page. */
export function etcdRun(): RunResult {
  const benches = [etcdPutBench(), etcdCheckPerfBench(), etcdWatchBench()];
  const last = benches.at(-1)!.steps.at(-1)!;
  return {
    schemaVersion: 1,
    scenario: { name: 'etcd capacity', file: 'scenarios/etcd.yaml' },
    startedAt: new Date(T0_MS).toISOString(),
    finishedAt: new Date(last.startedAtMs + last.durationMs).toISOString(),
    complete: true,
    passed: true,
    host: { hostname: 'bench-1', platform: 'linux', cpus: 2, cpuModel: 'AMD EPYC 7B13', memBytes: 8 * 1024 ** 3, node: 'v20.20.2' },
    benches,
    resources: [],
    warnings: [],
  };
}
