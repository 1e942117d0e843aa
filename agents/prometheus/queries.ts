// The PromQL right-sizing runs, for cAdvisor and kube-state-metrics v2 names. Each can be replaced
// from the command line (--query-cpu …); a replacement must keep the labels listed here. Templates
// take four placeholders, filled in before the query is sent:
//   $namespace  a label matcher: namespace=~"shop|web" (or namespace!="" for all namespaces)
//   $window     the whole window, e.g. 1209600s (14d)
//   $step       the query resolution, e.g. 300s
//   $rate       the CPU rate interval, e.g. 300s (5 minutes: the policy's "5-minute rate")

export type QueryName = 'cpu' | 'memory' | 'throttled' | 'periods' | 'requests' | 'limits' | 'oom' | 'podOwners' | 'replicaSetOwners' | 'jobOwners';

export interface QuerySpec {
  flag: string;
  /** range: evaluated at every step of the window; instant: once, at its end. */
  type: 'range' | 'instant';
  /** Labels each result series must carry. */
  labels: readonly string[];
  promql: string;
  help: string;
}

const CONTAINER = 'container!="", container!="POD", $namespace';

export const QUERIES: Record<QueryName, QuerySpec> = {
  cpu: {
    flag: '--query-cpu',
    type: 'range',
    labels: ['namespace', 'pod', 'container'],
    promql: `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{${CONTAINER}}[$rate]))`,
    help: 'CPU used, cores, per pod container and step',
  },
  memory: {
    flag: '--query-memory',
    type: 'range',
    labels: ['namespace', 'pod', 'container'],
    // max_over_time over one step, so a spike between two evaluation points still counts toward the peak.
    promql: `max by (namespace, pod, container) (max_over_time(container_memory_working_set_bytes{${CONTAINER}}[$step]))`,
    help: 'largest working set, bytes, per pod container and step',
  },
  throttled: {
    flag: '--query-throttled',
    type: 'instant',
    labels: ['namespace', 'pod', 'container'],
    promql: `sum by (namespace, pod, container) (increase(container_cpu_cfs_throttled_periods_total{${CONTAINER}}[$window]))`,
    help: 'CFS periods throttled over the window',
  },
  periods: {
    flag: '--query-periods',
    type: 'instant',
    labels: ['namespace', 'pod', 'container'],
    promql: `sum by (namespace, pod, container) (increase(container_cpu_cfs_periods_total{${CONTAINER}}[$window]))`,
    help: 'CFS periods over the window',
  },
  requests: {
    flag: '--query-requests',
    type: 'instant',
    labels: ['namespace', 'pod', 'container', 'resource'],
    promql: 'max by (namespace, pod, container, resource) (last_over_time(kube_pod_container_resource_requests{resource=~"cpu|memory", $namespace}[$window]))',
    help: 'current requests (resource="cpu" in cores, "memory" in bytes)',
  },
  limits: {
    flag: '--query-limits',
    type: 'instant',
    labels: ['namespace', 'pod', 'container', 'resource'],
    promql: 'max by (namespace, pod, container, resource) (last_over_time(kube_pod_container_resource_limits{resource=~"cpu|memory", $namespace}[$window]))',
    help: 'current limits (as requests)',
  },
  oom: {
    flag: '--query-oom',
    type: 'instant',
    labels: ['namespace', 'pod', 'container'],
    promql: 'max by (namespace, pod, container) (max_over_time(kube_pod_container_status_last_terminated_reason{reason="OOMKilled", $namespace}[$window])) > 0',
    help: 'containers whose last termination was an OOM kill',
  },
  podOwners: {
    flag: '--query-pod-owners',
    type: 'instant',
    labels: ['namespace', 'pod', 'owner_kind', 'owner_name'],
    promql: 'max by (namespace, pod, owner_kind, owner_name) (last_over_time(kube_pod_owner{$namespace}[$window]))',
    help: 'each pod\'s owner',
  },
  replicaSetOwners: {
    flag: '--query-replicaset-owners',
    type: 'instant',
    labels: ['namespace', 'replicaset', 'owner_kind', 'owner_name'],
    promql: 'max by (namespace, replicaset, owner_kind, owner_name) (last_over_time(kube_replicaset_owner{$namespace}[$window]))',
    help: 'each ReplicaSet\'s owner (its Deployment)',
  },
  jobOwners: {
    flag: '--query-job-owners',
    type: 'instant',
    labels: ['namespace', 'job_name', 'owner_kind', 'owner_name'],
    promql: 'max by (namespace, job_name, owner_kind, owner_name) (last_over_time(kube_job_owner{$namespace}[$window]))',
    help: 'each Job\'s owner (its CronJob)',
  },
};

export const QUERY_NAMES = Object.keys(QUERIES) as QueryName[];

/** Kubernetes namespace names (RFC 1123 labels): also what makes them safe inside a PromQL regex. */
export const NAMESPACE_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export interface TemplateValues {
  namespaces: readonly string[];
  windowMs: number;
  stepMs: number;
  rateMs: number;
}

function promDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

/** The template with its placeholders filled in. */
export function expandQuery(template: string, v: TemplateValues): string {
  const ns = v.namespaces.length === 0 ? 'namespace!=""' : `namespace=~"${v.namespaces.join('|')}"`;
  return template
    .replace(/\$namespace\b/g, ns)
    .replace(/\$window\b/g, promDuration(v.windowMs))
    .replace(/\$step\b/g, promDuration(v.stepMs))
    .replace(/\$rate\b/g, promDuration(v.rateMs));
}
