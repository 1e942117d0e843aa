// Two host inventories side by side: every row a comparison report shows, and which differences
// could explain a difference in the figures (each with why). Pure.
import type { Inventory } from '../agents/inventory/types.js';

export interface InventoryRow {
  /** Dotted inventory path, e.g. `cgroup.cpuQuota` or `disks.vda.scheduler`. */
  field: string;
  label: string;
  /** Display values; null when that inventory could not read the field. */
  baseline: string | null;
  candidate: string | null;
  /** True only when both sides are known and differ in a way that matters for results. */
  differs: boolean;
  /** Why a difference matters; empty for descriptive rows (hostname, OS), which never differ. */
  why: string;
  /** Metric-name prefixes a difference here can move, e.g. `cpu.multi`, `disk.`. */
  affects: string[];
}

/** The inventory as the comparison reads it: `availableCpus` is optional until the collector records affinity. */
type CpuWithAffinity = Inventory['cpu'] & { availableCpus?: number | null };

interface Aspect {
  field: string;
  label: string;
  show: (inv: Inventory) => string | null;
  /** Equal enough not to warn; default: the same display text. */
  same?: (a: Inventory, b: Inventory) => boolean;
  why: string;
  affects: string[];
}

const GIB = 1024 ** 3;
const CPU = ['cpu.'];
// memory.bandwidth is not here: its probe copies on one thread, so more CPUs do not raise it.
const ALL_CPU_BOUND = ['cpu.multi', 'cpu.scaling'];

const gib = (bytes: number): string => `${(bytes / GIB).toFixed(1)} GiB`;
const count = (n: number | null, unit: string): string | null =>
  n === null ? null : `${Number.isInteger(n) ? n : n.toFixed(2)} ${n === 1 && /^[A-Za-z]+s$/.test(unit) ? unit.slice(0, -1) : unit}`;
const within = (share: number) => (x: number | null, y: number | null): boolean => x === null || y === null || Math.abs(x - y) <= share * Math.max(Math.abs(x), Math.abs(y));

function governors(inv: Inventory): string {
  const g = [...new Set(inv.cpu.frequencyPolicies.map((p) => p.governor ?? '?'))].sort();
  return g.length === 0 ? 'not exposed (no cpufreq)' : g.join(', ');
}

function maxMhz(inv: Inventory): number | null {
  const m = inv.cpu.frequencyPolicies.map((p) => p.maxMhz).filter((x): x is number => x !== null);
  return m.length === 0 ? null : Math.max(...m);
}

function availableCpus(inv: Inventory): number | null {
  return (inv.cpu as CpuWithAffinity).availableCpus ?? null;
}

function throttledShare(inv: Inventory): number | null {
  const t = inv.cgroup.throttling;
  if (t === null) return null;
  return t.nrPeriods > 0 ? t.nrThrottled / t.nrPeriods : 0;
}

function physicalNics(inv: Inventory): string {
  const nics = inv.nics.filter((n) => !n.virtual);
  return nics.length === 0 ? 'none' : nics.map((n) => `${n.name} ${n.speedMbps === null ? '(speed unknown)' : `${n.speedMbps} Mb/s`}`).join(', ');
}

