// The query client against a stub HTTP server on loopback: what it sends, how it joins split ranges,
// and what every kind of failure turns into.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, PrometheusError, splitRange } from './client.js';

interface Seen {
  path: string;
  params: URLSearchParams;
  auth: string | undefined;
  contentType: string | undefined;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let handler: (req: Seen, res: ServerResponse) => void = () => {};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const s: Seen = { path: req.url ?? '', params: new URLSearchParams(body), auth: req.headers.authorization, contentType: req.headers['content-type'] };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function failure(p: Promise<unknown>): Promise<PrometheusError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PrometheusError);
  return err as PrometheusError;
}

describe('splitRange', () => {
  it('covers every step once, in pieces of at most maxPoints steps', () => {
    const pieces = splitRange({ startMs: 0, endMs: 60_000, stepMs: 10_000 }, 3);
    expect(pieces).toEqual([[0, 20_000], [30_000, 50_000], [60_000, 60_000]]);
    expect(splitRange({ startMs: 0, endMs: 20_000, stepMs: 10_000 }, 11_000)).toEqual([[0, 20_000]]);
  });
});

describe('createPrometheusClient', () => {
  it('POSTs the range query as a form under the base path, and joins split ranges per series', async () => {
    seen.length = 0;
    handler = (s, res) => {
      const start = Number(s.params.get('start'));
      const end = Number(s.params.get('end'));
      const step = Number(s.params.get('step'));
      const values: Array<[number, string]> = [];
      for (let t = start; t <= end; t += step) values.push([t, String(t / 10)]);
      json(res, 200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: { pod: 'a' }, values }, { metric: { pod: 'b' }, values: values.slice(0, 1) }] } });
    };
    const client = createPrometheusClient({ url: `${base}/prom/`, timeoutMs: 2000, maxPointsPerRequest: 3 });
    const series = await client.queryRange('up{job="x"}', { startMs: 100_000, endMs: 160_000, stepMs: 10_000 });
    expect(seen.map((s) => s.path)).toEqual(['/prom/api/v1/query_range', '/prom/api/v1/query_range', '/prom/api/v1/query_range']);
    expect(seen[0]!.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(seen[0]!.params)).toEqual({ query: 'up{job="x"}', start: '100', end: '120', step: '10', timeout: '2s' });
    expect(series.find((s) => s.labels.pod === 'a')!.points.map((p) => p.tMs)).toEqual([100_000, 110_000, 120_000, 130_000, 140_000, 150_000, 160_000]);
    expect(series.find((s) => s.labels.pod === 'b')!.points.map((p) => p.value)).toEqual([10, 13, 16]);
  });

  it('reads instant vectors, drops NaN samples and keeps the server\'s warnings', async () => {
    handler = (_s, res) =>
      json(res, 200, { status: 'success', warnings: ['partial response'], data: { resultType: 'vector', result: [{ metric: { pod: 'a' }, value: [1, '2.5'] }, { metric: { pod: 'b' }, value: [1, 'NaN'] }] } });
    const client = createPrometheusClient({ url: base, timeoutMs: 2000 });
    expect(await client.query('x', 1_500)).toEqual([{ labels: { pod: 'a' }, value: 2.5 }]);
    expect(seen.at(-1)!.params.get('time')).toBe('1.5');
    expect(client.warnings).toEqual(['partial response']);
  });

  it('turns URL credentials into basic auth and keeps them out of messages', async () => {
    handler = (_s, res) => json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } });
    const client = createPrometheusClient({ url: base.replace('http://', 'http://me:s%40cret@'), timeoutMs: 2000, headers: { 'x-scope-orgid': 'team' } });
    await client.query('x', 0);
    expect(seen.at(-1)!.auth).toBe(`Basic ${Buffer.from('me:s@cret').toString('base64')}`);
    expect(client.url).toBe(base);
  });

  it('reports a query Prometheus rejects with its error type and the query', async () => {
    handler = (_s, res) => json(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error: unexpected end of input' });
    const err = await failure(createPrometheusClient({ url: base, timeoutMs: 2000 }).query('rate(x[5m]', 0));
    expect(err.kind).toBe('query');
    expect(err.errorType).toBe('bad_data');
    expect(err.message).toBe('Prometheus rejected the query (bad_data): parse error: unexpected end of input\n  query: rate(x[5m]');
  });

  it('reports a server-side query timeout as a timeout', async () => {
    handler = (_s, res) => json(res, 503, { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' });
    expect((await failure(createPrometheusClient({ url: base, timeoutMs: 2000 }).query('x', 0))).kind).toBe('timeout');
  });

  it('says the URL is probably wrong when the answer is not the query API', async () => {
    handler = (_s, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>Not Found</html>');
    };
    const err = await failure(createPrometheusClient({ url: `${base}/grafana`, timeoutMs: 2000 }).query('x', 0));
    expect(err.kind).toBe('http');
    expect(err.message).toMatch(/\/grafana\/api\/v1\/query gave HTTP 404; is --prometheus the server's base URL/);
  });

  it('gives up after the deadline when the server does not answer', async () => {
    handler = () => {}; // never answers
    const err = await failure(createPrometheusClient({ url: base, timeoutMs: 300 }).queryRange('x', { startMs: 0, endMs: 0, stepMs: 1000 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/did not answer within 0\.3 s; raise --timeout/);
  });

  it('rejects an answer of the wrong result type', async () => {
    handler = (_s, res) => json(res, 200, { status: 'success', data: { resultType: 'scalar', result: [0, '1'] } });
    const err = await failure(createPrometheusClient({ url: base, timeoutMs: 2000 }).query('1', 0));
    expect(err.kind).toBe('bad-response');
    expect(err.message).toMatch(/expected an instant vector from the query, got scalar/);
  });
});
