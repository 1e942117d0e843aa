// The plain-text answer of `recommend resources`: one row per workload container with current → recommended,
// the flags that need a person's attention, the totals, and what was skipped.
import type { ContainerRecommendation, ResourceTotals, RightSizeResult } from '../analyzers/right-size-types.js';
import { describeSpan, formatCpuQuantity, formatMemoryQuantity } from '../analyzers/right-size-quantity.js';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

const cpuText = (cores: number | null): string => (cores === null ? 'none' : formatCpuQuantity(cores));
const memText = (bytes: number | null): string => (bytes === null ? 'none' : formatMemoryQuantity(Math.round(bytes / MIB) * MIB));
const change = (from: string, to: string): string => (from === to ? `${to} (same)` : `${from} → ${to}`);

/** What a reader must know about the row before applying it. */
export function flagsOf(r: ContainerRecommendation): string[] {
  const flags: string[] = [];
  if (r.throttled) flags.push(`throttled ${Math.round((r.evidence.throttledRatio ?? 0) * 100)}%`);
  if (r.evidence.oomKilled) flags.push('OOM-killed');
  if (r.qos === 'Guaranteed') flags.push('Guaranteed');
  if (r.confidence === 'low') flags.push(`low confidence: ${r.confidenceReasons.join('; ')}`);
  return flags;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export function formatCores(cores: number): string {
  const sign = cores < 0 ? '−' : cores > 0 ? '+' : '';
  return `${sign}${Math.round(Math.abs(cores) * 1000) / 1000} cores`;
}

export function formatSignedBytes(bytes: number): string {
  const sign = bytes < 0 ? '−' : bytes > 0 ? '+' : '';
  const a = Math.abs(bytes);
  return `${sign}${a >= GIB ? `${Math.round((a / GIB) * 100) / 100}Gi` : `${Math.round(a / MIB)}Mi`}`;
}

function totalsLine(label: string, t: ResourceTotals, fmt: (x: number) => string): string {
  return `${label} ${fmt(t.net)} (freed ${fmt(t.freed).replace(/^\+/, '')}, added ${fmt(t.added).replace(/^\+/, '')})`;
}

export function formatRightSizeTable(result: RightSizeResult): string {
  const out: string[] = [];
  const w = result.window;
  out.push(`Right-sizing over ${describeSpan(w.endMs - w.startMs)} ending ${new Date(w.endMs).toISOString().slice(0, 16).replace('T', ' ')} UTC, one point per ${describeSpan(w.stepMs)}.`);
  if (result.workloads.length === 0) {
    out.push('No container had both CPU and memory data in the window.');
  } else {
    const rows = [['WORKLOAD', 'CONTAINER', 'CPU REQUEST', 'CPU LIMIT', 'MEMORY REQUEST', 'MEMORY LIMIT', 'CONF', 'NOTES']];
    for (const r of result.workloads) {
      rows.push([
        `${r.namespace}/${r.workload}`,
        r.container,
        change(cpuText(r.current.cpu.request), cpuText(r.cpu.request)),
        change(cpuText(r.current.cpu.limit), cpuText(r.cpu.limit)),
        change(memText(r.current.memory.request), memText(r.memory.request)),
        change(memText(r.current.memory.limit), memText(r.memory.limit)),
        r.confidence,
        flagsOf(r).filter((f) => !f.startsWith('low confidence')).join(', '),
      ]);
    }
    out.push(table(rows));
    out.push('');
    out.push(`Requests vs current, × replicas running at the end: ${totalsLine('CPU', result.totals.cpuCores, formatCores)}; ${totalsLine('memory', result.totals.memoryBytes, formatSignedBytes)}.`);
  }
  const attention = result.workloads.filter((r) => r.throttled || r.evidence.oomKilled || r.confidence === 'low');
  for (const r of attention) {
    const why = r.notes.filter((n) => /^(Throttled|Low confidence|Memory request = limit .*OOM)/.test(n));
    out.push(`${r.namespace}/${r.workload} ${r.container}: ${why.join(' ')}`);
  }
  for (const s of result.skipped) out.push(`skipped ${s.namespace}/${s.workload} ${s.container}: ${s.reason}`);
  return out.join('\n');
}
