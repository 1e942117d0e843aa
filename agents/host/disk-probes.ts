// The disk metrics: disk.fdatasync.p99 (etcd's WAL pattern), disk.seq-write, disk.seq-read and
// disk.rand-read-iops. Each uses fio when the runner found it, else the built-in twin of the same
// I/O. Every file lives in ctx.workDir and is removed in teardown; a disk with less than 4× a
// probe's file free is skipped rather than filled. The three file probes run one untimed warm-up
// pass of a quarter of a repeat's work first: a fresh file's first write was 2–6× slower than the
// rest on our VMs (block allocation, write-back state), and would otherwise be repeat 1.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostGuidance } from '../../scenarios/result.js';
import { freeBytes, MiB, probeDirectIo, seqRead, seqWrite, writeDataFile } from './disk-io.js';
import { runRandReadThreads } from './disk-threads.js';
import { canPreallocate, measureFdatasyncBuiltIn, measureFdatasyncFio, WAL_RECORD_BYTES } from './fdatasync.js';
import { fioRandRead, fioSeqRead, fioSeqWrite, readFioVersion } from './fio.js';
import { SkipProbe, type HostProbe, type ProbeContext, type ProbeSample } from './probe.js';

/** etcd's guidance for its WAL disk: 99% of fdatasyncs within 10 ms. */
export const ETCD_FDATASYNC_P99_LIMIT_MS = 10;
/** Random reads in flight: threads (built-in) or fio jobs, each one pread at a time. */
export const RAND_READ_QUEUE_DEPTH = 4;
const FREE_SPACE_FACTOR = 4;
/** The warm-up pass does this share of a repeat's bytes or time. */
export const WARMUP_SHARE = 0.25;
const BYTES_PER_MB = 1e6;

const PROFILE = {
  quick: { fdatasyncCount: 1000, fdatasyncMaxMs: 2500, fileBytes: 256 * MiB, seqMaxMs: 2500, randReadMs: 1500 },
  full: { fdatasyncCount: 10_000, fdatasyncMaxMs: 20_000, fileBytes: 1024 * MiB, seqMaxMs: 20_000, randReadMs: 10_000 },
} as const;

export interface FdatasyncProbeOptions {
  /** Writes per repeat; default 1000 (quick) or 10 000 (full). */
  count?: number;
  maxMs?: number;
}

export interface FileProbeOptions {
  /** Size of the file written or read; default 256 MiB (quick) or 1 GiB (full). A multiple of 1 MiB. */
  fileBytes?: number;
  /** Bound of one repeat; default 2.5 s / 20 s (sequential), 1.5 s / 10 s (random reads). */
  maxMs?: number;
}

/** The runner gives a scratch directory to the disk suite; a disk probe without one is a bug. */
function workDirOf(ctx: ProbeContext): string {
  if (ctx.workDir === null) throw new Error('a disk probe ran without a scratch directory (ctx.workDir is null)');
  return ctx.workDir;
}

/** A quarter of the file, in whole MiB (the built-in writes and reads 1 MiB blocks), at least 1 MiB. */
function warmupBytesOf(fileBytes: number): number {
  return Math.max(MiB, Math.floor((fileBytes * WARMUP_SHARE) / MiB) * MiB);
}

function describeWarmup(what: string): string {
  return `; one untimed warm-up pass (${what}) before the first repeat, not recorded`;
}

function formatMs(ms: number): string {
  return ms < 1 ? ms.toFixed(2) : ms.toFixed(1);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * MiB ? `${(bytes / (1024 * MiB)).toFixed(bytes % (1024 * MiB) === 0 ? 0 : 1)} GiB` : `${Math.round(bytes / MiB)} MiB`;
}

export function fdatasyncGuidance(p99Ms: number): HostGuidance {
  const limit = ETCD_FDATASYNC_P99_LIMIT_MS;
  const passed = p99Ms <= limit;
  const text = passed
    ? `fdatasync p99 ${formatMs(p99Ms)} ms ≤ ${limit} ms: fit for etcd's WAL`
    : `fdatasync p99 ${formatMs(p99Ms)} ms > ${limit} ms: too slow for etcd's WAL (etcd asks for ≤ ${limit} ms)`;
  return { limit, passed, text };
}

async function requireFreeSpace(dir: string, fileBytes: number): Promise<void> {
  const free = await freeBytes(dir);
  const needed = FREE_SPACE_FACTOR * fileBytes;
  if (free < needed) {
    throw new SkipProbe(`only ${formatBytes(free)} free in ${dir}; a ${formatBytes(fileBytes)} test file needs ${formatBytes(needed)} (4×) free`);
  }
}

interface ResolvedTool {
  /** null: use the built-in. */
  path: string | null;
  /** The probe's `tool`: fio with its version, or 'built-in'. */
  tool: string;
  /** Why fio was found but not used. */
  note: string | null;
}

