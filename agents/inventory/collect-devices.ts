// Block devices and network interfaces from /sys. Devices with no hardware behind them (loop, zram,
// device-mapper) are left out of disks; virtual NICs are kept and marked, since a pod's eth0 is one.
import { parseInteger, parseScheduler } from './parse.js';
import type { SysReader } from './sys-reader.js';
import type { DiskInventory, InventoryNote, NicInventory } from './types.js';

const SECTOR_BYTES = 512; // /sys/block/X/size is in 512-byte sectors whatever the device's block size

export async function collectDisks(reader: SysReader, notes: InventoryNote[]): Promise<DiskInventory[]> {
  const names = await reader.list('/sys/block');
  if (names === null) {
    notes.push({ field: 'disks', reason: '/sys/block is not readable' });
    return [];
  }
  const disks: DiskInventory[] = [];
  for (const name of names) {
    const dir = `/sys/block/${name}`;
    const device = await reader.resolve(`${dir}/device`);
    if (device === null) continue;
    const [model, size, rotational, scheduler] = await Promise.all(
      ['device/model', 'size', 'queue/rotational', 'queue/scheduler'].map((f) => reader.text(`${dir}/${f}`)),
    );
    const sectors = size == null ? null : parseInteger(size);
    const rot = rotational == null ? null : parseInteger(rotational);
    disks.push({
      name,
      model: model?.trim() || null,
      sizeBytes: sectors === null ? null : sectors * SECTOR_BYTES,
      rotational: rot === null ? null : rot === 1,
      scheduler: scheduler == null ? null : parseScheduler(scheduler),
    });
  }
  if (disks.length === 0) notes.push({ field: 'disks', reason: 'no block device in /sys/block has a hardware device behind it' });
  return disks;
}

export async function collectNics(reader: SysReader, notes: InventoryNote[]): Promise<NicInventory[]> {
  const names = await reader.list('/sys/class/net');
  if (names === null) {
    notes.push({ field: 'nics', reason: '/sys/class/net is not readable' });
    return [];
  }
  const nics: NicInventory[] = [];
  for (const name of names) {
    const dir = `/sys/class/net/${name}`;
    const [real, speed, mtu] = await Promise.all([reader.resolve(dir), reader.text(`${dir}/speed`), reader.text(`${dir}/mtu`)]);
    const mbps = speed == null ? null : parseInteger(speed);
    nics.push({
      name,
      // Reading `speed` of a down link fails and virtio reports -1: both mean "unknown".
      speedMbps: mbps !== null && mbps > 0 ? mbps : null,
      mtu: mtu == null ? null : parseInteger(mtu),
      virtual: real === null || real.includes('/devices/virtual/'),
    });
  }
  return nics;
}
