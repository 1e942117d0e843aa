// A comparison as plain text: where each run came from, one row per metric, the metrics only one
// run has, the warnings, and the summary line.
import type { HostComparison } from '../analyzers/compare.js';
import { formatTimestamp } from './format.js';
import { describeMethod, describeRaisedTolerances, describeRunDrift, formatPValue, formatRatio, formatRatioRange, formatTolerance, formatValue, summarizeComparison, type CompareMeta } from './compare-summary.js';

function table(rows: string[][], leftAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (leftAligned.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/** The metric's name as the table shows it: with its bench when the results had several host benches. */
function rowName(bench: string, name: string, several: boolean): string {
  return several ? `${bench}/${name}` : name;
}

export function formatCompareText(comparison: HostComparison, meta: CompareMeta): string {
  const several = new Set(comparison.metrics.map((m) => m.bench)).size > 1;
  const out = [
    `baseline   ${meta.baseline.file} · ${meta.baseline.hostname} · ${formatTimestamp(meta.baseline.startedAt)}`,
    `candidate  ${meta.candidate.file} · ${meta.candidate.hostname} · ${formatTimestamp(meta.candidate.startedAt)}`,
    '',
  ];
  const rows = [['metric', 'unit', 'baseline', 'candidate', 'ratio', '95% range', 'tol', 'p', 'verdict']];
  for (const m of comparison.metrics) {
    rows.push([
      rowName(m.bench, m.name, several),
      m.unit,
      formatValue(m.baselineMean),
      formatValue(m.candidateMean),
      formatRatio(m.ratio),
      formatRatioRange(m.range),
      formatTolerance(m.tolerance),
      formatPValue(m.pValue),
      m.verdict === 'same' ? 'same' : m.verdict.toUpperCase(),
    ]);
  }
  out.push(table(rows, new Set([0, 1, 8])).replace(/^/gm, '  '), '', `  ${describeMethod(comparison)}`);
  const raised = describeRaisedTolerances(comparison);
  if (raised.length > 0) out.push(`  tolerance raised above ${formatTolerance(comparison.tolerance)} for figures that drift between runs:`, ...raised.map((r) => `    ${r}`));
  const drift = describeRunDrift(comparison);
  if (drift.length > 0) out.push(`  between-run drift added to a side measured once (pass several runs, comma-separated, to measure it): ${drift.join('; ')}`);
  out.push('');
  if (comparison.onlyInBaseline.length) out.push(`only in the baseline: ${comparison.onlyInBaseline.join(', ')}`);
  if (comparison.onlyInCandidate.length) out.push(`only in the candidate: ${comparison.onlyInCandidate.join(', ')}`);
  for (const w of comparison.warnings) out.push(`warning: ${w}`);
  if (comparison.onlyInBaseline.length || comparison.onlyInCandidate.length || comparison.warnings.length) out.push('');
  out.push(`summary: ${summarizeComparison(comparison)}`);
  return `${out.join('\n')}\n`;
}
