import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, RequestParser, type RequestHead } from './request-parser.js';

type Event = RequestHead | { bad: 400 | 431 };

function parse(chunks: (string | Buffer)[]): Event[] {
  const events: Event[] = [];
  const parser = new RequestParser({
    onRequest: (req) => events.push(req),
    onBadRequest: (status) => events.push({ bad: status }),
  });
  for (const c of chunks) parser.feed(typeof c === 'string' ? Buffer.from(c, 'latin1') : c);
  return events;
}

/** The same bytes cut at every position, and fed one byte at a time. */
function everySplit(text: string): string[][] {
  const cuts = Array.from({ length: text.length - 1 }, (_, i) => [text.slice(0, i + 1), text.slice(i + 1)]);
  return [...cuts, [...text]];
}

const req = (over: Partial<RequestHead> = {}): RequestHead => ({ head: false, health: false, keepAlive: true, http10: false, expectContinue: false, ...over });

// Three requests back to back: a body by length, a chunked body with an extension and a trailer,
// then a HEAD. A parser that lost its place in any body would see garbage where the next begins.
const PIPELINE =
  'POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\nhello world' +
  'POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n' +
  'HEAD /healthz HTTP/1.1\r\nHost: t\r\n\r\n';
const PIPELINE_EVENTS = [req(), req(), req({ head: true, health: true })];

describe('RequestParser', () => {
  it('reads pipelined requests with length and chunked bodies, in order', () => {
    expect(parse([PIPELINE])).toEqual(PIPELINE_EVENTS);
  });

  it('gives the same requests however the bytes are split', () => {
    for (const chunks of everySplit(PIPELINE)) expect(parse(chunks)).toEqual(PIPELINE_EVENTS);
  });

  it('knows /healthz only by its exact path', () => {
    const events = parse(['GET /healthz HTTP/1.1\r\n\r\nGET /HEALTHZ HTTP/1.1\r\n\r\nGET /healthz?x=1 HTTP/1.1\r\n\r\nPOST /healthz HTTP/1.1\r\n\r\n']);
    expect(events.map((e) => 'health' in e && e.health)).toEqual([true, false, false, true]);
  });

  it('keeps HTTP/1.1 connections unless told to close, and HTTP/1.0 ones only when asked', () => {
    expect(parse(['GET / HTTP/1.1\r\nConnection: Keep-Alive, Upgrade\r\n\r\n'])).toEqual([req()]);
    expect(parse(['GET / HTTP/1.1\r\nconnection:  upgrade ,CLOSE \r\n\r\n'])).toEqual([req({ keepAlive: false })]);
    expect(parse(['GET / HTTP/1.0\r\n\r\n'])).toEqual([req({ keepAlive: false, http10: true })]);
    expect(parse(['GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'])).toEqual([req({ http10: true })]);
  });

  it('reads nothing after a request that closes the connection', () => {
    expect(parse(['GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n', 'garbage'])).toEqual([req({ keepAlive: false })]);
  });

  it('accepts bare LF line endings and skips empty lines between requests', () => {
    expect(parse(['GET / HTTP/1.1\nHost: t\n\n\r\n\r\nGET / HTTP/1.1\r\n\r\n'])).toEqual([req(), req()]);
  });

  it('flags Expect: 100-continue only when a body follows', () => {
    expect(parse(['PUT / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nok'])).toEqual([req({ expectContinue: true })]);
    expect(parse(['GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n'])).toEqual([req()]);
  });

  it('accepts a repeated Content-Length that agrees', () => {
    expect(parse(['POST / HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nokGET / HTTP/1.1\r\n\r\n'])).toEqual([req(), req()]);
  });

  const garbage: Record<string, string> = {
    'not HTTP': 'hello there\r\n\r\n',
    'no request target': 'GET  HTTP/1.1\r\n\r\n',
    'an unknown version': 'GET / HTTP/2.0\r\n\r\n',
    'a space in the method': 'G T / HTTP/1.1\r\n\r\n',
    'a header without a colon': 'GET / HTTP/1.1\r\nHost t\r\n\r\n',
    'whitespace before the colon': 'GET / HTTP/1.1\r\nHost : t\r\n\r\n',
    'a folded header line': 'GET / HTTP/1.1\r\nX-A: 1\r\n  continued\r\n\r\n',
    'a Content-Length that is not a number': 'POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n',
    'two different Content-Lengths': 'POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n',
    'both Transfer-Encoding and Content-Length': 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n',
    'a transfer coding that is not chunked': 'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n',
    'TLS sent to a plain port': '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n',
  };
  for (const [what, bytes] of Object.entries(garbage)) {
    it(`answers 400 to ${what}, and parses nothing more`, () => {
      expect(parse([bytes, 'GET / HTTP/1.1\r\n\r\n'])).toEqual([{ bad: 400 }]);
    });
  }

  it('answers 400 to a malformed chunked body, after the request it belongs to', () => {
    const chunked = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(parse([`${chunked}zz\r\n`, 'GET / HTTP/1.1\r\n\r\n'])).toEqual([req(), { bad: 400 }]);
    expect(parse([`${chunked}2\r\nokX\r\n0\r\n\r\n`])).toEqual([req(), { bad: 400 }]);
    expect(parse([`${chunked}${'f'.repeat(13)}\r\n`])).toEqual([req(), { bad: 400 }]);
  });

  it('answers 400 after the good requests that came before the garbage', () => {
    expect(parse(['GET / HTTP/1.1\r\n\r\nBREW /pot HTCPCP/1.0\r\n\r\n'])).toEqual([req(), { bad: 400 }]);
  });

  it('answers 431 to a header block too large to buffer, even when it never ends', () => {
    const big = `GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(MAX_HEADER_BYTES)}\r\n\r\n`;
    expect(parse([big])).toEqual([{ bad: 431 }]);
    expect(parse(['GET / HTTP/1.1\r\n', ...Array.from({ length: 70 }, () => `X-A: ${'a'.repeat(1000)}\r\n`)])).toEqual([{ bad: 431 }]);
  });

  it('waits for the rest of a request cut anywhere, without answering early', () => {
    expect(parse(['POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab'])).toEqual([req()]); // headers done: admitted
    expect(parse(['GET / HTTP/1.1\r\nHost: t\r\n\r'])).toEqual([]);
    expect(parse(['GET / HTTP/1.1\r\nHost: t\r\n\r', '\nGET'])).toEqual([req()]);
  });
});
