import { describe, expect, it } from 'vitest';
import { httpBenchSchema, type HttpBench } from '../scenarios/schema.js';
import { describeHttpBench, encodeRequest, httpBench, validateHttpBench } from './http.js';

function bench(overrides: Record<string, unknown> = {}, target: Record<string, unknown> = {}): HttpBench {
  return httpBenchSchema.parse({ name: 'api', kind: 'http', target: { url: 'http://127.0.0.1:8080/items?x=1', ...target }, load: { steps: [1, 2] }, ...overrides });
}

describe('encodeRequest', () => {
  it('encodes a GET with Host, User-Agent and keep-alive', () => {
    const r = encodeRequest(bench().target);
    expect(r).toMatchObject({ host: '127.0.0.1', port: 8080, tls: false, path: '/items?x=1', method: 'GET' });
    expect(r.raw.toString('latin1')).toBe('GET /items?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: headroom/0.1\r\nConnection: keep-alive\r\n\r\n');
  });

  it('adds Content-Length for a body and keeps user headers, letting them replace defaults', () => {
    const r = encodeRequest(bench({}, { method: 'POST', body: 'héllo', headers: { 'Content-Type': 'text/plain', 'user-agent': 'me', 'Content-Length': '999' } }).target);
    const text = r.raw.toString('utf8');
    expect(text).toBe('POST /items?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: keep-alive\r\nContent-Length: 6\r\nContent-Type: text/plain\r\nuser-agent: me\r\n\r\nhéllo');
  });

  it('sends Content-Length: 0 for a POST without body', () => {
    expect(encodeRequest(bench({}, { method: 'POST' }).target).raw.toString()).toContain('\r\nContent-Length: 0\r\n');
  });

  it('knows https defaults and IPv6 literals', () => {
    expect(encodeRequest(bench({}, { url: 'https://example.test/' }).target)).toMatchObject({ host: 'example.test', port: 443, tls: true, path: '/' });
    const v6 = encodeRequest(bench({}, { url: 'http://[::1]:9000' }).target);
    expect(v6).toMatchObject({ host: '::1', port: 9000, path: '/' });
    expect(v6.raw.toString()).toContain('Host: [::1]:9000\r\n');
  });

  it('refuses header values that would split the request', () => {
    expect(() => encodeRequest(bench({}, { headers: { X: 'a\r\nEvil: 1' } }).target)).toThrow(/invalid header/);
  });
});

describe('validateHttpBench', () => {
  it('returns every problem with its path', () => {
    const problems = validateHttpBench(bench({ engine: 'autocannon', load: { model: 'open', steps: [10] } }, { body: 'x', headers: { 'bad name': 'v', ok: 'a\nb' } }), 'benches[0]');
    expect(problems.map((p) => p.path)).toEqual(['benches[0].target.headers.bad name', 'benches[0].target.headers.ok', 'benches[0].target.body', 'benches[0].engine']);
  });

  it('accepts a plain bench', () => {
    expect(validateHttpBench(bench())).toEqual([]);
  });
});

describe('describeHttpBench', () => {
  it('says what will be loaded and how', () => {
    expect(httpBench.id).toBe('http');
    expect(describeHttpBench(bench())).toBe('GET http://127.0.0.1:8080/items?x=1: closed model, 1, 2 connections, 5s per step (1s warm-up), engine headroom');
    expect(describeHttpBench(bench({ load: { model: 'open', arrival: 'poisson', ramp: { from: 100, to: 3200, factor: 2 } } }))).toBe(
      'GET http://127.0.0.1:8080/items?x=1: open model, poisson arrivals, 100, 200, 400, 800, 1600, 3200 req/s, 5s per step (1s warm-up), engine headroom',
    );
  });
});
