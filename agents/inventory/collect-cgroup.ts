// The current process's cgroup: version, CPU quota, memory limit and CFS throttling counters.
// Limits are the tightest along the path to the root, since a parent's limit binds its children.
import { parseCfsQuota, parseCpuMax, parseCpuStat, parseMemoryLimit, parseProcCgroup, type MemoryLimit } from './parse.js';
import type { SysReader } from './sys-reader.js';
import type { CfsThrottling, CgroupInventory, CpuQuota, InventoryNote } from './types.js';

const ROOT = '/sys/fs/cgroup';

export async function collectCgroup(reader: SysReader, notes: InventoryNote[]): Promise<CgroupInventory> {
  const procText = await reader.text('/proc/self/cgroup');
  if (procText === null) {
    notes.push({ field: 'cgroup', reason: '/proc/self/cgroup is not readable' });
    return { version: null, cpuPath: null, memoryPath: null, cpuQuota: null, memoryLimitBytes: null, throttling: null };
  }
  const proc = parseProcCgroup(procText);
  // Hybrid hosts list a `0::` line too, but only a pure v2 mount has cgroup.controllers at the root.
  if ((await reader.text(`${ROOT}/cgroup.controllers`)) !== null) return collectV2(reader, notes, proc.unified ?? '/');
  const cpuMount = await firstListed(reader, [`${ROOT}/cpu`, `${ROOT}/cpu,cpuacct`]);
  if (cpuMount !== null || proc.controllers.size > 0) {
    return collectV1(reader, notes, cpuMount, proc.controllers.get('cpu') ?? null, proc.controllers.get('memory') ?? null);
  }
  notes.push({ field: 'cgroup.version', reason: `${ROOT} has neither cgroup.controllers (v2) nor a cpu controller mount (v1)` });
  return { version: null, cpuPath: null, memoryPath: null, cpuQuota: null, memoryLimitBytes: null, throttling: null };
}

async function collectV2(reader: SysReader, notes: InventoryNote[], path: string): Promise<CgroupInventory> {
  const dir = await existingDir(reader, ROOT, path, 'cgroup.procs');
  if (dir.fellBack) notes.push({ field: 'cgroup.cpuPath', reason: `${ROOT}${path} is not visible here (cgroup namespace); read ${ROOT} instead` });
  const dirs = ancestors(ROOT, dir.relative);
  const quotas = await Promise.all(dirs.map(async (d) => parseOrNull(await reader.text(`${d}/cpu.max`), parseCpuMax)));
  const limits = await Promise.all(dirs.map(async (d) => parseOrNull(await reader.text(`${d}/memory.max`), parseMemoryLimit)));
  const throttling = parseOrNull(await reader.text(`${dirs[0]}/cpu.stat`), parseCpuStat);
  if (throttling === null) notes.push({ field: 'cgroup.throttling', reason: `${dirs[0]}/cpu.stat has no nr_throttled (cpu controller not enabled for this cgroup)` });
  return { version: 2, cpuPath: path, memoryPath: path, cpuQuota: tightestQuota(quotas), memoryLimitBytes: tightestLimit(limits), throttling };
}

async function collectV1(reader: SysReader, notes: InventoryNote[], cpuMount: string | null, cpuPath: string | null, memoryPath: string | null): Promise<CgroupInventory> {
  let cpuQuota: CpuQuota | null = null;
  let throttling: CfsThrottling | null = null;
  if (cpuMount === null || cpuPath === null) {
    notes.push({ field: 'cgroup.cpuQuota', reason: 'no v1 cpu controller is mounted or assigned to this process' });
  } else {
    const dir = await existingDir(reader, cpuMount, cpuPath, 'cpu.cfs_period_us');
    const dirs = ancestors(cpuMount, dir.relative);
    const quotas = await Promise.all(dirs.map(async (d) => {
      const [q, p] = await Promise.all([reader.text(`${d}/cpu.cfs_quota_us`), reader.text(`${d}/cpu.cfs_period_us`)]);
      return q === null || p === null ? null : parseCfsQuota(q, p);
    }));
    cpuQuota = tightestQuota(quotas);
    throttling = parseOrNull(await reader.text(`${dirs[0]}/cpu.stat`), parseCpuStat);
    if (throttling === null) notes.push({ field: 'cgroup.throttling', reason: `${dirs[0]}/cpu.stat is missing or has no nr_throttled` });
  }
  let memoryLimitBytes: number | null = null;
  const memMount = `${ROOT}/memory`;
  if (memoryPath === null || (await reader.list(memMount)) === null) {
    notes.push({ field: 'cgroup.memoryLimitBytes', reason: 'no v1 memory controller is mounted or assigned to this process' });
  } else {
    const dir = await existingDir(reader, memMount, memoryPath, 'memory.limit_in_bytes');
    const limits = await Promise.all(ancestors(memMount, dir.relative).map(async (d) => parseOrNull(await reader.text(`${d}/memory.limit_in_bytes`), parseMemoryLimit)));
    memoryLimitBytes = tightestLimit(limits);
  }
  return { version: 1, cpuPath, memoryPath, cpuQuota, memoryLimitBytes, throttling };
}

/** mount+path when it holds `probe`; else the mount root (inside a cgroup namespace the host path is not visible). */
async function existingDir(reader: SysReader, mount: string, path: string, probe: string): Promise<{ relative: string; fellBack: boolean }> {
  const rel = path === '/' ? '' : path.replace(/\/$/, '');
  if (rel === '' || (await reader.text(`${mount}${rel}/${probe}`)) !== null) return { relative: rel, fellBack: false };
  return { relative: '', fellBack: true };
}

/** The directory and each parent up to the mount, leaf first. */
function ancestors(mount: string, relative: string): [string, ...string[]] {
  const parts = relative.split('/').filter(Boolean);
  const dirs: [string, ...string[]] = [`${mount}${relative}`];
  for (let i = parts.length - 1; i >= 0; i--) dirs.push(`${mount}${parts.slice(0, i).map((p) => `/${p}`).join('')}`);
  return dirs;
}

function tightestQuota(quotas: Array<CpuQuota | null>): CpuQuota | null {
  const read = quotas.filter((q): q is CpuQuota => q !== null);
  const limited = read.filter((q) => q.cpus !== null).sort((a, b) => (a.cpus ?? 0) - (b.cpus ?? 0));
  return limited[0] ?? read[0] ?? { quotaUs: null, periodUs: 100_000, cpus: null };
}

function tightestLimit(limits: Array<MemoryLimit | null>): number | null {
  const bytes = limits.flatMap((l) => (l !== null && l.limited ? [l.bytes] : []));
  return bytes.length > 0 ? Math.min(...bytes) : null;
}

function parseOrNull<T>(text: string | null, parse: (t: string) => T | null): T | null {
  return text === null ? null : parse(text);
}

async function firstListed(reader: SysReader, dirs: string[]): Promise<string | null> {
  for (const d of dirs) if ((await reader.list(d)) !== null) return d;
  return null;
}
