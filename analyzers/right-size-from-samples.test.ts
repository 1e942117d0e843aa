import { describe, expect, it } from 'vitest';
import type { ResourceSample } from '../scenarios/result.js';
import { groupByWorkload, indexOwners, resolveWorkload } from './right-size-group.js';
import { recommendResources } from './right-size.js';
import {
  DEFAULT_RATE_WINDOW_MS,
  describeRunSpan,
  effectiveRateWindowMs,
  podNameOf,
  processSeries,
  trailingCpuAverage,
  usageFromRuns,
  usageFromSamples,
} from './right-size-from-samples.js';
import { DEFAULT_POLICY } from './right-size-types.js';
import { workloadFromPodName } from './workload-name.js';

const MIB = 1024 ** 2;
const T0 = Date.UTC(2025, 5, 1, 12);

/** A sample at T0 + tS seconds; `proc` only when cpuPercent is given. */
function sample(tS: number, cpuPercent?: number, rssBytes = 100 * MIB, pid = 4242): ResourceSample {
  const s: ResourceSample = {
    tMs: T0 + tS * 1000, cpuPercent: 10, load1: 0.5, memUsedBytes: 1e9, memTotalBytes: 8e9,
    netRxBytesPerSec: 0, netTxBytesPerSec: 0, diskReadBytesPerSec: 0, diskWriteBytesPerSec: 0,
  };
  if (cpuPercent !== undefined) s.proc = { pid, cpuPercent, rssBytes };
  return s;
}

/** 1 Hz samples at t = 1 … n s, cpuPercent and RSS from i. */
function run(n: number, cpu: (i: number) => number, rss: (i: number) => number = () => 100 * MIB, pid = 4242): { resources: ResourceSample[] } {
  return { resources: Array.from({ length: n }, (_, k) => sample(k + 1, cpu(k + 1), rss(k + 1), pid)) };
}

describe('trailingCpuAverage', () => {
  it('is the mean over the trailing window at each sample with a full window behind it', () => {
    // A ramp 1%…100%: the 10 s mean at sample i is (i − 4.5)/100, from i = 10 (the first full window) on.
    const [series] = processSeries(run(100, (i) => i));
    const points = trailingCpuAverage(series!, 10_000);
    expect(points).toHaveLength(91);
    expect(points[0]!.tMs).toBe(T0 + 10_000);
    points.forEach((p, k) => expect(p.value).toBeCloseTo((10 + k - 4.5) / 100, 12));
  });

  it('weights each sample by the interval it covers, and leaves uncovered time out', () => {
    // Samples 1…10 s at 1 core; the sample at 12 s covers 2 s at 0 cores (a missed slot between).
    const resources = [...Array.from({ length: 10 }, (_, k) => sample(k + 1, 100)), sample(12, 0)];
    const [series] = processSeries({ resources });
    expect(series!.samples.at(-1)!.intervalMs).toBe(2000);
    // Window (8 s, 12 s]: 2 s at 1 core, 2 s at 0 → 0.5, not the 2/3 a per-sample mean would give.
    expect(trailingCpuAverage(series!, 4000).at(-1)).toEqual({ tMs: T0 + 12_000, value: 0.5 });
    // A sample without proc in between: the proc sample after it covers only its own second.
    const gap = [...Array.from({ length: 10 }, (_, k) => sample(k + 1, 100)), sample(11), sample(12, 0)];
    const [gapped] = processSeries({ resources: gap });
    expect(gapped!.samples.at(-1)!.intervalMs).toBe(1000);
    // (8 s, 12 s]: 1 core over (8, 10], nothing known over (10, 11], 0 over (11, 12] → 2 / 3.
    expect(trailingCpuAverage(gapped!, 4000).at(-1)!.value).toBeCloseTo(2 / 3, 12);
  });

  it('folds a sample taken a few ms after the previous one (the timer firing twice) into it', () => {
    // The 2 ms sample read one 10 ms tick: 500%. Kept apart it would add a point and skew the step.
    const resources = Array.from({ length: 10 }, (_, k) => sample(k + 1, 40, 100 * MIB));
    resources.splice(5, 0, { ...sample(5.002, 500, 120 * MIB) });
    const [series] = processSeries({ resources });
    expect(series!.stepMs).toBe(1000);
    expect(series!.samples).toHaveLength(10);
    expect(series!.samples[4]).toEqual({ tMs: T0 + 5002, intervalMs: 1002, cores: (0.4 * 1000 + 5 * 2) / 1002, rssBytes: 120 * MIB });
    expect(series!.samples[5]!.intervalMs).toBe(998);
    // The CPU time is kept: 10 s at 0.4 cores plus the tick, over the 10 s covered.
    expect(trailingCpuAverage(series!, 10_000)).toEqual([{ tMs: T0 + 10_000, value: (0.4 * 10_000 + 5 * 2 - 0.4 * 2) / 10_000 }]);
  });

  it('gives one point, the whole-run mean, when the window is cut to the run', () => {
    const [series] = processSeries(run(30, (i) => (i <= 10 ? 300 : 0)));
    const windowMs = effectiveRateWindowMs(series!);
    expect(windowMs).toBe(30_000); // 5 min asked, 30 one-second samples
    expect(trailingCpuAverage(series!, windowMs)).toEqual([{ tMs: T0 + 30_000, value: 1 }]);
  });
});

