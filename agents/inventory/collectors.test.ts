// Collectors over in-memory /proc and /sys trees: the layouts of a v2 pod, a v1 Docker container,
// a bare-metal host with cpufreq, and a system with nothing readable.
import { describe, expect, it } from 'vitest';
import { collectCgroup } from './collect-cgroup.js';
import { collectCpu } from './collect-cpu.js';
import { collectDisks, collectNics } from './collect-devices.js';
import { collectInventory } from './collect-inventory.js';
import { collectMemory } from './collect-memory.js';
import { readerFromFiles } from './sys-reader.js';
import type { InventoryNote } from './types.js';

const POD = '/kubepods.slice/pod1.slice/cri-abc.scope';

describe('collectCgroup', () => {
  it('v2: reads the leaf quota, the tightest memory limit along the path and the throttling counters', async () => {
    const reader = readerFromFiles({
      '/proc/self/cgroup': `0::${POD}\n`,
      '/sys/fs/cgroup/cgroup.controllers': 'cpuset cpu io memory pids\n',
      [`/sys/fs/cgroup${POD}/cgroup.procs`]: '1\n',
      [`/sys/fs/cgroup${POD}/cpu.max`]: '50000 100000\n',
      [`/sys/fs/cgroup${POD}/memory.max`]: 'max\n',
      [`/sys/fs/cgroup${POD}/cpu.stat`]: 'usage_usec 9\nnr_periods 200\nnr_throttled 50\nthrottled_usec 2000000\n',
      '/sys/fs/cgroup/kubepods.slice/pod1.slice/cpu.max': 'max 100000\n',
      '/sys/fs/cgroup/kubepods.slice/pod1.slice/memory.max': '1073741824\n',
    });
    const notes: InventoryNote[] = [];
    const c = await collectCgroup(reader, notes);
    expect(c).toEqual({
      version: 2,
      cpuPath: POD,
      memoryPath: POD,
      cpuQuota: { quotaUs: 50000, periodUs: 100000, cpus: 0.5 },
      memoryLimitBytes: 1073741824,
      throttling: { nrPeriods: 200, nrThrottled: 50, throttledUsec: 2_000_000 },
    });
    expect(notes).toEqual([]);
  });

  it('v2 root cgroup: no cpu.max or memory.max files mean no limits', async () => {
    const reader = readerFromFiles({
      '/proc/self/cgroup': '0::/\n',
      '/sys/fs/cgroup/cgroup.controllers': 'cpu memory\n',
      '/sys/fs/cgroup/cpu.stat': 'usage_usec 9\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n',
    });
    const c = await collectCgroup(reader, []);
    expect(c.cpuQuota).toEqual({ quotaUs: null, periodUs: 100000, cpus: null });
    expect(c.memoryLimitBytes).toBeNull();
    expect(c.throttling).toEqual({ nrPeriods: 0, nrThrottled: 0, throttledUsec: 0 });
  });

  it('v1 inside a cgroup namespace: the host path is invisible, so it reads the mount root', async () => {
    const reader = readerFromFiles({
      '/proc/self/cgroup': '5:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n',
      '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '200000\n',
      '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000\n',
      '/sys/fs/cgroup/cpu,cpuacct/cpu.stat': 'nr_periods 10\nnr_throttled 1\nthrottled_time 5000000\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
    });
    const c = await collectCgroup(reader, []);
    expect(c.version).toBe(1);
    expect(c.cpuQuota?.cpus).toBe(2);
    expect(c.throttling).toEqual({ nrPeriods: 10, nrThrottled: 1, throttledUsec: 5000 });
    expect(c.memoryLimitBytes).toBeNull();
  });

  it('v1 with the real path visible: a limit on the leaf', async () => {
    const reader = readerFromFiles({
      '/proc/self/cgroup': '4:memory:/job\n3:cpu:/job\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n',
      '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
      '/sys/fs/cgroup/cpu/job/cpu.cfs_quota_us': '150000\n',
      '/sys/fs/cgroup/cpu/job/cpu.cfs_period_us': '100000\n',
      '/sys/fs/cgroup/cpu/job/cpu.stat': 'nr_periods 0\nnr_throttled 0\nthrottled_time 0\n',
      '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712\n',
      '/sys/fs/cgroup/memory/job/memory.limit_in_bytes': '268435456\n',
    });
    const c = await collectCgroup(reader, []);
    expect(c.cpuQuota?.cpus).toBe(1.5);
    expect(c.memoryLimitBytes).toBe(268435456);
  });

  it('nothing readable: nulls and a note, no throw', async () => {
    const notes: InventoryNote[] = [];
    const c = await collectCgroup(readerFromFiles({}), notes);
    expect(c.version).toBeNull();
    expect(notes.map((n) => n.field)).toEqual(['cgroup']);
  });
});

