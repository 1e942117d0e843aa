// The 'http' bench: which request to send and how to describe it. Pure: the request is encoded
// once here so an engine's hot loop only writes the same Buffer again and again.
import { Buffer } from 'node:buffer';
import type { HttpBench } from '../scenarios/schema.js';
import { planSteps } from '../scenarios/steps.js';

export type HttpTarget = HttpBench['target'];

export interface EncodedRequest {
  /** Host to connect to (IPv6 without brackets). */
  host: string;
  port: number;
  tls: boolean;
  /** Path and query, as sent on the request line. */
  path: string;
  method: string;
  /** The complete HTTP/1.1 request: request line, headers, blank line, body. */
  raw: Buffer;
}

export interface BenchProblem {
  path: string;
  message: string;
}

export const USER_AGENT = 'headroom/0.1';

/** Headers we compute ourselves; a user value for these would make the request inconsistent. */
const COMPUTED_HEADERS = new Set(['content-length', 'transfer-encoding']);
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\r\n\0]/;

/** Every problem the request would have on the wire, with its path inside the bench. */
export function validateHttpBench(bench: HttpBench, at = ''): BenchProblem[] {
  const problems: BenchProblem[] = [];
  const base = at ? `${at}.target` : 'target';
  for (const [name, value] of Object.entries(bench.target.headers)) {
    if (!TOKEN.test(name)) problems.push({ path: `${base}.headers.${name}`, message: `"${name}" is not a valid header name` });
    if (BAD_VALUE.test(value)) problems.push({ path: `${base}.headers.${name}`, message: 'header values cannot contain line breaks or NUL' });
  }
  if (bench.target.body !== undefined && (bench.target.method === 'GET' || bench.target.method === 'HEAD')) {
    problems.push({ path: `${base}.body`, message: `a ${bench.target.method} request with a body is ignored or refused by most servers` });
  }
  if (bench.engine === 'autocannon' && bench.load.model === 'open') {
    problems.push({ path: at ? `${at}.engine` : 'engine', message: 'the autocannon engine drives the closed model only; use engine: headroom for open-model load' });
  }
  return problems;
}

/** Builds the request bytes once. Throws on a header that would corrupt the request (validate first). */
export function encodeRequest(target: HttpTarget): EncodedRequest {
  const url = new URL(target.url);
  const tls = url.protocol === 'https:';
  const port = url.port ? Number(url.port) : tls ? 443 : 80;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const path = `${url.pathname || '/'}${url.search}`;
  const body = target.body === undefined ? null : Buffer.from(target.body, 'utf8');

  const lines = [`${target.method} ${path} HTTP/1.1`];
  const given = new Set<string>();
  for (const [name, value] of Object.entries(target.headers)) {
    if (!TOKEN.test(name) || BAD_VALUE.test(value)) throw new TypeError(`invalid header ${JSON.stringify(name)}`);
    const lower = name.toLowerCase();
    if (COMPUTED_HEADERS.has(lower)) continue;
    given.add(lower);
    lines.push(`${name}: ${value}`);
  }
  // Defaults go first so a user-supplied Host/User-Agent/Connection replaces them.
  const defaults: string[] = [];
  if (!given.has('host')) defaults.push(`Host: ${url.host}`);
  if (!given.has('user-agent')) defaults.push(`User-Agent: ${USER_AGENT}`);
  if (!given.has('connection')) defaults.push('Connection: keep-alive');
  if (body !== null) defaults.push(`Content-Length: ${body.length}`);
  else if (METHODS_WITH_BODY.has(target.method)) defaults.push('Content-Length: 0');
  lines.splice(1, 0, ...defaults);

  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return { host, port, tls, path, method: target.method, raw: body === null ? head : Buffer.concat([head, body]) };
}

/** One line for progress output and reports. */
export function describeHttpBench(bench: HttpBench): string {
  const { load } = bench;
  const levels = planSteps(load);
  const unit = load.model === 'closed' ? 'connections' : 'req/s';
  const shown = levels.length > 6 ? `${levels.slice(0, 3).join(', ')} … ${levels.at(-1)}` : levels.join(', ');
  const arrival = load.model === 'open' ? `, ${load.arrival} arrivals` : '';
  return `${bench.target.method} ${bench.target.url}: ${load.model} model${arrival}, ${shown} ${unit}, ${load.stepDuration / 1000}s per step (${load.warmup / 1000}s warm-up), engine ${bench.engine}`;
}

export const httpBench = {
  id: 'http',
  validate: validateHttpBench,
  describe: describeHttpBench,
  encodeRequest,
} as const;
