// `recommend resources --from-result`: reads headroom result.json files and turns the samples of the
// process each run watched (--pid) into the policy's input, with the provenance the output shows;
// and the flags of that mode.
import { resolve } from 'node:path';
import {
  describeRunSpan,
  effectiveRateWindowMs,
  processSeries,
  usageFromRuns,
  type SampleUsageOptions,
  type SampledRun,
} from '../../analyzers/right-size-from-samples.js';
import type { UsageInput } from '../../analyzers/right-size-types.js';
import { parseBytes, parseCores } from '../../scenarios/units.js';
import { UserError } from '../exit-codes.js';
import { QUERIES, type QueryName } from '../prometheus/queries.js';
import { readResult } from '../report-command.js';
import type { ResourcesFlags } from './resources-command.js';

export interface FromResultsOptions extends Required<Pick<SampleUsageOptions, 'workload' | 'namespace' | 'container' | 'kind' | 'rateWindowMs'>> {
  files: string[];
  current: { cpuCores?: number; memoryBytes?: number };
}

export interface SampledUsage {
  input: UsageInput;
  /** For the JSON's `source` and the report's subtitle. */
  source: string;
  /** What each figure was read from, in the place the Prometheus path puts its PromQL. */
  queries: Record<string, string>;
  /** Replaces the table's first line, which speaks of Prometheus steps. */
  headline: string;
  /** Added to each recommendation's notes. */
  notes: string[];
  warnings: string[];
}

/** A DNS subdomain (RFC 1123), as Deployment names are; it also becomes a patch file's name. */
const WORKLOAD_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** A DNS label, as container names are. */
const CONTAINER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The --from-result flags; problems go into `errors`. */
export function parseFromResultFlags(f: ResourcesFlags, files: string[], rateMs: number, errors: string[]): FromResultsOptions {
  if (f.end !== undefined) errors.push('--end: only with --prometheus (a headroom run\'s window is the run)');
  if (f.header.length) errors.push('--header: only with --prometheus');
  for (const name of Object.keys(f.queries) as QueryName[]) errors.push(`${QUERIES[name].flag}: only with --prometheus`);
  if (f.namespace.length > 1) errors.push(`--namespace: give one with --from-result (got ${f.namespace.join(', ')})`);
  const workload = f.workload ?? '';
  if (!f.workload) errors.push('--workload: required with --from-result: the name of the workload the watched process stands for (e.g. --workload web)');
  else if (!WORKLOAD_NAME.test(workload)) errors.push(`--workload: "${workload}" is not a workload name (lower-case letters, digits, "-" and ".")`);
  const container = f.container ?? workload;
  if (f.container !== undefined && !CONTAINER_NAME.test(f.container)) errors.push(`--container: "${f.container}" is not a container name (lower-case letters, digits and "-", at most 63)`);
  const kind = f.kind ?? 'Deployment';
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) errors.push(`--kind: "${kind}" is not a Kubernetes kind (e.g. Deployment, StatefulSet)`);
  const current: FromResultsOptions['current'] = {};
  if (f.currentCpu !== undefined) {
    const p = parseCores(f.currentCpu);
    if (p.ok) current.cpuCores = p.value;
    else errors.push(`--current-cpu: ${p.error}`);
  }
  if (f.currentMemory !== undefined) {
    const p = parseBytes(f.currentMemory);
    if (p.ok) current.memoryBytes = p.value;
    else errors.push(`--current-memory: ${p.error}`);
  }
  return { files, workload, namespace: f.namespace[0] ?? 'local', container, kind, rateWindowMs: rateMs, current };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** Reads every file (bad or unsampled ones: UserError, exit 2) and builds the usage of the workload. */
export async function readSampledUsage(opts: FromResultsOptions): Promise<SampledUsage> {
  const runs: Array<{ file: string; run: SampledRun }> = [];
  for (const file of opts.files) {
    const result = await readResult(file);
    if (!Array.isArray(result.resources) || result.resources.length === 0) {
      throw new UserError(`${file}: the run recorded no resource samples (it ended before the first second, or sampling was off), so there is nothing to size; run the scenario again with --pid`);
    }
    if (!result.resources.some((s) => s.proc)) {
      throw new UserError(
        `${file}: no sample has a watched process (proc), so there is no usage to size. Run the scenario again with the service's process id: headroom run ${result.scenario?.file ?? 'scenario.yaml'} --pid <pid> (or set pid: in the bench)`,
      );
    }
    runs.push({ file, run: result });
  }

  const input = usageFromRuns(
    runs.map((r) => r.run),
    { workload: opts.workload, namespace: opts.namespace, container: opts.container, kind: opts.kind, rateWindowMs: opts.rateWindowMs, current: opts.current },
  );

  const described = runs.flatMap(({ run }) =>
    processSeries(run).map((s) => ({ pid: s.pid, samples: s.samples.length, windowMs: effectiveRateWindowMs(s, opts.rateWindowMs) })),
  );
  const pids = [...new Set(described.map((d) => d.pid))];
  const windows = [...new Set(described.map((d) => d.windowMs))];
  const windowText = windows.map(describeRunSpan).join(' / ');
  const cut = windows.some((w) => w < opts.rateWindowMs);
  const rateText = `${windowText} trailing average${cut ? ` (--rate-interval ${describeRunSpan(opts.rateWindowMs)} cut to the run's length)` : ''}`;
  const span = input.window.endMs - input.window.startMs;

  const warnings: string[] = [];
  if (cut) warnings.push(`CPU: the ${describeRunSpan(opts.rateWindowMs)} rate interval is longer than ${described.length === 1 ? 'the run' : 'a run'}; each run's CPU point is its mean over ${windowText}, which averages away its busiest part; give --rate-interval about one load step long to size for the busiest step.`);

  return {
    input,
    source: runs.map((r) => `headroom run ${resolve(r.file)}`).join(', '),
    queries: {
      cpu: `proc.cpuPercent / 100 of pid ${pids.join(', ')}: ${rateText}, one point per sample`,
      memory: `proc.rssBytes of pid ${pids.join(', ')}: resident set size at each sample (not the cgroup working set)`,
      requests: opts.current.cpuCores !== undefined || opts.current.memoryBytes !== undefined ? 'from --current-cpu / --current-memory' : 'none given (--current-cpu, --current-memory)',
    },
    headline: `Right-sizing from ${plural(runs.length, 'headroom run')}: pid ${pids.join(', ')} over ${describeRunSpan(span)} ending ${utc(input.window.endMs)}, ${plural(described.reduce((n, d) => n + d.samples, 0), 'sample')} one per ${describeRunSpan(input.window.stepMs)}; CPU = ${rateText}, memory = RSS.`,
    notes: [
      `Measured by headroom's sampler (headroom run --pid): CPU points are the ${rateText} of the process's CPU (the sampler's stand-in for the 5-minute rate), memory its RSS, which is close to but not the container's working set. One process is measured, its threads included, not its children.`,
    ],
    warnings,
  };
}
