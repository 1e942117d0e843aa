import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, ResponseParser } from './response-parser.js';

interface Seen {
  status: number;
  close: boolean;
}

function parserFor(head = false): { parser: ResponseParser; seen: Seen[] } {
  const seen: Seen[] = [];
  const parser = new ResponseParser({ onResponse: (status, close) => seen.push({ status, close }) }, head);
  return { parser, seen };
}

/** Feed the bytes in pieces of `size`, each through a reused buffer full of stale garbage. */
function feedInPieces(parser: ResponseParser, text: string, size: number): void {
  const bytes = Buffer.from(text, 'latin1');
  const shared = Buffer.alloc(1024, '\r\n\r\nHTTP/1.1 200 OK\r\n\r\n');
  for (let i = 0; i < bytes.length; i += size) {
    const n = bytes.copy(shared, 0, i, Math.min(bytes.length, i + size));
    parser.feed(shared, 0, n);
  }
}

const LENGTH = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello';
const CHUNKED = 'HTTP/1.1 201 Created\r\ntransfer-encoding: Chunked\r\n\r\n5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n';

describe('ResponseParser', () => {
  it('parses a Content-Length response', () => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, LENGTH, 1024);
    expect(seen).toEqual([{ status: 200, close: false }]);
    expect(parser.midResponse).toBe(false);
  });

  it('parses chunked bodies with extensions and trailers', () => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, CHUNKED, 1024);
    expect(seen).toEqual([{ status: 201, close: false }]);
  });

  it('parses several responses arriving in one read', () => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, LENGTH + CHUNKED + 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n', 1024);
    expect(seen.map((s) => s.status)).toEqual([200, 201, 404]);
  });

  it.each([1, 2, 3, 7])('parses responses split into %i-byte reads through a reused buffer', (size) => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, LENGTH + CHUNKED + LENGTH, size);
    expect(seen.map((s) => s.status)).toEqual([200, 201, 200]);
    expect(parser.error).toBeNull();
  });

  it('does not wait for a body after a HEAD request', () => {
    const { parser, seen } = parserFor(true);
    feedInPieces(parser, 'HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', 1024);
    expect(seen).toHaveLength(2);
  });

  it('knows 204 and 304 carry no body', () => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, 'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n', 1024);
    expect(seen.map((s) => s.status)).toEqual([204, 304]);
  });

  it('skips interim 1xx responses', () => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, 'HTTP/1.1 100 Continue\r\n\r\n' + LENGTH, 1024);
    expect(seen.map((s) => s.status)).toEqual([200]);
  });

  it('reads a body without length until the connection closes', () => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, 'HTTP/1.1 200 OK\r\n\r\nsome body', 1024);
    expect(seen).toEqual([]);
    parser.finishAtEof();
    expect(seen).toEqual([{ status: 200, close: true }]);
  });

  it('reports Connection: close, and HTTP/1.0 without keep-alive', () => {
    const { parser, seen } = parserFor();
    feedInPieces(
      parser,
      'HTTP/1.1 200 OK\r\nCONNECTION: Close\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n' +
        'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n',
      1024,
    );
    expect(seen.map((s) => s.close)).toEqual([true, true, false]);
  });

  it('prefers chunked framing over Content-Length', () => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' + LENGTH, 1024);
    expect(seen).toHaveLength(2);
  });

  it.each([
    ['a non-HTTP status line', 'SSH-2.0-OpenSSH\r\n\r\n'],
    ['a bad status code', 'HTTP/1.1 2x0 OK\r\n\r\n'],
    ['a bad Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n'],
    ['a bad chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['a chunk without CRLF', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX'],
  ])('fails on %s and stops', (_name, text) => {
    const { parser, seen } = parserFor();
    feedInPieces(parser, text + LENGTH, 1024);
    expect(parser.error).toEqual(expect.any(String));
    expect(seen).toEqual([]);
  });

  it('fails instead of buffering an endless header block', () => {
    const { parser } = parserFor();
    const big = Buffer.alloc(MAX_HEADER_BYTES + 10, 'a');
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nX: '), 0, 21);
    parser.feed(big, 0, big.length);
    expect(parser.error).toMatch(/too large/);
  });
});
