// RightSizeResult → the shared ReportModel, so `renderHtml` draws the right-sizing report like a run
// report: a summary, then one section per workload container with its figures, the reasons, a
// current-vs-recommended table and its CPU and memory charts.
import type { ContainerRecommendation, RightSizeResult } from '../analyzers/right-size-types.js';
import { describeSpan, formatCpuQuantity, formatMemoryQuantity } from '../analyzers/right-size-quantity.js';
import type { BenchSection, ReportModel, SummaryLine, TableModel, Tone } from './build-report.js';
import { cpuUsageSpec, memoryUsageSpec } from './right-size-spec.js';
import { flagsOf, formatCores, formatSignedBytes } from './right-size-table.js';

export interface RightSizeReportMeta {
  /** The Prometheus URL the data came from. */
  source: string;
  generatedAt: string;
  warnings?: string[];
}

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function buildRightSizeReport(result: RightSizeResult, meta: RightSizeReportMeta): ReportModel {
  const recs = result.workloads;
  const throttled = recs.filter((r) => r.throttled);
  const oom = recs.filter((r) => r.evidence.oomKilled);
  const low = recs.filter((r) => r.confidence === 'low');
  const namespaces = [...new Set(recs.map((r) => r.namespace))];
  const name = (r: ContainerRecommendation): string => `${r.namespace}/${r.workload} ${r.container}`;

  const summary: SummaryLine[] = [
    { text: `${plural(recs.length, 'container')} in ${plural(new Set(recs.map((r) => `${r.namespace}/${r.workload}`)).size, 'workload')} sized from ${describeSpan(result.window.endMs - result.window.startMs)} of usage.`, tone: 'neutral' },
  ];
  if (recs.length) {
    const t = result.totals;
    summary.push({ text: `Requests change by ${formatCores(t.cpuCores.net)} and ${formatSignedBytes(t.memoryBytes.net)} of memory (× replicas running at the end, versus current requests).`, tone: 'neutral' });
  }
  if (throttled.length) summary.push({ text: `CPU-throttled in over ${Math.round(result.policy.throttleThreshold * 100)}% of periods: ${throttled.map(name).join(', ')}. Their usage was capped, so their demand may be higher than measured.`, tone: 'bad' });
  if (oom.length) summary.push({ text: `OOM-killed in the window: ${oom.map(name).join(', ')}. Their memory is raised to at least ${result.policy.oomBump} × the current limit.`, tone: 'bad' });
  if (low.length) summary.push({ text: `Low confidence (short history or gaps): ${low.map(name).join(', ')}.`, tone: 'neutral' });
  if (!throttled.length && !oom.length && recs.length) summary.push({ text: 'No container was throttled or OOM-killed.', tone: 'ok' });

  return {
    title: `Right-sizing${namespaces.length && namespaces.length <= 3 ? ` · ${namespaces.join(', ')}` : ''}`,
    subtitle: [
      `${utc(result.window.startMs)} → ${utc(result.window.endMs)} · one point per ${describeSpan(result.window.stepMs)} · generated ${utc(Date.parse(meta.generatedAt))}`,
      `source ${meta.source} · CPU request = p${Math.round(result.policy.cpuPercentile * 1000) / 10} of the 5-minute rate · memory = peak × ${result.policy.memoryHeadroom}`,
    ],
    // The badge reads "failed" when a container was throttled or OOM-killed: those need acting on first.
    passed: throttled.length === 0 && oom.length === 0,
    complete: true,
    summary,
    warnings: [...(meta.warnings ?? []), ...result.skipped.map((s) => `skipped ${s.namespace}/${s.workload} ${s.container}: ${s.reason}`)],
    benches: recs.map((r, i) => containerSection(r, `container-${i}`, result.policy.cpuPercentile)),
    resources: null,
  };
}

function containerSection(r: ContainerRecommendation, id: string, percentile: number): BenchSection {
  const e = r.evidence;
  const facts = [
    `${r.kind ?? 'kind unknown'} · grouped by ${r.groupedBy === 'owner' ? 'owner references' : 'pod name'} · ${plural(r.pods.length, 'pod')} (${r.replicas} at the end) · ${describeSpan(e.historyMs)} of history · ${r.qos} QoS`,
  ];
  const flags = flagsOf(r);
  if (flags.length) facts.push(`Flags: ${flags.join(' · ')}`);
  const tone = (n: string): Tone => (/^(Throttled|Critical and throttled)/.test(n) || /OOM-killed in the window/.test(n) ? 'bad' : n.startsWith('Low confidence') ? 'neutral' : 'ok');
  return {
    name: `${r.namespace}/${r.workload} · ${r.container}`,
    facts,
    verdict: r.notes.map((n) => ({ text: n, tone: tone(n) })),
    table: comparisonTable(r, percentile),
    charts: [
      { id: `${id}-cpu`, title: 'CPU', caption: `The line is the busiest replica's 5-minute CPU rate, the band behind it runs down to the least busy one (long windows merge neighbouring steps, keeping their extremes); the shaded strip spans the median to the p${Math.round(percentile * 1000) / 10} the request is read from; rules mark current (dashed) and recommended (solid) request and limit.`, spec: cpuUsageSpec(r, percentile) },
      { id: `${id}-memory`, title: 'Memory', caption: 'The largest working set in each step, across replicas; the shaded strip spans the median to the peak the memory figure is read from; rules mark current (dashed) and recommended (solid) request and limit.', spec: memoryUsageSpec(r) },
    ],
  };
}

function comparisonTable(r: ContainerRecommendation, percentile: number): TableModel {
  const cpu = (x: number | null): string => (x === null ? 'none' : formatCpuQuantity(x));
  const mem = (x: number | null): string => (x === null ? 'none' : formatMemoryQuantity(x));
  const e = r.evidence;
  const q = `p${Math.round(percentile * 1000) / 10}`;
  const row = (label: string, current: string, rec: string, evidence: string): { cells: string[]; tone: Tone } => ({ cells: [label, current, rec, evidence], tone: current === rec ? 'neutral' : 'ok' });
  return {
    columns: [
      { label: '', numeric: false },
      { label: 'current', numeric: true },
      { label: 'recommended', numeric: true },
      { label: 'evidence', numeric: false },
    ],
    rows: [
      row('CPU request', cpu(r.current.cpu.request), cpu(r.cpu.request), `${q} ${formatCpuQuantity(Math.round(e.cpuPercentileCores * 10000) / 10000)}, median ${formatCpuQuantity(Math.round(e.cpuP50Cores * 10000) / 10000)}, max ${formatCpuQuantity(Math.round(e.cpuMaxCores * 10000) / 10000)}`),
      { ...row('CPU limit', cpu(r.current.cpu.limit), cpu(r.cpu.limit), e.throttledRatio === null ? 'no CFS throttling data' : `throttled in ${Math.round(e.throttledRatio * 1000) / 10}% of periods`), ...(r.throttled ? { tone: 'bad' as const } : {}) },
      row('memory request', mem(r.current.memory.request), mem(r.memory.request), `peak ${formatMemoryQuantity(Math.ceil(e.memoryPeakBytes / 1024 ** 2) * 1024 ** 2)}, median ${formatMemoryQuantity(Math.round(e.memoryP50Bytes / 1024 ** 2) * 1024 ** 2)}`),
      { ...row('memory limit', mem(r.current.memory.limit), mem(r.memory.limit), e.oomKilled ? 'OOM-killed in the window' : 'no OOM kill seen'), ...(e.oomKilled ? { tone: 'bad' as const } : {}) },
    ],
  };
}
