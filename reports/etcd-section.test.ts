import { describe, expect, it } from 'vitest';
import { judgeCheckPerf } from '../analyzers/check-perf.js';
import type { BenchResult } from '../scenarios/result.js';
import { closedBench } from './fixtures.js';
import { etcdCheckPerfBench, etcdPutBench, etcdWatchBench } from './etcd-fixtures.js';
import { buildEtcdSection, describeCheckPerf, describeCleanup, describeEtcdGuidance, isCheckPerfWithoutLimit } from './etcd-section.js';

describe('buildEtcdSection', () => {
  it('states what ran against what, and what the cleanup removed', () => {
    const { facts } = buildEtcdSection(etcdPutBench(), 'bench-0');
    expect(facts).toEqual([
      'workload put · endpoint http://127.0.0.1:2379 · prefix /headroom-bench/',
      'keys 256 B (prefix included) · values 1 KiB · key space 100,000 · 10 gRPC connections',
      'etcd 3.4.23 · server metrics from http://127.0.0.1:2379/metrics',
      'cleanup: deleted 100,000 keys, revoked 0 leases under /headroom-bench/',
    ]);
  });

  it('lists each guidance breach with the step where it first appeared', () => {
    const { verdict } = buildEtcdSection(etcdPutBench(), 'bench-0');
    expect(verdict).toEqual([
      { text: 'etcd guidance broken: WAL fsync p99 10.6 ms > 10 ms, first at 64 clients', tone: 'bad' },
      { text: 'etcd guidance broken: backend commit p99 30.6 ms > 25 ms, first at 128 clients', tone: 'bad' },
      { text: 'etcd guidance broken: 1 leader change (writes stall until a new leader is elected), first at 128 clients', tone: 'bad' },
    ]);
  });

  it('gives the check-perf verdict and the load it reproduced', () => {
    const bench = etcdCheckPerfBench();
    const { facts, verdict } = buildEtcdSection(bench, 'bench-1');
    expect(facts).toContain('load of etcdctl check perf --load=m: 1,000 puts/s from 200 clients for 1m00s, no warm-up');
    expect(verdict[0]!.tone).toBe('ok');
    expect(verdict[0]!.text).toMatch(/^check perf --load=m passed: 962 writes\/s of 1,000 \(needs > 900\), slowest [\d.]+ ms \(≤ 500 ms\), stddev [\d.]+ ms \(≤ 100 ms\); p99 [\d.]+ ms$/);
    expect(verdict[1]).toEqual({ text: expect.stringMatching(/^etcd guidance held at every step: WAL fsync p99 ≤ 10 ms/), tone: 'ok' });
  });

  it('puts the failed checks first when check perf fails', () => {
    const bench = etcdCheckPerfBench();
    const step = { ...bench.steps[0]!, throughput: 640, errors: 3 };
    const line = describeCheckPerf(judgeCheckPerf('m', step, 60_000));
    expect(line.tone).toBe('bad');
    expect(line.text).toMatch(/^check perf --load=m failed: 3 puts failed \(etcdctl fails on any\), 640 writes\/s of 1,000 \(below > 900\), slowest /);
  });

  it('says how many puts were dropped with every client busy, which etcdctl would have queued', () => {
    const step = { ...etcdCheckPerfBench().steps[0]!, dropped: 12 };
    const line = describeCheckPerf(judgeCheckPerf('m', step, 60_000));
    expect(line.tone).toBe('bad');
    expect(line.text).toMatch(/^check perf --load=m failed: 12 puts dropped with all 200 clients busy \(etcdctl would have queued them\), 962 writes\/s/);
  });

  it('says so when the server could not be read, and when cleanup did not run', () => {
    const put = etcdPutBench();
    const bench: BenchResult = { ...put, steps: put.steps.map(({ server: _s, ...s }) => s), etcd: { ...put.etcd!, guidance: [], cleanup: null, serverVersion: null } };
    const { facts, verdict } = buildEtcdSection(bench, 'b');
    expect(facts).toContain('etcd version unknown · no server metrics (its /metrics could not be read)');
    expect(facts).toContain('cleanup did not run: keys may remain under /headroom-bench/ (see warnings)');
    expect(verdict).toEqual([{ text: 'no server-side view: etcd\'s /metrics could not be read', tone: 'neutral' }]);
  });

  it('draws the client-vs-server chart, and the delivery chart for watch only', () => {
    expect(buildEtcdSection(etcdPutBench(), 'bench-0').charts.map((c) => c.id)).toEqual(['bench-0-etcd-server-latency']);
    expect(buildEtcdSection(etcdWatchBench(), 'bench-2').charts.map((c) => c.id)).toEqual(['bench-2-etcd-server-latency', 'bench-2-etcd-watch-delivery']);
    expect(buildEtcdSection({ ...etcdPutBench(), steps: [] }, 'x').charts).toEqual([]);
  });

  it('adds nothing to an HTTP bench', () => {
    expect(buildEtcdSection(closedBench(), 'bench-0')).toEqual({ facts: [], verdict: [], charts: [] });
    expect(describeCleanup(closedBench())).toBeNull();
    expect(describeEtcdGuidance(closedBench())).toEqual([]);
    expect(isCheckPerfWithoutLimit(closedBench())).toBe(false);
  });

  it('counts revoked leases in the cleanup line', () => {
    const put = etcdPutBench();
    expect(describeCleanup({ ...put, etcd: { ...put.etcd!, workload: 'lease', cleanup: { keysDeleted: 1, leasesRevoked: 400 } } })).toBe(
      'cleanup: deleted 1 key, revoked 400 leases under /headroom-bench/',
    );
  });

  it('words the load in clients and ops/s, never connections or req/s', () => {
    const open = buildEtcdSection(etcdWatchBench(), 'w');
    const closed = buildEtcdSection(etcdPutBench(), 'p');
    const words = JSON.stringify([open.verdict, closed.verdict, open.charts.map((c) => [c.caption, c.spec]), closed.charts.map((c) => [c.caption, c.spec])]);
    expect(words).not.toMatch(/req\/s|connection count/);
    expect(closed.charts[0]!.caption).toContain('at each client count');
    expect(JSON.stringify(closed.charts[0]!.spec)).toContain('"title":"clients"');
    expect(JSON.stringify(open.charts[1]!.spec)).toContain('"title":"ops/s"');
  });

  it('draws the watch delivery chart from the distribution spec, worded for delivery', () => {
    const watch = etcdWatchBench();
    const chart = buildEtcdSection(watch, 'w').charts.find((c) => c.id === 'w-etcd-watch-delivery')!;
    expect(JSON.stringify(chart.spec)).toContain('"delivery latency, put → event (ms)"');
    expect(chart.caption).not.toContain('diamond');
    const withSlo: BenchResult = { ...watch, slo: { passed: true, capacity: null, breach: null, objectives: { p99: 20 } } };
    expect(buildEtcdSection(withSlo, 'w').charts[1]!.caption).toContain('A diamond marks an SLO objective');
  });

  it('takes a check-perf bench without a limit for a verdict, not a saturation search', () => {
    expect(isCheckPerfWithoutLimit(etcdCheckPerfBench())).toBe(true);
    expect(isCheckPerfWithoutLimit(etcdPutBench())).toBe(false);
    const b = etcdCheckPerfBench();
    expect(isCheckPerfWithoutLimit({ ...b, saturation: { ...b.saturation, limitedBy: 'error-onset' } })).toBe(false);
  });
});
