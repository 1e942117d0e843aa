// network.rtt, built in: on loopback, small messages bounced over one TCP connection (Nagle off),
// each round trip timed; towards a peer (which runs only iperf3, so nothing echoes), the time of
// TCP connects instead: SYN out, SYN-ACK back, one round trip measured by the kernel's handshake.
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createLatencyHistogram, encodeHistogram, recordUs, summarizeMs } from '../../analyzers/histogram.js';
import type { HostPort } from './iperf3-parse.js';

export interface RoundTripOptions {
  /** Round trips (or connects) at most. */
  count: number;
  /** And no longer than this. */
  maxMs: number;
  signal?: AbortSignal;
}

export interface LatencyRun {
  medianUs: number;
  count: number;
  /** Every round trip, HDR histogram in µs (base64). */
  histogram: string;
}

export const PING_MESSAGE_BYTES = 32;
const CONNECT_TIMEOUT_MS = 3000;

function summarize(samplesUs: readonly number[]): LatencyRun {
  const h = createLatencyHistogram();
  try {
    for (const us of samplesUs) recordUs(h, us);
    return { medianUs: summarizeMs(h).p50 * 1000, count: samplesUs.length, histogram: encodeHistogram(h) };
  } finally {
    h.destroy();
  }
}

/** Loopback ping-pong: a 32-byte message, echoed back whole before the next one is sent. */
export async function measureTcpPingPong(opts: RoundTripOptions): Promise<LatencyRun> {
  opts.signal?.throwIfAborted();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('data', (data) => socket.write(data));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  try {
    const samplesUs = await new Promise<number[]>((resolve, reject) => {
      const samples: number[] = [];
      const message = Buffer.alloc(PING_MESSAGE_BYTES, 0x70);
      const client = net.connect({ host: '127.0.0.1', port, noDelay: true });
      sockets.add(client);
      let deadline = 0;
      let sentAt = 0;
      let received = 0;
      const finish = (err: unknown): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        client.destroy();
        if (err) reject(err);
        else resolve(samples);
      };
      const send = (): void => {
        received = 0;
        sentAt = performance.now();
        client.write(message);
      };
      const onAbort = (): void => finish(opts.signal?.reason);
      // A hung echo must not hold the repeat: the deadline check below needs data to arrive.
      const timer = setTimeout(() => finish(samples.length > 0 ? null : new Error('no echo within the time limit')), opts.maxMs + 2000);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      client.once('error', (err) => finish(err));
      client.once('connect', () => {
        deadline = performance.now() + opts.maxMs;
        send();
      });
      client.on('data', (data) => {
        received += data.length;
        if (received < PING_MESSAGE_BYTES) return;
        const now = performance.now();
        samples.push((now - sentAt) * 1000);
        if (samples.length >= opts.count || now >= deadline) finish(null);
        else send();
      });
    });
    return summarize(samplesUs);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The user-facing reason a peer could not be reached. */
export function describeConnectError(target: HostPort, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const where = `network peer ${target.host}:${target.port}`;
  if (code === 'ECONNREFUSED') {
    return new Error(`${where} refused the connection (ECONNREFUSED): start \`iperf3 -s -p ${target.port}\` there, or check the scenario's network.peer`);
  }
  if (code === 'ETIMEDOUT') return new Error(`${where} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s (ETIMEDOUT): is it up, and does a firewall let the port through?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new Error(`${where}: cannot resolve ${target.host} (${code})`);
  return new Error(`${where} cannot be reached: ${err instanceof Error ? err.message : String(err)}`);
}

/** One TCP connect: µs from connect() to the handshake's end. Rejects with the socket's error. */
function connectOnce(address: string, port: number, signal?: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const socket = net.connect({ host: address, port });
    const finish = (err: unknown, us = 0): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err) reject(err);
      else resolve(us);
    };
    const onAbort = (): void => finish(signal?.reason);
    const timer = setTimeout(() => finish(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish(null, (performance.now() - startedAt) * 1000));
    socket.once('error', (err) => finish(err));
  });
}

/** The address connects go to: resolved once, so name lookups stay out of the timings. */
async function resolveTarget(target: HostPort): Promise<string> {
  if (net.isIP(target.host)) return target.host;
  try {
    return (await lookup(target.host)).address;
  } catch (err) {
    throw describeConnectError(target, err);
  }
}

/** One connect to check the peer is there; throws a clear error when it is not. */
export async function checkPeerReachable(target: HostPort, signal?: AbortSignal): Promise<void> {
  const address = await resolveTarget(target);
  try {
    await connectOnce(address, target.port, signal);
  } catch (err) {
    signal?.throwIfAborted();
    throw describeConnectError(target, err);
  }
}

/** Sequential TCP connects to the peer, each closed at once; the median handshake time. */
export async function measureTcpConnect(target: HostPort, opts: RoundTripOptions): Promise<LatencyRun> {
  const address = await resolveTarget(target);
  const samples: number[] = [];
  const deadline = performance.now() + opts.maxMs;
  while (samples.length < opts.count && performance.now() < deadline) {
    opts.signal?.throwIfAborted();
    try {
      samples.push(await connectOnce(address, target.port, opts.signal));
    } catch (err) {
      opts.signal?.throwIfAborted();
      throw describeConnectError(target, err);
    }
  }
  if (samples.length === 0) throw new Error(`no TCP connect to ${target.host}:${target.port} completed within ${opts.maxMs} ms`);
  return summarize(samples);
}
