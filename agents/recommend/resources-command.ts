// `headroom recommend resources`: container requests and limits from Prometheus history, or from the
// samples headroom's own sampler took of a process during `headroom run --pid` (--from-result).
// Flags → options (every problem at once, exit 2) → queries (unreachable or failing: exit 3) or
// result files → the pure policy → a table, or --json, and with --out recommendations.json, patches/
// and report.html.
import { Command, Option } from 'commander';
import { join, resolve } from 'node:path';
import { recommendResources } from '../../analyzers/right-size.js';
import { describeSpan } from '../../analyzers/right-size-quantity.js';
import { DEFAULT_POLICY, type RightSizePolicy, type RightSizeResult } from '../../analyzers/right-size-types.js';
import { buildPatches } from '../../reports/right-size-patches.js';
import { toRightSizeJson } from '../../reports/right-size-json.js';
import { buildRightSizeReport } from '../../reports/right-size-report.js';
import { formatRightSizeTable } from '../../reports/right-size-table.js';
import { renderHtml } from '../../reports/render-html.js';
import { parseDurationMs, parseFraction } from '../../scenarios/units.js';
import { EXIT, UserError } from '../exit-codes.js';
import { PrometheusError, createPrometheusClient } from '../prometheus/client.js';
import { fetchUsage, resolveQueries } from '../prometheus/fetch-usage.js';
import { NAMESPACE_PATTERN, QUERIES, QUERY_NAMES, type QueryName } from '../prometheus/queries.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { loadReportLibs } from '../write-report.js';
import { parseFromResultFlags, readSampledUsage, type FromResultsOptions } from './resources-from-results.js';

/** The flags as commander hands them over. */
export interface ResourcesFlags {
  prometheus?: string;
  /** result.json files of runs that watched the workload's process (--pid). */
  fromResult?: string[];
  workload?: string;
  container?: string;
  kind?: string;
  currentCpu?: string;
  currentMemory?: string;
  namespace: string[];
  window: string;
  step: string;
  rateInterval: string;
  end?: string;
  critical: string[];
  cpuPercentile: string;
  memoryHeadroom: string;
  oomBump: string;
  throttleThreshold: string;
  minHistory: string;
  timeout: string;
  header: string[];
  json?: boolean;
  out?: string;
  queries: Partial<Record<QueryName, string>>;
}

export interface ResourcesOptions {
  url: string;
  namespaces: string[];
  windowMs: number;
  stepMs: number;
  rateMs: number;
  /** null: now. */
  endMs: number | null;
  timeoutMs: number;
  headers: Record<string, string>;
  policy: RightSizePolicy;
  json: boolean;
  outDir: string | null;
  queries: Partial<Record<QueryName, string>>;
  /** Set with --from-result: size from headroom runs instead of Prometheus (url is then ''). */
  fromResults: FromResultsOptions | null;
}

