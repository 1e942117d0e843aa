// Spawn the built CLI (bin/headroom.js → dist/) the way a user does.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const CLI = new URL('../bin/headroom.js', import.meta.url).pathname;
export const ROOT = new URL('..', import.meta.url).pathname;

export function tempDir(prefix = 'headroom-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; onStderrLine?: (line: string, child: ChildProcess) => void } = {}): Promise<Finished> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const rl = createInterface({ input: child.stderr });
    rl.on('line', (line) => {
      stderr += `${line}\n`;
      opts.onStderrLine?.(line, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`headroom ${args.join(' ')} did not finish within ${opts.timeoutMs ?? 120_000}ms\nstderr:\n${stderr}`));
    }, opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** `headroom target …` in a child process; resolves once it printed `listening on <url>`. */
export function startTargetProcess(args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, 'target', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => {
      const m = /^listening on (\S+)$/.exec(line);
      if (!m) {
        child.kill();
        reject(new Error(`unexpected first line from headroom target: ${line}`));
        return;
      }
      resolvePromise({
        url: m[1]!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`headroom target exited with ${code}: ${err}`)));
  });
}
