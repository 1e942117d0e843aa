// A minimal HTTP/1.1 response parser for the load loop. It parses the bytes in place (the read
// buffer is shared by every connection and overwritten on the next read), looks only at the status
// and the three headers that frame a response, and never turns the header block into a string.
// Bytes are copied only when a header block is split across reads.
import { Buffer } from 'node:buffer';

export interface ResponseHandler {
  /** A complete response; `close` when the server will not keep the connection open. */
  onResponse(status: number, close: boolean): void;
}

const CR = 13;
const LF = 10;
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
/** Header blocks larger than this are treated as malformed rather than buffered forever. */
export const MAX_HEADER_BYTES = 64 * 1024;

const enum State {
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
  TrailerEndLf,
  UntilEof,
  Failed,
}

const CONTENT_LENGTH = bytesOf('content-length:');
const TRANSFER_ENCODING = bytesOf('transfer-encoding:');
const CONNECTION = bytesOf('connection:');
const CHUNKED = bytesOf('chunked');
const CLOSE = bytesOf('close');
const KEEP_ALIVE = bytesOf('keep-alive');

function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Case-insensitive prefix match of an ASCII-lowercase pattern at buf[at]. */
function startsWithLower(buf: Buffer, at: number, end: number, pattern: Uint8Array): boolean {
  const n = pattern.length;
  if (at + n > end) return false;
  for (let k = 0; k < n; k++) if ((buf[at + k]! | 0x20) !== pattern[k]) return false;
  return true;
}