describe('usageFromSamples', () => {
  it('sizes CPU at the p95 of the windowed average and memory at peak RSS × 1.15', () => {
    const rss = (i: number): number => (i === 37 ? 200 * MIB : 150 * MIB + i * 1024);
    const input = usageFromSamples(run(100, (i) => i, rss), { workload: 'web', rateWindowMs: 10_000 });
    expect(input.usage).toHaveLength(1);
    const u = input.usage[0]!;
    expect(u).toMatchObject({ namespace: 'local', pod: 'web-pid4242', container: 'web' });
    expect(u.cpuCores).toHaveLength(91);
    expect(u.memoryBytes).toHaveLength(100);
    expect(input.window).toEqual({ startMs: T0, endMs: T0 + 100_000, stepMs: 1000 });

    const result = recommendResources(input, DEFAULT_POLICY);
    const rec = result.workloads[0]!;
    // 91 points 0.055 … 0.955 in 0.01 steps: rank 0.95 × 90 = 85.5 → (0.905 + 0.915) / 2. The raw
    // 1 s samples would have given 0.9505: the window is what makes it the "5-minute rate".
    expect(rec.evidence.cpuPercentileCores).toBeCloseTo(0.91, 12);
    expect(rec.cpu).toEqual({ request: 0.91, limit: null });
    expect(rec.evidence.memoryPeakBytes).toBe(200 * MIB);
    expect(rec.memory).toEqual({ request: 230 * MIB, limit: 230 * MIB });
    expect(rec).toMatchObject({ namespace: 'local', workload: 'web', container: 'web', kind: 'Deployment', replicas: 1, throttled: false });
    expect(rec.current).toEqual({ cpu: { request: null, limit: null }, memory: { request: null, limit: null } });
    expect(rec.evidence.historyMs).toBe(100_000);
    expect(rec.evidence.coverage).toBe(1);
    expect(rec.confidence).toBe('low');
    expect(rec.confidenceReasons).toEqual(['only 1.7 min of history (under 24 h)']);
  });

  it('defaults the window to 5 minutes, cut to the run', () => {
    expect(DEFAULT_RATE_WINDOW_MS).toBe(300_000);
    const long = usageFromSamples(run(400, () => 50), { workload: 'web' });
    expect(long.usage[0]!.cpuCores).toHaveLength(101); // samples 300 … 400 have 5 min behind them
    const short = usageFromSamples(run(60, (i) => (i <= 30 ? 100 : 0)), { workload: 'web' });
    expect(short.usage[0]!.cpuCores).toEqual([{ tMs: T0 + 60_000, value: 0.5 }]);
  });

  it('passes --current-cpu and --current-memory on as requests, and the names given', () => {
    const input = usageFromSamples(run(20, () => 50), { workload: 'api', namespace: 'shop', container: 'app', kind: 'StatefulSet', current: { cpuCores: 0.5, memoryBytes: 512 * MIB } });
    expect(input.requests).toEqual([
      { namespace: 'shop', pod: 'api-pid4242', container: 'app', resource: 'cpu', value: 0.5 },
      { namespace: 'shop', pod: 'api-pid4242', container: 'app', resource: 'memory', value: 512 * MIB },
    ]);
    expect(input.limits).toEqual([]);
    expect(input.throttling).toEqual([]);
    expect(input.oomKilled).toEqual([]);
    const rec = recommendResources(input, DEFAULT_POLICY).workloads[0]!;
    expect(rec).toMatchObject({ namespace: 'shop', workload: 'api', container: 'app', kind: 'StatefulSet' });
    expect(rec.current.cpu.request).toBe(0.5);
    expect(rec.current.memory.request).toBe(512 * MIB);
  });

  it('returns no usage for a run that watched no process', () => {
    const input = usageFromSamples({ resources: [sample(1), sample(2), sample(3)] }, { workload: 'web' });
    expect(input.usage).toEqual([]);
    expect(input.podOwners).toEqual([]);
  });
});

