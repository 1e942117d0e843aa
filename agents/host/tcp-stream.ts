// The built-in network.throughput on loopback: one TCP connection, 64 KiB writes for a fixed time,
// bytes counted where they arrive. The accepting side sends and the connecting side receives,
// because only a connecting socket can read into one reused buffer (`onread`): the receiver then
// allocates nothing per read, which roughly doubles what one Node thread can count.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface TcpStreamOptions {
  durationMs: number;
  signal?: AbortSignal;
}

export interface TcpStreamResult {
  bitsPerSecond: number;
  bytes: number;
  /** From the first byte received to the end of the stream. */
  elapsedMs: number;
}

const CHUNK_BYTES = 64 * 1024;
const RECEIVE_BUFFER_BYTES = 256 * 1024;
/** Past the duration, the stream must have ended by then (it is closed otherwise). */
const END_GRACE_MS = 5000;

export async function measureTcpStream(opts: TcpStreamOptions): Promise<TcpStreamResult> {
  opts.signal?.throwIfAborted();
  const chunk = Buffer.alloc(CHUNK_BYTES, 0x5a);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    const end = performance.now() + opts.durationMs;
    const pump = (): void => {
      while (performance.now() < end) {
        if (socket.destroyed) return;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.end();
    };
    pump();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<TcpStreamResult>((resolve, reject) => {
      let bytes = 0;
      let firstAt = 0;
      const client = net.connect({
        host: '127.0.0.1',
        port,
        onread: {
          buffer: Buffer.allocUnsafe(RECEIVE_BUFFER_BYTES),
          callback: (n: number) => {
            if (firstAt === 0) firstAt = performance.now();
            bytes += n;
            return true;
          },
        },
      });
      sockets.add(client);
      const finish = (err: unknown): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        client.destroy();
        if (err) return reject(err);
        const elapsedMs = performance.now() - firstAt;
        if (bytes === 0 || !(elapsedMs > 0)) return reject(new Error('no bytes arrived over the loopback connection'));
        resolve({ bitsPerSecond: (bytes * 8) / (elapsedMs / 1000), bytes, elapsedMs });
      };
      const onAbort = (): void => finish(opts.signal?.reason);
      const timer = setTimeout(() => finish(new Error(`the stream did not end within ${END_GRACE_MS} ms of its ${opts.durationMs} ms`)), opts.durationMs + END_GRACE_MS);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      client.once('end', () => finish(null));
      client.once('error', (err) => finish(err));
    });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}
