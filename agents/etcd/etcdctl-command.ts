// An etcdctl command line a user can paste to reach the same cluster as the bench: its endpoints,
// and its TLS files and user when it has them (etcdctl then asks for the password: it never goes
// on a command line, where `ps` and shell history would keep it).
import type { EtcdBench } from '../../scenarios/schema.js';

/** Single-quotes an argument the shell would split or expand. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function etcdctlCommand(bench: Pick<EtcdBench, 'endpoints' | 'tls' | 'auth'>, args: readonly string[]): string {
  const flags = [`--endpoints=${bench.endpoints.join(',')}`];
  if (bench.tls?.ca) flags.push(`--cacert=${bench.tls.ca}`);
  if (bench.tls?.cert) flags.push(`--cert=${bench.tls.cert}`);
  if (bench.tls?.key) flags.push(`--key=${bench.tls.key}`);
  if (bench.auth) flags.push(`--user=${bench.auth.user}`);
  return ['etcdctl', ...flags, ...args].map(shellQuote).join(' ');
}
