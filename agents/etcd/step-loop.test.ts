// The step loop on a fake workload (no etcd): what it counts, drains, cancels and drops.
import { describe, expect, it } from 'vitest';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
import type { StepPlan } from '../load-engine.js';
import type { CallFailure, PendingCall } from './channel.js';
import { EtcdStepLoop, MAX_ERROR_SAMPLES, type Complete, type OpOutcome, type OpSource, type Ticket } from './step-loop.js';

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
  /** Answers given to the loop, counted or not. */
  answered = 0;
  maxInFlight = 0;
  inFlight = 0;
  stats: Record<string, number> | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly outcome: (n: number) => OpOutcome | CallFailure = () => 'ok',
  ) {}

  stepStats(): Record<string, number> {
    return this.stats ?? {};
  }

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
          this.answered++;
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
    // The 4 ops in flight at the end answered during the drain: nothing cancelled, nothing counted.
    expect(source.cancelled).toBe(0);
    expect(source.answered).toBe(m.ok + 4);
    expect(m.sent).toBe(m.ok + 4);
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

  it('ends promptly on abort with what it measured, cancelling what is in flight', async () => {
    const ac = new AbortController();
    const source = new FakeSource(2);
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 150);
    const m = await new EtcdStepLoop(source, plan({ durationMs: 60_000 }), { signal: ac.signal }).run();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(m.ok).toBeGreaterThan(0);
    expect(m.durationMs).toBeLessThan(5000);
    expect(source.inFlight).toBe(0);
    expect(source.cancelled).toBe(source.started - source.answered);
  });

  it('leaves warm-up answers out of the measurement', async () => {
    const m = await new EtcdStepLoop(new FakeSource(5), plan({ load: 2, durationMs: 600, warmupMs: 300 }), { signal: signal() }).run();
    expect(m.durationMs).toBeLessThanOrEqual(300);
    // ~2 clients × 300 ms / 5 ms; with warm-up included it would be twice that.
    expect(m.ok).toBeLessThan(2 * (300 / 5) + 10);
  });
});

describe('the end of a completed step', () => {
  it('waits for the ops in flight, then resolves with the figures of the window only', async () => {
    // Answers take 80 ms: the window ends with each of the 3 clients' ops in flight.
    const source = new FakeSource(80);
    const m = await new EtcdStepLoop(source, plan({ load: 3, durationMs: 200 }), { signal: signal() }).run();
    expect(source.cancelled).toBe(0);
    expect(source.inFlight).toBe(0);
    // Those 3 answered after the window: given to the loop, in no figure.
    expect(source.answered).toBe(m.ok + 3);
    expect(m.sent).toBe(m.ok + 3);
    expect(summarizeEncodedMs(m.histogram).count).toBe(m.ok);
  });

  it('cancels what is still in flight after min(timeout, 5 s), counting it nowhere', async () => {
    const source = new FakeSource(Infinity);
    const t0 = performance.now();
    const m = await new EtcdStepLoop(source, plan({ load: 4, durationMs: 100, timeoutMs: 400 }), { signal: signal() }).run();
    // Timers never fire early: it waited the 400 ms drain (1 ms of clock granularity aside).
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100 + 400 - 2);
    expect(source.cancelled).toBe(4);
    expect(source.inFlight).toBe(0);
    expect(m.sent).toBe(4);
    expect(m.ok + m.errors.timeout + m.errors.connect + m.errors.non2xx + m.errors.other).toBe(0);
  });

  it('stops waiting and cancels at once when aborted during the drain', async () => {
    const ac = new AbortController();
    const source = new FakeSource(Infinity);
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 300);
    // The drain would last 5 s (min(60 s, 5 s)); the abort ends it.
    const m = await new EtcdStepLoop(source, plan({ load: 4, durationMs: 100, timeoutMs: 60_000 }), { signal: ac.signal }).run();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(source.cancelled).toBe(4);
    expect(m.sent).toBe(4);
  });

  it('cancels at once on an abort before the end, without a drain', async () => {
    const ac = new AbortController();
    const source = new FakeSource(Infinity);
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 100);
    await new EtcdStepLoop(source, plan({ load: 4, durationMs: 60_000, timeoutMs: 60_000 }), { signal: ac.signal }).run();
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(source.cancelled).toBe(4);
    expect(source.inFlight).toBe(0);
  });

  it('reads the workload\'s stats as the window ends, before the drain', async () => {
    const source = new FakeSource(50);
    source.stats = { succeeded: 1 };
    const loop = new EtcdStepLoop(source, plan({ load: 2, durationMs: 120 }), { signal: signal() });
    // The answers of the drain would change the stats if they were read after it.
    setTimeout(() => (source.stats = { succeeded: 7, failed: 2 }), 130);
    const m = await loop.run();
    expect(m.workloadStats).toEqual({ succeeded: 1 });
    expect(await new EtcdStepLoop(new FakeSource(5), plan({ durationMs: 50 }), { signal: signal() }).run()).not.toHaveProperty('workloadStats');
  });
});

