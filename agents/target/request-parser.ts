// A minimal HTTP/1.1 request parser for the calibrated target. The target only needs to know where
// each request ends, whether the client keeps the connection, and whether it asked for /healthz or
// HEAD; so the header block is scanned in place for the four headers that say so, and bodies
// (Content-Length or chunked) are skipped without being kept. Bytes are copied only when a header
// block is split across reads. Anything that is not a well-formed request stops the parser: the
// connection answers 400 (431 for an oversized header block) and closes.
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

export interface RequestHandler {
  /** A request's header block is complete (its body, if any, follows and is skipped). */
  onRequest(req: RequestHead): void;
  /** Not HTTP/1.x: nothing more is parsed on this connection. */
  onBadRequest(status: 400 | 431): void;
}

/** Header blocks (and chunked trailers) larger than this are refused rather than buffered. */
export const MAX_HEADER_BYTES = 64 * 1024;

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;

const enum State {
  /** Before a request line: stray CRLFs between requests are skipped (RFC 9112 §2.2). */
  Start,
  Head,
  Length,
  ChunkSize,
  ChunkExt,
  ChunkSizeLf,
  ChunkData,
  ChunkDataCr,
  ChunkDataLf,
  TrailerStart,
  TrailerLine,
  TrailerLf,
  /** After a request that closes the connection: later bytes are ignored. */
  Done,
  Failed,
}

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

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Index just past the blank line that ends a header block starting at `from`, or -1. */
function findHeadEnd(buf: Buffer, from: number): number {
  for (let lf = buf.indexOf(LF, from); lf >= 0; lf = buf.indexOf(LF, lf + 1)) {
    const next = buf[lf + 1];
    if (next === LF) return lf + 2;
    if (next === CR && buf[lf + 2] === LF) return lf + 3;
  }
  return -1;
}

export class RequestParser {
  private state = State.Start;
  /** The start of a header block that has not fully arrived. */
  private pending: Buffer | null = null;
  private remaining = 0;
  private sawDigit = false;
  private trailerBytes = 0;
  private keepAlive = true;

  constructor(private readonly handler: RequestHandler) {}

  /** Parses the next bytes of the connection; calls the handler for each request, in order. */
  feed(chunk: Buffer): void {
    let buf = chunk;
    let i = 0;
    if (this.pending !== null) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    const end = buf.length;
    while (i < end) {
      switch (this.state) {
        case State.Start:
          while (i < end && (buf[i] === CR || buf[i] === LF)) i++;
          if (i < end) this.state = State.Head;
          break;
        case State.Head: {
          const headEnd = findHeadEnd(buf, i);
          if (headEnd < 0) {
            if (end - i > MAX_HEADER_BYTES) return this.fail(431);
            this.pending = Buffer.from(buf.subarray(i, end));
            return;
          }
          if (headEnd - i > MAX_HEADER_BYTES) return this.fail(431);
          if (!this.parseHead(buf, i, headEnd)) return;
          i = headEnd;
          break;
        }
        case State.Length: {
          const take = Math.min(end - i, this.remaining);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishRequest();
          break;
        }
        case State.ChunkSize: {
          const c = buf[i++]!;
          const v = hexValue(c);
          if (v >= 0) {
            // Chunks of 2^48 bytes and more are garbage, and would lose integer precision below.
            if (this.remaining >= 2 ** 44) return this.fail(400);
            this.remaining = this.remaining * 16 + v;
            this.sawDigit = true;
          } else if (!this.sawDigit) return this.fail(400);
          else if (c === CR) this.state = State.ChunkSizeLf;
          else if (c === LF) this.endChunkSizeLine();
          else if (c === 59 /* ; */ || c === SP || c === HT) this.state = State.ChunkExt;
          else return this.fail(400);
          break;
        }
        case State.ChunkExt: {
          const lf = buf.indexOf(LF, i);
          if (lf < 0) i = end;
          else {
            i = lf + 1;
            this.endChunkSizeLine();
          }
          break;
        }
        case State.ChunkSizeLf:
          if (buf[i++] !== LF) return this.fail(400);
          this.endChunkSizeLine();
          break;
        case State.ChunkData: {
          const take = Math.min(end - i, this.remaining);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.ChunkDataCr;
          break;
        }
        case State.ChunkDataCr: {
          const c = buf[i++];
          if (c === CR) this.state = State.ChunkDataLf;
          else if (c === LF) this.startChunk();
          else return this.fail(400);
          break;
        }
        case State.ChunkDataLf:
          if (buf[i++] !== LF) return this.fail(400);
          this.startChunk();
          break;
        case State.TrailerStart: {
          const c = buf[i++];
          if (c === LF) this.finishRequest();
          else this.state = c === CR ? State.TrailerLf : State.TrailerLine;
          break;
        }
        case State.TrailerLine: {
          const lf = buf.indexOf(LF, i);
          this.trailerBytes += (lf < 0 ? end : lf + 1) - i;
          if (this.trailerBytes > MAX_HEADER_BYTES) return this.fail(431);
          if (lf < 0) i = end;
          else {
            i = lf + 1;
            this.state = State.TrailerStart;
          }
          break;
        }
        case State.TrailerLf:
          if (buf[i++] !== LF) return this.fail(400);
          this.finishRequest();
          break;
        case State.Done:
        case State.Failed:
          return;
      }
    }
  }

