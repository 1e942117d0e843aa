// close() on every exit path: after an abort mid-step, mid-setup, while a step still runs, twice,
// and with etcd gone. etcdctl then finds no key under the prefix and no lease.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../test/require-tool.js';
import type { StepPlan } from '../load-engine.js';
import { createEtcdEngine } from './engine.js';
import { startEtcd, type LocalEtcd } from './start-etcd.js';
import { keysUnder, leaseIds, testBench } from './test-etcdctl.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const etcdctlBin = requireBinary('etcdctl', 'etcd-client');

const longStep: StepPlan = { model: 'closed', load: 8, durationMs: 30_000, warmupMs: 0, arrival: 'constant', maxInFlight: 1000, timeoutMs: 5000, seed: 1 };

describe.skipIf(!etcdBin || !etcdctlBin)('etcd engine cleanup', () => {
  let etcd: LocalEtcd;
  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin! });
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  async function expectNothingLeft(prefix: string): Promise<void> {
    expect(await keysUnder(etcdctlBin!, etcd.endpoint, prefix)).toEqual([]);
    expect(await leaseIds(etcdctlBin!, etcd.endpoint)).toEqual([]);
  }

  it.each(['put', 'lease', 'watch', 'delete'] as const)('%s: aborted mid-step, then closed, leaves nothing', async (workload) => {
    const prefix = `/hr-abort-${workload}/`;
    const engine = await createEtcdEngine(testBench(etcd.endpoint, { workload, prefix, keySpace: 200, watch: { watchers: 4, keysPerWatcher: 1 } }));
    const ac = new AbortController();
    let ticks = 0;
    const t0 = performance.now();
    const measured = await engine.runStep(longStep, {
      signal: ac.signal,
      // Abort once the load is running (a tick with answers in it).
      onTick: (c) => {
        if (c.ok > 0 && ++ticks === 2) ac.abort();
      },
    });
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(measured.ok).toBeGreaterThan(0);
    await engine.close();
    expect(engine.cleanupError()).toBeNull();
    await expectNothingLeft(prefix);
  });

  it('lease: aborted while granting the pool, still revokes every lease it asked for', async () => {
    const engine = await createEtcdEngine(testBench(etcd.endpoint, { workload: 'lease', prefix: '/hr-abort-grant/', keySpace: 1000 }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const measured = await engine.runStep(longStep, { signal: ac.signal });
    expect(measured.ok).toBe(0);
    await engine.close();
    expect(engine.cleanupError()).toBeNull();
    await expectNothingLeft('/hr-abort-grant/');
  });

  it('close() during a step ends it, cleans up, and is idempotent', async () => {
    const engine = await createEtcdEngine(testBench(etcd.endpoint, { workload: 'put', prefix: '/hr-close-running/' }));
    const step = engine.runStep(longStep, { signal: new AbortController().signal });
    await new Promise((r) => setTimeout(r, 300));
    const first = engine.close();
    const second = engine.close();
    await Promise.all([first, second, step]);
    expect((await step).ok).toBeGreaterThan(0);
    const report = engine.cleanupReport();
    expect(report!.keysDeleted).toBeGreaterThan(0);
    await engine.close();
    expect(engine.cleanupReport()).toBe(report);
    await expect(engine.runStep(longStep, { signal: new AbortController().signal })).rejects.toThrow(/closed/);
    await expectNothingLeft('/hr-close-running/');
  });

  it('gives up on a cleanup it cannot do within its time, and says so', async () => {
    const doomed = await startEtcd({ binary: etcdBin! });
    const engine = await createEtcdEngine(testBench(doomed.endpoint, { workload: 'put', prefix: '/hr-doomed/' }), { cleanupTimeoutMs: 1500 });
    await engine.runStep({ ...longStep, durationMs: 300 }, { signal: new AbortController().signal });
    await doomed.stop();
    const t0 = performance.now();
    await engine.close();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(engine.cleanupReport()).toBeNull();
    expect(engine.cleanupError()).toBeTruthy();
  });
});
