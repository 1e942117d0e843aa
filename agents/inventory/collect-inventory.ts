// Gathers the whole inventory. Each collector reads /proc and /sys through a SysReader and records
// what it could not read in `notes`; only a bug throws, and that is caught here too so a bench
// run never fails for want of an inventory field.
import { arch, hostname, release, totalmem, availableParallelism } from 'node:os';
import { collectCgroup } from './collect-cgroup.js';
import { collectCpu } from './collect-cpu.js';
import { collectDisks, collectNics } from './collect-devices.js';
import { collectMemory, SI_MEMORY_LAYOUT, type MemoryLayoutReader } from './collect-memory.js';
import { collectSystem, type HostFacts } from './collect-system.js';
import { FS_READER, type SysReader } from './sys-reader.js';
import type { Inventory, InventoryNote } from './types.js';

export interface InventorySources {
  reader: SysReader;
  readMemoryLayout: MemoryLayoutReader;
  facts: HostFacts & { totalMemBytes: number; logicalCpus: number };
}

export function hostSources(): InventorySources {
  return {
    reader: FS_READER,
    readMemoryLayout: SI_MEMORY_LAYOUT,
    facts: { hostname: hostname(), kernel: release(), arch: arch(), env: process.env, totalMemBytes: totalmem(), logicalCpus: availableParallelism() },
    // availableParallelism() follows the affinity mask, so a `taskset -c 0` run records 1.
  };
}

export async function collectInventory(sources: InventorySources = hostSources()): Promise<Inventory> {
  const notes: InventoryNote[] = [];
  const { reader, facts } = sources;
  const [cpuResult, memory, disks, nics, cgroup] = await Promise.all([
    guard(() => collectCpu(reader, notes, facts.logicalCpus), null, 'cpu', notes),
    guard(() => collectMemory(facts.totalMemBytes, sources.readMemoryLayout, notes), { totalBytes: facts.totalMemBytes, speedMts: null, type: null }, 'memory', notes),
    guard(() => collectDisks(reader, notes), [], 'disks', notes),
    guard(() => collectNics(reader, notes), [], 'nics', notes),
    guard(() => collectCgroup(reader, notes), { version: null, cpuPath: null, memoryPath: null, cpuQuota: null, memoryLimitBytes: null, throttling: null }, 'cgroup', notes),
  ]);
  const { hypervisorFlag = false, ...cpuRead } = cpuResult ?? {
    model: null, sockets: null, cores: null, threads: facts.logicalCpus, threadsPerCore: null, numaNodes: null, frequencyPolicies: [], cpuinfoMhz: null,
  };
  const cpu = { ...cpuRead, availableCpus: facts.logicalCpus };
  const system = await guard(
    () => collectSystem(reader, notes, facts, hypervisorFlag),
    { hostname: facts.hostname, kernel: facts.kernel, os: null, arch: facts.arch, virtualization: 'unknown', container: false },
    'system',
    notes,
  );
  return { cpu, memory, disks, nics, system, cgroup, notes };
}

async function guard<T>(collect: () => Promise<T>, fallback: T, field: string, notes: InventoryNote[]): Promise<T> {
  try {
    return await collect();
  } catch (err) {
    notes.push({ field, reason: `collector failed: ${err instanceof Error ? err.message : String(err)}` });
    return fallback;
  }
}
