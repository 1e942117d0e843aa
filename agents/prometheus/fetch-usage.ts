// Runs the right-sizing queries against Prometheus and turns the answers into the analyzers' input.
// One query at a time: the range queries are the heavy ones, and a shared Prometheus should not
// see a burst from a sizing tool.
import type { ContainerResourceValue, OwnerRef, PodContainerKey, PodContainerUsage, UsageInput } from '../../analyzers/right-size-types.js';
import { PrometheusError, type Labels, type MatrixSeries, type PrometheusClient, type RangeOptions, type VectorSample } from './client.js';
import { expandQuery, QUERIES, QUERY_NAMES, type QueryName } from './queries.js';

export interface FetchUsageOptions {
  namespaces: readonly string[];
  /** The window's end; rounded down to a whole step so repeated runs read the same points. */
  endMs: number;
  windowMs: number;
  stepMs: number;
  rateMs: number;
  /** Templates by name; missing ones use QUERIES' defaults. */
  queries?: Partial<Record<QueryName, string>>;
  onProgress?: (message: string) => void;
}

/**
 * The evaluation times: every step from one step after the window's start to its end, so each point
 * covers the step before it and together they cover the window once.
 */
export function evaluationRange(endMs: number, windowMs: number, stepMs: number): RangeOptions {
  const end = Math.floor(endMs / stepMs) * stepMs;
  return { startMs: end - Math.floor(windowMs / stepMs) * stepMs + stepMs, endMs: end, stepMs };
}

/** The PromQL each query will run, placeholders filled in (for --json provenance and error messages). */
export function resolveQueries(opts: Pick<FetchUsageOptions, 'namespaces' | 'stepMs' | 'windowMs' | 'rateMs' | 'queries'>): Record<QueryName, string> {
  const values = { namespaces: opts.namespaces, windowMs: opts.windowMs, stepMs: opts.stepMs, rateMs: opts.rateMs };
  return Object.fromEntries(QUERY_NAMES.map((n) => [n, expandQuery(opts.queries?.[n] ?? QUERIES[n].promql, values)])) as Record<QueryName, string>;
}

export async function fetchUsage(client: PrometheusClient, opts: FetchUsageOptions): Promise<UsageInput> {
  const promql = resolveQueries(opts);
  const range = evaluationRange(opts.endMs, opts.windowMs, opts.stepMs);
  const progress = opts.onProgress ?? (() => {});

  const overRange = async (name: 'cpu' | 'memory'): Promise<MatrixSeries[]> => {
    progress(`querying ${QUERIES[name].help}`);
    return checkLabels(name, await client.queryRange(promql[name], range));
  };
  const instant = async (name: Exclude<QueryName, 'cpu' | 'memory'>): Promise<VectorSample[]> => {
    progress(`querying ${QUERIES[name].help}`);
    return checkLabels(name, await client.query(promql[name], range.endMs));
  };

  const cpu = await overRange('cpu');
  const memory = await overRange('memory');
  const throttled = await instant('throttled');
  const periods = await instant('periods');
  const requests = await instant('requests');
  const limits = await instant('limits');
  const oom = await instant('oom');
  const podOwners = await instant('podOwners');
  const replicaSetOwners = await instant('replicaSetOwners');
  const jobOwners = await instant('jobOwners');

  return {
    window: { startMs: range.startMs - range.stepMs, endMs: range.endMs, stepMs: range.stepMs },
    usage: joinUsage(cpu, memory),
    throttling: joinThrottling(throttled, periods),
    requests: resourceValues(requests),
    limits: resourceValues(limits),
    oomKilled: oom.map((s) => keyOf(s.labels)),
    podOwners: podOwners.map((s) => owner(s.labels, 'pod')),
    replicaSetOwners: replicaSetOwners.map((s) => owner(s.labels, 'replicaset')),
    jobOwners: jobOwners.map((s) => owner(s.labels, 'job_name')),
  };
}

/** A replaced query that dropped a label the policy needs is the user's to fix: say which flag and label. */
function checkLabels<T extends { labels: Labels }>(name: QueryName, series: T[]): T[] {
  const spec = QUERIES[name];
  for (const s of series) {
    const missing = spec.labels.filter((l) => s.labels[l] === undefined);
    if (missing.length) {
      throw new PrometheusError(
        `the ${name} query (${spec.flag}) returned a series without the label${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: keep ${spec.labels.join(', ')} (e.g. sum by (${spec.labels.join(', ')}) (…))\n  series: ${JSON.stringify(s.labels)}`,
        'query',
        'bad_data',
      );
    }
  }
  return series;
}

function keyOf(l: Labels): PodContainerKey {
  return { namespace: l.namespace!, pod: l.pod!, container: l.container! };
}

const idOf = (k: PodContainerKey): string => `${k.namespace}\u0000${k.pod}\u0000${k.container}`;

function joinUsage(cpu: MatrixSeries[], memory: MatrixSeries[]): PodContainerUsage[] {
  const out = new Map<string, PodContainerUsage>();
  const slot = (l: Labels): PodContainerUsage => {
    const k = keyOf(l);
    const id = idOf(k);
    const had = out.get(id) ?? { ...k, cpuCores: [], memoryBytes: [] };
    out.set(id, had);
    return had;
  };
  // A key can come back twice when a replaced query keeps extra labels; the points are then merged.
  for (const s of cpu) slot(s.labels).cpuCores.push(...s.points);
  for (const s of memory) slot(s.labels).memoryBytes.push(...s.points);
  return [...out.values()];
}

function joinThrottling(throttled: VectorSample[], periods: VectorSample[]): UsageInput['throttling'] {
  const t = new Map(throttled.map((s) => [idOf(keyOf(s.labels)), s.value]));
  return periods.map((p) => ({ ...keyOf(p.labels), periods: p.value, throttledPeriods: t.get(idOf(keyOf(p.labels))) ?? 0 }));
}

function resourceValues(samples: VectorSample[]): ContainerResourceValue[] {
  return samples.flatMap((s) => {
    const r = s.labels.resource;
    return r === 'cpu' || r === 'memory' ? [{ ...keyOf(s.labels), resource: r, value: s.value }] : [];
  });
}

function owner(l: Labels, nameLabel: string): OwnerRef {
  return { namespace: l.namespace!, name: l[nameLabel]!, ownerKind: l.owner_kind!, ownerName: l.owner_name! };
}
