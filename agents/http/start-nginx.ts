// A throwaway nginx on a loopback port, for benchmarking load generators against a fast, well-known
// server: its own prefix, config and logs in a temp dir, one worker, no access log, one small file.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningNginx {
  url: string;
  pid: number;
  /** Stops nginx and removes its directory; safe to call more than once. */
  stop(): Promise<void>;
  /** Synchronous kill for process 'exit' handlers. */
  killNow(): void;
}

const START_TIMEOUT_MS = 5000;
/** The static file served: small, like a health or API response. */
const BODY = 'headroom load generator benchmark\n'.repeat(16);

export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function configText(dir: string, port: number): string {
  return `worker_processes 1;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  server {
    listen 127.0.0.1:${port};
    location / { root ${dir}/www; }
  }
}
`;
}

function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) return reject(new Error(`nginx exited with code ${child.exitCode}`));
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (performance.now() > deadline) reject(new Error(`nginx did not listen on ${port} within ${START_TIMEOUT_MS} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startNginx(binary = '/usr/sbin/nginx'): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-nginx-'));
  // nginx workers may run as an unprivileged user: the files must be readable by others.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, 'www'), { mode: 0o755 });
  mkdirSync(join(dir, 'tmp'), { mode: 0o755 });
  writeFileSync(join(dir, 'www', 'index.html'), BODY, { mode: 0o644 });
  const port = await freeLoopbackPort();
  writeFileSync(join(dir, 'nginx.conf'), configText(dir, port));
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let stopped = false;
  const killNow = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    killNow();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitForPort(port, child);
  } catch (err) {
    let log = '';
    try {
      log = readFileSync(join(dir, 'error.log'), 'utf8');
    } catch {
      /* no log written */
    }
    await stop();
    throw new Error(`${(err as Error).message}\n${stderr}${log}`);
  }
  return { url: `http://127.0.0.1:${port}/index.html`, pid: child.pid!, stop, killNow };
}
