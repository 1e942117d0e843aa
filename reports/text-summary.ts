// The plain-text summary printed after a run: a step table per bench and the verdict lines.
import { formatMs } from '../scenarios/units.js';
import type { BenchResult, RunResult } from '../scenarios/result.js';

const num = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function loadUnit(model: BenchResult['model']): string {
  return model === 'open' ? 'req/s offered' : 'connections';
}

export function describeSaturation(b: BenchResult): string {
  const s = b.saturation;
  if (s.limitedBy === 'not-reached') return `not saturated up to ${num(s.load, 1)} ${loadUnit(b.model)} (${num(s.throughput, 1)} req/s): ${s.detail}`;
  const range = s.range[0] === s.range[1] ? '' : `, range ${num(s.range[0], 1)}–${num(s.range[1], 1)}`;
  return `saturates at ${num(s.load, 1)} ${loadUnit(b.model)} (${num(s.throughput, 1)} req/s), limited by ${s.limitedBy}${range}: ${s.detail}`;
}

export function describeSlo(b: BenchResult): string | null {
  if (!b.slo) return null;
  const cap = b.slo.capacity;
  const within = cap ? `SLO met up to ${num(cap.load, 1)} ${loadUnit(b.model)} (${num(cap.throughput, 1)} req/s)` : 'SLO not met at any step';
  const breach = b.slo.breach ? `; first breach: ${b.slo.breach.objective} ${num(b.slo.breach.observed, 2)} > ${num(b.slo.breach.limit, 2)} at ${num(b.slo.breach.load, 1)}` : '';
  return `${b.slo.passed ? 'PASS' : 'FAIL'} ${within}${breach}`;
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
    if (b.usl) {
      const peak = Number.isFinite(b.usl.peak) ? `peak N*=${num(b.usl.peak, 1)} at ${num(b.usl.peakThroughput, 1)} req/s` : 'no peak (κ=0)';
      out.push(`  USL: λ=${num(b.usl.lambda, 2)} σ=${b.usl.sigma.toFixed(4)} κ=${b.usl.kappa.toExponential(2)} R²=${b.usl.r2.toFixed(3)}, ${peak}`);
    }
    out.push(`  ${describeSaturation(b)}`);
    const slo = describeSlo(b);
    if (slo) out.push(`  ${slo}`);
    if (b.stoppedEarly) out.push(`  stopped early: ${b.stoppedEarly}`);
    out.push('');
  }
  for (const w of result.warnings) out.push(`warning: ${w}`);
  if (!result.complete) out.push('run interrupted: results hold the finished steps only');
  return out.join('\n');
}
