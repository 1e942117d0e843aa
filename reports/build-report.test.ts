import { describe, expect, it } from 'vitest';
import type { BenchResult, RunResult } from '../scenarios/result.js';
import { buildReport } from './build-report.js';
import { etcdRun } from './etcd-fixtures.js';
import { buildEtcdSection } from './etcd-section.js';
import { closedBench, emptyRun, openBench, sampleRun } from './fixtures.js';

function runWith(bench: BenchResult): RunResult {
  return { ...sampleRun(), benches: [bench] };
}

describe('buildReport', () => {
  const model = buildReport(sampleRun());

  it('says where each bench saturates, what limited it and how far the SLO held', () => {
    expect(model.summary.map((l) => l.text)).toEqual([
      'api: saturates at 48 connections (864 req/s), limited by the USL peak (range 44–54)',
      'api: SLO p99 ≤ 150 ms, errors ≤ 1%, ≥ 500 req/s met up to 32 connections (837 req/s); first broken at 40 connections: p99 was 195 ms (limit 150 ms)',
      'api-open: saturates at 1,000 req/s offered (997 req/s served), limited by a throughput plateau (range 900–1,100)',
      'api-open: SLO p50 ≤ 10 ms, p99 ≤ 50 ms, ≥ 500 req/s met up to 800 req/s offered (800 req/s served); first broken at 900 req/s: p50 was 15.5 ms (limit 10 ms)',
      'api-open: stopped early: p99 above the 2s stop rule at 1,400 req/s',
    ]);
    expect(model.summary.map((l) => l.tone)).toEqual(['neutral', 'ok', 'neutral', 'ok', 'neutral']);
  });

  it('repeats the findings in each bench section without the name prefix', () => {
    expect(model.benches[0]!.verdict[0]!.text).toBe('Saturates at 48 connections (864 req/s), limited by the USL peak (range 44–54)');
  });

  it('tabulates every step and flags the SLO capacity, breach and saturation rows', () => {
    const t = model.benches[0]!.table;
    expect(t.columns.map((c) => c.label)).toEqual(['connections', 'throughput (req/s)', '95% CI', 'p50 (ms)', 'p99 (ms)', 'p99.9 (ms)', 'errors', '']);
    expect(t.rows).toHaveLength(closedBench().steps.length);
    const noted = t.rows.filter((r) => r.cells.at(-1)).map((r) => [r.cells[0], r.cells.at(-1), r.tone]);
    expect(noted).toEqual([
      ['32', 'SLO capacity', 'ok'],
      ['40', 'SLO broken (p99)', 'bad'],
      ['48', 'saturation', 'neutral'],
    ]);
    expect(t.rows[0]!.cells.slice(0, 3)).toEqual(['1', '60', '59.3–60.7']);
    expect(t.rows.at(-1)!.cells[6]).toBe('223 (6.4%)');
    expect(model.benches[1]!.table.columns[0]!.label).toBe('offered (req/s)');
  });

  it('gives every bench three charts and the run one resource chart, with unique ids', () => {
    expect(model.benches.map((b) => b.charts.map((c) => c.id))).toEqual([
      ['bench-0-throughput', 'bench-0-latency', 'bench-0-distribution'],
      ['bench-1-throughput', 'bench-1-latency', 'bench-1-distribution'],
    ]);
    expect(model.resources?.charts.map((c) => c.id)).toEqual(['resources']);
  });

  it('describes the run and the host', () => {
    expect(model.title).toBe('checkout-api capacity');
    expect(model.subtitle).toEqual([
      '2025-11-26 04:59:59 UTC · 1m51s · scenarios/checkout.yaml',
      'bench-1 · linux · 2 × AMD EPYC 7B13 · 8 GiB · Node.js v20.20.2',
    ]);
    expect(model.passed).toBe(true);
  });

  it('builds a model for a run with no finished steps and no resource samples', () => {
    const m = buildReport(emptyRun());
    expect(m.complete).toBe(false);
    expect(m.summary[0]).toEqual({ text: 'The run did not finish; this report shows the steps that did.', tone: 'bad' });
    expect(m.summary[1]!.text).toBe('never-started: no step finished, so there is nothing to analyse');
    expect(m.benches[0]!.charts).toEqual([]);
    expect(m.benches[0]!.table.rows).toEqual([]);
    expect(m.resources).toBeNull();
  });

  it('says so when saturation was not reached', () => {
    const b = closedBench();
    const m = buildReport(runWith({ ...b, saturation: { ...b.saturation, limitedBy: 'not-reached' } }));
    expect(m.summary[0]!.text).toBe('api: did not saturate up to 80 connections (highest throughput 878 req/s); test higher loads to find the limit');
    expect(m.benches[0]!.table.rows.some((r) => r.cells.at(-1)?.includes('saturation'))).toBe(false);
  });

  it('words SLO failures: never met, and met but below the required throughput', () => {
    const b = openBench();
    const never = buildReport(runWith({ ...b, slo: { ...b.slo!, passed: false, capacity: null, breach: { load: 100, objective: 'errorRate', observed: 0.031, limit: 0.01 } } }));
    expect(never.summary[1]).toEqual({
      text: 'api-open: SLO p50 ≤ 10 ms, p99 ≤ 50 ms, ≥ 500 req/s not met at any tested load; first broken at 100 req/s: error rate was 3.1% (limit 1%)',
      tone: 'bad',
    });
    const short = buildReport(runWith({ ...b, slo: { ...b.slo!, passed: false, objectives: { ...b.slo!.objectives, minThroughput: 2000 } } }));
    expect(short.summary[1]!.text).toContain('met up to 800 req/s offered (800 req/s served), short of the required 2,000 req/s; first broken at 900 req/s');
    expect(short.summary[1]!.tone).toBe('bad');
  });

  it('describes the USL fit in the bench facts', () => {
    expect(model.benches[0]!.facts[1]).toBe(
      'USL fit: σ = 0.0297 (contention), κ = 0.000403 (coherency), λ = 59.8 req/s per connection, R² = 0.996; peak 870 req/s at 49.2 connections',
    );
    expect(model.benches[1]!.facts.some((f) => f.startsWith('USL fit'))).toBe(false);
  });

  it('builds the same report from result.json as from the in-memory result', () => {
    const run = sampleRun();
    expect(buildReport(JSON.parse(JSON.stringify(run)) as RunResult)).toEqual(buildReport(run));
  });

  it('words a USL fit without a peak, including an infinite peak that JSON turned into null', () => {
    const b = closedBench();
    const amdahl = { ...b.usl!, kappa: 0, peak: Infinity, peakThroughput: b.usl!.lambda / b.usl!.sigma };
    const viaJson = JSON.parse(JSON.stringify(runWith({ ...b, usl: amdahl }))) as RunResult;
    expect(viaJson.benches[0]!.usl!.peak).toBeNull();
    expect(buildReport(viaJson).benches[0]!.facts[1]).toMatch(/; no peak \(κ = 0\): throughput levels off towards 2,013 req\/s$/);
    const linear = { ...b.usl!, sigma: 0, kappa: 0, peak: Infinity, peakThroughput: Infinity };
    expect(buildReport(runWith({ ...b, usl: linear })).benches[0]!.facts[1]).toMatch(/; no peak or ceiling yet: throughput still grows linearly$/);
  });
});

