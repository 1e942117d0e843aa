// An etcd that serves clients over TLS only and wants a client certificate (certificates made with
// openssl for the test). startEtcd speaks plain HTTP, so this file starts its own etcd.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../test/require-tool.js';
import { EXIT, UserError } from '../exit-codes.js';
import { createEtcdEngine } from './engine.js';
import { preflightEtcd } from './preflight.js';
import { freePort } from './start-etcd.js';
import { testBench } from './test-etcdctl.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const etcdctlBin = requireBinary('etcdctl', 'etcd-client');
const opensslBin = requireBinary('openssl', 'openssl');

function run(bin: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { cwd, timeout: 20_000, env: { ...process.env, ETCDCTL_API: '3' } }, (err, stdout, stderr) => (err ? reject(new Error(`${bin} ${args.join(' ')}: ${stderr}`)) : resolve(stdout)));
  });
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, in dir. */
async function makeCertificates(dir: string): Promise<void> {
  const ssl = (args: string[]): Promise<string> => run(opensslBin!, args, dir);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await ssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=headroom-test-ca']);
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n'],
    ['client', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    await writeFile(join(dir, `${name}.ext`), ext);
    await ssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name === 'server' ? '127.0.0.1' : 'bench'}`]);
    await ssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`]);
  }
}

describe.skipIf(!etcdBin || !etcdctlBin || !opensslBin)('etcd over TLS with client certificates', () => {
  let dir: string;
  let child: ChildProcess | null = null;
  let endpoint: string;
  let tls: { ca: string; cert: string; key: string };
  const ctl = (args: string[]): Promise<string> => run(etcdctlBin!, [`--endpoints=${endpoint}`, `--cacert=${tls.ca}`, `--cert=${tls.cert}`, `--key=${tls.key}`, ...args], dir);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-etcd-tls-'));
    await makeCertificates(dir);
    tls = { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key') };
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    endpoint = `https://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    child = spawn(etcdBin!, [
      '--name', 'tls', '--data-dir', join(dir, 'data'), '--log-level', 'warn',
      '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `tls=${peer}`,
      '--cert-file', join(dir, 'server.pem'), '--key-file', join(dir, 'server.key'),
      '--client-cert-auth', '--trusted-ca-file', join(dir, 'ca.pem'),
    ], { stdio: 'ignore' });
    for (let i = 0; ; i++) {
      try {
        await ctl(['endpoint', 'health']);
        break;
      } catch (err) {
        if (i > 100) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('connects with the CA and the client certificate, runs, and cleans up (both transports)', async () => {
    expect((await preflightEtcd(testBench(endpoint, { tls, prefix: '/hr-tls/' }))).serverVersion).toMatch(/^3\./);
    for (const transport of ['h2', 'etcd3'] as const) {
      const engine = await createEtcdEngine(testBench(endpoint, { tls, prefix: '/hr-tls/' }), { transport });
      try {
        const m = await engine.runStep(
          { model: 'closed', load: 4, durationMs: 800, warmupMs: 200, arrival: 'constant', maxInFlight: 100, timeoutMs: 5000, seed: 1 },
          { signal: new AbortController().signal },
        );
        expect(m.ok).toBeGreaterThan(0);
        expect(m.errors).toEqual({ connect: 0, timeout: 0, non2xx: 0, other: 0 });
      } finally {
        await engine.close();
      }
      expect(engine.cleanupError()).toBeNull();
      expect((await ctl(['get', '--prefix', '/hr-tls/', '--keys-only'])).trim()).toBe('');
    }
  });

  it('cannot connect without the client certificate the server asks for (exit 3)', async () => {
    const err = await preflightEtcd(testBench(endpoint, { tls: { ca: tls.ca }, prefix: '/hr-tls/' }), { timeoutMs: 3000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(EXIT.runtimeFailure);
    expect((err as UserError).message).toContain(endpoint);
  });

  it('wants tls.cert and tls.key together (exit 2)', async () => {
    const err = await preflightEtcd(testBench(endpoint, { tls: { ca: tls.ca, cert: tls.cert } })).catch((e: unknown) => e);
    expect((err as UserError).exitCode).toBe(EXIT.badInput);
    expect((err as UserError).message).toMatch(/tls\.cert and tls\.key/);
  });
});
