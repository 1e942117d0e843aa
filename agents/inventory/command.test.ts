import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { inventoryCommand, registerInventoryCommand } from './command.js';
import { readerFromFiles } from './sys-reader.js';

const sources = {
  reader: readerFromFiles({
    '/proc/self/cgroup': '0::/pod\n',
    '/sys/fs/cgroup/cgroup.controllers': 'cpu memory\n',
    '/sys/fs/cgroup/pod/cgroup.procs': '1\n',
    '/sys/fs/cgroup/pod/cpu.max': '100000 100000\n',
    '/sys/fs/cgroup/pod/cpu.stat': 'nr_periods 100\nnr_throttled 10\nthrottled_usec 500000\n',
    '/proc/cpuinfo': 'processor\t: 0\nmodel name\t: Y\n\nprocessor\t: 1\nmodel name\t: Y\n',
  }),
  readMemoryLayout: async () => [],
  facts: { hostname: 'h', kernel: '6.1.0', arch: 'x64', env: {}, totalMemBytes: 2 ** 30, logicalCpus: 2 },
};

function capture(): { write(t: string): void; text: string } {
  return { text: '', write(t) { this.text += t; } };
}

describe('headroom inventory', () => {
  it('--json prints schemaVersion, the inventory and the warnings, and exits 0 despite warnings', async () => {
    const out = capture();
    const { exitCode } = await inventoryCommand({ json: true, stdout: out, sources });
    expect(exitCode).toBe(0);
    const parsed = JSON.parse(out.text);
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.inventory.cgroup.cpuQuota.cpus).toBe(1);
    const fields = parsed.warnings.map((w: { field: string }) => w.field);
    expect(fields).toEqual(expect.arrayContaining(['cgroup.cpuQuota', 'cgroup.throttling']));
    for (const w of parsed.warnings) expect(Object.keys(w).sort()).toEqual(['field', 'hint', 'message', 'severity']);
  });

  it('text output is the table with its findings', async () => {
    const out = capture();
    await inventoryCommand({ json: false, stdout: out, sources });
    expect(out.text).toMatch(/^host h\n/);
    expect(out.text).toContain('cpu quota       1 CPUs (100000 µs per 100000 µs)');
    expect(out.text).toContain('WARN cgroup.throttling');
  });

  it('registers an `inventory` subcommand with --json', () => {
    const program = new Command('headroom');
    registerInventoryCommand(program);
    const cmd = program.commands.find((c) => c.name() === 'inventory');
    expect(cmd?.options.map((o) => o.long)).toEqual(['--json']);
  });
});