describe('buildReport with etcd benches', () => {
  const run = etcdRun();
  const model = buildReport(run);
  const [put, check, watch] = model.benches;

  it('puts the check-perf verdict and every guidance breach in the summary, in etcd words', () => {
    const lines = model.summary.map((l) => l.text);
    expect(lines).toContain('etcd-put: etcd guidance broken: WAL fsync p99 10.6 ms > 10 ms, first at 64 clients');
    expect(lines.filter((l) => l.startsWith('etcd-put: etcd guidance broken'))).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('etcd-check-m: '))).toMatch(/^etcd-check-m: check perf --load=m passed: 962 writes\/s of 1,000/);
    expect(lines).toContain('etcd-watch: did not saturate up to 800 ops/s (highest throughput 795 ops/s); test higher loads to find the limit');
    expect(lines.join('\n')).not.toMatch(/req\/s|connections/);
  });

  it('leaves out the saturation search for a check-perf bench that found no limit', () => {
    expect(model.summary.filter((l) => l.text.startsWith('etcd-check-m: ')).map((l) => l.text.split(':')[1]!.trim().split(' ')[0])).toEqual(['check', 'etcd']);
    expect(check!.facts.some((f) => f.startsWith('Saturation:'))).toBe(false);
    const limited = { ...run.benches[1]!, saturation: { ...run.benches[1]!.saturation, limitedBy: 'error-onset' as const, detail: 'error rate 5% exceeds 1% at 1000 ops/s' } };
    expect(buildReport({ ...run, benches: [limited] }).summary[0]!.text).toMatch(/^etcd-check-m: saturates at 1,000 ops\/s offered/);
  });

  it('merges the etcd facts after the model line, worded in clients', () => {
    expect(put!.facts[0]).toBe('closed model (fixed clients) · engine etcd3 · etcd put → http://127.0.0.1:2379 (prefix /headroom-bench/)');
    expect(put!.facts.slice(1, 5)).toEqual(buildEtcdSection(run.benches[0]!, 'bench-0').facts);
    // etcd is spelled lower-case even at the start of a sentence.
    expect(put!.verdict.map((v) => v.text)).toContain('etcd guidance broken: 1 leader change (writes stall until a new leader is elected), first at 128 clients');
  });

  it('tabulates clients and ops/s with the server p99s beside the client ones', () => {
    expect(put!.table.columns.map((c) => c.label)).toEqual(['clients', 'throughput (ops/s)', '95% CI', 'p50 (ms)', 'p99 (ms)', 'p99.9 (ms)', 'errors', 'WAL p99 (ms)', 'commit p99 (ms)', '']);
    expect(put!.table.rows.at(-1)!.cells.slice(7, 9)).toEqual(['19.5', '30.6']);
    expect(check!.table.columns[0]!.label).toBe('offered (ops/s)');
    const reads: BenchResult = { ...run.benches[0]!, steps: run.benches[0]!.steps.map((s) => ({ ...s, server: { ...s.server!, walFsyncMs: { count: 0, p50: 0, p99: 0, mean: 0 } } })) };
    expect(buildReport(runWith(reads)).benches[0]!.table.rows[0]!.cells[7]).toBe('–');
    const blind: BenchResult = { ...run.benches[0]!, steps: run.benches[0]!.steps.map(({ server: _s, ...s }) => s) };
    expect(buildReport(runWith(blind)).benches[0]!.table.columns).toHaveLength(8);
  });

  it('adds the client-vs-server chart and shows the watch delivery chart in place of the generic distribution', () => {
    expect(model.benches.map((b) => b.charts.map((c) => c.id))).toEqual([
      ['bench-0-throughput', 'bench-0-latency', 'bench-0-etcd-server-latency', 'bench-0-distribution'],
      ['bench-1-throughput', 'bench-1-latency', 'bench-1-etcd-server-latency', 'bench-1-distribution'],
      ['bench-2-throughput', 'bench-2-latency', 'bench-2-etcd-server-latency', 'bench-2-etcd-watch-delivery'],
    ]);
    expect(watch!.charts[3]!.title).toBe('Watch delivery latency by percentile, per step');
    expect(put!.charts[0]!.caption).toMatch(/^Successful operations per second at each client count/);
  });

  it('keeps HTTP wording for HTTP benches beside etcd ones', () => {
    const mixed = buildReport({ ...run, benches: [closedBench(), run.benches[0]!] });
    expect(mixed.summary[0]!.text).toBe('api: saturates at 48 connections (864 req/s), limited by the USL peak (range 44–54)');
    expect(mixed.benches[0]!.facts[0]).toMatch(/^closed model \(fixed connections\)/);
    expect(mixed.benches[0]!.charts[0]!.caption).toMatch(/^Successful requests per second at each connection count/);
  });
});
