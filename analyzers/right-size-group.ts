// Pods → workloads. kube-state-metrics' owner series are followed when present (pod → ReplicaSet →
// Deployment, pod → Job → CronJob, pod → StatefulSet/DaemonSet/…); a pod without them is placed
// by its name (workload-name.ts). Each container of a workload is sized on its own.
import type { OwnerRef, PodContainerUsage, UsageInput } from './right-size-types.js';
import { cronJobFromJobName, deploymentFromReplicaSetName, workloadFromPodName } from './workload-name.js';

export interface WorkloadRef {
  namespace: string;
  name: string;
  kind: string | null;
  groupedBy: 'owner' | 'name';
}

export interface WorkloadContainer {
  workload: WorkloadRef;
  container: string;
  /** The pods' series, sorted by pod name. */
  pods: PodContainerUsage[];
}

/** kube-state-metrics writes this owner kind for objects without an owner. */
const NO_OWNER = '<none>';

export interface OwnerIndex {
  pods: Map<string, OwnerRef>;
  replicaSets: Map<string, OwnerRef>;
  jobs: Map<string, OwnerRef>;
}

const keyOf = (namespace: string, name: string): string => `${namespace}\u0000${name}`;

/** One owner per object: a real owner beats `<none>`, then the alphabetically first, so the result never depends on query order. */
function indexBy(refs: readonly OwnerRef[]): Map<string, OwnerRef> {
  const out = new Map<string, OwnerRef>();
  const rank = (r: OwnerRef): string => `${r.ownerKind === NO_OWNER ? 1 : 0}${r.ownerKind}/${r.ownerName}`;
  for (const r of refs) {
    const k = keyOf(r.namespace, r.name);
    const had = out.get(k);
    if (!had || rank(r) < rank(had)) out.set(k, r);
  }
  return out;
}

export function indexOwners(input: Pick<UsageInput, 'podOwners' | 'replicaSetOwners' | 'jobOwners'>): OwnerIndex {
  return { pods: indexBy(input.podOwners), replicaSets: indexBy(input.replicaSetOwners), jobs: indexBy(input.jobOwners) };
}

/** The workload of one pod: through its owners when the index knows the pod, else from its name. */
export function resolveWorkload(namespace: string, pod: string, owners: OwnerIndex): WorkloadRef {
  const own = owners.pods.get(keyOf(namespace, pod));
  if (!own) {
    const byName = workloadFromPodName(pod);
    return { namespace, name: byName.name, kind: byName.kind, groupedBy: 'name' };
  }
  const viaOwner = (name: string, kind: string | null): WorkloadRef => ({ namespace, name, kind, groupedBy: 'owner' });
  switch (own.ownerKind) {
    case NO_OWNER:
      return viaOwner(pod, 'Pod');
    case 'ReplicaSet': {
      const rs = owners.replicaSets.get(keyOf(namespace, own.ownerName));
      if (rs) return rs.ownerKind === NO_OWNER ? viaOwner(own.ownerName, 'ReplicaSet') : viaOwner(rs.ownerName, rs.ownerKind);
      const deployment = deploymentFromReplicaSetName(own.ownerName);
      return deployment ? viaOwner(deployment, 'Deployment') : viaOwner(own.ownerName, 'ReplicaSet');
    }
    case 'Job': {
      const job = owners.jobs.get(keyOf(namespace, own.ownerName));
      if (job) return job.ownerKind === NO_OWNER ? viaOwner(own.ownerName, 'Job') : viaOwner(job.ownerName, job.ownerKind);
      const cronJob = cronJobFromJobName(own.ownerName);
      return cronJob ? viaOwner(cronJob, 'CronJob') : viaOwner(own.ownerName, 'Job');
    }
    case 'Node': {
      // A static pod's mirror is named <manifest name>-<node name>; its replicas on other nodes are one workload.
      const suffix = `-${own.ownerName}`;
      return viaOwner(pod.endsWith(suffix) && pod.length > suffix.length ? pod.slice(0, -suffix.length) : pod, 'StaticPod');
    }
    default:
      return viaOwner(own.ownerName, own.ownerKind);
  }
}

/** Every (workload, container) with the series of its pods, in namespace, workload, container order. */
export function groupByWorkload(input: Pick<UsageInput, 'usage' | 'podOwners' | 'replicaSetOwners' | 'jobOwners'>): WorkloadContainer[] {
  const owners = indexOwners(input);
  const groups = new Map<string, WorkloadContainer>();
  for (const u of input.usage) {
    const ref = resolveWorkload(u.namespace, u.pod, owners);
    const k = `${keyOf(ref.namespace, ref.name)}\u0000${u.container}`;
    const g = groups.get(k);
    if (!g) {
      groups.set(k, { workload: ref, container: u.container, pods: [u] });
      continue;
    }
    g.pods.push(u);
    // Pods of one workload placed partly by owner and partly by name: the owner's word on the kind wins.
    if (ref.groupedBy === 'owner' && g.workload.groupedBy === 'name') g.workload = ref;
    else if (g.workload.kind === null && ref.kind !== null) g.workload = { ...g.workload, kind: ref.kind };
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  for (const g of groups.values()) g.pods.sort((a, b) => cmp(a.pod, b.pod));
  return [...groups.values()].sort(
    (a, b) => cmp(a.workload.namespace, b.workload.namespace) || cmp(a.workload.name, b.workload.name) || cmp(a.container, b.container),
  );
}
