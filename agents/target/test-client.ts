// Plain clients for the target's own tests: a closed loop of N node:http keep-alive connections
// (each sending its next request the moment the previous reply has been read; bounded in time),
// and a raw socket for exact bytes on the wire.
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
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

/** A raw TCP connection to the target, for tests that need exact bytes on the wire. */
export class RawClient {
  /** Everything received so far, as latin1 text. */
  received = '';
  ended = false;
  private readonly waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.toString('latin1');
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static async connect(port: number): Promise<RawClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    return new RawClient(socket);
  }

  write(text: string): void {
    this.socket.write(text, 'latin1');
  }

  /** Resolves once `done(received)` holds, or the server closed; rejects after timeoutMs. */
  async until(done: (received: string) => boolean, timeoutMs = 3000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    while (!done(this.received) && !this.ended) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out; received so far: ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  /** Waits for n complete responses (HEAD ones carry no body: pass their positions). */
  async responses(n: number, headAt: number[] = [], timeoutMs?: number): Promise<RawResponse[]> {
    await this.until((text) => splitResponses(text, headAt).length >= n, timeoutMs);
    return splitResponses(this.received, headAt);
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

export interface RawResponse {
  status: number;
  /** Header names lowercased. */
  headers: Record<string, string>;
  body: string;
}

/** The complete responses at the start of `text`, framed by Content-Length. */
export function splitResponses(text: string, headAt: number[] = []): RawResponse[] {
  const out: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end < 0) return out;
    const [statusLine = '', ...lines] = text.slice(at, end).split('\r\n');
    const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    const status = Number(statusLine.split(' ')[1]);
    const length = status < 200 || headAt.includes(out.length) ? 0 : Number(headers['content-length'] ?? 0);
    if (end + 4 + length > text.length) return out;
    out.push({ status, headers, body: text.slice(end + 4, end + 4 + length) });
    at = end + 4 + length;
  }
}

/** n GETs one after another on one connection; the latency of each, ms, from write to full reply. */
export async function measureLatenciesMs(port: number, n: number): Promise<number[]> {
  const client = await RawClient.connect(port);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const before = client.received.length;
      const sentMs = performance.now();
      client.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n');
      await client.until((text) => splitResponses(text.slice(before)).length > 0);
      latencies.push(performance.now() - sentMs);
    }
  } finally {
    client.close();
  }
  return latencies;
}
