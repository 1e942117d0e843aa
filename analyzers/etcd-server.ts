// etcd's own view of a step: the deltas of its /metrics between the scrapes at the start and end of
// the whole step (warm-up included), judged against etcd's published guidance (disk latency, leader stability,
// quota). The client sees latency; these say whether the disk or raft is why.
import type { EtcdGuidanceBreach, EtcdServerStep, ServerLatencyMs, StepResult } from '../scenarios/result.js';
import { bucketQuantile, diffHistograms } from './prom-histogram.js';
import { parsePromText, readHistogram, readScalar, type PromHistogram, type PromText } from './prom-text.js';

/** What one scrape of an etcd member's /metrics holds that a step's analysis needs. */
export interface EtcdMetricsSnapshot {
  /** When the scrape answered, ms since the epoch (the agent's clock). */
  atMs: number;
  walFsync: PromHistogram | null;
  backendCommit: PromHistogram | null;
  leaderChanges: number | null;
  proposalsFailed: number | null;
  dbSizeBytes: number | null;
  dbQuotaBytes: number | null;
  hasLeader: boolean | null;
  /** From etcd_server_version{server_version="3.4.23"}. */
  serverVersion: string | null;
  /** Put RPCs answered OK (grpc_server_handled_total), on every etcd. */
  putsOk: number | null;
  /** Server-side Put handling time; etcd serves it only with --metrics=extensive. */
  putHandling: PromHistogram | null;
}

/** etcd's guidance, from its hardware and tuning docs. */
export const ETCD_GUIDANCE = {
  walFsyncP99Ms: 10,
  backendCommitP99Ms: 25,
  /** Keep the DB below this share of --quota-backend-bytes: at the quota etcd refuses writes (NOSPACE alarm). */
  dbQuotaShare: 0.8,
} as const;

const METRICS = {
  walFsync: 'etcd_disk_wal_fsync_duration_seconds',
  backendCommit: 'etcd_disk_backend_commit_duration_seconds',
  leaderChanges: 'etcd_server_leader_changes_seen_total',
  proposalsFailed: 'etcd_server_proposals_failed_total',
  dbSize: 'etcd_mvcc_db_total_size_in_bytes',
  // 3.4 serves both names; 3.3 and earlier only the debugging one.
  dbSizeDebugging: 'etcd_debugging_mvcc_db_total_size_in_bytes',
  quota: 'etcd_server_quota_backend_bytes',
  hasLeader: 'etcd_server_has_leader',
  version: 'etcd_server_version',
  handled: 'grpc_server_handled_total',
  handling: 'grpc_server_handling_seconds',
} as const;

const PUT = { grpc_service: 'etcdserverpb.KV', grpc_method: 'Put' };

export function extractEtcdMetrics(prom: PromText, atMs: number): EtcdMetricsSnapshot {
  const hasLeader = readScalar(prom, METRICS.hasLeader);
  const version = prom.samples.find((s) => s.name === METRICS.version && s.labels.server_version);
  return {
    atMs,
    walFsync: readHistogram(prom, METRICS.walFsync),
    backendCommit: readHistogram(prom, METRICS.backendCommit),
    leaderChanges: readScalar(prom, METRICS.leaderChanges),
    proposalsFailed: readScalar(prom, METRICS.proposalsFailed),
    dbSizeBytes: readScalar(prom, METRICS.dbSize) ?? readScalar(prom, METRICS.dbSizeDebugging),
    dbQuotaBytes: readScalar(prom, METRICS.quota),
    hasLeader: hasLeader === null ? null : hasLeader === 1,
    serverVersion: version?.labels.server_version ?? null,
    putsOk: readScalar(prom, METRICS.handled, { ...PUT, grpc_code: 'OK' }),
    putHandling: readHistogram(prom, METRICS.handling, PUT),
  };
}

/** The /metrics text of an etcd member → the figures a step needs. */
export function parseEtcdMetrics(text: string, atMs: number): EtcdMetricsSnapshot {
  return extractEtcdMetrics(parsePromText(text), atMs);
}

/** Latency over the window in ms; count 0 (and zeros) when nothing was observed, e.g. no write in a range step. */
function latencyDelta(before: PromHistogram | null, after: PromHistogram | null): ServerLatencyMs | null {
  if (!before || !after) return null;
  const d = diffHistograms(before, after);
  if (d.count <= 0) return { count: 0, p50: 0, p99: 0, mean: 0 };
  return {
    count: d.count,
    p50: bucketQuantile(0.5, d.buckets) * 1000,
    p99: bucketQuantile(0.99, d.buckets) * 1000,
    mean: Number.isFinite(d.sum) ? (d.sum / d.count) * 1000 : NaN,
  };
}

/** Increase of a counter; a decrease means etcd restarted, so the later value is the increase. */
function counterDelta(before: number | null, after: number | null): number | null {
  if (before === null || after === null) return null;
  return after >= before ? after - before : after;
}

export type EtcdGuidanceRule = EtcdGuidanceBreach['rule'];

export interface GuidanceFinding {
  rule: EtcdGuidanceRule;
  observed: number;
  limit: number;
  text: string;
}

