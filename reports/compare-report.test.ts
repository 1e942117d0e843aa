// The compare outputs built from fixed synthetic results: the summary line, the text table, the JSON
// shape and the report model.
import { describe, expect, it } from 'vitest';
import { compareHostResults, type HostComparison } from '../analyzers/compare.js';
import { loadReportLibs } from '../agents/write-report.js';
import type { RunResult } from '../scenarios/result.js';
import { editedInventory, fdatasyncGuidance, newHostPair, pinnedPair, sameMachinePair, syntheticHostRun } from './compare-fixtures.js';
import { buildCompareReport, compareJson } from './compare-report.js';
import { formatFactor, formatPValue, formatValue, summarizeComparison, type CompareMeta } from './compare-summary.js';
import { formatCompareText } from './compare-text.js';
import { renderHtml } from './render-html.js';

function meta(baseline: RunResult, candidate: RunResult): CompareMeta {
  return {
    baseline: { file: 'results/a/result.json', hostname: baseline.host.hostname, startedAt: baseline.startedAt },
    candidate: { file: 'results/b/result.json', hostname: candidate.host.hostname, startedAt: candidate.startedAt },
    generatedAt: '2026-01-12T08:00:00.000Z',
  };
}

function compared(pair: { baseline: RunResult; candidate: RunResult }): { c: HostComparison; meta: CompareMeta } {
  return { c: compareHostResults(pair.baseline, pair.candidate, { tolerance: 0.05 }), meta: meta(pair.baseline, pair.candidate) };
}

const newHost = compared(newHostPair(3));
const pinned = compared(pinnedPair(1));
const same = compared(sameMachinePair(1));

describe('summarizeComparison', () => {
  it('names the changes, the CPU ones under one subject, and says when the candidate is not fit for etcd', () => {
    expect(summarizeComparison(newHost.c)).toMatch(/^candidate is 1\.61× faster on single-core CPU, 1\.64× on all-core CPU; fdatasync p99 regressed 5\.\d+× — not fit for etcd$/);
    expect(summarizeComparison(pinned.c)).toBe('candidate is 1.99× slower on all-core CPU; all-core scaling regressed 2×');
    expect(summarizeComparison(same.c)).toBe('no difference beyond the tolerance on all 11 metrics compared');
  });

  it('says "not fit for etcd" even when fdatasync did not change, and "now fit" when only the baseline failed', () => {
    const slowDisk = (seed: number) => {
      const run = syntheticHostRun({ seed, scale: { 'disk.fdatasync.p99': 6 } });
      return run;
    };
    expect(summarizeComparison(compareHostResults(slowDisk(1), slowDisk(2), { tolerance: 0.05 }))).toMatch(/^fdatasync p99 1\d(\.\d)? ms unchanged — not fit for etcd$/);
    const fixed = compareHostResults(slowDisk(1), syntheticHostRun({ seed: 2 }), { tolerance: 0.05 });
    expect(summarizeComparison(fixed)).toMatch(/^fdatasync p99 improved [\d.]+× — now fit for etcd$/);
  });

  it('judges etcd fitness by the 10 ms rule when the metric carries no guidance, converting µs', () => {
    const strip = (run: RunResult, toUs: boolean): RunResult => {
      const copy = structuredClone(run);
      for (const m of copy.hostBenches![0]!.metrics) {
        if (m.name !== 'disk.fdatasync.p99') continue;
        delete m.guidance;
        if (toUs) Object.assign(m, { unit: 'µs', repeats: m.repeats.map((v) => v * 1000), mean: m.mean * 1000 });
      }
      return copy;
    };
    const base = syntheticHostRun({ seed: 1 });
    const slow = syntheticHostRun({ seed: 2, scale: { 'disk.fdatasync.p99': 6 } });
    expect(summarizeComparison(compareHostResults(strip(base, true), strip(slow, true), { tolerance: 0.05 }))).toMatch(/— not fit for etcd$/);
    expect(fdatasyncGuidance(10)!.passed).toBe(true);
  });

  it('caps the line at four metrics and counts the rest', () => {
    const baseline = syntheticHostRun({ seed: 1 });
    const candidate = syntheticHostRun({ seed: 2, scale: { 'cpu.single': 2, 'cpu.multi': 2, 'memory.bandwidth': 2.5, 'memory.latency': 0.35, 'disk.seq-write': 2, 'disk.seq-read': 2 } });
    const line = summarizeComparison(compareHostResults(baseline, candidate, { tolerance: 0.05 }));
    expect(line).toMatch(/^candidate is [\d.]+× faster on single-core CPU, [\d.]+× on all-core CPU; memory bandwidth improved [\d.]+×; memory latency improved [\d.]+×; 2 more metrics changed$/);
  });
});

