// The host inventory as a readable two-column table, then the warnings and the fields that could
// not be read. Pure: the command prints what this returns.
import type { Inventory } from '../agents/inventory/types.js';
import type { InventoryWarning } from '../analyzers/inventory-warnings.js';
import { formatBytes } from './format.js';

const UNKNOWN = '—';

export function formatInventoryText(inv: Inventory, warnings: readonly InventoryWarning[]): string {
  const rows = describeInventory(inv);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  const out = [`host ${inv.system.hostname}`, ...lines];
  if (warnings.length > 0) {
    out.push('', 'findings:');
    for (const w of warnings) out.push(`  ${w.severity === 'warning' ? 'WARN' : 'info'} ${w.field}: ${w.message}`, `       → ${w.hint}`);
  }
  if (inv.notes.length > 0) {
    out.push('', 'not available:');
    for (const n of inv.notes) out.push(`  ${n.field}: ${n.reason}`);
  }
  return `${out.join('\n')}\n`;
}

/** [label, value] rows in reading order: CPU, memory, disks, NICs, system, cgroup. */
export function describeInventory(inv: Inventory): Array<[string, string]> {
  const { cpu, memory, cgroup, system } = inv;
  const rows: Array<[string, string]> = [
    ['cpu', cpu.model ?? UNKNOWN],
    ['topology', `${show(cpu.sockets)} socket(s), ${show(cpu.cores)} cores, ${show(cpu.threads)} threads, ${show(cpu.numaNodes)} NUMA node(s)${cpu.availableCpus != null && cpu.threads !== null && cpu.availableCpus < cpu.threads ? `; this process may use ${cpu.availableCpus}` : ''}`],
  ];
  if (cpu.frequencyPolicies.length === 0) {
    rows.push(['frequency', `${cpu.cpuinfoMhz === null ? UNKNOWN : `${cpu.cpuinfoMhz} MHz (cpuinfo)`}; no cpufreq governor (VM?)`]);
  }
  for (const p of cpu.frequencyPolicies) {
    rows.push([`${p.policy} (cpus ${p.cpus ?? '?'})`, `${p.governor ?? UNKNOWN}, ${show(p.currentMhz)} MHz now, ${show(p.minMhz)}–${show(p.maxMhz)} MHz`]);
  }
  const speed = [memory.type, memory.speedMts === null ? null : `${memory.speedMts} MT/s`].filter(Boolean).join(' ');
  rows.push(['memory', `${formatBytes(memory.totalBytes)}${speed ? `, ${speed}` : ''}`]);
  for (const d of inv.disks) {
    const kind = d.rotational === null ? UNKNOWN : d.rotational ? 'rotational' : 'non-rotational';
    rows.push([`disk ${d.name}`, `${d.model ?? 'model ?'}, ${d.sizeBytes === null ? UNKNOWN : formatBytes(d.sizeBytes)}, ${kind}, scheduler ${d.scheduler ?? UNKNOWN}`]);
  }
  for (const n of inv.nics) {
    rows.push([`nic ${n.name}`, `${n.speedMbps === null ? 'speed ?' : `${n.speedMbps} Mb/s`}, MTU ${show(n.mtu)}${n.virtual ? ', virtual' : ''}`]);
  }
  rows.push(
    ['kernel', system.kernel],
    ['os', `${system.os ?? UNKNOWN} (${system.arch})`],
    ['virtualization', `${system.virtualization}${system.container ? ', in a container' : ''}`],
    ['cgroup', cgroup.version === null ? UNKNOWN : `v${cgroup.version}`],
    ['cpu quota', cgroup.cpuQuota === null ? UNKNOWN : cgroup.cpuQuota.cpus === null ? 'unlimited' : `${round2(cgroup.cpuQuota.cpus)} CPUs (${cgroup.cpuQuota.quotaUs} µs per ${cgroup.cpuQuota.periodUs} µs)`],
    ['memory limit', cgroup.memoryLimitBytes === null ? (cgroup.version === null ? UNKNOWN : 'unlimited') : formatBytes(cgroup.memoryLimitBytes)],
    ['cfs throttling', cgroup.throttling === null ? UNKNOWN : describeThrottling(cgroup.throttling)],
  );
  return rows;
}

function describeThrottling(t: { nrPeriods: number; nrThrottled: number; throttledUsec: number }): string {
  const pct = t.nrPeriods > 0 ? ` (${((t.nrThrottled / t.nrPeriods) * 100).toFixed(1)}%)` : '';
  return `${t.nrThrottled} of ${t.nrPeriods} periods throttled${pct}, ${(t.throttledUsec / 1e6).toFixed(1)} s`;
}

function show(x: number | null): string {
  return x === null ? UNKNOWN : String(x);
}

function round2(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
