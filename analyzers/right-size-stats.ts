// The statistics right-sizing reads from step-aligned usage points: a quantile defined exactly as
// PromQL's quantile_over_time (so a user can check a figure in Prometheus), the history a series
// covers and its holes, and the per-step band across replicas.
import type { Point, UsageBand } from './right-size-types.js';

/**
 * The q-quantile of `sorted` (ascending) by linear interpolation between the closest ranks
 * (rank = q·(n−1), Hyndman–Fan type 7), which is what PromQL's quantile and quantile_over_time use.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  const w = rank - lo;
  return sorted[lo]! * (1 - w) + sorted[hi]! * w;
}

export function sortedValues(points: readonly Point[]): number[] {
  return points.map((p) => p.value).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

export interface Coverage {
  firstMs: number;
  lastMs: number;
  /** last − first + one step: each point stands for the step that ends at it. */
  historyMs: number;
  /** The longest run of missing steps between two points, as time. */
  longestGapMs: number;
  /** Points present / points expected between first and last, in (0, 1]. */
  coverage: number;
  points: number;
}

/** How well the step-aligned timestamps `tMs` (any order, repeats allowed) cover their own span. */
export function describeCoverage(tMs: readonly number[], stepMs: number): Coverage {
  const times = [...new Set(tMs)].sort((a, b) => a - b);
  if (times.length === 0) return { firstMs: Number.NaN, lastMs: Number.NaN, historyMs: 0, longestGapMs: 0, coverage: 0, points: 0 };
  const first = times[0]!;
  const last = times[times.length - 1]!;
  let longestGapMs = 0;
  for (let i = 1; i < times.length; i++) longestGapMs = Math.max(longestGapMs, times[i]! - times[i - 1]! - stepMs);
  const expected = Math.round((last - first) / stepMs) + 1;
  return {
    firstMs: first,
    lastMs: last,
    historyMs: last - first + stepMs,
    longestGapMs: Math.max(0, longestGapMs),
    coverage: Math.min(1, times.length / expected),
    points: times.length,
  };
}

/** Per timestamp, the least and the most any series shows: the spread across a workload's replicas. */
export function bandAcross(series: ReadonlyArray<readonly Point[]>): UsageBand[] {
  const byTime = new Map<number, UsageBand>();
  for (const points of series) {
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue;
      const b = byTime.get(p.tMs);
      if (b) {
        b.min = Math.min(b.min, p.value);
        b.max = Math.max(b.max, p.value);
      } else {
        byTime.set(p.tMs, { tMs: p.tMs, min: p.value, max: p.value });
      }
    }
  }
  return [...byTime.values()].sort((a, b) => a.tMs - b.tMs);
}

/** Cores rounded up to the millicore (never below 1m): a request is never set under the measured figure. */
export function roundUpCores(cores: number): number {
  return Math.max(1, Math.ceil(cores * 1000 - 1e-6)) / 1000;
}

const MIB = 1024 * 1024;

/** Bytes rounded up to the mebibyte (never below 1Mi). */
export function roundUpMiB(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / MIB - 1e-9)) * MIB;
}
