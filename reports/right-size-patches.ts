// One strategic-merge patch per workload, ready for `kubectl patch --patch-file`. Containers are
// merged by name, so only the named containers' resources change; `cpu: null` under limits removes
// a CPU limit (the Burstable policy), which a merge patch expresses by null.
import { stringify } from 'yaml';
import type { ContainerRecommendation, RightSizeResult } from '../analyzers/right-size-types.js';
import { describeSpan, formatCpuQuantity, formatMemoryQuantity } from '../analyzers/right-size-quantity.js';

export interface PatchFile {
  /** Relative to the patches folder: <namespace>/<kind>-<workload>.yaml. */
  path: string;
  namespace: string;
  workload: string;
  kind: string | null;
  yaml: string;
}

export interface UnpatchedWorkload {
  namespace: string;
  workload: string;
  kind: string | null;
  reason: string;
}

/** Where each kind keeps its pod template; kinds missing here cannot be patched this way. */
const TEMPLATE_PATH: Record<string, string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const NOT_PATCHABLE: Record<string, string> = {
  Job: 'a Job\'s pod template cannot be changed; set the resources where the Job is created',
  Pod: 'a bare pod\'s resources are set where it is created (or by in-place resize on Kubernetes ≥ 1.33)',
  StaticPod: 'a static pod comes from a manifest file on the node; edit the manifest',
};

function containerPatch(r: ContainerRecommendation): Record<string, unknown> {
  return {
    name: r.container,
    resources: {
      requests: { cpu: formatCpuQuantity(r.cpu.request), memory: formatMemoryQuantity(r.memory.request) },
      limits: { cpu: r.cpu.limit === null ? null : formatCpuQuantity(r.cpu.limit), memory: formatMemoryQuantity(r.memory.limit) },
    },
  };
}

function nest(path: readonly string[], leaf: Record<string, unknown>): Record<string, unknown> {
  return path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), leaf);
}

export function buildPatches(result: RightSizeResult, folder = 'patches'): { patches: PatchFile[]; unpatched: UnpatchedWorkload[] } {
  const byWorkload = new Map<string, ContainerRecommendation[]>();
  for (const r of result.workloads) {
    const k = `${r.namespace}/${r.workload}`;
    byWorkload.set(k, [...(byWorkload.get(k) ?? []), r]);
  }
  const patches: PatchFile[] = [];
  const unpatched: UnpatchedWorkload[] = [];
  const end = new Date(result.window.endMs).toISOString().slice(0, 16).replace('T', ' ');
  const windowText = `${describeSpan(result.window.endMs - result.window.startMs)} ending ${end} UTC`;
  for (const recs of byWorkload.values()) {
    const first = recs[0]!;
    const { namespace, workload, kind } = first;
    const templatePath = TEMPLATE_PATH[kind ?? 'Deployment'];
    if (!templatePath) {
      unpatched.push({ namespace, workload, kind, reason: NOT_PATCHABLE[kind!] ?? `${kind} is not a built-in workload kind, and strategic merge patches do not apply to custom resources; set the resources in its pod template` });
      continue;
    }
    const file = `${namespace}/${(kind ?? 'workload').toLowerCase()}-${workload}.yaml`;
    const target = kind ? `${kind.toLowerCase()} ${workload}` : `<KIND> ${workload}`;
    const header = [
      `# headroom recommend resources: ${namespace}/${workload}${kind ? ` (${kind})` : ''}, ${windowText}`,
      ...(kind ? [] : ['# The kind could not be told from the pod names (a DaemonSet or a ReplicaSet?): put it in place of <KIND>.']),
      `# Apply: kubectl -n ${namespace} patch ${target} --patch-file ${folder}/${file}`,
      ...recs.filter((r) => r.confidence === 'low').map((r) => `# Low confidence for ${r.container}: ${r.confidenceReasons.join('; ')}.`),
      ...recs.filter((r) => r.throttled).map((r) => `# ${r.container} was CPU-throttled in ${Math.round((r.evidence.throttledRatio ?? 0) * 1000) / 10}% of periods.`),
    ];
    const body = nest(templatePath, { containers: [...recs].sort((a, b) => (a.container < b.container ? -1 : 1)).map(containerPatch) });
    patches.push({ path: file, namespace, workload, kind, yaml: `${header.join('\n')}\n${stringify(body)}` });
  }
  return { patches, unpatched };
}
