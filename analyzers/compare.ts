// Baseline vs candidate host-bench results, metric by metric: the ratio oriented so > 1 is better,
// its 95% interval, a p-value, and a verdict that says better or worse only when the difference
// is both significant and clearly beyond the tolerance. Pure.
//
// Statistics, and why:
// - p-value: Welch's t-test on the raw repeats (analyzers/welch.ts). Mann-Whitney cannot reach
//   p < 0.05 with 3 repeats per side; Welch does not assume both runs are equally noisy.
// - interval: Fieller's theorem with Welch df at the estimate (analyzers/fieller.ts), on the raw
//   repeats, so the ratio is exactly candidate mean / baseline mean as printed, the interval is
//   the set of ratios a Welch-type test would not reject (at ratio 1 it is the Welch test above),
//   and flipping orientation for lower-is-better metrics flips the interval exactly.
// - verdict: `better` only when p < 0.05 AND the whole interval lies above 1 + tolerance; `worse`
//   only when p < 0.05 AND it lies below 1 − tolerance. Anything the data cannot separate from
//   the tolerance band is `same`: two runs of one machine must never raise an alarm.
// - percentile metrics (fdatasync p99) that carry their histogram: each side's variance is at
//   least what sampling alone gives that percentile over one repeat's operations
//   (analyzers/percentile-noise.ts), because three repeats can all land in one mode of a tail by luck.
// - tolerance: the requested one, raised to a per-metric floor for figures that drift between
//   runs more than between the repeats of one run (disk, network, tail latencies). Repeats inside
//   one run share its page cache, device state and neighbours; a second run does not (Kalibera &
//   Jones, "Rigorous benchmarking in reasonable time", 2013: variance lives at every level).
// - run drift: CPU and memory figures move between runs by more than their repeats' spread (32
//   quick runs on one idle 2-vCPU VM: run means of cpu.single spread 3,540–4,670 ops/s, of
//   memory.latency 168–275 ns, many runs' own repeats within 1–3%). A single run cannot
//   see that level of variance, so each side's standard error gets a between-run term (RUN_DRIFT,
//   as a coefficient of variation of the run mean) unless the side pools several runs, whose
//   spread then measures it directly (poolRuns in analyzers/pool-runs.ts).
import type { Inventory } from '../agents/inventory/types.js';
import type { HostBenchResult, HostMetric, RunResult } from '../scenarios/result.js';
import { fiellerInterval } from './fieller.js';
import { msToUnit, percentileOfMetric, percentileSamplingSdMs } from './percentile-noise.js';
import { describeMethodDifferences } from './compare-tools.js';
import { affectsMetric, describeDifference, diffInventories, sideBySide, type InventoryRow } from './inventory-diff.js';
import { summarizeSample, welchTTest, type SampleSummary } from './welch.js';

export type Verdict = 'better' | 'worse' | 'same';

export const DEFAULT_TOLERANCE = 0.05;
export const DEFAULT_ALPHA = 0.05;

export interface CompareOptions {
  /** A relative change smaller than this is never a verdict (0.05 = 5%). */
  tolerance: number;
  /** Significance level; 0.05 unless a test needs otherwise. */
  alpha?: number;
}

export interface NoiseFloor {
  prefix: string;
  floor: number;
  reason: string;
}

/**
 * Least tolerance per metric family, first match wins. fdatasync p99 from four back-to-back fio
 * runs on one quiet 2-vCPU VM spread over 2.8–4.0 ms: run-to-run drift of tail latencies is tens of
 * percent even when one run's repeats agree.
 */
export const NOISE_FLOORS: NoiseFloor[] = [
  { prefix: 'disk.fdatasync', floor: 0.2, reason: 'tail latency drifts between runs by tens of percent' },
  { prefix: 'network.rtt', floor: 0.2, reason: 'round trips depend on scheduling and interrupt placement, which change between runs' },
  { prefix: 'disk.', floor: 0.1, reason: 'disk figures drift between runs with device caches and the host\'s other I/O' },
  { prefix: 'network.', floor: 0.1, reason: 'network figures drift between runs with interrupt and core placement' },
];

export interface RunDrift {
  prefix: string;
  /** Coefficient of variation of one run's mean between runs on one machine, beyond its repeats' own spread. */
  cv: number;
}

