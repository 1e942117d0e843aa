// Closed model: `load` connections, each sending its next request the moment the previous response
// completes. Latency runs from the write, so it never includes time the loop itself was waiting.
import { Connection } from './connection.js';
import { LoadLoop, now } from './load-loop.js';

/** Reconnect back-off after failures in a row: a refused port must not become a hot loop. */
const FIRST_BACKOFF_MS = 10;
const MAX_BACKOFF_MS = 500;

export function backoffMs(failures: number): number {
  return failures <= 0 ? 0 : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (failures - 1));
}

export class ClosedLoop extends LoadLoop {
  protected start(): void {
    const connections = Math.max(1, Math.round(this.plan.load));
    for (let i = 0; i < connections; i++) this.connect(new Connection(this));
  }

  onConnected(conn: Connection): void {
    if (this.running && !conn.busy) conn.send(now());
  }

  onResponse(conn: Connection, status: number, close: boolean): void {
    const t = now();
    this.recorder.response(conn.startMs, t, status);
    conn.startMs = NaN;
    conn.failures = 0;
    if (!this.running) return;
    if (close) conn.destroy();
    else conn.send(t);
  }

  onClosed(conn: Connection): void {
    if (this.running && (conn.busy || !conn.established)) {
      // Refused, or reset before the response: the request (if it was sent) is lost.
      this.recorder.error('connect', conn.busy ? conn.startMs : now());
      conn.failures++;
    }
    conn.startMs = NaN;
    conn.queued = false;
    this.forget(conn);
    if (!this.running) return;
    const delayMs = backoffMs(conn.failures);
    if (delayMs === 0) this.connect(conn);
    else this.later(() => this.connect(conn), delayMs);
  }
}