describe('formatCompareText', () => {
  const text = formatCompareText(newHost.c, newHost.meta);
  const lines = text.split('\n');

  it('heads with both runs, then a table row per metric', () => {
    expect(lines[0]).toBe('baseline   results/a/result.json · node-a · 2026-01-10 09:00:00 UTC');
    expect(lines[1]).toBe('candidate  results/b/result.json · node-b · 2026-01-11 14:30:00 UTC');
    expect(lines[3]).toMatch(/^ {2}metric +unit +baseline +candidate +ratio +95% range +tol +p +verdict$/);
    expect(text).toMatch(/^ {2}cpu\.multi +ops\/s +2,865 +4,703 +1\.64× +1\.10–2\.45 +5% +0\.017 +BETTER$/m);
    expect(text).toMatch(/^ {2}disk\.fdatasync\.p99 +ms +2\.05 +11\.1 +0\.18× +0\.\d\d–0\.\d\d +20% +0\.0\d+ +WORSE$/m);
    expect(text).toMatch(/^ {2}memory\.latency +ns .* same$/m);
  });

  it('explains raised tolerances, lists the warnings, and ends with the summary', () => {
    expect(text).toContain('    disk.seq-write, disk.seq-read, disk.rand-read-iops ±10%: disk figures drift between runs');
    expect(text).toMatch(/^warning: kernel differs \(baseline 6\.1\.0-18-cloud-amd64, candidate 6\.8\.0-1015-gcp\): .* This may explain disk\.fdatasync\.p99 worse\.$/m);
    expect(lines.at(-2)).toBe(`summary: ${summarizeComparison(newHost.c)}`);
  });

  it('lists metrics only one run has', () => {
    const c = compareHostResults(syntheticHostRun({ seed: 1, omit: ['network.rtt'] }), syntheticHostRun({ seed: 2 }), { tolerance: 0.05 });
    expect(formatCompareText(c, same.meta)).toMatch(/^only in the candidate: network\.rtt$/m);
  });
});

