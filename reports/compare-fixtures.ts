// Synthetic host-bench results with known truths, for the compare tests: every metric drawn from a
// normal distribution around a chosen mean (seeded), fdatasync with per-operation HDR histograms,
// and an inventory shaped like a 2-vCPU KVM guest. Pure and deterministic.
import type { Inventory } from '../agents/inventory/types.js';
import { meanCi } from '../analyzers/confidence.js';
import { createLatencyHistogram, encodeHistogram, mergeEncoded, recordUs, summarizeEncodedMs } from '../analyzers/histogram.js';
import { mulberry32, normalFrom, type Random } from '../analyzers/random.js';
import type { HostBenchResult, HostMetric, RunResult } from '../scenarios/result.js';

export interface MetricSpec {
  name: string;
  unit: string;
  higherIsBetter: boolean;
  /** Typical mean on the reference host. */
  mean: number;
  /** Typical spread of one repeat (stdev / mean). */
  cv: number;
  tool: string;
}

/** The eleven host metrics as a quick profile on a small VM measures them. */
export const METRIC_SPECS: MetricSpec[] = [
  { name: 'cpu.single', unit: 'ops/s', higherIsBetter: true, mean: 1450, cv: 0.01, tool: 'built-in' },
  { name: 'cpu.multi', unit: 'ops/s', higherIsBetter: true, mean: 2860, cv: 0.012, tool: 'built-in' },
  { name: 'cpu.scaling', unit: '×', higherIsBetter: true, mean: 1.97, cv: 0.01, tool: 'built-in' },
  { name: 'memory.bandwidth', unit: 'GB/s', higherIsBetter: true, mean: 9.8, cv: 0.02, tool: 'built-in' },
  { name: 'memory.latency', unit: 'ns', higherIsBetter: false, mean: 95, cv: 0.02, tool: 'built-in' },
  { name: 'disk.fdatasync.p99', unit: 'ms', higherIsBetter: false, mean: 2.4, cv: 0.08, tool: 'fio-3.33' },
  { name: 'disk.seq-write', unit: 'MB/s', higherIsBetter: true, mean: 850, cv: 0.04, tool: 'fio-3.33' },
  { name: 'disk.seq-read', unit: 'MB/s', higherIsBetter: true, mean: 2100, cv: 0.04, tool: 'fio-3.33' },
  { name: 'disk.rand-read-iops', unit: 'IOPS', higherIsBetter: true, mean: 42000, cv: 0.05, tool: 'fio-3.33' },
  { name: 'network.throughput', unit: 'Gbit/s', higherIsBetter: true, mean: 38, cv: 0.03, tool: 'iperf3-3.12' },
  { name: 'network.rtt', unit: 'µs', higherIsBetter: false, mean: 28, cv: 0.06, tool: 'built-in' },
];

export const FDATASYNC_LIMIT_MS = 10;

export function fixtureInventory(): Inventory {
  return {
    cpu: { model: 'AMD EPYC 7B13', sockets: 1, cores: 2, threads: 2, threadsPerCore: 1, numaNodes: 1, frequencyPolicies: [], cpuinfoMhz: 2450 },
    memory: { totalBytes: 8 * 1024 ** 3, speedMts: null, type: null },
    disks: [{ name: 'vda', model: null, sizeBytes: 100 * 1024 ** 3, rotational: false, scheduler: 'mq-deadline' }],
    nics: [
      { name: 'eth0', speedMbps: null, mtu: 1460, virtual: false },
      { name: 'lo', speedMbps: null, mtu: 65536, virtual: true },
    ],
    system: { hostname: 'node-a', kernel: '6.1.0-18-cloud-amd64', os: 'Debian GNU/Linux 12 (bookworm)', arch: 'x64', virtualization: 'kvm', container: false },
    cgroup: {
      version: 2,
      cpuPath: '/user.slice',
      memoryPath: '/user.slice',
      cpuQuota: { quotaUs: null, periodUs: 100000, cpus: null },
      memoryLimitBytes: null,
      throttling: { nrPeriods: 0, nrThrottled: 0, throttledUsec: 0 },
    },
    notes: [],
  };
}

