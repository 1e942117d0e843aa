// One step of etcd load, closed or open model, over any workload (workloads.ts). The clock rules
// are the HTTP engine's: StepRecorder applies the warm-up and counts per second, the open model
// follows arrivals.ts and times each op from its intended send time (etcd's own benchmark starts
// its clock after the rate limiter, which hides queueing; we do not), and an op older than the
// timeout is cancelled and counted. The step ends on time or on abort, leaving nothing in flight.
import type { LiveCounts, StepPlan, StepRunOptions } from '../load-engine.js';
import { arrivalClock } from '../http/arrivals.js';
import { backoffMs } from '../http/closed-loop.js';
import { StepRecorder } from '../http/step-recorder.js';
import type { ErrorClass, PendingCall } from './channel.js';

export const now = (): number => performance.now();

/** ok: a success the loop records; silent: a success recorded elsewhere (watch events). */
export type OpOutcome = 'ok' | 'silent' | ErrorClass;

/** One operation in flight. Closed model: one per client, reused for each of its ops. */
export interface Ticket {
  /** Closed: the client number; open: the arrival number. Workloads map it to a channel. */
  client: number;
  /** Send time (closed) or intended send time (open). */
  startMs: number;
  pending: PendingCall | null;
  /** Request bytes; the workload sets it. */
  bytes: number;
  /** Consecutive connect failures of this client (closed-model back-off). */
  failures: number;
}

export type Complete = (ticket: Ticket, outcome: OpOutcome) => void;

export interface OpSource {
  /** Starts one op and calls complete exactly once, unless the returned call is cancelled first. */
  start(ticket: Ticket, complete: Complete): PendingCall;
}

const TICK_MS = 250;
const TICKS_PER_SECOND = 4;

export type StepOutcome = ReturnType<StepRecorder['finish']>;

