// The etcd part of a bench's section: what was run against which cluster, etcdctl's check-perf
// verdict on it, etcd's own guidance (disk, raft, quota) and the charts that put the client's
// latency beside the server's. build-report merges these into the bench section; the text summary
// reuses the guidance and cleanup sentences.
import { ETCD_GUIDANCE, collectEtcdGuidance } from '../analyzers/etcd-server.js';
import type { BenchResult, CheckPerfCheck, CheckPerfVerdict } from '../scenarios/result.js';
import type { ChartModel, SummaryLine } from './build-report.js';
import { etcdServerLatencySpec } from './etcd-server-spec.js';
import { distributionSpec } from './distribution-spec.js';
import { formatBytes, formatDuration, formatLoad, formatMsText, formatNumber, loadWords } from './format.js';
import { sloLatencyObjectives } from './latency-spec.js';

export interface EtcdSection {
  facts: string[];
  /** Sentences that start lower-case, ready to follow "name: " in the summary. */
  verdict: SummaryLine[];
  charts: ChartModel[];
}

const WORKLOADS: Record<string, string> = {
  put: 'put',
  range: 'range (read)',
  txn: 'txn (compare-and-swap)',
  delete: 'delete',
  watch: 'watch (put → event)',
  lease: 'lease (grant + keepalive)',
};

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : formatBytes(n);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

function describeCheck(c: CheckPerfCheck, v: CheckPerfVerdict): string {
  switch (c.name) {
    case 'errors':
      return `${plural(c.observed, 'put')} failed (etcdctl fails on any)`;
    case 'dropped':
      return `${plural(c.observed, 'put')} dropped with all ${formatNumber(v.clients)} clients busy (etcdctl would have queued ${c.observed === 1 ? 'it' : 'them'})`;
    case 'throughput':
      return `${formatNumber(c.observed)} writes/s of ${formatNumber(v.targetRate)} (${c.passed ? 'needs' : 'below'} > ${formatNumber(c.limit)})`;
    case 'slowest':
      return `slowest ${formatMsText(c.observed)} (${c.passed ? '≤' : '>'} ${formatMsText(c.limit)})`;
    case 'stddev':
      return `stddev ${formatMsText(c.observed)} (${c.passed ? '≤' : '>'} ${formatMsText(c.limit)})`;
  }
}

/** "check perf --load=m passed: 962 writes/s of 1,000 (needs > 900), slowest 77.5 ms (≤ 500 ms), …". */
export function describeCheckPerf(v: CheckPerfVerdict): SummaryLine {
  const failed = v.checks.filter((c) => !c.passed);
  const shown = v.passed ? v.checks : [...failed, ...v.checks.filter((c) => c.passed)];
  return {
    text: `check perf --load=${v.profile} ${v.passed ? 'passed' : 'failed'}: ${shown.map((c) => describeCheck(c, v)).join(', ')}; p99 ${formatMsText(v.p99Ms)}`,
    tone: v.passed ? 'ok' : 'bad',
  };
}

function facts(bench: BenchResult): string[] {
  const e = bench.etcd;
  if (!e) return [];
  const out = [
    `workload ${WORKLOADS[e.workload] ?? e.workload} · ${e.endpoints.length === 1 ? 'endpoint' : `${e.endpoints.length} endpoints:`} ${e.endpoints.join(', ')} · prefix ${e.prefix}`,
    `keys ${bytes(e.keySize)} (prefix included) · values ${bytes(e.valueSize)} · key space ${formatNumber(e.keySpace)} · ${plural(e.connections, 'gRPC connection')}`,
  ];
  const source = bench.steps.find((s) => s.server)?.server?.source;
  const server = e.serverVersion ? `etcd ${e.serverVersion}` : 'etcd version unknown';
  out.push(`${server} · ${source ? `server metrics from ${source}` : 'no server metrics (its /metrics could not be read)'}`);
  if (e.checkPerf) {
    const v = e.checkPerf;
    out.push(`load of etcdctl check perf --load=${v.profile}: ${formatNumber(v.targetRate)} puts/s from ${formatNumber(v.clients)} clients for ${formatDuration(v.durationMs)}, no warm-up`);
  }
  const cleanup = describeCleanup(bench);
  if (cleanup) out.push(cleanup);
  return out;
}