describe('compareJson', () => {
  it('has the issue\'s shape, means as baseline and candidate, and the extras', () => {
    const json = compareJson(pinned.c, pinned.meta) as { metrics: Array<Record<string, unknown>>; summary: string; warnings: string[]; inventoryDifferences: Array<Record<string, unknown>> };
    const multi = json.metrics.find((m) => m.name === 'cpu.multi')!;
    const source = pinned.c.metrics.find((m) => m.name === 'cpu.multi')!;
    expect(Object.keys(multi).slice(0, 7)).toEqual(['name', 'baseline', 'candidate', 'ratio', 'range', 'pValue', 'verdict']);
    expect(multi.baseline).toBeCloseTo(source.baseline.mean, 2);
    expect(multi.candidate).toBeCloseTo(source.candidate.mean, 2);
    expect(multi).toMatchObject({ verdict: 'worse', unit: 'ops/s', higherIsBetter: true, tolerance: 0.05, repeats: { baseline: 3, candidate: 3 }, warnings: [] });
    expect((multi.range as number[])[0]).toBeLessThan(multi.ratio as number);
    expect(json.summary).toBe(summarizeComparison(pinned.c));
    expect(json.inventoryDifferences).toEqual([{ field: 'cpu.availableCpus', label: 'CPUs available to the process', baseline: '2 CPUs', candidate: '1 CPU', why: expect.stringMatching(/^CPU affinity/) }]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('writes null for what one repeat cannot give', () => {
    const c = compareHostResults(syntheticHostRun({ seed: 1, repeats: 1 }), syntheticHostRun({ seed: 2, repeats: 1 }), { tolerance: 0.05 });
    const json = compareJson(c, same.meta) as { metrics: Array<Record<string, unknown>> };
    expect(json.metrics[0]).toMatchObject({ range: null, pValue: null, verdict: 'same', df: null, warnings: [expect.stringMatching(/^fewer than 2 repeats/)] });
  });
});

describe('buildCompareReport', () => {
  const model = buildCompareReport(newHost.c, newHost.meta);

  it('titles both hosts, badges the worse count and puts the summary line first', () => {
    expect(model.title).toBe('Host comparison · node-a → node-b');
    expect(model.status).toEqual({ text: '1 worse', tone: 'bad' });
    expect(model.passed).toBe(false);
    expect(model.summary).toEqual([{ text: expect.stringMatching(/^Candidate is 1\.61× faster .* — not fit for etcd$/), tone: 'bad' }]);
    expect(model.warnings).toEqual(newHost.c.warnings);
    expect(buildCompareReport(same.c, same.meta).status).toEqual({ text: 'no change', tone: 'neutral' });
  });

  it('has a metrics section with the ratio chart, an fdatasync section and the inventory side by side', () => {
    expect(model.benches.map((b) => b.name)).toEqual(['Host metrics', 'Fdatasync p99: latency distributions', 'Inventory']);
    const [metrics, fsync, inventory] = model.benches;
    expect(metrics!.charts.map((c) => c.id)).toEqual(['compare-ratios']);
    expect(metrics!.table.rows.filter((r) => r.tone !== 'neutral').map((r) => [r.cells[0], r.tone])).toEqual([['cpu.single', 'ok'], ['cpu.multi', 'ok'], ['disk.fdatasync.p99', 'bad']]);
    expect(fsync!.charts.map((c) => c.id)).toEqual(['compare-distribution-0']);
    expect(fsync!.table.rows.map((r) => r.cells[0])).toEqual(['baseline', 'candidate']);
    expect(fsync!.verdict.map((v) => v.tone)).toEqual(['ok', 'bad']);
    expect(inventory!.table.rows.filter((r) => r.tone === 'bad').map((r) => r.cells)).toEqual([
      ['CPU model', 'AMD EPYC 7B13', 'AMD EPYC 9B14', 'differs'],
      ['kernel', '6.1.0-18-cloud-amd64', '6.8.0-1015-gcp', 'differs'],
      ['vda I/O scheduler', 'mq-deadline', 'none', 'differs'],
    ]);
    expect(inventory!.charts.map((c) => c.id)).toEqual(['compare-inventory']);
  });

  it('has no distribution section without histograms on both sides', () => {
    const candidate = syntheticHostRun({ seed: 2, inventory: editedInventory(() => {}) });
    for (const m of candidate.hostBenches![0]!.metrics) delete m.histogram;
    const m = buildCompareReport(compareHostResults(syntheticHostRun({ seed: 1 }), candidate, { tolerance: 0.05 }), same.meta);
    expect(m.benches.map((b) => b.name)).toEqual(['Host metrics', 'Inventory']);
  });

  it('renders to self-contained HTML with one container per chart', async () => {
    const html = renderHtml(model, await loadReportLibs());
    expect(html).toContain('data-charts-expected="3"');
    expect(html).toContain('Candidate vs baseline');
  });
});

describe('number formats', () => {
  it('prints factors, values and p-values compactly', () => {
    expect(formatFactor(2.1)).toBe('2.1');
    expect(formatFactor(1.3104)).toBe('1.31');
    expect(formatValue(41475.4)).toBe('41,475');
    expect(formatValue(0.09534)).toBe('0.0953');
    expect(formatPValue(0.00002)).toBe('<0.001');
    expect(formatPValue(0.0123)).toBe('0.012');
    expect(formatPValue(0.42)).toBe('0.42');
    expect(formatPValue(null)).toBe('–');
  });
});
