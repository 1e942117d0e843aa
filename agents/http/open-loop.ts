// Open model: requests arrive on a schedule (wrk2-style), whether or not earlier ones answered.
// Each request's latency runs from its *intended* send time, so a stalled server or a late client
// shows up in the percentiles instead of silently lowering the rate (no coordinated omission).
import type { StepPlan, StepRunOptions } from './engine.js';
import type { EncodedRequest } from '../../benches/http.js';
import { arrivalClock } from './arrivals.js';
import { Connection } from './connection.js';
import { LoadLoop, now } from './load-loop.js';

export class OpenLoop extends LoadLoop {
  /** Connections with nothing outstanding, most recently used last (warm ones get reused). */
  private readonly idle: Connection[] = [];
  private inFlight = 0;
  private readonly nextArrival: () => number;
  private nextMs: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(target: EncodedRequest, plan: StepPlan, opts: StepRunOptions, arrivalPhase = 0) {
    super(target, plan, opts);
    this.nextArrival = arrivalClock(this.recorder.startMs, plan.load, plan.arrival, plan.seed, arrivalPhase);
    this.nextMs = this.nextArrival();
  }

  protected start(): void {
    this.pump();
  }

  protected override beforeFinish(completed: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!completed) return;
    // Arrivals the timer had not reached by the end were still scheduled in the window: offered, not sent.
    while (this.nextMs < this.endMs) {
      this.recorder.arrival(this.nextMs, false);
      this.nextMs = this.nextArrival();
    }
  }

  onConnected(): void {}

  onResponse(conn: Connection, status: number, close: boolean): void {
    const t = now();
    this.recorder.response(conn.startMs, t, status);
    conn.startMs = NaN;
    this.inFlight--;
    if (!this.running) return;
    if (close) conn.destroy();
    else {
      conn.slot = this.idle.length;
      this.idle.push(conn);
    }
    // Catch up between timer wakes: responses are frequent exactly when arrivals are.
    if (t >= this.nextMs) this.dispatchDue(t);
  }

  onClosed(conn: Connection): void {
    if (this.running && conn.busy) {
      this.recorder.error('connect', conn.startMs);
      this.inFlight--;
    }
    conn.startMs = NaN;
    conn.queued = false;
    if (conn.slot >= 0) this.removeIdle(conn);
    this.forget(conn);
  }

  protected override failRequest(conn: Connection, kind: 'other' | 'timeout'): void {
    if (conn.busy) this.inFlight--;
    super.failRequest(conn, kind);
  }

  private readonly pump = (): void => {
    this.timer = null;
    if (!this.running) return;
    const t = now();
    this.dispatchDue(t);
    if (this.nextMs < this.endMs) {
      // Timers fire with ~1 ms granularity: every wake sends all arrivals due by then, each
      // stamped with its own intended time.
      // Whole milliseconds: Node keeps one timer list per distinct delay.
      this.timer = setTimeout(this.pump, Math.max(1, Math.floor(this.nextMs - t)));
    }
  };

  private dispatchDue(t: number): void {
    const endMs = this.endMs;
    while (this.nextMs <= t && this.nextMs < endMs) {
      this.arrive(this.nextMs);
      this.nextMs = this.nextArrival();
    }
  }

  private arrive(intendedMs: number): void {
    if (this.inFlight >= this.plan.maxInFlight) {
      this.recorder.arrival(intendedMs, true);
      return;
    }
    this.recorder.arrival(intendedMs, false);
    let conn = this.idle.pop();
    if (conn === undefined) {
      conn = new Connection(this);
      this.connect(conn);
    } else conn.slot = -1;
    this.inFlight++;
    conn.send(intendedMs);
  }

  private removeIdle(conn: Connection): void {
    const last = this.idle.pop()!;
    if (last !== conn) {
      this.idle[conn.slot] = last;
      last.slot = conn.slot;
    }
    conn.slot = -1;
  }
}
