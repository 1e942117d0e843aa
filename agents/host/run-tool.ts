// Runs an external measuring tool (fio, iperf3) to completion and collects its output. The tool gets
// its own process group, so an abort or a timeout kills it together with any helper it forked into
// that group, and we only return once its output pipes close: a caller that deletes the files
// afterwards never races the tool still writing them. (A child that leaves the group with setsid()
// escapes the kill: fio's forked jobs do, which is why fio.ts runs them as threads.)
import { spawn } from 'node:child_process';

export interface ToolOutput {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface RunToolOptions {
  signal?: AbortSignal;
  /** Killed past this; the promise rejects. */
  timeoutMs: number;
}

const MAX_OUTPUT_CHARS = 4_000_000;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

export function runTool(path: string, args: readonly string[], opts: RunToolOptions): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let failure: unknown = null;
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT_CHARS) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT_CHARS) stderr += chunk.toString('utf8');
    });
    let finished = false;
    const finish = (err: unknown, code: number | null = null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err !== null) reject(err);
      else resolve({ stdout, stderr, code });
    };
    const stop = (reason: unknown): void => {
      failure ??= reason;
      killGroup(child.pid);
    };
    const onAbort = (): void => stop(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop(new Error(`${path} did not finish within ${Math.round(opts.timeoutMs / 1000)} s`)), opts.timeoutMs);
    child.once('error', (err) => {
      // Never started (ENOENT, EACCES): there will be no 'close' to wait for.
      if (child.pid === undefined) finish(err);
      else stop(err);
    });
    child.once('close', (code) => finish(failure, code));
  });
}
