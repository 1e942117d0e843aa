// RunResult → ReportModel: everything a renderer needs, already worded and formatted, with the chart
// specs built. Pure, so the same model can feed the HTML page or any later renderer.
import type { TopLevelSpec } from 'vega-lite';
import type { BenchResult, RunResult, ServerLatencyMs, StepResult } from '../scenarios/result.js';
import { distributionSpec } from './distribution-spec.js';
import { buildEtcdSection, describeEtcdVerdict, isCheckPerfWithoutLimit } from './etcd-section.js';
import { formatBytes, formatDuration, formatMsCell, formatNumber, formatPercent, formatTimestamp, loadUnit, loadWords } from './format.js';
import { buildHostSection, hostVerdict } from './host-section.js';
import { latencySpec } from './latency-spec.js';
import { resourcesSpec } from './resources-spec.js';
import { describeSaturation, describeSlo, describeUsl } from './summarize.js';
import { throughputSpec } from './throughput-spec.js';

export type Tone = 'ok' | 'bad' | 'neutral';

export interface SummaryLine {
  text: string;
  tone: Tone;
}

export interface ChartModel {
  /** Unique within the report; the HTML container carries it as data-chart-id. */
  id: string;
  title: string;
  /** One sentence on how to read the chart. */
  caption: string;
  spec: TopLevelSpec;
}

export interface TableModel {
  columns: Array<{ label: string; numeric: boolean }>;
  /** The last cell is a note ("saturation", "SLO capacity"); `tone` colours the row. */
  rows: Array<{ cells: string[]; tone: Tone }>;
}

export interface ExtraTable {
  title: string;
  table: TableModel;
  /** 'prose': cells wrap and the last column is content, not a muted note (inventory, reasons). */
  layout?: 'prose';
}

export interface BenchSection {
  name: string;
  /** Short facts under the heading: model, engine, target, fit. */
  facts: string[];
  /** The bench's findings, without its name (the summary prefixes it). */
  verdict: SummaryLine[];
  table: TableModel;
  /** Heading of the table; "Steps" when absent. */
  tableTitle?: string;
  charts: ChartModel[];
  /** Further tables after the main one, each under its own heading (host benches: skipped, inventory). */
  extraTables?: ExtraTable[];
  /** Shown in place of the charts when there are none; the default speaks of steps. */
  emptyText?: string;
}

export interface ReportModel {
  title: string;
  /** When, where, how long. */
  subtitle: string[];
  passed: boolean;
  complete: boolean;
  /** Overrides the passed/failed badge, e.g. a sizing report's neutral "3 need attention". */
  status?: { text: string; tone: Tone };
  summary: SummaryLine[];
  warnings: string[];
  benches: BenchSection[];
  resources: { facts: string[]; charts: ChartModel[] } | null;
}

export function buildReport(result: RunResult): ReportModel {
  const hostBenches = result.hostBenches ?? [];
  const benches = [...result.benches.map((b, i) => buildBenchSection(b, `bench-${i}`)), ...hostBenches.map((b, i) => buildHostSection(b, `host-${i}`))];
  const summary: SummaryLine[] = [];
  if (!result.complete) {
    const finished = result.benches.length === 0 && hostBenches.length > 0 ? 'metrics' : 'steps';
    summary.push({ text: `The run did not finish; this report shows the ${finished} that did.`, tone: 'bad' });
  }
  for (const b of result.benches) summary.push(...benchVerdict(b).map((v) => ({ ...v, text: `${b.name}: ${v.text}` })));
  for (const b of hostBenches) summary.push(...hostVerdict(b).map((v) => ({ ...v, text: `${b.name}: ${v.text}` })));

  const started = Date.parse(result.startedAt);
  const finished = Date.parse(result.finishedAt);
  const h = result.host;
  return {
    title: result.scenario.name,
    subtitle: [
      `${formatTimestamp(result.startedAt)} · ${formatDuration(finished - started)}${result.scenario.file ? ` · ${result.scenario.file}` : ''}`,
      `${h.hostname} · ${h.platform} · ${h.cpus} × ${h.cpuModel} · ${formatBytes(h.memBytes)} · Node.js ${h.node}`,
    ],
    passed: result.passed,
    complete: result.complete,
    summary,
    warnings: [...result.warnings],
    benches,
    resources: result.resources.length === 0
      ? null
      : {
          facts: [
            result.benches.some((b) => b.steps.length > 0)
              ? `${result.resources.length} samples; faint rules mark step starts, dashed ones the first step of each bench.`
              : `${result.resources.length} samples over the run.`,
          ],
          charts: [
            {
              id: 'resources',
              title: 'Resource profile',
              caption: 'Host and target-process usage over the run. A resource pinned at its ceiling while throughput stalls is the likely bottleneck.',
              spec: resourcesSpec(result),
            },
          ],
        },
  };
}

/**
 * The bench's findings as sentences that start lower-case, ready to follow "name: ". An etcd bench
 * adds its check-perf verdict and guidance; a check-perf bench, one step at etcdctl's rate, is not a
 * search for the limit, so "did not saturate … test higher loads" is left out there.
 */
