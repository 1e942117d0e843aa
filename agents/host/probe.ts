// The contract between the host-bench runner and one host metric. The runner owns the repeats,
// their count and the statistics; a probe owns one fixed unit of work and how to measure it.
import type { HostGuidance } from '../../scenarios/result.js';
import type { HostSuite } from '../../scenarios/schema.js';

export interface ProbeContext {
  /** Aborting should end a repeat within about a second; the runner then drops that repeat. */
  signal: AbortSignal;
  profile: 'quick' | 'full';
  /**
   * Scratch directory on the disk under test; the runner creates it and removes it afterwards. Null
   * when no selected suite writes files (only disk does), so a cpu-only bench needs no writable dir.
   */
  workDir: string | null;
  /** External tools resolved on PATH (null when absent or disabled by the scenario). */
  tools: { fio: string | null; iperf3: string | null };
  /** iperf3 server `host:port` on another node; null means loopback. */
  peer: string | null;
}

/** One repeat's figure, in the probe's unit. */
export interface ProbeSample {
  value: number;
  /** Latency probes: this repeat's per-operation latencies, HDR histogram in µs (base64). */
  histogram?: string;
}

export interface HostProbe {
  /** Dotted metric id, e.g. `disk.fdatasync.p99`. */
  readonly metric: string;
  readonly suite: HostSuite;
  /** Unit of `ProbeSample.value`: ops/s, GB/s, ns, ms, MB/s, IOPS, Gbit/s, µs. */
  readonly unit: string;
  readonly higherIsBetter: boolean;
  /** 'built-in', or the external tool and its version (e.g. `fio-3.33`); final after setup. */
  tool: string;
  /** How it is measured (kernels, sizes, threads, file, peer); final after setup. */
  detail?: string;
  /** Once before the repeats: create files, start servers, spawn workers. Throw SkipProbe to skip the metric. */
  setup?(ctx: ProbeContext): Promise<void>;
  /**
   * Once after setup, before the first repeat: the same kind of work, untimed and never recorded,
   * for probes whose first repeat measures a cold state (a fresh file's block allocation). Honours
   * the signal as measure does; a throw skips the metric.
   */
  warmup?(ctx: ProbeContext): Promise<void>;
  /** One repeat of the fixed unit of work. */
  measure(ctx: ProbeContext): Promise<ProbeSample>;
  /** Once after the repeats, on every exit path (also after a failed setup). */
  teardown?(): Promise<void>;
  /** Judges the mean against published guidance (fdatasync p99 ≤ 10 ms for etcd). */
  guidance?(mean: number): HostGuidance | undefined;
}

/** Thrown by setup when the metric cannot be measured here; the message becomes the skip reason. */
export class SkipProbe extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipProbe';
  }
}

export type ProbeFactory = () => HostProbe;
