import { describe, expect, it } from 'vitest';
import { createDelayModel, describeTarget, theoreticalCapacity, uslDelayMs, uslThroughput, validateModel, type DelayModel, type ModelSpec } from './models.js';

/** N clients that resend the moment they get a reply, thinkMs later; completions per second of model time. */
function simulateClosedLoop(spec: ModelSpec, clients: number, thinkMs = 0, seconds = 20): number {
  const model = createDelayModel<number>(spec);
  const returning: { atMs: number; id: number }[] = [];
  for (let id = 0; id < clients; id++) model.admit(id, 0);
  let completed = 0;
  const warmupMs = 2000;
  const endMs = warmupMs + seconds * 1000;
  for (;;) {
    const nextReturn = returning.reduce((m, r) => Math.min(m, r.atMs), Infinity);
    const t = Math.min(model.nextDueMs(), nextReturn);
    if (t > endMs) break;
    for (const id of model.advance(t)) {
      if (t >= warmupMs) completed++;
      if (thinkMs === 0) model.admit(id, t);
      else returning.push({ atMs: t + thinkMs, id });
    }
    for (let i = returning.length - 1; i >= 0; i--) {
      const r = returning[i]!;
      if (r.atMs <= t) {
        model.admit(r.id, r.atMs);
        returning.splice(i, 1);
      }
    }
  }
  return completed / seconds;
}

/** Drives a model by its own due times and records when each request completed. */
function completionTimes<T>(model: DelayModel<T>, arrivals: [T, number][]): Map<T, number> {
  const done = new Map<T, number>();
  const pending = [...arrivals].sort((a, b) => a[1] - b[1]);
  while (pending.length > 0 || model.size > 0) {
    const nextArrival = pending[0]?.[1] ?? Infinity;
    const t = Math.min(nextArrival, model.nextDueMs());
    for (const item of model.advance(t)) done.set(item, t);
    while (pending.length > 0 && pending[0]![1] <= t) {
      const [item, at] = pending.shift()!;
      model.admit(item, at);
    }
  }
  return done;
}

const usl = { model: 'usl', lambda: 100, sigma: 0.05, kappa: 0.002 } as const;