function benchVerdict(bench: BenchResult): SummaryLine[] {
  const lines: SummaryLine[] = [];
  if (!isCheckPerfWithoutLimit(bench)) lines.push({ text: describeSaturation(bench), tone: 'neutral' });
  if (bench.slo) lines.push({ text: describeSlo(bench, bench.slo), tone: bench.slo.passed ? 'ok' : 'bad' });
  lines.push(...describeEtcdVerdict(bench));
  if (bench.stoppedEarly) lines.push({ text: `stopped early: ${bench.stoppedEarly}`, tone: 'neutral' });
  return lines;
}


/** Sentence case, except for names spelled lower-case ("etcd guidance broken: …" stays as it is). */
function capitalize(text: string): string {
  if (/^etcd(ctl)?\b/.test(text)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function buildBenchSection(bench: BenchResult, idPrefix: string): BenchSection {
  const unit = loadUnit(bench.model, bench.kind);
  const words = loadWords(bench.kind);
  const verdict = benchVerdict(bench);
  const usl = describeUsl(bench);
  const etcd = buildEtcdSection(bench, idPrefix);
  const facts = [
    `${bench.model === 'open' ? 'open model (fixed arrival rate)' : `closed model (fixed ${words.clients})`} · engine ${bench.engine} · ${bench.target}`,
    ...etcd.facts,
    ...(usl ? [usl] : []),
    ...(bench.saturation.detail && bench.steps.length && !isCheckPerfWithoutLimit(bench) ? [`Saturation: ${bench.saturation.detail}`] : []),
  ];
  // A watch bench's delivery chart is the distribution chart worded for delivery: it takes that one's place.
  const watchDelivery = etcd.charts.find((c) => c.id === `${idPrefix}-etcd-watch-delivery`);
  const etcdOthers = etcd.charts.filter((c) => c !== watchDelivery);

  const charts: ChartModel[] = bench.steps.length === 0 ? [] : [
    {
      id: `${idPrefix}-throughput`,
      title: 'Throughput',
      caption: `Successful ${words.operations} per second at each ${bench.model === 'open' ? 'offered rate' : `${words.client} count`}, with 95% confidence bars${bench.usl ? ' and the fitted USL curve' : ''}${bench.model === 'open' ? '; the grey diagonal is the offered rate, so a gap below it is load the service could not absorb' : ''}.`,
      spec: throughputSpec(bench),
    },
    {
      id: `${idPrefix}-latency`,
      title: 'Latency percentiles',
      caption: 'Each line is one percentile (log scale). Lines that fan out as load rises mean queueing: the tail grows before the median does.',
      spec: latencySpec(bench),
    },
    ...etcdOthers,
    watchDelivery ?? {
      id: `${idPrefix}-distribution`,
      title: 'Latency by percentile, per step',
      caption: 'One line per step; going right reads further into the tail (90%, 99%, 99.9%). A diamond marks an SLO objective: a step meets it if its line passes below the diamond.',
      spec: distributionSpec(bench),
    },
  ];

  return { name: bench.name, facts, verdict: verdict.map((v) => ({ ...v, text: capitalize(v.text) })), table: stepTable(bench, unit.column, unit.rate), charts };
}

/** A server latency cell: a dash where the step had no fsync or commit to time (reads only) or no /metrics. */
const serverMsCell = (lat: ServerLatencyMs | null | undefined): string => (lat && lat.count > 0 ? formatMsCell(lat.p99) : '–');

function stepTable(bench: BenchResult, loadColumn: string, rate: string): TableModel {
  // etcd's own view of each step, when its /metrics could be read.
  const server = bench.steps.some((s) => s.server);
  const sat = bench.saturation;
  const capacity = bench.slo?.capacity?.load;
  const breach = bench.slo?.breach?.load;
  const noteFor = (s: StepResult): { note: string; tone: Tone } => {
    const notes: string[] = [];
    let tone: Tone = 'neutral';
    if (capacity === s.load) {
      notes.push('SLO capacity');
      tone = 'ok';
    }
    if (breach === s.load) {
      notes.push(`SLO broken (${bench.slo!.breach!.objective === 'p999' ? 'p99.9' : bench.slo!.breach!.objective})`);
      tone = 'bad';
    }
    if (sat.limitedBy !== 'not-reached' && sat.load === s.load) notes.push('saturation');
    return { note: notes.join(', '), tone };
  };
  return {
    columns: [
      { label: loadColumn, numeric: true },
      { label: `throughput (${rate})`, numeric: true },
      { label: '95% CI', numeric: true },
      { label: 'p50 (ms)', numeric: true },
      { label: 'p99 (ms)', numeric: true },
      { label: 'p99.9 (ms)', numeric: true },
      { label: 'errors', numeric: true },
      ...(server ? [{ label: 'WAL p99 (ms)', numeric: true }, { label: 'commit p99 (ms)', numeric: true }] : []),
      { label: '', numeric: false },
    ],
    rows: bench.steps.map((s) => {
      const { note, tone } = noteFor(s);
      return {
        tone,
        cells: [
          formatNumber(s.load),
          formatNumber(s.throughput),
          `${formatNumber(s.throughputCi[0])}–${formatNumber(s.throughputCi[1])}`,
          formatMsCell(s.latencyMs.p50),
          formatMsCell(s.latencyMs.p99),
          formatMsCell(s.latencyMs.p999),
          s.errors === 0 ? '0' : `${formatNumber(s.errors)} (${formatPercent(s.errorRate)})`,
          ...(server ? [serverMsCell(s.server?.walFsyncMs), serverMsCell(s.server?.backendCommitMs)] : []),
          note,
        ],
      };
    }),
  };
}
