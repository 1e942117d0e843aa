import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EtcdServerStep } from '../scenarios/result.js';
import { collectEtcdGuidance, diffEtcdMetrics, diffEtcdPuts, judgeEtcdServerStep, parseEtcdMetrics, type EtcdMetricsSnapshot } from './etcd-server.js';
import { makeStep } from './fixtures/make-step.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
// Real scrapes of etcd 3.4.23 (--metrics=extensive) around `etcdctl check perf --load=m`, 60 s apart.
const BEFORE = parseEtcdMetrics(fixture('etcd-3.4.23-metrics-before-m.txt'), 0);
const AFTER = parseEtcdMetrics(fixture('etcd-3.4.23-metrics-after-m.txt'), 61_000);

describe('parseEtcdMetrics on a real etcd 3.4.23 page', () => {
  it('finds every figure a step needs', () => {
    expect(AFTER.walFsync?.count).toBe(53196 + BEFORE.walFsync!.count);
    expect(AFTER.backendCommit?.buckets).toHaveLength(15);
    expect(AFTER.leaderChanges).toBe(1);
    expect(AFTER.proposalsFailed).toBe(0);
    expect(AFTER.dbSizeBytes).toBe(141_045_760);
    expect(AFTER.dbQuotaBytes).toBe(2 ** 31);
    expect(AFTER.hasLeader).toBe(true);
    expect(AFTER.serverVersion).toBe('3.4.23');
    expect(AFTER.putHandling).not.toBeNull();
  });

  it('reads the DB size from the debugging name when the new one is absent (etcd 3.3)', () => {
    const old = parseEtcdMetrics('etcd_debugging_mvcc_db_total_size_in_bytes 2.2016e+07\n', 0);
    expect(old.dbSizeBytes).toBe(22_016_000);
    const both = parseEtcdMetrics('etcd_debugging_mvcc_db_total_size_in_bytes 1\netcd_mvcc_db_total_size_in_bytes 2\n', 0);
    expect(both.dbSizeBytes).toBe(2);
  });

  it('gives nulls, not zeros, for metrics that are not there', () => {
    const none = parseEtcdMetrics('', 0);
    expect(none).toMatchObject({ walFsync: null, backendCommit: null, leaderChanges: null, proposalsFailed: null, dbSizeBytes: null, dbQuotaBytes: null, hasLeader: null, serverVersion: null, putsOk: null, putHandling: null });
  });
});

describe('diffEtcdMetrics', () => {
  const step = diffEtcdMetrics(BEFORE, AFTER, 'http://127.0.0.1:2379/metrics');

  it('reads the window\'s fsync and commit latency like histogram_quantile over increase()', () => {
    // Worked by hand from the bucket deltas: p99 rank 52,664.04 lies in (2, 4] ms, which holds
    // 51,950 → 52,681, so 2 + 2 × (52,664.04 − 51,950) / 731 = 3.9536 ms.
    expect(step.walFsyncMs!.count).toBe(53196);
    expect(step.walFsyncMs!.p99).toBeCloseTo(3.9536, 4);
    expect(step.walFsyncMs!.p50).toBeCloseTo(0.52734, 5);
    expect(step.walFsyncMs!.mean).toBeCloseTo(0.51124, 5);
    // p99 rank 578.16 in (16, 32] ms, holding 577 → 581: 16 + 16 × 1.16 / 4 = 20.64 ms.
    expect(step.backendCommitMs!.count).toBe(584);
    expect(step.backendCommitMs!.p99).toBeCloseTo(20.64, 6);
  });

  it('takes counter increases and end-of-step gauges, and finds no breach on a healthy run', () => {
    expect(step).toMatchObject({ source: 'http://127.0.0.1:2379/metrics', leaderChanges: 0, proposalsFailed: 0, dbSizeBytes: 141_045_760, dbQuotaBytes: 2 ** 31, breaches: [] });
  });

  it('says count 0 when the window had no write', () => {
    expect(diffEtcdMetrics(AFTER, AFTER, 's').walFsyncMs).toEqual({ count: 0, p50: 0, p99: 0, mean: 0 });
  });

  it('gives null for what either scrape lacks', () => {
    const bare: EtcdMetricsSnapshot = { ...AFTER, walFsync: null, leaderChanges: null };
    const d = diffEtcdMetrics(BEFORE, bare, 's');
    expect(d.walFsyncMs).toBeNull();
    expect(d.leaderChanges).toBeNull();
  });

  it('words each breach of etcd\'s guidance', () => {
    // 100 observations, 10 of them in the bucket above 8 ms (fsync) or 16 ms (commit): p99 = 8 + 8 × 0.9, 16 + 16 × 0.9.
    const hist = (slowLe: number) => ({ buckets: [{ le: slowLe / 2, count: 0 }, { le: slowLe, count: 90 }, { le: slowLe * 2, count: 100 }, { le: Infinity, count: 100 }], count: 100, sum: 1 });
    const empty = (slowLe: number) => ({ buckets: hist(slowLe).buckets.map((x) => ({ ...x, count: 0 })), count: 0, sum: 0 });
    const bad = diffEtcdMetrics(
      { ...BEFORE, leaderChanges: 1, proposalsFailed: 3, walFsync: empty(0.008), backendCommit: empty(0.016) },
      { ...AFTER, leaderChanges: 3, proposalsFailed: 4, dbSizeBytes: 1.8 * 2 ** 30, dbQuotaBytes: 2 * 2 ** 30, walFsync: hist(0.008), backendCommit: hist(0.016) },
      's',
    );
    expect(bad.walFsyncMs!.p99).toBeCloseTo(15.2, 9);
    expect(bad.breaches).toEqual([
      'WAL fsync p99 15.2 ms > 10 ms',
      'backend commit p99 30.4 ms > 25 ms',
      '2 leader changes (writes stall until a new leader is elected)',
      '1 failed proposal (raft could not commit them)',
      'DB 1.8 GiB is 90% of the 2 GiB quota (> 80%)',
    ]);
  });
});

