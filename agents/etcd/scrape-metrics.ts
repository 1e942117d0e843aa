// Scrapes an etcd member's /metrics (Prometheus text) and keeps what a step's analysis needs. The
// runner scrapes at the start and end of every step; analyzers/etcd-server.ts diffs the two.
// undici's request, not fetch: fetch refuses some ports outright, and a per-request TLS dispatcher
// is how a client certificate is presented.
import { readFile } from 'node:fs/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { parseEtcdMetrics, type EtcdMetricsSnapshot } from '../../analyzers/etcd-server.js';

export interface ScrapeTls {
  /** CA bundle (PEM file) that signed the server's certificate. */
  ca?: string;
  /** Client certificate and key (PEM files), when etcd wants client-certificate auth. */
  cert?: string;
  key?: string;
}

export interface ScrapeOptions {
  tls?: ScrapeTls;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5000;

async function tlsDispatcher(tls: ScrapeTls): Promise<Dispatcher> {
  const read = async (file: string | undefined, what: string): Promise<Buffer | undefined> => {
    if (!file) return undefined;
    try {
      return await readFile(file);
    } catch (err) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const [ca, cert, key] = await Promise.all([read(tls.ca, 'CA bundle'), read(tls.cert, 'client certificate'), read(tls.key, 'client key')]);
  return new Agent({ connect: { ca, cert, key } });
}

function why(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const code = (err as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer in time';
  return code ? `${code}: ${err.message}` : err.message;
}

/** What to try, for the failures a TLS-protected etcd gives. */
function hint(url: string, err: unknown, tls: ScrapeTls | undefined): string {
  if (!url.startsWith('https:')) return '';
  const text = why(err);
  if (/CERT|certificate|SIGNATURE|self.signed/i.test(text) && !tls?.ca) return ' (give the CA bundle that signed etcd\'s certificate: tls.ca)';
  if (/UND_ERR_SOCKET|ECONNRESET|other side closed|handshake|alert/i.test(text) && !(tls?.cert && tls?.key)) return ' (etcd may want a client certificate: tls.cert and tls.key)';
  return '';
}

/** One scrape of etcd's /metrics. Throws with the URL and the reason when it cannot be read. */
export async function scrapeEtcdMetrics(url: string, opts: ScrapeOptions = {}): Promise<EtcdMetricsSnapshot> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const dispatcher = opts.tls && (opts.tls.ca || opts.tls.cert || opts.tls.key) ? await tlsDispatcher(opts.tls) : undefined;
  try {
    let status: number;
    let text: string;
    try {
      const res = await request(url, { method: 'GET', headers: { accept: 'text/plain' }, signal: AbortSignal.timeout(timeoutMs), dispatcher });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw new Error(`cannot scrape ${url}: ${why(err)}${hint(url, err, opts.tls)}`);
    }
    const atMs = Date.now();
    if (status < 200 || status >= 300) throw new Error(`cannot scrape ${url}: HTTP ${status}${text ? ` (${text.slice(0, 120).trim()})` : ''}`);
    const snapshot = parseEtcdMetrics(text, atMs);
    if (!snapshot.walFsync && snapshot.leaderChanges === null && snapshot.dbSizeBytes === null) {
      throw new Error(`${url} answered, but not with etcd's metrics (no etcd_disk_wal_fsync_duration_seconds, etcd_server_leader_changes_seen_total or DB size); is it an etcd member's /metrics?`);
    }
    return snapshot;
  } finally {
    await dispatcher?.close();
  }
}
