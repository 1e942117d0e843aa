import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool } from './run-tool.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-run-tool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, tries = 40): Promise<boolean> {
  for (let i = 0; i < tries && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

describe('runTool', () => {
  it('returns the output and exit code of a tool that finishes', async () => {
    const out = await runTool('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], { timeoutMs: 10_000 });
    expect(out).toEqual({ stdout: 'out\n', stderr: 'err\n', code: 3 });
  });

  it('on abort kills the tool together with the processes it forked', async () => {
    const pidFile = join(dir, 'child.pid');
    const controller = new AbortController();
    const run = runTool('/bin/sh', ['-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 60_000, signal: controller.signal });
    let forked = 0;
    for (let i = 0; i < 100 && !forked; i++) {
      await new Promise((r) => setTimeout(r, 20));
      try {
        forked = Number(readFileSync(pidFile, 'utf8'));
      } catch {
        /* not written yet */
      }
    }
    expect(forked).toBeGreaterThan(0);
    controller.abort();
    await expect(run).rejects.toThrow(/abort/i);
    expect(await waitUntilGone(forked)).toBe(true);
  });

  it('kills a tool that outlives its timeout, and rejects a missing one', async () => {
    await expect(runTool('/bin/sleep', ['30'], { timeoutMs: 200 })).rejects.toThrow(/did not finish within/);
    await expect(runTool(join(dir, 'no-such-tool'), [], { timeoutMs: 1000 })).rejects.toThrow(/ENOENT/);
  });
});
