// The plain-text summary printed after a run: a step table per bench and the verdict lines.
import { formatMs } from '../scenarios/units.js';
import type { RunResult } from '../scenarios/result.js';
import { formatHostText } from './host-text.js';
import { describeSaturation, describeSlo, describeUsl } from './summarize.js';

const num = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function formatTextSummary(result: RunResult): string {
  const out: string[] = [];
  for (const b of result.benches) {
    out.push(`${b.name} (${b.kind}, ${b.model} model, ${b.engine} engine) → ${b.target}`);
    const rows = [['load', 'req/s', '±95%', 'p50', 'p90', 'p99', 'max', 'errors', 'dropped']];
    for (const s of b.steps) {
      rows.push([
        num(s.load, s.load % 1 === 0 ? 0 : 1),
        num(s.throughput, 1),
        num((s.throughputCi[1] - s.throughputCi[0]) / 2, 1),
        formatMs(s.latencyMs.p50),
        formatMs(s.latencyMs.p90),
        formatMs(s.latencyMs.p99),
        formatMs(s.latencyMs.max),
        s.errors === 0 ? '0' : `${s.errors} (${(s.errorRate * 100).toFixed(1)}%)`,
        String(s.dropped),
      ]);
    }
    out.push(table(rows).replace(/^/gm, '  '));
    const usl = describeUsl(b);
    if (usl) out.push(`  ${usl}`);
    out.push(`  ${describeSaturation(b)}: ${b.saturation.detail}`);
    if (b.slo) out.push(`  ${b.slo.passed ? 'PASS' : 'FAIL'} ${describeSlo(b, b.slo)}`);
    if (b.stoppedEarly) out.push(`  stopped early: ${b.stoppedEarly}`);
    out.push('');
  }
  for (const b of result.hostBenches ?? []) out.push(formatHostText(b), '');
  for (const w of result.warnings) out.push(`warning: ${w}`);
  if (!result.complete) out.push(`run interrupted: results hold the finished ${result.benches.length === 0 && (result.hostBenches ?? []).length > 0 ? 'metrics' : 'steps'} only`);
  return out.join('\n');
}
