// For the etcd tests: the real etcdctl, to check from outside what the engine left behind.
import { execFile } from 'node:child_process';
import { etcdBenchSchema, type EtcdBench } from '../../scenarios/schema.js';

export interface EtcdctlAuth {
  user: string;
  password: string;
}

export function etcdctl(binary: string, endpoint: string, args: string[], auth?: EtcdctlAuth): Promise<string> {
  const env = { ...process.env, ETCDCTL_API: '3', ...(auth ? { ETCDCTL_USER: `${auth.user}:${auth.password}` } : {}) };
  return new Promise((resolve, reject) => {
    execFile(binary, [`--endpoints=${endpoint}`, ...args], { env, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`etcdctl ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Keys under prefix, as etcdctl lists them. */
export async function keysUnder(binary: string, endpoint: string, prefix: string, auth?: EtcdctlAuth): Promise<string[]> {
  const out = await etcdctl(binary, endpoint, ['get', '--prefix', prefix, '--keys-only'], auth);
  return out.split('\n').filter((l) => l.length > 0);
}

/** Lease IDs (hex) that etcd has. */
export async function leaseIds(binary: string, endpoint: string, auth?: EtcdctlAuth): Promise<string[]> {
  const out = await etcdctl(binary, endpoint, ['lease', 'list'], auth);
  return out
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /^[0-9a-f]+$/.test(l));
}

/** A small etcd bench for tests (short keys, small key space). */
export function testBench(endpoint: string, over: Record<string, unknown> = {}): EtcdBench {
  return etcdBenchSchema.parse({
    name: 'etcd-test',
    kind: 'etcd',
    endpoints: [endpoint],
    keySize: 48,
    valueSize: 64,
    keySpace: 500,
    connections: 2,
    load: { model: 'closed', steps: [4] },
    ...over,
  });
}
