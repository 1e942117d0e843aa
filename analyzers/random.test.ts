import { describe, expect, it } from 'vitest';
import { mulberry32, normalFrom, pickIndex } from './random.js';

describe('mulberry32', () => {
  it('repeats a sequence for a seed and differs across seeds', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const c = mulberry32(124);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
  });

  it('is uniform on [0, 1)', () => {
    const rng = mulberry32(1);
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng();
      if (u < 0 || u >= 1) outside++;
      else bins[Math.floor(u * 10)]!++;
    }
    expect(outside).toBe(0);
    // Each bin expects 10 000 ± 95 (1 sd); 5 sd is a safe bound.
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(475);
  });

  it('draws standard normals and in-range indices', () => {
    const z = normalFrom(mulberry32(2));
    const xs = Array.from({ length: 50_000 }, z);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    const rng = mulberry32(3);
    const seen = new Set(Array.from({ length: 200 }, () => pickIndex(rng, 7)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