/** A copy of the fixture inventory changed by `edit`. */
export function editedInventory(edit: (inv: Inventory) => void, base: Inventory = fixtureInventory()): Inventory {
  const inv = structuredClone(base);
  edit(inv);
  return inv;
}

/** A HostMetric with the statistics the runner would compute from these repeats. */
export function hostMetric(spec: Pick<MetricSpec, 'name' | 'unit' | 'higherIsBetter'> & { tool?: string }, repeats: number[], extra: Partial<HostMetric> = {}): HostMetric {
  const ci = meanCi(repeats);
  const cv = repeats.length > 1 && ci.mean !== 0 ? ci.stdev / Math.abs(ci.mean) : 0;
  return {
    name: spec.name,
    unit: spec.unit,
    higherIsBetter: spec.higherIsBetter,
    tool: spec.tool ?? 'built-in',
    repeats,
    mean: ci.mean,
    ci95: [ci.lo, ci.hi],
    cv,
    converged: cv < 0.03,
    ...extra,
  };
}

/**
 * fdatasync repeats: each repeat records `opsPerRepeat` lognormal latencies (plus a 1% slow tail)
 * whose p99 is near `p99Ms`; a repeat's value is its own p99, the histogram holds every operation.
 */
export function fdatasyncMetric(rng: Random, p99Ms: number, repeatCount: number, opsPerRepeat = 2000): HostMetric {
  const z = normalFrom(rng);
  const encoded: string[] = [];
  const repeats: number[] = [];
  // Median a fifth of the p99, tail up to ~1.6× it: roughly how fio's fdatasync spreads on a virtual disk.
  const medianUs = (p99Ms * 1000) / 5;
  for (let r = 0; r < repeatCount; r++) {
    const h = createLatencyHistogram();
    const drift = 1 + 0.06 * z();
    for (let i = 0; i < opsPerRepeat; i++) {
      const slow = rng() < 0.012;
      recordUs(h, medianUs * drift * Math.exp((slow ? 1.75 : 0) + 0.45 * z()));
    }
    const e = encodeHistogram(h);
    h.destroy();
    encoded.push(e);
    repeats.push(summarizeEncodedMs(e).p99);
  }
  const merged = mergeEncoded(encoded);
  const histogram = encodeHistogram(merged);
  merged.destroy();
  const spec = METRIC_SPECS.find((m) => m.name === 'disk.fdatasync.p99')!;
  const metric = hostMetric(spec, repeats, { histogram, detail: `fio, ${opsPerRepeat} × 2300-byte writes + fdatasync per repeat` });
  return { ...metric, guidance: fdatasyncGuidance(metric.mean) };
}

export function fdatasyncGuidance(meanMs: number): HostMetric['guidance'] {
  const passed = meanMs <= FDATASYNC_LIMIT_MS;
  return { limit: FDATASYNC_LIMIT_MS, passed, text: `fdatasync p99 ${meanMs.toFixed(2)} ms ${passed ? '≤' : '>'} ${FDATASYNC_LIMIT_MS} ms (etcd guidance)` };
}

export interface SyntheticRunOptions {
  seed: number;
  /** Multiplies a metric's true mean, e.g. `{ 'cpu.multi': 0.5 }` for a run pinned to one of two cores. */
  scale?: Record<string, number>;
  /** Multiplies every metric's spread. */
  noise?: number;
  repeats?: number;
  inventory?: Inventory;
  /** Leave these metrics out. */
  omit?: string[];
  startedAt?: string;
  benchName?: string;
}

