import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../analyzers/random.js';
import { buildChaseArray, CACHE_LINE_BYTES, chaseHops, lastLevelCacheBytes, memoryWorkingSetBytes, parseCacheSize, roundedHops, sattoloCycle } from './host-memory.js';

const MiB = 1024 * 1024;

/** Length of the cycle through `start`, or -1 if the walk does not come back within n steps. */
function cycleLength(next: ArrayLike<number>, start: number): number {
  let p = start;
  for (let steps = 1; steps <= next.length; steps++) {
    p = next[p]!;
    if (p === start) return steps;
  }
  return -1;
}

describe('sattoloCycle', () => {
  it('is one cycle through every element, for many sizes and seeds', () => {
    for (const n of [2, 3, 7, 64, 1000, 4097]) {
      for (const seed of [1, 2, 3]) {
        const next = sattoloCycle(n, mulberry32(seed));
        expect(cycleLength(next, 0)).toBe(n);
        // A permutation: every element appears exactly once as a successor.
        expect(new Set(next).size).toBe(n);
      }
    }
  });

  it('is the same for a seed and different across seeds', () => {
    expect(sattoloCycle(500, mulberry32(9))).toEqual(sattoloCycle(500, mulberry32(9)));
    expect(sattoloCycle(500, mulberry32(9))).not.toEqual(sattoloCycle(500, mulberry32(10)));
  });
});

describe('buildChaseArray and chaseHops', () => {
  it('links the first slot of every cache line into one cycle', () => {
    const bytes = 64 * 1024;
    const lines = bytes / CACHE_LINE_BYTES;
    const chase = buildChaseArray(bytes, 5);
    expect(chase.byteLength).toBe(bytes);
    const visited = new Set<number>();
    let p = 0;
    for (let i = 0; i < lines; i++) {
      expect(p % (CACHE_LINE_BYTES / 4)).toBe(0);
      visited.add(p);
      p = chase[p]!;
    }
    expect(p).toBe(0);
    expect(visited.size).toBe(lines);
  });

  it('comes back to the start after exactly one lap, and not before', () => {
    const chase = buildChaseArray(16 * 1024, 3); // 256 lines
    expect(chaseHops(chase, 0, 256)).toBe(0);
    expect(chaseHops(chase, 0, 3 * 256)).toBe(0);
    expect(chaseHops(chase, 0, 128)).not.toBe(0);
    expect(roundedHops(13)).toBe(16);
    expect(roundedHops(16)).toBe(16);
  });

  it('refuses a working set below two cache lines', () => {
    expect(() => buildChaseArray(64, 1)).toThrow(RangeError);
  });
});

describe('cache sizes and working sets', () => {
  it('parses sysfs cache sizes', () => {
    expect(parseCacheSize('32768K\n')).toBe(32 * MiB);
    expect(parseCacheSize('1M')).toBe(MiB);
    expect(parseCacheSize('512')).toBe(512);
    expect(parseCacheSize('big')).toBeNull();
  });

  it('picks the highest-level data or unified cache', () => {
    const entries = [
      { level: 1, type: 'Data', size: '32K' },
      { level: 1, type: 'Instruction', size: '32K' },
      { level: 2, type: 'Unified', size: '1024K' },
      { level: 3, type: 'Unified', size: '32768K' },
    ];
    expect(lastLevelCacheBytes(entries)).toBe(32 * MiB);
    expect(lastLevelCacheBytes([{ level: 4, type: 'Instruction', size: '1M' }, ...entries.slice(0, 3)])).toBe(MiB);
    expect(lastLevelCacheBytes([])).toBeNull();
  });

  it('uses at least 4× (quick) or 8× (full) the LLC, with floors of 128 and 256 MiB', () => {
    expect(memoryWorkingSetBytes(32 * MiB, 'quick')).toBe(128 * MiB);
    expect(memoryWorkingSetBytes(96 * MiB, 'quick')).toBe(384 * MiB);
    expect(memoryWorkingSetBytes(null, 'quick')).toBe(128 * MiB);
    expect(memoryWorkingSetBytes(8 * MiB, 'full')).toBe(256 * MiB);
    expect(memoryWorkingSetBytes(48 * MiB, 'full')).toBe(384 * MiB);
    expect(memoryWorkingSetBytes(1.5 * MiB + 3, 'quick') % MiB).toBe(0);
  });
});
