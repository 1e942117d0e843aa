import { describe, expect, it } from 'vitest';
import { computeAllocatable, formatCpuQuantity, formatMemoryQuantity, parseReservedFlag, reservedCpuCores, reservedMemoryBytes } from './kube-reserved.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('reserved CPU tiers (GKE/EKS)', () => {
  it.each([
    [0.5, 0.03], // 6% of half a core
    [1, 0.06],
    [2, 0.07], // + 1% of the second
    [4, 0.08], // + 0.5% of cores 3–4
    [8, 0.09], // + 0.25% × 4
    [16, 0.11],
    [96, 0.31], // 0.08 + 92 × 0.0025
  ])('%d cores → %d cores reserved', (cores, reserved) => {
    expect(reservedCpuCores(cores)).toBeCloseTo(reserved, 12);
  });
});

describe('reserved memory tiers (GKE)', () => {
  it.each([
    [2, 0.5], // 25% of 2
    [4, 1],
    [8, 1.8], // + 20% of 4
    [16, 2.6], // + 10% of 8
    [64, 5.48], // + 6% of 48
    [128, 9.32], // + 6% of 112
    [256, 11.88], // + 2% of 128
  ])('%d GiB → %d GiB reserved', (gib, reserved) => {
    expect(reservedMemoryBytes(gib * GiB) / GiB).toBeCloseTo(reserved, 12);
  });

  it('grows monotonically with the node', () => {
    let last = -1;
    for (let gib = 0; gib <= 600; gib += 7) {
      const r = reservedMemoryBytes(gib * GiB);
      expect(r).toBeGreaterThanOrEqual(last);
      last = r;
    }
  });
});

describe('computeAllocatable', () => {
  it('takes the tiers from capacity and the 100Mi eviction threshold from memory on top', () => {
    const a = computeAllocatable({ cpuCores: 16, memoryBytes: 64 * GiB });
    expect(a.cpuCores).toBeCloseTo(15.89, 12);
    expect(a.memoryBytes / MiB).toBeCloseTo(64 * 1024 - 5.48 * 1024 - 100, 6);
    expect(a.source).toEqual({ cpu: 'tiered', memory: 'tiered' });
  });

  it('replaces the tier of a resource only when an override names it, and adds system to kube', () => {
    const a = computeAllocatable({ cpuCores: 16, memoryBytes: 64 * GiB }, { system: { memoryBytes: GiB } });
    expect(a.cpuCores).toBeCloseTo(15.89, 12);
    expect(a.source).toEqual({ cpu: 'tiered', memory: 'override' });
    expect(a.memoryBytes).toBe(63 * GiB - 100 * MiB);
    const b = computeAllocatable({ cpuCores: 16, memoryBytes: 64 * GiB }, { kube: { cpuCores: 0.5 }, system: { cpuCores: 0.25 } });
    expect(b.cpuCores).toBe(15.25);
  });

  it('never goes below zero', () => {
    expect(computeAllocatable({ cpuCores: 1, memoryBytes: 50 * MiB }).memoryBytes).toBe(0);
  });
});

describe('parseReservedFlag', () => {
  it('reads the kubelet flag syntax', () => {
    expect(parseReservedFlag('cpu=500m,memory=1Gi')).toEqual({ ok: true, value: { cpuCores: 0.5, memoryBytes: GiB } });
    expect(parseReservedFlag('memory=512Mi')).toEqual({ ok: true, value: { memoryBytes: 512 * MiB } });
  });

  it('names what is wrong', () => {
    expect(parseReservedFlag('cpu=lots')).toMatchObject({ ok: false, error: expect.stringMatching(/not a CPU quantity/) });
    expect(parseReservedFlag('gpu=1')).toMatchObject({ ok: false, error: expect.stringMatching(/unknown resource "gpu"/) });
    expect(parseReservedFlag('500m')).toMatchObject({ ok: false, error: expect.stringMatching(/not key=value/) });
  });
});

describe('quantities for the kubelet config', () => {
  it('writes cores as whole cores or millicores', () => {
    expect(formatCpuQuantity(0.11)).toBe('110m');
    expect(formatCpuQuantity(0.0825)).toBe('82.5m');
    expect(formatCpuQuantity(2)).toBe('2');
  });

  it('writes memory as whole Mi, else Ki rounded up', () => {
    expect(formatMemoryQuantity(100 * MiB)).toBe('100Mi');
    expect(formatMemoryQuantity(1.8 * GiB)).toBe(`${Math.ceil((1.8 * GiB) / 1024)}Ki`);
  });
});
