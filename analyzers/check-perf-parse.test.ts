import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCheckPerfOutput } from './check-perf-parse.js';
import { judgeCheckPerf } from './check-perf.js';
import { makeStep } from './fixtures/make-step.js';

// Real etcdctl 3.4.23 output, progress bar (\r redraws) included, captured on this machine.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseCheckPerfOutput on real etcdctl 3.4.23 output', () => {
  it('reads a passing --load=m run', () => {
    const out = parseCheckPerfOutput(fixture('etcdctl-3.4.23-check-perf-m-pass.txt'), '', 'm');
    expect(out).toMatchObject({ profile: 'm', throughputWritesPerSec: 963, slowestMs: 77.493, stddevMs: 3.639, errors: [], passed: true, error: null });
    expect(out.checks).toEqual([
      { name: 'throughput', passed: true, observed: 963, limit: 900, text: 'PASS: Throughput is 963 writes/s' },
      { name: 'slowest', passed: true, observed: 77.493, limit: 500, text: 'PASS: Slowest request took 0.077493s' },
      { name: 'stddev', passed: true, observed: 3.639, limit: 100, text: 'PASS: Stddev is 0.003639s' },
    ]);
  });

  it('reads a failing run whose first line is glued to the progress bar, with its errors', () => {
    // etcd with a 2 MiB quota: puts failed with NOSPACE after the first thousand.
    const out = parseCheckPerfOutput(fixture('etcdctl-3.4.23-check-perf-s-errors.txt'), '', 's');
    expect(out.passed).toBe(false);
    expect(out.errors).toEqual([{ message: 'etcdserver: mvcc: database space exceeded', count: 7909 }]);
    expect(out.checks.map((c) => [c.name, c.passed, c.observed])).toEqual([
      ['errors', false, 7909],
      ['throughput', false, 17],
      ['slowest', true, 24.555],
      ['stddev', true, 1.861],
    ]);
    expect(out.checks[1]!.text).toBe('FAIL: Throughput too low: 17 writes/s');
  });

  it('reads etcdctl\'s refusal to start on a prefix that holds keys', () => {
    const out = parseCheckPerfOutput('', fixture('etcdctl-3.4.23-check-perf-prefix-stderr.txt'), 's');
    expect(out.error).toBe('prefix "/etcdctl-check-perf/" has keys. Delete with etcdctl del --prefix /etcdctl-check-perf/ first');
    expect(out).toMatchObject({ checks: [], passed: null, throughputWritesPerSec: null });
  });
});

describe('parseCheckPerfOutput on lines check.go prints that the captures above lack', () => {
  // The slowest and stddev failures, worded without a "FAIL:" prefix, as check.go prints them.
  const text = ' 60 / 60 Booo! 100.00% 1m0s\nFAIL: Throughput too low: 8451 writes/s\nSlowest request took too long: 0.786915s\nStddev too high: 0.163215s\nFAIL\n';
  it('reads failing slowest and stddev', () => {
    const out = parseCheckPerfOutput(text, '', 'xl');
    expect(out.checks.map((c) => [c.name, c.passed, c.observed, c.limit])).toEqual([
      ['throughput', false, 8451, 13500],
      ['slowest', false, 786.915, 500],
      ['stddev', false, 163.215, 100],
    ]);
    expect(out.passed).toBe(false);
  });

  it('reads NaN, which Go prints for the stddev when no put succeeded', () => {
    const out = parseCheckPerfOutput('FAIL: Throughput too low: 1 writes/s\nPASS: Slowest request took 0.000000s\nPASS: Stddev is NaNs\nFAIL\n', '', 's');
    expect(out.stddevMs).toBeNaN();
    expect(out.slowestMs).toBe(0);
  });

  it('gives nothing for output that is not check perf\'s', () => {
    expect(parseCheckPerfOutput('hello\n', '', 's')).toMatchObject({ checks: [], passed: null, error: null });
  });
});

describe('judgeCheckPerf words its checks exactly as etcdctl prints them', () => {
  it('reproduces each line of the real --load=m output from the same figures', () => {
    const real = parseCheckPerfOutput(fixture('etcdctl-3.4.23-check-perf-m-pass.txt'), '', 'm');
    const s = makeStep({ load: 1000, throughput: 962.2 });
    const ours = judgeCheckPerf('m', { ...s, latencyMs: { ...s.latencyMs, max: 77.493, stdev: 3.639 } }, 60_000);
    expect(ours.checks.map((c) => c.text)).toEqual(real.checks.map((c) => c.text));
  });
});
