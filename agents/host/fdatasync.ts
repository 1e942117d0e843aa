// disk.fdatasync.p99: etcd's WAL pattern, the well-known fio check for etcd disks: sequential
// 2300-byte writes, each followed by fdatasync, timing the fdatasync alone. Two implementations of
// the same I/O (fio, and a built-in worker thread), exported separately so they can be compared
// side by side. Both write a fresh preallocated file each run: fio fallocates its file before
// writing, and so does etcd with its WAL segments; an unallocated file makes every fdatasync also
// commit the new size and blocks, which is measurably slower.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
import { runFdatasyncThread } from './disk-threads.js';
import { syncPercentileMs } from './fio-parse.js';
import { escapeFioPath, runFioJob } from './fio.js';
import { runTool } from './run-tool.js';
import { findOnPath } from './tools.js';

/** The size of an etcd WAL record in the fio check etcd's maintainers and cloud vendors publish. */
export const WAL_RECORD_BYTES = 2300;

export interface FdatasyncOptions {
  /** Writes (each followed by fdatasync); the file is count × 2300 bytes. */
  count: number;
  /** Stop earlier than `count` past this, so a slow disk cannot stretch a repeat. */
  maxMs: number;
  signal?: AbortSignal;
}

export interface FdatasyncResult {
  /** 99th percentile of the fdatasync latency. */
  p99Ms: number;
  /** fdatasync calls measured. */
  count: number;
  /** Built-in only: every fdatasync latency, HDR histogram in µs (base64). fio reports percentiles only. */
  histogram?: string;
  /** Whether the file was preallocated before the writes (fio always does it). */
  preallocated: boolean;
}

let sequence = 0;
const scratchName = (): string => `headroom-fdatasync-${process.pid}-${++sequence}`;

/** fallocate(1) does what fio does (fallocate(2), mode 0); Node has no binding for it. false when unavailable. */
async function preallocate(file: string, bytes: number, signal?: AbortSignal): Promise<boolean> {
  const fallocate = findOnPath('fallocate');
  if (!fallocate) return false;
  const ok = await runTool(fallocate, ['-l', String(bytes), file], { timeoutMs: 10_000, signal }).then(
    (out) => out.code === 0,
    () => false,
  );
  signal?.throwIfAborted();
  if (ok) return true;
  await rm(file, { force: true });
  return false;
}

/** Whether the built-in can preallocate files in `dir` (fallocate(1) present and the filesystem takes it). */
export async function canPreallocate(dir: string, signal?: AbortSignal): Promise<boolean> {
  const file = join(dir, `${scratchName()}-probe`);
  try {
    return await preallocate(file, 4096, signal);
  } finally {
    await rm(file, { force: true });
  }
}

/** The built-in: one worker thread, synchronous write + fdatasync, each fdatasync timed into a histogram. */
export async function measureFdatasyncBuiltIn(dir: string, opts: FdatasyncOptions): Promise<FdatasyncResult> {
  const file = join(dir, scratchName());
  try {
    const preallocated = await preallocate(file, opts.count * WAL_RECORD_BYTES, opts.signal);
    const done = await runFdatasyncThread(
      { type: 'fdatasync', file, blockBytes: WAL_RECORD_BYTES, count: opts.count, maxMs: opts.maxMs },
      opts.signal,
    );
    if (done.count === 0) throw new Error(`no fdatasync completed within ${opts.maxMs} ms`);
    return { p99Ms: summarizeEncodedMs(done.histogram).p99, count: done.count, histogram: done.histogram, preallocated };
  } finally {
    await rm(file, { force: true });
  }
}

/** `fio --rw=write --ioengine=sync --fdatasync=1 --bs=2300 --size=<count×2300>`: its sync latency p99. */
export async function measureFdatasyncFio(fioPath: string, dir: string, opts: FdatasyncOptions): Promise<FdatasyncResult> {
  const name = scratchName();
  try {
    const report = await runFioJob(
      fioPath,
      [
        `--name=${name}`, `--directory=${escapeFioPath(dir)}`, '--rw=write', '--ioengine=sync', '--fdatasync=1',
        `--bs=${WAL_RECORD_BYTES}`, `--size=${opts.count * WAL_RECORD_BYTES}`,
      ],
      { maxMs: opts.maxMs, signal: opts.signal },
    );
    return { p99Ms: syncPercentileMs(report, 99), count: report.sync?.count ?? 0, preallocated: true };
  } finally {
    // fio names its file <job name>.<job number>.<file number>.
    await rm(join(dir, `${name}.0.0`), { force: true });
  }
}