describe('error samples', () => {
  const failure = (kind: CallFailure['kind'], message: string): CallFailure => ({ kind, code: 8, message });

  it('keeps the first 5 distinct messages of counted errors, and counts every error', async () => {
    const messages = ['etcdserver: mvcc: database space exceeded', 'etcdserver: too many requests', 'a', 'a', 'b', 'c', 'd', 'e'];
    const source = new FakeSource(2, (n) => failure('non2xx', messages[n % messages.length]!));
    const m = await new EtcdStepLoop(source, plan({ load: 1, durationMs: 300 }), { signal: signal() }).run();
    expect(m.errorSamples).toEqual(['etcdserver: mvcc: database space exceeded', 'etcdserver: too many requests', 'a', 'b', 'c']);
    expect(MAX_ERROR_SAMPLES).toBe(5);
    // The one op in flight at the end answered during the drain: uncounted.
    expect(m.errors.non2xx).toBe(m.sent - 1);
  });

  it('leaves out warm-up errors and keeps no samples for a clean step', async () => {
    const warm = await new EtcdStepLoop(new FakeSource(2, (n) => (n < 3 ? failure('non2xx', 'early') : 'ok')), plan({ load: 1, durationMs: 400, warmupMs: 200 }), { signal: signal() }).run();
    expect(warm.errors.non2xx).toBe(0);
    expect(warm).not.toHaveProperty('errorSamples');
    const clean = await new EtcdStepLoop(new FakeSource(2), plan({ load: 1, durationMs: 100 }), { signal: signal() }).run();
    expect(clean).not.toHaveProperty('errorSamples');
  });
});

describe('open model', () => {
  it('sends on schedule and drops arrivals beyond maxInFlight', async () => {
    // Answers only after the step: the first 10 arrivals hold every slot to the end.
    const source = new FakeSource(600);
    const m = await new EtcdStepLoop(source, plan({ model: 'open', load: 200, durationMs: 500, maxInFlight: 10 }), { signal: signal() }).run();
    expect(m.offered).toBe(100);
    expect(m.sent).toBe(10);
    expect(m.dropped).toBe(90);
    expect(source.maxInFlight).toBe(10);
  });

  it('with whenBusy: queue, holds arrivals for a free client instead of dropping them, timed from when they were due', async () => {
    // Two clients, each op takes 50 ms, 100 arrivals/s: 40 ops/s of capacity against 100 due.
    const source = new FakeSource(50);
    const m = await new EtcdStepLoop(source, plan({ model: 'open', load: 100, durationMs: 1000, maxInFlight: 2, whenBusy: 'queue' }), { signal: signal() }).run();
    expect(m.offered).toBe(100);
    expect(m.dropped).toBe(0);
    expect(source.maxInFlight).toBe(2);
    // Only what two clients can do got answered, and the queue's wait is in the latency: the last
    // answered ops were due hundreds of ms before they were sent.
    expect(m.ok).toBeGreaterThan(20);
    expect(m.ok).toBeLessThanOrEqual(40);
    const latency = summarizeEncodedMs(m.histogram);
    expect(latency.min).toBeGreaterThanOrEqual(49);
    expect(latency.max).toBeGreaterThan(300);
  });

  it('with whenBusy: queue, fails an arrival that waited longer than the timeout as a timeout', async () => {
    const source = new FakeSource(Infinity);
    const m = await new EtcdStepLoop(source, plan({ model: 'open', load: 100, durationMs: 600, maxInFlight: 1, timeoutMs: 200, whenBusy: 'queue' }), { signal: signal() }).run();
    expect(m.dropped).toBe(0);
    expect(m.errors.timeout).toBeGreaterThan(20);
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