describe('judgeEtcdServerStep and its limits', () => {
  const base: Omit<EtcdServerStep, 'breaches'> = {
    source: 's',
    walFsyncMs: { count: 100, p50: 1, p99: 10, mean: 1 },
    backendCommitMs: { count: 10, p50: 2, p99: 25, mean: 2 },
    leaderChanges: 0,
    proposalsFailed: 0,
    dbSizeBytes: 800,
    dbQuotaBytes: 1000,
  };

  it('lets values exactly at each limit pass', () => {
    expect(judgeEtcdServerStep(base)).toEqual([]);
  });

  it('breaks just above each limit', () => {
    const over = judgeEtcdServerStep({ ...base, walFsyncMs: { ...base.walFsyncMs!, p99: 10.01 }, backendCommitMs: { ...base.backendCommitMs!, p99: 25.01 }, dbSizeBytes: 801 });
    expect(over.map((f) => f.rule)).toEqual(['wal-fsync-p99', 'backend-commit-p99', 'db-quota']);
    expect(over[2]).toMatchObject({ observed: 0.801, limit: 0.8 });
  });

  it('ignores a latency with no observations and a missing quota', () => {
    expect(judgeEtcdServerStep({ ...base, walFsyncMs: { count: 0, p50: 0, p99: 99, mean: 0 }, dbQuotaBytes: null, dbSizeBytes: 10 ** 12 })).toEqual([]);
  });
});

describe('collectEtcdGuidance', () => {
  const server = (p99: number, leaderChanges: number): EtcdServerStep => ({
    source: 's',
    walFsyncMs: { count: 100, p50: 1, p99, mean: 1 },
    backendCommitMs: null,
    leaderChanges,
    proposalsFailed: null,
    dbSizeBytes: null,
    dbQuotaBytes: null,
    breaches: [],
  });

  it('keeps the first step that broke each rule, in order of appearance', () => {
    const steps = [
      { ...makeStep({ load: 100, throughput: 100 }, 0), server: server(4, 0) },
      makeStep({ load: 200, throughput: 200 }, 1),
      { ...makeStep({ load: 400, throughput: 390 }, 2), server: server(12, 0) },
      { ...makeStep({ load: 800, throughput: 500 }, 3), server: server(40, 1) },
    ];
    expect(collectEtcdGuidance(steps)).toEqual([
      { rule: 'wal-fsync-p99', load: 400, observed: 12, limit: 10, text: 'WAL fsync p99 12 ms > 10 ms' },
      { rule: 'leader-change', load: 800, observed: 1, limit: 0, text: '1 leader change (writes stall until a new leader is elected)' },
    ]);
  });

  it('is empty without server figures', () => {
    expect(collectEtcdGuidance([makeStep({ load: 1, throughput: 1 })])).toEqual([]);
  });
});

describe('diffEtcdPuts', () => {
  it('counts the puts etcd answered OK and reads their server-side latency', () => {
    const puts = diffEtcdPuts(BEFORE, AFTER)!;
    expect(puts.puts).toBe(57731); // etcdctl printed 963 writes/s: 57,731 / 60 s = 962.2, +1
    expect(puts.putsPerSec).toBeCloseTo(57731 / 61, 6);
    expect(puts.handlingMs!.count).toBe(57731);
    expect(puts.handlingMs!.p99).toBeGreaterThan(puts.handlingMs!.p50);
  });

  it('is null where the server does not count puts', () => {
    expect(diffEtcdPuts(parseEtcdMetrics('', 0), AFTER)).toBeNull();
  });
});
