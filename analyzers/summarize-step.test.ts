import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram, recordUs } from './histogram.js';
import { summarizeStep } from './summarize-step.js';

function histogramOf(valuesUs: number[]): string {
  const h = createLatencyHistogram();
  for (const v of valuesUs) recordUs(h, v);
  const e = encodeHistogram(h);
  h.destroy();
  return e;
}

describe('summarizeStep', () => {
  it('derives throughput, error rate and latency from a known measurement', () => {
    // 4 s window, 400 ok + 100 failed (10 connect, 20 timeout, 70 non-2xx) + 100 dropped arrivals.
    const step = summarizeStep({
      index: 2,
      load: 150,
      model: 'open',
      startedAtMs: 1000,
      okPerSecond: [100, 100, 100, 100],
      measurement: {
        durationMs: 4000, offered: 600, sent: 500, ok: 400, dropped: 100, bytesRead: 4000, bytesWritten: 2000,
        errors: { connect: 10, timeout: 20, non2xx: 70, other: 0 },
        histogram: histogramOf(Array.from({ length: 100 }, (_, i) => (i + 1) * 1000)), // 1…100 ms
      },
    });
    expect(step.throughput).toBe(100);
    expect(step.throughputCi).toEqual([100, 100]); // identical seconds: no spread
    expect(step.offeredRate).toBe(150); // open model: the scheduled rate
    expect(step.requests).toBe(500);
    expect(step.errors).toBe(100);
    expect(step.errorRate).toBeCloseTo(200 / 600, 12); // dropped arrivals count as failures
    expect(step.latencyMs.p50).toBeCloseTo(50, 1);
    expect(step.latencyMs.p99).toBeCloseTo(99, 1);
    expect(step.latencyMs.max).toBeCloseTo(100, 1);
  });

  it('reports sent per second as the offered rate of a closed step, and a t-interval over the seconds', () => {
    const step = summarizeStep({
      index: 0,
      load: 8,
      model: 'closed',
      startedAtMs: 0,
      okPerSecond: [90, 110],
      measurement: { durationMs: 2000, offered: 200, sent: 202, ok: 200, dropped: 0, bytesRead: 0, bytesWritten: 0, errors: { connect: 0, timeout: 0, non2xx: 0, other: 0 }, histogram: histogramOf([1000]) },
    });
    expect(step.offeredRate).toBe(101);
    expect(step.errorRate).toBe(0);
    // mean 100, s = 14.142, n = 2, t(0.975, 1) = 12.706 → half-width 127.06; the low end is clamped at 0.
    expect(step.throughputCi[0]).toBe(0);
    expect(step.throughputCi[1]).toBeCloseTo(227.06, 1);
  });
});