describe('usl model (processor sharing)', () => {
  it('shares the server between requests and re-evaluates the rate when n changes', () => {
    // λ = 1000/s: alone a request takes 1 ms; two together each take 1.5 ms (σ = 0.5).
    const model = createDelayModel<string>({ model: 'usl', lambda: 1000, sigma: 0.5, kappa: 0 });
    const done = completionTimes(model, [['a', 0], ['b', 0.5]]);
    // a has 0.5 units left when b arrives; at 1/1.5 per ms that takes 0.75 ms → 1.25.
    expect(done.get('a')).toBeCloseTo(1.25, 9);
    // b then has 0.5 units left and runs alone at 1 per ms → 1.75.
    expect(done.get('b')).toBeCloseTo(1.75, 9);
  });

  it('matches X(N) exactly in a closed loop without think time', () => {
    for (const n of [1, 4, 8, 22, 40]) {
      const measured = simulateClosedLoop(usl, n);
      expect(Math.abs(measured / uslThroughput(n, usl) - 1), `N=${n}`).toBeLessThan(0.005);
    }
  });

  it('gives each request the USL delay when n stays constant', () => {
    const model = createDelayModel<number>(usl);
    for (let i = 0; i < 10; i++) model.admit(i, 0);
    expect(model.nextDueMs()).toBeCloseTo(uslDelayMs(10, usl), 9);
    expect(model.advance(uslDelayMs(10, usl))).toHaveLength(10);
  });

  it('is retrograde past the peak', () => {
    const { peakLoad } = theoreticalCapacity(usl);
    const atPeak = simulateClosedLoop(usl, Math.round(peakLoad), 0, 5);
    const beyond = simulateClosedLoop(usl, 60, 0, 5);
    expect(beyond).toBeLessThan(atPeak * 0.85);
  });

  it('does not drift when it is advanced late', () => {
    const arrivals: [number, number][] = [[1, 0], [2, 3.3], [3, 7.1], [4, 7.2], [5, 30]];
    const exact = completionTimes(createDelayModel<number>(usl), arrivals);
    const late = createDelayModel<number>(usl);
    for (const [item, at] of arrivals) late.admit(item, at); // never advanced in between
    expect(late.nextDueMs()).toBeCloseTo(exact.get(5)!, 9);
    expect(late.advance(1000)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('fixed model (K workers, FIFO queue)', () => {
  const fixed = { model: 'fixed', workers: 2, serviceMs: 10 } as const;

  it('serves the queue in order, each request taking S once a worker is free', () => {
    const done = completionTimes(createDelayModel<string>(fixed), [['a', 0], ['b', 3], ['c', 4], ['d', 5]]);
    expect([...done.entries()]).toEqual([['a', 10], ['b', 13], ['c', 20], ['d', 23]]);
  });

  it('starts a queued request when the worker was freed, not when the caller noticed', () => {
    const model = createDelayModel<string>(fixed);
    for (const [item, at] of [['a', 0], ['b', 0], ['c', 0]] as const) model.admit(item, at);
    expect(model.advance(15)).toEqual(['a', 'b']);
    expect(model.nextDueMs()).toBe(20);
  });

  it('delivers K/S above K clients and N/S below', () => {
    const spec = { model: 'fixed', workers: 8, serviceMs: 10 } as const;
    expect(simulateClosedLoop(spec, 32)).toBeCloseTo(800, 0);
    expect(simulateClosedLoop(spec, 4)).toBeCloseTo(400, 0);
    // With think time clients are away part of the time: 4 clients × 1 / (10 + 2.5 ms) = 320/s.
    expect(simulateClosedLoop(spec, 4, 2.5)).toBeCloseTo(320, 0);
  });
});

describe('theoreticalCapacity', () => {
  it('puts the usl peak at N* = √((1−σ)/κ) where X is maximal', () => {
    const cap = theoreticalCapacity(usl);
    expect(cap.peakLoad).toBeCloseTo(Math.sqrt(0.95 / 0.002), 9);
    expect(cap.peakThroughput).toBeCloseTo(uslThroughput(cap.peakLoad, usl), 9);
    for (const n of [1, 10, 21, 23, 50]) expect(uslThroughput(n, usl)).toBeLessThanOrEqual(cap.peakThroughput);
  });

  it('has no peak without coherency cost', () => {
    expect(theoreticalCapacity({ model: 'usl', lambda: 100, sigma: 0.1, kappa: 0 })).toEqual({ peakLoad: Infinity, peakThroughput: 1000 });
    expect(theoreticalCapacity({ model: 'usl', lambda: 100, sigma: 0, kappa: 0 }).peakThroughput).toBe(Infinity);
  });

  it('gives K/S for the fixed model', () => {
    expect(theoreticalCapacity({ model: 'fixed', workers: 8, serviceMs: 10 })).toEqual({ peakLoad: 8, peakThroughput: 800 });
  });
});

describe('describeTarget', () => {
  it('states the model and its theoretical capacity', () => {
    expect(describeTarget({ model: 'fixed', workers: 8, serviceMs: 10 })).toBe('model fixed: 8 workers × 10ms → capacity 800 req/s');
    expect(describeTarget({ model: 'usl', lambda: 100, sigma: 0.03, kappa: 0.0008 })).toBe('model usl: λ=100 σ=0.03 κ=0.0008 → peak N*=34.8 at 1,178 req/s');
    expect(describeTarget({ model: 'usl', lambda: 100, sigma: 0.1, kappa: 0 })).toMatch(/no peak .* 1,000 req\/s/);
    expect(describeTarget({ model: 'usl', lambda: 50, sigma: 0, kappa: 0 })).toMatch(/linearly: 50 req\/s/);
  });
});

describe('validateModel', () => {
  it('reports every bad parameter', () => {
    expect(validateModel({ model: 'usl', lambda: 0, sigma: 1.5, kappa: -1 }).map((p) => p.field)).toEqual(['lambda', 'sigma', 'kappa']);
    expect(validateModel({ model: 'fixed', workers: 2.5, serviceMs: Number.NaN }).map((p) => p.field)).toEqual(['workers', 'serviceMs']);
    expect(validateModel(usl)).toEqual([]);
  });

  it('refuses to build an invalid model', () => {
    expect(() => createDelayModel({ model: 'fixed', workers: 0, serviceMs: 10 })).toThrow(/workers/);
  });
});
