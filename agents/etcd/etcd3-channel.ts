// The EtcdChannel contract on an etcd3 client's own grpc-js channel: the same ready-made frames
// (proto.ts), sent through grpc-js with pass-through (de)serializers, so no protobuf library runs
// per call. The etcd3 client authenticates and supplies the token metadata.
import { Buffer } from 'node:buffer';
import type { Etcd3, ICallable } from 'etcd3';
import { classifyStatus, classifyTransportError, isInvalidTokenStatus, type CallFailure, type ChannelStream, type EtcdChannel, type PendingCall, type UnaryCallback } from './channel.js';
import { FRAME_HEADER_BYTES } from './proto.js';

interface GrpcError {
  code?: number;
  details?: string;
  message?: string;
}

interface DuplexLike {
  write(msg: Buffer): boolean;
  cancel(): void;
  on(event: 'data', fn: (msg: Buffer) => void): unknown;
  on(event: 'error', fn: (err: GrpcError) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
}

/** The methods of grpc-js's Client the channel uses (typed here so we need not import grpc-js). */
interface GrpcClientLike {
  makeUnaryRequest(method: string, serialize: (v: Buffer) => Buffer, deserialize: (v: Buffer) => Buffer, argument: Buffer, metadata: unknown, options: object, callback: (err: GrpcError | null, value?: Buffer) => void): { cancel(): void };
  makeBidiStreamRequest(method: string, serialize: (v: Buffer) => Buffer, deserialize: (v: Buffer) => Buffer, metadata: unknown, options?: object): DuplexLike;
}

type Service = 'KV' | 'Lease' | 'Watch';

const passThrough = (b: Buffer): Buffer => b;
const SERVICES: readonly Service[] = ['KV', 'Lease', 'Watch'];

function serviceOf(path: string): Service {
  const name = path.slice(path.indexOf('.') + 1, path.lastIndexOf('/'));
  if (!SERVICES.includes(name as Service)) throw new Error(`etcd3 channel: no service for ${path}`);
  return name as Service;
}

function failureOf(err: GrpcError): CallFailure {
  const message = err.details ?? err.message ?? 'unknown error';
  if (typeof err.code === 'number') return { kind: classifyStatus(err.code, message), code: err.code, message };
  return { kind: classifyTransportError(err), code: -1, message };
}

class Etcd3Channel implements EtcdChannel {
  constructor(
    readonly endpoint: string,
    private readonly client: Etcd3,
    private clients: Map<Service, GrpcClientLike>,
    private metadata: unknown,
  ) {}

  unary(path: string, frame: Buffer, wantBody: boolean, cb: UnaryCallback): PendingCall {
    let done = false;
    const grpc = this.clients.get(serviceOf(path))!;
    const call = grpc.makeUnaryRequest(path, passThrough, passThrough, frame.subarray(FRAME_HEADER_BYTES), this.metadata, {}, (err, value) => {
      if (done) return;
      done = true;
      if (err) {
        const failure = failureOf(err);
        if (isInvalidTokenStatus(failure.code, failure.message)) void this.reauthenticate();
        cb(failure, null);
      } else cb(null, wantBody ? (value ?? Buffer.alloc(0)) : null);
    });
    return {
      cancel: () => {
        if (done) return;
        done = true;
        call.cancel();
      },
    };
  }

  openStream(path: string, onMessage: (msg: Buffer) => void, onEnd: (failure: CallFailure | null) => void): ChannelStream {
    let ended = false;
    const stream = this.clients.get(serviceOf(path))!.makeBidiStreamRequest(path, passThrough, passThrough, this.metadata, {});
    stream.on('data', onMessage);
    stream.on('error', (err) => {
      if (ended) return;
      ended = true;
      onEnd(failureOf(err));
    });
    stream.on('end', () => {
      if (ended) return;
      ended = true;
      onEnd(null);
    });
    return {
      write: (frame: Buffer) => {
        if (!ended) stream.write(frame.subarray(FRAME_HEADER_BYTES));
      },
      close: () => {
        ended = true;
        stream.cancel();
      },
    };
  }

  close(): void {
    this.client.close();
  }

  private async reauthenticate(): Promise<void> {
    try {
      const fresh = await grpcClientsOf(this.client);
      this.clients = fresh.clients;
      this.metadata = fresh.metadata;
    } catch {
      /* the next calls fail and say why */
    }
  }
}

async function grpcClientsOf(client: Etcd3): Promise<{ clients: Map<Service, GrpcClientLike>; metadata: unknown }> {
  // etcd3 keeps its connection pool protected; its withConnection is the documented way to a raw client.
  const pool = (client as unknown as { pool: ICallable<unknown> }).pool;
  const clients = new Map<Service, GrpcClientLike>();
  let metadata: unknown = null;
  for (const service of SERVICES) {
    await pool.withConnection(service, ({ client: raw, metadata: md }) => {
      clients.set(service, raw as unknown as GrpcClientLike);
      metadata = md;
    });
  }
  return { clients, metadata };
}

export async function createEtcd3Channel(client: Etcd3): Promise<EtcdChannel> {
  const { clients, metadata } = await grpcClientsOf(client);
  const endpoint = (client as unknown as { options?: { hosts?: string | string[] } }).options?.hosts;
  return new Etcd3Channel(Array.isArray(endpoint) ? endpoint.join(',') : String(endpoint ?? ''), client, clients, metadata);
}