/** "cleanup: deleted 9,906 keys, revoked 0 leases under /headroom-bench/"; null for a bench that is not etcd's. */
export function describeCleanup(bench: BenchResult): string | null {
  const e = bench.etcd;
  if (!e) return null;
  return e.cleanup
    ? `cleanup: deleted ${plural(e.cleanup.keysDeleted, 'key')}, revoked ${plural(e.cleanup.leasesRevoked, 'lease')} under ${e.prefix}`
    : `cleanup did not run: keys may remain under ${e.prefix} (see warnings)`;
}

/** A check-perf bench whose run found no limit: its verdict is etcdctl's, not a saturation point. */
export function isCheckPerfWithoutLimit(bench: BenchResult): boolean {
  return !!bench.etcd?.checkPerf && bench.steps.length > 0 && bench.saturation.limitedBy === 'not-reached';
}

/** The check-perf verdict, then the guidance lines. */
export function describeEtcdVerdict(bench: BenchResult): SummaryLine[] {
  return [...(bench.etcd?.checkPerf ? [describeCheckPerf(bench.etcd.checkPerf)] : []), ...describeEtcdGuidance(bench)];
}

/** Each guidance breach with the step where it first appeared, or that all of it held, or that the server could not be read. */
export function describeEtcdGuidance(bench: BenchResult): SummaryLine[] {
  if (bench.kind !== 'etcd') return [];
  const lines: SummaryLine[] = [];
  const withServer = bench.steps.filter((s) => s.server);
  const breaches = bench.etcd?.guidance ?? collectEtcdGuidance(bench.steps);
  for (const b of breaches) lines.push({ text: `etcd guidance broken: ${b.text}, first at ${formatLoad(b.load, bench.model, bench.kind)}`, tone: 'bad' });
  if (breaches.length === 0 && withServer.length > 0) {
    lines.push({
      text: `etcd guidance held at every step: WAL fsync p99 ≤ ${ETCD_GUIDANCE.walFsyncP99Ms} ms, backend commit p99 ≤ ${ETCD_GUIDANCE.backendCommitP99Ms} ms, no leader change or failed proposal, DB ≤ ${ETCD_GUIDANCE.dbQuotaShare * 100}% of quota`,
      tone: 'ok',
    });
  }
  if (withServer.length === 0 && bench.steps.length > 0) lines.push({ text: 'no server-side view: etcd\'s /metrics could not be read', tone: 'neutral' });
  return lines;
}

function charts(bench: BenchResult, id: string): ChartModel[] {
  if (bench.steps.length === 0) return [];
  const words = loadWords(bench.kind);
  const out: ChartModel[] = [
    {
      id: `${id}-etcd-server-latency`,
      title: 'Client vs server latency',
      caption: `Client p50 and p99 (solid) beside etcd's WAL fsync and backend commit p99 (dashed) at each ${bench.model === 'open' ? 'offered rate' : `${words.client} count`}, log scale; dotted rules are etcd's guidance. A client p99 that rises with the fsync p99 points at the disk; one that rises alone points at CPU, network or the client.`,
      spec: etcdServerLatencySpec(bench),
    },
  ];
  if (bench.etcd?.workload === 'watch' && bench.steps.some((s) => s.histogram && s.latencyMs.count > 0)) {
    out.push({
      id: `${id}-etcd-watch-delivery`,
      title: 'Watch delivery latency by percentile, per step',
      caption: `Time from a put being acknowledged to its event reaching a watcher, one line per step; going right reads further into the tail. A slow watcher shows in the tail long before the median moves.${sloLatencyObjectives(bench).length ? ' A diamond marks an SLO objective: a step meets it if its line passes below the diamond.' : ''}`,
      // The generic distribution chart over the same histograms, worded for delivery: build-report shows this one in its place.
      spec: distributionSpec(bench, { latencyTitle: 'delivery latency, put → event (ms)' }),
    });
  }
  return out;
}

export function buildEtcdSection(bench: BenchResult, id: string): EtcdSection {
  if (bench.kind !== 'etcd') return { facts: [], verdict: [], charts: [] };
  return { facts: facts(bench), verdict: describeEtcdVerdict(bench), charts: charts(bench, id) };
}
