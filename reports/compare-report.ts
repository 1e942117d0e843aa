// A comparison → the JSON `--json` prints and the ReportModel the HTML page renders: the metrics
// with their ratio chart, each latency distribution of both runs overlaid, and the two inventories
// side by side.
import type { HostComparison, MetricComparison } from '../analyzers/compare.js';
import { summarizeEncodedMs } from '../analyzers/histogram.js';
import type { BenchSection, ReportModel, SummaryLine, TableModel, Tone } from './build-report.js';
import { formatMsCell, formatTimestamp } from './format.js';
import { compareDistributionSpec, compareInventorySpec, compareRatioSpec } from './compare-specs.js';
import {
  describeChange,
  describeMethod,
  describeRaisedTolerances,
  etcdFitness,
  formatPValue,
  formatRatio,
  formatRatioRange,
  formatTolerance,
  formatValue,
  metricLabel,
  summarizeComparison,
  type CompareMeta,
} from './compare-summary.js';

const sig = (x: number, digits = 6): number | null => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : null);

function several(comparison: HostComparison): boolean {
  return new Set(comparison.metrics.map((m) => m.bench)).size > 1;
}

/** `{ metrics: [{ name, baseline, candidate, ratio, range, pValue, verdict, … }], summary, warnings, … }`. */
export function compareJson(comparison: HostComparison, meta: CompareMeta): Record<string, unknown> {
  const withBench = several(comparison);
  return {
    metrics: comparison.metrics.map((m) => ({
      name: m.name,
      baseline: sig(m.baselineMean),
      candidate: sig(m.candidateMean),
      ratio: sig(m.ratio),
      range: m.range && [sig(m.range[0]), sig(m.range[1])],
      pValue: m.pValue === null ? null : sig(m.pValue, 4),
      verdict: m.verdict,
      unit: m.unit,
      higherIsBetter: m.higherIsBetter,
      ...(withBench && { bench: m.bench }),
      tolerance: m.tolerance,
      ...(m.toleranceReason && { toleranceReason: m.toleranceReason }),
      repeats: { baseline: m.baseline.repeats.length, candidate: m.candidate.repeats.length },
      runs: m.runs,
      runDrift: m.runDrift,
      df: m.df === null ? null : sig(m.df, 4),
      warnings: m.warnings,
    })),
    summary: summarizeComparison(comparison),
    warnings: comparison.warnings,
    tolerance: comparison.tolerance,
    alpha: comparison.alpha,
    onlyInBaseline: comparison.onlyInBaseline,
    onlyInCandidate: comparison.onlyInCandidate,
    inventoryDifferences: (comparison.inventory?.differences ?? []).map((d) => ({ field: d.field, label: d.label, baseline: d.baseline, candidate: d.candidate, why: d.why })),
    baseline: meta.baseline,
    candidate: meta.candidate,
  };
}

const VERDICT_TONE: Record<MetricComparison['verdict'], Tone> = { better: 'ok', same: 'neutral', worse: 'bad' };

function metricsTable(comparison: HostComparison): TableModel {
  const withBench = several(comparison);
  return {
    columns: [
      { label: 'metric', numeric: false },
      { label: 'unit', numeric: false },
      { label: 'baseline', numeric: true },
      { label: 'candidate', numeric: true },
      { label: 'ratio', numeric: true },
      { label: '95% range', numeric: true },
      { label: 'tolerance', numeric: true },
      { label: 'p', numeric: true },
      { label: 'verdict', numeric: false },
    ],
    rows: comparison.metrics.map((m) => ({
      tone: VERDICT_TONE[m.verdict],
      cells: [
        withBench ? `${m.bench}/${m.name}` : m.name,
        m.unit,
        formatValue(m.baselineMean),
        formatValue(m.candidateMean),
        formatRatio(m.ratio),
        formatRatioRange(m.range),
        `±${formatTolerance(m.tolerance)}`,
        formatPValue(m.pValue),
        [m.verdict, ...m.warnings.filter((w) => !w.includes('did not converge'))].join('; '),
      ],
    })),
  };
}

function metricsSection(comparison: HostComparison): BenchSection {
  return {
    name: 'Host metrics',
    tableTitle: 'Metrics',
    facts: [
      `${comparison.metrics.length} metrics in both runs; tolerance ±${formatTolerance(comparison.tolerance)}. ${capitalize(describeMethod(comparison))}`,
      ...describeRaisedTolerances(comparison).map((r) => `Tolerance raised: ${r}.`),
      ...(comparison.onlyInBaseline.length ? [`Only in the baseline: ${comparison.onlyInBaseline.join(', ')}.`] : []),
      ...(comparison.onlyInCandidate.length ? [`Only in the candidate: ${comparison.onlyInCandidate.join(', ')}.`] : []),
    ],
    verdict: comparison.metrics.filter((m) => m.verdict !== 'same').map((m) => ({ text: `${capitalize(describeChange(m))} (${formatRatio(m.ratio)}, 95% range ${formatRatioRange(m.range)}).`, tone: VERDICT_TONE[m.verdict] })),
    table: metricsTable(comparison),
    charts: [{
      id: 'compare-ratios',
      title: 'Candidate vs baseline',
      caption: 'Each bar runs from 1 (no change) to the ratio, oriented so right is better; the black bar is its 95% range and the shaded band the tolerance. A verdict needs the whole range outside the band.',
      spec: compareRatioSpec(comparison),
    }],
  };
}

