import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random.js';
import { isCritical, recommendResources } from './right-size.js';
import { DEFAULT_POLICY, type ContainerRecommendation, type PodContainerUsage, type Point, type RightSizePolicy, type UsageInput } from './right-size-types.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const MIB = 1024 ** 2;
const STEP = 5 * MIN;
const T0 = Date.UTC(2025, 0, 1);

/** `n` points one step apart from `startMs`, valued by `f(i)`. */
function series(n: number, f: (i: number) => number, startMs = T0): Point[] {
  return Array.from({ length: n }, (_, i) => ({ tMs: startMs + i * STEP, value: f(i) }));
}

const DAY_POINTS = (24 * HOUR) / STEP;

function pod(podName: string, cpu: Point[], memory: Point[], container = 'app', namespace = 'shop'): PodContainerUsage {
  return { namespace, pod: podName, container, cpuCores: cpu, memoryBytes: memory };
}

function input(usage: PodContainerUsage[], extra: Partial<UsageInput> = {}): UsageInput {
  const all = usage.flatMap((u) => [...u.cpuCores, ...u.memoryBytes].map((p) => p.tMs));
  return {
    window: { startMs: Math.min(...all), endMs: Math.max(...all), stepMs: STEP },
    usage,
    throttling: [],
    requests: [],
    limits: [],
    oomKilled: [],
    podOwners: [],
    replicaSetOwners: [],
    jobOwners: [],
    ...extra,
  };
}

function only(i: UsageInput, policy: Partial<RightSizePolicy> = {}): ContainerRecommendation {
  const r = recommendResources(i, { ...DEFAULT_POLICY, ...policy });
  expect(r.workloads).toHaveLength(1);
  return r.workloads[0]!;
}

const twoDays = 2 * DAY_POINTS;
const flatMemory = (bytes: number, n = twoDays) => series(n, () => bytes);

describe('recommendResources: CPU', () => {
  it('sets the request to the p95 of the 5-minute rates (PromQL quantile), rounded up to the millicore, with no limit', () => {
    // 0.01 … 1.00 cores, five times each: p95 by linear interpolation (rank 474.05 of 500) is 0.9505.
    const cpu = series(500, (i) => ((i % 100) + 1) / 100);
    const rec = only(input([pod('web-7d9c8b6f5-x2k4q', cpu, flatMemory(100 * MIB))]));
    expect(rec.evidence.cpuPercentileCores).toBeCloseTo(0.9505, 3);
    expect(rec.cpu).toEqual({ request: 0.951, limit: null });
    expect(rec.qos).toBe('Burstable');
  });

  it('pools the replicas: the p95 is over every pod-step, not an average of pods', () => {
    // One idle replica and one busy one: the busy replica's demand must show in the request.
    const idle = pod('web-7d9c8b6f5-x2k4q', series(twoDays, () => 0.01), flatMemory(50 * MIB));
    const busy = pod('web-7d9c8b6f5-m2n4p', series(twoDays, () => 2), flatMemory(50 * MIB));
    const rec = only(input([idle, busy]));
    expect(rec.cpu.request).toBe(2);
    expect(rec.pods).toEqual(['web-7d9c8b6f5-m2n4p', 'web-7d9c8b6f5-x2k4q']);
    expect(rec.replicas).toBe(2);
  });

  it('takes another percentile when the policy says so', () => {
    const cpu = series(500, (i) => ((i % 100) + 1) / 100);
    expect(only(input([pod('a-0', cpu, flatMemory(MIB))]), { cpuPercentile: 0.5 }).cpu.request).toBe(0.505);
  });
});

