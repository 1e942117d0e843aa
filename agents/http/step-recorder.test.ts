import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encodeHistogram, recordUs, summarizeEncodedMs } from '../../analyzers/histogram.js';
import { RecentLatency } from './recent-latency.js';
import { StepRecorder } from './step-recorder.js';

describe('StepRecorder', () => {
  it('encodes exactly the histogram a standard one would hold', () => {
    const rec = new StepRecorder(0, 0, 5000);
    const standard = createLatencyHistogram();
    for (let i = 1; i <= 5000; i++) {
      const latencyMs = ((i * 7919) % 4000) / 10 + 0.0004 * i;
      rec.response(0, latencyMs, 200);
      recordUs(standard, latencyMs * 1000);
    }
    expect(rec.finish(5000, true).histogram).toBe(encodeHistogram(standard));
  });

  it('counts only requests started after warm-up, and ok per whole second by completion', () => {
    const rec = new StepRecorder(1000, 500, 3000); // measured window 1500 … 4000
    rec.response(1400, 1600, 200); // sent in warm-up: live counts only
    rec.response(1500, 1510, 200);
    rec.response(2400, 2600, 200);
    rec.response(3000, 3100, 503);
    rec.response(3800, 3950, 200);
    rec.error('timeout', 1499);
    rec.error('connect', 2000);
    rec.arrival(1499, true);
    rec.arrival(2000, true);
    rec.arrival(2001, false);
    expect(rec.live(1700)).toMatchObject({ elapsedMs: 700, inWarmup: false, ok: 4, errors: 3, dropped: 2 });
    const m = rec.finish(4000, false);
    expect(m).toMatchObject({ durationMs: 2500, ok: 3, offered: 2, dropped: 1, errors: { connect: 1, timeout: 0, non2xx: 1, other: 0 } });
    expect(m.okPerSecond).toEqual([1, 1]);
    expect(summarizeEncodedMs(m.histogram).count).toBe(4);
  });

  it('gives a shortened window when the step ends early, and none in warm-up', () => {
    expect(new StepRecorder(0, 1000, 5000).finish(2500, true).durationMs).toBe(1500);
    expect(new StepRecorder(0, 1000, 5000).finish(600, true).durationMs).toBe(0);
  });
});

describe('RecentLatency', () => {
  it('reads p99 within its bucket precision and forgets after two rotations', () => {
    const r = new RecentLatency();
    expect(r.p99Ms()).toBeNaN();
    for (let i = 0; i < 990; i++) r.record(1000);
    for (let i = 0; i < 10; i++) r.record(250_000);
    expect(r.p99Ms()).toBeGreaterThanOrEqual(1);
    expect(r.p99Ms()).toBeLessThan(1.125);
    r.record(300_000);
    expect(r.p99Ms()).toBeGreaterThanOrEqual(250);
    expect(r.p99Ms()).toBeLessThan(250 * 1.125);
    r.rotate();
    expect(r.p99Ms()).toBeGreaterThanOrEqual(250);
    r.rotate();
    expect(r.p99Ms()).toBeNaN();
  });
});

describe('StepRecorder window', () => {
  it('keeps whole seconds whole despite floating-point clocks', () => {
    const start = 14863.830948326884;
    const m = new StepRecorder(start, 1000, 3000).finish(start + 3000, true);
    expect(m.durationMs).toBe(2000);
    expect(m.okPerSecond).toHaveLength(2);
  });
});
