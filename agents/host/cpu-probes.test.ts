import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cpuMultiProbe, cpuSingleProbe } from './cpu-probes.js';
import type { ProbeContext } from './probe.js';

function context(signal = new AbortController().signal): ProbeContext {
  return { signal, profile: 'quick', workDir: tmpdir(), tools: { fio: null, iperf3: null }, peer: null };
}

/** OS threads of this process: each worker thread is one (plus any it started itself). */
const threadCount = () => readdirSync('/proc/self/task').length;

// Short windows: these tests check behaviour, not speed.
const quickOpts = { durationMs: 150, warmupMs: 30 };

describe('cpu.single', () => {
  it('reports a finite positive ops/s from one worker thread', async () => {
    const probe = cpuSingleProbe(quickOpts);
    expect(probe).toMatchObject({ metric: 'cpu.single', suite: 'cpu', unit: 'ops/s', higherIsBetter: true, tool: 'built-in' });
    try {
      await probe.setup!(context());
      const values = [(await probe.measure(context())).value, (await probe.measure(context())).value];
      for (const v of values) {
        expect(Number.isFinite(v)).toBe(true);
        // One op is ~0.03–2 ms of work on any current core; even a heavily shared one does > 1/s.
        expect(v).toBeGreaterThan(1);
        expect(v).toBeLessThan(1e6);
      }
      expect(probe.detail).toMatch(/geometric mean/);
      expect(probe.detail).toMatch(/sha256-64KiB, deflate6-64KiB, json-10KiB/);
      expect(probe.detail).toMatch(/1 worker thread/);
    } finally {
      await probe.teardown!();
    }
  });

  it('ends a repeat when aborted, and measures again afterwards', async () => {
    // A window long enough that an ignored abort would let the repeat resolve instead of rejecting.
    const probe = cpuSingleProbe({ durationMs: 2000, warmupMs: 30 });
    try {
      await probe.setup!(context());
      const abort = new AbortController();
      setTimeout(() => abort.abort(new Error('stop now')), 200);
      await expect(probe.measure(context(abort.signal))).rejects.toThrow('stop now');
      const preAborted = new AbortController();
      preAborted.abort(new Error('already'));
      await expect(probe.measure(context(preAborted.signal))).rejects.toThrow('already');
      expect((await probe.measure(context())).value).toBeGreaterThan(1);
    } finally {
      await probe.teardown!();
    }
  });
});

describe('cpu.multi', () => {
  it.skipIf(!existsSync('/proc/self/task'))('runs the requested threads, reports them in detail, and ends them in teardown', async () => {
    const before = threadCount();
    const probe = cpuMultiProbe({ ...quickOpts, threads: 2 });
    expect(probe).toMatchObject({ metric: 'cpu.multi', suite: 'cpu', unit: 'ops/s', higherIsBetter: true });
    try {
      await probe.setup!(context());
      expect(threadCount()).toBeGreaterThanOrEqual(before + 2);
      expect(probe.detail).toMatch(/\b2 threads\b/);
      for (let i = 0; i < 2; i++) {
        const { value } = await probe.measure(context());
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThan(1);
      }
    } finally {
      await probe.teardown!();
    }
    expect(threadCount()).toBeLessThanOrEqual(before);
  });

  it('defaults to os.availableParallelism() threads', async () => {
    const { availableParallelism } = await import('node:os');
    const probe = cpuMultiProbe(quickOpts);
    try {
      await probe.setup!(context());
      expect(probe.detail).toContain(`sum over ${availableParallelism()} threads`);
    } finally {
      await probe.teardown!();
    }
  });
});
