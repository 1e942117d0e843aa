import { describe, expect, it } from 'vitest';
import { editedInventory, hostMetric, newHostPair, pinnedPair, sameMachinePair, syntheticHostRun } from '../reports/compare-fixtures.js';
import type { RunResult } from '../scenarios/result.js';
import { compareHostResults, compareMetric, judgeRatio, toleranceFor, type MetricComparison } from './compare.js';
import { mulberry32, normalFrom } from './random.js';

const TOL = { tolerance: 0.05 };
const cpu = { name: 'cpu.multi', unit: 'ops/s', higherIsBetter: true };
/** A throughput with no between-run drift term, for the statistics' known answers. */
const plain = { name: 'app.throughput', unit: 'ops/s', higherIsBetter: true };
/** A latency with no between-run drift term. */
const latency = { name: 'app.latency', unit: 'ns', higherIsBetter: false };

function byName(metrics: MetricComparison[], name: string): MetricComparison {
  const m = metrics.find((x) => x.name === name);
  if (!m) throw new Error(`no ${name}`);
  return m;
}

describe('judgeRatio', () => {
  it('needs significance and the whole interval outside the tolerance band', () => {
    expect(judgeRatio([0.45, 0.55], 0.001, 0.05)).toBe('worse');
    expect(judgeRatio([1.2, 1.4], 0.001, 0.05)).toBe('better');
    expect(judgeRatio([0.9, 0.96], 0.001, 0.05)).toBe('same'); // touches the band
    expect(judgeRatio([1.01, 1.03], 1e-9, 0.05)).toBe('same'); // significant but small
    expect(judgeRatio([0.45, 0.55], 0.06, 0.05)).toBe('same'); // not significant
    expect(judgeRatio(null, 0.001, 0.05)).toBe('same');
    expect(judgeRatio([0.45, 0.55], null, 0.05)).toBe('same');
  });
});

