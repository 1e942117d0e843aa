// The target's replies, encoded once at start-up: writing one is a single socket.write of a
// ready Buffer. Every variant a request can need (HEAD or not; kept alive, closed, or kept alive
// for an HTTP/1.0 client, which must be told) is prepared up front.
import { Buffer } from 'node:buffer';
import type { RequestHead } from './request-parser.js';

/** One reply: `head` is written, then `body` if there is a separate one (large bodies only). */
export interface Reply {
  head: Buffer;
  body: Buffer | null;
  /** The connection closes once this reply is written. */
  close: boolean;
}

export interface Replies {
  modelled(req: RequestHead): Reply;
  health(req: RequestHead): Reply;
  /** Written before the body of a request that sent `Expect: 100-continue`. */
  readonly continue: Buffer;
  bad(status: 400 | 431): Reply;
}

/** Bodies up to this size are copied behind each variant's headers; larger ones are shared. */
const INLINE_BODY_BYTES = 64 * 1024;

const CONNECTION_HEADER = ['', 'Connection: close\r\n', 'Connection: keep-alive\r\n'] as const;

export function encodeReplies(responseBytes: number | undefined): Replies {
  const modelled = encodeVariants(responseBytes === undefined ? Buffer.from('ok\n') : filledBody(responseBytes));
  const health = encodeVariants(Buffer.from('ok\n'));
  const bad = (status: 400 | 431, reason: string): Reply => ({
    head: Buffer.from(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length + 1}\r\nConnection: close\r\n\r\n${reason.toLowerCase()}\n`, 'latin1'),
    body: null,
    close: true,
  });
  const bad400 = bad(400, 'Bad Request');
  const bad431 = bad(431, 'Request Header Fields Too Large');
  return {
    modelled: (req) => modelled[variantOf(req)]!,
    health: (req) => health[variantOf(req)]!,
    continue: Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1'),
    bad: (status) => (status === 400 ? bad400 : bad431),
  };
}

/** Index into encodeVariants: connection handling × 2 + HEAD. */
function variantOf(req: RequestHead): number {
  const connection = !req.keepAlive ? 1 : req.http10 ? 2 : 0;
  return connection * 2 + (req.head ? 1 : 0);
}

function encodeVariants(body: Buffer): Reply[] {
  const out: Reply[] = [];
  for (let connection = 0; connection < CONNECTION_HEADER.length; connection++) {
    const head = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n${CONNECTION_HEADER[connection]}\r\n`, 'latin1');
    const close = connection === 1;
    const inline = body.length <= INLINE_BODY_BYTES;
    out.push({ head: inline ? Buffer.concat([head, body]) : head, body: inline ? null : body, close });
    out.push({ head, body: null, close }); // HEAD: the headers describe a body that is not sent
  }
  return out;
}

function filledBody(bytes: number): Buffer {
  const body = Buffer.alloc(bytes, 'x');
  if (bytes > 0) body[bytes - 1] = 0x0a;
  return body;
}
