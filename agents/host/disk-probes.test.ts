import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../test/require-tool.js';
import { fdatasyncGuidance, fdatasyncProbe, randReadIopsProbe, seqReadProbe, seqWriteProbe } from './disk-probes.js';
import type { HostProbe, ProbeContext } from './probe.js';

const MiB = 1024 * 1024;
// Small files and short runs: these tests check the plumbing and the units, not the disk.
const small = { fileBytes: 16 * MiB, maxMs: 1000 };
const fio = requireBinary('fio');
const root = mkdtempSync(join(tmpdir(), 'headroom-disk-probes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
/** A fresh work dir per probe, as the runner gives it. */
function context(tools: { fio: string | null }, signal = new AbortController().signal): ProbeContext {
  const workDir = join(root, String(++dirs));
  mkdirSync(workDir);
  return { signal, profile: 'quick', workDir, tools: { fio: tools.fio, iperf3: null }, peer: null };
}

/** setup, the warm-up, two repeats, teardown, as the runner calls them; the values and what is left in the work dir. */
async function run(probe: HostProbe, ctx: ProbeContext): Promise<{ values: number[]; left: string[] }> {
  const values: number[] = [];
  try {
    await probe.setup?.(ctx);
    await probe.warmup?.(ctx);
    for (let i = 0; i < 2; i++) {
      const sample = await probe.measure(ctx);
      values.push(sample.value);
      if (probe.metric === 'disk.fdatasync.p99' && probe.tool === 'built-in') expect(sample.histogram).toBeTypeOf('string');
    }
  } finally {
    await probe.teardown?.();
  }
  return { values, left: readdirSync(ctx.workDir!) };
}

const probes = (): HostProbe[] => [fdatasyncProbe({ count: 100, maxMs: 1000 }), seqWriteProbe(small), seqReadProbe(small), randReadIopsProbe({ ...small, maxMs: 300 })];

describe('disk probes, built-in', () => {
  it('measure finite positive figures in their units and leave no file behind', async () => {
    for (const probe of probes()) {
      const { values, left } = await run(probe, context({ fio: null }));
      expect(probe.tool, probe.metric).toBe('built-in');
      for (const v of values) expect(v, probe.metric).toBeGreaterThan(0);
      expect(values.every(Number.isFinite), probe.metric).toBe(true);
      expect(left, probe.metric).toEqual([]);
    }
    const units = probes().map((p) => [p.metric, p.unit, p.higherIsBetter]);
    expect(units).toEqual([
      ['disk.fdatasync.p99', 'ms', false],
      ['disk.seq-write', 'MB/s', true],
      ['disk.seq-read', 'MB/s', true],
      ['disk.rand-read-iops', 'IOPS', true],
    ]);
  });

  it('says how reads were made and at which queue depth', async () => {
    const probe = randReadIopsProbe(small);
    const ctx = context({ fio: null });
    try {
      await probe.setup!(ctx);
      expect(probe.detail).toMatch(/queue depth 4/);
      expect(probe.detail).toMatch(/O_DIRECT|buffered/);
    } finally {
      await probe.teardown!();
    }
    expect(readdirSync(ctx.workDir!)).toEqual([]);
  });

  it('warm up the three file probes (not fdatasync) untimed, say so in the detail and leave the files as a repeat expects them', async () => {
    expect(probes().map((p) => [p.metric, typeof p.warmup])).toEqual([
      ['disk.fdatasync.p99', 'undefined'],
      ['disk.seq-write', 'function'],
      ['disk.seq-read', 'function'],
      ['disk.rand-read-iops', 'function'],
    ]);
    const write = seqWriteProbe(small);
    const ctx = context({ fio: null });
    try {
      await write.setup!(ctx);
      expect(write.detail).toMatch(/one untimed warm-up pass \(4 MiB written to the same file, then deleted\) before the first repeat, not recorded/);
      await expect(write.warmup!(ctx)).resolves.toBeUndefined();
      expect(readdirSync(ctx.workDir!)).toEqual([]); // a repeat starts from no file
    } finally {
      await write.teardown!();
    }
    const read = seqReadProbe(small);
    const readCtx = context({ fio: null });
    try {
      await read.setup!(readCtx);
      expect(read.detail).toMatch(/warm-up pass \(the first 4 MiB of the file read\)/);
      await read.warmup!(readCtx);
      expect(readdirSync(readCtx.workDir!)).toEqual(['headroom-seq-read.dat']); // still there for the repeats
    } finally {
      await read.teardown!();
    }
    const rand = randReadIopsProbe({ ...small, maxMs: 400 });
    const randCtx = context({ fio: null });
    try {
      await rand.setup!(randCtx);
      expect(rand.detail).toMatch(/warm-up pass \(the same reads for 0\.1 s\)/);
    } finally {
      await rand.teardown!();
    }
  });

  it('ends a warm-up on abort', async () => {
    const controller = new AbortController();
    const probe = randReadIopsProbe({ fileBytes: 16 * MiB, maxMs: 120_000 }); // a 30 s warm-up unless aborted
    const ctx = context({ fio: null }, controller.signal);
    await probe.setup!(ctx);
    setTimeout(() => controller.abort(), 200);
    await expect(probe.warmup!(ctx)).rejects.toThrow(/abort/i);
    await probe.teardown!();
    expect(readdirSync(ctx.workDir!)).toEqual([]);
  });

  it('refuse to run without a scratch directory', async () => {
    await expect(seqWriteProbe(small).setup!({ ...context({ fio: null }), workDir: null })).rejects.toThrow(/without a scratch directory/);
  });

  it('skips a probe whose file needs more than a quarter of the free space', async () => {
    const probe = seqWriteProbe({ fileBytes: 2 ** 50 });
    await expect(probe.setup!(context({ fio: null }))).rejects.toMatchObject({ name: 'SkipProbe', message: expect.stringMatching(/free .* needs .* \(4×\) free/) });
  });

  it('ends a random-read repeat on abort and still cleans up in teardown', async () => {
    const controller = new AbortController();
    const probe = randReadIopsProbe({ fileBytes: 16 * MiB, maxMs: 30_000 });
    const ctx = context({ fio: null }, controller.signal);
    await probe.setup!(ctx);
    setTimeout(() => controller.abort(), 200);
    await expect(probe.measure(ctx)).rejects.toThrow(/abort/i);
    await probe.teardown!();
    expect(readdirSync(ctx.workDir!)).toEqual([]);
  });
});

describe.skipIf(!fio)('disk probes, fio', () => {
  it('run the same patterns through fio, label the tool with its version and leave no file behind', async () => {
    for (const probe of probes()) {
      const { values, left } = await run(probe, context({ fio }));
      expect(probe.tool, probe.metric).toMatch(/^fio-\d+\.\d+/);
      expect(probe.detail, probe.metric).toMatch(/^fio --rw=/);
      if (probe.metric !== 'disk.fdatasync.p99') expect(probe.detail, probe.metric).toMatch(/untimed warm-up pass/);
      for (const v of values) expect(v, probe.metric).toBeGreaterThan(0);
      expect(values.every(Number.isFinite), probe.metric).toBe(true);
      expect(left, probe.metric).toEqual([]);
    }
  });
});

describe('fdatasyncGuidance', () => {
  it('judges the p99 against etcd\'s 10 ms', () => {
    expect(fdatasyncGuidance(3.2)).toEqual({ limit: 10, passed: true, text: "fdatasync p99 3.2 ms ≤ 10 ms: fit for etcd's WAL" });
    expect(fdatasyncGuidance(0.274)).toMatchObject({ passed: true, text: expect.stringMatching(/^fdatasync p99 0\.27 ms/) });
    expect(fdatasyncGuidance(14.23)).toEqual({ limit: 10, passed: false, text: "fdatasync p99 14.2 ms > 10 ms: too slow for etcd's WAL (etcd asks for ≤ 10 ms)" });
  });
});
