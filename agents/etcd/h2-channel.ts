// gRPC over node:http2, just enough for etcd: one HTTP/2 session (one TCP connection) per channel,
// one stream per call, frames written as they come from proto.ts. grpc-js spends about 3× more CPU
// per call (retry, load-balancing and interceptor layers, a stack trace per call): on a 2-core host
// that made the generator, not etcd, the limit. The stream handlers are shared functions that find
// the call's state on the stream, so the transport adds no closure per call.
import { Buffer } from 'node:buffer';
import http2, { type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import type { AuthTokens } from './auth-token.js';
import {
  classifyStatus,
  classifyTransportError,
  isInvalidTokenStatus,
  type CallFailure,
  type ChannelStream,
  type EtcdChannel,
  type PendingCall,
  type UnaryCallback,
} from './channel.js';
import { FRAME_HEADER_BYTES } from './proto.js';
import { GrpcMessageReader } from './grpc-message-reader.js';

export interface H2ChannelOptions {
  /** PEM contents (not paths). */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  auth?: AuthTokens;
}

const CALL = Symbol('headroom.etcdCall');
const { NGHTTP2_CANCEL } = http2.constants;
/** Our receive window (per stream and for the session): large range answers need no WINDOW_UPDATE round trips. */
const RECEIVE_WINDOW_BYTES = 4 << 20;

type CallStream = ClientHttp2Stream & { [CALL]?: UnaryCall };

class UnaryCall implements PendingCall {
  status = -1;
  message = '';
  chunks: Buffer[] | null = null;
  done = false;
  retried = false;
  transportError: unknown = null;

  constructor(
    readonly channel: H2Channel,
    readonly path: string,
    readonly frame: Buffer,
    readonly wantBody: boolean,
    readonly cb: UnaryCallback,
    public stream: CallStream,
  ) {}

  cancel(): void {
    if (this.done) return;
    this.done = true;
    if (!this.stream.closed) this.stream.close(NGHTTP2_CANCEL);
  }
}

function readStatus(call: UnaryCall, headers: IncomingHttpHeaders): void {
  const status = headers['grpc-status'];
  if (status === undefined) return;
  call.status = Number(status);
  const message = headers['grpc-message'];
  if (typeof message === 'string' && message.length > 0) call.message = decodeURIComponent(message);
}

function onResponse(this: CallStream, headers: IncomingHttpHeaders): void {
  const call = this[CALL]!;
  const httpStatus = Number(headers[':status']);
  if (httpStatus !== 200 && call.status < 0) call.message = `HTTP status ${httpStatus}`;
  // Errors come "trailers-only": the status is in the response headers.
  readStatus(call, headers);
}

function onTrailers(this: CallStream, trailers: IncomingHttpHeaders): void {
  readStatus(this[CALL]!, trailers);
}

function onData(this: CallStream, chunk: Buffer): void {
  const call = this[CALL]!;
  (call.chunks ??= []).push(chunk);
}

function onError(this: CallStream, err: unknown): void {
  const call = this[CALL];
  if (call && call.transportError === null) call.transportError = err;
}

function onClose(this: CallStream): void {
  const call = this[CALL]!;
  if (call.done) return;
  if (call.status > 0 && !call.retried && isInvalidTokenStatus(call.status, call.message) && call.channel.canRefresh()) {
    call.channel.retryWithNewToken(call);
    return;
  }
  call.done = true;
  if (call.status === 0) {
    call.cb(null, call.wantBody ? messageOf(call.chunks) : null);
  } else if (call.status > 0) {
    call.cb({ kind: classifyStatus(call.status, call.message), code: call.status, message: call.message }, null);
  } else {
    call.cb(transportFailure(call.transportError, this.rstCode, call.message), null);
  }
}

function transportFailure(err: unknown, rstCode: number | undefined, fallback: string): CallFailure {
  if (err) return { kind: classifyTransportError(err), code: -1, message: err instanceof Error ? err.message : String(err) };
  if (rstCode !== undefined && rstCode !== 0) return { kind: 'other', code: -1, message: `stream reset by etcd (HTTP/2 error ${rstCode})` };
  return { kind: 'other', code: -1, message: fallback || 'response without a gRPC status' };
}

/**
 * A call that could not even start (session closed): fail it asynchronously like any other failure.
 * setImmediate, not a microtask: a client that retries at once must not starve the step's timers.
 */
function failLater(cb: UnaryCallback, failure: CallFailure): PendingCall {
  const timer = setImmediate(() => cb(failure, null));
  return { cancel: () => clearImmediate(timer) };
}

function messageOf(chunks: Buffer[] | null): Buffer {
  if (chunks === null) return Buffer.alloc(0);
  const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  if (whole.length < FRAME_HEADER_BYTES) return Buffer.alloc(0);
  return whole.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + whole.readUInt32BE(1));
}

export class H2Channel implements EtcdChannel {
  private session: ClientHttp2Session | null = null;
  private readonly headers = new Map<string, OutgoingHttpHeaders>();
  private headersToken: string | null = null;
  private closed = false;

  constructor(
    readonly endpoint: string,
    private readonly options: H2ChannelOptions = {},
  ) {}

