// `headroom compare <baseline> <candidate>`: two result.json files with host benches → per-metric
// ratio, 95% range, p-value and verdict, as a table, JSON, or an HTML report. Reads and writes
// here; the statistics are analyzers/compare.ts.
import type { Command } from 'commander';
import { compareHostResults, DEFAULT_TOLERANCE, type HostComparison } from '../analyzers/compare.js';
import { poolRuns } from '../analyzers/pool-runs.js';
import { buildCompareReport, compareJson } from '../reports/compare-report.js';
import type { CompareMeta } from '../reports/compare-summary.js';
import { formatCompareText } from '../reports/compare-text.js';
import { renderHtml } from '../reports/render-html.js';
import type { RunResult } from '../scenarios/result.js';
import { EXIT, UserError } from './exit-codes.js';
import { parseNumberFlag, PROCESS_IO, writeOutput, type CommandIo } from './plan-command.js';
import { readResult } from './report-command.js';
import { loadReportLibs } from './write-report.js';

export interface CompareFlags {
  tolerance: string;
  json?: boolean;
  out?: string;
}

/** Problems with a result's host benches, each with its path, e.g. `hostBenches[0].metrics[2].repeats`. */
export function checkHostBenches(result: RunResult): string[] {
  const benches: unknown = (result as { hostBenches?: unknown }).hostBenches;
  if (benches === undefined) return [];
  if (!Array.isArray(benches)) return ['hostBenches: not a list'];
  const problems: string[] = [];
  benches.forEach((bench: unknown, i) => {
    const b = bench as { name?: unknown; metrics?: unknown; skipped?: unknown; inventory?: unknown } | null;
    const at = `hostBenches[${i}]`;
    if (typeof b !== 'object' || b === null) return void problems.push(`${at}: not an object`);
    if (typeof b.name !== 'string') problems.push(`${at}.name: not a string`);
    if (typeof b.inventory !== 'object' || b.inventory === null) problems.push(`${at}.inventory: missing`);
    if (b.skipped !== undefined && !Array.isArray(b.skipped)) problems.push(`${at}.skipped: not a list`);
    if (!Array.isArray(b.metrics)) return void problems.push(`${at}.metrics: not a list`);
    b.metrics.forEach((metric: unknown, j) => {
      const m = metric as Record<string, unknown> | null;
      const mat = `${at}.metrics[${j}]`;
      if (typeof m !== 'object' || m === null) return void problems.push(`${mat}: not an object`);
      if (typeof m.name !== 'string') problems.push(`${mat}.name: not a string`);
      if (typeof m.unit !== 'string') problems.push(`${mat}.unit: not a string`);
      if (typeof m.higherIsBetter !== 'boolean') problems.push(`${mat}.higherIsBetter: not true or false`);
      if (typeof m.mean !== 'number' || !Number.isFinite(m.mean)) problems.push(`${mat}.mean: not a number`);
      if (!Array.isArray(m.repeats) || !m.repeats.every((v) => typeof v === 'number' && Number.isFinite(v))) problems.push(`${mat}.repeats: not a list of numbers`);
      if (m.histogram !== undefined && typeof m.histogram !== 'string') problems.push(`${mat}.histogram: not a string`);
    });
  });
  return problems;
}

