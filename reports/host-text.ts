// A host bench in the plain-text summary printed after a run: one row per metric, then what was
// skipped and the findings. Pure.
import type { HostBenchResult } from '../scenarios/result.js';
import { formatDuration } from './format.js';
import { formatCv, formatMetricValue, guidanceCell } from './host-format.js';
import { hostVerdict } from './host-section.js';

/** Columns padded to their widest cell; text columns (`left`) align left, figures right. */
function table(rows: string[][], left: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export function formatHostText(bench: HostBenchResult): string {
  const out = [`${bench.name} (host, ${bench.profile} profile, ${bench.suites.join(', ')}) · ${formatDuration(bench.durationMs)}`];
  if (bench.metrics.length > 0) {
    const rows = [['metric', 'mean', '±95%', 'unit', 'cv', 'repeats', 'tool', 'guidance']];
    for (const m of bench.metrics) {
      rows.push([
        m.name,
        formatMetricValue(m.mean),
        formatMetricValue((m.ci95[1] - m.ci95[0]) / 2),
        m.unit,
        formatCv(m.cv),
        `${m.repeats.length}${m.converged ? '' : '*'}`,
        m.tool,
        guidanceCell(m),
      ]);
    }
    out.push(table(rows, new Set([0, 3, 6, 7])).replace(/^/gm, '  '));
    if (bench.metrics.some((m) => !m.converged)) out.push('  * not converged: the repeats still disagreed at the cap (or Ctrl-C), so the ±95% is wider');
  }
  for (const line of hostVerdict(bench)) out.push(`  ${line.text}`);
  return out.join('\n');
}
