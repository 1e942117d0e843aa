import { describe, expect, it } from 'vitest';
import { bucketQuantile, diffHistograms } from './prom-histogram.js';
import type { PromBucket, PromHistogram } from './prom-text.js';

const b = (pairs: Array<[number, number]>): PromBucket[] => pairs.map(([le, count]) => ({ le, count }));

describe('bucketQuantile (PromQL histogram_quantile)', () => {
  // 100 observations: 10 ≤ 1, 50 in (1, 2], 30 in (2, 4], 10 in (4, 8], none above.
  const buckets = b([[1, 10], [2, 60], [4, 90], [8, 100], [Infinity, 100]]);

  it('interpolates linearly inside the bucket that holds the rank', () => {
    expect(bucketQuantile(0.5, buckets)).toBeCloseTo(1 + (50 - 10) / 50, 12); // 1.8
    expect(bucketQuantile(0.99, buckets)).toBeCloseTo(4 + 4 * (99 - 90) / 10, 12); // 7.6
    expect(bucketQuantile(0.9, buckets)).toBeCloseTo(4, 12);
  });

  it('interpolates from 0 in the first bucket', () => {
    expect(bucketQuantile(0.05, buckets)).toBeCloseTo(0.5, 12);
  });

  it('answers the highest finite bound when the rank lands in +Inf', () => {
    expect(bucketQuantile(0.99, b([[1, 10], [2, 20], [Infinity, 100]]))).toBe(2);
  });

  it('does not depend on the order the buckets come in', () => {
    expect(bucketQuantile(0.99, [...buckets].reverse())).toBeCloseTo(7.6, 12);
  });

  it('gives NaN where PromQL does: no observations, no +Inf bucket, a single bucket', () => {
    expect(bucketQuantile(0.5, b([[1, 0], [Infinity, 0]]))).toBeNaN();
    expect(bucketQuantile(0.5, b([[1, 5], [2, 10]]))).toBeNaN();
    expect(bucketQuantile(0.5, b([[Infinity, 10]]))).toBeNaN();
    expect(bucketQuantile(NaN, buckets)).toBeNaN();
    expect(bucketQuantile(-0.1, buckets)).toBe(-Infinity);
    expect(bucketQuantile(1.1, buckets)).toBe(Infinity);
  });

  it('takes the monotone envelope of counts that dip', () => {
    const dipping = b([[1, 10], [2, 60], [4, 55], [8, 100], [Infinity, 100]]);
    expect(bucketQuantile(0.5, dipping)).toBeCloseTo(1.8, 12);
    expect(bucketQuantile(0.99, dipping)).toBeCloseTo(4 + 4 * (99 - 60) / 40, 12);
  });

  it('is monotone in q', () => {
    let last = -Infinity;
    for (let q = 0.01; q <= 1; q += 0.01) {
      const v = bucketQuantile(q, buckets);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });
});

describe('diffHistograms', () => {
  const before: PromHistogram = { buckets: b([[1, 5], [2, 8], [Infinity, 10]]), count: 10, sum: 12 };
  const after: PromHistogram = { buckets: b([[1, 15], [2, 40], [Infinity, 50]]), count: 50, sum: 80 };

  it('subtracts bucket by bucket, and the count and sum', () => {
    expect(diffHistograms(before, after)).toEqual({ buckets: b([[1, 10], [2, 32], [Infinity, 40]]), count: 40, sum: 68 });
  });

  it('takes the later scrape alone after a restart (the count went down)', () => {
    const restarted: PromHistogram = { buckets: b([[1, 1], [2, 2], [Infinity, 3]]), count: 3, sum: 2 };
    expect(diffHistograms(after, restarted)).toEqual(restarted);
  });

  it('gives an empty histogram when nothing happened', () => {
    const d = diffHistograms(after, after);
    expect(d.count).toBe(0);
    expect(bucketQuantile(0.99, d.buckets)).toBeNaN();
  });
});