/** "14.2 ms", "412 µs": three significant digits, like the report. */
function ms(value: number): string {
  if (value < 1) return `${Number((value * 1000).toPrecision(3))} µs`;
  return `${Number(value.toPrecision(3))} ms`;
}

function gib(bytes: number): string {
  const g = bytes / 2 ** 30;
  return g >= 1 ? `${Number(g.toPrecision(3))} GiB` : `${Number((bytes / 2 ** 20).toPrecision(3))} MiB`;
}

/** The guidance a step's server figures broke, in rule order. */
export function judgeEtcdServerStep(server: Omit<EtcdServerStep, 'breaches'>): GuidanceFinding[] {
  const out: GuidanceFinding[] = [];
  const wal = server.walFsyncMs;
  if (wal && wal.count > 0 && wal.p99 > ETCD_GUIDANCE.walFsyncP99Ms) {
    out.push({ rule: 'wal-fsync-p99', observed: wal.p99, limit: ETCD_GUIDANCE.walFsyncP99Ms, text: `WAL fsync p99 ${ms(wal.p99)} > ${ETCD_GUIDANCE.walFsyncP99Ms} ms` });
  }
  const commit = server.backendCommitMs;
  if (commit && commit.count > 0 && commit.p99 > ETCD_GUIDANCE.backendCommitP99Ms) {
    out.push({ rule: 'backend-commit-p99', observed: commit.p99, limit: ETCD_GUIDANCE.backendCommitP99Ms, text: `backend commit p99 ${ms(commit.p99)} > ${ETCD_GUIDANCE.backendCommitP99Ms} ms` });
  }
  if (server.leaderChanges !== null && server.leaderChanges > 0) {
    const n = server.leaderChanges;
    out.push({ rule: 'leader-change', observed: n, limit: 0, text: `${n} leader change${n === 1 ? '' : 's'} (writes stall until a new leader is elected)` });
  }
  if (server.proposalsFailed !== null && server.proposalsFailed > 0) {
    const n = server.proposalsFailed;
    out.push({ rule: 'proposals-failed', observed: n, limit: 0, text: `${n} failed proposal${n === 1 ? '' : 's'} (raft could not commit them)` });
  }
  if (server.dbSizeBytes !== null && server.dbQuotaBytes !== null && server.dbQuotaBytes > 0) {
    const share = server.dbSizeBytes / server.dbQuotaBytes;
    if (share > ETCD_GUIDANCE.dbQuotaShare) {
      out.push({
        rule: 'db-quota',
        observed: share,
        limit: ETCD_GUIDANCE.dbQuotaShare,
        text: `DB ${gib(server.dbSizeBytes)} is ${Math.round(share * 100)}% of the ${gib(server.dbQuotaBytes)} quota (> ${ETCD_GUIDANCE.dbQuotaShare * 100}%)`,
      });
    }
  }
  return out;
}

/** Per-step server figures from the scrapes as the step starts and as it ends. */
export function diffEtcdMetrics(before: EtcdMetricsSnapshot, after: EtcdMetricsSnapshot, source: string): EtcdServerStep {
  const server: Omit<EtcdServerStep, 'breaches'> = {
    source,
    walFsyncMs: latencyDelta(before.walFsync, after.walFsync),
    backendCommitMs: latencyDelta(before.backendCommit, after.backendCommit),
    leaderChanges: counterDelta(before.leaderChanges, after.leaderChanges),
    proposalsFailed: counterDelta(before.proposalsFailed, after.proposalsFailed),
    dbSizeBytes: after.dbSizeBytes,
    dbQuotaBytes: after.dbQuotaBytes,
  };
  return { ...server, breaches: judgeEtcdServerStep(server).map((f) => f.text) };
}

/** The server's count of the puts between two scrapes: a cross-check of any client's throughput (etcdctl's too). */
export interface EtcdPutDelta {
  puts: number;
  /** Over the time between the two scrapes. */
  putsPerSec: number;
  /** Bucket-interpolated; null unless etcd runs with --metrics=extensive. */
  handlingMs: ServerLatencyMs | null;
}

export function diffEtcdPuts(before: EtcdMetricsSnapshot, after: EtcdMetricsSnapshot): EtcdPutDelta | null {
  const puts = counterDelta(before.putsOk, after.putsOk);
  if (puts === null) return null;
  const seconds = (after.atMs - before.atMs) / 1000;
  return { puts, putsPerSec: seconds > 0 ? puts / seconds : NaN, handlingMs: latencyDelta(before.putHandling, after.putHandling) };
}

/** The first step that broke each rule, in rule order of first appearance. */
export function collectEtcdGuidance(steps: readonly StepResult[]): EtcdGuidanceBreach[] {
  const seen = new Set<EtcdGuidanceRule>();
  const out: EtcdGuidanceBreach[] = [];
  for (const step of steps) {
    if (!step.server) continue;
    for (const f of judgeEtcdServerStep(step.server)) {
      if (seen.has(f.rule)) continue;
      seen.add(f.rule);
      out.push({ rule: f.rule, load: step.load, observed: f.observed, limit: f.limit, text: f.text });
    }
  }
  return out;
}
