// The `--json` summary printed on stdout: a contract users' scripts depend on. Add fields; never
// rename these.
import type { RunResult } from '../scenarios/result.js';
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
    })),
    // kind host benches; [] for runs without one, so scripts need not test for the field.
    hostBenches: (result.hostBenches ?? []).map(buildHostBenchJson),
  };
}

export type JsonSummary = ReturnType<typeof buildJsonSummary>;
