// A kind: host bench in the run report: its findings as sentences, the metrics table and chart,
// the per-operation latency distribution, what was skipped and the machine it ran on. Pure.
import { findInventoryWarnings } from '../analyzers/inventory-warnings.js';
import type { HostBenchResult } from '../scenarios/result.js';
import type { BenchSection, ChartModel, SummaryLine } from './build-report.js';
import { formatBytes, formatDuration } from './format.js';
import { describeGuidance, describeScaling, describeUnconverged, describeUnconvergedAll } from './host-format.js';
import { hostLatencySpec, latencyMetrics } from './host-latency-spec.js';
import { hostMetricsSpec } from './host-metrics-spec.js';
import { hostMetricsTable, hostSkippedTable, inventoryFindingsTable, inventoryTable } from './host-tables.js';

/** Up to this many not-converged metrics get a sentence each; more share one. */
const MAX_UNCONVERGED_LINES = 2;

/** The bench's findings as sentences that start lower-case, ready to follow "name: ". */
export function hostVerdict(bench: HostBenchResult): SummaryLine[] {
  if (bench.metrics.length === 0) {
    const lines: SummaryLine[] = [{ text: 'no metric finished, so there is nothing to report', tone: bench.stoppedEarly ? 'bad' : 'neutral' }];
    for (const s of bench.skipped) lines.push({ text: `skipped ${s.metric}: ${s.reason}`, tone: 'neutral' });
    if (bench.stoppedEarly) lines.push({ text: `stopped early: ${bench.stoppedEarly}`, tone: 'neutral' });
    return lines;
  }
  const lines: SummaryLine[] = [];
  for (const m of bench.metrics) {
    const text = describeGuidance(m);
    if (text && m.guidance) lines.push({ text, tone: m.guidance.passed ? 'ok' : 'bad' });
  }
  const scaling = describeScaling(bench);
  if (scaling) lines.push({ text: scaling, tone: 'neutral' });
  const unconverged = bench.metrics.filter((m) => !m.converged);
  if (unconverged.length > MAX_UNCONVERGED_LINES) lines.push({ text: describeUnconvergedAll(unconverged), tone: 'neutral' });
  else for (const m of unconverged) lines.push({ text: describeUnconverged(m), tone: 'neutral' });
  for (const s of bench.skipped) lines.push({ text: `skipped ${s.metric}: ${s.reason}`, tone: 'neutral' });
  if (bench.stoppedEarly) lines.push({ text: `stopped early: ${bench.stoppedEarly}; the finished metrics are kept`, tone: 'neutral' });
  return lines;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "host · quick profile · cpu, memory, disk, network · 10 metrics, 1 skipped, in 1m11s". */
function describeRun(bench: HostBenchResult): string {
  const skipped = bench.skipped.length ? `, ${bench.skipped.length} skipped` : '';
  return `host bench · ${bench.profile} profile · ${bench.suites.join(', ')} · ${bench.metrics.length} metric${bench.metrics.length === 1 ? '' : 's'}${skipped} in ${formatDuration(bench.durationMs)}`;
}

function describeMachine(bench: HostBenchResult): string {
  const { cpu, memory, system } = bench.inventory;
  const parts = [
    cpu.model ?? 'CPU model unknown',
    cpu.threads === null ? null : `${cpu.threads} threads`,
    formatBytes(memory.totalBytes),
    system.virtualization === 'none' ? 'bare metal' : system.virtualization,
    `kernel ${system.kernel}`,
  ];
  return `On ${system.hostname}: ${parts.filter(Boolean).join(' · ')}`;
}

export function buildHostSection(bench: HostBenchResult, idPrefix: string): BenchSection {
  const findings = findInventoryWarnings(bench.inventory);
  const charts: ChartModel[] = [];
  if (bench.metrics.length > 0) {
    charts.push({
      id: `${idPrefix}-metrics`,
      title: 'Metrics with their spread',
      caption:
        'One row per metric, each on its own axis in its own unit: compare within a row, never across rows. The bar is the mean, the whisker its 95% confidence interval, the dots the individual repeats, a dashed red line the guidance limit. A wide whisker or scattered dots mean the figure is noisy.',
      spec: hostMetricsSpec(bench),
    });
  }
  const latency = latencyMetrics(bench);
  if (latency.length > 0) {
    charts.push({
      id: `${idPrefix}-latency`,
      title: latency.length === 1 && latency[0]!.name === 'disk.fdatasync.p99' ? 'fdatasync latency by percentile' : 'Latency per operation by percentile',
      caption:
        'Every operation of every repeat pooled into one curve; going right reads further into the tail (90%, 99%, 99.9%). A diamond marks the guidance limit: the disk meets it if its curve passes below the diamond. The table\'s figure is the mean of each repeat\'s own percentile, so it can differ slightly from the pooled curve.',
      spec: hostLatencySpec(bench),
    });
  }
  const extraTables: NonNullable<BenchSection['extraTables']> = [];
  if (bench.skipped.length) extraTables.push({ title: 'Skipped', table: hostSkippedTable(bench), layout: 'prose' });
  extraTables.push({ title: 'Host inventory', table: inventoryTable(bench.inventory), layout: 'prose' });
  if (findings.length) extraTables.push({ title: 'What about this host can skew the figures', table: inventoryFindingsTable(findings), layout: 'prose' });

  return {
    name: bench.name,
    facts: [
      describeRun(bench),
      describeMachine(bench),
      'Each metric repeats a fixed unit of work until its repeats agree (coefficient of variation under the threshold) or the repeat cap; the 95% range is the Student-t interval of the mean. ↑ higher is better, ↓ lower is better.',
    ],
    verdict: hostVerdict(bench).map((v) => ({ ...v, text: capitalize(v.text) })),
    table: hostMetricsTable(bench),
    tableTitle: 'Metrics',
    charts,
    extraTables,
    emptyText: 'No metric finished, so there is nothing to chart.',
  };
}
