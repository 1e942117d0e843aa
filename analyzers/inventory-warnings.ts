// Pure rules over a host inventory: each finding says what it means for benchmark results and
// what to do about it. Warnings never fail a run; they explain figures.
import type { Inventory } from '../agents/inventory/types.js';

export type InventorySeverity = 'warning' | 'info';

export interface InventoryWarning {
  severity: InventorySeverity;
  /** Dotted path of the inventory field the finding is about. */
  field: string;
  message: string;
  hint: string;
}

type Rule = (inv: Inventory) => InventoryWarning[];

const GIB = 1024 ** 3;

const governorRule: Rule = (inv) => {
  const policies = inv.cpu.frequencyPolicies;
  if (policies.length === 0) {
    return [{
      severity: 'info',
      field: 'cpu.frequencyPolicies',
      message: 'No cpufreq governor is visible (usual in VMs): the host or hypervisor decides the CPU clock.',
      hint: 'Two VMs of the same type can still run at different clocks; compare results only with repeats, and check the host governor if you own it.',
    }];
  }
  const out: InventoryWarning[] = [];
  const powersave = policies.filter((p) => p.governor === 'powersave');
  if (powersave.length > 0) {
    out.push({
      severity: 'warning',
      field: 'cpu.governor',
      message: `CPU governor is "powersave" on ${powersave.length} of ${policies.length} policies (${powersave.map((p) => p.policy).join(', ')}): CPU results will be lower than the hardware can do, and a classic reason containers run slower than VMs on the same model.`,
      hint: 'Set the "performance" governor for benchmarks (cpupower frequency-set -g performance, or the tuned/BIOS power profile), or compare only with hosts set the same way.',
    });
  }
  const ramping = policies.filter((p) => p.governor !== null && p.governor !== 'powersave' && p.governor !== 'performance');
  if (ramping.length > 0) {
    out.push({
      severity: 'info',
      field: 'cpu.governor',
      message: `CPU governor "${[...new Set(ramping.map((p) => p.governor))].join('", "')}" raises the clock with load: short or bursty benches run partly at a lower clock.`,
      hint: 'Use the "performance" governor, or a warm-up long enough for the clock to settle, when comparing hosts.',
    });
  }
  const governors = new Set(policies.map((p) => p.governor));
  if (governors.size > 1) {
    out.push({
      severity: 'info',
      field: 'cpu.governor',
      message: `CPU policies use different governors (${[...governors].map(String).join(', ')}): per-core speed depends on where threads land.`,
      hint: 'Set one governor on all policies before benchmarking.',
    });
  }
  return out;
};

const smtRule: Rule = (inv) => {
  const tpc = inv.cpu.threadsPerCore;
  if (tpc === null) return [];
  return [tpc > 1
    ? {
        severity: 'info',
        field: 'cpu.threadsPerCore',
        message: `SMT is on (${tpc} threads per core, ${inv.cpu.threads} logical CPUs on ${inv.cpu.cores} cores): all-core throughput grows by well under ${tpc}× the per-core figure.`,
        hint: 'Compare multi-core results only between hosts with the same SMT setting; read the multi/single scaling ratio against cores, not threads.',
      }
    : {
        severity: 'info',
        field: 'cpu.threadsPerCore',
        message: 'SMT is off (or absent): one hardware thread per core.',
        hint: 'A host of the same model with SMT on shows more logical CPUs and a different multi-core figure.',
      }];
};

const numaRule: Rule = (inv) =>
  inv.cpu.numaNodes !== null && inv.cpu.numaNodes > 1
    ? [{
        severity: 'info',
        field: 'cpu.numaNodes',
        message: `${inv.cpu.numaNodes} NUMA nodes: memory latency and bandwidth depend on which node a thread's memory sits on.`,
        hint: 'Pin benches (numactl --cpunodebind=0 --membind=0) or run one per node to get stable memory figures.',
      }]
    : [];

const quotaRule: Rule = (inv) => {
  const cpus = inv.cgroup.cpuQuota?.cpus;
  const threads = inv.cpu.threads;
  if (cpus === null || cpus === undefined || threads === null || cpus >= threads) return [];
  return [{
    severity: 'warning',
    field: 'cgroup.cpuQuota',
    message: `The cgroup CPU quota allows ${formatCpus(cpus)} CPUs but the host has ${threads} logical CPUs: all-core results are capped by the container limit, not the hardware.`,
    hint: 'Run host benches outside the container limit (or with a quota of at least the CPU count) to measure the machine; keep it to measure what a pod of this size gets.',
  }];
};

