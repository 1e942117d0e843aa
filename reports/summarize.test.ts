import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../scenarios/result.js';
import { etcdPutBench, etcdWatchBench } from './etcd-fixtures.js';
import { closedBench } from './fixtures.js';
import { describeObjectives, describeSaturation, describeSlo, describeUsl, formatObjectiveValue } from './summarize.js';

const asEtcd = (b: BenchResult): BenchResult => ({ ...b, kind: 'etcd' });

describe('summary sentences for etcd benches', () => {
  it('word saturation, SLO and USL in clients and ops/s', () => {
    const b = asEtcd(closedBench());
    expect(describeSaturation(b)).toBe('saturates at 48 clients (864 ops/s), limited by the USL peak (range 44–54)');
    expect(describeSlo(b, b.slo!)).toBe('SLO p99 ≤ 150 ms, errors ≤ 1%, ≥ 500 ops/s met up to 32 clients (837 ops/s); first broken at 40 clients: p99 was 195 ms (limit 150 ms)');
    expect(describeUsl(b)).toBe('USL fit: σ = 0.0297 (contention), κ = 0.000403 (coherency), λ = 59.8 ops/s per client, R² = 0.996; peak 870 ops/s at 49.2 clients');
  });

  it('word an open etcd bench in ops/s offered and served', () => {
    const w = etcdWatchBench();
    const sat = { ...w.saturation, limitedBy: 'throughput-plateau' as const, load: 400, throughput: 398.4, range: [400, 400] as [number, number] };
    expect(describeSaturation({ ...w, saturation: sat })).toBe('saturates at 400 ops/s offered (398 ops/s served), limited by a throughput plateau');
    expect(describeUsl({ ...w, usl: { sigma: 0.1, kappa: 0, lambda: 5, r2: 0.9, peak: Infinity, peakThroughput: 50 } })).toContain('λ = 5 ops/s per ops/s of offered rate');
  });

  it('word the throughput objective by kind', () => {
    expect(describeObjectives({ minThroughput: 500 }, 'etcd')).toBe('≥ 500 ops/s');
    expect(describeObjectives({ minThroughput: 500 })).toBe('≥ 500 req/s');
    expect(formatObjectiveValue('minThroughput', 2000, 'etcd')).toBe('2,000 ops/s');
    expect(describeSaturation(etcdPutBench())).toMatch(/^did not saturate up to 128 clients \(highest throughput 2,308 ops\/s\)/);
  });
});
