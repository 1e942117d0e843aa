// What the text summary adds per step: the workload's own counts and etcd's error messages (etcd
// benches), and the generator's pauses (any bench whose steps carry them).
import { describe, expect, it } from 'vitest';
import type { BenchResult, RunResult } from '../scenarios/result.js';
import { etcdPutBench, etcdRun, etcdWatchBench } from './etcd-fixtures.js';
import { describeErrorSamples, describeWorkloadStats } from './etcd-step-notes.js';
import { sampleRun } from './fixtures.js';
import { formatTextSummary } from './text-summary.js';

const runOf = (...benches: BenchResult[]): RunResult => ({ ...etcdRun(), benches });

function txnBench(): BenchResult {
  const put = etcdPutBench();
  return {
    ...put,
    etcd: { ...put.etcd!, workload: 'txn' },
    steps: put.steps.slice(0, 2).map((s, i) => ({ ...s, workloadStats: { succeeded: 12_034 * (i + 1), failed: 56 * (i + 1) } })),
  };
}

function quotaBench(): BenchResult {
  const put = etcdPutBench();
  const full = 'etcdserver: mvcc: database space exceeded';
  return {
    ...put,
    steps: put.steps.slice(0, 3).map((s, i) => (i === 0 ? s : { ...s, errorSamples: i === 1 ? [full] : [full, 'etcdserver: too many requests'] })),
  };
}

describe('describeWorkloadStats', () => {
  it('words each counter after its number, one line per step that has counts', () => {
    expect(describeWorkloadStats(txnBench())).toEqual([
      'txn at 1 client: 12,034 compares succeeded, 56 compares failed',
      'txn at 2 clients: 24,068 compares succeeded, 112 compares failed',
    ]);
    const watch = etcdWatchBench();
    const withStats = { ...watch, steps: [{ ...watch.steps[0]!, workloadStats: { watchers: 100, events: 1000, streamFailures: 0, somethingNew: 3 } }] };
    expect(describeWorkloadStats(withStats)).toEqual(['watch at 100 ops/s: 100 watchers, 1,000 events, 0 watch streams lost, 3 somethingNew']);
  });

  it('says nothing for steps without counts (put, range) or for http benches', () => {
    expect(describeWorkloadStats(etcdPutBench())).toEqual([]);
    expect(describeWorkloadStats(sampleRun().benches[0]!)).toEqual([]);
  });
});

describe('describeErrorSamples', () => {
  it('gives one line per distinct message with the steps it came from', () => {
    expect(describeErrorSamples(quotaBench())).toEqual([
      'error at 2 clients, 4 clients: etcdserver: mvcc: database space exceeded',
      'error at 4 clients: etcdserver: too many requests',
    ]);
    expect(describeErrorSamples(etcdPutBench())).toEqual([]);
  });
});

describe('formatTextSummary with the step notes', () => {
  it('prints the workload counts and the error messages after the guidance', () => {
    const lines = formatTextSummary(runOf(txnBench(), quotaBench())).split('\n');
    expect(lines).toContain('  txn at 2 clients: 24,068 compares succeeded, 112 compares failed');
    expect(lines).toContain('  error at 2 clients, 4 clients: etcdserver: mvcc: database space exceeded');
    expect(lines).toContain('  error at 4 clients: etcdserver: too many requests');
    const guidance = lines.findIndex((l) => l.includes('etcd guidance'));
    expect(lines.findIndex((l) => l.startsWith('  txn at 1 client'))).toBeGreaterThan(guidance);
  });

  it('adds a generator-lag column (p99/max) when steps carry it, a dash for a step without', () => {
    const http = sampleRun().benches[0]!;
    const steps = http.steps.map((s, i) => (i === 0 ? s : { ...s, generatorLagMs: { p99: 1.05, max: 61.9 } }));
    const lines = formatTextSummary({ ...sampleRun(), benches: [{ ...http, steps }] }).split('\n');
    expect(lines[1]).toMatch(/ dropped +gen lag p99\/max$/);
    expect(lines[2]).toMatch(/ –$/);
    expect(lines[3]).toMatch(/ 1\.05ms\/61\.9ms$/);
    expect(formatTextSummary(sampleRun())).not.toContain('gen lag');
  });
});
