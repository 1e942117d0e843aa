// The plain-text summary printed after a run: a step table per bench and the verdict lines. etcd
// benches add the server's view per step, etcdctl's check-perf words, etcd's guidance, what the
// workload counted, the errors' messages and what the cleanup removed. Any bench's table shows the
// generator's own pauses per step when they were measured.
import { formatMs } from '../scenarios/units.js';
import type { BenchResult, CheckPerfVerdict, GeneratorLagMs, RunResult, ServerLatencyMs } from '../scenarios/result.js';
import type { Tone } from './build-report.js';
import { describeCleanup, describeEtcdGuidance, isCheckPerfWithoutLimit } from './etcd-section.js';
import { describeErrorSamples, describeWorkloadStats } from './etcd-step-notes.js';
import { formatDuration, formatNumber, loadWords } from './format.js';
import { formatHostText } from './host-text.js';
import { describeSaturation, describeSlo, describeUsl } from './summarize.js';

const num = (x: number, digits = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const VERDICT_WORD: Record<Tone, string> = { ok: 'PASS ', bad: 'FAIL ', neutral: '' };

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

/** A dash where the step had nothing to time (a read-only workload fsyncs nothing) or no /metrics. */
function serverMs(lat: ServerLatencyMs | null | undefined): string {
  return lat && lat.count > 0 ? formatMs(lat.p99) : '–';
}

/** "1.05ms/61.9ms": how long the generator's event loop was held up (p99/max); a dash when not measured. */
function lagCell(lag: GeneratorLagMs | undefined): string {
  return lag ? `${formatMs(lag.p99)}/${formatMs(lag.max)}` : '–';
}

function stepTable(b: BenchResult): string {
  // etcd's own p99s beside the client's, when its /metrics could be read.
  const server = b.steps.some((s) => s.server);
  const lag = b.steps.some((s) => s.generatorLagMs);
  const rows = [['load', loadWords(b.kind).rate, '±95%', 'p50', 'p90', 'p99', 'max', 'errors', 'dropped', ...(server ? ['WAL p99', 'commit p99'] : []), ...(lag ? ['gen lag p99/max'] : [])]];
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
      ...(server ? [serverMs(s.server?.walFsyncMs), serverMs(s.server?.backendCommitMs)] : []),
      ...(lag ? [lagCell(s.generatorLagMs)] : []),
    ]);
  }
  return table(rows).replace(/^/gm, '  ');
}

/** etcdctl's verdict block: the load it reproduced, then each check as etcdctl prints it. */
function checkPerfLines(v: CheckPerfVerdict): string[] {
  return [
    `  ${v.passed ? 'PASS' : 'FAIL'} etcdctl check perf --load=${v.profile}: ${formatNumber(v.targetRate)} puts/s from ${formatNumber(v.clients)} clients for ${formatDuration(v.durationMs)}, p99 ${formatMs(v.p99Ms)}`,
    ...v.checks.map((c) => `    ${c.text}`),
  ];
}

function benchLines(b: BenchResult): string[] {
  const out = [`${b.name} (${b.kind}, ${b.model} model, ${b.engine} engine) → ${b.target}`, stepTable(b)];
  const usl = describeUsl(b);
  if (usl) out.push(`  ${usl}`);
  if (!isCheckPerfWithoutLimit(b)) out.push(`  ${describeSaturation(b)}${b.saturation.detail ? `: ${b.saturation.detail}` : ''}`);
  if (b.slo) out.push(`  ${b.slo.passed ? 'PASS' : 'FAIL'} ${describeSlo(b, b.slo)}`);
  if (b.etcd?.checkPerf) out.push(...checkPerfLines(b.etcd.checkPerf));
  for (const line of describeEtcdGuidance(b)) out.push(`  ${VERDICT_WORD[line.tone]}${line.text}`);
  for (const line of [...describeWorkloadStats(b), ...describeErrorSamples(b)]) out.push(`  ${line}`);
  const cleanup = describeCleanup(b);
  if (cleanup) out.push(`  ${cleanup}`);
  if (b.stoppedEarly) out.push(`  stopped early: ${b.stoppedEarly}`);
  return out;
}

export function formatTextSummary(result: RunResult): string {
  const out: string[] = [];
  for (const b of result.benches) out.push(...benchLines(b), '');
  for (const b of result.hostBenches ?? []) out.push(formatHostText(b), '');
  for (const w of result.warnings) out.push(`warning: ${w}`);
  if (!result.complete) out.push(`run interrupted: results hold the finished ${result.benches.length === 0 && (result.hostBenches ?? []).length > 0 ? 'metrics' : 'steps'} only`);
  return out.join('\n');
}
