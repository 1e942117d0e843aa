// The header block of an HTTP/1.1 request, read in place: the request line, and only the headers
// that frame the request (Content-Length, Transfer-Encoding) or say what to do with the connection
// (Connection, Expect). Nothing is turned into a string. Pure.
import { Buffer } from 'node:buffer';

export interface RequestHead {
  /** The method is HEAD: the reply carries headers only. */
  head: boolean;
  /** The target is exactly /healthz. */
  health: boolean;
  /** The client keeps the connection after this request (HTTP/1.1 default, or 1.0 keep-alive). */
  keepAlive: boolean;
  /** HTTP/1.0: a reply that keeps the connection must say so. */
  http10: boolean;
  /** The client waits for "100 Continue" before it sends a body. */
  expectContinue: boolean;
}

/** A well-formed header block: what the reply needs, and how the body (if any) is framed. */
export interface ParsedHead {
  req: RequestHead;
  chunked: boolean;
  /** Content-Length, or -1 when absent. */
  length: number;
}

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;

const CONTENT_LENGTH = lowerBytes('content-length');
const TRANSFER_ENCODING = lowerBytes('transfer-encoding');
const CONNECTION = lowerBytes('connection');
const EXPECT = lowerBytes('expect');
const CHUNKED = lowerBytes('chunked');
const CLOSE = lowerBytes('close');
const KEEP_ALIVE = lowerBytes('keep-alive');
const CONTINUE = lowerBytes('100-continue');
const HEALTHZ = Buffer.from('/healthz', 'latin1');

/** RFC 9110 tchar: the bytes a method or a header name may contain. */
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;

function lowerBytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** buf[from, to) equals the lowercase ASCII word, ignoring case (words are letters, digits and -). */
function equalsLower(buf: Buffer, from: number, to: number, word: Uint8Array): boolean {
  if (to - from !== word.length) return false;
  for (let k = 0; k < word.length; k++) if ((buf[from + k]! | 0x20) !== word[k]) return false;
  return true;
}

/** The comma-separated list in buf[from, to) has the token (case-insensitive, whitespace trimmed). */
function hasToken(buf: Buffer, from: number, to: number, token: Uint8Array): boolean {
  let i = from;
  while (i < to) {
    let end = buf.indexOf(44 /* , */, i);
    if (end < 0 || end > to) end = to;
    let a = i;
    let b = end;
    while (a < b && (buf[a] === SP || buf[a] === HT)) a++;
    while (b > a && (buf[b - 1] === SP || buf[b - 1] === HT)) b--;
    if (equalsLower(buf, a, b, token)) return true;
    i = end + 1;
  }
  return false;
}

/** The last token of the comma-separated list in buf[from, to) is `token`. */
function endsWithToken(buf: Buffer, from: number, to: number, token: Uint8Array): boolean {
  let b = to;
  while (b > from && (buf[b - 1] === SP || buf[b - 1] === HT)) b--;
  let a = b;
  while (a > from && buf[a - 1] !== 44 && buf[a - 1] !== SP && buf[a - 1] !== HT) a--;
  return equalsLower(buf, a, b, token);
}

/** Index just past the blank line that ends a header block starting at `from`, or -1. */
export function findHeadEnd(buf: Buffer, from: number): number {
  for (let lf = buf.indexOf(LF, from); lf >= 0; lf = buf.indexOf(LF, lf + 1)) {
    const next = buf[lf + 1];
    if (next === LF) return lf + 2;
    if (next === CR && buf[lf + 2] === LF) return lf + 3;
  }
  return -1;
}

/** The header block buf[from, to) (it ends with its blank line); null when it is not HTTP/1.x. */
export function parseRequestHead(buf: Buffer, from: number, to: number): ParsedHead | null {
  // Request line: method SP request-target SP HTTP/1.x
  let i = from;
  while (TCHAR[buf[i]!] === 1) i++;
  const methodEnd = i;
  if (methodEnd === from || buf[i] !== SP) return null;
  const targetStart = ++i;
  while (i < to && buf[i]! > SP && buf[i] !== 0x7f) i++;
  const targetEnd = i;
  if (targetEnd === targetStart || buf[i] !== SP) return null;
  i++;
  // "HTTP/1." then 0 or 1
  if (buf[i] !== 72 || buf[i + 1] !== 84 || buf[i + 2] !== 84 || buf[i + 3] !== 80 || buf[i + 4] !== 47 || buf[i + 5] !== 49 || buf[i + 6] !== 46) return null;
  const minor = buf[i + 7];
  if (minor !== 48 && minor !== 49) return null;
  i += 8;
  if (buf[i] === CR) i++;
  if (buf[i] !== LF) return null;
  const http10 = minor === 48;

  let length = -1;
  let sawTransferEncoding = false;
  let chunked = false;
  let close = false;
  let keepAlive = false;
  let expectContinue = false;
  // Each header line: name ":" OWS value OWS (CR) LF, up to the blank line that ends the block.
  for (let line = i + 1; ; ) {
    const lf = buf.indexOf(LF, line);
    const lineEnd = buf[lf - 1] === CR ? lf - 1 : lf;
    if (lineEnd === line) break; // the blank line
    let colon = line;
    while (TCHAR[buf[colon]!] === 1) colon++;
    // No name, whitespace before the colon, or a folded continuation line: refused (RFC 9112 §5).
    if (colon === line || buf[colon] !== 58 /* : */) return null;
    let v = colon + 1;
    let vEnd = lineEnd;
    while (v < vEnd && (buf[v] === SP || buf[v] === HT)) v++;
    while (vEnd > v && (buf[vEnd - 1] === SP || buf[vEnd - 1] === HT)) vEnd--;
    const nameLength = colon - line;
    if (nameLength === 14 && equalsLower(buf, line, colon, CONTENT_LENGTH)) {
      const n = parseLength(buf, v, vEnd);
      if (n < 0 || (length >= 0 && n !== length)) return null;
      length = n;
    } else if (nameLength === 17 && equalsLower(buf, line, colon, TRANSFER_ENCODING)) {
      sawTransferEncoding = true;
      chunked = endsWithToken(buf, v, vEnd, CHUNKED);
    } else if (nameLength === 10 && equalsLower(buf, line, colon, CONNECTION)) {
      if (hasToken(buf, v, vEnd, CLOSE)) close = true;
      if (hasToken(buf, v, vEnd, KEEP_ALIVE)) keepAlive = true;
    } else if (nameLength === 6 && equalsLower(buf, line, colon, EXPECT)) {
      expectContinue = equalsLower(buf, v, vEnd, CONTINUE);
    }
    line = lf + 1;
  }
  // A body whose length cannot be known, or is given two ways (request smuggling): refused.
  if (sawTransferEncoding && (!chunked || length >= 0)) return null;

  return {
    req: {
      head: methodEnd - from === 4 && buf[from] === 72 && buf[from + 1] === 69 && buf[from + 2] === 65 && buf[from + 3] === 68,
      health: targetEnd - targetStart === HEALTHZ.length && buf.compare(HEALTHZ, 0, HEALTHZ.length, targetStart, targetEnd) === 0,
      keepAlive: !close && (!http10 || keepAlive),
      http10,
      expectContinue: expectContinue && (chunked || length > 0),
    },
    chunked,
    length,
  };
}

/** 1*DIGIT, at most 15 of them; -1 otherwise. */
function parseLength(buf: Buffer, from: number, to: number): number {
  if (to === from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}