/** fio with its version, or the built-in when fio is absent or does not answer `--version`. */
async function resolveFio(ctx: ProbeContext): Promise<ResolvedTool> {
  if (!ctx.tools.fio) return { path: null, tool: 'built-in', note: null };
  try {
    return { path: ctx.tools.fio, tool: await readFioVersion(ctx.tools.fio, ctx.signal), note: null };
  } catch (err) {
    ctx.signal.throwIfAborted();
    return { path: null, tool: 'built-in', note: `fio at ${ctx.tools.fio} did not report its version (${err instanceof Error ? err.message : String(err)}), built-in used` };
  }
}

const withNote = (detail: string, note: string | null): string => (note ? `${detail}; ${note}` : detail);

export function fdatasyncProbe(opts: FdatasyncProbeOptions = {}): HostProbe {
  let fio: string | null = null;
  let dir = '';
  let count = 0;
  let maxMs = 0;
  const probe: HostProbe = {
    metric: 'disk.fdatasync.p99',
    suite: 'disk',
    unit: 'ms',
    higherIsBetter: false,
    tool: 'built-in',
    async setup(ctx) {
      dir = workDirOf(ctx);
      count = opts.count ?? PROFILE[ctx.profile].fdatasyncCount;
      maxMs = opts.maxMs ?? PROFILE[ctx.profile].fdatasyncMaxMs;
      await requireFreeSpace(dir, count * WAL_RECORD_BYTES);
      const found = await resolveFio(ctx);
      const pattern = `${count} sequential ${WAL_RECORD_BYTES}-byte writes (≤ ${maxMs / 1000} s), each followed by fdatasync, to a new file in ${dir} (etcd's WAL pattern); p99 of the fdatasync latency`;
      if (found.path) {
        fio = found.path;
        probe.tool = found.tool;
        probe.detail = `fio --rw=write --ioengine=sync --fdatasync=1 --bs=${WAL_RECORD_BYTES} --size=${count * WAL_RECORD_BYTES}: ${pattern} (fio preallocates the file; its sync percentiles, so no per-operation histogram)`;
      } else {
        const prealloc = (await canPreallocate(dir, ctx.signal))
          ? 'the file preallocated with fallocate(1) as fio does'
          : `the file not preallocated, unlike fio's (no fallocate(1) here, or the filesystem refuses it)`;
        probe.detail = withNote(`${pattern}; each fdatasync timed on a worker thread, ${prealloc}`, found.note);
      }
    },
    async measure(ctx): Promise<ProbeSample> {
      const run = { count, maxMs, signal: ctx.signal };
      const result = fio ? await measureFdatasyncFio(fio, dir, run) : await measureFdatasyncBuiltIn(dir, run);
      return result.histogram ? { value: result.p99Ms, histogram: result.histogram } : { value: result.p99Ms };
    },
    guidance: fdatasyncGuidance,
  };
  return probe;
}

export function seqWriteProbe(opts: FileProbeOptions = {}): HostProbe {
  let fio: string | null = null;
  let file: string | null = null;
  let fileBytes = 0;
  let maxMs = 0;
  const probe: HostProbe = {
    metric: 'disk.seq-write',
    suite: 'disk',
    unit: 'MB/s',
    higherIsBetter: true,
    tool: 'built-in',
    async setup(ctx) {
      fileBytes = opts.fileBytes ?? PROFILE[ctx.profile].fileBytes;
      maxMs = opts.maxMs ?? PROFILE[ctx.profile].seqMaxMs;
      const dir = workDirOf(ctx);
      await requireFreeSpace(dir, fileBytes);
      file = join(dir, 'headroom-seq-write.dat');
      const found = await resolveFio(ctx);
      fio = found.path;
      probe.tool = found.tool;
      const warmup = describeWarmup(`${formatBytes(warmupBytesOf(fileBytes))} written to the same file, then deleted`);
      const what = `${formatBytes(fileBytes)} written in 1 MiB blocks (≤ ${maxMs / 1000} s) to a new file in ${dir}, fdatasync at the end counted in the time; MB = 10⁶ bytes${warmup}`;
      probe.detail = found.path ? `fio --rw=write --bs=1M --ioengine=sync --end_fsync=1: ${what}` : withNote(what, found.note);
    },
    async warmup(ctx) {
      await writeOnce(warmupBytesOf(fileBytes), { maxMs: maxMs * WARMUP_SHARE, signal: ctx.signal });
    },
    async measure(ctx): Promise<ProbeSample> {
      return { value: (await writeOnce(fileBytes, { maxMs, signal: ctx.signal })) / BYTES_PER_MB };
    },
    async teardown() {
      if (file) await rm(file, { force: true });
    },
  };
  /** Bytes/s of one write of `bytes` into a new file, which is gone again afterwards. */
  async function writeOnce(bytes: number, run: { maxMs: number; signal: AbortSignal }): Promise<number> {
    await rm(file!, { force: true });
    const bytesPerSec = fio ? await fioSeqWrite(fio, file!, bytes, run) : await seqWrite(file!, bytes, run);
    // The next repeat starts from no file again, and a 1 GiB file should not wait for teardown.
    await rm(file!, { force: true });
    return bytesPerSec;
  }
  return probe;
}

