// CPU: model and topology from /proc/cpuinfo, NUMA nodes from /sys/devices/system/node, and the
// cpufreq policies (frequency and governor) from /sys/devices/system/cpu/cpufreq.
import { countCpuList, parseCpuinfo, parseInteger } from './parse.js';
import type { SysReader } from './sys-reader.js';
import type { CpuFrequencyPolicy, CpuInventory, InventoryNote } from './types.js';

const CPUFREQ_DIR = '/sys/devices/system/cpu/cpufreq';

export async function collectCpu(reader: SysReader, notes: InventoryNote[], fallbackThreads: number): Promise<CpuInventory & { hypervisorFlag: boolean }> {
  const cpuinfoText = await reader.text('/proc/cpuinfo');
  if (cpuinfoText === null) notes.push({ field: 'cpu', reason: '/proc/cpuinfo is not readable' });
  const info = parseCpuinfo(cpuinfoText ?? '');
  const threads = info.threads > 0 ? info.threads : fallbackThreads;
  if (info.sockets === null) notes.push({ field: 'cpu.sockets', reason: '/proc/cpuinfo has no "physical id" lines' });
  if (info.cores === null) notes.push({ field: 'cpu.cores', reason: '/proc/cpuinfo has no "core id" lines' });

  const onlineNodes = await reader.text('/sys/devices/system/node/online');
  const numaNodes = onlineNodes === null ? null : countCpuList(onlineNodes);
  if (numaNodes === null) notes.push({ field: 'cpu.numaNodes', reason: '/sys/devices/system/node/online is missing or malformed' });

  const frequencyPolicies = await collectFrequencyPolicies(reader);
  if (frequencyPolicies.length === 0) {
    notes.push({ field: 'cpu.frequencyPolicies', reason: `${CPUFREQ_DIR} has no policies: no cpufreq driver (usual in VMs), so no governor or frequency limits to report` });
  }
  return {
    model: info.model,
    sockets: info.sockets,
    cores: info.cores,
    threads,
    threadsPerCore: info.cores !== null && info.cores > 0 ? threads / info.cores : null,
    numaNodes,
    frequencyPolicies,
    cpuinfoMhz: info.meanMhz,
    hypervisorFlag: info.hypervisor,
  };
}

async function collectFrequencyPolicies(reader: SysReader): Promise<CpuFrequencyPolicy[]> {
  const names = (await reader.list(CPUFREQ_DIR)) ?? [];
  const policies: CpuFrequencyPolicy[] = [];
  for (const policy of names.filter((n) => /^policy\d+$/.test(n))) {
    const dir = `${CPUFREQ_DIR}/${policy}`;
    const [cpus, governor, cur, min, max] = await Promise.all(
      ['affected_cpus', 'scaling_governor', 'scaling_cur_freq', 'scaling_min_freq', 'scaling_max_freq'].map((f) => reader.text(`${dir}/${f}`)),
    );
    policies.push({
      policy,
      cpus: cpus?.trim() || null,
      governor: governor?.trim() || null,
      currentMhz: khzToMhz(cur),
      minMhz: khzToMhz(min),
      maxMhz: khzToMhz(max),
    });
  }
  return policies.sort((a, b) => Number(a.policy.slice(6)) - Number(b.policy.slice(6)));
}

function khzToMhz(text: string | null | undefined): number | null {
  const khz = text == null ? null : parseInteger(text);
  return khz === null ? null : Math.round(khz / 1000);
}