describe('grouping the sampled pods back to the workload', () => {
  it('would not work from the pod name alone: web-pid4242 reads as a bare pod', () => {
    expect(workloadFromPodName(podNameOf('web', 4242))).toEqual({ name: 'web-pid4242', kind: 'Pod', rule: 'plain' });
  });

  it('maps every pid back to the workload through the owner reference, whatever its name resembles', () => {
    for (const workload of ['web', 'api-7d9c8b6f5', 'db-0', 'node-agent-x2k4q', 'nightly-29012345']) {
      const input = usageFromSamples(run(5, () => 10, undefined, 1234567), { workload });
      const ref = resolveWorkload('local', podNameOf(workload, 1234567), indexOwners(input));
      expect(ref).toEqual({ namespace: 'local', name: workload, kind: 'Deployment', groupedBy: 'owner' });
    }
  });

  it('pools runs: two pids are two replicas of one workload, one pid in two runs is one pod', () => {
    const later = (r: { resources: ResourceSample[] }, s: number) => ({ resources: r.resources.map((x) => ({ ...x, tMs: x.tMs + s * 1000 })) });
    const input = usageFromRuns([run(20, () => 100, undefined, 11), later(run(20, () => 200, undefined, 22), 20), later(run(20, () => 100, undefined, 11), 40)], { workload: 'web', rateWindowMs: 5000 });
    expect(input.usage.map((u) => u.pod)).toEqual(['web-pid11', 'web-pid22']);
    expect(input.usage[0]!.memoryBytes).toHaveLength(40);
    const groups = groupByWorkload(input);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.pods.map((p) => p.pod)).toEqual(['web-pid11', 'web-pid22']);
    expect(input.window).toEqual({ startMs: T0, endMs: T0 + 60_000, stepMs: 1000 });
    const rec = recommendResources(input, DEFAULT_POLICY).workloads[0]!;
    expect(rec.replicas).toBe(1); // only pid 11 was there at the end
    expect(rec.evidence.cpuMaxCores).toBe(2);
  });
});

describe('describeRunSpan', () => {
  it('says seconds under a minute and defers to describeSpan above', () => {
    expect(describeRunSpan(1000)).toBe('1 s');
    expect(describeRunSpan(42_500)).toBe('42.5 s');
    expect(describeRunSpan(90_000)).toBe('1.5 min');
  });
});
