import { describe, expect, it } from 'vitest';
import { buildJsonSummary } from './json-summary.js';
import { sampleRun } from './fixtures.js';
import { hostRun, interruptedHostBench, sampleHostBench } from './host-fixtures.js';
import { formatHostText } from './host-text.js';
import { formatTextSummary } from './text-summary.js';

describe('formatHostText', () => {
  const text = formatHostText(sampleHostBench());
  const lines = text.split('\n');

  it('prints a metrics table with aligned columns, one row per metric', () => {
    expect(lines[0]).toBe('node-baseline (host, quick profile, cpu, memory, disk, network) · 1m11s');
    expect(lines[1]).toMatch(/^ {2}metric +mean +±95% +unit +cv +repeats +tool +guidance$/);
    expect(lines[2]).toMatch(/^ {2}cpu\.single +1,522 +24\.1 +ops\/s +0\.64% +3 +built-in$/);
    expect(text).toMatch(/\n {2}disk\.fdatasync\.p99 +3\.6 +0\.225 +ms +2\.51% +3 +fio-3\.33 +pass \(≤ 10 ms\)\n/);
    expect(text).toMatch(/\n {2}memory\.latency +93\.4 +5\.46 +ns +4\.71% +5\* +built-in\n/);
    const header = lines[1]!;
    // Figures are right-aligned under their heading.
    expect(lines[2]!.indexOf('1,522') + '1,522'.length).toBe(header.indexOf('mean') + 'mean'.length);
  });

  it('follows the table with the findings', () => {
    expect(lines.slice(-5)).toEqual([
      '  * not converged: the repeats still disagreed at the cap (or Ctrl-C), so the ±95% is wider',
      '  fdatasync p99 3.6 ms ≤ 10 ms: fit for etcd\'s WAL',
      '  all threads vs one: cpu.multi / cpu.single = 1.96× on 2 threads (98% of linear)',
      '  not converged: memory.latency still varied by 4.71% (cv) after 5 repeats; read it as 88–98.9 ns',
      '  skipped network.throughput: iperf3 -c 10.0.0.7:5201 failed: unable to connect to server (Connection refused)',
    ]);
  });

  it('says so when nothing finished, with no empty table', () => {
    expect(formatHostText(interruptedHostBench())).toBe(
      ['cut-short (host, quick profile, cpu, memory, disk, network) · 1.8 s', '  no metric finished, so there is nothing to report', '  stopped early: interrupted'].join('\n'),
    );
  });

  it('is part of the run\'s text summary, after the load benches', () => {
    const out = formatTextSummary({ ...sampleRun(), hostBenches: [sampleHostBench()] });
    expect(out.indexOf('node-baseline (host')).toBeGreaterThan(out.indexOf('api-open (http'));
    expect(formatTextSummary({ ...hostRun([interruptedHostBench()]), complete: false })).toContain('run interrupted: results hold the finished metrics only');
    expect(formatTextSummary({ ...sampleRun(), complete: false })).toContain('run interrupted: results hold the finished steps only');
  });
});

describe('the --json summary of host benches', () => {
  it('adds hostBenches with each metric\'s figures, and keeps the existing fields', () => {
    const plain = buildJsonSummary(sampleRun(), '/out');
    expect(plain.hostBenches).toEqual([]);
    const withHost = buildJsonSummary({ ...sampleRun(), hostBenches: [sampleHostBench()] }, '/out');
    expect({ ...withHost, hostBenches: [] }).toEqual(plain);
    const [h] = withHost.hostBenches;
    expect(h).toMatchObject({ name: 'node-baseline', profile: 'quick', stoppedEarly: null, skipped: [{ metric: 'network.throughput', reason: expect.stringContaining('Connection refused') }] });
    expect(h!.metrics.map((m) => m.name)).toEqual(sampleHostBench().metrics.map((m) => m.name));
    expect(h!.metrics[0]).toEqual({
      name: 'cpu.single',
      unit: 'ops/s',
      mean: 1521.67,
      ci95: [1497.54, 1545.79],
      cv: 0.006383,
      repeats: [1524, 1511, 1530],
      converged: true,
      tool: 'built-in',
      higherIsBetter: true,
      guidance: null,
    });
    expect(h!.metrics.find((m) => m.name === 'disk.fdatasync.p99')!.guidance).toEqual({ limit: 10, passed: true, text: 'fdatasync p99 3.6 ms ≤ 10 ms: fit for etcd\'s WAL' });
  });

  it('writes a cv that could not be estimated as null, which JSON can hold', () => {
    const b = sampleHostBench();
    const one = { ...b, metrics: [{ ...b.metrics[0]!, repeats: [1], cv: NaN }] };
    const json = JSON.parse(JSON.stringify(buildJsonSummary(hostRun([one]), null)));
    expect(json.hostBenches[0].metrics[0].cv).toBeNull();
  });
});
