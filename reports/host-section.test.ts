import { describe, expect, it } from 'vitest';
import type { RunResult } from '../scenarios/result.js';
import { buildReport } from './build-report.js';
import { sampleRun } from './fixtures.js';
import { hostRun, interruptedHostBench, sampleHostBench, slowDiskHostBench } from './host-fixtures.js';
import { renderHtml } from './render-html.js';

const libs = { vega: 'var vega = {};', vegaLite: 'var vegaLite = {};', vegaEmbed: 'var vegaEmbed = function () {};' };

describe('the host bench in the run report', () => {
  const model = buildReport(hostRun());
  const section = model.benches[0]!;

  it('leads the summary with the guidance verdict, the CPU scaling, what did not converge and what was skipped', () => {
    expect(model.summary).toEqual([
      { text: 'node-baseline: fdatasync p99 3.6 ms ≤ 10 ms: fit for etcd\'s WAL', tone: 'ok' },
      { text: 'node-baseline: all threads vs one: cpu.multi / cpu.single = 1.96× on 2 threads (98% of linear)', tone: 'neutral' },
      { text: 'node-baseline: not converged: memory.latency still varied by 4.71% (cv) after 5 repeats; read it as 88–98.9 ns', tone: 'neutral' },
      { text: 'node-baseline: skipped network.throughput: iperf3 -c 10.0.0.7:5201 failed: unable to connect to server (Connection refused)', tone: 'neutral' },
    ]);
  });

  it('marks a disk too slow for etcd as a failed finding', () => {
    const slow = buildReport(hostRun([slowDiskHostBench()]));
    expect(slow.summary[0]).toEqual({ text: 'slow-disk: fdatasync p99 16.0 ms > 10 ms: too slow for etcd\'s WAL (etcd asks for ≤ 10 ms)', tone: 'bad' });
    const row = slow.benches[0]!.table.rows.find((r) => r.cells[0] === 'disk.fdatasync.p99')!;
    expect(row.tone).toBe('bad');
    expect(row.cells.at(-1)).toBe('FAIL (≤ 10 ms)');
  });

  it('tabulates every metric with its mean, 95% range, unit and direction, cv, repeats, tool and guidance', () => {
    const t = section.table;
    expect(section.tableTitle).toBe('Metrics');
    expect(t.columns.map((c) => c.label)).toEqual(['metric', 'mean', '95% CI', 'unit', 'cv', 'repeats', 'tool', 'guidance']);
    expect(t.rows.map((r) => r.cells[0])).toEqual(sampleHostBench().metrics.map((m) => m.name));
    const byName = new Map(t.rows.map((r) => [r.cells[0], r]));
    expect(byName.get('cpu.single')!.cells).toEqual(['cpu.single', '1,522', '1,498–1,546', 'ops/s ↑', '0.64%', '3', 'built-in', '']);
    expect(byName.get('disk.fdatasync.p99')).toEqual({ tone: 'ok', cells: ['disk.fdatasync.p99', '3.6', '3.38–3.83', 'ms ↓', '2.51%', '3', 'fio-3.33', 'pass (≤ 10 ms)'] });
    expect(byName.get('memory.latency')!.cells[5]).toBe('5, not converged');
  });

  it('adds the skipped metrics, the inventory and its findings as further tables', () => {
    expect(section.extraTables!.map((t) => [t.title, t.table.rows.length])).toEqual([
      ['Skipped', 1],
      ['Host inventory', 14], // cpu, topology, frequency, memory, 1 disk, 2 NICs, kernel, os, virtualization, cgroup, quota, memory limit, throttling
      ['What about this host can skew the figures', 3],
    ]);
    const inv = new Map(section.extraTables![1]!.table.rows.map((r) => [r.cells[0], r.cells[1]]));
    expect(inv.get('cpu')).toBe('AMD EPYC 7B13');
    expect(inv.get('topology')).toBe('1 socket(s), 1 cores, 2 threads, 1 NUMA node(s)');
    expect(inv.get('virtualization')).toBe('kvm');
    expect(inv.get('cgroup')).toBe('v2');
    expect(inv.get('cpu quota')).toBe('unlimited');
    expect(inv.get('disk sda')).toContain('non-rotational');
  });

  it('draws the metrics chart and the fdatasync distribution, with ids unique across the report', () => {
    expect(section.charts.map((c) => [c.id, c.title])).toEqual([
      ['host-0-metrics', 'Metrics with their spread'],
      ['host-0-latency', 'fdatasync latency by percentile'],
    ]);
    const mixed = buildReport({ ...sampleRun(), hostBenches: [sampleHostBench(), slowDiskHostBench()] });
    const ids = [...mixed.benches.flatMap((b) => b.charts), ...(mixed.resources?.charts ?? [])].map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('host-1-latency');
  });

  it('puts host benches after the load benches and leaves those sections as they were', () => {
    const run = sampleRun();
    const plain = buildReport(run);
    const mixed = buildReport({ ...run, hostBenches: [sampleHostBench()] });
    expect(mixed.benches.map((b) => b.name)).toEqual(['api', 'api-open', 'node-baseline']);
    expect(mixed.benches.slice(0, 2)).toEqual(plain.benches);
    expect(mixed.summary.slice(0, plain.summary.length)).toEqual(plain.summary);
    expect(mixed.resources).toEqual(plain.resources);
  });

  it('renders a bench that finished no metric: a sentence instead of charts, the inventory still there', () => {
    const run: RunResult = { ...hostRun([interruptedHostBench()]), complete: false };
    const m = buildReport(run);
    expect(m.summary.map((l) => l.text)).toEqual([
      'The run did not finish; this report shows the metrics that did.',
      'cut-short: no metric finished, so there is nothing to report',
      'cut-short: stopped early: interrupted',
    ]);
    expect(m.benches[0]!.charts).toEqual([]);
    const html = renderHtml(m, libs);
    expect(html).toContain('<p class="empty">No metric finished, so there is nothing to chart.</p>');
    expect(html).toContain('<h3>Host inventory</h3>');
    expect(html).not.toContain('<h3>Metrics</h3>');
  });

  it('renders the extra tables as wrapping prose tables after the metrics table', () => {
    const html = renderHtml(model, libs);
    const at = (s: string) => html.indexOf(s);
    expect(at('<h3>Metrics</h3>')).toBeGreaterThan(0);
    expect(at('<h3>Skipped</h3>')).toBeGreaterThan(at('<h3>Metrics</h3>'));
    expect(at('<h3>Host inventory</h3>')).toBeGreaterThan(at('<h3>Skipped</h3>'));
    expect(html).toContain('<table class="prose">');
    expect(html).toContain('<td>disk.fdatasync.p99</td><td class="num">3.6</td>');
  });

  it('builds the same report from result.json as from the in-memory result', () => {
    const run = hostRun();
    expect(buildReport(JSON.parse(JSON.stringify(run)) as RunResult)).toEqual(buildReport(run));
  });

  it('sums up many metrics that did not converge in one sentence instead of one each', () => {
    const b = sampleHostBench();
    const noisy = { ...b, metrics: b.metrics.map((m) => (m.name.startsWith('cpu.') ? { ...m, converged: false } : m)) };
    const lines = buildReport(hostRun([noisy])).summary.map((l) => l.text).filter((t) => t.includes('not converged'));
    expect(lines).toEqual([
      'node-baseline: not converged: cpu.single (cv 0.64%), cpu.multi (cv 0.69%), cpu.scaling (cv 0.17%), memory.latency (cv 4.71%) still varied at the repeat cap; a busy or throttled host is the usual cause, so read their 95% ranges rather than the means',
    ]);
    const scalingOnly = { ...b, metrics: b.metrics.map((m) => ({ ...m, converged: m.name !== 'cpu.scaling' })) };
    expect(buildReport(hostRun([scalingOnly])).summary.map((l) => l.text)).toContain(
      'node-baseline: not converged: cpu.scaling still varied by 0.17% (cv) after 3 repeats; read it as 1.95–1.97×',
    );
  });

  it('leaves out the scaling sentence without cpu.scaling and the thread count when unknown', () => {
    const b = sampleHostBench();
    const noThreads = { ...b, inventory: { ...b.inventory, cpu: { ...b.inventory.cpu, threads: null } } };
    expect(buildReport(hostRun([noThreads])).summary[1]!.text).toBe('node-baseline: all threads vs one: cpu.multi / cpu.single = 1.96×');
    const noScaling = { ...b, metrics: b.metrics.filter((m) => m.name !== 'cpu.scaling') };
    expect(buildReport(hostRun([noScaling])).summary.some((l) => l.text.includes('cpu.multi / cpu.single'))).toBe(false);
  });
});