const ASPECTS: Aspect[] = [
  { field: 'system.hostname', label: 'hostname', show: (i) => i.system.hostname, same: () => true, why: '', affects: [] },
  {
    field: 'cpu.model', label: 'CPU model', show: (i) => i.cpu.model, affects: ['cpu.', 'memory.'],
    why: 'different CPU models differ in per-core speed, caches and memory bandwidth, so CPU and memory figures can differ for that alone.',
  },
  {
    field: 'cpu.threads', label: 'logical CPUs', show: (i) => count(i.cpu.threads, 'threads'), affects: ALL_CPU_BOUND,
    why: 'all-core throughput scales with the logical CPUs the bench can use; single-core figures do not.',
  },
  {
    field: 'cpu.cores', label: 'physical cores', show: (i) => count(i.cpu.cores, 'cores'), affects: ALL_CPU_BOUND,
    why: 'all-core throughput follows physical cores first; SMT siblings add much less.',
  },
  {
    field: 'cpu.threadsPerCore', label: 'SMT', affects: ALL_CPU_BOUND,
    show: (i) => (i.cpu.threadsPerCore === null ? null : i.cpu.threadsPerCore > 1 ? `on (${i.cpu.threadsPerCore} per core)` : 'off'),
    why: 'with SMT on, two threads share one core\'s execution units: all-core figures per logical CPU are lower than with SMT off.',
  },
  {
    field: 'cpu.availableCpus', label: 'CPUs available to the process', affects: ALL_CPU_BOUND,
    show: (i) => count(availableCpus(i), 'CPUs'),
    why: 'CPU affinity (taskset, a cpuset) limits how many CPUs the bench runs on: all-core figures scale with it, single-core ones do not.',
  },
  {
    field: 'cgroup.cpuQuota', label: 'cgroup CPU quota', affects: [...ALL_CPU_BOUND, 'disk.fdatasync', 'network.rtt'],
    show: (i) => (i.cgroup.version === null ? null : i.cgroup.cpuQuota?.cpus == null ? 'none' : count(i.cgroup.cpuQuota.cpus, 'CPUs')),
    why: 'a CPU quota caps the CPU time per period: all-core throughput stops at the quota, and latency tails include waits for the next period.',
  },
  {
    field: 'cgroup.throttling', label: 'CFS throttling', affects: ['cpu.', 'disk.fdatasync', 'network.rtt'],
    show: (i) => {
      const t = i.cgroup.throttling;
      const share = throttledShare(i);
      if (t === null || share === null) return null;
      return t.nrThrottled === 0 ? 'none' : `${(share * 100).toFixed(1)}% of ${t.nrPeriods} periods`;
    },
    same: (a, b) => {
      const x = throttledShare(a);
      const y = throttledShare(b);
      return x === null || y === null || ((x > 0) === (y > 0) && Math.abs(x - y) < 0.05);
    },
    why: 'a throttled cgroup ran out of quota: each stall (up to a CFS period, 100 ms by default) lands in latency tails and cuts throughput.',
  },
  {
    field: 'cpu.numaNodes', label: 'NUMA nodes', show: (i) => count(i.cpu.numaNodes, 'nodes'), affects: ['memory.', 'cpu.multi'],
    why: 'memory latency and bandwidth depend on which NUMA node the memory sits on; a different node count changes memory figures.',
  },
  {
    field: 'cpu.governor', label: 'CPU governor', show: governors, affects: CPU,
    why: 'the governor sets the clock: powersave, ondemand or schedutil run short benches partly at a lower frequency, so CPU figures drop with no hardware difference.',
  },
  {
    field: 'cpu.maxMhz', label: 'CPU max clock', show: (i) => count(maxMhz(i), 'MHz'), same: (a, b) => within(0.02)(maxMhz(a), maxMhz(b)), affects: ['cpu.', 'memory.'],
    why: 'a lower maximum clock (a capped cpufreq limit or another SKU) lowers single-core and all-core figures alike.',
  },
  { field: 'cpu.cpuinfoMhz', label: 'CPU clock now (cpuinfo)', show: (i) => count(i.cpu.cpuinfoMhz === null ? null : Math.round(i.cpu.cpuinfoMhz), 'MHz'), same: () => true, why: '', affects: [] },
  {
    field: 'memory.totalBytes', label: 'memory', show: (i) => gib(i.memory.totalBytes), same: (a, b) => within(0.02)(a.memory.totalBytes, b.memory.totalBytes), affects: ['memory.', 'disk.seq-read', 'disk.rand-read'],
    why: 'more memory means a larger page cache: disk reads the cache can serve and memory-heavy benches come out faster.',
  },
  {
    field: 'cgroup.memoryLimitBytes', label: 'cgroup memory limit', affects: ['memory.', 'disk.seq-read', 'disk.rand-read'],
    show: (i) => (i.cgroup.version === null ? null : i.cgroup.memoryLimitBytes === null ? 'none' : gib(i.cgroup.memoryLimitBytes)),
    why: 'a memory limit caps the page cache and large buffers: memory and disk-read figures change with it.',
  },
  {
    field: 'memory.speedMts', label: 'memory speed', show: (i) => count(i.memory.speedMts, 'MT/s'), affects: ['memory.'],
    why: 'DIMM speed sets memory bandwidth and part of memory latency.',
  },
  {
    field: 'system.kernel', label: 'kernel', show: (i) => i.system.kernel, affects: ['disk.', 'network.', 'memory.latency'],
    why: 'kernels differ in scheduler, block and network stacks and CPU-vulnerability mitigations: syscall-heavy figures (fdatasync, network round trips) move with the kernel alone.',
  },
  { field: 'system.os', label: 'OS', show: (i) => i.system.os, same: () => true, why: '', affects: [] },
  {
    field: 'system.arch', label: 'architecture', show: (i) => i.system.arch, affects: ['cpu.', 'memory.'],
    why: 'different CPU architectures run different machine code: the figures compare whole systems, not like for like.',
  },
  {
    field: 'system.virtualization', label: 'virtualization', show: (i) => (i.system.virtualization === 'unknown' ? null : i.system.virtualization), affects: ['cpu.', 'disk.', 'network.'],
    why: 'a hypervisor adds steal time and virtual disks and NICs: VM and bare-metal (or two hypervisors\') figures differ in noise and I/O latency.',
  },
  {
    field: 'system.container', label: 'in a container', show: (i) => (i.system.container ? 'yes' : 'no'), affects: ['disk.', 'network.'],
    why: 'inside a container, disk benches may write through an overlay filesystem and network ones through a veth pair.',
  },
  {
    field: 'nics', label: 'physical NICs', show: physicalNics, affects: ['network.throughput'],
    why: 'network throughput to a peer is capped by the link speed (loopback figures are not).',
  },
];

