// TCP connect round trips to a peer that behaves like `iperf3 -s`: one control connection at a
// time, and the listening port closed and re-opened whenever a control connection ends.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
import { CONNECTS_PER_HOLDER, checkPeerReachable, measureTcpConnect } from './tcp-connect.js';

interface FakeIperf3 {
  port: number;
  /** Control connections served, i.e. iperf3 "tests" started. */
  tests: number;
  /** Connections that arrived while iperf3 waited for the test's cookie: left unaccepted in the queue. */
  queued: number;
  close(): Promise<void>;
}

const servers: FakeIperf3[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/**
 * Like iperf3 3.12's server loop: the first connection becomes the test's control connection and
 * the server blocks reading its cookie, so later connections wait in the accept queue; when the
 * control connection ends (or, with `dropControlAfter`, once that many connections queued behind it,
 * as a server with a receive timeout would drop it) the listening socket
 * is closed, which resets the queued connections, and opened again `reopenMs` later on the same port.
 */
async function startFakeIperf3(opts: { reopenMs: number; dropControlAfter?: number }): Promise<FakeIperf3> {
  let server: net.Server | null = null;
  let closed = false;
  let control: net.Socket | null = null;
  const waiting = new Set<net.Socket>();
  const state: FakeIperf3 = { port: 0, tests: 0, queued: 0, close: async () => {} };
  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = net.createServer((socket) => {
        socket.on('error', () => {});
        if (control) {
          // Node accepts everything; parking the socket stands in for the kernel's accept queue.
          state.queued++;
          waiting.add(socket);
          if (opts.dropControlAfter !== undefined && waiting.size >= opts.dropControlAfter) control.destroy();
          return;
        }
        control = socket;
        state.tests++;
        socket.once('close', () => {
          control = null;
          for (const w of waiting) w.destroy();
          waiting.clear();
          s.close();
          if (!closed) setTimeout(() => void listen(state.port), opts.reopenMs);
        });
      });
      server = s;
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        state.port = (s.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen(0);
  state.close = async () => {
    closed = true;
    (control as net.Socket | null)?.destroy();
    for (const w of waiting) w.destroy();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  };
  servers.push(state);
  return state;
}

/** What network.rtt did before it held a connection: bare back-to-back connects. */
async function bareConnects(port: number, count: number): Promise<{ ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => (ok++, s.destroy(), resolve()));
      s.once('error', () => (failed++, s.destroy(), resolve()));
    });
  }
  return { ok, failed };
}

describe('measureTcpConnect against a peer that re-opens its port after every test', () => {
  it('bare connects are refused in the gap (the bug this avoids)', async () => {
    const peer = await startFakeIperf3({ reopenMs: 5 });
    const { failed } = await bareConnects(peer.port, 30);
    expect(failed).toBeGreaterThan(0);
  });

  it('holds one connection, so every connect completes and the peer sees one test per repeat', async () => {
    const peer = await startFakeIperf3({ reopenMs: 5 });
    const target = { host: '127.0.0.1', port: peer.port };
    for (let repeat = 1; repeat <= 3; repeat++) {
      const run = await measureTcpConnect(target, { count: 40, maxMs: 10_000 });
      expect(run.count).toBe(40);
      expect(run.retried).toBeLessThanOrEqual(2); // only right after the previous repeat's hold ended
      expect(run.medianUs).toBeGreaterThan(0);
      expect(summarizeEncodedMs(run.histogram).count).toBe(40);
      expect(peer.tests).toBeLessThanOrEqual(repeat + 1);
    }
    expect(peer.queued).toBeGreaterThanOrEqual(3 * 40 - 5);
  });

  it(`releases and re-takes the hold every ${CONNECTS_PER_HOLDER} connects, retrying the connects that land in the gap`, async () => {
    const peer = await startFakeIperf3({ reopenMs: 5 });
    const run = await measureTcpConnect({ host: '127.0.0.1', port: peer.port }, { count: CONNECTS_PER_HOLDER * 2 + 10, maxMs: 10_000 });
    expect(run.count).toBe(CONNECTS_PER_HOLDER * 2 + 10);
    expect(peer.tests).toBe(3);
  });

  it('survives a peer that drops the held connection, by retrying and holding again', async () => {
    const peer = await startFakeIperf3({ reopenMs: 5, dropControlAfter: 20 });
    const run = await measureTcpConnect({ host: '127.0.0.1', port: peer.port }, { count: 60, maxMs: 10_000 });
    expect(run.count).toBe(60);
    expect(peer.tests).toBeGreaterThanOrEqual(3);
  });

  it('checkPeerReachable waits out a re-opening port but not a closed one', async () => {
    const peer = await startFakeIperf3({ reopenMs: 30 });
    await bareConnects(peer.port, 1); // the peer is now re-opening its port for 30 ms
    await expect(checkPeerReachable({ host: '127.0.0.1', port: peer.port })).resolves.toBeUndefined();
    const port = peer.port;
    await peer.close();
    await expect(checkPeerReachable({ host: '127.0.0.1', port })).rejects.toThrow(/refused the connection \(ECONNREFUSED\)/);
  });
});