const affinityRule: Rule = (inv) => {
  const available = inv.cpu.availableCpus;
  const threads = inv.cpu.threads;
  if (available === null || available === undefined || threads === null || available >= threads) return [];
  return [{
    severity: 'warning',
    field: 'cpu.availableCpus',
    message: `This process may run on ${available} of the host's ${threads} logical CPUs (CPU affinity: taskset, a cpuset or a pinned container): all-core results measure those ${available}, not the machine.`,
    hint: 'Run without the affinity restriction to measure the node model; keep it to measure what a pinned workload gets.',
  }];
};

const throttlingRule: Rule = (inv) => {
  const t = inv.cgroup.throttling;
  if (t === null || t.nrThrottled === 0) return [];
  const ratio = t.nrPeriods > 0 ? t.nrThrottled / t.nrPeriods : 0;
  return [{
    severity: 'warning',
    field: 'cgroup.throttling',
    message: `CFS throttled this cgroup in ${t.nrThrottled} of ${t.nrPeriods} periods (${(ratio * 100).toFixed(1)}%), ${(t.throttledUsec / 1e6).toFixed(1)} s in total: latency tails include time spent waiting for the next quota period.`,
    hint: 'Raise or remove the CPU limit for benchmarks, or read p99 latencies knowing throttling adds up to one CFS period (default 100 ms) per stall.',
  }];
};

const rotationalRule: Rule = (inv) =>
  inv.disks.filter((d) => d.rotational === true).map((d) => ({
    severity: 'warning' as const,
    field: `disks.${d.name}.rotational`,
    message: `Disk ${d.name} reports itself as rotational: on a real spinning disk, fdatasync and random-read figures are milliseconds per operation, often beyond etcd's 10 ms p99 guidance.`,
    hint: 'Put latency-sensitive data (etcd WAL) on SSD/NVMe. Virtual disks (virtio) often report rotational=1 whatever the backing store; trust the measured fdatasync figure then.',
  }));

const memoryLimitRule: Rule = (inv) => {
  const limit = inv.cgroup.memoryLimitBytes;
  if (limit === null || limit >= inv.memory.totalBytes) return [];
  return [{
    severity: 'warning',
    field: 'cgroup.memoryLimitBytes',
    message: `The cgroup memory limit (${(limit / GIB).toFixed(1)} GiB) is below host memory (${(inv.memory.totalBytes / GIB).toFixed(1)} GiB): memory benches larger than the limit are OOM-killed or swap, and page cache is capped.`,
    hint: 'Size memory and disk benches below the limit, or run them outside the container to measure the host.',
  }];
};

const virtualizationRule: Rule = (inv) =>
  inv.system.virtualization !== 'none' && inv.system.virtualization !== 'unknown'
    ? [{
        severity: 'info',
        field: 'system.virtualization',
        message: `Running under a hypervisor (${inv.system.virtualization}): neighbours and CPU steal time add noise, and disks and NICs are virtual.`,
        hint: 'Repeat runs and compare intervals, not single figures; bare metal of the same model can differ.',
      }]
    : [];

const cgroupVersionRule: Rule = (inv) =>
  inv.cgroup.version === null
    ? [{
        severity: 'info',
        field: 'cgroup.version',
        message: 'The cgroup version could not be read, so CPU quota, memory limit and throttling are unknown.',
        hint: 'Check that /sys/fs/cgroup is mounted in this environment.',
      }]
    : [];

const RULES: Rule[] = [governorRule, smtRule, numaRule, quotaRule, affinityRule, throttlingRule, rotationalRule, memoryLimitRule, virtualizationRule, cgroupVersionRule];

/** Every finding about an inventory, warnings first, in rule order. */
export function findInventoryWarnings(inv: Inventory): InventoryWarning[] {
  const all = RULES.flatMap((rule) => rule(inv));
  return [...all.filter((w) => w.severity === 'warning'), ...all.filter((w) => w.severity === 'info')];
}

function formatCpus(cpus: number): string {
  return Number.isInteger(cpus) ? String(cpus) : cpus.toFixed(2);
}
