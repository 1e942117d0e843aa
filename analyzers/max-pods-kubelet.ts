// The kubelet configuration that applies a maxPods recommendation, with the reservations it
// assumed, so what the node reports as allocatable matches what the numbers were computed from.
import { describeBytes, formatCpuQuantity, formatMemoryQuantity, MIB, type Allocatable, type Resources } from './kube-reserved.js';

function reservedBlock(key: string, r: Resources): string[] {
  const lines: string[] = [];
  if (r.cpuCores > 0) lines.push(`  cpu: "${formatCpuQuantity(r.cpuCores)}"`);
  if (r.memoryBytes > 0) {
    const exactMi = Number.isInteger(r.memoryBytes / MIB);
    lines.push(`  memory: "${formatMemoryQuantity(r.memoryBytes)}"${exactMi ? '' : `  # ${describeBytes(r.memoryBytes)}`}`);
  }
  return lines.length ? [`${key}:`, ...lines] : [];
}

/** A KubeletConfiguration fragment (the file given to the kubelet's --config). */
export function renderKubeletConfig(maxPods: number, alloc: Allocatable): string {
  return [
    '# Merge into the kubelet config file (kubelet --config); reservations as the maxPods figures assumed.',
    'apiVersion: kubelet.config.k8s.io/v1beta1',
    'kind: KubeletConfiguration',
    `maxPods: ${maxPods}`,
    ...reservedBlock('kubeReserved', alloc.kubeReserved),
    ...reservedBlock('systemReserved', alloc.systemReserved),
    '# Setting evictionHard replaces all its defaults, so the usual ones are repeated here.',
    'evictionHard:',
    `  memory.available: "${formatMemoryQuantity(alloc.evictionMemoryBytes)}"`,
    '  nodefs.available: "10%"',
    '  nodefs.inodesFree: "5%"',
    '  imagefs.available: "15%"',
    '',
  ].join('\n');
}
