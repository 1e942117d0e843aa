// The disk patterns run through fio (when it is on PATH): each one fio job with a JSON report,
// bounded by fio's own --runtime and by a kill past that. The built-in twins live in disk-io.ts and
// fdatasync.ts and do the same I/O, so the two tools give comparable figures.
import { parseFioReport, parseFioVersion, type FioReport } from './fio-parse.js';
import { runTool } from './run-tool.js';

export interface FioRunOptions {
  /** fio's --runtime: the job stops issuing I/O after this. */
  maxMs: number;
  signal?: AbortSignal;
}

/** Start-up, file layout and the report come on top of the job's runtime. */
const FIO_OVERHEAD_MS = 20_000;

/** fio reads ':' in --filename and --directory as a list separator; a literal colon is escaped with a backslash. */
export function escapeFioPath(path: string): string {
  return path.replace(/:/g, '\\:');
}

export async function readFioVersion(fioPath: string, signal?: AbortSignal): Promise<string> {
  const out = await runTool(fioPath, ['--version'], { timeoutMs: 10_000, signal });
  return parseFioVersion(out.stdout || out.stderr);
}

/** Runs one fio job (given as command-line options) and parses its JSON report. */
export async function runFioJob(fioPath: string, jobArgs: readonly string[], opts: FioRunOptions): Promise<FioReport> {
  // --thread: jobs as threads of the one fio process. Forked jobs call setsid(), so killing fio's
  // process group on abort would leave them running (and holding our stdout pipe) to their runtime.
  const args = [...jobArgs, '--thread', `--runtime=${Math.max(1, Math.round(opts.maxMs))}ms`, '--output-format=json'];
  const out = await runTool(fioPath, args, { timeoutMs: opts.maxMs + FIO_OVERHEAD_MS, signal: opts.signal });
  const report = parseFioReport(out.stdout, out.stderr);
  if (out.code !== 0) throw new Error(`fio exited with code ${out.code}: ${out.stderr.trim().slice(-300)}`);
  return report;
}

/** Sequential 1 MiB buffered writes into a new file, fsync at the end inside the timed run. Bytes/s. */
export async function fioSeqWrite(fioPath: string, file: string, bytes: number, opts: FioRunOptions): Promise<number> {
  const report = await runFioJob(
    fioPath,
    ['--name=headroom-seq-write', `--filename=${escapeFioPath(file)}`, '--rw=write', '--bs=1M', `--size=${bytes}`, '--ioengine=sync', '--end_fsync=1'],
    opts,
  );
  return positive(report.write.bytesPerSec, 'seq-write bandwidth');
}

/** Sequential 1 MiB reads of an existing file, one at a time (queue depth 1). Bytes/s. */
export async function fioSeqRead(fioPath: string, file: string, bytes: number, direct: boolean, opts: FioRunOptions): Promise<number> {
  const report = await runFioJob(
    fioPath,
    ['--name=headroom-seq-read', `--filename=${escapeFioPath(file)}`, '--rw=read', '--bs=1M', `--size=${bytes}`, '--ioengine=psync', `--direct=${direct ? 1 : 0}`],
    opts,
  );
  return positive(report.read.bytesPerSec, 'seq-read bandwidth');
}

/**
 * 4 KiB random reads of an existing file for the whole runtime: `threads` jobs each issuing one
 * pread at a time, which is what the built-in's worker threads do (queue depth = threads). IOPS.
 */
export async function fioRandRead(fioPath: string, file: string, bytes: number, threads: number, direct: boolean, opts: FioRunOptions): Promise<number> {
  const report = await runFioJob(
    fioPath,
    [
      '--name=headroom-rand-read', `--filename=${escapeFioPath(file)}`, '--rw=randread', '--bs=4k', `--size=${bytes}`,
      '--ioengine=psync', `--direct=${direct ? 1 : 0}`, `--numjobs=${threads}`, '--group_reporting', '--time_based',
    ],
    opts,
  );
  return positive(report.read.iops, 'rand-read IOPS');
}

function positive(value: number, what: string): number {
  if (!(value > 0)) throw new Error(`fio measured no ${what} (${value})`);
  return value;
}
