// Before an etcd bench runs: the bench's files and keys make sense, every endpoint answers (as the
// bench's user), and the prefix is empty. The bench deletes its prefix at the end, so a prefix that
// already holds keys is refused (exit 2) before anything is written.
import type { Etcd3 } from 'etcd3';
import { EtcdAuthenticationFailedError, EtcdPermissionDeniedError, GRPCDeadlineExceededError, GRPCUnavailableError } from 'etcd3';
import { keySpaceProblem } from '../../benches/etcd-keys.js';
import type { EtcdBench } from '../../scenarios/schema.js';
import { EXIT, UserError } from '../exit-codes.js';
import { createAdminClient, loadTls, type TlsMaterial } from './client.js';
import { etcdctlCommand } from './etcdctl-command.js';

export interface PreflightOptions {
  /** Per endpoint; default 10 s. */
  timeoutMs?: number;
}

export interface PreflightResult {
  /** etcd's version as the first endpoint reports it (Status RPC). */
  serverVersion: string | null;
}

export async function preflightEtcd(bench: EtcdBench, opts: PreflightOptions = {}): Promise<PreflightResult> {
  const problem = keySpaceProblem(bench);
  if (problem) throw new UserError(`bench "${bench.name}": ${problem}`, EXIT.badInput);
  const tls = await loadTls(bench);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let serverVersion: string | null = null;
  for (const [i, endpoint] of bench.endpoints.entries()) {
    const version = await withClient(bench, endpoint, tls, timeoutMs, async (client) => {
      const status = await client.maintenance.status();
      // The first endpoint also answers for the prefix (as the bench's user: this checks its read right).
      if (i === 0) await refuseNonEmptyPrefix(bench, client);
      return status.version;
    });
    if (i === 0) serverVersion = version || null;
  }
  return { serverVersion };
}

async function refuseNonEmptyPrefix(bench: EtcdBench, client: Etcd3): Promise<void> {
  const count = await client.getAll().prefix(bench.prefix).count();
  if (count > 0) throw new UserError(describeNonEmptyPrefix(bench, count), EXIT.badInput);
}

/** The refusal, ending with the etcdctl commands (for this cluster, ready to paste) that list and remove the keys. */
export function describeNonEmptyPrefix(bench: EtcdBench, count: number): string {
  return (
    `bench "${bench.name}": the prefix ${bench.prefix} already holds ${count} key${count === 1 ? '' : 's'} on ${bench.endpoints[0]}; ` +
    `the bench writes only under an empty prefix and deletes it when done. Choose another "prefix", or, if the keys are left ` +
    `from an earlier run, list and remove them${bench.auth ? ' (etcdctl asks for the password)' : ''}:\n` +
    `  ${etcdctlCommand(bench, ['get', '--prefix', bench.prefix, '--keys-only'])}\n` +
    `  ${etcdctlCommand(bench, ['del', '--prefix', bench.prefix])}`
  );
}

async function withClient<T>(bench: EtcdBench, endpoint: string, tls: TlsMaterial | undefined, timeoutMs: number, fn: (client: Etcd3) => Promise<T>): Promise<T> {
  const client = createAdminClient({ ...bench, endpoints: [endpoint] }, tls, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GRPCDeadlineExceededError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([fn(client), deadline]);
  } catch (err) {
    throw explain(err, bench, endpoint);
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

function explain(err: unknown, bench: EtcdBench, endpoint: string): Error {
  if (err instanceof UserError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof EtcdAuthenticationFailedError || /authentication failed|invalid user ?name or password/i.test(message)) {
    return new UserError(`etcd authentication failed for user ${bench.auth?.user ?? '(none)'} at ${endpoint}: ${message}`, EXIT.runtimeFailure);
  }
  if (err instanceof EtcdPermissionDeniedError || /permission denied|user name is empty/i.test(message)) {
    const who = bench.auth ? `user ${bench.auth.user}` : 'a client without "auth" (etcd has authentication enabled)';
    return new UserError(`etcd refused ${who} at ${endpoint} reading ${bench.prefix}: ${message}`, EXIT.runtimeFailure);
  }
  if (err instanceof GRPCUnavailableError || err instanceof GRPCDeadlineExceededError || /ECONNREFUSED|No connection established|UNAVAILABLE|DEADLINE/i.test(message)) {
    return new UserError(`cannot connect to etcd at ${endpoint}: ${message}`, EXIT.runtimeFailure);
  }
  return new UserError(`etcd at ${endpoint} failed the preflight check: ${message}`, EXIT.runtimeFailure);
}
