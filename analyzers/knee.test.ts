import { describe, expect, it } from 'vitest';
import { findKnee } from './knee.js';
import { mulberry32, normalFrom } from './random.js';

const GEOMETRIC = [1, 2, 4, 8, 16, 32, 64];
const SERVICE_S = 0.002;
/** Closed loop against K workers: X(N) = min(N/S, K/S). */
const fixedCapacity = (xs: readonly number[], k: number, noise: () => number = () => 0): Array<{ x: number; y: number }> =>
  xs.map((n) => ({ x: n, y: (Math.min(n, k) / SERVICE_S) * (1 + noise()) }));
const nearestStep = (xs: readonly number[], k: number): number[] => {
  const d = Math.min(...xs.map((x) => Math.abs(x - k)));
  return xs.filter((x) => Math.abs(x - k) === d);
};

describe('findKnee on a fixed-capacity server', () => {
  it.each([2, 4, 8, 16, 32])('puts the knee on K = %s when K is a step (1, 2, 4 … 64)', (k) => {
    const knee = findKnee(fixedCapacity(GEOMETRIC, k))!;
    expect(knee.x).toBe(k);
    expect(knee.y).toBeCloseTo(k / SERVICE_S, 6);
    expect(knee.asymptoteX).toBeCloseTo(k, 9);
  });

  it.each([3, 5, 6, 10, 12, 20, 24, 48])('puts the knee on the step nearest K = %s otherwise', (k) => {
    const knee = findKnee(fixedCapacity(GEOMETRIC, k))!;
    expect(nearestStep(GEOMETRIC, k)).toContain(knee.x);
  });

  it.each([5, 17, 30, 50, 63])('is within 10%% of K = %s on dense linear steps', (k) => {
    const linear = Array.from({ length: 40 }, (_, i) => 2 + 2 * i);
    const knee = findKnee(fixedCapacity(linear, k))!;
    expect(Math.abs(knee.x - k)).toBeLessThanOrEqual(Math.max(0.1 * k, 1));
  });

  it('still finds K with 3% noise when the step CIs are known', () => {
    for (const k of [4, 8, 16, 24]) {
      for (let seed = 1; seed <= 20; seed++) {
        const z = normalFrom(mulberry32(seed));
        const pts = fixedCapacity(GEOMETRIC, k, () => 0.03 * z());
        const knee = findKnee(pts, { yHalfWidth: pts.map((p) => 1.96 * 0.03 * p.y) });
        expect(knee, `K=${k} seed=${seed}`).not.toBeNull();
        expect(nearestStep(GEOMETRIC, k), `K=${k} seed=${seed}`).toContain(knee!.x);
      }
    }
  });
});

describe('findKnee without a knee', () => {
  it('returns null on a straight line, exact or noisy', () => {
    expect(findKnee(GEOMETRIC.map((x) => ({ x, y: 3 * x })))).toBeNull();
    const linear = Array.from({ length: 20 }, (_, i) => 10 + 10 * i);
    let found = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const z = normalFrom(mulberry32(seed));
      const pts = linear.map((x) => ({ x, y: 5 * x * (1 + 0.03 * z()) }));
      if (findKnee(pts, { yHalfWidth: pts.map((p) => 1.96 * 0.03 * p.y) })) found++;
    }
    expect(found).toBeLessThanOrEqual(1);
  });

  it('returns null on a gently bending curve (Amdahl σ = 0.01 over 1…64)', () => {
    expect(findKnee(GEOMETRIC.map((n) => ({ x: n, y: (100 * n) / (1 + 0.01 * (n - 1)) })))).toBeNull();
  });

  it('returns null with fewer than three points or a flat line', () => {
    expect(findKnee([{ x: 1, y: 1 }, { x: 2, y: 2 }])).toBeNull();
    expect(findKnee(GEOMETRIC.map((x) => ({ x, y: 5 })))).toBeNull();
  });
});

describe('findKnee bookkeeping', () => {
  it('reports the index in the input order, whatever that order is', () => {
    const pts = fixedCapacity(GEOMETRIC, 8).reverse();
    const knee = findKnee(pts)!;
    expect(pts[knee.index]!.x).toBe(8);
  });

  it('finds the knee before the peak of a retrograde (USL) curve', () => {
    const usl = (n: number): number => (100 * n) / (1 + 0.02 * (n - 1) + (0.98 / 1024) * n * (n - 1));
    const knee = findKnee(Array.from({ length: 40 }, (_, i) => ({ x: 2 + 2 * i, y: usl(2 + 2 * i) })))!;
    expect(knee.x).toBeGreaterThan(10);
    expect(knee.x).toBeLessThan(32);
  });
});
