// One step of etcd load, closed or open model, over any workload (workloads.ts). The clock rules
// are the HTTP engine's: StepRecorder applies the warm-up and counts per second, the open model
// follows arrivals.ts and times each op from its intended send time (etcd's own benchmark starts
// its clock after the rate limiter, which hides queueing; we do not), and an op older than the
// timeout is cancelled and counted. The step ends on time or on abort, leaving nothing in flight:
// on time, the ops still in flight may finish (uncounted) before the rest are cancelled, because
// etcd counts a put its client cancelled as a failed proposal, and the bench would trip its own
// guidance; on abort they are cancelled at once.
import type { LiveCounts, StepPlan, StepRunOptions } from '../load-engine.js';
import { arrivalClock } from '../http/arrivals.js';
import { backoffMs } from '../http/closed-loop.js';
import { StepRecorder } from '../http/step-recorder.js';
import type { CallFailure, ErrorClass, PendingCall } from './channel.js';

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

/** A failure passed whole keeps its message for the step's error samples. */
export type Complete = (ticket: Ticket, outcome: OpOutcome | CallFailure) => void;

export interface OpSource {
  /** Starts one op and calls complete exactly once, unless the returned call is cancelled first. */
  start(ticket: Ticket, complete: Complete): PendingCall;
  /** Outcomes ok/errors do not separate (txn compares that failed …), read as the measured window ends. */
  stepStats?(): Record<string, number>;
}

const TICK_MS = 250;
const TICKS_PER_SECOND = 4;
/** The longest a completed step waits for its in-flight ops (also never longer than the op timeout). */
export const MAX_DRAIN_MS = 5000;
/** Distinct error messages a step keeps. */
export const MAX_ERROR_SAMPLES = 5;
const MAX_ERROR_MESSAGE_CHARS = 300;

export type StepOutcome = ReturnType<StepRecorder['finish']>;

export class EtcdStepLoop {
  readonly recorder: StepRecorder;
  private readonly endMs: number;
  private readonly inFlight = new Set<Ticket>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly backoffTimers = new Set<NodeJS.Timeout>();
  private running = true;
  /** The window has ended; ops in flight may still answer, uncounted. */
  private draining = false;
  private drainTimer: NodeJS.Timeout | null = null;
  private outcome: StepOutcome | null = null;
  private readonly errorSamples = new Set<string>();
  private ticks = 0;
  private resolve: ((m: StepOutcome) => void) | null = null;
  // Open model.
  private nextArrival: () => number = () => Infinity;
  private nextMs = Infinity;
  private arrivals = 0;
  /** Intended send times of arrivals waiting for a free client (whenBusy: 'queue'), oldest first. */
  private waiting: number[] = [];
  private waitingHead = 0;
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

  /** True until the measured window ends (drain excluded). */
  isRunning(): boolean {
    return this.running;
  }

  /** A failed op (or a lost watch stream) whose start decides whether it is in the window. */
  recordFailure(failure: Pick<CallFailure, 'kind' | 'message'>, startMs: number): void {
    if (!this.running) return;
    this.recorder.error(failure.kind, startMs);
    if (startMs < this.recorder.measureStartMs || failure.message.length === 0 || this.errorSamples.size >= MAX_ERROR_SAMPLES) return;
    this.errorSamples.add(failure.message.slice(0, MAX_ERROR_MESSAGE_CHARS));
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
    if (this.draining) {
      // Answered after the window: not part of the step.
      if (this.inFlight.size === 0) this.endDrain();
      return;
    }
    const kind = typeof outcome === 'string' ? outcome : outcome.kind;
    if (kind === 'ok') this.recorder.response(ticket.startMs, now(), 200);
    else if (kind !== 'silent') this.recordFailure(typeof outcome === 'string' ? { kind, message: '' } : outcome, ticket.startMs);
    if (!this.running) return;
    if (this.plan.model === 'open') {
      this.sendQueued();
      return;
    }
    ticket.failures = kind === 'connect' ? ticket.failures + 1 : 0;
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
      const queue = this.plan.whenBusy === 'queue';
      this.recorder.arrival(intendedMs, !queue);
      if (queue) this.waiting.push(intendedMs);
      return;
    }
    this.recorder.arrival(intendedMs, false);
    this.sendArrival(intendedMs);
  }

  private sendArrival(intendedMs: number): void {
    this.send({ client: this.arrivals++, startMs: intendedMs, pending: null, bytes: 0, failures: 0 });
  }

  /** A client came free: the oldest queued arrival goes, timed from when it was due. */
  private sendQueued(): void {
    while (this.waitingHead < this.waiting.length && this.inFlight.size < this.plan.maxInFlight) {
      this.sendArrival(this.waiting[this.waitingHead++]!);
    }
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
    }
  }

  /** Queued arrivals older than the timeout fail as timeouts, as an op in flight that long would. */
  private expireQueued(deadline: number): void {
    while (this.waitingHead < this.waiting.length && this.waiting[this.waitingHead]! < deadline) {
      this.recordFailure({ kind: 'timeout', message: '' }, this.waiting[this.waitingHead++]!);
    }
  }

  private readonly sweepTimeouts = (): void => {
    const deadline = now() - this.plan.timeoutMs;
    this.expireQueued(deadline);
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
    if (!this.running) {
      if (this.draining) this.endDrain();
      return;
    }
    this.running = false;
    const endMs = completed ? Math.min(now(), this.endMs) : now();
    if (this.plan.model === 'open' && completed) {
      // Arrivals the timer had not reached by the end were still scheduled in the window: offered, not sent.
      while (this.nextMs < this.endMs) {
        this.recorder.arrival(this.nextMs, false);
        this.nextMs = this.nextArrival();
      }
    }
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.backoffTimers) clearTimeout(t);
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.backoffTimers.clear();
    const outcome: StepOutcome = this.recorder.finish(endMs, this.plan.model === 'closed');
    const stats = this.source.stepStats?.();
    if (stats && Object.keys(stats).length > 0) outcome.workloadStats = { ...stats };
    if (this.errorSamples.size > 0) outcome.errorSamples = [...this.errorSamples];
    this.outcome = outcome;
    this.opts.onTick?.(this.recorder.live(endMs));
    if (completed && this.inFlight.size > 0) {
      // The abort listener stays: Ctrl-C during the drain cancels the rest at once.
      this.draining = true;
      this.drainTimer = setTimeout(() => this.endDrain(), Math.min(this.plan.timeoutMs, MAX_DRAIN_MS));
      return;
    }
    this.endDrain();
  }

  /** Cancels what is still in flight (uncounted) and resolves the step. */
  private endDrain(): void {
    this.draining = false;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    this.opts.signal.removeEventListener('abort', this.onAbort);
    for (const ticket of this.inFlight) ticket.pending?.cancel();
    this.inFlight.clear();
    const resolve = this.resolve;
    this.resolve = null;
    if (this.outcome) resolve?.(this.outcome);
  }
}

/** A measurement with nothing in it (the step was aborted before its clock started). */
export function emptyMeasurement(plan: StepPlan): StepOutcome {
  const t = now();
  return new StepRecorder(t, plan.warmupMs, plan.durationMs).finish(t, plan.model === 'closed');
}
