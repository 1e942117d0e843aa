import { describe, expect, it } from 'vitest';
import type { Inventory } from '../agents/inventory/types.js';
import { editedInventory, fixtureInventory } from '../reports/compare-fixtures.js';
import { affectsMetric, describeDifference, diffInventories, sideBySide } from './inventory-diff.js';

const fields = (a: Inventory, b: Inventory) => diffInventories(a, b).map((d) => d.field);

describe('diffInventories', () => {
  it('finds nothing between two inventories of one machine, even with a different clock reading and hostname', () => {
    const a = fixtureInventory();
    const b = editedInventory((inv) => {
      inv.cpu.cpuinfoMhz = 2999;
      inv.system.hostname = 'other';
      inv.memory.totalBytes *= 1.01; // kernel reservations move total memory a little between boots
      inv.cgroup.throttling = { nrPeriods: 100, nrThrottled: 0, throttledUsec: 0 };
    });
    expect(diffInventories(a, b)).toEqual([]);
  });

  it('flags each aspect that explains results, saying why', () => {
    const a = editedInventory((inv) => { (inv.cpu as Inventory['cpu'] & { availableCpus: number }).availableCpus = 2; });
    const cases: Array<[string, (inv: Inventory) => void, RegExp]> = [
      ['cpu.governor', (inv) => { inv.cpu.frequencyPolicies = [{ policy: 'policy0', cpus: '0-1', governor: 'powersave', currentMhz: 800, minMhz: 800, maxMhz: 3500 }]; }, /the governor sets the clock/],
      ['system.kernel', (inv) => { inv.system.kernel = '6.8.0'; }, /mitigations/],
      ['cgroup.cpuQuota', (inv) => { inv.cgroup.cpuQuota = { quotaUs: 50000, periodUs: 100000, cpus: 0.5 }; }, /caps the CPU time/],
      ['cgroup.memoryLimitBytes', (inv) => { inv.cgroup.memoryLimitBytes = 2 * 1024 ** 3; }, /page cache/],
      ['cgroup.throttling', (inv) => { inv.cgroup.throttling = { nrPeriods: 1000, nrThrottled: 120, throttledUsec: 9e6 }; }, /ran out of quota/],
      ['cpu.model', (inv) => { inv.cpu.model = 'Intel Xeon Platinum 8481C'; }, /per-core speed/],
      ['cpu.threads', (inv) => { inv.cpu.threads = 4; }, /scales with the logical CPUs/],
      ['cpu.cores', (inv) => { inv.cpu.cores = 4; }, /physical cores/],
      ['cpu.threadsPerCore', (inv) => { inv.cpu.threadsPerCore = 2; }, /SMT on/],
      ['cpu.numaNodes', (inv) => { inv.cpu.numaNodes = 2; }, /NUMA node/],
      ['system.virtualization', (inv) => { inv.system.virtualization = 'none'; }, /hypervisor/],
      ['memory.totalBytes', (inv) => { inv.memory.totalBytes = 16 * 1024 ** 3; }, /larger page cache/],
      ['disks.vda.rotational', (inv) => { inv.disks[0]!.rotational = true; }, /milliseconds per fdatasync/],
      ['disks.vda.scheduler', (inv) => { inv.disks[0]!.scheduler = 'bfq'; }, /reorders and merges/],
      ['cpu.availableCpus', (inv) => { (inv.cpu as Inventory['cpu'] & { availableCpus: number }).availableCpus = 1; }, /affinity/],
    ];
    for (const [field, edit, why] of cases) {
      const diff = diffInventories(a, editedInventory(edit, a));
      expect(diff.map((d) => d.field), field).toEqual([field]);
      expect(diff[0]!.why, field).toMatch(why);
    }
  });

  it('does not guess when one side could not read a field', () => {
    const a = fixtureInventory();
    expect(fields(a, editedInventory((inv) => { inv.cpu.model = null; inv.cpu.numaNodes = null; inv.disks[0]!.rotational = null; }))).toEqual([]);
    expect(fields(a, editedInventory((inv) => { inv.cgroup = { version: null, cpuPath: null, memoryPath: null, cpuQuota: null, memoryLimitBytes: null, throttling: null }; }))).toEqual([]);
  });

  it('notices a throttling share that changed a lot, not counters that merely grew', () => {
    const throttled = (n: number, of: number) => editedInventory((inv) => { inv.cgroup.throttling = { nrPeriods: of, nrThrottled: n, throttledUsec: n * 1000 }; });
    expect(fields(throttled(10, 1000), throttled(40, 3000))).toEqual([]);
    expect(fields(throttled(10, 1000), throttled(900, 3000))).toEqual(['cgroup.throttling']);
  });

  it('lists disks that only one side has', () => {
    const b = editedInventory((inv) => { inv.disks = [{ name: 'nvme0n1', model: 'x', sizeBytes: 1, rotational: false, scheduler: 'none' }]; });
    expect(fields(fixtureInventory(), b)).toEqual(['disks']);
  });
});

describe('sideBySide', () => {
  it('has a row per aspect with both values, descriptive rows never flagged', () => {
    const b = editedInventory((inv) => { inv.system.kernel = '6.8.0'; inv.system.hostname = 'node-b'; });
    const rows = sideBySide(fixtureInventory(), b);
    expect(rows.find((r) => r.field === 'system.hostname')).toMatchObject({ baseline: 'node-a', candidate: 'node-b', differs: false });
    expect(rows.find((r) => r.field === 'system.kernel')).toMatchObject({ baseline: '6.1.0-18-cloud-amd64', candidate: '6.8.0', differs: true });
    expect(rows.find((r) => r.field === 'cpu.governor')).toMatchObject({ baseline: 'not exposed (no cpufreq)', differs: false });
    expect(rows.find((r) => r.field === 'cgroup.cpuQuota')).toMatchObject({ baseline: 'none', candidate: 'none' });
    expect(rows.find((r) => r.field === 'memory.totalBytes')!.baseline).toBe('8.0 GiB');
    // No affinity recorded on either side: no row for it.
    expect(rows.some((r) => r.field === 'cpu.availableCpus')).toBe(false);
  });
});

describe('describeDifference and affectsMetric', () => {
  it('words a difference with both values and says which metrics it can move', () => {
    const [d] = diffInventories(fixtureInventory(), editedInventory((inv) => { inv.cgroup.cpuQuota = { quotaUs: 100000, periodUs: 100000, cpus: 1 }; }));
    expect(describeDifference(d!)).toBe('cgroup CPU quota differs (baseline none, candidate 1 CPU): a CPU quota caps the CPU time per period: all-core throughput stops at the quota, and latency tails include waits for the next period.');
    expect(affectsMetric(d!, 'cpu.multi')).toBe(true);
    expect(affectsMetric(d!, 'disk.fdatasync.p99')).toBe(true);
    expect(affectsMetric(d!, 'cpu.single')).toBe(false);
  });
});
