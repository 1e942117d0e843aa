// A deterministic right-sizing result for the report tests: two days of 5-minute points for a
// two-replica Deployment (daily pattern), a throttled worker, an OOM-killed StatefulSet, a
// CronJob, a Job and a DaemonSet-like pod of unknown kind with a short history.
import { mulberry32 } from '../analyzers/random.js';
import { recommendResources } from '../analyzers/right-size.js';
import { DEFAULT_POLICY, type PodContainerUsage, type Point, type RightSizePolicy, type RightSizeResult, type UsageInput } from '../analyzers/right-size-types.js';

export const RS_T0_MS = Date.parse('2025-11-24T00:00:00.000Z');
const STEP = 300_000;
const MIB = 1024 ** 2;
const POINTS = 576;

function points(n: number, f: (i: number) => number, from = 0): Point[] {
  return Array.from({ length: n }, (_, i) => ({ tMs: RS_T0_MS + (from + i) * STEP, value: f(from + i) }));
}

export function rightSizeInput(): UsageInput {
  const rng = mulberry32(3);
  const daily = (i: number) => 0.5 + 0.3 * Math.sin((2 * Math.PI * i) / 288);
  const use = (namespace: string, pod: string, container: string, cpu: Point[], memory: Point[]): PodContainerUsage => ({ namespace, pod, container, cpuCores: cpu, memoryBytes: memory });
  const usage = [
    use('shop', 'web-7d9c8b6f5-x2k4q', 'app', points(POINTS, (i) => daily(i) * (0.9 + 0.2 * rng())), points(POINTS, () => 300 * MIB + rng() * 40 * MIB)),
    use('shop', 'web-7d9c8b6f5-m2n4p', 'app', points(POINTS, (i) => daily(i) * (0.8 + 0.2 * rng())), points(POINTS, () => 290 * MIB + rng() * 40 * MIB)),
    use('shop', 'worker-6c8d7f9b4-h2j4k', 'worker', points(POINTS, () => 0.45 + 0.05 * rng()), points(POINTS, () => 200 * MIB)),
    use('shop', 'db-0', 'postgres', points(POINTS, () => 0.8 + 0.2 * rng()), points(POINTS, () => 900 * MIB)),
    use('shop', 'nightly-29012345-w9xnv', 'backup', points(POINTS, () => 0.1), points(POINTS, () => 100 * MIB)),
    use('shop', 'migrate-x2k4q', 'migrate', points(POINTS, () => 0.1), points(POINTS, () => 50 * MIB)),
    use('ops', 'agent-k8s2m', 'agent', points(48, () => 0.02, POINTS - 48), points(48, () => 30 * MIB, POINTS - 48)),
  ];
  const k = (namespace: string, pod: string, container: string) => ({ namespace, pod, container });
  return {
    window: { startMs: RS_T0_MS - STEP, endMs: RS_T0_MS + (POINTS - 1) * STEP, stepMs: STEP },
    usage,
    throttling: [{ ...k('shop', 'worker-6c8d7f9b4-h2j4k', 'worker'), throttledPeriods: 300, periods: 1000 }],
    requests: [
      { ...k('shop', 'web-7d9c8b6f5-x2k4q', 'app'), resource: 'cpu', value: 1 },
      { ...k('shop', 'web-7d9c8b6f5-m2n4p', 'app'), resource: 'cpu', value: 1 },
      { ...k('shop', 'web-7d9c8b6f5-x2k4q', 'app'), resource: 'memory', value: 512 * MIB },
      { ...k('shop', 'web-7d9c8b6f5-m2n4p', 'app'), resource: 'memory', value: 512 * MIB },
    ],
    limits: [
      { ...k('shop', 'worker-6c8d7f9b4-h2j4k', 'worker'), resource: 'cpu', value: 0.5 },
      { ...k('shop', 'db-0', 'postgres'), resource: 'memory', value: 1024 * MIB },
    ],
    oomKilled: [k('shop', 'db-0', 'postgres')],
    podOwners: [{ namespace: 'shop', name: 'migrate-x2k4q', ownerKind: 'Job', ownerName: 'migrate' }],
    replicaSetOwners: [],
    jobOwners: [],
  };
}

export function rightSizeResult(policy: Partial<RightSizePolicy> = {}): RightSizeResult {
  return recommendResources(rightSizeInput(), { ...DEFAULT_POLICY, ...policy });
}
