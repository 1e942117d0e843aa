// A small synthetic cluster as OpenMetrics, for `promtool tsdb create-blocks-from openmetrics`, with
// the answers right-sizing must find. CPU counters grow at a rate drawn per 5-minute segment (aligned
// to the epoch, like Prometheus' evaluation steps), so each 5-minute rate Prometheus computes is one
// drawn rate exactly and the "true p95" is the p95 of the drawn rates. Memory is a noisy gauge with
// one spike placed between evaluation steps. Scraped every minute.
import { mulberry32, normalFrom } from '../analyzers/random.js';

const MIN = 60_000;
const SEG = 5 * MIN;
const MIB = 1024 ** 2;

export interface PodPlan {
  namespace: string;
  pod: string;
  container: string;
  fromMs: number;
  toMs: number;
  /** No samples in [from, to). */
  gap?: [number, number];
  /** Cores for the segment starting at `segStartMs`. */
  cpuRate: (segStartMs: number) => number;
  memoryBytes: (tMs: number) => number;
  /** CFS periods per minute and the throttled share of them. */
  cfs?: { periodsPerMin: number; throttledShare: number };
  requests?: { cpu?: number; memory?: number };
  limits?: { cpu?: number; memory?: number };
  oomKilledAtMs?: number;
  owner?: { kind: string; name: string };
}

export interface SyntheticCluster {
  openMetrics: string;
  pods: PodPlan[];
  replicaSetOwners: Array<{ namespace: string; replicaSet: string; kind: string; name: string }>;
  startMs: number;
  endMs: number;
}

const sampleTimes = (p: PodPlan): number[] => {
  const out: number[] = [];
  for (let t = p.fromMs; t <= p.toMs; t += MIN) if (!p.gap || t < p.gap[0] || t >= p.gap[1]) out.push(t);
  return out;
};

