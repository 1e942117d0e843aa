import { describe, expect, it } from 'vitest';
import { syntheticHostRun } from '../reports/compare-fixtures.js';
import type { RunResult } from '../scenarios/result.js';
import { compareHostResults } from './compare.js';
import { describeMethodDifferences, toolFamily } from './compare-tools.js';

const TOL = { tolerance: 0.05 };

/** A copy of `run` with these metrics' tool changed, and optionally its bench's profile. */
function measuredWith(run: RunResult, tools: Record<string, string>, profile?: 'quick' | 'full'): RunResult {
  const copy = structuredClone(run);
  for (const bench of copy.hostBenches ?? []) {
    if (profile) bench.profile = profile;
    for (const m of bench.metrics) m.tool = tools[m.name] ?? m.tool;
  }
  return copy;
}

describe('toolFamily', () => {
  it('drops the version and keeps the names that have none', () => {
    expect(['fio-3.33', 'iperf3-3.12', 'fio-3.35-12-gabc', 'built-in', 'derived'].map(toolFamily)).toEqual(['fio', 'iperf3', 'fio', 'built-in', 'derived']);
  });
});

describe('describeMethodDifferences', () => {
  const base = syntheticHostRun({ seed: 1 }); // fio for disk, iperf3 for throughput, quick profile

  it('says nothing when both runs used the same tools and profile, versions aside', () => {
    const other = measuredWith(syntheticHostRun({ seed: 2 }), { 'disk.seq-read': 'fio-3.35' });
    expect(compareHostResults(base, other, TOL).warnings).toEqual([]);
  });

  it('names the metric and both tools when fio meets the built-in, or iperf3 meets the built-in', () => {
    const candidate = measuredWith(syntheticHostRun({ seed: 2 }), { 'disk.fdatasync.p99': 'built-in', 'network.throughput': 'built-in' });
    const c = compareHostResults(base, candidate, TOL);
    expect(c.warnings.slice(0, 2)).toEqual([
      'disk.fdatasync.p99 was measured with fio-3.33 in the baseline but built-in in the candidate: figures from different tools are not the same measurement, so its ratio and verdict mix the tool with the machine. Set disk.fio alike on both runs (and have fio on both hosts, or on neither).',
      'network.throughput was measured with iperf3-3.12 in the baseline but built-in in the candidate: figures from different tools are not the same measurement, so its ratio and verdict mix the tool with the machine. Set network.iperf3 alike on both runs (and have iperf3 on both hosts, or on neither).',
    ]);
    expect(c.warnings.filter((w) => w.includes('was measured with'))).toHaveLength(2);
    // Swapped sides swap the tools in the sentence.
    expect(compareHostResults(candidate, base, TOL).warnings[0]).toMatch(/^disk\.fdatasync\.p99 was measured with built-in in the baseline but fio-3\.33 in the candidate/);
  });

  it('warns once per bench pair when the profiles differ, saying what each profile measures', () => {
    const full = measuredWith(syntheticHostRun({ seed: 2 }), {}, 'full');
    const warnings = compareHostResults(base, full, TOL).warnings;
    expect(warnings).toEqual([
      'The bench ran the quick profile in the baseline but the full profile in the candidate (quick: 1,000 fdatasyncs, 256 MiB files, 0.6 s CPU windows, 1 s streams, 3–5 repeats; full: 10,000 fdatasyncs, 1 GiB files, 2 s CPU windows, 5 s streams, 5–10 repeats): every metric is a different measurement under the same name, tail latencies and disk figures most of all. Compare runs of one profile.',
    ]);
  });

  it('puts the method differences before the inventory differences and labels metrics by bench when there are several', () => {
    const twoBenches = (run: RunResult): RunResult => {
      const copy = structuredClone(run);
      const first = copy.hostBenches![0]!;
      copy.hostBenches = [{ ...first, name: 'disk-a' }, { ...structuredClone(first), name: 'disk-b' }];
      return copy;
    };
    const baseline = twoBenches(base);
    const candidate = twoBenches(syntheticHostRun({ seed: 2 }));
    candidate.hostBenches![1]!.metrics.find((m) => m.name === 'disk.seq-write')!.tool = 'built-in';
    candidate.hostBenches![1]!.profile = 'full';
    for (const b of candidate.hostBenches!) b.inventory = { ...b.inventory, system: { ...b.inventory.system, kernel: '6.8.0' } };
    const warnings = compareHostResults(baseline, candidate, TOL).warnings;
    expect(warnings[0]).toMatch(/^disk-b\/disk\.seq-write was measured with fio-3\.33 in the baseline but built-in in the candidate/);
    expect(warnings[1]).toMatch(/^The disk-b bench ran the quick profile in the baseline but the full profile in the candidate/);
    expect(warnings[2]).toMatch(/kernel/i);
  });

  it('is a pure function of the pairs and the comparisons', () => {
    const candidate = measuredWith(syntheticHostRun({ seed: 2 }), { 'disk.seq-read': 'built-in' });
    const c = compareHostResults(base, candidate, TOL);
    const pairs = [[base.hostBenches![0]!, candidate.hostBenches![0]!]] as const;
    expect(describeMethodDifferences(pairs, c.metrics)).toEqual(c.warnings.filter((w) => w.includes('was measured with')));
    expect(describeMethodDifferences([], [])).toEqual([]);
  });
});
