import { describe, expect, it } from 'vitest';
import { hostMetric, syntheticHostRun } from '../reports/compare-fixtures.js';
import { compareHostResults } from './compare.js';
import { poolMetric, poolRuns } from './pool-runs.js';

const cpu = { name: 'cpu.single', unit: 'ops/s', higherIsBetter: true };

describe('poolMetric', () => {
  it('makes each run one sample: its mean', () => {
    const pooled = poolMetric([hostMetric(cpu, [100, 102, 98]), hostMetric(cpu, [110, 112, 108]), hostMetric(cpu, [90, 91, 89])]);
    expect(pooled.repeats).toEqual([100, 110, 90]);
    expect(pooled.mean).toBeCloseTo(100, 9);
    expect(pooled.runs).toBe(3);
    // Spread of the run means (sd 10), not of the repeats (sd ≈ 2).
    expect(pooled.cv).toBeCloseTo(0.1, 9);
    expect(pooled.ci95[0]).toBeLessThan(80);
    expect(pooled.detail).toMatch(/^3 runs pooled, one mean per run/);
  });

  it('returns a single run unchanged', () => {
    const m = hostMetric(cpu, [1, 2, 3]);
    expect(poolMetric([m])).toBe(m);
  });
});

describe('poolRuns', () => {
  it('pools every host metric across the runs and keeps the first run’s inventory and host', () => {
    const runs = [1, 2, 3].map((seed) => syntheticHostRun({ seed }));
    const { result, warnings } = poolRuns(runs, 'baseline');
    expect(warnings).toEqual([]);
    const metrics = result.hostBenches![0]!.metrics;
    expect(metrics.map((m) => m.name)).toEqual(runs[0]!.hostBenches![0]!.metrics.map((m) => m.name));
    for (const m of metrics) {
      expect(m.runs).toBe(3);
      expect(m.repeats).toEqual(runs.map((r) => r.hostBenches![0]!.metrics.find((x) => x.name === m.name)!.mean));
      expect(m.histogram).toBeUndefined();
    }
    expect(result.hostBenches![0]!.inventory).toBe(runs[0]!.hostBenches![0]!.inventory);
  });

  it('says when a metric is missing from a run or measured with another tool', () => {
    const a = syntheticHostRun({ seed: 1 });
    const b = syntheticHostRun({ seed: 2, omit: ['network.rtt'] });
    b.hostBenches![0]!.metrics.find((m) => m.name === 'disk.seq-write')!.tool = 'built-in';
    const { result, warnings } = poolRuns([a, b], 'candidate');
    expect(warnings).toEqual([
      "The candidate's disk.seq-write was measured with different tools (fio-3.33, built-in) across its runs.",
      "The candidate's network.rtt is missing from 1 of its runs: pooled from 1.",
    ]);
    expect(result.hostBenches![0]!.metrics.find((m) => m.name === 'network.rtt')!.runs).toBeUndefined();
  });

  it('lets compare measure the drift between runs instead of assuming it', () => {
    const side = (seeds: number[], scale = 1) => poolRuns(seeds.map((seed) => syntheticHostRun({ seed, scale: { 'cpu.single': scale } })), 'x').result;
    const c = compareHostResults(side([1, 2, 3, 4]), side([5, 6, 7, 8], 1.2), { tolerance: 0.05 });
    const single = c.metrics.find((m) => m.name === 'cpu.single')!;
    expect(single.runs).toEqual({ baseline: 4, candidate: 4 });
    expect(single.runDrift).toBe(0);
    expect(single.verdict).toBe('better');
    // One run a side with the same 20% difference: within what runs drift by, so no verdict.
    const once = compareHostResults(syntheticHostRun({ seed: 1 }), syntheticHostRun({ seed: 5, scale: { 'cpu.single': 1.2 } }), { tolerance: 0.05 });
    expect(once.metrics.find((m) => m.name === 'cpu.single')!.verdict).toBe('same');
  });
});
