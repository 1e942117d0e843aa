// The pure parts of memory.bandwidth and memory.latency: working-set sizes from the last-level
// cache, and the random pointer chase (one Sattolo cycle, one element per cache line) whose every
// load depends on the previous one, so the hardware can neither overlap nor prefetch them.
import { mulberry32, pickIndex, type Random } from '../analyzers/random.js';

export const CACHE_LINE_BYTES = 64;
const MiB = 1024 * 1024;
/** Int32 slots per cache line: the chase uses the first slot of each line. */
const SLOTS_PER_LINE = CACHE_LINE_BYTES / Int32Array.BYTES_PER_ELEMENT;

/** One cache as Linux describes it under /sys/devices/system/cpu/cpu0/cache/index*. */
export interface CacheEntry {
  level: number;
  /** Data, Instruction or Unified. */
  type: string;
  /** As in the `size` file, e.g. "32768K". */
  size: string;
}

/** "32768K" → 33554432; also "1M", "512" (bytes). null when unreadable. */
export function parseCacheSize(text: string): number | null {
  const m = /^\s*(\d+)\s*([KMG]?)\s*$/i.exec(text);
  if (!m) return null;
  const scale = { '': 1, K: 1024, M: MiB, G: 1024 * MiB }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * scale;
}

/** Size of the highest-level data or unified cache, or null when none is described. */
export function lastLevelCacheBytes(entries: readonly CacheEntry[]): number | null {
  let best: { level: number; bytes: number } | null = null;
  for (const e of entries) {
    if (e.type === 'Instruction') continue;
    const bytes = parseCacheSize(e.size);
    if (bytes === null || bytes <= 0) continue;
    if (!best || e.level > best.level || (e.level === best.level && bytes > best.bytes)) best = { level: e.level, bytes };
  }
  return best?.bytes ?? null;
}

/**
 * Bytes a memory probe works over: quick max(4 × LLC, 128 MiB), full max(8 × LLC, 256 MiB), so
 * at most a quarter (an eighth) of it can be cache hits. Rounded up to a whole MiB.
 */
export function memoryWorkingSetBytes(llcBytes: number | null, profile: 'quick' | 'full'): number {
  const [factor, floor] = profile === 'quick' ? [4, 128 * MiB] : [8, 256 * MiB];
  const bytes = Math.max(floor, factor * (llcBytes ?? 0));
  return Math.ceil(bytes / MiB) * MiB;
}

/**
 * A uniformly random cyclic permutation (Sattolo's algorithm): following i → next[i] from any
 * start visits all n elements before returning, so a chase never falls into a short, cached loop.
 */
export function sattoloCycle(n: number, rng: Random): Uint32Array {
  const next = new Uint32Array(n);
  for (let i = 0; i < n; i++) next[i] = i;
  for (let i = n - 1; i > 0; i--) {
    // j < i (never i itself) is what makes the result one cycle instead of any permutation.
    const j = pickIndex(rng, i);
    const t = next[i]!;
    next[i] = next[j]!;
    next[j] = t;
  }
  return next;
}

/**
 * A chase array of `bytes` (a whole number of cache lines, at least 2): the first Int32 of each
 * line holds the index of the next line's first Int32, in one random cycle over all the lines.
 */
export function buildChaseArray(bytes: number, seed: number): Int32Array {
  const lines = Math.floor(bytes / CACHE_LINE_BYTES);
  if (lines < 2) throw new RangeError(`a pointer chase needs at least 2 cache lines, got ${bytes} bytes`);
  const next = sattoloCycle(lines, mulberry32(seed));
  const chase = new Int32Array(lines * SLOTS_PER_LINE);
  for (let i = 0; i < lines; i++) chase[i * SLOTS_PER_LINE] = next[i]! * SLOTS_PER_LINE;
  return chase;
}

/** Follows `hops` links (rounded up to a multiple of 8) from `start`; returns where it ended. */
export function chaseHops(chase: Int32Array, start: number, hops: number): number {
  let p = start;
  // Unrolled so the loop's own counter and branch cost less per dependent load.
  for (let i = 0; i < hops; i += 8) {
    p = chase[p]!;
    p = chase[p]!;
    p = chase[p]!;
    p = chase[p]!;
    p = chase[p]!;
    p = chase[p]!;
    p = chase[p]!;
    p = chase[p]!;
  }
  return p;
}

/** The hops chaseHops really makes for a request of `hops`. */
export function roundedHops(hops: number): number {
  return Math.ceil(hops / 8) * 8;
}