describe('recommendResources: memory', () => {
  it('sets request = limit = peak working set × 1.15, rounded up to the MiB', () => {
    const mem = series(twoDays, (i) => (i === 300 ? 400 * MIB : 200 * MIB));
    const rec = only(input([pod('db-0', series(twoDays, () => 0.1), mem)]));
    expect(rec.evidence.memoryPeakBytes).toBe(400 * MIB);
    expect(rec.memory).toEqual({ request: 460 * MIB, limit: 460 * MIB });
  });

  it('gives an OOM-killed container at least 1.2 × its current memory limit', () => {
    const key = { namespace: 'shop', pod: 'db-0', container: 'app' };
    const i = input([pod('db-0', series(twoDays, () => 0.1), flatMemory(200 * MIB))], {
      oomKilled: [key],
      limits: [{ ...key, resource: 'memory', value: 256 * MIB }],
    });
    const rec = only(i);
    expect(rec.evidence.oomKilled).toBe(true);
    expect(rec.memory.limit).toBe(308 * MIB); // ⌈256 × 1.2⌉ = ⌈307.2⌉
    expect(rec.memory.limit).toBeGreaterThanOrEqual(1.2 * 256 * MIB);
    expect(rec.notes.join(' ')).toContain('OOM-killed');
  });

  it('keeps peak × 1.15 when that is already above the OOM floor', () => {
    const key = { namespace: 'shop', pod: 'db-0', container: 'app' };
    const i = input([pod('db-0', series(twoDays, () => 0.1), flatMemory(300 * MIB))], { oomKilled: [key], limits: [{ ...key, resource: 'memory', value: 256 * MIB }] });
    expect(only(i).memory.limit).toBe(345 * MIB);
  });

  it('bumps from the peak when an OOM-killed container had no limit', () => {
    const key = { namespace: 'shop', pod: 'db-0', container: 'app' };
    const rec = only(input([pod('db-0', series(twoDays, () => 0.1), flatMemory(100 * MIB))], { oomKilled: [key] }));
    expect(rec.memory.limit).toBe(120 * MIB);
  });
});

describe('recommendResources: throttling and QoS', () => {
  const key = { namespace: 'shop', pod: 'worker-6c8d7f9b4-h2j4k', container: 'app' };
  const base = (throttledPeriods: number, periods: number) =>
    input([pod(key.pod, series(twoDays, () => 0.3), flatMemory(64 * MIB))], {
      throttling: [{ ...key, throttledPeriods, periods }],
      limits: [{ ...key, resource: 'cpu', value: 0.5 }],
    });

  it('flags a container throttled in 30% of its CFS periods and shows the ratio', () => {
    const rec = only(base(3000, 10_000));
    expect(rec.throttled).toBe(true);
    expect(rec.evidence.throttledRatio).toBeCloseTo(0.3, 10);
    expect(rec.cpu.limit).toBeNull();
    expect(rec.notes.join(' ')).toMatch(/Throttled in 30% of CFS periods \(3000 of 10000\) under a 500m limit/);
  });

  it('does not flag throttling at or under 10%', () => {
    expect(only(base(1000, 10_000)).throttled).toBe(false);
    expect(only(base(50, 10_000)).throttled).toBe(false);
  });

  it('has no throttling evidence without CFS counters', () => {
    const rec = only(input([pod('a-0', series(twoDays, () => 0.3), flatMemory(MIB))]));
    expect(rec.evidence.throttledRatio).toBeNull();
    expect(rec.throttled).toBe(false);
  });

  it('gives critical workloads Guaranteed QoS: CPU limit = request', () => {
    const rec = only(base(0, 10_000), { critical: ['shop/worker'] });
    expect(rec.qos).toBe('Guaranteed');
    expect(rec.cpu).toEqual({ request: 0.3, limit: 0.3 });
    expect(rec.memory.request).toBe(rec.memory.limit);
  });

  it('raises a critical, throttled container to at least 1.5 × its current limit', () => {
    const rec = only(base(3000, 10_000), { critical: ['worker'] });
    expect(rec.cpu).toEqual({ request: 0.75, limit: 0.75 });
  });

  it('matches --critical by name in any namespace, or by namespace/name', () => {
    expect(isCritical('shop', 'web', ['web'])).toBe(true);
    expect(isCritical('shop', 'web', ['shop/web'])).toBe(true);
    expect(isCritical('shop', 'web', ['other/web', 'we'])).toBe(false);
  });
});