describe('compareMetric', () => {
  it('calls a halving worse with ratio 0.5 and an interval around it', () => {
    const m = compareMetric(hostMetric(plain, [1000, 1020, 990]), hostMetric(plain, [510, 495, 505]), TOL);
    expect(m.verdict).toBe('worse');
    expect(m.runDrift).toBe(0);
    expect(m.ratio).toBeCloseTo(0.5017, 4);
    expect(m.range![0]).toBeCloseTo(0.48467, 4); // the Fieller known answer in fieller.test.ts
    expect(m.range![1]).toBeCloseTo(0.51925, 4);
    expect(m.pValue!).toBeCloseTo(2.0177e-5, 8); // scipy ttest_ind(…, equal_var=False)
    expect(m.baselineMean).toBeCloseTo(1003.33, 2);
    expect(m.candidateMean).toBeCloseTo(503.33, 2);
  });

  it('orients lower-is-better metrics as baseline / candidate, so > 1 is still better', () => {
    const slower = compareMetric(hostMetric(latency, [95, 96, 94]), hostMetric(latency, [190, 188, 193]), TOL);
    expect(slower.ratio).toBeCloseTo(95 / 190.333, 4);
    expect(slower.verdict).toBe('worse');
    const faster = compareMetric(hostMetric(latency, [190, 188, 193]), hostMetric(latency, [95, 96, 94]), TOL);
    expect(faster.ratio).toBeCloseTo(190.333 / 95, 4);
    expect(faster.verdict).toBe('better');
    // Swapping the runs inverts the interval exactly.
    expect(faster.range![0]).toBeCloseTo(1 / slower.range![1], 9);
    expect(faster.range![1]).toBeCloseTo(1 / slower.range![0], 9);
    expect(faster.pValue).toBeCloseTo(slower.pValue!, 12);
  });

  it('keeps a small but significant change (2% with tight repeats) inside a 5% tolerance: same', () => {
    const z = normalFrom(mulberry32(11));
    const base = Array.from({ length: 10 }, () => 1000 * (1 + 0.002 * z()));
    const cand = Array.from({ length: 10 }, () => 1020 * (1 + 0.002 * z()));
    const m = compareMetric(hostMetric(plain, base), hostMetric(plain, cand), TOL);
    expect(m.pValue!).toBeLessThan(1e-6);
    expect(m.range![0]).toBeGreaterThan(1);
    expect(m.verdict).toBe('same');
    // The same change with a 1% tolerance is a real improvement.
    expect(compareMetric(hostMetric(plain, base), hostMetric(plain, cand), { tolerance: 0.01 }).verdict).toBe('better');
  });

  it('adds the between-run drift to a CPU figure measured once, and not to one pooled from several runs', () => {
    // Tight repeats, 20% apart: one run a side cannot tell that from drift between runs.
    const base = [1000, 1004, 996];
    const cand = [1200, 1205, 1195];
    const once = compareMetric(hostMetric(cpu, base), hostMetric(cpu, cand), TOL);
    expect(once.runDrift).toBe(0.14);
    expect(once.runs).toEqual({ baseline: 1, candidate: 1 });
    expect(once.range![0]).toBeLessThan(1.05);
    expect(once.verdict).toBe('same');
    // Its standard error is √(s²/n + (0.14·mean)²) a side: at ratio 1.2 and infinite df the 95% range is about 1.2·e^(±1.96·0.198).
    expect(once.range![0]).toBeGreaterThan(0.75);
    expect(once.range![0]).toBeLessThan(0.9);
    expect(once.range![1]).toBeGreaterThan(1.6);
    expect(once.range![1]).toBeLessThan(1.9);
    // The same means, each from three runs whose means agree: the spread is measured, no drift term.
    const pooled = compareMetric({ ...hostMetric(cpu, base), runs: 3 }, { ...hostMetric(cpu, cand), runs: 3 }, TOL);
    expect(pooled.runDrift).toBe(0);
    expect(pooled.verdict).toBe('better');
    // A halving stays worse even measured once.
    expect(compareMetric(hostMetric(cpu, [1000, 1020, 990]), hostMetric(cpu, [510, 495, 505]), TOL).verdict).toBe('worse');
  });

  it('says same for same-distribution data, whatever the noise', () => {
    const z = normalFrom(mulberry32(5));
    for (let i = 0; i < 200; i++) {
      const cv = [0.005, 0.02, 0.05][i % 3]!;
      const draw = () => Array.from({ length: 3 + (i % 3) }, () => 1000 * (1 + cv * z()));
      expect(compareMetric(hostMetric(cpu, draw()), hostMetric(cpu, draw()), TOL).verdict).toBe('same');
    }
  });

  it('raises the tolerance to the noise floor of drifting metrics and says why', () => {
    expect(toleranceFor('cpu.multi', 0.05)).toEqual({ tolerance: 0.05, reason: null });
    expect(toleranceFor('disk.fdatasync.p99', 0.05).tolerance).toBe(0.2);
    expect(toleranceFor('disk.seq-read', 0.05).tolerance).toBe(0.1);
    expect(toleranceFor('disk.seq-read', 0.3)).toEqual({ tolerance: 0.3, reason: null });
    const disk = { name: 'disk.seq-write', unit: 'MB/s', higherIsBetter: true };
    const m = compareMetric(hostMetric(disk, [850, 852, 848]), hostMetric(disk, [930, 931, 929]), TOL);
    expect(m.ratio).toBeGreaterThan(1.09);
    expect(m.verdict).toBe('same');
    expect(m.toleranceReason).toMatch(/drift between runs/);
  });

  it('gives no verdict, and says why, with one repeat, mismatched units or a zero mean', () => {
    const one = compareMetric(hostMetric(cpu, [1000]), hostMetric(cpu, [500, 510, 490]), TOL);
    expect(one).toMatchObject({ ratio: 0.5, range: null, pValue: null, verdict: 'same' });
    expect(one.warnings).toEqual([expect.stringMatching(/^fewer than 2 repeats \(baseline 1\)/)]);
    const units = compareMetric(hostMetric(latency, [95, 96]), hostMetric({ ...latency, unit: 'µs' }, [0.095, 0.096]), TOL);
    expect(units.verdict).toBe('same');
    expect(units.warnings[0]).toMatch(/units differ \(baseline ns, candidate µs\)/);
    expect(compareMetric(hostMetric(cpu, [0, 0, 0]), hostMetric(cpu, [1, 2, 3]), TOL).warnings[0]).toMatch(/zero or negative/);
  });

  it('never lets the range of two positive figures reach below 0', () => {
    const m = compareMetric(hostMetric(cpu, [1000, 1010, 990]), hostMetric(cpu, [10, 100, 3000]), TOL);
    expect(m.range![0]).toBe(0);
    expect(m.range![1]).toBeGreaterThan(m.ratio);
    expect(m.verdict).toBe('same');
  });

  it('notes repeats that did not converge', () => {
    const m = compareMetric(hostMetric(cpu, [1000, 1300, 700]), hostMetric(cpu, [1000, 1010, 990]), TOL);
    expect(m.warnings).toEqual([expect.stringMatching(/^the baseline's repeats did not converge \(cv 30\.0%\)/)]);
  });
});

describe('compareHostResults', () => {
  it('finds no better or worse in 20 pairs of same-machine runs', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { baseline, candidate } = sameMachinePair(seed);
      const c = compareHostResults(baseline, candidate, TOL);
      expect(c.metrics).toHaveLength(11);
      expect(c.metrics.filter((m) => m.verdict !== 'same').map((m) => `${seed} ${m.name} ${m.ratio}`)).toEqual([]);
      expect(c.warnings).toEqual([]);
    }
  });

  it('pinned to one of two cores: cpu.multi worse at 0.5 ± 0.1, cpu.single same, and the affinity named', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { baseline, candidate } = pinnedPair(seed);
      const c = compareHostResults(baseline, candidate, TOL);
      const multi = byName(c.metrics, 'cpu.multi');
      expect(multi.verdict).toBe('worse');
      expect(Math.abs(multi.ratio - 0.5)).toBeLessThan(0.1);
      // One run a side: the between-run drift widens the range (cpu 14% a side), still below 0.95.
      expect(multi.range![0]).toBeGreaterThan(0.3);
      expect(multi.range![1]).toBeLessThan(0.8);
      expect(byName(c.metrics, 'cpu.single').verdict).toBe('same');
      expect(c.metrics.filter((m) => m.verdict !== 'same').map((m) => m.name).sort()).toEqual(['cpu.multi', 'cpu.scaling']);
      expect(c.warnings[0]).toMatch(/^CPUs available to the process differs \(baseline 2 CPUs, candidate 1 CPU\): CPU affinity .* This may explain cpu\.multi worse, cpu\.scaling worse\.$/);
    }
  });

  it('on a faster host with a slower disk: CPU better, fdatasync worse, and the inventory differences listed', () => {
    const { baseline, candidate } = newHostPair(3);
    const c = compareHostResults(baseline, candidate, TOL);
    expect(byName(c.metrics, 'cpu.multi')).toMatchObject({ verdict: 'better' });
    expect(byName(c.metrics, 'cpu.multi').ratio).toBeCloseTo(1.64, 1);
    const fsync = byName(c.metrics, 'disk.fdatasync.p99');
    expect(fsync.verdict).toBe('worse');
    expect(fsync.ratio).toBeLessThan(0.3);
    expect(fsync.tolerance).toBe(0.2);
    expect(byName(c.metrics, 'memory.latency').verdict).toBe('same');
    expect(c.inventory!.differences.map((d) => d.field)).toEqual(['cpu.model', 'system.kernel', 'disks.vda.scheduler']);
    expect(c.warnings.some((w) => w.startsWith('vda I/O scheduler differs (baseline mq-deadline, candidate none)'))).toBe(true);
  });

  it('compares only metrics in both files and lists the rest', () => {
    const baseline = syntheticHostRun({ seed: 1, omit: ['network.rtt'] });
    const candidate = syntheticHostRun({ seed: 2, omit: ['disk.seq-read', 'disk.seq-write'] });
    candidate.hostBenches![0]!.skipped.push({ metric: 'network.rtt', reason: 'no peer' });
    const c = compareHostResults(baseline, candidate, TOL);
    expect(c.metrics).toHaveLength(8);
    expect(c.onlyInBaseline).toEqual(['disk.seq-write', 'disk.seq-read']);
    expect(c.onlyInCandidate).toEqual(['network.rtt']);
  });

  it('pairs several host benches by name and labels their metrics with the bench', () => {
    const two = (seed: number): RunResult => {
      const a = syntheticHostRun({ seed, benchName: 'root-disk' });
      const b = syntheticHostRun({ seed: seed + 1, benchName: 'data-disk' });
      return { ...a, hostBenches: [...a.hostBenches!, ...b.hostBenches!] };
    };
    const baseline = two(1);
    const candidate = two(10);
    candidate.hostBenches!.pop();
    candidate.hostBenches!.push(syntheticHostRun({ seed: 20, benchName: 'other' }).hostBenches![0]!);
    const c = compareHostResults(baseline, candidate, TOL);
    expect(new Set(c.metrics.map((m) => m.bench))).toEqual(new Set(['root-disk']));
    expect(c.onlyInBaseline[0]).toBe('data-disk/cpu.single');
    expect(c.onlyInCandidate[0]).toBe('other/cpu.single');
  });

  it('warns about a metric skipped on one side and a bench that stopped early', () => {
    const baseline = syntheticHostRun({ seed: 1 });
    const candidate = syntheticHostRun({ seed: 2, omit: ['network.throughput'] });
    candidate.hostBenches![0]!.skipped.push({ metric: 'network.throughput', reason: 'iperf3 not found' });
    candidate.hostBenches![0]!.stoppedEarly = 'interrupted';
    const c = compareHostResults(baseline, candidate, TOL);
    expect(c.warnings).toEqual([
      'network.throughput was skipped in the candidate (iperf3 not found), so it is not compared.',
      "The candidate's host bench stopped early (interrupted); only its finished metrics are compared.",
    ]);
  });

  it('puts the inventory differences that explain a change first', () => {
    const baseline = syntheticHostRun({ seed: 1 });
    const candidate = syntheticHostRun({
      seed: 2,
      scale: { 'cpu.multi': 0.5 },
      inventory: editedInventory((inv) => {
        inv.system.kernel = '6.8.0';
        inv.cgroup.cpuQuota = { quotaUs: 100000, periodUs: 100000, cpus: 1 };
      }),
    });
    const c = compareHostResults(baseline, candidate, TOL);
    expect(c.warnings.map((w) => w.split(':')[0])).toEqual([
      'cgroup CPU quota differs (baseline none, candidate 1 CPU)',
      'kernel differs (baseline 6.1.0-18-cloud-amd64, candidate 6.8.0)',
    ]);
    expect(c.warnings[0]).toMatch(/This may explain cpu\.multi worse/);
  });
});
