import { describe, expect, it } from 'vitest';
import { CISCO } from './fixtures/usl-datasets.js';
import { mulberry32, normalFrom } from './random.js';
import { bootstrapUslPeak } from './usl-bootstrap.js';
import { fitUsl, predictUsl } from './usl.js';

describe('bootstrapUslPeak', () => {
  it('collapses to N* on exact data', () => {
    const truth = { lambda: 100, sigma: 0.05, kappa: 0.95 / 256 };
    const pts = [1, 2, 4, 8, 16, 32].map((n) => ({ n, x: predictUsl(truth, n) }));
    const fit = fitUsl(pts)!;
    const [lo, hi] = bootstrapUslPeak(pts, fit, { seed: 1 });
    expect(lo).toBeCloseTo(16, 6);
    expect(hi).toBeCloseTo(16, 6);
  });

  it('is repeatable for a seed and brackets the fitted N*', () => {
    const fit = fitUsl(CISCO.points)!;
    const a = bootstrapUslPeak(CISCO.points, fit, { seed: 7 });
    const b = bootstrapUslPeak(CISCO.points, fit, { seed: 7 });
    expect(a).toEqual(b);
    expect(a[0]).toBeLessThan(fit.peak);
    expect(a[1]).toBeGreaterThan(fit.peak);
    // Cisco's 32 points pin N* (35.6) down to roughly 32…41 connections.
    expect(a[0]).toBeGreaterThan(30);
    expect(a[1]).toBeLessThan(44);
  });

  it('covers the true N* in most noisy experiments (nominal 95%)', () => {
    let covered = 0;
    let trials = 0;
    for (const peak of [8, 16, 32]) {
      for (let seed = 1; seed <= 10; seed++) {
        const truth = { lambda: 200, sigma: 0.03, kappa: 0.97 / peak ** 2 };
        const z = normalFrom(mulberry32(seed * 97 + peak));
        const pts = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]
          .filter((n) => n <= 2 * peak)
          .map((n) => ({ n, x: predictUsl(truth, n) * (1 + 0.02 * z()) }));
        const [lo, hi] = bootstrapUslPeak(pts, fitUsl(pts)!, { seed, replicates: 100 });
        trials++;
        if (lo <= peak && peak <= hi) covered++;
      }
    }
    // Small samples make residual bootstraps a little optimistic; 30 trials at 95% would rarely give < 24.
    expect(covered).toBeGreaterThanOrEqual(24);
  });
});
