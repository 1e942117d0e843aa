import { describe, expect, it } from 'vitest';
import { judgeCheckPerf } from '../analyzers/check-perf.js';
import type { BenchResult } from '../scenarios/result.js';
import { closedBench } from './fixtures.js';
import { etcdCheckPerfBench, etcdPutBench, etcdWatchBench } from './etcd-fixtures.js';
import { buildEtcdSection, describeCheckPerf } from './etcd-section.js';

describe('buildEtcdSection', () => {
  it('states what ran against what, and what the cleanup removed', () => {
    const { facts } = buildEtcdSection(etcdPutBench(), 'bench-0');
    expect(facts).toEqual([
      'workload put · endpoint http://127.0.0.1:2379 · prefix /headroom-bench/',
      'keys 256 B (prefix included) · values 1 KiB · key space 100,000 · 10 connections',
      'etcd 3.4.23 · server metrics from http://127.0.0.1:2379/metrics',
      'cleanup: deleted 100,000 keys under /headroom-bench/',
    ]);
  });

  it('lists each guidance breach with the step where it first appeared', () => {
    const { verdict } = buildEtcdSection(etcdPutBench(), 'bench-0');
    expect(verdict).toEqual([
      { text: 'etcd guidance broken: WAL fsync p99 10.6 ms > 10 ms, first at 64 connections', tone: 'bad' },
      { text: 'etcd guidance broken: backend commit p99 30.6 ms > 25 ms, first at 128 connections', tone: 'bad' },
      { text: 'etcd guidance broken: 1 leader change (writes stall until a new leader is elected), first at 128 connections', tone: 'bad' },
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
  });
});
