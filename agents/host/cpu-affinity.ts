// The CPUs this process may run on (taskset, cpusets), from /proc/self/status. Loopback network
// tests use it to put the two ends on different CPUs: left to the scheduler, an iperf3 client and
// server on a 2-CPU host sometimes share one CPU and the figure halves (10 vs 20 Gbit/s here, for
// a few seconds after the disk suite), which is placement, not the network stack.
import { readFile } from 'node:fs/promises';

/** "0-3,8,10-11" → [0, 1, 2, 3, 8, 10, 11]; null when the text is not a CPU list. */
export function parseCpuList(text: string): number[] | null {
  const cpus: number[] = [];
  for (const part of text.trim().split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi - lo > 4096) return null;
    for (let c = lo; c <= hi; c++) cpus.push(c);
  }
  return cpus.length > 0 ? cpus : null;
}

/** The allowed CPUs, or null where /proc says nothing (not Linux). */
export async function readAllowedCpus(statusFile = '/proc/self/status'): Promise<number[] | null> {
  try {
    const line = (await readFile(statusFile, 'utf8')).split('\n').find((l) => l.startsWith('Cpus_allowed_list:'));
    return line ? parseCpuList(line.slice('Cpus_allowed_list:'.length)) : null;
  } catch {
    return null;
  }
}
