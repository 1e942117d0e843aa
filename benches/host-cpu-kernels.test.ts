import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCpuKernels, geometricMean, KERNEL_INPUT_BYTES, makeKernelInputs, runKernelMix, type CpuKernel } from './host-cpu-kernels.js';

describe('CPU kernels', () => {
  it('produce the same checksums on every run and for every instance with the same seed', () => {
    const a = createCpuKernels(7);
    const b = createCpuKernels(7);
    expect(a.map((k) => k.name)).toEqual(['sha256-64KiB', 'deflate6-64KiB', 'json-10KiB']);
    const first = a.map((k) => k.run());
    expect(a.map((k) => k.run())).toEqual(first);
    expect(b.map((k) => k.run())).toEqual(first);
  });

  it('build the same inputs from the same seed and different ones from another seed', () => {
    expect(makeKernelInputs(7)).toEqual(makeKernelInputs(7));
    const other = makeKernelInputs(8);
    expect(other.randomBytes.equals(makeKernelInputs(7).randomBytes)).toBe(false);
    expect(createCpuKernels(8)[0]!.run()).not.toBe(createCpuKernels(7)[0]!.run());
  });

  it('work on 64 KiB of text that deflates like text and round-trips, and ~10 KiB of JSON', () => {
    const inputs = makeKernelInputs();
    expect(inputs.randomBytes.length).toBe(KERNEL_INPUT_BYTES);
    expect(inputs.text.length).toBe(KERNEL_INPUT_BYTES);
    const deflatedBytes = createCpuKernels()[1]!.run();
    // Natural-language text deflates 2–5×; random bytes would not shrink, repeated bytes ~1000×.
    expect(KERNEL_INPUT_BYTES / deflatedBytes).toBeGreaterThan(2);
    expect(KERNEL_INPUT_BYTES / deflatedBytes).toBeLessThan(8);
    expect(inflateSync(deflateSync(inputs.text, { level: 6 })).equals(inputs.text)).toBe(true);
    const json = JSON.stringify(inputs.document);
    expect(json.length).toBeGreaterThan(8 * 1024);
    expect(json.length).toBeLessThan(12 * 1024);
    expect(JSON.parse(json)).toEqual(inputs.document);
  });
});

/** A kernel that advances a fake clock by its cost instead of working. */
function fakeKernel(name: string, costMs: number, clock: { t: number }): CpuKernel {
  return { name, run: () => ((clock.t += costMs), 1) };
}

describe('runKernelMix', () => {
  it('scores the geometric mean of per-kernel ops/s, weighing a slow kernel like a fast one', () => {
    const clock = { t: 0 };
    const kernels = [fakeKernel('fast', 1, clock), fakeKernel('slow', 4, clock)];
    const mix = runKernelMix(kernels, { durationMs: 200, sliceMs: 20, now: () => clock.t, shouldStop: () => false });
    expect(mix.perKernelOpsPerSec[0]).toBeCloseTo(1000, 6);
    expect(mix.perKernelOpsPerSec[1]).toBeCloseTo(250, 6);
    expect(mix.opsPerSec).toBeCloseTo(500, 6);
    // Round-robin: both kernels got about the same share of the window.
    expect(mix.ops[0]! * 1).toBeCloseTo(mix.ops[1]! * 4, -1);
    expect(mix.elapsedMs).toBeGreaterThanOrEqual(200);
    expect(mix.checksum).toBe(mix.ops[0]! + mix.ops[1]!);
    expect(mix.stopped).toBe(false);
  });

  it('stops after the operation during which it was told to stop', () => {
    const clock = { t: 0 };
    let calls = 0;
    const kernel: CpuKernel = { name: 'k', run: () => ((clock.t += 1), ++calls) };
    const mix = runKernelMix([kernel], { durationMs: 1e9, sliceMs: 10, now: () => clock.t, shouldStop: () => calls >= 5 });
    expect(mix.stopped).toBe(true);
    expect(mix.ops).toEqual([5]);
  });
});

describe('geometricMean', () => {
  it('is the n-th root of the product, and 0 when a value is 0 or there are none', () => {
    expect(geometricMean([1, 100])).toBeCloseTo(10, 10);
    expect(geometricMean([2, 8, 4])).toBeCloseTo(4, 10);
    expect(geometricMean([5, 0])).toBe(0);
    expect(geometricMean([])).toBe(0);
  });
});