  unary(path: string, frame: Buffer, wantBody: boolean, cb: UnaryCallback): PendingCall {
    let stream: CallStream;
    try {
      stream = this.request(path);
    } catch (err) {
      return failLater(cb, transportFailure(err, undefined, ''));
    }
    const call = new UnaryCall(this, path, frame, wantBody, cb, stream);
    this.attach(call, stream);
    return call;
  }

  openStream(path: string, onMessage: (msg: Buffer) => void, onEnd: (failure: CallFailure | null) => void): ChannelStream {
    let stream: ClientHttp2Stream;
    try {
      stream = this.request(path);
    } catch (err) {
      const pending = failLater((failure) => onEnd(failure), transportFailure(err, undefined, ''));
      return { write: () => {}, close: () => pending.cancel() };
    }
    let status = -1;
    let message = '';
    let transportError: unknown = null;
    let ended = false;
    const reader = new GrpcMessageReader(onMessage);
    const takeStatus = (h: IncomingHttpHeaders): void => {
      if (h['grpc-status'] !== undefined) {
        status = Number(h['grpc-status']);
        message = typeof h['grpc-message'] === 'string' ? decodeURIComponent(h['grpc-message']) : '';
      }
    };
    stream.on('response', takeStatus);
    stream.on('trailers', takeStatus);
    stream.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (err) {
        transportError = err;
        stream.close(NGHTTP2_CANCEL);
      }
    });
    stream.on('error', (err: unknown) => (transportError ??= err));
    stream.on('close', () => {
      if (ended) return;
      ended = true;
      if (status === 0 && transportError === null) onEnd(null);
      else if (status > 0) onEnd({ kind: classifyStatus(status, message), code: status, message });
      else onEnd(transportFailure(transportError, stream.rstCode, message));
    });
    return {
      write: (frame: Buffer) => {
        if (!stream.closed && !stream.destroyed) stream.write(frame);
      },
      close: () => {
        ended = true;
        if (!stream.closed) stream.close(NGHTTP2_CANCEL);
      },
    };
  }

  close(): void {
    this.closed = true;
    const s = this.session;
    this.session = null;
    if (s && !s.destroyed) s.destroy();
  }

  canRefresh(): boolean {
    return this.options.auth !== undefined && !this.closed;
  }

  /** etcd said the token is invalid (expired): get a new one and send the same frame once more. */
  retryWithNewToken(call: UnaryCall): void {
    call.retried = true;
    const stale = this.headersToken;
    this.options.auth!.refresh(stale).then(
      () => {
        if (call.done) return;
        call.status = -1;
        call.message = '';
        call.chunks = null;
        call.transportError = null;
        try {
          call.stream = this.request(call.path);
        } catch (err) {
          call.done = true;
          call.cb(transportFailure(err, undefined, ''), null);
          return;
        }
        this.attach(call, call.stream);
      },
      (err: unknown) => {
        if (call.done) return;
        call.done = true;
        call.cb({ kind: 'non2xx', code: 16, message: `re-authentication failed: ${err instanceof Error ? err.message : String(err)}` }, null);
      },
    );
  }

  private attach(call: UnaryCall, stream: CallStream): void {
    stream[CALL] = call;
    stream.on('response', onResponse);
    stream.on('trailers', onTrailers);
    if (call.wantBody) stream.on('data', onData);
    else stream.resume();
    stream.on('error', onError);
    stream.on('close', onClose);
    stream.end(call.frame);
  }

  private request(path: string): CallStream {
    return this.live().request(this.headersFor(path), { endStream: false });
  }

  private headersFor(path: string): OutgoingHttpHeaders {
    const token = this.options.auth?.peek() ?? null;
    if (token !== this.headersToken) {
      this.headers.clear();
      this.headersToken = token;
    }
    let h = this.headers.get(path);
    if (h === undefined) {
      h = { ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...(token !== null ? { token } : {}) };
      this.headers.set(path, h);
    }
    return h;
  }

  /** The open session, or a new one (after a failure, the next call reconnects). */
  private live(): ClientHttp2Session {
    const current = this.session;
    if (current && !current.closed && !current.destroyed) return current;
    if (this.closed) throw Object.assign(new Error('channel closed'), { code: 'ERR_HTTP2_INVALID_SESSION' });
    const tls = this.options.tls;
    const session = http2.connect(this.endpoint, {
      // etcd does not announce a stream limit (it has none); node would otherwise assume 100.
      peerMaxConcurrentStreams: 2 ** 31 - 1,
      maxSessionMemory: 64,
      settings: { initialWindowSize: RECEIVE_WINDOW_BYTES },
      ...(tls?.ca ? { ca: tls.ca } : {}),
      ...(tls?.cert ? { cert: tls.cert } : {}),
      ...(tls?.key ? { key: tls.key } : {}),
    });
    // Failures reach every open stream as its own 'error'; this listener only keeps node from throwing.
    session.on('error', () => {});
    const forget = (): void => {
      if (this.session === session) this.session = null;
    };
    session.on('close', forget);
    session.on('goaway', forget);
    session.once('connect', () => {
      session.setLocalWindowSize(RECEIVE_WINDOW_BYTES);
    });
    this.session = session;
    return session;
  }
}
