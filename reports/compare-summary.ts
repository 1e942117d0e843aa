// The words of a comparison: what each metric is called, how its figures print, and the one-line
// summary ("candidate is 1.31× faster on all-core CPU; fdatasync p99 regressed 2.1× — not fit for
// etcd") that the text, the JSON and the HTML report share.
import type { HostComparison, MetricComparison } from '../analyzers/compare.js';
import { msToUnit } from '../analyzers/percentile-noise.js';

const LABELS: Record<string, string> = {
  'cpu.single': 'single-core CPU',
  'cpu.multi': 'all-core CPU',
  'cpu.scaling': 'all-core scaling',
  'memory.bandwidth': 'memory bandwidth',
  'memory.latency': 'memory latency',
  'disk.fdatasync.p99': 'fdatasync p99',
  'disk.seq-write': 'sequential writes',
  'disk.seq-read': 'sequential reads',
  'disk.rand-read-iops': 'random-read IOPS',
  'network.throughput': 'network throughput',
  'network.rtt': 'network round trip',
};

/** Metrics described as speed ("faster on"); the rest "improved"/"regressed". */
const SPEED = new Set(['cpu.single', 'cpu.multi']);

export const FDATASYNC_METRIC = 'disk.fdatasync.p99';
/** etcd's guidance: WAL fdatasync p99 at most 10 ms. */
export const ETCD_FDATASYNC_P99_MS = 10;

const SUMMARY_MAX_METRICS = 4;

export function metricLabel(name: string): string {
  return LABELS[name] ?? name;
}

/** 1.3104 → "1.31", 2.1 → "2.1", 12.4 → "12.4": three significant digits, no trailing zeros. */
export function formatFactor(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return String(Number(x.toPrecision(3)));
}

/** A metric value at three significant digits, thousands separated: 1,450 · 9.81 · 0.0953. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(3)));
}

export function formatRatio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–';
}

export function formatRatioRange(range: readonly [number, number] | null): string {
  return range === null ? '–' : `${range[0].toFixed(2)}–${range[1].toFixed(2)}`;
}

export function formatPValue(p: number | null): string {
  if (p === null || Number.isNaN(p)) return '–';
  if (p < 0.001) return '<0.001';
  return String(Number(p.toPrecision(2)));
}

export function formatTolerance(tolerance: number): string {
  return `${Number((tolerance * 100).toPrecision(3))}%`;
}

/** "candidate is 1.31× faster on all-core CPU", "fdatasync p99 regressed 2.1×". */
export function describeChange(m: MetricComparison): string {
  const label = metricLabel(m.name);
  const factor = formatFactor(m.ratio >= 1 ? m.ratio : 1 / m.ratio);
  if (SPEED.has(m.name)) return `candidate is ${factor}× ${m.verdict === 'better' ? 'faster' : 'slower'} on ${label}`;
  return `${label} ${m.verdict === 'better' ? 'improved' : 'regressed'} ${factor}×`;
}

/** The candidate's fdatasync p99 in ms, or null when it has no such metric or its unit is not a time. */
function fdatasyncMs(m: MetricComparison): number | null {
  const factor = msToUnit(m.unit);
  return factor === null ? null : m.candidateMean / factor;
}

/** Whether the candidate meets etcd's fdatasync guidance: the metric's own verdict when it has one, else p99 ≤ 10 ms. */
export function etcdFitness(comparison: HostComparison): { fit: boolean; candidateMs: number | null; baselineFit: boolean | null } | null {
  const m = comparison.metrics.find((x) => x.name === FDATASYNC_METRIC);
  if (!m) return null;
  const candidateMs = fdatasyncMs(m);
  const factor = msToUnit(m.unit);
  const fit = m.candidate.guidance?.passed ?? (candidateMs === null ? null : candidateMs <= ETCD_FDATASYNC_P99_MS);
  if (fit === null) return null;
  const baselineFit = m.baseline.guidance?.passed ?? (factor === null ? null : m.baselineMean / factor <= ETCD_FDATASYNC_P99_MS);
  return { fit, candidateMs, baselineFit };
}

