// What the closed and open loops share: the step's clock (end, warm-up, live ticks, timeout sweep,
// abort) and a clean finish that leaves no socket or timer behind.
import { Buffer } from 'node:buffer';
import type { EncodedRequest } from '../../benches/http.js';
import type { StepMeasurement } from '../../scenarios/result.js';
import type { Connection, ConnectionOwner } from './connection.js';
import type { StepPlan, StepRunOptions } from './engine.js';
import { StepRecorder } from './step-recorder.js';

export type StepOutcome = StepMeasurement & { okPerSecond: number[] };

const TICK_MS = 250;
const TICKS_PER_SECOND = 4;
/** Longest wait for destroyed sockets to report closed before resolving anyway. */
const CLOSE_GRACE_MS = 500;
const READ_BUFFER_BYTES = 64 * 1024;

export const now = (): number => performance.now();

export abstract class LoadLoop implements ConnectionOwner {
  readonly recorder: StepRecorder;
  readonly readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  /** Every connection with a socket (open or opening). */
  protected readonly conns = new Set<Connection>();
  protected running = true;
  protected readonly endMs: number;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private ticks = 0;
  private resolve: ((m: StepOutcome) => void) | null = null;
  private outcome: StepOutcome | null = null;
  private closeWaiter: (() => void) | null = null;

  constructor(
    readonly target: EncodedRequest,
    protected readonly plan: StepPlan,
    private readonly opts: StepRunOptions,
  ) {
    const startMs = now();
    this.recorder = new StepRecorder(startMs, plan.warmupMs, plan.durationMs);
    this.endMs = startMs + plan.durationMs;
  }

  /** Runs the step to its end or until aborted; never rejects. */
  run(): Promise<StepOutcome> {
    return new Promise((resolve) => {
      this.resolve = resolve;
      const { signal } = this.opts;
      if (signal.aborted) return this.finish(false);
      signal.addEventListener('abort', this.onAbort, { once: true });
      this.timers.push(setTimeout(() => this.finish(true), this.plan.durationMs));
      if (this.plan.warmupMs > 0) this.timers.push(setTimeout(() => (this.recorder.measuring = true), this.plan.warmupMs));
      this.timers.push(setInterval(this.tick, TICK_MS));
      const sweepMs = Math.min(250, Math.max(10, this.plan.timeoutMs / 10));
      this.timers.push(setInterval(this.sweepTimeouts, sweepMs));
      this.start();
    });
  }

  protected abstract start(): void;
  /** The step is ending (completed: ran its full duration); stop scheduling new work. */
  protected beforeFinish(_completed: boolean): void {}
  abstract onConnected(conn: Connection): void;
  abstract onResponse(conn: Connection, status: number, close: boolean): void;
  abstract onClosed(conn: Connection): void;

  onParseError(conn: Connection): void {
    this.failRequest(conn, 'other');
  }

  /** Count the outstanding request of conn as failed and drop the connection. */
  protected failRequest(conn: Connection, kind: 'other' | 'timeout'): void {
    if (conn.busy) this.recorder.error(kind, conn.startMs);
    conn.failures++;
    conn.startMs = NaN;
    conn.queued = false;
    conn.destroy();
  }

  /** A timer that finish() clears if it has not fired yet. */
  protected later(fn: () => void, delayMs: number): void {
    const t = setTimeout(() => {
      this.pendingTimers.delete(t);
      fn();
    }, delayMs);
    this.pendingTimers.add(t);
  }

  /** Give conn a socket and track it until onClosed. */
  protected connect(conn: Connection): void {
    this.conns.add(conn);
    conn.open();
  }

  /** Called from onClosed: forget the connection; resolves the step once the last socket is gone. */
  protected forget(conn: Connection): void {
    this.conns.delete(conn);
    if (this.conns.size === 0 && this.closeWaiter) this.closeWaiter();
  }

  private readonly tick = (): void => {
    if (++this.ticks % TICKS_PER_SECOND === 0) this.recorder.rotateRecent();
    this.opts.onTick?.(this.recorder.live(now()));
  };

  private readonly sweepTimeouts = (): void => {
    const deadline = now() - this.plan.timeoutMs;
    for (const conn of this.conns) {
      if (conn.startMs < deadline) this.failRequest(conn, 'timeout');
      // A connect that hangs (closed model: no request yet); onClosed counts it as a connect error.
      else if (!conn.established && conn.openedAtMs < deadline) conn.destroy();
    }
  };

  private readonly onAbort = (): void => this.finish(false);

  private finish(completed: boolean): void {
    if (!this.running) return;
    this.beforeFinish(completed);
    this.running = false;
    const endMs = completed ? Math.min(now(), this.endMs) : now();
    this.opts.signal.removeEventListener('abort', this.onAbort);
    for (const t of this.timers) clearTimeout(t);
    for (const t of this.pendingTimers) clearTimeout(t);
    this.pendingTimers.clear();
    this.outcome = this.recorder.finish(endMs, this.plan.model === 'closed');
    this.opts.onTick?.(this.recorder.live(endMs));
    if (this.conns.size === 0) return this.settle();
    const grace = setTimeout(() => this.settle(), CLOSE_GRACE_MS);
    this.closeWaiter = () => {
      clearTimeout(grace);
      this.settle();
    };
    for (const conn of [...this.conns]) conn.destroy();
  }

  private settle(): void {
    const resolve = this.resolve;
    this.resolve = null;
    this.closeWaiter = null;
    if (resolve && this.outcome) resolve(this.outcome);
  }
}