const HELP_AFTER = `
Policy (each part a flag; see docs/recommend-resources.md):
  CPU request     p95 of the 5-minute CPU rate over the window, pooled across the workload's pods;
                  no CPU limit (Burstable), or limit = request for --critical workloads (Guaranteed)
  memory          request = limit = peak working set × 1.15, rounded up to the MiB
  OOM-killed      memory at least 1.2 × the current limit
  throttling      throttled / CFS periods > 10% flags the container: remove or raise its CPU limit
  confidence      low under 24 h of history, with a hole over max(1 h, 3 steps), or < 90% of points

From a headroom run (--from-result result.json --workload web): the run must have watched the
service's process (headroom run … --pid N). CPU points are the --rate-interval trailing average of
its 1 s samples (cut to the run's length), memory its RSS; --window, --step and --timeout do not
apply. Confidence is low under --min-history (24 h), which a benchmark run always is.

Queries take the placeholders $namespace (a label matcher), $window, $step and $rate; the defaults
are for cAdvisor and kube-state-metrics v2 (run with --json to see them filled in).

Examples:
  $ kubectl -n monitoring port-forward svc/prometheus-operated 9090 &
  $ headroom recommend resources --prometheus http://127.0.0.1:9090 --namespace shop --window 14d --out sizing/
  $ headroom recommend resources --prometheus http://vmselect:8481/select/0/prometheus -n shop,web --json | jq '.totals'
  $ headroom run scenario.yaml --pid 4242 --out results/web && headroom recommend resources --from-result results/web/result.json --workload web

Exit codes: 0 ok · 2 bad flag, a query Prometheus rejects, no data for the namespaces, or a result without
process samples · 3 Prometheus unreachable or failing`;

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
const keep = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `resources` under the `recommend` command; `io` lets tests capture the output. */
export function addResourcesCommand(recommend: Command, io: ResourcesIo = {}): void {
  const cmd = recommend
    .command('resources')
    .description('Recommend container requests and limits from Prometheus (or VictoriaMetrics) usage history, or from headroom runs that watched a process.')
    .option('--prometheus <url>', 'Prometheus base URL, e.g. http://127.0.0.1:9090 (user:password@ for basic auth)')
    .addOption(new Option('--from-result <file>', 'instead of Prometheus: a result.json of `headroom run … --pid N` (repeatable: runs of the same workload)').argParser(keep).default([], 'none'))
    .option('--workload <name>', 'with --from-result: the workload the watched process stands for (e.g. the Deployment\'s name)')
    .option('--container <name>', 'with --from-result: its container name (default: the workload\'s)')
    .option('--kind <kind>', 'with --from-result: the workload\'s kind, which names the patch (default Deployment)')
    .option('--current-cpu <cpu>', 'with --from-result: the container\'s current CPU request, e.g. 500m')
    .option('--current-memory <size>', 'with --from-result: its current memory request, e.g. 512Mi')
    .addOption(new Option('-n, --namespace <ns>', 'namespace to size (repeat or comma-separate; with --from-result, the one to name)').argParser(collect).default([], 'all; local with --from-result'))
    .option('--window <duration>', 'history to read, ending at --end', '14d')
    .option('--step <duration>', 'query resolution: one point per step', '5m')
    .option('--rate-interval <duration>', 'CPU rate interval (the policy\'s "5-minute rate"; at least 2 scrape intervals; with --from-result the trailing average, cut to the run)', '5m')
    .option('--end <time>', 'end of the window: RFC 3339 (2025-11-26T00:00:00Z) or Unix seconds (default now)')
    .addOption(new Option('--critical <workloads>', 'workloads to give Guaranteed QoS: name or namespace/name (repeat or comma-separate)').argParser(collect).default([], 'none'))
    .option('--cpu-percentile <q>', 'CPU request percentile of the 5-minute rate: 95, p95 or 0.95', '95')
    .option('--memory-headroom <factor>', 'memory request = limit = peak × this', String(DEFAULT_POLICY.memoryHeadroom))
    .option('--oom-bump <factor>', 'an OOM-killed container gets at least this × its current memory limit', String(DEFAULT_POLICY.oomBump))
    .option('--throttle-threshold <share>', 'flag containers throttled in more than this share of CFS periods', '10%')
    .option('--min-history <duration>', 'less history than this gives low confidence', '24h')
    .option('--timeout <duration>', 'deadline of each Prometheus request', '2m')
    .addOption(new Option('--header <header>', 'extra HTTP header for Prometheus, "Name: value" (repeatable), e.g. "Authorization: Bearer …"').argParser(keep).default([], 'none'))
    .option('--json', 'print one JSON object on stdout instead of the table')
    .option('-o, --out <dir>', 'write recommendations.json, patches/ (kubectl patch files) and report.html here');
  for (const name of QUERY_NAMES) cmd.addOption(new Option(`${QUERIES[name].flag} <promql>`, `PromQL: ${QUERIES[name].help}`));
  cmd.addHelpText('after', HELP_AFTER).action(async (flags: Omit<ResourcesFlags, 'queries'> & Record<string, unknown>) => {
    const queries: Partial<Record<QueryName, string>> = {};
    for (const name of QUERY_NAMES) {
      const key = QUERIES[name].flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      if (typeof flags[key] === 'string') queries[name] = flags[key] as string;
    }
    process.exitCode = await resourcesCommand(parseResourcesFlags({ ...flags, queries } as ResourcesFlags), io);
  });
}

