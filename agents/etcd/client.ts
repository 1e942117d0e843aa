// Connections to etcd from an etcd bench: its TLS files and user, an etcd3 client for the
// administrative calls (status, prefix check, cleanup), and the `connections` channels the load
// runs on, spread round-robin over the endpoints.
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { Etcd3, type IOptions } from 'etcd3';
import type { EtcdBench } from '../../scenarios/schema.js';
import { EXIT, UserError } from '../exit-codes.js';
import { AuthTokens } from './auth-token.js';
import { RPC, type EtcdChannel } from './channel.js';
import { createEtcd3Channel } from './etcd3-channel.js';
import { H2Channel } from './h2-channel.js';
import { authenticateFrame } from './proto.js';
import { readAuthToken } from './proto-read.js';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Which client carries the load. 'h2' (default): headroom's gRPC-over-node:http2 channels.
 * 'etcd3': the etcd3 package's grpc-js channels (about 3× the CPU per call; kept for comparison).
 */
export type EtcdTransport = 'h2' | 'etcd3';

export type ConnectionBench = Pick<EtcdBench, 'endpoints' | 'tls' | 'auth'>;

/** The PEM files named in bench.tls; an unreadable one is the user's to fix (exit 2). */
export async function loadTls(bench: Pick<EtcdBench, 'tls'>): Promise<TlsMaterial | undefined> {
  if (!bench.tls) return undefined;
  const out: TlsMaterial = {};
  for (const field of ['ca', 'cert', 'key'] as const) {
    const path = bench.tls[field];
    if (path === undefined) continue;
    try {
      out[field] = await readFile(path);
    } catch (err) {
      throw new UserError(`cannot read tls.${field} file ${path}: ${err instanceof Error ? err.message : String(err)}`, EXIT.badInput);
    }
  }
  if ((out.cert === undefined) !== (out.key === undefined)) {
    throw new UserError(`tls.cert and tls.key go together: give both or neither`, EXIT.badInput);
  }
  return out;
}

/** An etcd3 client for a handful of calls, each bounded by timeoutMs. Close it after use. */
export function createAdminClient(bench: ConnectionBench, tls: TlsMaterial | undefined, timeoutMs: number, channelTag?: string): Etcd3 {
  const options: IOptions = {
    hosts: bench.endpoints,
    dialTimeout: timeoutMs,
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeoutMs }),
    ...(channelTag ? { grpcOptions: { 'headroom.channel': channelTag } } : {}),
  };
  if (tls && (tls.ca || tls.cert)) {
    // etcd3 hands these to grpc.credentials.createSsl; a missing CA means the system roots.
    options.credentials = { rootCertificate: tls.ca as Buffer, ...(tls.key ? { privateKey: tls.key } : {}), ...(tls.cert ? { certChain: tls.cert } : {}) };
  }
  if (bench.auth) options.auth = { username: bench.auth.user, password: bench.auth.password, callOptions: () => ({ deadline: Date.now() + timeoutMs }) };
  return new Etcd3(options);
}

/**
 * N etcd3 clients, each with its own grpc-js channel and TCP connection. grpc-js shares one
 * subchannel between channels whose options are identical, so each gets a distinct option value.
 */
export function createEtcd3Clients(bench: ConnectionBench, tls: TlsMaterial | undefined, n: number, timeoutMs = 10_000): Etcd3[] {
  const set = ++channelSets;
  const clients: Etcd3[] = [];
  for (let i = 0; i < n; i++) {
    const one = { ...bench, endpoints: [bench.endpoints[i % bench.endpoints.length]!] };
    clients.push(createAdminClient(one, tls, timeoutMs, `load-${set}-${i}`));
  }
  return clients;
}

/** Makes channel tags unique across engines in one process, so two engines never share a connection. */
let channelSets = 0;

export interface LoadChannels {
  channels: EtcdChannel[];
  close(): void;
}

/** The channels the load runs on: connection i goes to endpoint i mod the number of endpoints. */
export async function openLoadChannels(bench: ConnectionBench, tls: TlsMaterial | undefined, n: number, transport: EtcdTransport = 'h2'): Promise<LoadChannels> {
  const channels: EtcdChannel[] = [];
  const close = (): void => {
    for (const c of channels) c.close();
  };
  try {
    if (transport === 'etcd3') {
      for (const client of createEtcd3Clients(bench, tls, n)) channels.push(await createEtcd3Channel(client));
    } else {
      const auth = bench.auth ? new AuthTokens(() => authenticate(bench, tls)) : undefined;
      if (auth) await auth.token();
      for (let i = 0; i < n; i++) {
        channels.push(new H2Channel(bench.endpoints[i % bench.endpoints.length]!, { ...(tls ? { tls } : {}), ...(auth ? { auth } : {}) }));
      }
    }
  } catch (err) {
    close();
    throw err;
  }
  return { channels, close };
}

/** etcd's Authenticate RPC: user and password for a token (tried on each endpoint in turn). */
export async function authenticate(bench: ConnectionBench, tls: TlsMaterial | undefined, timeoutMs = 10_000): Promise<string> {
  const { user, password } = bench.auth!;
  let lastError = 'no endpoint';
  for (const endpoint of bench.endpoints) {
    const channel = new H2Channel(endpoint, tls ? { tls } : {});
    try {
      return await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          call.cancel();
          reject(new Error(`no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        const call = channel.unary(RPC.authenticate, authenticateFrame(user, password), true, (failure, body) => {
          clearTimeout(timer);
          if (failure) reject(new Error(failure.message));
          else resolve(readAuthToken(body!));
        });
      });
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    } finally {
      channel.close();
    }
  }
  throw new Error(`etcd authentication failed for user ${user}: ${lastError}`);
}
