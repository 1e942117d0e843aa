// How host metrics read in tables and sentences: short labels for the dotted ids, values with the
// precision their magnitude deserves, and the guidance and cpu-scaling sentences. Pure.
import type { HostBenchResult, HostMetric } from '../scenarios/result.js';
import { formatPercent } from './format.js';

const LABELS: Record<string, string> = {
  'cpu.single': 'CPU, one thread',
  'cpu.multi': 'CPU, all threads',
  'cpu.scaling': 'CPU scaling (multi / single)',
  'memory.bandwidth': 'memory bandwidth',
  'memory.latency': 'memory latency',
  'disk.fdatasync.p99': 'fdatasync p99',
  'disk.seq-write': 'sequential write',
  'disk.seq-read': 'sequential read',
  'disk.rand-read-iops': 'random 4 KiB reads',
  'network.throughput': 'network throughput',
  'network.rtt': 'network round trip',
};

/** "fdatasync p99" for disk.fdatasync.p99; an unknown id reads as itself. */
export function metricLabel(name: string): string {
  return LABELS[name] ?? name;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const threeSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** 28,400 · 412 · 11.8 · 1.96 · 0.0241: whole numbers from 100 up, three significant digits below. */
export function formatMetricValue(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return Math.abs(x) >= 100 ? integer.format(x) : threeSignificant.format(x);
}

/** "3.21 ms", "1.96×", "28,400 IOPS". */
export function formatWithUnit(x: number, unit: string): string {
  return withUnit(formatMetricValue(x), unit);
}

/** "3.02–3.41"; one number when both ends read the same. */
export function formatCi([lo, hi]: readonly [number, number]): string {
  const a = formatMetricValue(lo);
  const b = formatMetricValue(hi);
  return a === b ? a : `${a}–${b}`;
}

/** cv as a percentage; '–' when there was no spread to estimate. */
export function formatCv(cv: number): string {
  return Number.isFinite(cv) ? formatPercent(cv) : '–';
}

/**
 * The guidance verdict as the probe words it: a whole sentence with the figure, e.g. "fdatasync
 * p99 3.2 ms ≤ 10 ms: fit for etcd's WAL".
 */
export function describeGuidance(m: HostMetric): string | null {
  return m.guidance ? m.guidance.text : null;
}

/** "pass (≤ 10 ms)" / "FAIL (≤ 10 ms)": the verdict and the criterion, for a table cell. */
export function guidanceCell(m: HostMetric): string {
  if (!m.guidance) return '';
  const criterion = `${m.higherIsBetter ? '≥' : '≤'} ${formatWithUnit(m.guidance.limit, m.unit)}`;
  return `${m.guidance.passed ? 'pass' : 'FAIL'} (${criterion})`;
}

/** "all threads vs one: cpu.multi / cpu.single = 1.96× on 2 threads (98% of linear)". */
export function describeScaling(bench: HostBenchResult): string | null {
  const s = bench.metrics.find((m) => m.name === 'cpu.scaling');
  if (!s) return null;
  // cpu.multi runs one thread per CPU this process may use (its affinity), not per host CPU.
  const threads = bench.inventory.cpu.availableCpus ?? bench.inventory.cpu.threads;
  const linear = threads !== null && threads > 0 ? ` on ${threads} thread${threads === 1 ? '' : 's'} (${Math.round((s.mean / threads) * 100)}% of linear)` : '';
  return `all threads vs one: cpu.multi / cpu.single = ${formatMetricValue(s.mean)}×${linear}`;
}

/** "not converged: memory.latency still varied by 4.21% (cv) after 5 repeats; read it as 87.5–99.4 ns". */
export function describeUnconverged(m: HostMetric): string {
  return `not converged: ${m.name} still varied by ${formatCv(m.cv)} (cv) after ${m.repeats.length} repeats; read it as ${withUnit(formatCi(m.ci95), m.unit)}`;
}

/** Past a couple of metrics one sentence each would bury the rest: "not converged: cpu.single (cv 18.7%), …". */
export function describeUnconvergedAll(metrics: readonly HostMetric[]): string {
  const list = metrics.map((m) => `${m.name} (cv ${formatCv(m.cv)})`).join(', ');
  return `not converged: ${list} still varied at the repeat cap; a busy or throttled host is the usual cause, so read their 95% ranges rather than the means`;
}

function withUnit(text: string, unit: string): string {
  return unit === '×' ? `${text}×` : `${text} ${unit}`;
}
