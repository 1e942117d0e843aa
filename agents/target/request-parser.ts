// A minimal HTTP/1.1 request parser for the calibrated target. The target only needs to know where
// each request ends, whether the client keeps the connection, and whether it asked for /healthz or
// HEAD; so the header block is scanned in place for the four headers that say so, and bodies
// (Content-Length or chunked) are skipped without being kept. Bytes are copied only when a header
// block is split across reads. Anything that is not a well-formed request stops the parser: the
// connection answers 400 (431 for an oversized header block) and closes.
import { Buffer } from 'node:buffer';
import { findHeadEnd, parseRequestHead, type RequestHead } from './request-head.js';

export type { RequestHead } from './request-head.js';

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

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
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

  /** Parses the header block buf[from, to) and calls the handler; false (after failing) when malformed. */
  private parseHead(buf: Buffer, from: number, to: number): boolean {
    const parsed = parseRequestHead(buf, from, to);
    if (parsed === null) {
      this.fail(400);
      return false;
    }
    this.keepAlive = parsed.req.keepAlive;
    this.handler.onRequest(parsed.req);
    if (this.state === State.Failed) return false;
    if (parsed.chunked) this.startChunk();
    else if (parsed.length > 0) {
      this.state = State.Length;
      this.remaining = parsed.length;
    } else this.finishRequest();
    return true;
  }
}
