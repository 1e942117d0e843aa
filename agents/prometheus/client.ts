// A small client for the Prometheus HTTP query API (/api/v1/query and /api/v1/query_range), which
// VictoriaMetrics, Thanos and Mimir serve too. undici's request, not fetch: fetch refuses some ports
// outright (6000, 6665…), which a port-forward may well use. Queries go as form-encoded POSTs, so long PromQL never
// meets a URL length limit; each request has a deadline; every failure becomes a PrometheusError
// whose message says what to check. Long ranges are split so no request exceeds Prometheus' limit of
// 11,000 points per series, and the pieces are joined back per series.
import { request } from 'undici';
import type { Point } from '../../analyzers/right-size-types.js';

export type PrometheusErrorKind = 'unreachable' | 'timeout' | 'http' | 'query' | 'bad-response';

export class PrometheusError extends Error {
  constructor(message: string, readonly kind: PrometheusErrorKind, readonly errorType?: string) {
    super(message);
    this.name = 'PrometheusError';
  }
}

export interface PrometheusClientOptions {
  /** Base URL, e.g. http://127.0.0.1:9090 or http://vmselect:8481/select/0/prometheus; user:password@ becomes basic auth. */
  url: string;
  /** Per request; also sent as the query's `timeout` so the server stops working on it too. */
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Points per series per request (Prometheus refuses more than 11,000). */
  maxPointsPerRequest?: number;
}

export interface Labels {
  [name: string]: string;
}

export interface MatrixSeries {
  labels: Labels;
  points: Point[];
}

export interface VectorSample {
  labels: Labels;
  value: number;
}

export interface RangeOptions {
  startMs: number;
  endMs: number;
  stepMs: number;
}

export interface PrometheusClient {
  /** The base URL without credentials, for messages. */
  readonly url: string;
  /** Warnings Prometheus attached to answers so far (e.g. partial data from a federated store). */
  readonly warnings: string[];
  query(promql: string, atMs: number): Promise<VectorSample[]>;
  queryRange(promql: string, range: RangeOptions): Promise<MatrixSeries[]>;
}

interface ApiAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  warnings?: string[];
  data?: { resultType?: string; result?: unknown };
}

const MAX_POINTS = 10_000;

export function createPrometheusClient(opts: PrometheusClientOptions): PrometheusClient {
  const base = new URL(opts.url);
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (base.username || base.password) {
    const user = decodeURIComponent(base.username);
    const pass = decodeURIComponent(base.password);
    headers.authorization ??= `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  const root = base.href.replace(/\/+$/, '');
  const warnings: string[] = [];
  const maxPoints = Math.max(2, opts.maxPointsPerRequest ?? MAX_POINTS);

  async function call(path: string, params: Record<string, string>): Promise<ApiAnswer['data']> {
    const endpoint = `${root}${path}`;
    const body = new URLSearchParams({ ...params, timeout: `${Math.max(1, Math.ceil(opts.timeoutMs / 1000))}s` });
    let status: number;
    let text: string;
    try {
      const res = await request(endpoint, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw describeFetchFailure(err, root, opts.timeoutMs, params.query ?? '');
    }
    let answer: ApiAnswer | null = null;
    try {
      answer = JSON.parse(text) as ApiAnswer;
    } catch {
      /* not JSON: reported below with the status */
    }
    if (answer?.status === 'error') {
      const kind = answer.errorType === 'timeout' ? 'timeout' : 'query';
      throw new PrometheusError(`Prometheus rejected the query (${answer.errorType ?? `HTTP ${status}`}): ${answer.error ?? 'no message'}\n  query: ${params.query}`, kind, answer.errorType);
    }
    const ok = status >= 200 && status < 300;
    if (!ok || answer?.status !== 'success') {
      const hint = status === 404 || !answer ? '; is --prometheus the server\'s base URL (e.g. http://127.0.0.1:9090, without /api/v1)?' : '';
      const what = ok ? 'an answer that is not the Prometheus query API' : `HTTP ${status}`;
      throw new PrometheusError(`${endpoint} gave ${what}${hint}${text ? `\n  body: ${text.slice(0, 200)}` : ''}`, ok ? 'bad-response' : 'http');
    }
    if (Array.isArray(answer.warnings)) warnings.push(...answer.warnings.map(String));
    return answer.data;
  }

  return {
    url: root,
    warnings,
    async query(promql, atMs) {
      const data = await call('/api/v1/query', { query: promql, time: seconds(atMs) });
      if (data?.resultType !== 'vector' || !Array.isArray(data.result)) {
        throw new PrometheusError(`expected an instant vector from the query, got ${data?.resultType ?? 'nothing'}\n  query: ${promql}`, 'bad-response');
      }
      return (data.result as Array<{ metric?: Labels; value?: [number, string] }>).flatMap((s) => {
        const v = Number(s.value?.[1]);
        return Number.isFinite(v) ? [{ labels: s.metric ?? {}, value: v }] : [];
      });
    },
    async queryRange(promql, range) {
      const merged = new Map<string, MatrixSeries>();
      for (const [startMs, endMs] of splitRange(range, maxPoints)) {
        const data = await call('/api/v1/query_range', { query: promql, start: seconds(startMs), end: seconds(endMs), step: seconds(range.stepMs) });
        if (data?.resultType !== 'matrix' || !Array.isArray(data.result)) {
          throw new PrometheusError(`expected a range vector (matrix) from the query, got ${data?.resultType ?? 'nothing'}\n  query: ${promql}`, 'bad-response');
        }
        for (const s of data.result as Array<{ metric?: Labels; values?: Array<[number, string]> }>) {
          const labels = s.metric ?? {};
          const key = labelKey(labels);
          const into = merged.get(key) ?? { labels, points: [] };
          merged.set(key, into);
          for (const [t, v] of s.values ?? []) {
            const value = Number(v);
            if (Number.isFinite(value)) into.points.push({ tMs: Math.round(t * 1000), value });
          }
        }
      }
      return [...merged.values()];
    },
  };
}

/** [start, end] pairs, each with at most `maxPoints` evaluation steps, covering the range's steps once. */
export function splitRange(range: RangeOptions, maxPoints: number): Array<[number, number]> {
  const { startMs, endMs, stepMs } = range;
  const out: Array<[number, number]> = [];
  const span = (maxPoints - 1) * stepMs;
  for (let s = startMs; s <= endMs; s += span + stepMs) out.push([s, Math.min(endMs, s + span)]);
  return out;
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

/** Seconds since the epoch with millisecond precision, as the API takes them. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3).replace(/\.?0+$/, '');
}

function describeFetchFailure(err: unknown, root: string, timeoutMs: number, query: string): PrometheusError {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new PrometheusError(`Prometheus at ${root} did not answer within ${timeoutMs / 1000} s; raise --timeout, or ask for less (a shorter --window, a coarser --step, fewer --namespace)\n  query: ${query}`, 'timeout');
  }
  const code = e.code ?? e.cause?.code ?? e.message ?? String(err);
  return new PrometheusError(`cannot reach Prometheus at ${root} (${code}); check --prometheus, or port-forward to it: kubectl -n monitoring port-forward svc/prometheus-operated 9090`, 'unreachable');
}
