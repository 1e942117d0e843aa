import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../scenarios/result.js';
import { etcdCheckPerfBench, etcdPutBench, etcdRun } from './etcd-fixtures.js';
import { sampleRun } from './fixtures.js';
import { buildJsonSummary } from './json-summary.js';

/** What a script reading stdout sees. */
const viaStdout = (value: unknown): any => JSON.parse(JSON.stringify(value));

describe('buildJsonSummary', () => {
  it('adds no etcd or server field to HTTP benches', () => {
    const json = viaStdout(buildJsonSummary(sampleRun(), '/out'));
    for (const b of json.benches) {
      expect(Object.keys(b)).toEqual(['name', 'kind', 'model', 'engine', 'stoppedEarly', 'steps', 'usl', 'knee', 'saturation', 'slo']);
      for (const s of b.steps) expect(s).not.toHaveProperty('server');
    }
  });

  it('gives each etcd bench its workload, server version, guidance and cleanup', () => {
    const [put] = viaStdout(buildJsonSummary(etcdRun(), null)).benches;
    expect(put.etcd).toEqual({
      workload: 'put',
      prefix: '/headroom-bench/',
      serverVersion: '3.4.23',
      checkPerf: null,
      guidance: [
        { rule: 'wal-fsync-p99', load: 64, observed: 10.56, limit: 10, text: 'WAL fsync p99 10.6 ms > 10 ms' },
        { rule: 'backend-commit-p99', load: 128, observed: 30.6, limit: 25, text: 'backend commit p99 30.6 ms > 25 ms' },
        { rule: 'leader-change', load: 128, observed: 1, limit: 0, text: '1 leader change (writes stall until a new leader is elected)' },
      ],
      cleanup: { keysDeleted: 100_000, leasesRevoked: 0 },
    });
  });

  it('gives the check-perf verdict with etcdctl\'s words for each check', () => {
    const [, check] = viaStdout(buildJsonSummary(etcdRun(), null)).benches;
    const v = etcdCheckPerfBench().etcd!.checkPerf!;
    expect(check.etcd.checkPerf).toEqual({
      profile: 'm',
      passed: true,
      throughput: 962.4,
      slowestMs: Number(v.slowestMs.toFixed(3)),
      stddevMs: Number(v.stddevMs.toFixed(3)),
      p99Ms: Number(v.p99Ms.toFixed(3)),
      checks: [
        { name: 'throughput', passed: true, observed: 962.4, limit: 900, text: 'PASS: Throughput is 963 writes/s' },
        { name: 'slowest', passed: true, observed: Number(v.slowestMs.toFixed(3)), limit: 500, text: v.checks[1]!.text },
        { name: 'stddev', passed: true, observed: Number(v.stddevMs.toFixed(3)), limit: 100, text: v.checks[2]!.text },
      ],
    });
  });

  it('gives each etcd step the server\'s p99s, leader changes, failed proposals and DB size', () => {
    const put = etcdPutBench();
    const [json] = viaStdout(buildJsonSummary({ ...etcdRun(), benches: [put] }, null)).benches;
    const last = put.steps.at(-1)!.server!;
    expect(json.steps.at(-1).server).toEqual({ walFsyncP99Ms: 19.52, backendCommitP99Ms: 30.6, leaderChanges: 1, proposalsFailed: 0, dbSizeBytes: last.dbSizeBytes });
  });

  it('writes null for a server figure the step did not have, and leaves out server where /metrics was not read', () => {
    const put = etcdPutBench();
    const partial: BenchResult = {
      ...put,
      steps: [
        { ...put.steps[0]!, server: { ...put.steps[0]!.server!, walFsyncMs: { count: 0, p50: 0, p99: 0, mean: 0 }, backendCommitMs: null, leaderChanges: null } },
        (({ server: _s, ...s }) => s)(put.steps[1]!),
      ],
      etcd: { ...put.etcd!, cleanup: null },
    };
    const [json] = viaStdout(buildJsonSummary({ ...etcdRun(), benches: [partial] }, null)).benches;
    expect(json.steps[0].server).toMatchObject({ walFsyncP99Ms: null, backendCommitP99Ms: null, leaderChanges: null, proposalsFailed: 0 });
    expect(json.steps[1]).not.toHaveProperty('server');
    expect(json.etcd.cleanup).toBeNull();
  });
});
