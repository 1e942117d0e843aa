import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareCheckPerf } from './check-perf-compare.js';
import { parseCheckPerfOutput } from './check-perf-parse.js';
import { judgeCheckPerf } from './check-perf.js';
import { diffEtcdPuts, parseEtcdMetrics } from './etcd-server.js';
import { makeStep } from './fixtures/make-step.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('compareCheckPerf', () => {
  // etcdctl's real --load=m run and the server's scrapes around it; "ours" made to match it.
  const theirs = parseCheckPerfOutput(fixture('etcdctl-3.4.23-check-perf-m-pass.txt'), '', 'm');
  const theirPuts = diffEtcdPuts(parseEtcdMetrics(fixture('etcd-3.4.23-metrics-before-m.txt'), 0), parseEtcdMetrics(fixture('etcd-3.4.23-metrics-after-m.txt'), 60_000));
  const s = makeStep({ load: 1000, throughput: 957.3, p50Ms: 2.1, p99Ms: 19.5 });
  const ours = judgeCheckPerf('m', { ...s, latencyMs: { ...s.latencyMs, max: 85.2, stdev: 3.9 } }, 60_000);
  const rows = compareCheckPerf(ours, theirs, { ours: theirPuts && { ...theirPuts, puts: 57_438 }, etcdctl: theirPuts });
  const byFigure = Object.fromEntries(rows.map((r) => [r.figure, r]));

  it('puts throughput beside throughput, rounded the way etcdctl rounds it', () => {
    expect(byFigure['throughput (writes/s)']).toMatchObject({ ours: 958, etcdctl: 963 });
    expect(byFigure['throughput (writes/s)']!.difference).toBeCloseTo(958 / 963 - 1, 12);
    expect(byFigure['puts the server counted per second']).toMatchObject({ ours: 57_438 / 60, etcdctl: 57_731 / 60 });
  });

  it('compares slowest and stddev with etcdctl\'s printed figures', () => {
    expect(byFigure['slowest put (ms)']).toMatchObject({ ours: 85.2, etcdctl: 77.493 });
    expect(byFigure['stddev (ms)']).toMatchObject({ ours: 3.9, etcdctl: 3.639 });
  });

  it('compares p99 only on the server side, since etcdctl prints none', () => {
    expect(byFigure['server-side put p99 (ms)']!.etcdctl).toBeCloseTo(theirPuts!.handlingMs!.p99, 12);
    expect(byFigure['client put p99 (ms)']).toMatchObject({ ours: 19.5, etcdctl: null, difference: null });
  });

  it('leaves server rows empty without scrapes', () => {
    const bare = compareCheckPerf(ours, theirs);
    expect(bare.find((r) => r.figure === 'server-side put p99 (ms)')).toMatchObject({ ours: null, etcdctl: null, difference: null });
  });
});
