// Kernel, OS, virtualization and container markers: /etc/os-release, /sys/class/dmi/id,
// /sys/hypervisor and the cpuinfo `hypervisor` flag; no child processes.
import { parseOsRelease } from './parse.js';
import type { SysReader } from './sys-reader.js';
import type { InventoryNote, SystemInventory } from './types.js';

export interface HostFacts {
  hostname: string;
  kernel: string;
  arch: string;
  env: Record<string, string | undefined>;
}

// DMI vendor/product substrings → the name systemd-detect-virt would print.
const DMI_VIRT: Array<[RegExp, string]> = [
  [/kvm|qemu|openstack/i, 'kvm'],
  [/vmware/i, 'vmware'],
  [/virtualbox|innotek/i, 'oracle'],
  [/microsoft corporation.*virtual|hyper-v/i, 'microsoft'],
  [/xen/i, 'xen'],
  [/amazon ec2/i, 'amazon'],
  [/google compute engine/i, 'google'],
  [/parallels/i, 'parallels'],
];

export async function collectSystem(reader: SysReader, notes: InventoryNote[], facts: HostFacts, hypervisorFlag: boolean): Promise<SystemInventory> {
  const osText = (await reader.text('/etc/os-release')) ?? (await reader.text('/usr/lib/os-release'));
  const os = osText === null ? null : parseOsRelease(osText);
  if (os === null) notes.push({ field: 'system.os', reason: '/etc/os-release is missing or has no NAME' });

  const virtualization = await detectVirtualization(reader, hypervisorFlag);
  if (virtualization === 'vm') notes.push({ field: 'system.virtualization', reason: 'the cpuinfo hypervisor flag is set but neither /sys/class/dmi/id nor /sys/hypervisor names the hypervisor' });

  const markers = await Promise.all(['/.dockerenv', '/run/.containerenv'].map((p) => reader.resolve(p)));
  const container = markers.some((m) => m !== null) || facts.env.KUBERNETES_SERVICE_HOST !== undefined;
  return { hostname: facts.hostname, kernel: facts.kernel, os, arch: facts.arch, virtualization, container };
}

async function detectVirtualization(reader: SysReader, hypervisorFlag: boolean): Promise<string> {
  const dmi = await Promise.all(['sys_vendor', 'product_name', 'bios_vendor'].map((f) => reader.text(`/sys/class/dmi/id/${f}`)));
  const dmiText = dmi.filter((t): t is string => t !== null).join(' ');
  for (const [pattern, name] of DMI_VIRT) if (pattern.test(dmiText)) return name;
  const hypervisorType = (await reader.text('/sys/hypervisor/type'))?.trim();
  if (hypervisorType) return hypervisorType;
  // The CPU says it runs under a hypervisor but nothing names it (no DMI in many cloud sandboxes).
  return hypervisorFlag ? 'vm' : 'none';
}
