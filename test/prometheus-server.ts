// A real Prometheus on loopback over blocks built from OpenMetrics text, for the right-sizing tests.
// promtool turns the text into TSDB blocks; Prometheus serves them read-only in effect (it scrapes
// nothing). stop() ends the process on every path, and an exit hook kills it if a test run dies first.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Builds blocks from `openMetrics` and serves them; resolves once /-/ready answers 200. */
export async function startPrometheus(openMetrics: string, bins: { prometheus: string; promtool: string }): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'headroom-prom-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(join(dir, 'data.om'), openMetrics);
    await run(bins.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', join(dir, 'data.om'), join(dir, 'tsdb')], 60_000);
    // No scrape jobs: the blocks are all the data there is.
    await writeFile(join(dir, 'prometheus.yml'), 'global:\n  scrape_interval: 1h\n');
  } catch (err) {
    await cleanup();
    throw err;
  }

  // A port picked free can be taken before Prometheus binds it; then try another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(bins.prometheus, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Long enough that the imported blocks are not deleted as too old.
      '--storage.tsdb.retention.time=30d',
      '--log.level=warn',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    live.add(child);
    let log = '';
    child.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      live.delete(child);
    };
    const url = `http://127.0.0.1:${port}`;
    const ready = await waitReady(url, exited, 30_000);
    if (ready === 'ready') return { url, stop: async () => (await kill(), await cleanup()) };
    await kill();
    if (ready === 'exited' && /address already in use/i.test(log)) continue;
    await cleanup();
    throw new Error(`prometheus did not become ready (${ready}):\n${log}`);
  }
  await cleanup();
  throw new Error('prometheus: no free loopback port after 3 attempts');
}

async function waitReady(url: string, exited: Promise<void>, timeoutMs: number): Promise<'ready' | 'exited' | 'timeout'> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) return 'exited';
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      await res.text();
      if (res.ok) return 'ready';
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return 'timeout';
}
