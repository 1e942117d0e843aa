import { describe, expect, it } from 'vitest';
import { judgeCheckPerf } from '../analyzers/check-perf.js';
import type { BenchResult, RunResult } from '../scenarios/result.js';
import { etcdCheckPerfBench, etcdPutBench, etcdRun, etcdWatchBench } from './etcd-fixtures.js';
import { sampleRun } from './fixtures.js';
import { formatTextSummary } from './text-summary.js';

const runOf = (...benches: BenchResult[]): RunResult => ({ ...etcdRun(), benches });
const linesOf = (text: string): string[] => text.split('\n');

describe('formatTextSummary', () => {
  it('keeps the HTTP table and verdicts in connections and req/s', () => {
    const lines = linesOf(formatTextSummary(sampleRun()));
    expect(lines[0]).toBe('api (http, closed model, headroom engine) → http://127.0.0.1:8080/api/items');
    expect(lines[1]).toBe('  load  req/s  ±95%     p50     p90     p99     max      errors  dropped');
    expect(lines).toContain('  saturates at 48 connections (864 req/s), limited by the USL peak (range 44–54): USL peak N* = 49.2 (σ = 0.030, κ = 0.00040)');
    expect(lines.join('\n')).not.toMatch(/ops\/s|clients|WAL|cleanup|check perf/);
  });

  it('counts etcd load in ops/s, with etcd\'s WAL and commit p99 beside the client figures', () => {
    const lines = linesOf(formatTextSummary(runOf(etcdPutBench())));
    expect(lines[1]).toBe('  load    ops/s  ±95%     p50     p90     p99     max  errors  dropped  WAL p99  commit p99');
    expect(lines[2]).toMatch(/^ {2}1 +342\.9 .* 1\.74ms +5\.20ms$/);
    expect(lines[9]).toMatch(/^ {2}128 .* 19\.5ms +30\.6ms$/);
    expect(lines).toContain('  did not saturate up to 128 clients (highest throughput 2,308 ops/s); test higher loads to find the limit');
  });

  it('lists every guidance breach and the cleanup', () => {
    const text = formatTextSummary(runOf(etcdPutBench()));
    expect(linesOf(text).slice(-4, -1)).toEqual([
      '  FAIL etcd guidance broken: backend commit p99 30.6 ms > 25 ms, first at 128 clients',
      '  FAIL etcd guidance broken: 1 leader change (writes stall until a new leader is elected), first at 128 clients',
      '  cleanup: deleted 100,000 keys, revoked 0 leases under /headroom-bench/',
    ]);
    expect(text).toContain('  FAIL etcd guidance broken: WAL fsync p99 10.6 ms > 10 ms, first at 64 clients');
    expect(text).not.toMatch(/req\/s|connections/);
  });

  it('prints check perf as etcdctl words it, in place of the saturation search', () => {
    const lines = linesOf(formatTextSummary(runOf(etcdCheckPerfBench())));
    expect(lines.slice(3, 9)).toEqual([
      '  PASS etcdctl check perf --load=m: 1,000 puts/s from 200 clients for 1m00s, p99 14.1ms',
      '    PASS: Throughput is 963 writes/s',
      '    PASS: Slowest request took 0.077004s',
      '    PASS: Stddev is 0.003048s',
      '  PASS etcd guidance held at every step: WAL fsync p99 ≤ 10 ms, backend commit p99 ≤ 25 ms, no leader change or failed proposal, DB ≤ 80% of quota',
      '  cleanup: deleted 57,731 keys, revoked 0 leases under /headroom-bench/',
    ]);
    expect(lines.some((l) => l.includes('saturate'))).toBe(false);
  });

  it('shows a failed check perf with etcdctl\'s failure lines', () => {
    const bench = etcdCheckPerfBench();
    const step = { ...bench.steps[0]!, throughput: 640, errors: 3 };
    const failed: BenchResult = { ...bench, steps: [step], etcd: { ...bench.etcd!, checkPerf: judgeCheckPerf('m', step, 60_000) } };
    const text = formatTextSummary(runOf(failed));
    expect(text).toContain('  FAIL etcdctl check perf --load=m: 1,000 puts/s from 200 clients for 1m00s');
    expect(text).toContain('    FAIL: too many errors (3)\n    FAIL: Throughput too low: 641 writes/s\n');
  });

  it('says when the server could not be read or the cleanup did not run, and dashes what the server did not time', () => {
    const put = etcdPutBench();
    const blind: BenchResult = { ...put, steps: put.steps.map(({ server: _s, ...s }) => s), etcd: { ...put.etcd!, guidance: [], cleanup: null } };
    const text = formatTextSummary(runOf(blind));
    expect(linesOf(text)[1]).not.toContain('WAL');
    expect(text).toContain('  no server-side view: etcd\'s /metrics could not be read');
    expect(text).toContain('  cleanup did not run: keys may remain under /headroom-bench/ (see warnings)');
    const reads: BenchResult = { ...put, steps: put.steps.map((s) => ({ ...s, server: { ...s.server!, walFsyncMs: { count: 0, p50: 0, p99: 0, mean: 0 }, backendCommitMs: null } })) };
    expect(linesOf(formatTextSummary(runOf(reads)))[2]).toMatch(/ +– +–$/);
  });

  it('reads watch benches in ops/s too', () => {
    const text = formatTextSummary(runOf(etcdWatchBench()));
    expect(text).toContain('  did not saturate up to 800 ops/s (highest throughput 795 ops/s); test higher loads to find the limit');
    expect(text).toContain('  cleanup: deleted 100 keys, revoked 0 leases under /headroom-bench/');
  });
});
