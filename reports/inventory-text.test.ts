import { describe, expect, it } from 'vitest';
import type { Inventory } from '../agents/inventory/types.js';
import { describeInventory, formatInventoryText } from './inventory-text.js';

const inv: Inventory = {
  cpu: { model: 'AMD EPYC 7763', sockets: 2, cores: 128, threads: 256, threadsPerCore: 2, numaNodes: 2, frequencyPolicies: [{ policy: 'policy0', cpus: '0', governor: 'powersave', currentMhz: 1500, minMhz: 1500, maxMhz: 2450 }], cpuinfoMhz: 1500 },
  memory: { totalBytes: 512 * 2 ** 30, speedMts: 3200, type: 'DDR4' },
  disks: [{ name: 'nvme0n1', model: 'Samsung', sizeBytes: 2 ** 40, rotational: false, scheduler: 'none' }],
  nics: [{ name: 'lo', speedMbps: null, mtu: 65536, virtual: true }],
  system: { hostname: 'node-a', kernel: '6.1.0', os: 'Debian 12', arch: 'x64', virtualization: 'none', container: false },
  cgroup: { version: 2, cpuPath: '/', memoryPath: '/', cpuQuota: { quotaUs: 250000, periodUs: 100000, cpus: 2.5 }, memoryLimitBytes: null, throttling: { nrPeriods: 10, nrThrottled: 5, throttledUsec: 1_000_000 } },
  notes: [{ field: 'system.os', reason: 'because' }],
};

describe('formatInventoryText', () => {
  it('describes every part of the inventory in one row each', () => {
    const rows = Object.fromEntries(describeInventory(inv));
    expect(rows.topology).toBe('2 socket(s), 128 cores, 256 threads, 2 NUMA node(s)');
    expect(rows['policy0 (cpus 0)']).toBe('powersave, 1500 MHz now, 1500–2450 MHz');
    expect(rows.memory).toBe('512 GiB, DDR4 3200 MT/s');
    expect(rows['disk nvme0n1']).toBe('Samsung, 1 TiB, non-rotational, scheduler none');
    expect(rows['nic lo']).toBe('speed ?, MTU 65536, virtual');
    expect(rows.cgroup).toBe('v2');
    expect(rows['cpu quota']).toBe('2.50 CPUs (250000 µs per 100000 µs)');
    expect(rows['memory limit']).toBe('unlimited');
    expect(rows['cfs throttling']).toBe('5 of 10 periods throttled (50.0%), 1.0 s');
  });

  it('prints findings and unreadable fields after the table, aligned', () => {
    const text = formatInventoryText(inv, [{ severity: 'warning', field: 'cpu.governor', message: 'M', hint: 'H' }]);
    expect(text).toContain('  WARN cpu.governor: M\n       → H\n');
    expect(text).toContain('not available:\n  system.os: because\n');
    const rows = describeInventory(inv);
    const column = 2 + Math.max(...rows.map(([k]) => k.length)) + 2;
    const tableLines = text.split('\n').slice(1, 1 + rows.length);
    for (const [i, line] of tableLines.entries()) {
      expect(line.slice(0, column).trim()).toBe(rows[i]![0]);
      expect(line.slice(column)).toBe(rows[i]![1]);
    }
  });
});
