// The step loop on a fake workload (no etcd): what it counts, cancels and drops.
import { describe, expect, it } from 'vitest';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
import type { StepPlan } from '../load-engine.js';
import type { PendingCall } from './channel.js';
import { EtcdStepLoop, type Complete, type OpOutcome, type OpSource, type Ticket } from './step-loop.js';

const plan = (over: Partial<StepPlan> = {}): StepPlan => ({
  model: 'closed',
  load: 4,
  durationMs: 600,
  warmupMs: 0,
  arrival: 'constant',
  maxInFlight: 1000,
  timeoutMs: 10_000,
  seed: 1,
  ...over,
});

/** Answers each op after delayMs with outcome(n) (n: op number); never answers when delayMs is Infinity. */
class FakeSource implements OpSource {
  started = 0;
  cancelled = 0;
  maxInFlight = 0;
  private inFlight = 0;

  constructor(
    private readonly delayMs: number,
    private readonly outcome: (n: number) => OpOutcome = () => 'ok',
  ) {}

  start(ticket: Ticket, complete: Complete): PendingCall {
    const n = this.started++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    ticket.bytes = 10;
    let done = false;
    const timer = Number.isFinite(this.delayMs)
      ? setTimeout(() => {
          done = true;
          this.inFlight--;
          complete(ticket, this.outcome(n));
        }, this.delayMs)
      : null;
    return {
      cancel: () => {
        if (done) return;
        done = true;
        this.inFlight--;
        this.cancelled++;
        if (timer) clearTimeout(timer);
      },
    };
  }
}

const signal = (): AbortSignal => new AbortController().signal;

describe('closed model', () => {
  it('keeps exactly `load` ops in flight and counts every answer', async () => {
    const source = new FakeSource(5);
    const m = await new EtcdStepLoop(source, plan({ load: 4 }), { signal: signal() }).run();
    expect(source.maxInFlight).toBe(4);
    expect(m.ok).toBeGreaterThan(20);
    expect(m.sent).toBe(source.started);
    expect(m.ok).toBeGreaterThanOrEqual(m.sent - 4);
    expect(m.bytesWritten).toBe(10 * m.sent);
    // Everything still in flight at the end is cancelled, not counted.
    expect(source.cancelled).toBe(m.sent - m.ok);
  });

  it('counts errors by class', async () => {
    const kinds: OpOutcome[] = ['ok', 'non2xx', 'timeout', 'other'];
    const m = await new EtcdStepLoop(new FakeSource(2, (n) => kinds[n % 4]!), plan({ load: 1, durationMs: 300 }), { signal: signal() }).run();
    expect(m.errors.non2xx).toBeGreaterThan(3);
    expect(m.errors.timeout).toBeGreaterThan(3);
    expect(m.errors.other).toBeGreaterThan(3);
    expect(m.errors.connect).toBe(0);
    expect(Math.abs(m.ok - m.errors.non2xx)).toBeLessThanOrEqual(1);
  });

  it('does not record silent successes (watch records its own events)', async () => {
    const m = await new EtcdStepLoop(new FakeSource(2, () => 'silent'), plan({ load: 2, durationMs: 200 }), { signal: signal() }).run();
    expect(m.sent).toBeGreaterThan(10);
    expect(m.ok).toBe(0);
  });

  it('cancels an op older than the timeout and counts it, then sends the next', async () => {
    const source = new FakeSource(Infinity);
    const m = await new EtcdStepLoop(source, plan({ load: 2, durationMs: 500, timeoutMs: 100 }), { signal: signal() }).run();
    expect(m.errors.timeout).toBeGreaterThanOrEqual(4);
    expect(source.cancelled).toBeGreaterThanOrEqual(m.errors.timeout);
    expect(source.started).toBeGreaterThan(2);
  });

  it('backs off a client whose connection keeps failing', async () => {
    const source = new FakeSource(0, () => 'connect');
    const m = await new EtcdStepLoop(source, plan({ load: 1, durationMs: 500 }), { signal: signal() }).run();
    // 0, 10, 20, 40, 80, 160 ms … : a handful of tries in half a second, not thousands.
    expect(m.errors.connect).toBeGreaterThan(2);
    expect(m.errors.connect).toBeLessThan(30);
  });

  it('ends promptly on abort with what it measured', async () => {
    const ac = new AbortController();
    const source = new FakeSource(2);
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 150);
    const m = await new EtcdStepLoop(source, plan({ durationMs: 60_000 }), { signal: ac.signal }).run();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(m.ok).toBeGreaterThan(0);
    expect(m.durationMs).toBeLessThan(5000);
  });

  it('leaves warm-up answers out of the measurement', async () => {
    const m = await new EtcdStepLoop(new FakeSource(5), plan({ load: 2, durationMs: 600, warmupMs: 300 }), { signal: signal() }).run();
    expect(m.durationMs).toBeLessThanOrEqual(300);
    // ~2 clients × 300 ms / 5 ms; with warm-up included it would be twice that.
    expect(m.ok).toBeLessThan(2 * (300 / 5) + 10);
  });
});

describe('open model', () => {
  it('sends on schedule and drops arrivals beyond maxInFlight', async () => {
    const source = new FakeSource(Infinity);
    const m = await new EtcdStepLoop(source, plan({ model: 'open', load: 200, durationMs: 500, maxInFlight: 10 }), { signal: signal() }).run();
    expect(m.offered).toBe(100);
    expect(m.sent).toBe(10);
    expect(m.dropped).toBe(90);
    expect(source.maxInFlight).toBe(10);
  });

  it('times each op from its intended send time, so a stalled client shows in the latency', async () => {
    // The fake answers in 1 ms; the event loop is then blocked for 150 ms: the arrivals due in
    // that time go out late, and their latency must include the wait.
    setTimeout(() => {
      const until = performance.now() + 150;
      while (performance.now() < until) {
        /* stall */
      }
    }, 100);
    const m = await new EtcdStepLoop(new FakeSource(1), plan({ model: 'open', load: 100, durationMs: 500 }), { signal: signal() }).run();
    expect(m.offered).toBe(50);
    expect(m.ok).toBeGreaterThan(40);
    const latency = summarizeEncodedMs(m.histogram);
    expect(latency.max).toBeGreaterThan(100);
    expect(latency.p50).toBeLessThan(100);
  });
});