/**
 * Between-run drift assumed for a side measured in one run, first match wins: the least drift
 * under which no pair of same-machine runs got a verdict, times 1.5, from 44 quick runs (cpu,
 * memory) and 16–24 (network, disk) on one idle 2-vCPU VM over two hours; docs/compare.md, "One
 * run per side, or several". Disk and network keep their tolerance floors as well.
 */
export const RUN_DRIFT: RunDrift[] = [
  { prefix: 'memory.bandwidth', cv: 0.18 },
  { prefix: 'memory.latency', cv: 0.24 },
  // A ratio of two drifting figures measured seconds apart.
  { prefix: 'cpu.scaling', cv: 0.15 },
  { prefix: 'cpu.', cv: 0.14 },
  { prefix: 'network.throughput', cv: 0.15 },
  { prefix: 'network.rtt', cv: 0.21 },
  { prefix: 'disk.seq-read', cv: 0.17 },
  { prefix: 'disk.seq-write', cv: 0.06 },
  { prefix: 'disk.rand-read-iops', cv: 0.08 },
];

export function runDriftFor(name: string): number {
  return RUN_DRIFT.find((d) => name.startsWith(d.prefix))?.cv ?? 0;
}

export interface MetricComparison {
  name: string;
  /** The host bench it came from (several only when a scenario has several host benches). */
  bench: string;
  unit: string;
  higherIsBetter: boolean;
  baseline: HostMetric;
  candidate: HostMetric;
  /** Means of the repeats (the metric's `mean` when it has none). */
  baselineMean: number;
  candidateMean: number;
  /** candidate / baseline, or baseline / candidate when lower is better: > 1 always means the candidate is better. */
  ratio: number;
  /** 95% interval of `ratio`; null when it cannot be computed (fewer than 2 repeats, or unbounded). */
  range: [number, number] | null;
  /** Two-sided Welch p-value; null with fewer than 2 repeats on a side. */
  pValue: number | null;
  df: number | null;
  /** The tolerance applied: the requested one or the metric's noise floor, whichever is larger. */
  tolerance: number;
  /** Why the tolerance was raised above the requested one; null when it was not. */
  toleranceReason: string | null;
  verdict: Verdict;
  /**
   * Between-run drift (cv of a run's mean) added to each side measured in a single run; 0 when the
   * metric has none or both sides pool several runs.
   */
  runDrift: number;
  /** Runs behind each side's figure (1 unless results were pooled). */
  runs: { baseline: number; candidate: number };
  /** What makes this metric's comparison weaker: too few repeats, no convergence, a unit mismatch. */
  warnings: string[];
}

export interface InventoryComparison {
  baseline: Inventory;
  candidate: Inventory;
  /** Every row of the side-by-side table. */
  rows: InventoryRow[];
  /** The rows that differ in something that explains results. */
  differences: InventoryRow[];
}

export interface HostComparison {
  /** The requested tolerance. */
  tolerance: number;
  alpha: number;
  metrics: MetricComparison[];
  /** Metrics measured in only one of the runs ("bench/metric" when the benches have other names). */
  onlyInBaseline: string[];
  onlyInCandidate: string[];
  inventory: InventoryComparison | null;
  /** Each says what differs and why it matters for the figures: inventory differences first. */
  warnings: string[];
}

/** The tolerance a metric is judged with, and why it is above the requested one. */
export function toleranceFor(name: string, requested: number): { tolerance: number; reason: string | null } {
  const floor = NOISE_FLOORS.find((f) => name.startsWith(f.prefix));
  return floor && floor.floor > requested ? { tolerance: floor.floor, reason: floor.reason } : { tolerance: requested, reason: null };
}

/** better/worse only when significant and the whole interval is outside [1 − tolerance, 1 + tolerance]. */
export function judgeRatio(range: readonly [number, number] | null, pValue: number | null, tolerance: number, alpha = DEFAULT_ALPHA): Verdict {
  if (range === null || pValue === null || !(pValue < alpha)) return 'same';
  if (range[0] > 1 + tolerance) return 'better';
  if (range[1] < 1 - tolerance) return 'worse';
  return 'same';
}

function valuesOf(m: HostMetric): readonly number[] {
  return m.repeats.length > 0 ? m.repeats : [m.mean];
}

/** How many runs a metric's figure stands for: pooled metrics carry `runs`, a plain one is one run. */
export function runsOf(m: HostMetric): number {
  return m.runs ?? 1;
}

