// The target against a real closed-loop client on loopback. Other tests may be using the 2 cores at
// the same time, and a starved event loop can only make the target slower, never faster: so the upper
// bounds are strict on every attempt, and a measurement below its lower bound is retried (up to 3
// attempts, ~2.5 s each) before it fails. A wrong model is off on every attempt.
import { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { uslThroughput } from './models.js';
import { startTarget, type RunningTarget, type TargetOptions } from './server.js';
import { get, measureLatenciesMs, runClosedLoop, type ClosedLoopResult } from './test-client.js';

const running: RunningTarget[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.close()));
});

async function start(opts: TargetOptions): Promise<RunningTarget> {
  const target = await startTarget(opts);
  running.push(target);
  return target;
}

/** Closed-loop throughput as a fraction of `expected`, retried while it is below `low`. */
async function measureRatio(url: string, connections: number, expected: number, low: number, warmupMs = 500): Promise<{ ratio: number; run: ClosedLoopResult }> {
  let best: { ratio: number; run: ClosedLoopResult } | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const run = await runClosedLoop(url, connections, { warmupMs, measureMs: 2000 });
    const ratio = run.throughputPerSec / expected;
    if (run.errors > 0 || ratio > 1.05) return { ratio, run }; // never excused by contention
    if (!best || ratio > best.ratio) best = { ratio, run };
    if (ratio >= low) break;
  }
  return best!;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

describe('fixed model: 8 workers × 10 ms', () => {
  const spec = { model: 'fixed', workers: 8, serviceMs: 10 } as const;

  it('delivers K/S = 800 req/s to 32 connections, queueing the 24 it cannot serve', async () => {
    const target = await start(spec);
    const { ratio, run } = await measureRatio(target.url, 32, 800, 0.95);
    expect(run.errors).toBe(0);
    expect(ratio).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThan(1.05);
    // 32 clients, 8 served at a time: the other 24 queue, so a reply takes about 32 / 800 = 40 ms.
    expect(median(run.latenciesMs)).toBeGreaterThan(35);
    expect(target.stats().maxInFlight).toBe(32);
  });

  it('serves 4 connections at about 4/S without queueing', async () => {
    const target = await start(spec);
    // Each reply costs the client a fraction of a millisecond before its next request, so 4 clients
    // reach a little under 4 / 10 ms; a target queueing them (or ignoring S) would be far off.
    const { ratio, run } = await measureRatio(target.url, 4, 400, 0.85);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.05);
    expect(median(run.latenciesMs)).toBeGreaterThan(9);
    expect(median(run.latenciesMs)).toBeLessThan(12);
  });
});

describe('usl model: λ=20 σ=0.05 κ=0.002 (peak N*≈21.8)', () => {
  // A small λ (50 ms per request alone) keeps the client's own sub-millisecond turnaround small
  // next to the modelled delay, so what is measured is the model.
  const params = { lambda: 20, sigma: 0.05, kappa: 0.002 };

  for (const n of [1, 10, 30]) {
    it(`gives X(${n}) = ${uslThroughput(n, params).toFixed(1)} req/s to ${n} closed-loop connection${n === 1 ? '' : 's'}, within 5%`, async () => {
      const target = await start({ model: 'usl', ...params });
      const { ratio, run } = await measureRatio(target.url, n, uslThroughput(n, params), 0.95, 700);
      expect(run.errors).toBe(0);
      expect(ratio).toBeGreaterThan(0.95);
      expect(ratio).toBeLessThan(1.05);
    });
  }
});

describe('reply timing on one connection', () => {
  // Node's timers tick in whole milliseconds: a target that waited on them alone would answer a
  // 0.2 ms request after ~1.2 ms, and one that rounded to the nearest tick would answer some 5 ms
  // requests early. What remains here is loopback and parsing (~0.1–0.3 ms on a 2-core VM).
  it('never replies before the service time, and the median is within 0.5 ms of it', async () => {
    for (const serviceMs of [0.2, 5]) {
      const target = await start({ model: 'fixed', workers: 1, serviceMs });
      let medianMs = Infinity;
      for (let attempt = 0; attempt < 3 && medianMs > serviceMs + 0.5; attempt++) {
        const latencies = await measureLatenciesMs(target.port, serviceMs < 1 ? 300 : 60);
        expect(Math.min(...latencies)).toBeGreaterThanOrEqual(serviceMs); // contention cannot make a reply early
        medianMs = Math.min(medianMs, median(latencies));
      }
      expect(medianMs).toBeGreaterThanOrEqual(serviceMs);
      expect(medianMs).toBeLessThan(serviceMs + 0.5);
    }
  });
});

describe('stalls', () => {
  it('holds every reply due during a stall until the stall ends, while /healthz still answers', async () => {
    const target = await start({ model: 'fixed', workers: 64, serviceMs: 5, stallEveryMs: 1000, stallMs: 300 });
    const t0 = performance.now(); // the target's clock started just before startTarget resolved
    const agent = new Agent({ keepAlive: true });
    const sends: Promise<{ sentMs: number; doneMs: number }>[] = [];
    let health: Promise<number> | null = null;
    // One request every 20 ms from 0 to 1.6 s: open loop, so requests keep arriving during the stall.
    await new Promise<void>((done) => {
      const timer = setInterval(() => {
        const sentMs = performance.now() - t0;
        if (sentMs > 1600) {
          clearInterval(timer);
          done();
          return;
        }
        sends.push(get(target.url, agent).then(() => ({ sentMs, doneMs: performance.now() - t0 })));
        if (!health && sentMs > 1100) {
          const h0 = performance.now();
          health = get(`${target.url}healthz`, agent).then(() => performance.now() - h0);
        }
      }, 20);
    });
    const results = await Promise.all(sends);
    const healthMs = await health!;
    agent.destroy();

    const inStall = results.filter((r) => r.sentMs > 1010 && r.sentMs < 1280);
    const wellOutside = results.filter((r) => r.sentMs < 950 || r.sentMs > 1320);
    expect(inStall.length).toBeGreaterThan(8);
    for (const r of inStall) {
      expect(r.doneMs).toBeGreaterThanOrEqual(1299);
      expect(r.doneMs).toBeLessThan(1360);
    }
    // Outside the stall the 5 ms model is all there is (generous bound for a busy machine).
    expect(median(wellOutside.map((r) => r.doneMs - r.sentMs))).toBeLessThan(15);
    expect(healthMs).toBeLessThan(100);
    expect(target.stats().served).toBe(results.length);
  });
});

describe('startTarget', () => {
  it('answers /healthz immediately and sends the configured body size', async () => {
    const target = await start({ model: 'fixed', workers: 1, serviceMs: 200, responseBytes: 1000 });
    const agent = new Agent({ keepAlive: true });
    const h0 = performance.now();
    expect(await get(`${target.url}healthz`, agent)).toBe(true);
    expect(performance.now() - h0).toBeLessThan(150);
    const res = await fetch(target.url, { method: 'POST', body: 'ignored' });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(1000);
    expect(target.stats()).toEqual({ served: 1, inFlight: 0, maxInFlight: 1 });
    agent.destroy();
  });

  it('listens on a free port and reports its url', async () => {
    const target = await start({ model: 'usl', lambda: 100, sigma: 0, kappa: 0 });
    expect(target.port).toBeGreaterThan(0);
    expect(target.url).toBe(`http://127.0.0.1:${target.port}/`);
  });

  it('refuses invalid options, naming each', async () => {
    await expect(startTarget({ model: 'fixed', workers: 0, serviceMs: 10, stallEveryMs: 100, stallMs: 200 })).rejects.toThrow(/workers.*stallMs/);
  });
});