/** Flags → options, or a UserError listing every problem with its flag. */
export function parseResourcesFlags(f: ResourcesFlags): ResourcesOptions {
  const errors: string[] = [];
  const duration = (flag: string, text: string, min: number): number => {
    const p = parseDurationMs(text);
    if (!p.ok) errors.push(`${flag}: ${p.error}`);
    else if (p.value < min) errors.push(`${flag}: must be at least ${min / 1000}s, got "${text}"`);
    return p.ok ? p.value : Number.NaN;
  };
  const factor = (flag: string, text: string): number => {
    const v = Number(text);
    if (!Number.isFinite(v) || v < 1) errors.push(`${flag}: expected a factor ≥ 1 (e.g. 1.15), got "${text}"`);
    return v;
  };

  let url = '';
  const files = f.fromResult ?? [];
  if (f.prometheus && files.length) errors.push('--prometheus and --from-result: give one of them, not both (Prometheus history, or headroom runs)');
  else if (!f.prometheus && !files.length) errors.push('--prometheus or --from-result: one is required (e.g. --prometheus http://127.0.0.1:9090, or --from-result results/web/result.json --workload web)');
  else if (f.prometheus) {
    try {
      const u = new URL(f.prometheus);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') errors.push(`--prometheus: expected an http:// or https:// URL, got "${f.prometheus}"`);
      url = f.prometheus;
    } catch {
      errors.push(`--prometheus: "${f.prometheus}" is not a URL (e.g. http://127.0.0.1:9090)`);
    }
  }
  for (const ns of f.namespace) if (!NAMESPACE_PATTERN.test(ns)) errors.push(`--namespace: "${ns}" is not a namespace name (lower-case letters, digits and "-")`);
  const windowMs = duration('--window', f.window, 60_000);
  const stepMs = duration('--step', f.step, 1000);
  const rateMs = duration('--rate-interval', f.rateInterval, 1000);
  const timeoutMs = duration('--timeout', f.timeout, 100);
  const minHistoryMs = duration('--min-history', f.minHistory, 0);
  if (windowMs < 2 * stepMs) errors.push(`--window (${f.window}) must span at least two --step (${f.step})`);
  let endMs: number | null = null;
  if (f.end !== undefined) {
    endMs = /^\d+(\.\d+)?$/.test(f.end) ? Number(f.end) * 1000 : Date.parse(f.end);
    if (!Number.isFinite(endMs)) errors.push(`--end: "${f.end}" is not a time (use RFC 3339, e.g. 2025-11-26T00:00:00Z, or Unix seconds)`);
  }
  const pctText = f.cpuPercentile.trim().replace(/^p/i, '').replace(/%$/, '');
  let cpuPercentile = Number(pctText);
  if (cpuPercentile > 1) cpuPercentile /= 100;
  if (!Number.isFinite(cpuPercentile) || cpuPercentile <= 0 || cpuPercentile > 1) errors.push(`--cpu-percentile: expected e.g. 95, p95 or 0.95, got "${f.cpuPercentile}"`);
  const threshold = parseFraction(/^\d*\.\d+$|^[01]$/.test(f.throttleThreshold) ? Number(f.throttleThreshold) : f.throttleThreshold);
  if (!threshold.ok) errors.push(`--throttle-threshold: ${threshold.error}`);
  const headers: Record<string, string> = {};
  for (const h of f.header) {
    const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(h);
    if (m) headers[m[1]!.toLowerCase()] = m[2]!;
    else errors.push(`--header: expected "Name: value", got "${h}"`);
  }
  const policy: RightSizePolicy = {
    ...DEFAULT_POLICY,
    cpuPercentile,
    memoryHeadroom: factor('--memory-headroom', f.memoryHeadroom),
    oomBump: factor('--oom-bump', f.oomBump),
    throttleThreshold: threshold.ok ? threshold.value : Number.NaN,
    minHistoryMs,
    critical: f.critical,
  };
  const fromResults = files.length && !f.prometheus ? parseFromResultFlags(f, files, rateMs, errors) : null;
  if (f.prometheus && !files.length) {
    const given = (['workload', 'container', 'kind', 'currentCpu', 'currentMemory'] as const).filter((k) => f[k] !== undefined);
    for (const k of given) errors.push(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: only with --from-result (Prometheus reads the workloads and their requests itself)`);
  }
  if (errors.length) throw new UserError(errors.join('\n'));
  return { url, namespaces: [...new Set(f.namespace)], windowMs, stepMs, rateMs, endMs, timeoutMs, headers, policy, json: Boolean(f.json), outDir: f.out ?? null, queries: f.queries, fromResults };
}

export interface ResourcesIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  now?: () => number;
}

/** Runs the command; resolves with the exit code; throws UserError for bad input and for Prometheus failures (code 3). */
export async function resourcesCommand(opts: ResourcesOptions, io: ResourcesIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const sized = opts.fromResults ? await sizeFromResults(opts.fromResults, opts.policy, stderr) : await sizeFromPrometheus(opts, io, stderr);
  const { result, meta } = sized;

  const json = toRightSizeJson(result, meta);
  if (opts.json) stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  else {
    // The table's first line describes a Prometheus window and step; a run's own line replaces it.
    const table = formatRightSizeTable(result).split('\n');
    stdout.write(`${[sized.headline ?? table[0]!, ...table.slice(1)].join('\n')}\n`);
  }
  if (opts.fromResults && result.workloads.some((r) => r.evidence.historyMs < opts.policy.minHistoryMs)) {
    stderr.write(`Confidence is low because a benchmark run is far shorter than --min-history (${describeSpan(opts.policy.minHistoryMs)}): the figures size the load this run applied, not a day of production traffic.\n`);
  }

  if (opts.outDir) {
    const out = resolve(opts.outDir);
    const { patches, unpatched } = buildPatches(result);
    await writeFileAtomic(join(out, 'recommendations.json'), `${JSON.stringify({ ...json, patches: patches.map((p) => `patches/${p.path}`), unpatched }, null, 2)}\n`);
    for (const p of patches) await writeFileAtomic(join(out, 'patches', p.path), p.yaml);
    const model = buildRightSizeReport(result, { source: meta.source, generatedAt: new Date((io.now ?? Date.now)()).toISOString(), warnings: meta.warnings });
    await writeFileAtomic(join(out, 'report.html'), renderHtml(model, await loadReportLibs()));
    stderr.write(`wrote ${join(out, 'recommendations.json')}, ${patches.length} patch${patches.length === 1 ? '' : 'es'} in ${join(out, 'patches')}/ and ${join(out, 'report.html')}\n`);
    for (const u of unpatched) stderr.write(`no patch for ${u.namespace}/${u.workload}${u.kind ? ` (${u.kind})` : ''}: ${u.reason}\n`);
  }
  return EXIT.ok;
}

interface Sized {
  result: RightSizeResult;
  meta: { source: string; queries: Record<string, string>; warnings: string[] };
  /** Replaces the table's first line when set. */
  headline?: string;
}

async function sizeFromPrometheus(opts: ResourcesOptions, io: ResourcesIo, stderr: NodeJS.WritableStream): Promise<Sized> {
  const endMs = opts.endMs ?? (io.now ?? Date.now)();
  const client = createPrometheusClient({ url: opts.url, timeoutMs: opts.timeoutMs, headers: opts.headers });
  const fetchOpts = { namespaces: opts.namespaces, endMs, windowMs: opts.windowMs, stepMs: opts.stepMs, rateMs: opts.rateMs, queries: opts.queries };

  let result: RightSizeResult;
  try {
    const input = await fetchUsage(client, { ...fetchOpts, onProgress: (m) => stderr.write(`${m}\n`) });
    if (input.usage.length === 0) {
      const where = opts.namespaces.length ? `namespace${opts.namespaces.length > 1 ? 's' : ''} ${opts.namespaces.join(', ')}` : 'any namespace';
      throw new UserError(`no container usage for ${where} in the ${describeSpan(opts.windowMs)} ending ${new Date(endMs).toISOString()} at ${client.url}; check --namespace, --window and --end, and that cAdvisor metrics (container_cpu_usage_seconds_total) are scraped`);
    }
    result = recommendResources(input, opts.policy);
  } catch (err) {
    if (err instanceof PrometheusError) {
      // A query the server calls malformed, or one missing labels, is the user's override to fix.
      throw new UserError(err.message, err.errorType === 'bad_data' ? EXIT.badInput : EXIT.runtimeFailure);
    }
    throw err;
  }
  for (const w of client.warnings) stderr.write(`warning: Prometheus: ${w}\n`);
  return { result, meta: { source: client.url, queries: resolveQueries(fetchOpts), warnings: [...client.warnings] } };
}

async function sizeFromResults(from: FromResultsOptions, policy: RightSizePolicy, stderr: NodeJS.WritableStream): Promise<Sized> {
  const sampled = await readSampledUsage(from);
  for (const w of sampled.warnings) stderr.write(`warning: ${w}\n`);
  const result = recommendResources(sampled.input, policy);
  for (const r of result.workloads) r.notes.push(...sampled.notes);
  return { result, meta: { source: sampled.source, queries: sampled.queries, warnings: sampled.warnings }, headline: sampled.headline };
}
