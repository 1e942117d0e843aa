// `headroom inventory [--json]`: what this host is, and what about it could skew benchmark figures.
// Warnings never change the exit code: the inventory explains results, it does not judge them.
import type { Command } from 'commander';
import { findInventoryWarnings, type InventoryWarning } from '../../analyzers/inventory-warnings.js';
import { formatInventoryText } from '../../reports/inventory-text.js';
import { collectInventory, hostSources, type InventorySources } from './collect-inventory.js';
import type { Inventory } from './types.js';

export const INVENTORY_SCHEMA_VERSION = 1;

export interface InventoryReport {
  schemaVersion: typeof INVENTORY_SCHEMA_VERSION;
  inventory: Inventory;
  warnings: InventoryWarning[];
}

export interface InventoryOptions {
  json: boolean;
  stdout: { write(text: string): unknown };
  sources?: InventorySources;
}

/** Collects, analyses and prints; returns the exit code (always 0) and the report for callers that embed it. */
export async function inventoryCommand(opts: InventoryOptions): Promise<{ exitCode: number; report: InventoryReport }> {
  const inventory = await collectInventory(opts.sources ?? hostSources());
  const warnings = findInventoryWarnings(inventory);
  const report: InventoryReport = { schemaVersion: INVENTORY_SCHEMA_VERSION, inventory, warnings };
  opts.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatInventoryText(inventory, warnings));
  return { exitCode: 0, report };
}

export function registerInventoryCommand(program: Command): void {
  program
    .command('inventory')
    .description('Describe this host (CPU, governor, memory, disks, NICs, kernel, cgroup limits and throttling) and warn about what skews benchmarks.')
    .option('--json', 'print { schemaVersion, inventory, warnings } as JSON')
    .addHelpText('after', `
Reads /proc and /sys (no child processes); a field it cannot read is null and listed under notes.
Warnings (powersave governor, CPU quota below the CPU count, CFS throttling, rotational disks,
a memory limit below host memory) explain results and never change the exit code (0).`)
    .action(async (opts: { json?: boolean }) => {
      const { exitCode } = await inventoryCommand({ json: Boolean(opts.json), stdout: process.stdout });
      process.exitCode = exitCode;
    });
}
