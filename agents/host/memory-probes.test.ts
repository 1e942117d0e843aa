import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryBandwidthProbe, memoryLatencyProbe, readLastLevelCacheBytes } from './memory-probes.js';
import type { HostProbe, ProbeContext } from './probe.js';

const MiB = 1024 * 1024;

function context(signal = new AbortController().signal): ProbeContext {
  return { signal, profile: 'quick', workDir: tmpdir(), tools: { fio: null, iperf3: null }, peer: null };
}

/** The fastest of a few repeats: contention from other processes only ever adds time. */
async function bestOf(probe: HostProbe, repeats: number, pick: (a: number, b: number) => number): Promise<number[]> {
  const values: number[] = [];
  await probe.setup!(context());
  try {
    for (let i = 0; i < repeats; i++) values.push((await probe.measure(context())).value);
  } finally {
    await probe.teardown!();
  }
  return [values.reduce((a, b) => pick(a, b)), ...values];
}

describe('readLastLevelCacheBytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the highest-level cache from a sysfs-shaped directory, and null when there is none', () => {
    const caches = [['1', 'Data', '48K'], ['1', 'Instruction', '32K'], ['2', 'Unified', '2048K'], ['3', 'Unified', '36M']];
    caches.forEach(([level, type, size], i) => {
      mkdirSync(join(dir, `index${i}`));
      writeFileSync(join(dir, `index${i}`, 'level'), `${level}\n`);
      writeFileSync(join(dir, `index${i}`, 'type'), `${type}\n`);
      writeFileSync(join(dir, `index${i}`, 'size'), `${size}\n`);
    });
    mkdirSync(join(dir, 'uevent-not-a-cache'));
    expect(readLastLevelCacheBytes(dir)).toBe(36 * MiB);
    expect(readLastLevelCacheBytes(join(dir, 'missing'))).toBeNull();
  });
});

describe('memory.bandwidth', () => {
  it('reports GB/s in a sane range over a buffer past the last-level cache, counting read + write', async () => {
    const probe = memoryBandwidthProbe({ durationMs: 150 });
    expect(probe).toMatchObject({ metric: 'memory.bandwidth', suite: 'memory', unit: 'GB/s', higherIsBetter: true, tool: 'built-in' });
    const [, ...values] = await bestOf(probe, 2, Math.max);
    for (const v of values) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(0.1);
      expect(v).toBeLessThan(1000);
    }
    expect(probe.detail).toMatch(/read \+ bytes written/);
    expect(probe.detail).toMatch(/\d+ MiB/);
  });

  it('ends a repeat with the abort reason', async () => {
    const probe = memoryBandwidthProbe({ bytes: 8 * MiB, durationMs: 60_000 });
    await probe.setup!(context());
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('stop now')), 100);
    await expect(probe.measure(context(abort.signal))).rejects.toThrow('stop now');
    await probe.teardown!();
  });
});

describe('memory.latency', () => {
  it('reports ns per hop in a sane range, and an L1-sized chase is at least 3× faster per hop than the big one', async () => {
    const big = memoryLatencyProbe({ durationMs: 150 });
    expect(big).toMatchObject({ metric: 'memory.latency', suite: 'memory', unit: 'ns', higherIsBetter: false, tool: 'built-in' });
    const small = memoryLatencyProbe({ bytes: 16 * 1024, durationMs: 150 });
    const [bigBest, ...bigValues] = await bestOf(big, 3, Math.min);
    const [smallBest, ...smallValues] = await bestOf(small, 3, Math.min);
    for (const v of [...bigValues, ...smallValues]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThan(0.5);
      expect(v).toBeLessThan(5000);
    }
    expect(3 * smallBest!).toBeLessThan(bigBest!);
    expect(big.detail).toMatch(/Sattolo/);
    expect(big.detail).toMatch(/last-level cache/);
  });

  it('ends a repeat with the abort reason', async () => {
    const probe = memoryLatencyProbe({ bytes: 4 * MiB, durationMs: 60_000 });
    await probe.setup!(context());
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error('stop now')), 100);
    await expect(probe.measure(context(abort.signal))).rejects.toThrow('stop now');
    await probe.teardown!();
  });
});