async function readHostResult(file: string): Promise<RunResult> {
  const result = await readResult(file);
  const problems = checkHostBenches(result);
  if (problems.length > 0) throw new UserError(`${file}: not a valid result (${problems.length} problem${problems.length > 1 ? 's' : ''})\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const metrics = (result.hostBenches ?? []).reduce((n, b) => n + b.metrics.length, 0);
  if (metrics === 0) throw new UserError(`${file} has no host metrics: compare reads the metrics of kind: host benches (e.g. npx headroom run scenarios/examples/host.yaml)`);
  return result;
}

/** One result.json, or several separated by commas: runs of one machine pooled into one side. */
async function readSide(arg: string): Promise<RunResult[]> {
  const files = arg.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  if (files.length === 0) throw new UserError(`no result file in "${arg}"`);
  return Promise.all(files.map((f) => readHostResult(f)));
}

function metricNames(result: RunResult): string {
  return [...new Set((result.hostBenches ?? []).flatMap((b) => b.metrics.map((m) => m.name)))].join(', ');
}

export function parseTolerance(text: string): number {
  const problems: string[] = [];
  const tolerance = parseNumberFlag('--tolerance', text, { min: 0, max: 1, percent: true }, problems);
  if (problems.length) throw new UserError(problems.join('\n'));
  return tolerance;
}

/** Compares, prints, writes the report; returns the exit code (1 when any metric is worse). */
export async function compareCommand(baselineFile: string, candidateFile: string, flags: CompareFlags, io: CommandIo = PROCESS_IO): Promise<number> {
  const tolerance = parseTolerance(flags.tolerance);
  const [baselineRuns, candidateRuns] = await Promise.all([readSide(baselineFile), readSide(candidateFile)]);
  const pooledBaseline = poolRuns(baselineRuns, 'baseline');
  const pooledCandidate = poolRuns(candidateRuns, 'candidate');
  const [baseline, candidate] = [pooledBaseline.result, pooledCandidate.result];
  const comparison: HostComparison = compareHostResults(baseline, candidate, { tolerance });
  comparison.warnings.push(...pooledBaseline.warnings, ...pooledCandidate.warnings);
  if (comparison.metrics.length === 0) {
    throw new UserError(`no host metrics in common: ${baselineFile} has ${metricNames(baseline)}; ${candidateFile} has ${metricNames(candidate)}`);
  }
  const meta: CompareMeta = {
    baseline: { file: baselineFile, hostname: baseline.host.hostname, startedAt: baseline.startedAt },
    candidate: { file: candidateFile, hostname: candidate.host.hostname, startedAt: candidate.startedAt },
    generatedAt: io.now().toISOString(),
  };
  if (flags.out !== undefined) {
    const html = renderHtml(buildCompareReport(comparison, meta), await loadReportLibs());
    await writeOutput(flags.out, html);
    io.stderr.write(`wrote ${flags.out}\n`);
  }
  io.stdout.write(flags.json ? `${JSON.stringify(compareJson(comparison, meta), null, 2)}\n` : formatCompareText(comparison, meta));
  return comparison.metrics.some((m) => m.verdict === 'worse') ? EXIT.thresholdsFailed : EXIT.ok;
}

const HELP_AFTER = `
Compares every host metric both files measured (kind: host benches). The ratio is oriented so
that > 1 means the candidate is better (candidate/baseline for throughputs, baseline/candidate for
latencies). A metric is "better" or "worse" only when Welch's t-test on the repeats gives p < 0.05
AND the whole 95% range of the ratio (Fieller) lies beyond ±tolerance; anything else is "same".
Figures that drift between runs more than between repeats get a larger tolerance: disk and network
±10%, fdatasync p99 and network RTT ±20%. Warnings name inventory differences (governor, kernel,
cgroup limits, CPU model, SMT, NUMA, memory, disks…) that could explain a difference.

CPU, memory and some disk and network figures also drift between runs by more than a run's own
repeats show, so a side measured once gets a between-run term in its error (cpu 14%, cpu.scaling
15%, memory.bandwidth 18%, memory.latency 24%, network.throughput 15%, network.rtt 21%,
disk.seq-read 17%, disk.seq-write 6%, disk.rand-read-iops 8%; measured on a shared VM, see
docs/compare.md). Give a side several runs, comma-separated, and their spread is measured instead:
each run's mean is one sample (3 or more runs per side to gain from it).

Examples:
  $ headroom compare results/node-a/result.json results/node-b/result.json
  $ headroom compare before.json after.json --tolerance 10% --out compare.html
  $ headroom compare a.json b.json --json | jq '.metrics[] | select(.verdict != "same")'
  $ headroom compare a1/result.json,a2/result.json,a3/result.json b1/result.json,b2/result.json,b3/result.json

Exit codes: 0 no metric worse · 1 a metric is worse · 2 bad input (a file missing, unreadable or not
a result with host metrics, no metric in common, a bad flag) · 3 cannot write --out`;

export function registerCompareCommand(program: Command, io: CommandIo = PROCESS_IO): void {
  program
    .command('compare')
    .description('Compare two host-bench results: ratio, 95% range, p-value and a verdict per metric, with inventory differences that explain them.')
    .argument('<baseline>', 'result.json of the baseline run (several runs of one machine: comma-separated)')
    .argument('<candidate>', 'result.json of the candidate run (several runs: comma-separated)')
    .option('--tolerance <fraction>', 'smallest change that counts, "0.05" or "5%"', `${DEFAULT_TOLERANCE * 100}%`)
    .option('--json', 'print one JSON object instead of the table')
    .option('-o, --out <file>', 'also write a self-contained HTML report to this file')
    .addHelpText('after', HELP_AFTER)
    .action(async (baseline: string, candidate: string, flags: CompareFlags) => {
      process.exitCode = await compareCommand(baseline, candidate, flags, io);
    });
}
