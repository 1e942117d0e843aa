// Deterministic host-bench results for the report tests and for looking at the report while
// designing it: a quick-profile run on a 2-vCPU KVM guest (the machine class the tests run on),
// with fio and iperf3, an fdatasync latency distribution per repeat, one metric that did not
// converge and one that was skipped. Statistics come from the real analyzers, so they agree.
import { createLatencyHistogram, encodeHistogram, mergeEncoded, recordUs, summarizeEncodedMs } from '../analyzers/histogram.js';
import { deriveCpuScaling } from '../analyzers/host-plan.js';
import { summarizeRepeats } from '../analyzers/repeats.js';
import type { Inventory } from '../agents/inventory/types.js';
import type { HostBenchResult, HostGuidance, HostMetric, ResourceSample, RunResult } from '../scenarios/result.js';
import { T0_MS } from './fixtures.js';

const GIB = 1024 ** 3;
const POLICY = { min: 3, max: 5, cv: 0.03 };

export function sampleInventory(): Inventory {
  return {
    cpu: { model: 'AMD EPYC 7B13', sockets: 1, cores: 1, threads: 2, threadsPerCore: 2, numaNodes: 1, frequencyPolicies: [], cpuinfoMhz: 2450 },
    memory: { totalBytes: 8 * GIB, speedMts: null, type: null },
    disks: [{ name: 'sda', model: 'PersistentDisk', sizeBytes: 50 * GIB, rotational: false, scheduler: 'mq-deadline' }],
    nics: [
      { name: 'ens4', speedMbps: null, mtu: 1460, virtual: false },
      { name: 'lo', speedMbps: null, mtu: 65536, virtual: true },
    ],
    system: { hostname: 'bench-1', kernel: '6.1.0-27-cloud-amd64', os: 'Debian GNU/Linux 12 (bookworm)', arch: 'x64', virtualization: 'kvm', container: false },
    cgroup: {
      version: 2,
      cpuPath: '/user.slice',
      memoryPath: '/user.slice',
      cpuQuota: { quotaUs: null, periodUs: 100_000, cpus: null },
      memoryLimitBytes: null,
      throttling: { nrPeriods: 0, nrThrottled: 0, throttledUsec: 0 },
    },
    notes: [{ field: 'memory.speedMts', reason: 'not reported (VM or no dmidecode)' }],
  };
}

/** fdatasync latencies (µs) of one repeat: a lognormal-like body around `medianMs` and a few slow flushes. */
function fdatasyncLatenciesUs(medianMs: number, count: number, slowEvery: number): number[] {
  const c = Math.sqrt(3) / Math.PI;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const p = (i + 0.5) / count;
    out.push(medianMs * 1000 * Math.exp(0.35 * c * Math.log(p / (1 - p))));
  }
  for (let i = slowEvery; i < count; i += slowEvery) out[i] = out[i]! * 2.4;
  return out;
}

function encode(samplesUs: readonly number[]): string {
  const h = createLatencyHistogram();
  try {
    for (const v of samplesUs) recordUs(h, v);
    return encodeHistogram(h);
  } finally {
    h.destroy();
  }
}

interface MetricShape {
  name: string;
  unit: string;
  higherIsBetter: boolean;
  tool: string;
  repeats: number[];
  detail: string;
  guidance?: (mean: number) => HostGuidance;
  histogram?: string;
}

function metric(s: MetricShape): HostMetric {
  const stats = summarizeRepeats(s.repeats);
  const m: HostMetric = {
    name: s.name,
    unit: s.unit,
    higherIsBetter: s.higherIsBetter,
    tool: s.tool,
    repeats: s.repeats,
    mean: stats.mean,
    ci95: stats.ci95,
    cv: stats.cv,
    converged: s.repeats.length >= POLICY.min && stats.cv < POLICY.cv,
    detail: s.detail,
  };
  if (s.histogram) m.histogram = s.histogram;
  if (s.guidance) m.guidance = s.guidance(stats.mean);
  return m;
}

export const FDATASYNC_LIMIT_MS = 10;

function fdatasyncGuidance(p99Ms: number): HostGuidance {
  const passed = p99Ms <= FDATASYNC_LIMIT_MS;
  // Worded as agents/host/disk-probes.ts words it.
  const ms = p99Ms < 1 ? p99Ms.toFixed(2) : p99Ms.toFixed(1);
  const text = passed ? `fdatasync p99 ${ms} ms ≤ 10 ms: fit for etcd's WAL` : `fdatasync p99 ${ms} ms > 10 ms: too slow for etcd's WAL (etcd asks for ≤ 10 ms)`;
  return { limit: FDATASYNC_LIMIT_MS, passed, text };
}

/** The fdatasync metric as the probe reports it: each repeat's p99 from its own histogram, the histograms merged. */
export function fdatasyncMetric(medianMs = 1.35): HostMetric {
  const perRepeat = [0.98, 1.03, 1.0].map((f, i) => encode(fdatasyncLatenciesUs(medianMs * f, 400, 61 + i * 7)));
  const merged = mergeEncoded(perRepeat);
  try {
    return metric({
      name: 'disk.fdatasync.p99',
      unit: 'ms',
      higherIsBetter: false,
      tool: 'fio-3.33',
      repeats: perRepeat.map((h) => summarizeEncodedMs(h).p99),
      detail: 'fio sync engine, 22 KiB writes each followed by fdatasync (the etcd-io recipe), 400 per repeat',
      guidance: fdatasyncGuidance,
      histogram: encodeHistogram(merged),
    });
  } finally {
    merged.destroy();
  }
}