export class EtcdStepLoop {
  readonly recorder: StepRecorder;
  private readonly endMs: number;
  private readonly inFlight = new Set<Ticket>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly backoffTimers = new Set<NodeJS.Timeout>();
  private running = true;
  private ticks = 0;
  private resolve: ((m: StepOutcome) => void) | null = null;
  // Open model.
  private nextArrival: () => number = () => Infinity;
  private nextMs = Infinity;
  private arrivals = 0;
  private pumpTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly source: OpSource,
    private readonly plan: StepPlan,
    private readonly opts: StepRunOptions,
    startMs = now(),
  ) {
    this.recorder = new StepRecorder(startMs, plan.warmupMs, plan.durationMs);
    this.endMs = startMs + plan.durationMs;
  }

  /** Runs to the end of the step or the abort; never rejects. */
  run(): Promise<StepOutcome> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      const { signal } = this.opts;
      if (signal.aborted) return this.finish(false);
      signal.addEventListener('abort', this.onAbort, { once: true });
      this.timers.push(setTimeout(() => this.finish(true), Math.max(0, this.endMs - now())));
      if (this.plan.warmupMs > 0) this.timers.push(setTimeout(() => (this.recorder.measuring = true), this.plan.warmupMs));
      this.timers.push(setInterval(this.tick, TICK_MS));
      this.timers.push(setInterval(this.sweepTimeouts, Math.min(250, Math.max(10, this.plan.timeoutMs / 10))));
      if (this.plan.model === 'open') this.startOpen();
      else this.startClosed();
    });
  }

  /** Live counts for the progress display (also used by workloads that record on their own). */
  live(): LiveCounts {
    return this.recorder.live(now());
  }

  isRunning(): boolean {
    return this.running;
  }

  private startClosed(): void {
    const clients = Math.max(1, Math.round(this.plan.load));
    for (let i = 0; i < clients; i++) this.issue({ client: i, startMs: 0, pending: null, bytes: 0, failures: 0 });
  }

  private issue(ticket: Ticket): void {
    ticket.startMs = now();
    this.send(ticket);
  }

  private send(ticket: Ticket): void {
    this.inFlight.add(ticket);
    ticket.pending = this.source.start(ticket, this.complete);
    const rec = this.recorder;
    if (ticket.startMs >= rec.measureStartMs) rec.sent++;
    if (rec.measuring) rec.bytesWritten += ticket.bytes;
  }

  private readonly complete: Complete = (ticket, outcome) => {
    if (!this.inFlight.delete(ticket)) return;
    ticket.pending = null;
    const t = now();
    if (outcome === 'ok') this.recorder.response(ticket.startMs, t, 200);
    else if (outcome !== 'silent') this.recorder.error(outcome, ticket.startMs);
    if (!this.running || this.plan.model === 'open') return;
    ticket.failures = outcome === 'connect' ? ticket.failures + 1 : 0;
    this.next(ticket);
  };

  /** Closed model: the client's next op, after a back-off when the connection keeps failing. */
  private next(ticket: Ticket): void {
    const delayMs = backoffMs(ticket.failures);
    if (delayMs === 0) {
      this.issue(ticket);
      return;
    }
    const timer = setTimeout(() => {
      this.backoffTimers.delete(timer);
      if (this.running) this.issue(ticket);
    }, delayMs);
    this.backoffTimers.add(timer);
  }

  private startOpen(): void {
    this.nextArrival = arrivalClock(this.recorder.startMs, this.plan.load, this.plan.arrival, this.plan.seed);
    this.nextMs = this.nextArrival();
    this.pump();
  }

  private readonly pump = (): void => {
    this.pumpTimer = null;
    if (!this.running) return;
    const t = now();
    while (this.nextMs <= t && this.nextMs < this.endMs) {
      this.arrive(this.nextMs);
      this.nextMs = this.nextArrival();
    }
    // Whole milliseconds: node keeps one timer list per distinct delay.
    if (this.nextMs < this.endMs) this.pumpTimer = setTimeout(this.pump, Math.max(1, Math.floor(this.nextMs - now())));
  };

  private arrive(intendedMs: number): void {
    if (this.inFlight.size >= this.plan.maxInFlight) {
      this.recorder.arrival(intendedMs, true);
      return;
    }
    this.recorder.arrival(intendedMs, false);
    this.send({ client: this.arrivals++, startMs: intendedMs, pending: null, bytes: 0, failures: 0 });
  }

  private readonly sweepTimeouts = (): void => {
    const deadline = now() - this.plan.timeoutMs;
    for (const ticket of this.inFlight) {
      if (ticket.startMs >= deadline) continue;
      ticket.pending?.cancel();
      this.complete(ticket, 'timeout');
    }
  };

  private readonly tick = (): void => {
    if (++this.ticks % TICKS_PER_SECOND === 0) this.recorder.rotateRecent();
    this.opts.onTick?.(this.recorder.live(now()));
  };

  private readonly onAbort = (): void => this.finish(false);

  private finish(completed: boolean): void {
    if (!this.running) return;
    this.running = false;
    const endMs = completed ? Math.min(now(), this.endMs) : now();
    if (this.plan.model === 'open' && completed) {
      // Arrivals the timer had not reached by the end were still scheduled in the window: offered, not sent.
      while (this.nextMs < this.endMs) {
        this.recorder.arrival(this.nextMs, false);
        this.nextMs = this.nextArrival();
      }
    }
    this.opts.signal.removeEventListener('abort', this.onAbort);
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.backoffTimers) clearTimeout(t);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.backoffTimers.clear();
    // Ops still in flight at the end are not part of the step: cancel them, uncounted.
    for (const ticket of this.inFlight) ticket.pending?.cancel();
    this.inFlight.clear();
    const outcome = this.recorder.finish(endMs, this.plan.model === 'closed');
    this.opts.onTick?.(this.recorder.live(endMs));
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.(outcome);
  }
}

/** A measurement with nothing in it (the step was aborted before its clock started). */
export function emptyMeasurement(plan: StepPlan): StepOutcome {
  const t = now();
  return new StepRecorder(t, plan.warmupMs, plan.durationMs).finish(t, plan.model === 'closed');
}
