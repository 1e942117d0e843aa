// Connections and the transport's failure classes, on a real etcd.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../test/require-tool.js';
import type { StepPlan } from '../load-engine.js';
import { classifyStatus, RPC, type CallFailure } from './channel.js';
import { openLoadChannels, type EtcdTransport } from './client.js';
import { createEtcdEngine } from './engine.js';
import { H2Channel } from './h2-channel.js';
import { putFrame } from './proto.js';
import { freePort, startEtcd, type LocalEtcd } from './start-etcd.js';
import { testBench } from './test-etcdctl.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const ssBin = requireBinary('ss', 'iproute2');

const plan: StepPlan = { model: 'closed', load: 6, durationMs: 800, warmupMs: 200, arrival: 'constant', maxInFlight: 100, timeoutMs: 5000, seed: 1 };

function call(channel: H2Channel, frame: Buffer): Promise<CallFailure | null> {
  return new Promise((resolve) => channel.unary(RPC.put, frame, false, (failure) => resolve(failure)));
}

/** Established TCP connections from this process to port. */
function connectionsTo(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(ssBin!, ['-tnp', 'state', 'established', `( dport = :${port} )`], (err, stdout) => {
      if (err) return reject(err);
      resolve(stdout.split('\n').filter((l) => l.includes(`pid=${process.pid},`)).length);
    });
  });
}

/**
 * Polls until `want` connections are open; returns the last count. Closing sockets take a moment,
 * and startEtcd's health check leaves a keep-alive fetch connection for a few seconds.
 */
async function settleConnections(port: number, want: number): Promise<number> {
  let n = await connectionsTo(port);
  for (let i = 0; i < 160 && n !== want; i++) {
    await new Promise((r) => setTimeout(r, 50));
    n = await connectionsTo(port);
  }
  return n;
}

describe('gRPC status classes', () => {
  it('maps etcd statuses to step error classes', () => {
    expect(classifyStatus(14, 'etcdserver: no leader')).toBe('connect');
    expect(classifyStatus(14, 'etcdserver: request timed out')).toBe('timeout');
    expect(classifyStatus(4, 'context deadline exceeded')).toBe('timeout');
    expect(classifyStatus(8, 'etcdserver: mvcc: database space exceeded')).toBe('non2xx');
    expect(classifyStatus(7, 'etcdserver: permission denied')).toBe('non2xx');
    expect(classifyStatus(3, 'etcdserver: key is not provided')).toBe('non2xx');
  });
});

describe('h2 channel without a server', () => {
  it('fails a call to a closed port as a connect error', async () => {
    const channel = new H2Channel(`http://127.0.0.1:${await freePort()}`);
    try {
      expect(await call(channel, putFrame(Buffer.from('/k'), Buffer.from('v')).frame)).toMatchObject({ kind: 'connect' });
    } finally {
      channel.close();
    }
  });
});

describe.skipIf(!etcdBin || !ssBin)('connections to a real etcd', () => {
  let etcd: LocalEtcd;
  let port: number;
  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin! });
    port = Number(new URL(etcd.endpoint).port);
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('returns an etcd error status as non2xx, with etcd\'s message', async () => {
    const channel = new H2Channel(etcd.endpoint);
    try {
      expect(await call(channel, putFrame(Buffer.alloc(0), Buffer.from('v')).frame)).toEqual({ kind: 'non2xx', code: 3, message: 'etcdserver: key is not provided' });
    } finally {
      channel.close();
    }
  });

  it.each(['h2', 'etcd3'] as const)('%s: `connections: 3` opens 3 TCP connections and closes them', async (transport: EtcdTransport) => {
    expect(await settleConnections(port, 0)).toBe(0);
    const load = await openLoadChannels(testBench(etcd.endpoint), undefined, 3, transport);
    try {
      for (const channel of load.channels) {
        await new Promise<void>((resolve) => channel.unary(RPC.put, putFrame(Buffer.from('/hr-conn/k'), Buffer.from('v')).frame, false, () => resolve()));
      }
      expect(await connectionsTo(port)).toBe(3);
    } finally {
      load.close();
    }
    expect(await settleConnections(port, 0)).toBe(0);
  });

  it('counts "database space exceeded" as non2xx, and still cleans up on a full etcd', async () => {
    const full = await startEtcd({ binary: etcdBin!, quotaBytes: 4 * 1024 * 1024 });
    try {
      const engine = await createEtcdEngine(testBench(full.endpoint, { workload: 'put', prefix: '/hr-full/', valueSize: 64 * 1024, keySpace: 1000, keyOrder: 'sequential' }));
      let m;
      try {
        m = await engine.runStep({ ...plan, durationMs: 3000, warmupMs: 0 }, { signal: new AbortController().signal });
      } finally {
        await engine.close();
      }
      expect(m.ok).toBeGreaterThan(0);
      expect(m.errors.non2xx).toBeGreaterThan(0);
      expect(m.errors.connect + m.errors.timeout + m.errors.other).toBe(0);
      expect(engine.cleanupError()).toBeNull();
      expect(engine.cleanupReport()!.keysDeleted).toBeGreaterThan(0);
    } finally {
      await full.stop();
    }
  });

  it.each(['put', 'watch', 'lease'] as const)('etcd3 transport runs %s too', async (workload) => {
    const engine = await createEtcdEngine(testBench(etcd.endpoint, { workload, prefix: `/hr-etcd3-${workload}/`, keySpace: 20, watch: { watchers: 4, keysPerWatcher: 1 } }), { transport: 'etcd3' });
    try {
      const m = await engine.runStep(plan, { signal: new AbortController().signal });
      expect(m.ok).toBeGreaterThan(0);
      expect(m.errors).toEqual({ connect: 0, timeout: 0, non2xx: 0, other: 0 });
    } finally {
      await engine.close();
    }
    expect(engine.cleanupError()).toBeNull();
  });
});
