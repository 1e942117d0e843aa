// A one-shot timer that fires at its due time to within a few microseconds, not a millisecond.
//
// Node's timers have 1 ms resolution, and on a 2-core VM setTimeout(d) fires 0.1–0.25 ms after
// now + d (rarely up to ~1 ms early or late). So we sleep in setTimeout until shortly before the
// due time, then poll with setImmediate until performance.now() reaches it. setImmediate polls I/O
// on every turn of the loop, so requests keep being read while we wait; the poll costs CPU only
// while something is due within SPIN_MS, and nothing at all when the target is idle.
// Other precise wake-ups were measured and rejected: Atomics.wait in a helper thread wakes
// ~0.1 ms late and costs ~0.1 ms of CPU per wake-up across the two threads (context switches are
// dear on a VM); Atomics.wait on this thread would stop it reading requests.
import { performance } from 'node:perf_hooks';

/** Poll rather than sleep when the due time is this close. */
const SPIN_MS = 1.5;
/** Sleep until this long before the due time (setTimeout then fires ~0.1–0.25 ms late). */
const LEAD_MS = 0.3;

export interface TimerCounters {
  /** setTimeout wake-ups. */
  sleeps: number;
  /** setImmediate polls. */
  polls: number;
}

export class PreciseTimer {
  private dueMs = Infinity;
  private timeout: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  readonly counters: TimerCounters = { sleeps: 0, polls: 0 };

  /** onDue(nowMs) runs once per schedule, at or after the due time (never before). */
  constructor(private readonly onDue: (nowMs: number) => void) {}

  /** When the timer will fire; Infinity when it is not set. */
  get due(): number {
    return this.dueMs;
  }

  /** Fire at dueMs (performance.now() clock), unless the timer is already set to fire earlier. */
  schedule(dueMs: number): void {
    if (!(dueMs < this.dueMs)) return;
    this.dueMs = dueMs;
    this.plan(performance.now());
  }

  stop(): void {
    this.dueMs = Infinity;
    if (this.timeout) clearTimeout(this.timeout);
    if (this.immediate) clearImmediate(this.immediate);
    this.timeout = null;
    this.immediate = null;
  }

  private plan(nowMs: number): void {
    const waitMs = this.dueMs - nowMs;
    if (waitMs <= SPIN_MS) {
      if (this.timeout) {
        clearTimeout(this.timeout);
        this.timeout = null;
      }
      if (!this.immediate) this.immediate = setImmediate(this.check);
      return;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = null;
    }
    if (this.timeout) clearTimeout(this.timeout);
    // Whole milliseconds: Node rounds a fractional delay up, and keeps one timer list per duration.
    this.timeout = setTimeout(this.check, Math.max(1, Math.floor(waitMs - LEAD_MS)));
  }

  private readonly check = (): void => {
    if (this.timeout) this.counters.sleeps++;
    else this.counters.polls++;
    this.timeout = null;
    this.immediate = null;
    const nowMs = performance.now();
    if (nowMs < this.dueMs) {
      this.plan(nowMs);
      return;
    }
    this.dueMs = Infinity;
    this.onDue(nowMs);
  };
}