const labels = (l: Record<string, string>): string => `{${Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
const sec = (ms: number): string => String(ms / 1000);

/** The 5-minute rates Prometheus can compute for a pod at epoch-aligned steps: segments with all 5 of their samples. */
export function observableRates(p: PodPlan, windowStartMs: number, endMs: number): number[] {
  const have = new Set(sampleTimes(p));
  const out: number[] = [];
  for (let t = Math.ceil((windowStartMs + 1) / SEG) * SEG; t <= endMs; t += SEG) {
    if ([4, 3, 2, 1, 0].every((k) => have.has(t - k * MIN))) out.push(p.cpuRate(t - SEG));
  }
  return out;
}

export function memoryPeak(p: PodPlan): number {
  return Math.max(...sampleTimes(p).map((t) => p.memoryBytes(t)));
}

/** PromQL's quantile (linear between closest ranks), written out again here as the test's independent answer. */
export function trueQuantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (rank - lo);
}

/** Lognormal rates per segment with the given median, from a seeded generator, memoised per segment. */
function lognormalRates(seed: number, median: number, sigma: number): (segStartMs: number) => number {
  const normal = normalFrom(mulberry32(seed));
  const memo = new Map<number, number>();
  return (s) => {
    let v = memo.get(s);
    if (v === undefined) {
      v = median * Math.exp(sigma * normal());
      memo.set(s, v);
    }
    return v;
  };
}

function noisyMemory(seed: number, baseBytes: number, spike?: { atMs: number; bytes: number }): (tMs: number) => number {
  const rng = mulberry32(seed);
  const memo = new Map<number, number>();
  return (t) => {
    if (spike && t === spike.atMs) return spike.bytes;
    let v = memo.get(t);
    if (v === undefined) {
      v = Math.round(baseBytes * (0.9 + 0.15 * rng()));
      memo.set(t, v);
    }
    return v;
  };
}

/** 2 days of 1-minute samples ending at `endMs` (rounded down to 5 minutes). */
export function buildSyntheticCluster(endMsRaw: number, longDeploymentName: string): SyntheticCluster {
  const endMs = Math.floor(endMsRaw / SEG) * SEG;
  const startMs = endMs - 2 * 24 * 60 * MIN;
  const midMs = startMs + 24 * 60 * MIN;
  const longPod = `${`${longDeploymentName}-7d9c8b6f5b-`.slice(0, 58)}x2k4q`;
  const pods: PodPlan[] = [
    // shop/web: a rollout halfway through; owner series say ReplicaSet → Deployment.
    ...[
      { pod: 'web-7d9c8b6f5-x2k4q', fromMs: startMs, toMs: midMs, rs: 'web-7d9c8b6f5' },
      { pod: 'web-5f6b7c8d9-m2n4p', fromMs: midMs + MIN, toMs: endMs, rs: 'web-5f6b7c8d9' },
    ].map((p, i): PodPlan => ({
      namespace: 'shop', pod: p.pod, container: 'app', fromMs: p.fromMs, toMs: p.toMs,
      cpuRate: lognormalRates(11 + i, 0.25, 0.45),
      memoryBytes: noisyMemory(21 + i, 300 * MIB, i === 1 ? { atMs: midMs + 7 * 60 * MIN + 2 * MIN, bytes: 420 * MIB } : undefined),
      cfs: { periodsPerMin: 600, throttledShare: 0.005 },
      requests: { cpu: 0.5, memory: 512 * MIB },
      limits: { cpu: 1, memory: 512 * MIB },
      owner: { kind: 'ReplicaSet', name: p.rs },
    })),
    // shop/<long name>: the pod name was cut at 63 characters; only the owner series know the full name.
    {
      namespace: 'shop', pod: longPod, container: 'sync', fromMs: startMs, toMs: endMs,
      cpuRate: lognormalRates(31, 0.05, 0.3), memoryBytes: noisyMemory(32, 64 * MIB),
      requests: { cpu: 0.1, memory: 128 * MIB }, limits: { memory: 128 * MIB },
      owner: { kind: 'ReplicaSet', name: `${longDeploymentName}-7d9c8b6f5b` },
    },
    // shop/db: a StatefulSet without owner series; postgres on db-1 was OOM-killed under a 1Gi limit.
    ...['db-0', 'db-1'].flatMap((pod, i): PodPlan[] => [
      {
        namespace: 'shop', pod, container: 'postgres', fromMs: startMs, toMs: endMs,
        cpuRate: lognormalRates(41 + i, 0.8, 0.35), memoryBytes: noisyMemory(43 + i, 800 * MIB),
        requests: { cpu: 1, memory: 1024 * MIB }, limits: { memory: 1024 * MIB },
        ...(i === 1 ? { oomKilledAtMs: midMs + 3 * 60 * MIN } : {}),
      },
      {
        namespace: 'shop', pod, container: 'exporter', fromMs: startMs, toMs: endMs,
        cpuRate: lognormalRates(51 + i, 0.02, 0.5), memoryBytes: noisyMemory(53 + i, 40 * MIB, i === 0 ? { atMs: startMs + 999 * MIN, bytes: 61 * MIB } : undefined),
        requests: { cpu: 0.1, memory: 64 * MIB }, limits: { memory: 64 * MIB },
      },
    ]),
    // shop/worker: throttled in 30% of its CFS periods under a 500m limit; no owner series.
    {
      namespace: 'shop', pod: 'worker-6c8d7f9b4-h2j4k', container: 'worker', fromMs: startMs, toMs: endMs,
      cpuRate: lognormalRates(61, 0.35, 0.12), memoryBytes: noisyMemory(62, 200 * MIB),
      cfs: { periodsPerMin: 600, throttledShare: 0.3 },
      requests: { cpu: 0.25, memory: 256 * MIB }, limits: { cpu: 0.5, memory: 256 * MIB },
    },
    // batch/report-gen: started 6 hours before the end.
    {
      namespace: 'batch', pod: 'report-gen-7b9d6c5f4-q7w2z', container: 'gen', fromMs: endMs - 6 * 60 * MIN, toMs: endMs,
      cpuRate: lognormalRates(71, 0.5, 0.3), memoryBytes: noisyMemory(72, 150 * MIB),
    },
    // batch/cache: a DaemonSet-like name, and 3 hours without data.
    {
      namespace: 'batch', pod: 'cache-k8s2m', container: 'cache', fromMs: startMs, toMs: endMs,
      gap: [midMs, midMs + 3 * 60 * MIN],
      cpuRate: lognormalRates(81, 0.1, 0.3), memoryBytes: noisyMemory(82, 500 * MIB),
    },
  ];
  const replicaSetOwners = [
    { namespace: 'shop', replicaSet: 'web-7d9c8b6f5', kind: 'Deployment', name: 'web' },
    { namespace: 'shop', replicaSet: 'web-5f6b7c8d9', kind: 'Deployment', name: 'web' },
    { namespace: 'shop', replicaSet: `${longDeploymentName}-7d9c8b6f5b`, kind: 'Deployment', name: longDeploymentName },
  ];
  return { openMetrics: renderOpenMetrics(pods, replicaSetOwners), pods, replicaSetOwners, startMs, endMs };
}

function renderOpenMetrics(pods: readonly PodPlan[], rsOwners: SyntheticCluster['replicaSetOwners']): string {
  const out: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge', emit: () => void): void => {
    out.push(`# TYPE ${name} ${type}`);
    emit();
  };
  const key = (p: PodPlan) => ({ namespace: p.namespace, pod: p.pod, container: p.container });
  /** kube-state-metrics series: every 15 minutes over the pod's life is plenty for last_over_time. */
  const sparse = (p: PodPlan) => sampleTimes(p).filter((t) => (t - p.fromMs) % (15 * MIN) === 0 || t === p.toMs);

  family('container_cpu_usage_seconds', 'counter', () => {
    for (const p of pods) {
      let c = 1000; // a container that has been running a while: counters do not start at 0
      let prev = p.fromMs;
      for (const t of sampleTimes(p)) {
        for (let m = prev; m < t; m += MIN) c += p.cpuRate(Math.floor(m / SEG) * SEG) * 60;
        prev = t;
        out.push(`container_cpu_usage_seconds_total${labels(key(p))} ${c.toFixed(4)} ${sec(t)}`);
      }
    }
  });
  family('container_memory_working_set_bytes', 'gauge', () => {
    for (const p of pods) for (const t of sampleTimes(p)) out.push(`container_memory_working_set_bytes${labels(key(p))} ${p.memoryBytes(t)} ${sec(t)}`);
  });
  for (const [name, share] of [['container_cpu_cfs_periods', 1], ['container_cpu_cfs_throttled_periods', 0]] as const) {
    family(name, 'counter', () => {
      for (const p of pods) {
        if (!p.cfs) continue;
        const perMin = p.cfs.periodsPerMin * (share === 1 ? 1 : p.cfs.throttledShare);
        for (const t of sampleTimes(p)) out.push(`${name}_total${labels(key(p))} ${5000 + ((t - p.fromMs) / MIN) * perMin} ${sec(t)}`);
      }
    });
  }
  for (const [name, pick] of [['kube_pod_container_resource_requests', (p: PodPlan) => p.requests], ['kube_pod_container_resource_limits', (p: PodPlan) => p.limits]] as const) {
    family(name, 'gauge', () => {
      for (const p of pods) {
        const r = pick(p);
        for (const [resource, unit, v] of [['cpu', 'core', r?.cpu], ['memory', 'byte', r?.memory]] as const) {
          if (v === undefined) continue;
          for (const t of sparse(p)) out.push(`${name}${labels({ ...key(p), resource, unit })} ${v} ${sec(t)}`);
        }
      }
    });
  }
  family('kube_pod_container_status_last_terminated_reason', 'gauge', () => {
    for (const p of pods) {
      if (p.oomKilledAtMs === undefined) continue;
      for (const t of sparse(p).filter((x) => x >= p.oomKilledAtMs!)) out.push(`kube_pod_container_status_last_terminated_reason${labels({ ...key(p), reason: 'OOMKilled' })} 1 ${sec(t)}`);
    }
  });
  family('kube_pod_owner', 'gauge', () => {
    const seen = new Set<string>();
    for (const p of pods) {
      if (!p.owner || seen.has(p.pod)) continue;
      seen.add(p.pod);
      for (const t of sparse(p)) out.push(`kube_pod_owner${labels({ namespace: p.namespace, pod: p.pod, owner_kind: p.owner.kind, owner_name: p.owner.name, owner_is_controller: 'true' })} 1 ${sec(t)}`);
    }
  });
  family('kube_replicaset_owner', 'gauge', () => {
    const first = Math.min(...pods.map((p) => p.fromMs));
    const last = Math.max(...pods.map((p) => p.toMs));
    for (const o of rsOwners) {
      for (let t = first; t <= last; t += 15 * MIN) out.push(`kube_replicaset_owner${labels({ namespace: o.namespace, replicaset: o.replicaSet, owner_kind: o.kind, owner_name: o.name, owner_is_controller: 'true' })} 1 ${sec(t)}`);
    }
  });
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}
