// The real inventory of the machine running the tests: the fields every Linux host must have.
import { release, totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { collectInventory } from './collect-inventory.js';

describe.runIf(process.platform === 'linux')('collectInventory on this Linux host', () => {
  it('reads cores, memory, kernel and the cgroup version without throwing', async () => {
    const inv = await collectInventory();
    expect(inv.cpu.threads).toBeGreaterThanOrEqual(1);
    expect(inv.cpu.cores ?? inv.cpu.threads).toBeGreaterThanOrEqual(1);
    expect(inv.cpu.model).toEqual(expect.any(String));
    expect(inv.memory.totalBytes).toBe(totalmem());
    expect(inv.system.kernel).toBe(release());
    expect([1, 2]).toContain(inv.cgroup.version);
    expect(inv.nics.some((n) => n.name === 'lo' && n.virtual)).toBe(true);
    // Every note names a field and a reason, and the whole thing survives a JSON round trip.
    for (const n of inv.notes) expect(n).toEqual({ field: expect.any(String), reason: expect.any(String) });
    expect(JSON.parse(JSON.stringify(inv))).toEqual(inv);
  });
});
