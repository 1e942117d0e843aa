// The calibrated target: an HTTP/1.1 server whose latency and capacity follow a delay model exactly,
// so a load generator can be checked against a known answer.
//
// One timer drives everything. The model knows when its next request completes; we arm a single
// setTimeout for that absolute time, and when it fires we complete every request that is due (the
// model is piecewise-exact, so a late timer delays replies but never the schedule of later ones).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createDelayModel } from './models.js';
import { stallRemainingMs, validateTargetOptions, type TargetOptions } from './options.js';

export type { TargetOptions } from './options.js';

export interface TargetStats {
  /** Modelled responses written (health checks excluded). */
  served: number;
  /** Modelled requests received and not yet answered, held ones included. */
  inFlight: number;
  maxInFlight: number;
}

export interface RunningTarget {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  stats(): TargetStats;
  /** Stops listening and drops open connections; unanswered requests get no reply. */
  close(): Promise<void>;
}

// Node measures a timer from the event loop's cached whole-millisecond clock, so a timer fires up to
// ~1 ms before or after the time asked for, in a machine-dependent mix. Two corrections keep the mean
// reply time on the model: we arm each timer earlier or later by the running mean of the lateness we
// have observed, and when a timer fires we complete everything due within EARLY_MS, rather than
// re-arming for a sub-millisecond remainder (which Node rounds up to 1 ms, making every such reply late).
// Measured on a 2-core VM at 10 ms delays: mean reply error −0.35 ms without the running mean, +0.08 ms with it.
const EARLY_MS = 1;
const LATE_WEIGHT = 0.1;
const IDLE_KEEPALIVE_MS = 10 * 60_000;

export async function startTarget(opts: TargetOptions): Promise<RunningTarget> {
  const problems = validateTargetOptions(opts);
  if (problems.length > 0) {
    throw new RangeError(`invalid target options: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  }
  const model = createDelayModel<ServerResponse>(opts);
  const body = opts.responseBytes === undefined ? Buffer.from('ok\n') : responseBody(opts.responseBytes);
  const headers = { 'content-type': 'text/plain', 'content-length': String(body.length) };
  const stats: TargetStats = { served: 0, inFlight: 0, maxInFlight: 0 };
  const stall = opts.stallEveryMs && opts.stallMs ? { everyMs: opts.stallEveryMs, lengthMs: opts.stallMs } : null;

  let startMs = performance.now();
  let held: ServerResponse[] = [];
  let heldUntilMs = Infinity;
  let timer: NodeJS.Timeout | null = null;
  let timerDueMs = Infinity;
  /** When the armed timer was asked to fire: timerDueMs corrected by the lateness we have seen. */
  let armedForMs = Infinity;
  /** Running mean of how late (negative: early) our timers fire. */
  let timerLateMs = 0;
  let closed = false;

  const reply = (res: ServerResponse): void => {
    stats.inFlight--;
    // The client may have gone; the model still did the work, so only the write is skipped.
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(200, headers);
    res.end(body);
    stats.served++;
  };

  const release = (done: ServerResponse[], nowMs: number): void => {
    const remaining = stall ? stallRemainingMs(nowMs - startMs, stall.everyMs, stall.lengthMs) : null;
    if (remaining === null) {
      for (const res of done) reply(res);
      return;
    }
    for (const res of done) held.push(res);
    heldUntilMs = nowMs + remaining;
  };

  const arm = (): void => {
    if (closed) return;
    const dueMs = Math.min(model.nextDueMs(), held.length > 0 ? heldUntilMs : Infinity);
    if (dueMs === Infinity || dueMs >= timerDueMs) return;
    if (timer) clearTimeout(timer);
    timerDueMs = dueMs;
    armedForMs = dueMs - Math.min(Math.max(timerLateMs, -EARLY_MS), 2);
    timer = setTimeout(onTimer, Math.max(0, armedForMs - performance.now()));
  };

  const onTimer = (): void => {
    timer = null;
    timerDueMs = Infinity;
    const nowMs = performance.now();
    timerLateMs += LATE_WEIGHT * (nowMs - armedForMs - timerLateMs);
    if (held.length > 0 && nowMs >= heldUntilMs) {
      const out = held;
      held = [];
      heldUntilMs = Infinity;
      for (const res of out) reply(res);
    }
    const done = model.advance(nowMs);
    for (let due = model.nextDueMs(); due <= nowMs + EARLY_MS; due = model.nextDueMs()) {
      for (const res of model.advance(due)) done.push(res);
    }
    if (done.length > 0) release(done, nowMs);
    arm();
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '3' });
      res.end('ok\n');
      return;
    }
    req.resume(); // a body, if any, is read and discarded
    stats.inFlight++;
    if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
    model.admit(res, performance.now());
    arm();
  };

  const server = createServer({ noDelay: true, requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: IDLE_KEEPALIVE_MS }, onRequest);
  server.maxRequestsPerSocket = 0;
  server.timeout = 0;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: opts.port ?? 0, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  startMs = performance.now();
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    stats: () => ({ ...stats }),
    close: async () => {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function responseBody(bytes: number): Buffer {
  const body = Buffer.alloc(bytes, 'x');
  if (bytes > 0) body[bytes - 1] = 0x0a;
  return body;
}
