// network.rtt towards a peer, built in: the time of TCP connects to the peer's iperf3 port (SYN out,
// SYN-ACK back: one round trip, answered by the peer's kernel), since `iperf3 -s` echoes nothing.
//
// iperf3 -s serves one test at a time and takes every connection it accepts for a test's control
// connection. A bare connect is a test that fails at once ("unable to receive parameters from
// client"), after which iperf3 closes its listening socket and opens it again: back-to-back
// connects landed in that gap and were refused (ECONNREFUSED) or reset (ECONNRESET), so the metric
// was skipped, typically right after the throughput probe. Hence a repeat first opens one idle
// connection and holds it: iperf3 waits on it for the test's cookie, its listening socket stays
// open, and the kernel completes the timed handshakes, which queue unaccepted and are closed at
// once. That is one failed iperf3 "test" per holder instead of one per connect. A connect still
// refused or reset (another iperf3 version, a dropped holder) is retried, a bounded number of
// times, and not timed.
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostPort } from './iperf3-parse.js';
import { summarizeRoundTrips, type LatencyRun, type RoundTripOptions } from './tcp-ping.js';

const CONNECT_TIMEOUT_MS = 3000;
/** How long a peer re-opening its port is waited for (iperf3 needs well under a millisecond). */
const REOPEN_WAIT_MS = 1000;
const RETRY_DELAY_MS = 10;
/** Refused or reset connects one repeat tolerates before it fails. */
export const MAX_FAILED_CONNECTS = 20;
/**
 * Held-open connects queue in the peer's accept queue, which kernels before 5.4 cap at 128
 * (net.core.somaxconn): past that a SYN is dropped and retried a second later. So the holder is
 * released and opened again after this many.
 */
export const CONNECTS_PER_HOLDER = 64;
/** After releasing a holder, iperf3 closes and re-opens its port; connecting before that races it. */
const RELEASE_PAUSE_MS = 20;

export interface ConnectRun extends LatencyRun {
  /** Connects refused or reset and retried (not timed). */
  retried: number;
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

/** Refused or reset: what a peer re-opening its listening socket answers; worth another try. */
function isTransient(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET';
}

/** One TCP connect; resolves with the connected socket and µs from connect() to the handshake's end. */
function openSocket(address: string, port: number, signal?: AbortSignal): Promise<{ socket: net.Socket; us: number }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const socket = net.connect({ host: address, port });
    const finish = (err: unknown, us = 0): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve({ socket, us });
    };
    const onAbort = (): void => finish(signal?.reason);
    const onError = (err: Error): void => finish(err);
    const timer = setTimeout(() => finish(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })), CONNECT_TIMEOUT_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish(null, (performance.now() - startedAt) * 1000));
    socket.once('error', onError);
  });
}

/** One timed connect, closed at once. Rejects with the socket's error. */
async function connectOnce(address: string, port: number, signal?: AbortSignal): Promise<number> {
  const { socket, us } = await openSocket(address, port, signal);
  socket.destroy();
  return us;
}

/** Connects until one succeeds, retrying refused and reset ones for up to REOPEN_WAIT_MS. */
async function connectRetrying(address: string, port: number, signal?: AbortSignal): Promise<net.Socket> {
  const deadline = performance.now() + REOPEN_WAIT_MS;
  for (;;) {
    try {
      return (await openSocket(address, port, signal)).socket;
    } catch (err) {
      signal?.throwIfAborted();
      if (!isTransient(err) || performance.now() >= deadline) throw err;
      await sleep(RETRY_DELAY_MS, undefined, { signal });
    }
  }
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

/** One connect to check the peer is there (allowing it a moment to re-open its port); throws a clear error when it is not. */
export async function checkPeerReachable(target: HostPort, signal?: AbortSignal): Promise<void> {
  const address = await resolveTarget(target);
  try {
    (await connectRetrying(address, target.port, signal)).destroy();
  } catch (err) {
    signal?.throwIfAborted();
    throw describeConnectError(target, err);
  }
}

/** An idle connection kept open so iperf3 -s keeps its port open; `open` turns false once the peer drops it. */
class Holder {
  private socket: net.Socket | null = null;
  private open = false;

  constructor(private readonly address: string, private readonly port: number, private readonly signal?: AbortSignal) {}

  get isOpen(): boolean {
    return this.open;
  }

  async acquire(): Promise<void> {
    this.release();
    const socket = await connectRetrying(this.address, this.port, this.signal);
    this.socket = socket;
    this.open = true;
    // The peer may reset it (iperf3 re-opening its port, a busy server's refusal): that only ends the hold.
    socket.on('error', () => {});
    socket.once('close', () => {
      if (this.socket === socket) this.open = false;
    });
  }

  release(): void {
    this.socket?.destroy();
    this.socket = null;
    this.open = false;
  }
}

/** Sequential TCP connects to the peer, each closed at once, while a holder keeps iperf3's port open; the median handshake time. */
export async function measureTcpConnect(target: HostPort, opts: RoundTripOptions): Promise<ConnectRun> {
  const address = await resolveTarget(target);
  const holder = new Holder(address, target.port, opts.signal);
  const fail = (err: unknown): Error => {
    opts.signal?.throwIfAborted();
    return describeConnectError(target, err);
  };
  const acquire = async (): Promise<void> => {
    try {
      await holder.acquire();
    } catch (err) {
      throw fail(err);
    }
  };
  const samples: number[] = [];
  let retried = 0;
  let held = 0;
  try {
    await acquire();
    const deadline = performance.now() + opts.maxMs;
    while (samples.length < opts.count && performance.now() < deadline) {
      opts.signal?.throwIfAborted();
      if (!holder.isOpen || held >= CONNECTS_PER_HOLDER) {
        holder.release();
        await sleep(RELEASE_PAUSE_MS, undefined, { signal: opts.signal });
        await acquire();
        held = 0;
      }
      try {
        samples.push(await connectOnce(address, target.port, opts.signal));
        held++;
      } catch (err) {
        if (!isTransient(err) || ++retried > MAX_FAILED_CONNECTS) throw fail(err);
        await sleep(RETRY_DELAY_MS, undefined, { signal: opts.signal });
      }
    }
  } finally {
    holder.release();
  }
  if (samples.length === 0) throw new Error(`no TCP connect to ${target.host}:${target.port} completed within ${opts.maxMs} ms`);
  return { ...summarizeRoundTrips(samples), retried };
}