  private fail(status: 400 | 431): void {
    this.state = State.Failed;
    this.pending = null;
    this.handler.onBadRequest(status);
  }

  private startChunk(): void {
    this.state = State.ChunkSize;
    this.remaining = 0;
    this.sawDigit = false;
  }

  private endChunkSizeLine(): void {
    if (this.remaining > 0) this.state = State.ChunkData;
    else {
      this.state = State.TrailerStart;
      this.trailerBytes = 0;
    }
  }

  private finishRequest(): void {
    this.state = this.keepAlive ? State.Start : State.Done;
  }

  /** The request line and framing headers of buf[from, to); false (after failing) when malformed. */
  private parseHead(buf: Buffer, from: number, to: number): boolean {
    // Request line: method SP request-target SP HTTP/1.x
    let i = from;
    while (TCHAR[buf[i]!] === 1) i++;
    const methodEnd = i;
    if (methodEnd === from || buf[i] !== SP) return this.failed();
    const targetStart = ++i;
    while (i < to && buf[i]! > SP && buf[i] !== 0x7f) i++;
    const targetEnd = i;
    if (targetEnd === targetStart || buf[i] !== SP) return this.failed();
    i++;
    // "HTTP/1." then 0 or 1
    if (buf[i] !== 72 || buf[i + 1] !== 84 || buf[i + 2] !== 84 || buf[i + 3] !== 80 || buf[i + 4] !== 47 || buf[i + 5] !== 49 || buf[i + 6] !== 46) return this.failed();
    const minor = buf[i + 7];
    if (minor !== 48 && minor !== 49) return this.failed();
    i += 8;
    if (buf[i] === CR) i++;
    if (buf[i] !== LF) return this.failed();
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
      if (colon === line || buf[colon] !== 58 /* : */) return this.failed();
      let v = colon + 1;
      let vEnd = lineEnd;
      while (v < vEnd && (buf[v] === SP || buf[v] === HT)) v++;
      while (vEnd > v && (buf[vEnd - 1] === SP || buf[vEnd - 1] === HT)) vEnd--;
      const nameLength = colon - line;
      if (nameLength === 14 && equalsLower(buf, line, colon, CONTENT_LENGTH)) {
        const n = parseLength(buf, v, vEnd);
        if (n < 0 || (length >= 0 && n !== length)) return this.failed();
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
    if (sawTransferEncoding && (!chunked || length >= 0)) return this.failed();

    this.keepAlive = !close && (!http10 || keepAlive);
    const hasBody = chunked || length > 0;
    this.handler.onRequest({
      head: methodEnd - from === 4 && buf[from] === 72 && buf[from + 1] === 69 && buf[from + 2] === 65 && buf[from + 3] === 68,
      health: targetEnd - targetStart === HEALTHZ.length && buf.compare(HEALTHZ, 0, HEALTHZ.length, targetStart, targetEnd) === 0,
      keepAlive: this.keepAlive,
      http10,
      expectContinue: expectContinue && hasBody,
    });
    if (this.state === State.Failed) return false;
    if (chunked) this.startChunk();
    else if (length > 0) {
      this.state = State.Length;
      this.remaining = length;
    } else this.finishRequest();
    return true;
  }

  private failed(): false {
    this.fail(400);
    return false;
  }
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