function distributionSection(m: MetricComparison, index: number): BenchSection {
  const runs = (['baseline', 'candidate'] as const).map((run) => ({ run, s: summarizeEncodedMs(m[run].histogram!) }));
  const etcd = m.name === 'disk.fdatasync.p99';
  return {
    name: `${capitalize(metricLabel(m.name))}: latency distributions`,
    tableTitle: 'Percentiles of every operation (ms)',
    facts: [`Every operation of every repeat, baseline ${runs[0]!.s.count.toLocaleString('en-US')} and candidate ${runs[1]!.s.count.toLocaleString('en-US')} operations. The metric itself is the mean of the repeats' own ${m.name.split('.').pop()}.`],
    verdict: etcd ? fitnessLines(m) : [],
    table: {
      columns: ['run', 'operations', 'p50', 'p90', 'p99', 'p99.9', 'max'].map((label, i) => ({ label, numeric: i > 0 })),
      rows: runs.map(({ run, s }) => ({ tone: 'neutral' as Tone, cells: [run, s.count.toLocaleString('en-US'), ...[s.p50, s.p90, s.p99, s.p999, s.max].map(formatMsCell)] })),
    },
    charts: [{
      id: `compare-distribution-${index}`,
      title: `${capitalize(metricLabel(m.name))} by percentile, both runs`,
      caption: `Going right reads further into the tail (90%, 99%, 99.9%); a line higher up is slower.${etcd ? ' The diamond is etcd\'s guidance: a run meets it if its line passes below the diamond at 99%.' : ''}`,
      spec: compareDistributionSpec(m),
    }],
  };
}

function fitnessLines(m: MetricComparison): SummaryLine[] {
  return (['baseline', 'candidate'] as const).flatMap((run) => {
    const g = m[run].guidance;
    return g ? [{ text: `${capitalize(run)}: ${g.text}`, tone: (g.passed ? 'ok' : 'bad') as Tone }] : [];
  });
}

function inventorySection(comparison: HostComparison): BenchSection | null {
  const inv = comparison.inventory;
  if (!inv) return null;
  return {
    name: 'Inventory',
    tableTitle: 'Baseline vs candidate',
    facts: [inv.differences.length === 0 ? 'The two hosts match in everything the inventory checks that explains results.' : `${inv.differences.length} difference${inv.differences.length > 1 ? 's' : ''} that can explain results, highlighted below.`],
    verdict: inv.differences.map((d) => ({ text: `${capitalize(d.label)}: ${d.baseline} → ${d.candidate}. ${capitalize(d.why)}`, tone: 'bad' as Tone })),
    table: {
      columns: [
        { label: 'field', numeric: false },
        { label: 'baseline', numeric: false },
        { label: 'candidate', numeric: false },
        { label: '', numeric: false },
      ],
      rows: inv.rows.map((r) => ({ tone: r.differs ? 'bad' : 'neutral', cells: [r.label, r.baseline ?? 'unknown', r.candidate ?? 'unknown', r.differs ? 'differs' : ''] })),
    },
    charts: [{
      id: 'compare-inventory',
      title: 'Capacity side by side',
      caption: 'Each figure of both hosts as a share of the larger; solid bars mark a difference that can explain results.',
      spec: compareInventorySpec(inv),
    }],
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function buildCompareReport(comparison: HostComparison, meta: CompareMeta): ReportModel {
  const worse = comparison.metrics.filter((m) => m.verdict === 'worse').length;
  const better = comparison.metrics.filter((m) => m.verdict === 'better').length;
  const etcd = etcdFitness(comparison);
  const tone: Tone = worse > 0 || etcd?.fit === false ? 'bad' : better > 0 ? 'ok' : 'neutral';
  const withHistograms = comparison.metrics.filter((m) => m.baseline.histogram && m.candidate.histogram);
  const sections = [
    metricsSection(comparison),
    ...withHistograms.map((m, i) => distributionSection(m, i)),
    inventorySection(comparison),
  ].filter((s): s is BenchSection => s !== null);
  const title = meta.baseline.hostname === meta.candidate.hostname ? `Host comparison · ${meta.baseline.hostname}` : `Host comparison · ${meta.baseline.hostname} → ${meta.candidate.hostname}`;
  return {
    title,
    subtitle: [
      `baseline ${meta.baseline.file} · ${meta.baseline.hostname} · ${formatTimestamp(meta.baseline.startedAt)}`,
      `candidate ${meta.candidate.file} · ${meta.candidate.hostname} · ${formatTimestamp(meta.candidate.startedAt)}`,
      `generated ${formatTimestamp(meta.generatedAt)}`,
    ],
    passed: worse === 0,
    complete: true,
    status: worse > 0 ? { text: `${worse} worse`, tone: 'bad' } : better > 0 ? { text: `${better} better`, tone: 'ok' } : { text: 'no change', tone: 'neutral' },
    summary: [{ text: capitalize(summarizeComparison(comparison)), tone }],
    warnings: comparison.warnings,
    benches: sections,
    resources: null,
  };
}
