// Several runs of one machine as one side of a comparison. Each run's mean of a metric becomes one
// sample, so the spread between runs, which the repeats inside a single run cannot see (CPU and
// memory figures of a shared VM drift by 10–20% between runs a minute apart), is measured instead of
// assumed: compare then drops its between-run drift term for this side. Pure.
import type { HostBenchResult, HostMetric, RunResult } from '../scenarios/result.js';
import { summarizeRepeats } from './repeats.js';

export interface PooledRuns {
  result: RunResult;
  /** What differs between the pooled runs and so weakens the pooled figure. */
  warnings: string[];
}

/** One result standing for all of `runs` (the first gives names, inventory and host). */
export function poolRuns(runs: readonly RunResult[], side: string): PooledRuns {
  const first = runs[0];
  if (!first) throw new RangeError('poolRuns needs at least one result');
  if (runs.length === 1) return { result: first, warnings: [] };
  const warnings: string[] = [];
  const hosts = new Set(runs.map((r) => r.host.hostname));
  if (hosts.size > 1) warnings.push(`The ${side}'s ${runs.length} runs come from ${hosts.size} hosts (${[...hosts].join(', ')}): pooled as one machine model.`);
  const benches = (first.hostBenches ?? []).map((bench) => {
    const matches = runs.map((r) => benchOf(r, bench.name, (first.hostBenches ?? []).length));
    const missing = matches.filter((b) => b === null).length;
    if (missing > 0) warnings.push(`The ${side}'s ${bench.name} bench is missing from ${missing} of its ${runs.length} runs: pooled from the others.`);
    return poolBench(matches.filter((b): b is HostBenchResult => b !== null), side, warnings);
  });
  return { result: { ...first, hostBenches: benches }, warnings };
}

/** The bench of that name; when every run has a single host bench, that one whatever its name. */
function benchOf(run: RunResult, name: string, firstCount: number): HostBenchResult | null {
  const benches = run.hostBenches ?? [];
  if (firstCount === 1 && benches.length === 1) return benches[0]!;
  return benches.find((b) => b.name === name) ?? null;
}

function poolBench(benches: HostBenchResult[], side: string, warnings: string[]): HostBenchResult {
  const first = benches[0]!;
  const metrics: HostMetric[] = [];
  for (const m of first.metrics) {
    const all = benches.flatMap((b) => b.metrics.filter((x) => x.name === m.name).slice(0, 1));
    if (all.length < benches.length) warnings.push(`The ${side}'s ${m.name} is missing from ${benches.length - all.length} of its runs: pooled from ${all.length}.`);
    const tools = new Set(all.map((x) => x.tool));
    if (tools.size > 1) warnings.push(`The ${side}'s ${m.name} was measured with different tools (${[...tools].join(', ')}) across its runs.`);
    metrics.push(poolMetric(all));
  }
  const skipped = benches.flatMap((b) => b.skipped).filter((s, i, list) => list.findIndex((x) => x.metric === s.metric) === i && !metrics.some((m) => m.name === s.metric));
  return {
    ...first,
    metrics,
    skipped,
    durationMs: benches.reduce((sum, b) => sum + b.durationMs, 0),
    stoppedEarly: benches.find((b) => b.stoppedEarly !== null)?.stoppedEarly ?? null,
  };
}

/** One sample per run (its mean); a metric found in one run only is returned as it is. */
export function poolMetric(metrics: readonly HostMetric[]): HostMetric {
  const first = metrics[0];
  if (!first) throw new RangeError('poolMetric needs at least one metric');
  if (metrics.length === 1) return first;
  const repeats = metrics.map((m) => m.mean);
  const stats = summarizeRepeats(repeats);
  const { histogram: _histogram, guidance: _guidance, ...rest } = first;
  return {
    ...rest,
    repeats,
    mean: stats.mean,
    ci95: stats.ci95,
    cv: stats.cv,
    converged: metrics.every((m) => m.converged),
    runs: metrics.length,
    detail: `${metrics.length} runs pooled, one mean per run${first.detail ? `; each: ${first.detail}` : ''}`,
  };
}