/** Shared by the two read probes: lay out the data file, learn whether O_DIRECT works on it. */
async function prepareReadFile(ctx: ProbeContext, file: string, fileBytes: number): Promise<{ direct: boolean; fallbackReason: string | null }> {
  await requireFreeSpace(workDirOf(ctx), fileBytes);
  await writeDataFile(file, fileBytes, ctx.signal);
  return probeDirectIo(file);
}

function describeDirect(direct: boolean, fallbackReason: string | null): string {
  return direct ? 'O_DIRECT (page cache bypassed)' : `buffered: ${fallbackReason ?? 'O_DIRECT unavailable'}, so reads may come from the page cache`;
}

export function seqReadProbe(opts: FileProbeOptions = {}): HostProbe {
  let fio: string | null = null;
  let file: string | null = null;
  let direct = true;
  let fileBytes = 0;
  let maxMs = 0;
  const probe: HostProbe = {
    metric: 'disk.seq-read',
    suite: 'disk',
    unit: 'MB/s',
    higherIsBetter: true,
    tool: 'built-in',
    async setup(ctx) {
      fileBytes = opts.fileBytes ?? PROFILE[ctx.profile].fileBytes;
      maxMs = opts.maxMs ?? PROFILE[ctx.profile].seqMaxMs;
      const dir = workDirOf(ctx);
      file = join(dir, 'headroom-seq-read.dat');
      const prepared = await prepareReadFile(ctx, file, fileBytes);
      direct = prepared.direct;
      const found = await resolveFio(ctx);
      fio = found.path;
      probe.tool = found.tool;
      const warmup = describeWarmup(`the first ${formatBytes(warmupBytesOf(fileBytes))} of the file read`);
      const what = `${formatBytes(fileBytes)} file in ${dir} read in 1 MiB requests, one at a time (≤ ${maxMs / 1000} s), ${describeDirect(direct, prepared.fallbackReason)}; MB = 10⁶ bytes${warmup}`;
      probe.detail = found.path ? `fio --rw=read --bs=1M --ioengine=psync --direct=${direct ? 1 : 0}: ${what}` : withNote(what, found.note);
    },
    async warmup(ctx) {
      await readOnce(warmupBytesOf(fileBytes), { maxMs: maxMs * WARMUP_SHARE, signal: ctx.signal });
    },
    async measure(ctx): Promise<ProbeSample> {
      return { value: (await readOnce(fileBytes, { maxMs, signal: ctx.signal })) / BYTES_PER_MB };
    },
    async teardown() {
      if (file) await rm(file, { force: true });
    },
  };
  /** Bytes/s of one read of the file's first `bytes`. */
  async function readOnce(bytes: number, run: { maxMs: number; signal: AbortSignal }): Promise<number> {
    return fio ? await fioSeqRead(fio, file!, bytes, direct, run) : (await seqRead(file!, bytes, run)).bytesPerSec;
  }
  return probe;
}

export function randReadIopsProbe(opts: FileProbeOptions = {}): HostProbe {
  let fio: string | null = null;
  let file: string | null = null;
  let direct = true;
  let fileBytes = 0;
  let durationMs = 0;
  const qd = RAND_READ_QUEUE_DEPTH;
  const probe: HostProbe = {
    metric: 'disk.rand-read-iops',
    suite: 'disk',
    unit: 'IOPS',
    higherIsBetter: true,
    tool: 'built-in',
    async setup(ctx) {
      fileBytes = opts.fileBytes ?? PROFILE[ctx.profile].fileBytes;
      durationMs = opts.maxMs ?? PROFILE[ctx.profile].randReadMs;
      const dir = workDirOf(ctx);
      file = join(dir, 'headroom-rand-read.dat');
      const prepared = await prepareReadFile(ctx, file, fileBytes);
      direct = prepared.direct;
      const found = await resolveFio(ctx);
      fio = found.path;
      probe.tool = found.tool;
      const warmup = describeWarmup(`the same reads for ${(durationMs * WARMUP_SHARE) / 1000} s`);
      const what = `4 KiB reads at random offsets of a ${formatBytes(fileBytes)} file in ${dir} for ${durationMs / 1000} s, queue depth ${qd} (${qd} threads, one pread each), ${describeDirect(direct, prepared.fallbackReason)}${warmup}`;
      probe.detail = found.path
        ? `fio --rw=randread --bs=4k --ioengine=psync --numjobs=${qd} --direct=${direct ? 1 : 0}: ${what}`
        : withNote(what, found.note);
    },
    async warmup(ctx) {
      await readFor(durationMs * WARMUP_SHARE, ctx.signal);
    },
    async measure(ctx): Promise<ProbeSample> {
      return { value: await readFor(durationMs, ctx.signal) };
    },
    async teardown() {
      if (file) await rm(file, { force: true });
    },
  };
  /** IOPS of random reads for `ms`. */
  async function readFor(ms: number, signal: AbortSignal): Promise<number> {
    if (fio) return fioRandRead(fio, file!, fileBytes, qd, direct, { maxMs: ms, signal });
    return (await runRandReadThreads({ type: 'rand-read', file: file!, fileBytes, blockBytes: 4096, durationMs: ms }, qd, signal)).iops;
  }
  return probe;
}