describe('recommendResources: confidence', () => {
  const rec = (cpu: Point[]) => only(input([pod('a-0', cpu, cpu.map((p) => ({ ...p, value: MIB })))]));

  it('is high for two continuous days', () => {
    const r = rec(series(twoDays, () => 0.1));
    expect(r.confidence).toBe('high');
    expect(r.evidence.historyMs).toBe(48 * HOUR);
  });

  it('is low for under 24 h of history', () => {
    const r = rec(series(6 * 12, () => 0.1));
    expect(r.confidence).toBe('low');
    expect(r.confidenceReasons[0]).toMatch(/only 6 h of history/);
  });

  it('is low with a hole longer than an hour', () => {
    const cpu = series(twoDays, () => 0.1).filter((_, i) => i < 200 || i >= 200 + 3 * 12);
    const r = rec(cpu);
    expect(r.confidence).toBe('low');
    expect(r.evidence.longestGapMs).toBe(3 * HOUR);
    expect(r.confidenceReasons.join()).toMatch(/3 h gap/);
  });

  it('tolerates short holes, but not many of them', () => {
    expect(rec(series(twoDays, () => 0.1).filter((_, i) => i % 100 !== 7)).confidence).toBe('high');
    const sparse = rec(series(twoDays, () => 0.1).filter((_, i) => i % 4 !== 0));
    expect(sparse.confidence).toBe('low');
    expect(sparse.evidence.coverage).toBeCloseTo(0.75, 2);
  });
});

describe('recommendResources: current values and totals', () => {
  it('reads the current spec from the pods seen last, not those replaced during the window', () => {
    const old = pod('web-7d9c8b6f5-x2k4q', series(DAY_POINTS, () => 0.2), flatMemory(100 * MIB, DAY_POINTS));
    const now = pod('web-5f6b7c8d9-m2n4p', series(DAY_POINTS, () => 0.2, T0 + DAY_POINTS * STEP), flatMemory(100 * MIB, DAY_POINTS).map((p) => ({ ...p, tMs: p.tMs + DAY_POINTS * STEP })));
    const k = (p: string) => ({ namespace: 'shop', pod: p, container: 'app' });
    const rec = only(input([old, now], {
      requests: [{ ...k(old.pod), resource: 'cpu', value: 1 }, { ...k(now.pod), resource: 'cpu', value: 0.5 }],
      limits: [{ ...k(old.pod), resource: 'memory', value: 512 * MIB }],
    }));
    expect(rec.current).toEqual({ cpu: { request: 0.5, limit: null }, memory: { request: null, limit: null } });
    expect(rec.replicas).toBe(1);
    expect(rec.confidence).toBe('high');
  });

  it('totals the change in requests × replicas, counting unset requests as 0', () => {
    const k = (p: string) => ({ namespace: 'shop', pod: p, container: 'app' });
    const pods = ['web-7d9c8b6f5-x2k4q', 'web-7d9c8b6f5-m2n4p'].map((p) => pod(p, series(twoDays, () => 0.3), flatMemory(100 * MIB)));
    const r = recommendResources(
      input(pods, { requests: pods.flatMap((p) => [{ ...k(p.pod), resource: 'cpu' as const, value: 1 }]) }),
      DEFAULT_POLICY,
    );
    expect(r.totals.cpuCores).toEqual({ freed: 1.4, added: 0, net: -1.4 });
    expect(r.totals.memoryBytes).toEqual({ freed: 0, added: 2 * 115 * MIB, net: 2 * 115 * MIB });
  });

  it('skips a container without memory points, saying why', () => {
    const r = recommendResources(input([pod('a-0', series(10, () => 0.1), [])]), DEFAULT_POLICY);
    expect(r.workloads).toEqual([]);
    expect(r.skipped).toEqual([{ namespace: 'shop', workload: 'a', container: 'app', reason: 'no memory working-set points in the window' }]);
  });
});

describe('recommendResources: properties', () => {
  it('never recommends less than the measured percentile or the peak × headroom, for random series', () => {
    const rng = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const cpu = series(100, () => rng() * 4);
      const mem = series(100, () => rng() * 8 * 1024 * MIB);
      const rec = only(input([pod('x-0', cpu, mem)]));
      expect(rec.cpu.request).toBeGreaterThanOrEqual(rec.evidence.cpuPercentileCores);
      expect(rec.cpu.request - rec.evidence.cpuPercentileCores).toBeLessThan(0.001);
      expect(rec.memory.request).toBeGreaterThanOrEqual(rec.evidence.memoryPeakBytes * 1.15);
      expect(rec.memory.request - rec.evidence.memoryPeakBytes * 1.15).toBeLessThan(MIB);
      expect(rec.evidence.cpuP50Cores).toBeLessThanOrEqual(rec.evidence.cpuPercentileCores);
      expect(rec.evidence.cpuPercentileCores).toBeLessThanOrEqual(rec.evidence.cpuMaxCores);
    }
  });
});