describe('collectCpu', () => {
  it('reads cpufreq policies: governor and frequencies in MHz, in policy order', async () => {
    const dir = '/sys/devices/system/cpu/cpufreq';
    const policy = (n: number, gov: string) => ({
      [`${dir}/policy${n}/affected_cpus`]: `${n}\n`,
      [`${dir}/policy${n}/scaling_governor`]: `${gov}\n`,
      [`${dir}/policy${n}/scaling_cur_freq`]: '2400000\n',
      [`${dir}/policy${n}/scaling_min_freq`]: '800000\n',
      [`${dir}/policy${n}/scaling_max_freq`]: '3500000\n',
    });
    const reader = readerFromFiles({
      '/proc/cpuinfo': 'processor\t: 0\nmodel name\t: X\nphysical id\t: 0\ncore id\t: 0\n\nprocessor\t: 1\nmodel name\t: X\nphysical id\t: 0\ncore id\t: 0\n',
      '/sys/devices/system/node/online': '0-1\n',
      ...policy(10, 'powersave'),
      ...policy(2, 'performance'),
    });
    const notes: InventoryNote[] = [];
    const cpu = await collectCpu(reader, notes, 99);
    expect(cpu).toMatchObject({ model: 'X', sockets: 1, cores: 1, threads: 2, threadsPerCore: 2, numaNodes: 2 });
    expect(cpu.frequencyPolicies.map((p) => [p.policy, p.governor])).toEqual([['policy2', 'performance'], ['policy10', 'powersave']]);
    expect(cpu.frequencyPolicies[0]).toMatchObject({ cpus: '2', currentMhz: 2400, minMhz: 800, maxMhz: 3500 });
    expect(notes).toEqual([]);
  });

  it('without cpufreq or cpuinfo: the fallback thread count and notes saying why', async () => {
    const notes: InventoryNote[] = [];
    const cpu = await collectCpu(readerFromFiles({}), notes, 4);
    expect(cpu.threads).toBe(4);
    expect(cpu.frequencyPolicies).toEqual([]);
    expect(notes.map((n) => n.field)).toEqual(expect.arrayContaining(['cpu', 'cpu.numaNodes', 'cpu.frequencyPolicies']));
  });
});

describe('collectDisks and collectNics', () => {
  it('keeps block devices with hardware behind them and marks virtual NICs', async () => {
    const reader = readerFromFiles(
      {
        '/sys/block/nvme0n1/device/model': 'Samsung SSD 980  \n',
        '/sys/block/nvme0n1/size': '1953525168\n',
        '/sys/block/nvme0n1/queue/rotational': '0\n',
        '/sys/block/nvme0n1/queue/scheduler': '[none] mq-deadline\n',
        '/sys/block/loop0/size': '0\n',
        '/sys/class/net/eth0/speed': '10000\n',
        '/sys/class/net/eth0/mtu': '9000\n',
        '/sys/class/net/lo/speed': '',
        '/sys/class/net/lo/mtu': '65536\n',
      },
      {
        '/sys/block/nvme0n1/device': '/sys/devices/pci0000:00/nvme/nvme0',
        '/sys/class/net/eth0': '/sys/devices/pci0000:00/0000:00:03.0/net/eth0',
        '/sys/class/net/lo': '/sys/devices/virtual/net/lo',
      },
    );
    expect(await collectDisks(reader, [])).toEqual([{ name: 'nvme0n1', model: 'Samsung SSD 980', sizeBytes: 1953525168 * 512, rotational: false, scheduler: 'none' }]);
    expect(await collectNics(reader, [])).toEqual([
      { name: 'eth0', speedMbps: 10000, mtu: 9000, virtual: false },
      { name: 'lo', speedMbps: null, mtu: 65536, virtual: true },
    ]);
  });
});

describe('collectMemory', () => {
  it('takes speed and type from the layout, the slowest DIMM setting the speed', async () => {
    const m = await collectMemory(64, async () => [{ clockSpeed: 3200, type: 'DDR4' }, { clockSpeed: 2933, type: 'DDR4' }], []);
    expect(m).toEqual({ totalBytes: 64, speedMts: 2933, type: 'DDR4' });
  });
  it('a failing layout reader leaves speed null with a note', async () => {
    const notes: InventoryNote[] = [];
    const m = await collectMemory(64, async () => { throw new Error('dmidecode: permission denied'); }, notes);
    expect(m).toEqual({ totalBytes: 64, speedMts: null, type: null });
    expect(notes[0]?.field).toBe('memory.speedMts');
  });
});

describe('collectInventory on an empty system', () => {
  it('never throws: every field unknown is null or empty, with notes', async () => {
    const inv = await collectInventory({
      reader: readerFromFiles({}),
      readMemoryLayout: async () => [],
      facts: { hostname: 'h', kernel: '6.1.0', arch: 'x64', env: {}, totalMemBytes: 1024, logicalCpus: 2 },
    });
    expect(inv.cpu.threads).toBe(2);
    expect(inv.memory.totalBytes).toBe(1024);
    expect(inv.disks).toEqual([]);
    expect(inv.nics).toEqual([]);
    expect(inv.cgroup.version).toBeNull();
    expect(inv.system).toMatchObject({ kernel: '6.1.0', os: null, virtualization: 'none', container: false });
    expect(inv.notes.length).toBeGreaterThanOrEqual(5);
  });
});
