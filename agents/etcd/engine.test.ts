// Each workload against a real etcd: a short step answers with sane latencies, and once the engine
// has closed, etcdctl finds nothing under the prefix and no lease.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
import type { EtcdWorkload } from '../../scenarios/schema.js';
import { requireBinary } from '../../test/require-tool.js';
import type { EngineStepMeasurement, StepPlan } from '../load-engine.js';
import { createEtcdEngine, type EtcdEngine } from './engine.js';
import { startEtcd, type LocalEtcd } from './start-etcd.js';
import { etcdctl, keysUnder, leaseIds, testBench } from './test-etcdctl.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const etcdctlBin = requireBinary('etcdctl', 'etcd-client');

const step = (over: Partial<StepPlan> = {}): StepPlan => ({
  model: 'closed',
  load: 4,
  durationMs: 1500,
  warmupMs: 500,
  arrival: 'constant',
  maxInFlight: 1000,
  timeoutMs: 5000,
  seed: 1,
  ...over,
});

const errorsOf = (m: EngineStepMeasurement): number => m.errors.connect + m.errors.timeout + m.errors.non2xx + m.errors.other;
const run = (engine: EtcdEngine, plan: StepPlan = step()): Promise<EngineStepMeasurement> => engine.runStep(plan, { signal: new AbortController().signal });

