// A host bench in the `--json` summary: a contract users' scripts depend on. Add fields; never
// rename these.
import type { HostBenchResult } from '../scenarios/result.js';

// JSON has no NaN or Infinity: a cv that could not be estimated is null.
const round = (x: number, significant = 6): number | null => (Number.isFinite(x) ? Number(x.toPrecision(significant)) : null);

export function buildHostBenchJson(bench: HostBenchResult) {
  return {
    name: bench.name,
    profile: bench.profile,
    stoppedEarly: bench.stoppedEarly,
    metrics: bench.metrics.map((m) => ({
      name: m.name,
      unit: m.unit,
      mean: round(m.mean),
      ci95: m.ci95.map((x) => round(x)),
      cv: round(m.cv, 4),
      repeats: m.repeats.map((x) => round(x)),
      converged: m.converged,
      tool: m.tool,
      higherIsBetter: m.higherIsBetter,
      guidance: m.guidance ? { limit: m.guidance.limit, passed: m.guidance.passed, text: m.guidance.text } : null,
    })),
    skipped: bench.skipped.map((s) => ({ metric: s.metric, reason: s.reason })),
  };
}

export type HostBenchJson = ReturnType<typeof buildHostBenchJson>;
