// network.throughput through iperf3 (when it is on PATH): against the user's peer (`iperf3 -s` on the
// other node), or on loopback against a one-shot server of our own on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { parseIperf3Report, parseIperf3Version, type HostPort, type Iperf3Received } from './iperf3-parse.js';
import { runTool } from './run-tool.js';

export interface Iperf3Options {
  /** Client test length; iperf3 takes whole seconds. */
  seconds: number;
  signal?: AbortSignal;
  /** Loopback only: [client CPU, server CPU] for iperf3 -A, so the two ends never share a CPU. */
  cpus?: readonly [number, number] | null;
}

const SERVER_START_TIMEOUT_MS = 5000;
const CONNECT_TIMEOUT_MS = 3000;
/** Connect, parameter exchange and the report come on top of the test itself. */
const CLIENT_OVERHEAD_MS = 15_000;

export async function readIperf3Version(iperf3Path: string, signal?: AbortSignal): Promise<string> {
  const out = await runTool(iperf3Path, ['--version'], { timeoutMs: 10_000, signal });
  return parseIperf3Version(out.stdout || out.stderr);
}

async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Iperf3Server {
  port: number;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `iperf3 -s -1` on 127.0.0.1: serves one test, then exits. --forceflush so "Server listening" arrives through the pipe. */
async function startLoopbackServer(iperf3Path: string, signal?: AbortSignal, cpu?: number): Promise<Iperf3Server> {
  const port = await freeLoopbackPort();
  const affinity = cpu === undefined ? [] : ['-A', String(cpu)];
  const child = spawn(iperf3Path, ['-s', '-1', '-B', '127.0.0.1', '-p', String(port), '--forceflush', ...affinity], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = (): Promise<void> => stopChild(child, 1000);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`iperf3 server did not listen within ${SERVER_START_TIMEOUT_MS} ms: ${output.trim().slice(-300)}`)), SERVER_START_TIMEOUT_MS);
      const done = (err?: unknown): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve();
      };
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        if (/Server listening/.test(output)) done();
      };
      const onAbort = (): void => done(signal?.reason);
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('error', (err) => done(err));
      child.once('exit', (code) => done(new Error(`iperf3 server exited with code ${code}: ${output.trim().slice(-300)}`)));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, stop };
}

async function runClient(iperf3Path: string, target: HostPort, opts: Iperf3Options, cpu?: number): Promise<Iperf3Received> {
  const seconds = Math.max(1, Math.round(opts.seconds));
  const args = ['-c', target.host, '-p', String(target.port), '-t', String(seconds), '-J', '--connect-timeout', String(CONNECT_TIMEOUT_MS), ...(cpu === undefined ? [] : ['-A', String(cpu)])];
  const out = await runTool(iperf3Path, args, { timeoutMs: seconds * 1000 + CLIENT_OVERHEAD_MS, signal: opts.signal });
  return parseIperf3Report(out.stdout);
}

/** One iperf3 TCP test: to `peer` when given, else over loopback to a server started here. */
export async function measureIperf3(iperf3Path: string, peer: HostPort | null, opts: Iperf3Options): Promise<Iperf3Received> {
  if (peer) return runClient(iperf3Path, peer, opts);
  const server = await startLoopbackServer(iperf3Path, opts.signal, opts.cpus?.[1]);
  try {
    return await runClient(iperf3Path, { host: '127.0.0.1', port: server.port }, opts, opts.cpus?.[0]);
  } finally {
    await server.stop();
  }
}
