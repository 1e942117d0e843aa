// What one step measured: counts, the latency histogram and the per-second ok counts, with the
// warm-up rule applied in one place. A response counts when its request started (closed: was sent;
// open: was intended) inside the measured window; everything also feeds the live totals.
import type { Histogram } from 'hdr-histogram-js';
import { createLatencyHistogram, encodeHistogram, recordUs } from '../../analyzers/histogram.js';
import type { ErrorCounts, StepMeasurement } from '../../scenarios/result.js';
import type { LiveCounts } from './engine.js';
import { RecentLatency } from './recent-latency.js';

export type ErrorClass = keyof ErrorCounts;

export class StepRecorder {
  readonly measureStartMs: number;
  /** Becomes true at the end of warm-up; cheaper than reading the clock for byte counts. */
  measuring: boolean;
  offered = 0;
  sent = 0;
  ok = 0;
  dropped = 0;
  bytesRead = 0;
  bytesWritten = 0;
  readonly errors: ErrorCounts = { connect: 0, timeout: 0, non2xx: 0, other: 0 };
  private totalOk = 0;
  private totalErrors = 0;
  private totalDropped = 0;
  private readonly histogram: Histogram = createLatencyHistogram();
  private readonly recent = new RecentLatency();
  private readonly okBySecond: Int32Array;

  constructor(
    readonly startMs: number,
    readonly warmupMs: number,
    durationMs: number,
  ) {
    this.measureStartMs = startMs + warmupMs;
    this.measuring = warmupMs <= 0;
    this.okBySecond = new Int32Array(Math.ceil(Math.max(0, durationMs - warmupMs) / 1000) + 1);
  }

  /** A response to a request that started at startMs (send or intended time). */
  response(startMs: number, endMs: number, status: number): void {
    const latencyUs = (endMs - startMs) * 1000;
    this.recent.record(latencyUs);
    const ok = status < 400;
    if (ok) this.totalOk++;
    else this.totalErrors++;
    if (startMs < this.measureStartMs) return;
    recordUs(this.histogram, latencyUs);
    if (ok) {
      this.ok++;
      const second = ((endMs - this.measureStartMs) / 1000) | 0;
      if (second < this.okBySecond.length) this.okBySecond[second]!++;
    } else this.errors.non2xx++;
  }

  /** A failed request (or connection) whose start decides whether it is in the window. */
  error(kind: ErrorClass, startMs: number): void {
    this.totalErrors++;
    if (startMs >= this.measureStartMs) this.errors[kind]++;
  }

  /** An open-model arrival at its intended time: scheduled, and maybe dropped. */
  arrival(intendedMs: number, dropped: boolean): void {
    if (dropped) this.totalDropped++;
    if (intendedMs < this.measureStartMs) return;
    this.offered++;
    if (dropped) this.dropped++;
  }

  live(nowMs: number): LiveCounts {
    const elapsedMs = nowMs - this.startMs;
    return {
      elapsedMs,
      inWarmup: elapsedMs < this.warmupMs,
      ok: this.totalOk,
      errors: this.totalErrors,
      dropped: this.totalDropped,
      recentP99Ms: this.recent.p99Ms(),
    };
  }

  /** Called once a second by the engine's tick. */
  rotateRecent(): void {
    this.recent.rotate();
  }

  /** The measurement for a window that ended at endMs. Frees the histogram. */
  finish(endMs: number, offeredIsSent: boolean): StepMeasurement & { okPerSecond: number[] } {
    // Rounded to the µs: start + 3000 − (start + 1000) is 1999.9999999998 in floating point.
    const durationMs = Math.max(0, Math.round((endMs - this.measureStartMs) * 1000) / 1000);
    const wholeSeconds = Math.min(Math.floor(durationMs / 1000), this.okBySecond.length);
    const histogram = encodeHistogram(this.histogram);
    this.histogram.destroy();
    return {
      durationMs,
      offered: offeredIsSent ? this.sent : this.offered,
      sent: this.sent,
      ok: this.ok,
      errors: { ...this.errors },
      dropped: this.dropped,
      bytesRead: this.bytesRead,
      bytesWritten: this.bytesWritten,
      histogram,
      okPerSecond: Array.from(this.okBySecond.subarray(0, wholeSeconds)),
    };
  }
}
