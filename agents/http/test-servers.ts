// Loopback servers for the engine tests: a node:http server with a fixed service time and K FIFO
// workers (optionally stalled on demand), and a raw TCP server that answers with canned bytes so
// the parser meets split, chunked and oddly framed responses on real sockets.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { HttpTarget } from '../../benches/http.js';
import type { HttpEngine, StepPlan } from './engine.js';

export interface ServiceServer {
  url: string;
  port: number;
  /** Requests received. */
  requests: number;
  /** Responses written. */
  responses: number;
  /** Hold every response (queued or in service) until forMs from now. */
  stall(forMs: number): void;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Time each request spends in service; 0 answers at once. */
  serviceMs: number;
  /** Requests served at once; the rest wait FIFO. 0 never answers. */
  workers: number;
  status?: number;
}

export async function startServiceServer(opts: ServiceOptions): Promise<ServiceServer> {
  const queue: http.ServerResponse[] = [];
  let busy = 0;
  let pausedUntil = 0;
  const state = { requests: 0, responses: 0 };
  const body = 'ok\n';

  const respond = (res: http.ServerResponse): void => {
    const wait = pausedUntil - performance.now();
    if (wait > 0) {
      setTimeout(() => respond(res), wait);
      return;
    }
    state.responses++;
    res.writeHead(opts.status ?? 200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    res.end(body);
  };
  const work = (): void => {
    while (busy < opts.workers && queue.length > 0) {
      const res = queue.shift()!;
      busy++;
      const done = (): void => {
        busy--;
        respond(res);
        work();
      };
      if (opts.serviceMs > 0) setTimeout(done, opts.serviceMs);
      else done();
    }
  };

  const server = http.createServer((req, res) => {
    state.requests++;
    req.resume();
    req.on('end', () => {
      queue.push(res);
      work();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    get requests() {
      return state.requests;
    },
    get responses() {
      return state.responses;
    },
    stall(forMs: number) {
      pausedUntil = performance.now() + forMs;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RawServer {
  url: string;
  close(): Promise<void>;
}

export interface RawOptions {
  /** Bytes sent for each request (a request ends at its blank line; tests send no bodies). */
  response: string;
  /** Write the response one byte at a time, each in its own packet. */
  byteByByte?: boolean;
  /** Close the connection after each response. */
  closeAfter?: boolean;
}

export async function startRawServer(opts: RawOptions): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = '';
    let writing = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end = pending.indexOf('\r\n\r\n');
      while (end >= 0) {
        pending = pending.slice(end + 4);
        writing = writing.then(() => writeResponse(socket, opts));
        end = pending.indexOf('\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function writeResponse(socket: net.Socket, opts: RawOptions): Promise<void> {
  if (socket.destroyed) return;
  const bytes = Buffer.from(opts.response, 'latin1');
  if (opts.byteByByte) {
    for (let i = 0; i < bytes.length && !socket.destroyed; i++) {
      socket.write(bytes.subarray(i, i + 1));
      await new Promise((r) => setImmediate(r));
    }
  } else socket.write(bytes);
  if (opts.closeAfter) socket.end();
}

/** A loopback port nothing listens on. */
export async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sockets and timers alive in this process, by kind. */
export function activeHandles(): { sockets: number; timers: number } {
  const info = process.getActiveResourcesInfo();
  return { sockets: info.filter((r) => r === 'TCPSocketWrap').length, timers: info.filter((r) => r === 'Timeout').length };
}

/** A step plan with short defaults for tests. */
export function testPlan(overrides: Partial<StepPlan>): StepPlan {
  return { model: 'closed', load: 1, durationMs: 1000, warmupMs: 0, arrival: 'constant', maxInFlight: 10_000, timeoutMs: 10_000, seed: 1, ...overrides };
}

export function testTarget(url: string, method: HttpTarget['method'] = 'GET'): { target: HttpTarget } {
  return { target: { url, method, headers: {} } };
}

/** Runs a step with a never-aborted signal unless one is given. */
export function runTestStep(engine: HttpEngine, plan: StepPlan, signal = new AbortController().signal): ReturnType<HttpEngine['runStep']> {
  return engine.runStep(plan, { signal });
}