function diskAspects(baseline: Inventory, candidate: Inventory): Aspect[] {
  const names = [...new Set([...baseline.disks, ...candidate.disks].map((d) => d.name))].sort();
  const find = (inv: Inventory, name: string) => inv.disks.find((d) => d.name === name);
  const both = names.filter((n) => find(baseline, n) && find(candidate, n));
  const out: Aspect[] = [];
  if (both.length < names.length) {
    out.push({
      field: 'disks', label: 'disks', affects: ['disk.'],
      show: (i) => (i.disks.length === 0 ? 'none' : i.disks.map((d) => d.name).join(', ')),
      why: 'the disk benches may have run on different devices.',
    });
  }
  for (const name of names) {
    out.push(
      {
        field: `disks.${name}.rotational`, label: `${name} rotational`, affects: ['disk.'],
        show: (i) => {
          const d = find(i, name);
          return d === undefined ? 'absent' : d.rotational === null ? null : d.rotational ? 'yes (HDD)' : 'no (SSD)';
        },
        same: (a, b) => !find(a, name) || !find(b, name) || find(a, name)!.rotational === find(b, name)!.rotational || find(a, name)!.rotational === null || find(b, name)!.rotational === null,
        why: 'a rotational disk takes milliseconds per fdatasync and random read, an SSD tens of microseconds.',
      },
      {
        field: `disks.${name}.scheduler`, label: `${name} I/O scheduler`, affects: ['disk.'],
        show: (i) => {
          const d = find(i, name);
          return d === undefined ? 'absent' : d.scheduler;
        },
        same: (a, b) => !find(a, name) || !find(b, name) || find(a, name)!.scheduler === null || find(b, name)!.scheduler === null || find(a, name)!.scheduler === find(b, name)!.scheduler,
        why: 'the I/O scheduler reorders and merges requests: mq-deadline, bfq and none give different fdatasync tails and IOPS.',
      },
    );
  }
  return out;
}

function toRow(a: Aspect, baseline: Inventory, candidate: Inventory): InventoryRow {
  const b = a.show(baseline);
  const c = a.show(candidate);
  const known = b !== null && c !== null;
  const differs = known && a.why !== '' && (a.same ? !a.same(baseline, candidate) : b !== c);
  return { field: a.field, label: a.label, baseline: b, candidate: c, differs, why: a.why, affects: a.affects };
}

/** Every row of the side-by-side table, in reading order, differences flagged. */
export function sideBySide(baseline: Inventory, candidate: Inventory): InventoryRow[] {
  const rows = [...ASPECTS, ...diskAspects(baseline, candidate)].map((a) => toRow(a, baseline, candidate));
  // The affinity row only when either inventory records it (older collectors do not).
  return rows.filter((r) => r.field !== 'cpu.availableCpus' || r.baseline !== null || r.candidate !== null);
}

/** The differences that can explain a difference in results. */
export function diffInventories(baseline: Inventory, candidate: Inventory): InventoryRow[] {
  return sideBySide(baseline, candidate).filter((r) => r.differs);
}

/** "kernel differs (baseline 6.1.0, candidate 6.8.0): kernels differ in …". */
export function describeDifference(row: InventoryRow): string {
  return `${row.label} differs (baseline ${row.baseline}, candidate ${row.candidate}): ${row.why}`;
}

/** True when a difference in `row` can move the metric `name`. */
export function affectsMetric(row: InventoryRow, name: string): boolean {
  return row.affects.some((prefix) => name === prefix || name.startsWith(prefix));
}
