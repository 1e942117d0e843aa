// A deliberately plain closed-loop HTTP client for the target's own tests: N keep-alive connections,
// each sending its next request the moment the previous reply has been read. Bounded in time.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ClosedLoopResult {
  /**
   * Σ over connections of (replies − 1) / (last reply − first reply) inside the window. Counting
   * replies in a fixed window would be off by up to N replies, since a closed loop answers in bursts.
   */
  throughputPerSec: number;
  completed: number;
  errors: number;
  /** Latency of each reply in the measured window. */
  latenciesMs: number[];
}

export async function runClosedLoop(url: string, connections: number, opts: { warmupMs: number; measureMs: number }): Promise<ClosedLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const startMs = performance.now();
  const windowStartMs = startMs + opts.warmupMs;
  const endMs = windowStartMs + opts.measureMs;
  const latenciesMs: number[] = [];
  let errors = 0;

  let throughputPerSec = 0;

  const loop = async (): Promise<void> => {
    let first = NaN;
    let last = NaN;
    let replies = 0;
    while (performance.now() < endMs) {
      const sentMs = performance.now();
      const ok = await get(url, agent);
      const doneMs = performance.now();
      if (!ok) {
        errors++;
      } else if (doneMs >= windowStartMs && doneMs < endMs) {
        latenciesMs.push(doneMs - sentMs);
        if (replies === 0) first = doneMs;
        last = doneMs;
        replies++;
      }
    }
    if (replies >= 2) throughputPerSec += ((replies - 1) * 1000) / (last - first);
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
  return { throughputPerSec, completed: latenciesMs.length, errors, latenciesMs };
}

/** One GET; resolves true on a 200 whose body was read, false on any failure. Never rejects. */
export function get(url: string, agent: Agent): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.setTimeout(10_000, () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