/** A result.json with one host bench whose metrics are drawn around METRIC_SPECS × scale. */
export function syntheticHostRun(opts: SyntheticRunOptions): RunResult {
  const rng = mulberry32(opts.seed);
  const z = normalFrom(rng);
  const repeatCount = opts.repeats ?? 3;
  const metrics: HostMetric[] = METRIC_SPECS.filter((s) => !opts.omit?.includes(s.name)).map((spec) => {
    const mean = spec.mean * (opts.scale?.[spec.name] ?? 1);
    if (spec.name === 'disk.fdatasync.p99') return fdatasyncMetric(rng, mean, repeatCount);
    const sd = mean * spec.cv * (opts.noise ?? 1);
    return hostMetric(spec, Array.from({ length: repeatCount }, () => mean + sd * z()));
  });
  const inventory = opts.inventory ?? fixtureInventory();
  const startedAt = opts.startedAt ?? '2026-01-10T09:00:00.000Z';
  const startedAtMs = Date.parse(startedAt);
  const bench: HostBenchResult = {
    name: opts.benchName ?? 'host',
    kind: 'host',
    profile: 'quick',
    suites: ['cpu', 'memory', 'disk', 'network'],
    startedAtMs,
    durationMs: 72_000,
    metrics,
    skipped: [],
    inventory,
    stoppedEarly: null,
  };
  return {
    schemaVersion: 1,
    scenario: { name: 'host', file: 'scenarios/examples/host.yaml' },
    startedAt,
    finishedAt: new Date(startedAtMs + 73_000).toISOString(),
    complete: true,
    passed: true,
    host: { hostname: inventory.system.hostname, platform: 'linux', cpus: inventory.cpu.threads ?? 2, cpuModel: inventory.cpu.model ?? 'unknown', memBytes: inventory.memory.totalBytes, node: '20.20.2' },
    benches: [],
    hostBenches: [bench],
    resources: [],
    warnings: [],
  };
}

/** Two runs on the same machine: same truths, independent noise. */
export function sameMachinePair(seed: number): { baseline: RunResult; candidate: RunResult } {
  return {
    baseline: syntheticHostRun({ seed }),
    candidate: syntheticHostRun({ seed: seed + 1000, startedAt: '2026-01-10T09:05:00.000Z' }),
  };
}

/**
 * The candidate pinned to one of two cores (`taskset -c 0`): all-core work halves, scaling falls to
 * ~1×, single-core and the rest stay. The candidate's inventory records one available CPU.
 */
export function pinnedPair(seed: number): { baseline: RunResult; candidate: RunResult } {
  const withCpus = (n: number) => editedInventory((inv) => {
    (inv.cpu as Inventory['cpu'] & { availableCpus?: number }).availableCpus = n;
  });
  return {
    baseline: syntheticHostRun({ seed, inventory: withCpus(2) }),
    candidate: syntheticHostRun({ seed: seed + 1000, scale: { 'cpu.multi': 0.5, 'cpu.scaling': 0.5 / 0.985 }, inventory: withCpus(1), startedAt: '2026-01-10T09:05:00.000Z' }),
  };
}

/**
 * A newer, faster host with a slower disk: 1.31× the all-core CPU, 1.3× the single-core, and an
 * fdatasync p99 of ~12 ms (over etcd's 10 ms); kernel and CPU model differ.
 */
export function newHostPair(seed: number): { baseline: RunResult; candidate: RunResult } {
  const candidateInventory = editedInventory((inv) => {
    inv.cpu.model = 'AMD EPYC 9B14';
    inv.system.hostname = 'node-b';
    inv.system.kernel = '6.8.0-1015-gcp';
    inv.disks[0]!.scheduler = 'none';
  });
  return {
    baseline: syntheticHostRun({ seed }),
    candidate: syntheticHostRun({
      seed: seed + 1000,
      scale: { 'cpu.single': 1.6, 'cpu.multi': 1.62, 'disk.fdatasync.p99': 5, 'memory.latency': 0.97 },
      inventory: candidateInventory,
      startedAt: '2026-01-11T14:30:00.000Z',
    }),
  };
}
