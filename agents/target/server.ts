// The calibrated target: an HTTP/1.1 server whose latency and capacity follow a delay model exactly,
// so a load generator can be checked against a known answer.
//
// One timer drives everything. The model knows when its next request completes; a PreciseTimer is
// set for that absolute time, and when it fires every request that is due is answered (the model is
// piecewise-exact, so a late wake-up delays replies but never the schedule of later ones). HTTP is
// served from raw sockets with a minimal parser and replies encoded once (≈ 9–20 µs of CPU per
// request on a 2-core VM, against ≈ 25 µs for node:http): at 10k req/s the target shares the
// cores with the generator it is meant to check.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createDelayModel } from './models.js';
import { stallRemainingMs, validateTargetOptions, type TargetOptions } from './options.js';
import { PreciseTimer } from './precise-timer.js';
import { encodeReplies } from './responses.js';
import { TargetConnection, type ConnectionHost, type OwedReply } from './target-connection.js';

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

/** A connection with nothing owed and no bytes for this many sweeps is closed. */
const IDLE_SWEEPS = 10;
const SWEEP_EVERY_MS = 60_000;

export async function startTarget(opts: TargetOptions): Promise<RunningTarget> {
  const problems = validateTargetOptions(opts);
  if (problems.length > 0) {
    throw new RangeError(`invalid target options: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  }
  const model = createDelayModel<OwedReply>(opts);
  const stats: TargetStats = { served: 0, inFlight: 0, maxInFlight: 0 };
  const stall = opts.stallEveryMs && opts.stallMs ? { everyMs: opts.stallEveryMs, lengthMs: opts.stallMs } : null;
  const connections = new Set<TargetConnection>();

  let startMs = performance.now();
  let held: OwedReply[] = [];
  let heldUntilMs = Infinity;
  let closed = false;

  const answer = (owed: OwedReply): void => {
    stats.inFlight--;
    // The client may have gone; the model still did the work, and the connection skips the write.
    owed.conn.release(owed);
  };

  const release = (done: OwedReply[], nowMs: number): void => {
    const remaining = stall ? stallRemainingMs(nowMs - startMs, stall.everyMs, stall.lengthMs) : null;
    if (remaining === null) {
      for (const owed of done) answer(owed);
      return;
    }
    for (const owed of done) held.push(owed);
    heldUntilMs = nowMs + remaining;
  };

  const arm = (): void => {
    if (closed) return;
    timer.schedule(Math.min(model.nextDueMs(), held.length > 0 ? heldUntilMs : Infinity));
  };

  const timer = new PreciseTimer((nowMs) => {
    if (held.length > 0 && nowMs >= heldUntilMs) {
      const out = held;
      held = [];
      heldUntilMs = Infinity;
      for (const owed of out) answer(owed);
    }
    const done = model.advance(nowMs);
    if (done.length > 0) release(done, nowMs);
    arm();
  });

  const host: ConnectionHost = {
    replies: encodeReplies(opts.responseBytes),
    admit: (owed) => {
      stats.inFlight++;
      if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
      model.admit(owed, performance.now());
      arm();
    },
    onServed: () => {
      stats.served++;
    },
    onClosed: (conn) => {
      connections.delete(conn);
    },
  };

  const server = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    connections.add(new TargetConnection(socket, host));
  });
  const listenHost = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: listenHost, port: opts.port ?? 0, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Once listening, an error is a failed accept (EMFILE…): libuv keeps accepting, and a load
  // target must not die of one.
  server.on('error', () => {});
  startMs = performance.now();
  const port = (server.address() as AddressInfo).port;
  // Connections a client forgot: without this a long-running target would keep them forever.
  const sweeper = setInterval(() => {
    for (const conn of connections) if (conn.quiet && ++conn.idleSweeps >= IDLE_SWEEPS) conn.destroy();
  }, SWEEP_EVERY_MS).unref();

  return {
    url: `http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${port}/`,
    port,
    stats: () => ({ ...stats }),
    close: async () => {
      if (closed) return;
      closed = true;
      timer.stop();
      clearInterval(sweeper);
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const conn of connections) conn.destroy();
      await done;
    },
  };
}