/**
 * The repeats' mean and variance, the variance raised to what sampling alone gives a percentile
 * metric (analyzers/percentile-noise.ts) when the metric carries its histogram; for a side
 * measured in one run, the between-run drift (driftCv × mean)² is a known variance of its mean.
 */
export function repeatSummary(m: HostMetric, driftCv = 0): SampleSummary & { varianceFloor: number } {
  const s = summarizeSample(valuesOf(m));
  const drift = runsOf(m) < 2 && driftCv > 0 ? { knownVarianceOfMean: (driftCv * s.mean) ** 2 } : {};
  const p = percentileOfMetric(m.name);
  const factor = msToUnit(m.unit);
  if (p === null || factor === null || m.histogram === undefined || m.repeats.length < 2) return { ...s, ...drift, varianceFloor: 0 };
  const sd = percentileSamplingSdMs(m.histogram, p, m.repeats.length) * factor;
  const varianceFloor = sd * sd;
  return { ...s, variance: Math.max(s.variance, varianceFloor), ...drift, varianceFloor };
}

/** One metric of the baseline against the same metric of the candidate. */
export function compareMetric(baseline: HostMetric, candidate: HostMetric, opts: CompareOptions & { bench?: string }): MetricComparison {
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const higherIsBetter = baseline.higherIsBetter;
  const { tolerance, reason } = toleranceFor(baseline.name, opts.tolerance);
  const runs = { baseline: runsOf(baseline), candidate: runsOf(candidate) };
  const driftCv = runDriftFor(baseline.name);
  const runDrift = runs.baseline < 2 || runs.candidate < 2 ? driftCv : 0;
  const b = repeatSummary(baseline, driftCv);
  const c = repeatSummary(candidate, driftCv);
  const warnings: string[] = [];
  // Orient so that > 1 is better: the interval of the flipped ratio is the flipped interval (Fieller).
  const [num, den] = higherIsBetter ? [c, b] : [b, c];
  const base = { name: baseline.name, bench: opts.bench ?? '', unit: baseline.unit, higherIsBetter, baseline, candidate, baselineMean: b.mean, candidateMean: c.mean, tolerance, toleranceReason: reason, runDrift, runs };
  const untestable = (why: string, ratio = num.mean / den.mean): MetricComparison => ({ ...base, ratio, range: null, pValue: null, df: null, verdict: 'same', warnings: [...warnings, why] });

  if (baseline.unit !== candidate.unit) return untestable(`units differ (baseline ${baseline.unit}, candidate ${candidate.unit}): not compared`, NaN);
  if (candidate.higherIsBetter !== higherIsBetter) warnings.push('the runs disagree on whether higher is better; the baseline\'s orientation is used');
  if (!(den.mean > 0) || !(num.mean >= 0)) return untestable(`a mean is zero or negative (baseline ${b.mean}, candidate ${c.mean}): no ratio`, NaN);
  for (const [side, m] of [['baseline', baseline], ['candidate', candidate]] as const) {
    if (m.repeats.length >= 2 && !m.converged) warnings.push(`the ${side}'s repeats did not converge (cv ${(m.cv * 100).toFixed(1)}%): its interval is wide`);
  }
  if (b.n < 2 || c.n < 2) {
    const few = [b.n < 2 ? `baseline ${b.n}` : '', c.n < 2 ? `candidate ${c.n}` : ''].filter(Boolean).join(', ');
    return untestable(`fewer than 2 repeats (${few}): no interval or test, so no verdict`);
  }
  const interval = fiellerInterval(num, den)!;
  const welch = welchTTest(num, den)!;
  if (interval.range === null) warnings.push('the ratio\'s 95% range is unbounded (the repeats are too noisy to bound it): no verdict');
  return {
    ...base,
    ratio: interval.ratio,
    // Fieller's set can reach below 0 when the numerator's repeats are very noisy; a ratio of two positive figures cannot.
    range: interval.range && [Math.max(0, interval.range[0]), interval.range[1]],
    pValue: welch.pValue,
    df: interval.df,
    verdict: judgeRatio(interval.range, welch.pValue, tolerance, alpha),
    warnings,
  };
}

