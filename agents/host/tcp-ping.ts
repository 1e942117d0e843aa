// network.rtt on loopback, built in: small messages bounced over one TCP connection (Nagle off),
// each round trip timed. Towards a peer (which runs only iperf3, so nothing echoes) tcp-connect.ts
// times TCP handshakes instead.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createLatencyHistogram, encodeHistogram, recordUs, summarizeMs } from '../../analyzers/histogram.js';

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
/** The median and the HDR histogram of round trips in µs. */
export function summarizeRoundTrips(samplesUs: readonly number[]): LatencyRun {
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
    return summarizeRoundTrips(samplesUs);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}
