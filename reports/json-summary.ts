// The `--json` summary printed on stdout: a contract users' scripts depend on. Add fields; never
// rename these.
import type { BenchResult, EtcdServerStep, RunResult } from '../scenarios/result.js';
import { buildHostBenchJson } from './host-json.js';

const round = (x: number, digits = 3): number => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export function buildJsonSummary(result: RunResult, outDir: string | null) {
  return {
    schemaVersion: result.schemaVersion,
    passed: result.passed,
    complete: result.complete,
    outDir,
    benches: result.benches.map((b) => ({
      name: b.name,
      kind: b.kind,
      model: b.model,
      engine: b.engine,
      stoppedEarly: b.stoppedEarly,
      steps: b.steps.map((s) => ({
        load: s.load,
        throughput: round(s.throughput, 1),
        throughputCi: s.throughputCi.map((x) => round(x, 1)),
        latencyMs: {
          p50: round(s.latencyMs.p50),
          p90: round(s.latencyMs.p90),
          p95: round(s.latencyMs.p95),
          p99: round(s.latencyMs.p99),
          p999: round(s.latencyMs.p999),
          max: round(s.latencyMs.max),
        },
        errors: s.errors,
        errorRate: round(s.errorRate, 5),
        dropped: s.dropped,
        // etcd benches whose /metrics could be read: the server's view of the step.
        ...(s.server ? { server: buildServerJson(s.server) } : {}),
      })),
      // JSON has no Infinity: a USL fit without a retrograde region has "peak": null.
      usl: b.usl && {
        sigma: round(b.usl.sigma, 6),
        kappa: round(b.usl.kappa, 8),
        lambda: round(b.usl.lambda, 3),
        r2: round(b.usl.r2, 4),
        peak: Number.isFinite(b.usl.peak) ? round(b.usl.peak, 2) : null,
      },
      knee: b.knee,
      saturation: {
        load: round(b.saturation.load, 2),
        throughput: round(b.saturation.throughput, 1),
        limitedBy: b.saturation.limitedBy,
        range: b.saturation.range.map((x) => round(x, 2)),
        detail: b.saturation.detail,
      },
      slo: b.slo && { passed: b.slo.passed, capacity: b.slo.capacity && { load: b.slo.capacity.load, throughput: round(b.slo.capacity.throughput, 1) }, breach: b.slo.breach },
      // kind etcd only.
      ...(b.etcd ? { etcd: buildEtcdJson(b.etcd) } : {}),
    })),
    // kind host benches; [] for runs without one, so scripts need not test for the field.
    hostBenches: (result.hostBenches ?? []).map(buildHostBenchJson),
  };
}

/** null where the step had no such figure (no fsync or commit to time, or the metric was missing). */
function buildServerJson(s: EtcdServerStep) {
  return {
    walFsyncP99Ms: s.walFsyncMs && s.walFsyncMs.count > 0 ? round(s.walFsyncMs.p99) : null,
    backendCommitP99Ms: s.backendCommitMs && s.backendCommitMs.count > 0 ? round(s.backendCommitMs.p99) : null,
    leaderChanges: s.leaderChanges,
    proposalsFailed: s.proposalsFailed,
    dbSizeBytes: s.dbSizeBytes,
  };
}

function buildEtcdJson(e: NonNullable<BenchResult['etcd']>) {
  const v = e.checkPerf;
  return {
    workload: e.workload,
    prefix: e.prefix,
    serverVersion: e.serverVersion,
    // null unless the bench ran a check-perf profile.
    checkPerf: v && {
      profile: v.profile,
      passed: v.passed,
      throughput: round(v.throughput, 1),
      slowestMs: round(v.slowestMs),
      stddevMs: round(v.stddevMs),
      p99Ms: round(v.p99Ms),
      checks: v.checks.map((c) => ({ name: c.name, passed: c.passed, observed: round(c.observed), limit: round(c.limit), text: c.text })),
    },
    guidance: e.guidance.map((g) => ({ rule: g.rule, load: g.load, observed: round(g.observed), limit: g.limit, text: g.text })),
    // null when the cleanup could not run (the run's warnings say why).
    cleanup: e.cleanup && { keysDeleted: e.cleanup.keysDeleted, leasesRevoked: e.cleanup.leasesRevoked },
  };
}

export type JsonSummary = ReturnType<typeof buildJsonSummary>;
