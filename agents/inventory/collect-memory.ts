// Memory: total from the kernel (os.totalmem, the same figure as MemTotal), speed and type from
// systeminformation's memLayout when the DMI tables are readable (often not in VMs or without root).
import si from 'systeminformation';
import type { InventoryNote, MemoryInventory } from './types.js';

export type MemoryLayoutReader = () => Promise<Array<{ clockSpeed?: number | null; type?: string | null; size?: number }>>;

// memLayout may spawn dmidecode; a slow or hung one must not hold the inventory up.
const LAYOUT_TIMEOUT_MS = 800;

export const SI_MEMORY_LAYOUT: MemoryLayoutReader = () => si.memLayout();

export async function collectMemory(totalBytes: number, readLayout: MemoryLayoutReader, notes: InventoryNote[]): Promise<MemoryInventory> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), LAYOUT_TIMEOUT_MS);
  });
  let layout: Awaited<ReturnType<MemoryLayoutReader>> | 'timeout' | 'error';
  try {
    layout = await Promise.race([readLayout(), timeout]);
  } catch {
    layout = 'error';
  } finally {
    clearTimeout(timer);
  }
  if (layout === 'timeout' || layout === 'error') {
    notes.push({ field: 'memory.speedMts', reason: `systeminformation memLayout ${layout === 'timeout' ? `took over ${LAYOUT_TIMEOUT_MS} ms` : 'failed'}` });
    return { totalBytes, speedMts: null, type: null };
  }
  const speeds = layout.map((d) => d.clockSpeed ?? 0).filter((s) => s > 0);
  const types = [...new Set(layout.map((d) => d.type ?? '').filter((t) => t !== '' && t !== 'Unknown'))];
  const speedMts = speeds.length > 0 ? Math.min(...speeds) : null;
  const type = types.length > 0 ? types.join('/') : null;
  if (speedMts === null || type === null) notes.push({ field: 'memory.speedMts', reason: 'the DMI memory tables give no speed or type (usual in VMs, or dmidecode needs root)' });
  return { totalBytes, speedMts, type };
}
