import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCpuList, readAllowedCpus } from './cpu-affinity.js';

describe('parseCpuList', () => {
  it('reads ranges and single CPUs as the kernel writes them', () => {
    expect(parseCpuList('0-1')).toEqual([0, 1]);
    expect(parseCpuList('0')).toEqual([0]);
    expect(parseCpuList(' 0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
  });

  it('refuses what is not a CPU list', () => {
    expect(parseCpuList('')).toBeNull();
    expect(parseCpuList('3-1')).toBeNull();
    expect(parseCpuList('a-b')).toBeNull();
  });
});

describe('readAllowedCpus', () => {
  it('reads Cpus_allowed_list from a status file, null when it is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-affinity-'));
    const file = join(dir, 'status');
    writeFileSync(file, 'Name:\tnode\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed_list:\t0\n');
    expect(await readAllowedCpus(file)).toEqual([0, 1]);
    expect(await readAllowedCpus(join(dir, 'absent'))).toBeNull();
  });

  it('reads this process', async () => {
    const cpus = await readAllowedCpus();
    if (process.platform === 'linux') expect(cpus!.length).toBeGreaterThan(0);
  });
});
