import { describe, expect, it } from 'vitest';
import type { CpuFrequencyPolicy, Inventory } from '../agents/inventory/types.js';
import { findInventoryWarnings } from './inventory-warnings.js';

/** A bare-metal host nothing is wrong with: performance governor, SSD, no limits. */
function cleanHost(): Inventory {
  const policy = (n: number, governor = 'performance'): CpuFrequencyPolicy => ({ policy: `policy${n}`, cpus: String(n), governor, currentMhz: 3000, minMhz: 800, maxMhz: 3500 });
  return {
    cpu: { model: 'X', sockets: 1, cores: 4, threads: 4, threadsPerCore: 1, numaNodes: 1, frequencyPolicies: [0, 1, 2, 3].map((n) => policy(n)), cpuinfoMhz: 3000 },
    memory: { totalBytes: 16 * 2 ** 30, speedMts: 3200, type: 'DDR4' },
    disks: [{ name: 'nvme0n1', model: 'SSD', sizeBytes: 1e12, rotational: false, scheduler: 'none' }],
    nics: [{ name: 'eth0', speedMbps: 10000, mtu: 1500, virtual: false }],
    system: { hostname: 'h', kernel: '6.1', os: 'Debian', arch: 'x64', virtualization: 'none', container: false },
    cgroup: { version: 2, cpuPath: '/', memoryPath: '/', cpuQuota: { quotaUs: null, periodUs: 100000, cpus: null }, memoryLimitBytes: null, throttling: { nrPeriods: 0, nrThrottled: 0, throttledUsec: 0 } },
    notes: [],
  };
}

const fields = (inv: Inventory) => findInventoryWarnings(inv).map((w) => `${w.severity} ${w.field}`);

describe('findInventoryWarnings', () => {
  it('a clean bare-metal host gets only the SMT note', () => {
    expect(fields(cleanHost())).toEqual(['info cpu.threadsPerCore']);
  });

  it('warns about the powersave governor and counts the policies', () => {
    const inv = cleanHost();
    inv.cpu.frequencyPolicies[1]!.governor = 'powersave';
    const w = findInventoryWarnings(inv);
    expect(w[0]).toMatchObject({ severity: 'warning', field: 'cpu.governor' });
    expect(w[0]!.message).toContain('1 of 4 policies (policy1)');
    // Mixed governors add an info finding on the same field.
    expect(w.filter((x) => x.field === 'cpu.governor').map((x) => x.severity)).toEqual(['warning', 'info']);
  });

  it('notes a governor that ramps the clock, and a VM with no governor at all', () => {
    const ramp = cleanHost();
    for (const p of ramp.cpu.frequencyPolicies) p.governor = 'schedutil';
    expect(fields(ramp)).toContain('info cpu.governor');
    const vm = cleanHost();
    vm.cpu.frequencyPolicies = [];
    expect(fields(vm)).toContain('info cpu.frequencyPolicies');
  });

  it('warns when the CPU quota is below the logical CPU count, not when equal', () => {
    const inv = cleanHost();
    inv.cgroup.cpuQuota = { quotaUs: 150000, periodUs: 100000, cpus: 1.5 };
    const w = findInventoryWarnings(inv).find((x) => x.field === 'cgroup.cpuQuota');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toContain('1.50 CPUs but the host has 4 logical CPUs');
    inv.cgroup.cpuQuota = { quotaUs: 400000, periodUs: 100000, cpus: 4 };
    expect(fields(inv)).not.toContain('warning cgroup.cpuQuota');
  });

  it('warns when the process may use fewer CPUs than the host has (taskset), not when all or unknown', () => {
    const pinned = cleanHost();
    pinned.cpu.availableCpus = 1;
    const w = findInventoryWarnings(pinned).find((x) => x.field === 'cpu.availableCpus');
    expect(w?.message).toContain('1 of the host\'s 4 logical CPUs');
    const all = cleanHost();
    all.cpu.availableCpus = 4;
    expect(fields(all)).not.toContain('warning cpu.availableCpus');
    expect(fields(cleanHost())).not.toContain('warning cpu.availableCpus');
  });

  it('warns on throttled periods with their ratio', () => {
    const inv = cleanHost();
    inv.cgroup.throttling = { nrPeriods: 400, nrThrottled: 30, throttledUsec: 2_500_000 };
    const w = findInventoryWarnings(inv).find((x) => x.field === 'cgroup.throttling');
    expect(w?.message).toContain('30 of 400 periods (7.5%), 2.5 s');
  });

  it('warns per rotational disk, not for unknown rotation', () => {
    const inv = cleanHost();
    inv.disks.push({ name: 'sda', model: 'HDD', sizeBytes: 4e12, rotational: true, scheduler: 'bfq' });
    inv.disks.push({ name: 'sdb', model: null, sizeBytes: null, rotational: null, scheduler: null });
    expect(fields(inv).filter((f) => f.includes('rotational'))).toEqual(['warning disks.sda.rotational']);
  });

  it('warns when the memory limit is below host memory', () => {
    const inv = cleanHost();
    inv.cgroup.memoryLimitBytes = 2 ** 30;
    const w = findInventoryWarnings(inv).find((x) => x.field === 'cgroup.memoryLimitBytes');
    expect(w?.message).toContain('(1.0 GiB) is below host memory (16.0 GiB)');
    inv.cgroup.memoryLimitBytes = 32 * 2 ** 30;
    expect(fields(inv)).not.toContain('warning cgroup.memoryLimitBytes');
  });

  it('notes SMT, several NUMA nodes, a hypervisor and an unknown cgroup version', () => {
    const inv = cleanHost();
    inv.cpu.threadsPerCore = 2;
    inv.cpu.threads = 8;
    inv.cpu.numaNodes = 2;
    inv.system.virtualization = 'kvm';
    inv.cgroup.version = null;
    const w = findInventoryWarnings(inv);
    expect(w.find((x) => x.field === 'cpu.threadsPerCore')?.message).toMatch(/^SMT is on \(2 threads per core, 8 logical CPUs on 4 cores\)/);
    expect(w.map((x) => x.field)).toEqual(expect.arrayContaining(['cpu.numaNodes', 'system.virtualization', 'cgroup.version']));
  });

  it('lists warnings before infos, each with a message and a hint', () => {
    const inv = cleanHost();
    inv.cpu.frequencyPolicies = [];
    inv.cgroup.throttling = { nrPeriods: 10, nrThrottled: 1, throttledUsec: 1 };
    const w = findInventoryWarnings(inv);
    const firstInfo = w.findIndex((x) => x.severity === 'info');
    expect(w.slice(firstInfo).every((x) => x.severity === 'info')).toBe(true);
    expect(w[0]?.severity).toBe('warning');
    for (const x of w) expect(x.message.length > 0 && x.hint.length > 0).toBe(true);
  });
});
