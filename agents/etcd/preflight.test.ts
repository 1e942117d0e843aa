// The checks before an etcd bench: prefix must be empty, etcd reachable, files readable, auth right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../test/require-tool.js';
import { EXIT, UserError } from '../exit-codes.js';
import { createEtcdEngine } from './engine.js';
import { preflightEtcd } from './preflight.js';
import { freePort, startEtcd, type LocalEtcd } from './start-etcd.js';
import { etcdctl, keysUnder, leaseIds, testBench } from './test-etcdctl.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const etcdctlBin = requireBinary('etcdctl', 'etcd-client');

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

describe('preflight without a server', () => {
  it('says it cannot connect to an endpoint nobody listens on (exit 3)', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const err = await rejection(preflightEtcd(testBench(endpoint), { timeoutMs: 3000 }));
    expect(err.exitCode).toBe(EXIT.runtimeFailure);
    expect(err.message).toContain(`cannot connect to etcd at ${endpoint}`);
  });

  it('names an unreadable TLS file (exit 2)', async () => {
    const err = await rejection(preflightEtcd(testBench('https://127.0.0.1:2379', { tls: { ca: '/nonexistent/ca.pem' } })));
    expect(err.exitCode).toBe(EXIT.badInput);
    expect(err.message).toMatch(/tls\.ca .*\/nonexistent\/ca\.pem/);
  });

  it('refuses a key size too small for the key space (exit 2)', async () => {
    const err = await rejection(preflightEtcd(testBench('http://127.0.0.1:2379', { keySize: 21, keySpace: 1_000_000, prefix: '/headroom-bench/' })));
    expect(err.exitCode).toBe(EXIT.badInput);
    expect(err.message).toMatch(/keySize 21 is too small for 1000000 keys/);
  });
});

describe.skipIf(!etcdBin || !etcdctlBin)('preflight on a real etcd', () => {
  let etcd: LocalEtcd;
  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin! });
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('passes on an empty prefix and reports the server version', async () => {
    expect(await preflightEtcd(testBench(etcd.endpoint, { prefix: '/hr-empty/' }))).toEqual({ serverVersion: expect.stringMatching(/^3\.\d+\.\d+$/) });
  });

  it('refuses a prefix that already holds keys, naming it and the count (exit 2), and writes nothing', async () => {
    for (const k of ['a', 'b', 'c']) await etcdctl(etcdctlBin!, etcd.endpoint, ['put', `/hr-busy/${k}`, 'user data']);
    const bench = testBench(etcd.endpoint, { prefix: '/hr-busy/' });
    const err = await rejection(preflightEtcd(bench));
    expect(err.exitCode).toBe(EXIT.badInput);
    expect(err.message).toContain('/hr-busy/');
    expect(err.message).toContain('3 keys');
    // The engine refuses on its own too: its close() deletes the prefix, so it must start empty.
    expect((await rejection(createEtcdEngine(bench))).exitCode).toBe(EXIT.badInput);
    expect(await keysUnder(etcdctlBin!, etcd.endpoint, '/hr-busy/')).toEqual(['/hr-busy/a', '/hr-busy/b', '/hr-busy/c']);
  });
});

describe.skipIf(!etcdBin || !etcdctlBin)('etcd with authentication', () => {
  let etcd: LocalEtcd;
  const root = { user: 'root', password: 'root-pw' };
  const benchUser = { user: 'bench', password: 'bench-pw' };

  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin! });
    const ctl = (args: string[]): Promise<string> => etcdctl(etcdctlBin!, etcd.endpoint, args);
    await ctl(['user', 'add', `${root.user}:${root.password}`]);
    await ctl(['user', 'grant-role', 'root', 'root']);
    await ctl(['role', 'add', 'bench-role']);
    await ctl(['role', 'grant-permission', 'bench-role', '--prefix=true', 'readwrite', '/hr-auth/']);
    await ctl(['user', 'add', `${benchUser.user}:${benchUser.password}`]);
    await ctl(['user', 'grant-role', 'bench', 'bench-role']);
    await ctl(['auth', 'enable']);
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('accepts the bench user on its prefix', async () => {
    expect((await preflightEtcd(testBench(etcd.endpoint, { prefix: '/hr-auth/', auth: benchUser }))).serverVersion).toMatch(/^3\./);
  });

  it('says authentication failed for a wrong password (exit 3)', async () => {
    const err = await rejection(preflightEtcd(testBench(etcd.endpoint, { prefix: '/hr-auth/', auth: { user: 'bench', password: 'wrong' } })));
    expect(err.exitCode).toBe(EXIT.runtimeFailure);
    expect(err.message).toContain('etcd authentication failed for user bench');
  });

  it('says the user may not read a prefix outside its role (exit 3)', async () => {
    const err = await rejection(preflightEtcd(testBench(etcd.endpoint, { prefix: '/elsewhere/', auth: benchUser })));
    expect(err.exitCode).toBe(EXIT.runtimeFailure);
    expect(err.message).toMatch(/refused user bench .*permission denied/);
  });

  it('gets a new token when etcd drops the old one mid-step (auth disabled and enabled again)', async () => {
    const engine = await createEtcdEngine(testBench(etcd.endpoint, { workload: 'put', prefix: '/hr-auth/', auth: benchUser, keySpace: 50 }));
    let okNow = 0;
    let okAtToggle = -1;
    const toggled = new Promise((r) => setTimeout(r, 300))
      .then(() => etcdctl(etcdctlBin!, etcd.endpoint, ['auth', 'disable'], root))
      .then(() => etcdctl(etcdctlBin!, etcd.endpoint, ['auth', 'enable']))
      .then(() => (okAtToggle = okNow));
    try {
      const m = await engine.runStep(
        { model: 'closed', load: 2, durationMs: 4000, warmupMs: 0, arrival: 'constant', maxInFlight: 100, timeoutMs: 5000, seed: 1 },
        { signal: new AbortController().signal, onTick: (c) => (okNow = c.ok) },
      );
      await toggled;
      // Requests fail while auth is off (etcd rejects the token, and will not issue a new one); once it is back on, they succeed again.
      expect(okAtToggle).toBeGreaterThan(0);
      expect(okNow).toBeGreaterThan(okAtToggle);
      expect(m.errors.non2xx).toBeLessThan(m.ok / 10);
    } finally {
      await engine.close();
    }
  });

  it('runs put and lease steps as the limited user and cleans up after itself', async () => {
    for (const workload of ['put', 'lease'] as const) {
      const engine = await createEtcdEngine(testBench(etcd.endpoint, { workload, prefix: '/hr-auth/', auth: benchUser, keySpace: 50 }));
      try {
        const m = await engine.runStep(
          { model: 'closed', load: 4, durationMs: 1000, warmupMs: 200, arrival: 'constant', maxInFlight: 100, timeoutMs: 5000, seed: 1 },
          { signal: new AbortController().signal },
        );
        expect(m.ok).toBeGreaterThan(0);
        expect(m.errors).toEqual({ connect: 0, timeout: 0, non2xx: 0, other: 0 });
      } finally {
        await engine.close();
      }
      expect(engine.cleanupError()).toBeNull();
      expect(await keysUnder(etcdctlBin!, etcd.endpoint, '/hr-auth/', root)).toEqual([]);
      expect(await leaseIds(etcdctlBin!, etcd.endpoint, root)).toEqual([]);
    }
  });
});
