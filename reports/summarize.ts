// The plain sentences at the top of a report: where each bench saturated, what limited it, and how
// far its SLO held. Pure; every sentence is built from the analysis already in the result.
import type { BenchResult, SaturationLimit, SloVerdict } from '../scenarios/result.js';
import type { Slo } from '../scenarios/schema.js';
import { formatLoad, formatMsText, formatNumber, formatPercent, formatRange, formatRate, loadWords, type BenchKind } from './format.js';

const LIMIT_TEXT: Record<SaturationLimit, string> = {
  'usl-peak': 'the USL peak',
  knee: 'the throughput knee',
  'slo-breach': 'an SLO breach',
  'error-onset': 'the onset of errors',
  'throughput-plateau': 'a throughput plateau',
  'not-reached': 'nothing',
};

/** "32 connections (1,170 req/s)"; open model: "1,000 req/s offered (997 req/s served)"; etcd: "32 clients (1,170 ops/s)". */
function loadAndThroughput(bench: BenchResult, load: number, throughput: number): string {
  return bench.model === 'open'
    ? `${formatLoad(load, 'open', bench.kind)} offered (${formatRate(throughput, bench.kind)} served)`
    : `${formatLoad(load, bench.model, bench.kind)} (${formatRate(throughput, bench.kind)})`;
}

/** "saturates at 32 connections (1,170 req/s), limited by the USL peak (range 28–36)". The caller adds the bench name. */
export function describeSaturation(bench: BenchResult): string {
  if (bench.steps.length === 0) return 'no step finished, so there is nothing to analyse';
  const sat = bench.saturation;
  if (sat.limitedBy === 'not-reached') {
    const top = bench.steps.reduce((a, b) => (b.load > a.load ? b : a));
    const best = Math.max(...bench.steps.map((s) => s.throughput));
    return `did not saturate up to ${formatLoad(top.load, bench.model, bench.kind)} (highest throughput ${formatRate(best, bench.kind)}); test higher loads to find the limit`;
  }
  const range = sat.range[1] > sat.range[0] ? ` (range ${formatRange(sat.range)})` : '';
  return `saturates at ${loadAndThroughput(bench, sat.load, sat.throughput)}, limited by ${LIMIT_TEXT[sat.limitedBy]}${range}`;
}

/** "p99 ≤ 250 ms, errors ≤ 1%, ≥ 500 req/s" (etcd: "≥ 500 ops/s"). */
export function describeObjectives(slo: Slo, kind: BenchKind = 'http'): string {
  const parts: string[] = [];
  for (const [key, label] of [['p50', 'p50'], ['p90', 'p90'], ['p95', 'p95'], ['p99', 'p99'], ['p999', 'p99.9']] as const) {
    const limit = slo[key];
    if (limit !== undefined) parts.push(`${label} ≤ ${formatMsText(limit)}`);
  }
  if (slo.errorRate !== undefined) parts.push(`errors ≤ ${formatPercent(slo.errorRate)}`);
  if (slo.minThroughput !== undefined) parts.push(`≥ ${formatRate(slo.minThroughput, kind)}`);
  return parts.join(', ');
}

/** Observed and limit values in the objective's own unit. */
export function formatObjectiveValue(objective: string, value: number, kind: BenchKind = 'http'): string {
  if (objective === 'errorRate') return formatPercent(value);
  if (objective === 'minThroughput') return formatRate(value, kind);
  return formatMsText(value);
}

function objectiveName(objective: string): string {
  if (objective === 'errorRate') return 'error rate';
  if (objective === 'minThroughput') return 'throughput';
  return objective === 'p999' ? 'p99.9' : objective;
}

/** "SLO p99 ≤ 250 ms met up to 24 connections (900 req/s); first broken at 32 connections: p99 was 310 ms (limit 250 ms)". */
export function describeSlo(bench: BenchResult, slo: SloVerdict): string {
  const k = bench.kind;
  const objectives = describeObjectives(slo.objectives, k);
  const head = `SLO ${objectives || '(no objectives)'}`;
  const breach = slo.breach
    ? `; first broken at ${formatLoad(slo.breach.load, bench.model, k)}: ${objectiveName(slo.breach.objective)} was ${formatObjectiveValue(slo.breach.objective, slo.breach.observed, k)} (limit ${formatObjectiveValue(slo.breach.objective, slo.breach.limit, k)})`
    : '';
  if (!slo.capacity) return `${head} not met at any tested load${breach}`;
  const met = `${head} met up to ${loadAndThroughput(bench, slo.capacity.load, slo.capacity.throughput)}`;
  const min = slo.objectives.minThroughput;
  const short = !slo.passed && min !== undefined && slo.capacity.throughput < min ? `, short of the required ${formatRate(min, k)}` : '';
  const held = slo.breach ? breach : ' at every tested load';
  return `${met}${short}${held}`;
}

/** One line about the USL fit, for the bench section. */
export function describeUsl(bench: BenchResult): string | null {
  const u = bench.usl;
  if (!u) return null;
  const words = loadWords(bench.kind);
  const unit = bench.model === 'open' ? `${words.rate} of offered rate` : words.client;
  // After a JSON round trip an infinite peak (κ = 0) arrives as null.
  const peak = typeof u.peak === 'number' && Number.isFinite(u.peak)
    ? `peak ${formatRate(u.peakThroughput, bench.kind)} at ${formatLoad(u.peak, bench.model, bench.kind)}`
    : typeof u.peakThroughput === 'number' && Number.isFinite(u.peakThroughput)
      ? `no peak (κ = 0): throughput levels off towards ${formatRate(u.peakThroughput, bench.kind)}`
      : 'no peak or ceiling yet: throughput still grows linearly';
  return `USL fit: σ = ${u.sigma.toPrecision(3)} (contention), κ = ${u.kappa.toPrecision(3)} (coherency), λ = ${formatNumber(u.lambda)} ${words.rate} per ${unit}, R² = ${u.r2.toFixed(3)}; ${peak}`;
}