/** One line: the changes beyond tolerance (and whether the candidate is fit for etcd), or that there are none. */
export function summarizeComparison(comparison: HostComparison): string {
  const changed = comparison.metrics.filter((m) => m.verdict !== 'same');
  const etcd = etcdFitness(comparison);
  const etcdNote = etcd === null ? '' : !etcd.fit ? ' — not fit for etcd' : etcd.baselineFit === false ? ' — now fit for etcd' : '';
  // fdatasync always makes the line when it changed: it carries the etcd verdict.
  const keep = new Set(changed.filter((m) => m.name === FDATASYNC_METRIC));
  for (const m of changed) if (keep.size < SUMMARY_MAX_METRICS) keep.add(m);
  const shown = changed.filter((m) => keep.has(m));
  const parts: string[] = [];
  for (const [i, m] of shown.entries()) {
    const prev = shown[i - 1];
    // "candidate is 1.3× faster on single-core CPU, 1.31× on all-core CPU": one subject for both CPU figures.
    if (prev && SPEED.has(prev.name) && SPEED.has(m.name) && prev.verdict === m.verdict) {
      parts[parts.length - 1] += `, ${formatFactor(m.ratio >= 1 ? m.ratio : 1 / m.ratio)}× on ${metricLabel(m.name)}`;
      continue;
    }
    parts.push(`${describeChange(m)}${m.name === FDATASYNC_METRIC ? etcdNote : ''}`);
  }
  if (changed.length > shown.length) parts.push(`${changed.length - shown.length} more metric${changed.length - shown.length > 1 ? 's' : ''} changed`);
  if (etcdNote && !keep.has(comparison.metrics.find((m) => m.name === FDATASYNC_METRIC)!)) {
    const ms = etcd?.candidateMs;
    parts.push(`fdatasync p99 ${ms === null || ms === undefined ? '' : `${formatValue(ms)} ms `}unchanged${etcdNote}`);
  }
  if (parts.length > 0) return parts.join('; ');
  const n = comparison.metrics.length;
  return `no difference beyond the tolerance on ${n === 1 ? 'the one metric' : `all ${n} metrics`} compared`;
}

/** Where a run came from, for headings. */
export interface RunRef {
  file: string;
  hostname: string;
  startedAt: string;
}

export interface CompareMeta {
  baseline: RunRef;
  candidate: RunRef;
  generatedAt: string;
}

/** How to read the verdicts, in one sentence (text output and report facts). */
/** "disk.seq-write, disk.seq-read ±10% (disk figures drift …)": metrics whose tolerance was raised, grouped by reason. */
export function describeRaisedTolerances(comparison: HostComparison): string[] {
  const groups = new Map<string, string[]>();
  for (const m of comparison.metrics) {
    if (m.toleranceReason === null) continue;
    const key = `±${formatTolerance(m.tolerance)}: ${m.toleranceReason}`;
    groups.set(key, [...(groups.get(key) ?? []), m.name]);
  }
  return [...groups].map(([key, names]) => `${[...new Set(names)].join(', ')} ${key}`);
}

/** Metrics whose error includes an assumed between-run drift (a side measured in one run), grouped by it. */
export function describeRunDrift(comparison: HostComparison): string[] {
  const groups = new Map<number, string[]>();
  for (const m of comparison.metrics) if (m.runDrift > 0) groups.set(m.runDrift, [...(groups.get(m.runDrift) ?? []), m.name]);
  return [...groups].map(([cv, names]) => `${[...new Set(names)].join(', ')} ±${formatTolerance(cv)}`);
}

export function describeMethod(comparison: HostComparison): string {
  return `ratio > 1 means the candidate is better (candidate/baseline, or baseline/candidate for latencies); better or worse only when p < ${comparison.alpha} (Welch) and the whole 95% range (Fieller) is beyond ±tolerance.`;
}