/** Pairs host benches by name; one bench on each side pairs whatever their names. */
function pairBenches(baseline: HostBenchResult[], candidate: HostBenchResult[]): Array<[HostBenchResult, HostBenchResult]> {
  if (baseline.length === 1 && candidate.length === 1) return [[baseline[0]!, candidate[0]!]];
  return baseline.flatMap((b) => {
    const c = candidate.find((x) => x.name === b.name);
    return c ? [[b, c] as [HostBenchResult, HostBenchResult]] : [];
  });
}

function uniqueByName(metrics: HostMetric[]): Map<string, HostMetric> {
  const out = new Map<string, HostMetric>();
  for (const m of metrics) if (!out.has(m.name)) out.set(m.name, m);
  return out;
}

/** Every host metric both results measured, compared; plus the inventory differences that could explain them. */
export function compareHostResults(baseline: RunResult, candidate: RunResult, opts: CompareOptions): HostComparison {
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const bBenches = baseline.hostBenches ?? [];
  const cBenches = candidate.hostBenches ?? [];
  const pairs = pairBenches(bBenches, cBenches);
  const several = pairs.length > 1;
  const label = (bench: string, metric: string) => (several ? `${bench}/${metric}` : metric);

  const metrics: MetricComparison[] = [];
  const onlyInBaseline: string[] = [];
  const onlyInCandidate: string[] = [];
  const warnings: string[] = [];
  for (const [b, c] of pairs) {
    const bm = uniqueByName(b.metrics);
    const cm = uniqueByName(c.metrics);
    for (const [name, m] of bm) {
      const other = cm.get(name);
      if (other) metrics.push(compareMetric(m, other, { ...opts, alpha, bench: b.name }));
      else onlyInBaseline.push(label(b.name, name));
    }
    for (const name of cm.keys()) if (!bm.has(name)) onlyInCandidate.push(label(c.name, name));
    for (const [side, run, other] of [['baseline', b, cm], ['candidate', c, bm]] as const) {
      for (const s of run.skipped) if (other.has(s.metric)) warnings.push(`${label(run.name, s.metric)} was skipped in the ${side} (${s.reason}), so it is not compared.`);
      if (run.stoppedEarly) warnings.push(`The ${side}'s ${run.name} bench stopped early (${run.stoppedEarly}); only its finished metrics are compared.`);
    }
  }
  const paired = new Set(pairs.flatMap(([b, c]) => [b, c]));
  for (const b of bBenches) if (!paired.has(b)) onlyInBaseline.push(...b.metrics.map((m) => `${b.name}/${m.name}`));
  for (const c of cBenches) if (!paired.has(c)) onlyInCandidate.push(...c.metrics.map((m) => `${c.name}/${m.name}`));

  const first = pairs[0];
  const inventory = first ? compareInventories(first[0].inventory, first[1].inventory) : null;
  const metricWarnings = metrics.flatMap((m) => m.warnings.filter((w) => m.verdict !== 'same' || isSerious(w)).map((w) => `${label(m.bench, m.name)}: ${w}.`));
  return {
    tolerance: opts.tolerance,
    alpha,
    metrics,
    onlyInBaseline,
    onlyInCandidate,
    inventory,
    warnings: [...describeMethodDifferences(pairs, metrics), ...(inventory ? explainDifferences(inventory.differences, metrics) : []), ...metricWarnings, ...warnings],
  };
}

export function compareInventories(baseline: Inventory, candidate: Inventory): InventoryComparison {
  return { baseline, candidate, rows: sideBySide(baseline, candidate), differences: diffInventories(baseline, candidate) };
}

/** A convergence note only widens an interval, so it is raised to the top only under a verdict; the others take the verdict away. */
function isSerious(warning: string): boolean {
  return !warning.includes('did not converge');
}

/** Inventory differences as warnings, those that can explain a changed metric first and saying which. */
function explainDifferences(differences: InventoryRow[], metrics: MetricComparison[]): string[] {
  const changed = metrics.filter((m) => m.verdict !== 'same');
  const explained = differences.map((d) => {
    const hits = changed.filter((m) => affectsMetric(d, m.name)).map((m) => `${m.name} ${m.verdict}`);
    return { hits, text: `${describeDifference(d)}${hits.length ? ` This may explain ${hits.join(', ')}.` : ''}` };
  });
  return [...explained.filter((e) => e.hits.length > 0), ...explained.filter((e) => e.hits.length === 0)].map((e) => e.text);
}
