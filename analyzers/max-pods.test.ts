import { describe, expect, it } from 'vitest';
import { parsePodCidr } from './max-pods-cidr.js';
import { floorCount, recommendMaxPods, type MaxPodsInput } from './max-pods.js';
import { parseReservedFlag } from './kube-reserved.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function cidr(text: string) {
  const r = parsePodCidr(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function byName(input: MaxPodsInput): Record<string, number> {
  return Object.fromEntries(recommendMaxPods(input).constraints.map((c) => [c.name, c.maxPods]));
}

describe('recommendMaxPods: hand-computed cases', () => {
  it('16 cores / 64 GiB, pods of 250m / 512Mi, a /24: CPU binds at 63', () => {
    // cpu:     reserved 0.06 + 0.01 + 2×0.005 + 12×0.0025 = 0.11 → ⌊(16 − 0.11) / 0.25⌋ = ⌊63.56⌋ = 63
    // memory:  reserved 4×0.25 + 4×0.2 + 8×0.1 + 48×0.06 = 5.48 GiB;
    //          64 GiB − 5.48 GiB − 100 MiB = 59,924.48 − 100 = 59,824.48 MiB; / 512 = 116.84 → 116
    // ip:      256 addresses / 2 = 128;  pods-per-core: 10 × 16 = 160;  tested-limit: 110
    const input: MaxPodsInput = { node: { cpuCores: 16, memoryBytes: 64 * GiB }, pod: { cpuCores: 0.25, memoryBytes: 512 * MiB }, podCidr: cidr('/24') };
    const r = recommendMaxPods(input);
    expect(byName(input)).toEqual({ cpu: 63, memory: 116, ip: 128, 'pods-per-core': 160, 'tested-limit': 110 });
    expect(r).toMatchObject({ maxPods: 63, limitedBy: 'cpu' });
    expect(r.allocatable.cpuCores).toBeCloseTo(15.89, 12);
    expect(r.allocatable.kubeReserved.memoryBytes / GiB).toBeCloseTo(5.48, 12);
    expect(r.constraints[0]!.detail).toBe('(16 cores − 0.11 reserved) / 0.25 per pod = 63.56 → 63');
    expect(r.kubeletConfig).toMatch(/^maxPods: 63$/m);
    expect(r.kubeletConfig).toMatch(/^kind: KubeletConfiguration$/m);
    expect(r.kubeletConfig).toMatch(/^ {2}cpu: "110m"$/m);
    // 5.48 GiB = 5,746,196.48 KiB, rounded up.
    expect(r.kubeletConfig).toMatch(/^ {2}memory: "5746197Ki"/m);
    expect(r.kubeletConfig).toMatch(/^ {2}memory\.available: "100Mi"$/m);
  });

  it('32 cores / 128 GiB with 11Mi overhead and a /23: the tested limit binds at 110, then the IP range, then CPU', () => {
    // cpu:     reserved 0.08 + 28×0.0025 = 0.15 → ⌊31.85 / 0.1⌋ = ⌊318.5⌋ = 318
    // memory:  reserved 1 + 0.8 + 0.8 + 112×0.06 = 9.32 GiB; 128 − 9.32 = 118.68 GiB = 121,528.32 MiB;
    //          − 100 MiB = 121,428.32 MiB; / (256 + 11) MiB = 454.79 → 454
    // ip:      512 / 2 = 256;  pods-per-core: 320;  tested-limit: 110
    const input: MaxPodsInput = { node: { cpuCores: 32, memoryBytes: 128 * GiB }, pod: { cpuCores: 0.1, memoryBytes: 256 * MiB, overheadMemoryBytes: 11 * MiB }, podCidr: cidr('10.244.0.0/23') };
    expect(byName(input)).toEqual({ cpu: 318, memory: 454, ip: 256, 'pods-per-core': 320, 'tested-limit': 110 });
    expect(recommendMaxPods(input)).toMatchObject({ maxPods: 110, limitedBy: 'tested-limit' });
    expect(recommendMaxPods({ ...input, testedLimit: 500 })).toMatchObject({ maxPods: 256, limitedBy: 'ip' });
    // A /22 holds 1,024 addresses → 512 pods, so CPU (318) binds, just under 10 pods per core (320).
    expect(recommendMaxPods({ ...input, testedLimit: 500, podCidr: cidr('/22') })).toMatchObject({ maxPods: 318, limitedBy: 'cpu' });
    expect(recommendMaxPods(input).constraints.find((c) => c.name === 'memory')!.detail).toContain('(256 MiB + 11 MiB overhead)');
  });

  it('4 cores / 8 GiB with 1Gi pods: memory binds at 6', () => {
    // cpu:     reserved 0.08 → ⌊3.92 / 0.1⌋ = 39
    // memory:  reserved 1 + 0.8 = 1.8 GiB; 8 − 1.8 = 6.2 GiB = 6,348.8 MiB; − 100 = 6,248.8 MiB; / 1,024 = 6.10 → 6
    const input: MaxPodsInput = { node: { cpuCores: 4, memoryBytes: 8 * GiB }, pod: { cpuCores: 0.1, memoryBytes: GiB } };
    expect(byName(input)).toEqual({ cpu: 39, memory: 6, 'pods-per-core': 40, 'tested-limit': 110 });
    expect(recommendMaxPods(input)).toMatchObject({ maxPods: 6, limitedBy: 'memory' });
  });

  it('2 cores / 16 GiB with tiny pods: pods-per-core binds at 20, and 1.93 / 0.01 counts as 193', () => {
    // cpu:     reserved 0.06 + 0.01 = 0.07 → 1.93 / 0.01 = 193 exactly (192.99999999999997 in floating point)
    // memory:  reserved 1 + 0.8 + 0.8 = 2.6 GiB; 13.4 GiB = 13,721.6 MiB; − 100 = 13,621.6 MiB; / 64 = 212.8 → 212
    // pods-per-core: 10 × 2 = 20
    const input: MaxPodsInput = { node: { cpuCores: 2, memoryBytes: 16 * GiB }, pod: { cpuCores: 0.01, memoryBytes: 64 * MiB } };
    expect(byName(input)).toEqual({ cpu: 193, memory: 212, 'pods-per-core': 20, 'tested-limit': 110 });
    expect(recommendMaxPods(input)).toMatchObject({ maxPods: 20, limitedBy: 'pods-per-core' });
  });

  it('64 cores / 256 GiB with density evidence: the largest density that met 5 s binds at 100', () => {
    // cpu:     reserved 0.08 + 60×0.0025 = 0.23 → ⌊63.77 / 0.1⌋ = 637
    // memory:  reserved 9.32 + 128×0.02 = 11.88 GiB; 244.12 GiB = 249,978.88 MiB; − 100 = 249,878.88; / 128 = 1,952.2 → 1,952
    // density: 50 pods at 2 s and 100 at 4.5 s met 5 s; 150 at 7 s did not → 100
    const input: MaxPodsInput = {
      node: { cpuCores: 64, memoryBytes: 256 * GiB },
      pod: { cpuCores: 0.1, memoryBytes: 128 * MiB },
      density: [{ podsPerNode: 150, startupP99Ms: 7000 }, { podsPerNode: 50, startupP99Ms: 2000 }, { podsPerNode: 100, startupP99Ms: 4500 }],
      testedLimit: 1000,
      podsPerCore: 0,
    };
    expect(byName(input)).toEqual({ cpu: 637, memory: 1952, density: 100, 'tested-limit': 1000 });
    const r = recommendMaxPods(input);
    expect(r).toMatchObject({ maxPods: 100, limitedBy: 'density' });
    expect(r.constraints.find((c) => c.name === 'density')!.detail).toBe('100 pods per node started with p99 4.5 s ≤ 5 s, 150 pods took 7 s');
    // A stricter start-up objective (3 s) keeps only 50.
    expect(recommendMaxPods({ ...input, startupLimitMs: 3000 })).toMatchObject({ maxPods: 50, limitedBy: 'density' });
  });

  it('uses kube-reserved and system-reserved overrides instead of the tiers', () => {
    // cpu:    (16 − 1) / 0.25 = 60;  memory: 64 GiB − 2 GiB − 1 GiB = 62,464 MiB; − 100 = 62,364; / 512 = 121.8 → 121
    const kube = parseReservedFlag('cpu=1,memory=2Gi');
    const system = parseReservedFlag('memory=1Gi');
    if (!kube.ok || !system.ok) throw new Error('flags');
    const input: MaxPodsInput = { node: { cpuCores: 16, memoryBytes: 64 * GiB }, pod: { cpuCores: 0.25, memoryBytes: 512 * MiB }, reserved: { kube: kube.value, system: system.value } };
    expect(byName(input)).toMatchObject({ cpu: 60, memory: 121 });
    const r = recommendMaxPods(input);
    expect(r).toMatchObject({ maxPods: 60, limitedBy: 'cpu' });
    expect(r.allocatable.source).toEqual({ cpu: 'override', memory: 'override' });
    expect(r.kubeletConfig).toContain('kubeReserved:\n  cpu: "1"\n  memory: "2048Mi"\nsystemReserved:\n  memory: "1024Mi"\n');
  });

  it('names the first of tied constraints, so a resource tied with the tested limit is the reason', () => {
    // 11 cores → 10 × 11 = 110 pods per core, equal to the tested limit
    const input: MaxPodsInput = { node: { cpuCores: 11, memoryBytes: 64 * GiB }, pod: { cpuCores: 0.01, memoryBytes: 64 * MiB } };
    expect(recommendMaxPods(input)).toMatchObject({ maxPods: 110, limitedBy: 'pods-per-core' });
  });

  it('leaves out the IP and density constraints when not given, and pods-per-core when turned off', () => {
    const names = recommendMaxPods({ node: { cpuCores: 8, memoryBytes: 32 * GiB }, pod: { cpuCores: 0.5, memoryBytes: GiB }, podsPerCore: 0 }).constraints.map((c) => c.name);
    expect(names).toEqual(['cpu', 'memory', 'tested-limit']);
  });

  it('gives 0 when a pod is larger than the node, never a negative count', () => {
    const r = recommendMaxPods({ node: { cpuCores: 1, memoryBytes: 2 * GiB }, pod: { cpuCores: 2, memoryBytes: 4 * GiB } });
    expect(r).toMatchObject({ maxPods: 0, limitedBy: 'cpu' });
    expect(r.constraints.find((c) => c.name === 'memory')!.maxPods).toBe(0);
  });
});

describe('floorCount', () => {
  it('floors, absorbing float error just below a whole number, and never goes negative', () => {
    expect(floorCount(1.93 / 0.01)).toBe(193);
    expect(floorCount(63.56)).toBe(63);
    expect(floorCount(5.9999)).toBe(5);
    expect(floorCount(-3)).toBe(0);
  });
});
