// What the workloads need from one connection to etcd: unary RPCs and bidirectional streams that
// carry ready-made gRPC frames (proto.ts), and one classification of failures into the error
// classes of a step. Two implementations: h2-channel.ts (default, node:http2) and
// etcd3-channel.ts (the etcd3 client's grpc-js channels).
import type { Buffer } from 'node:buffer';
import type { ErrorCounts } from '../../scenarios/result.js';

export type ErrorClass = keyof ErrorCounts;

export interface CallFailure {
  kind: ErrorClass;
  /** gRPC status code, or -1 when the call failed below gRPC (connection, protocol). */
  code: number;
  message: string;
}

/** Called once per call with the response message (without the 5-byte gRPC prefix) or a failure. */
export type UnaryCallback = (failure: CallFailure | null, body: Buffer | null) => void;

export interface PendingCall {
  /** Stop waiting: the callback will not be called (the step ended or the call timed out). */
  cancel(): void;
}

export interface ChannelStream {
  write(frame: Buffer): void;
  /** Ends the stream from our side; onEnd is not called afterwards. */
  close(): void;
}

export interface EtcdChannel {
  readonly endpoint: string;
  /** `frame` is a complete gRPC frame (proto.ts). `wantBody` false lets the transport discard it. */
  unary(path: string, frame: Buffer, wantBody: boolean, cb: UnaryCallback): PendingCall;
  openStream(path: string, onMessage: (msg: Buffer) => void, onEnd: (failure: CallFailure | null) => void): ChannelStream;
  close(): void;
}

/** The gRPC method paths the engine calls. */
export const RPC = {
  put: '/etcdserverpb.KV/Put',
  range: '/etcdserverpb.KV/Range',
  deleteRange: '/etcdserverpb.KV/DeleteRange',
  txn: '/etcdserverpb.KV/Txn',
  leaseGrant: '/etcdserverpb.Lease/LeaseGrant',
  leaseRevoke: '/etcdserverpb.Lease/LeaseRevoke',
  leaseKeepAlive: '/etcdserverpb.Lease/LeaseKeepAlive',
  watch: '/etcdserverpb.Watch/Watch',
  authenticate: '/etcdserverpb.Auth/Authenticate',
} as const;

export const GRPC_STATUS = {
  ok: 0,
  cancelled: 1,
  deadlineExceeded: 4,
  unavailable: 14,
  unauthenticated: 16,
} as const;

/**
 * A gRPC status returned by etcd, as a step error class: UNAVAILABLE (no leader, member stopping,
 * connection lost) → connect; DEADLINE_EXCEEDED and etcd's own "request timed out" (which etcd
 * 3.4 sends as UNAVAILABLE) → timeout; every other status etcd answers with (quota exceeded,
 * permission denied, too many requests, lease not found, …) → non2xx, the gRPC counterpart of an
 * HTTP error status.
 */
export function classifyStatus(code: number, message: string): ErrorClass {
  if (code === GRPC_STATUS.deadlineExceeded || /timed out/i.test(message)) return 'timeout';
  if (code === GRPC_STATUS.unavailable) return 'connect';
  return 'non2xx';
}

/** Failures below gRPC: the connection could not be made or was lost → connect; TLS and protocol trouble → other. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export function classifyTransportError(err: unknown): ErrorClass {
  const code = (err as { code?: unknown } | null)?.code;
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof code === 'string' && CONNECT_CODES.has(code)) return 'connect';
  if (typeof cause === 'string' && CONNECT_CODES.has(cause)) return 'connect';
  return 'other';
}

export function isInvalidTokenStatus(code: number, message: string): boolean {
  return code === GRPC_STATUS.unauthenticated && /invalid auth token/i.test(message);
}