/** Case-insensitive search for an ASCII-lowercase word within buf[from, end). */
function containsLower(buf: Buffer, from: number, end: number, word: Uint8Array): boolean {
  const last = end - word.length;
  for (let i = from; i <= last; i++) if (startsWithLower(buf, i, end, word)) return true;
  return false;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

export class ResponseParser {
  /** Why parsing failed; the connection must be dropped once set. */
  error: string | null = null;
  private state = State.Head;
  private pending: Buffer | null = null;
  private status = 0;
  private close = false;
  private remaining = 0;
  private sawDigit = false;

  constructor(
    private readonly handler: ResponseHandler,
    /** Responses to HEAD carry headers that describe a body that is not sent. */
    private readonly headRequests: boolean,
  ) {}

  /** True between the first byte of a response and its end: the connection owes us the rest. */
  get midResponse(): boolean {
    return this.state !== State.Head || this.pending !== null;
  }

  /** Parses buf[start, end). Calls the handler once per complete response; stops at the first error. */
  feed(buf: Buffer, start: number, end: number): void {
    let i = start;
    while (i < end) {
      switch (this.state) {
        case State.Head: {
          if (this.pending !== null) {
            buf = Buffer.concat([this.pending, buf.subarray(i, end)]);
            this.pending = null;
            i = 0;
            end = buf.length;
          }
          const eoh = buf.indexOf(CRLFCRLF, i);
          // A match past `end` lies in stale bytes of a reused buffer: not a match.
          if (eoh < 0 || eoh + 4 > end) {
            if (end - i > MAX_HEADER_BYTES) return this.fail('response header block too large');
            this.pending = Buffer.from(buf.subarray(i, end));
            return;
          }
          if (!this.parseHead(buf, i, eoh)) return;
          i = eoh + 4;
          break;
        }
        case State.Length: {
          const take = end - i < this.remaining ? end - i : this.remaining;
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.complete();
          break;
        }
        case State.ChunkSize: {
          const c = buf[i++]!;
          const v = hexValue(c);
          if (v >= 0) {
            this.remaining = this.remaining * 16 + v;
            this.sawDigit = true;
          } else if (!this.sawDigit) return this.fail('bad chunk size');
          else if (c === CR) this.state = State.ChunkSizeLf;
          else if (c === 59 /* ; */ || c === 32 || c === 9) this.state = State.ChunkExt;
          else return this.fail('bad chunk size');
          break;
        }
        case State.ChunkExt: {
          const cr = buf.indexOf(CR, i);
          if (cr < 0 || cr >= end) i = end;
          else {
            i = cr + 1;
            this.state = State.ChunkSizeLf;
          }
          break;
        }
        case State.ChunkSizeLf:
          if (buf[i++] !== LF) return this.fail('bad chunk size line');
          this.state = this.remaining === 0 ? State.TrailerStart : State.ChunkData;
          break;
        case State.ChunkData: {
          const take = end - i < this.remaining ? end - i : this.remaining;
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.ChunkDataCr;
          break;
        }
        case State.ChunkDataCr:
          if (buf[i++] !== CR) return this.fail('chunk not followed by CRLF');
          this.state = State.ChunkDataLf;
          break;
        case State.ChunkDataLf:
          if (buf[i++] !== LF) return this.fail('chunk not followed by CRLF');
          this.state = State.ChunkSize;
          this.remaining = 0;
          this.sawDigit = false;
          break;
        case State.TrailerStart:
          this.state = buf[i++] === CR ? State.TrailerEndLf : State.TrailerLine;
          break;
        case State.TrailerLine: {
          const lf = buf.indexOf(LF, i);
          if (lf < 0 || lf >= end) i = end;
          else {
            i = lf + 1;
            this.state = State.TrailerStart;
          }
          break;
        }
        case State.TrailerEndLf:
          if (buf[i++] !== LF) return this.fail('bad chunked trailer');
          this.complete();
          break;
        case State.UntilEof:
          i = end;
          break;
        case State.Failed:
          return;
      }
    }
  }

  /** The connection reached EOF: a body delimited by the close is now complete. */
  finishAtEof(): void {
    if (this.state === State.UntilEof) this.complete();
  }

  /** Stop parsing (the connection was dropped mid-feed); reset() before reusing. */
  stop(): void {
    this.state = State.Failed;
    this.pending = null;
  }

  /** Forget any partial response (the connection is being replaced). */
  reset(): void {
    this.state = State.Head;
    this.pending = null;
    this.error = null;
  }

  private fail(message: string): void {
    this.state = State.Failed;
    this.pending = null;
    this.error = message;
  }

  private complete(): void {
    this.state = State.Head;
    this.handler.onResponse(this.status, this.close);
  }

  /** Status line and framing headers of buf[from, eoh); false when malformed. */
  private parseHead(buf: Buffer, from: number, eoh: number): boolean {
    // "HTTP/1.x SSS"
    if (eoh - from < 12 || buf[from] !== 72 || buf[from + 1] !== 84 || buf[from + 4] !== 47 || buf[from + 5] !== 49 || buf[from + 6] !== 46) {
      this.fail('not an HTTP/1.x status line');
      return false;
    }
    const d0 = buf[from + 9]! - 48;
    const d1 = buf[from + 10]! - 48;
    const d2 = buf[from + 11]! - 48;
    if (d0 < 1 || d0 > 5 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
      this.fail('bad status code');
      return false;
    }
    const status = d0 * 100 + d1 * 10 + d2;
    const http10 = buf[from + 7] === 48;
    let length = -1;
    let chunked = false;
    let close = false;
    let keepAlive = false;

    let line = buf.indexOf(LF, from) + 1;
    while (line < eoh) {
      let next = buf.indexOf(LF, line);
      if (next < 0 || next > eoh + 2) next = eoh + 2;
      const first = buf[line]! | 0x20;
      if (first === 99 /* c */) {
        if (startsWithLower(buf, line, next, CONTENT_LENGTH)) {
          length = parseLength(buf, line + CONTENT_LENGTH.length, next);
          if (length < 0) {
            this.fail('bad Content-Length');
            return false;
          }
        } else if (startsWithLower(buf, line, next, CONNECTION)) {
          const v = line + CONNECTION.length;
          if (containsLower(buf, v, next, CLOSE)) close = true;
          else if (containsLower(buf, v, next, KEEP_ALIVE)) keepAlive = true;
        }
      } else if (first === 116 /* t */ && startsWithLower(buf, line, next, TRANSFER_ENCODING)) {
        chunked = containsLower(buf, line + TRANSFER_ENCODING.length, next, CHUNKED);
      }
      line = next + 1;
    }

    this.status = status;
    this.close = close || (http10 && !keepAlive);
    if (status < 200) {
      // 1xx: an interim response; the final one follows.
      this.state = State.Head;
      return true;
    }
    if (this.headRequests || status === 204 || status === 304) this.complete();
    else if (chunked) {
      this.state = State.ChunkSize;
      this.remaining = 0;
      this.sawDigit = false;
    } else if (length > 0) {
      this.state = State.Length;
      this.remaining = length;
    } else if (length === 0) this.complete();
    else {
      this.state = State.UntilEof;
      this.close = true;
    }
    return true;
  }
}

/** Decimal digits after optional whitespace, up to CR; -1 when malformed. */
function parseLength(buf: Buffer, from: number, end: number): number {
  let i = from;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  let n = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
    } else if (c === CR || c === 32 || c === 9) break;
    else return -1;
  }
  return digits > 0 && digits <= 15 ? n : -1;
}
