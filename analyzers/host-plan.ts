// What a host bench will do, decided from the scenario alone: the suites in their fixed order, the
// repeat policy of its profile, and the metrics derived from measured ones (cpu.scaling). Pure.
import type { HostMetric } from '../scenarios/result.js';
import { HOST_SUITES, type HostBench, type HostSuite } from '../scenarios/schema.js';
import { hasConverged, pairedRatios, summarizeRepeats, type RepeatPolicy } from './repeats.js';

export type HostProfile = HostBench['profile'];

/** Phoronix-like defaults: quick keeps a whole run well under 90 s on 2 cores, full buys tighter intervals. */
export const DEFAULT_REPEATS: Record<HostProfile, { min: number; max: number }> = {
  quick: { min: 3, max: 5 },
  full: { min: 5, max: 10 },
};

export const DEFAULT_CV = 0.03;

export interface HostPlan {
  profile: HostProfile;
  /** Deduplicated, in the fixed order cpu, memory, disk, network (the scenario's order does not matter). */
  suites: HostSuite[];
  policy: RepeatPolicy;
}

export function planHostBench(bench: Pick<HostBench, 'profile' | 'suites' | 'repeats'>): HostPlan {
  return { profile: bench.profile, suites: orderSuites(bench.suites), policy: resolveRepeatPolicy(bench.profile, bench.repeats) };
}

/**
 * Disk last: for several seconds after the disk suite's writes and direct reads, loopback iperf3 on
 * the 2-vCPU VM read 9–17 Gbit/s instead of 20–24 (six runs in a row, recovering repeat by repeat),
 * with both ends pinned to their own CPUs. Nothing measured after the disk suite is then disturbed.
 */
const RUN_ORDER: readonly HostSuite[] = ['cpu', 'memory', 'network', 'disk'];

export function orderSuites(suites: readonly HostSuite[]): HostSuite[] {
  const wanted = new Set(suites);
  return RUN_ORDER.filter((s) => wanted.has(s));
}

/**
 * The profile's defaults with the scenario's overrides. A lone override that crosses the other
 * default moves it along (min 8 on quick → max 8), since the schema only checks min ≤ max when
 * both are given.
 */
export function resolveRepeatPolicy(profile: HostProfile, repeats?: { min?: number | undefined; max?: number | undefined; cv?: number | undefined }): RepeatPolicy {
  const defaults = DEFAULT_REPEATS[profile];
  const cv = repeats?.cv ?? DEFAULT_CV;
  const min = repeats?.min ?? (repeats?.max !== undefined ? Math.min(defaults.min, repeats.max) : defaults.min);
  const max = repeats?.max ?? Math.max(defaults.max, min);
  return { min, max, cv };
}

export const CPU_SCALING = 'cpu.scaling';

/**
 * cpu.scaling = cpu.multi / cpu.single, repeats paired by index. It converges only when both
 * inputs did and the ratios agree too; null until both inputs have at least two repeats.
 */
export function deriveCpuScaling(metrics: readonly HostMetric[], policy: RepeatPolicy): HostMetric | null {
  const single = metrics.find((m) => m.name === 'cpu.single');
  const multi = metrics.find((m) => m.name === 'cpu.multi');
  if (!single || !multi) return null;
  const ratios = pairedRatios(multi.repeats, single.repeats);
  if (ratios.length < 2) return null;
  const stats = summarizeRepeats(ratios);
  return {
    name: CPU_SCALING,
    unit: '×',
    higherIsBetter: true,
    tool: 'derived',
    repeats: ratios,
    mean: stats.mean,
    ci95: stats.ci95,
    cv: stats.cv,
    converged: single.converged && multi.converged && hasConverged(ratios, { ...policy, min: 2 }),
    detail: `cpu.multi / cpu.single, ${ratios.length} repeats paired by index`,
  };
}