export function sampleHostBench(): HostBenchResult {
  const measured: HostMetric[] = [
    metric({ name: 'cpu.single', unit: 'ops/s', higherIsBetter: true, tool: 'built-in', repeats: [1524, 1511, 1530], detail: 'sha256 over 64 KiB blocks, 1 thread' }),
    metric({ name: 'cpu.multi', unit: 'ops/s', higherIsBetter: true, tool: 'built-in', repeats: [2981, 2962, 3003], detail: 'sha256 over 64 KiB blocks, 2 worker threads' }),
  ];
  const scaling = deriveCpuScaling(measured, POLICY)!;
  const rest: HostMetric[] = [
    metric({ name: 'memory.bandwidth', unit: 'GB/s', higherIsBetter: true, tool: 'built-in', repeats: [11.8, 11.6, 11.9], detail: 'copy of 256 MiB buffers, 1 thread' }),
    // Noisy on a shared VM: still above cv 3% at the repeat cap.
    metric({ name: 'memory.latency', unit: 'ns', higherIsBetter: false, tool: 'built-in', repeats: [92.4, 99.1, 88.7, 96.8, 90.2], detail: 'pointer chase over a 256 MiB random cycle' }),
    fdatasyncMetric(),
    metric({ name: 'disk.seq-write', unit: 'MB/s', higherIsBetter: true, tool: 'fio-3.33', repeats: [412, 405, 418], detail: 'fio psync, 1 MiB blocks, 512 MiB, direct=1' }),
    metric({ name: 'disk.seq-read', unit: 'MB/s', higherIsBetter: true, tool: 'fio-3.33', repeats: [1850, 1822, 1871], detail: 'fio psync, 1 MiB blocks, 512 MiB, direct=1' }),
    metric({ name: 'disk.rand-read-iops', unit: 'IOPS', higherIsBetter: true, tool: 'fio-3.33', repeats: [28_400, 27_900, 28_650], detail: 'fio libaio, 4 KiB random reads, iodepth 32, direct=1' }),
    metric({ name: 'network.rtt', unit: 'µs', higherIsBetter: false, tool: 'built-in', repeats: [24.1, 23.8, 24.6], detail: 'TCP ping-pong of 1 byte over loopback (127.0.0.1)' }),
  ];
  return {
    name: 'node-baseline',
    kind: 'host',
    profile: 'quick',
    suites: ['cpu', 'memory', 'disk', 'network'],
    startedAtMs: T0_MS,
    durationMs: 71_400,
    metrics: [...measured, scaling, ...rest],
    skipped: [{ metric: 'network.throughput', reason: 'iperf3 -c 10.0.0.7:5201 failed: unable to connect to server (Connection refused)' }],
    inventory: sampleInventory(),
    stoppedEarly: null,
  };
}

/** A disk too slow for etcd: the same bench with fdatasync p99 above 10 ms. */
export function slowDiskHostBench(): HostBenchResult {
  const b = sampleHostBench();
  return { ...b, name: 'slow-disk', metrics: b.metrics.map((m) => (m.name === 'disk.fdatasync.p99' ? fdatasyncMetric(6) : m)) };
}

/** Ctrl-C during the first metric: nothing finished, every section must still render. */
export function interruptedHostBench(): HostBenchResult {
  return { ...sampleHostBench(), name: 'cut-short', durationMs: 1_800, metrics: [], skipped: [], stoppedEarly: 'interrupted' };
}

/** One resource sample a second across the host bench: CPU busy during the cpu suite, disk writes during disk. */
function hostResourceSamples(bench: HostBenchResult): ResourceSample[] {
  const out: ResourceSample[] = [];
  const seconds = Math.round(bench.durationMs / 1000);
  for (let i = 0; i <= seconds; i++) {
    const phase = i / seconds;
    const cpu = phase < 0.3 ? (phase < 0.12 ? 52 : 99) : phase < 0.45 ? 50 : 12;
    const disk = phase >= 0.45 && phase < 0.85;
    out.push({
      tMs: bench.startedAtMs + i * 1000,
      cpuPercent: cpu * (1 + 0.02 * Math.sin(i)),
      load1: 0.3 + (cpu / 100) * 1.7,
      memUsedBytes: (phase >= 0.3 && phase < 0.45 ? 2.2 : 1.7) * GIB,
      memTotalBytes: 8 * GIB,
      netRxBytesPerSec: 2_000,
      netTxBytesPerSec: 1_500,
      diskReadBytesPerSec: disk && phase > 0.65 ? 1.8e9 : 4096,
      diskWriteBytesPerSec: disk && phase <= 0.65 ? 4.1e8 : 65_536,
    });
  }
  return out;
}

/** A scenario with only a host bench, as `headroom run host.yaml` writes it. */
export function hostRun(benches: HostBenchResult[] = [sampleHostBench()]): RunResult {
  const first = benches[0]!;
  const end = benches.reduce((t, b) => Math.max(t, b.startedAtMs + b.durationMs), first.startedAtMs);
  return {
    schemaVersion: 1,
    scenario: { name: 'node baseline', file: 'scenarios/host.yaml' },
    startedAt: new Date(first.startedAtMs - 200).toISOString(),
    finishedAt: new Date(end).toISOString(),
    complete: benches.every((b) => b.stoppedEarly === null),
    passed: true,
    host: { hostname: 'bench-1', platform: 'linux', cpus: 2, cpuModel: 'AMD EPYC 7B13', memBytes: 8 * GIB, node: 'v20.20.2' },
    benches: [],
    hostBenches: benches,
    resources: hostResourceSamples(first),
    warnings: [],
  };
}
