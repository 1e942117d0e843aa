import { describe, expect, it } from 'vitest';
import { loadDensity, pickDensityLimit } from './max-pods-density.js';

describe('loadDensity', () => {
  it('reads a bare list or { measurements }, durations with units or milliseconds', () => {
    expect(loadDensity('- { podsPerNode: 50, startupP99: 2s }\n- { podsPerNode: 100, startupP99Ms: 4500 }\n')).toEqual({
      ok: true,
      data: [{ podsPerNode: 50, startupP99Ms: 2000 }, { podsPerNode: 100, startupP99Ms: 4500 }],
    });
    expect(loadDensity('{"measurements": [{"podsPerNode": 30, "startupP99": "1.5s", "p50": "0.4s"}]}')).toEqual({ ok: true, data: [{ podsPerNode: 30, startupP99Ms: 1500 }] });
  });

  it('reports problems with their path and position', () => {
    const r = loadDensity('measurements:\n  - podsPerNode: 50\n    startupP99: 2 fortnights\n  - podsPerNode: -1\n    startupP99: 1s\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.path, p.line])).toEqual([['measurements[0].startupP99', 3], ['measurements[1].podsPerNode', 4]]);
  });
});

describe('pickDensityLimit', () => {
  it('takes the largest density that met the objective and says which missed', () => {
    const r = pickDensityLimit([{ podsPerNode: 50, startupP99Ms: 6000 }, { podsPerNode: 80, startupP99Ms: 3000 }, { podsPerNode: 120, startupP99Ms: 9000 }], 5000);
    expect(r.maxPods).toBe(80);
    expect(r.detail).toBe('80 pods per node started with p99 3 s ≤ 5 s, 120 pods took 9 s; note 50 pods (6 s) missed it');
  });

  it('gives 0 when no measurement met it', () => {
    expect(pickDensityLimit([{ podsPerNode: 20, startupP99Ms: 8000 }], 5000)).toEqual({ maxPods: 0, detail: 'no measured density met a 5 s start-up p99 (lowest: 20 pods at 8 s)' });
  });
});
