// Starts a throwaway single-member etcd on free loopback ports with a temp data dir: for the tests,
// `npm run bench:etcd` and trying headroom without a cluster. Never used against a user's etcd.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalEtcd {
  /** Client URL, e.g. http://127.0.0.1:40123 (also serves /metrics). */
  endpoint: string;
  dataDir: string;
  pid: number;
  /** Everything etcd printed, for a test's failure message. */
  log(): string;
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  /** Path of the etcd binary (default: `etcd` on PATH). */
  binary?: string;
  /** Parent of the data dir; default the OS temp dir. It must be a real disk for fsync figures. */
  parentDir?: string;
  /** Backend quota (etcd --quota-backend-bytes). */
  quotaBytes?: number;
  /** Extra flags, e.g. ['--auth-token', 'simple']. */
  args?: string[];
  startTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitHealthy(endpoint: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}:\n${log().slice(-2000)}`);
    try {
      const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (body.health === 'true') return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd did not become healthy within ${timeoutMs}ms:\n${log().slice(-2000)}`);
}

export async function startEtcd(opts: StartEtcdOptions = {}): Promise<LocalEtcd> {
  const dataDir = await mkdtemp(join(opts.parentDir ?? tmpdir(), 'headroom-etcd-'));
  const clientPort = await freePort();
  const peerPort = await freePort();
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'headroom-test',
    '--data-dir', dataDir,
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `headroom-test=${peer}`,
    '--initial-cluster-state', 'new',
    '--log-level', 'warn',
    ...(opts.quotaBytes ? ['--quota-backend-bytes', String(opts.quotaBytes)] : []),
    ...(opts.args ?? []),
  ];
  const child = spawn(opts.binary ?? 'etcd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const spawned = new Promise<void>((resolveSpawn, reject) => {
    child.once('spawn', resolveSpawn);
    child.once('error', reject);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await spawned;
    await waitHealthy(endpoint, child, opts.startTimeoutMs ?? 20_000, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, dataDir, pid: child.pid!, log: () => output, stop };
}