describe.skipIf(!etcdBin || !etcdctlBin)('etcd engine on a real etcd', () => {
  let etcd: LocalEtcd;
  const ctl = (args: string[]): Promise<string> => etcdctl(etcdctlBin!, etcd.endpoint, args);

  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin! });
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  /** Runs body on a fresh engine, closes it, and checks etcd is left as it was. */
  async function withEngine(workload: EtcdWorkload, over: Record<string, unknown>, body: (engine: EtcdEngine, prefix: string) => Promise<void>): Promise<EtcdEngine> {
    const prefix = `/hr-test-${workload}-${Math.random().toString(36).slice(2, 8)}/`;
    const engine = await createEtcdEngine(testBench(etcd.endpoint, { workload, prefix, ...over }));
    try {
      expect(engine.id).toBe('headroom-h2');
      expect(engine.serverVersion).toMatch(/^3\.\d+\.\d+/);
      await body(engine, prefix);
    } finally {
      await engine.close();
    }
    expect(engine.cleanupError()).toBeNull();
    expect(engine.cleanupReport()).not.toBeNull();
    expect(await keysUnder(etcdctlBin!, etcd.endpoint, prefix)).toEqual([]);
    expect(await leaseIds(etcdctlBin!, etcd.endpoint)).toEqual([]);
    return engine;
  }

  function expectSane(m: EngineStepMeasurement): void {
    expect(m.ok).toBeGreaterThan(0);
    expect(errorsOf(m)).toBe(0);
    const latency = summarizeEncodedMs(m.histogram);
    expect(latency.p50).toBeGreaterThan(0);
    expect(latency.max).toBeLessThan(5000);
    expect(latency.count).toBe(m.ok);
  }

  it('put: writes fixed-size keys under the prefix', async () => {
    const engine = await withEngine('put', {}, async (engine, prefix) => {
      const m = await run(engine);
      expectSane(m);
      expect(m.sent).toBeGreaterThanOrEqual(m.ok);
      const keys = await keysUnder(etcdctlBin!, etcd.endpoint, prefix);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.startsWith(prefix) && Buffer.byteLength(k) === 48)).toBe(true);
    });
    expect(engine.cleanupReport()!.keysDeleted).toBeGreaterThan(0);
  });

  it('range: prefills once, then reads (linearizable, single key; serializable, 5 keys)', async () => {
    await withEngine('range', {}, async (engine, prefix) => {
      expectSane(await run(engine));
      expect((await keysUnder(etcdctlBin!, etcd.endpoint, prefix)).length).toBe(500);
    });
    await withEngine('range', { range: { consistency: 'serializable', keysPerRange: 5 } }, async (engine) => {
      expectSane(await run(engine));
    });
  });

  it('txn: compare-and-swap succeeds on the revision it saw, across steps', async () => {
    await withEngine('txn', {}, async (engine) => {
      for (const seed of [1, 2]) {
        const m = await run(engine, step({ seed }));
        expectSane(m);
        // The step's measurement carries the same counts, for result.json.
        expect(m.workloadStats).toEqual(engine.lastStepStats());
        const { succeeded, failed } = engine.lastStepStats();
        expect(succeeded).toBeGreaterThan(0);
        // 4 clients over 500 keys rarely collide; a stale revision would fail every first touch.
        expect(failed!).toBeLessThan(succeeded! / 4);
      }
    });
  });

  it('delete: deletes keys that exist, and writes them back before the next step', async () => {
    await withEngine('delete', { keySpace: 5000 }, async (engine, prefix) => {
      for (const seed of [1, 2]) {
        expectSane(await run(engine, step({ seed, durationMs: 1000, warmupMs: 200 })));
        const { deleted, misses } = engine.lastStepStats();
        expect(misses).toBe(0);
        expect(deleted).toBeGreaterThan(0);
        // Deletes still in flight when the step ended (at most one per client) were cancelled here but may have landed.
        const left = (await keysUnder(etcdctlBin!, etcd.endpoint, prefix)).length;
        expect(left).toBeLessThanOrEqual(5000 - deleted!);
        expect(left).toBeGreaterThanOrEqual(5000 - deleted! - 4);
      }
    });
  });

  it('lease: keeps a pool of leases alive and revokes them after the step', async () => {
    await withEngine('lease', { lease: { ttl: '30s' }, keySpace: 50 }, async (engine) => {
      expectSane(await run(engine));
      expect(engine.lastStepStats()).toMatchObject({ leases: 50, expired: 0 });
      expect(await leaseIds(etcdctlBin!, etcd.endpoint)).toEqual([]);
    });
  });

  it('watch: every put reaches each watcher of its key; events are the ok count', async () => {
    // 8 watchers × 2 keys over a 10-key space: keys 0–5 are watched twice, so a put brings 1.6 events on average.
    await withEngine('watch', { keySpace: 10, watch: { watchers: 8, keysPerWatcher: 2 } }, async (engine) => {
      const m = await run(engine);
      expectSane(m);
      expect(m.ok).toBeGreaterThan(m.sent);
      const stats = engine.lastStepStats();
      expect(stats.streamFailures).toBe(0);
      expect(stats.events).toBeGreaterThanOrEqual(m.ok);
    });
  });

  it('open model holds a low rate within 10%', async () => {
    await withEngine('put', {}, async (engine) => {
      const m = await run(engine, step({ model: 'open', load: 200, durationMs: 3000, warmupMs: 1000 }));
      expect(m.offered).toBe(400);
      expect(m.dropped).toBe(0);
      const rate = (m.ok / m.durationMs) * 1000;
      expect(rate).toBeGreaterThan(180);
      expect(rate).toBeLessThan(220);
    });
  });

  it('touches nothing outside its prefix, not even the keys next to it', async () => {
    const neighbours = ['/hr-test-put-zzzzzz', '/hr-test-safe.', '/hr-test-safe', '/hr-test-safe0', '/hr-test-safe0/x'];
    for (const k of neighbours) await ctl(['put', k, 'keep']);
    const engine = await createEtcdEngine(testBench(etcd.endpoint, { workload: 'put', prefix: '/hr-test-safe/' }));
    try {
      expectSane(await run(engine));
    } finally {
      await engine.close();
    }
    for (const k of neighbours) expect((await ctl(['get', k, '--print-value-only'])).trim()).toBe('keep');
    expect(await keysUnder(etcdctlBin!, etcd.endpoint, '/hr-test-safe/')).toEqual([]);
    await ctl(['del', '--prefix', '/hr-test-']);
  });
});
