// Against real etcd 3.4 on loopback: one plain member, and one serving /metrics over TLS that
// demands a client certificate (certificates made by openssl for the test).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffEtcdMetrics, diffEtcdPuts } from '../../analyzers/etcd-server.js';
import { requireBinary } from '../../test/require-tool.js';
import { scrapeEtcdMetrics } from './scrape-metrics.js';
import { freePort, startEtcd, type LocalEtcd } from './start-etcd.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const QUOTA = 64 * 1024 * 1024;

/** A put through etcd's JSON gateway, so the test needs no gRPC client. */
async function put(endpoint: string, key: string, value: string): Promise<void> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const res = await fetch(`${endpoint}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(value) }) });
  if (!res.ok) throw new Error(`put failed: HTTP ${res.status} ${await res.text()}`);
}

describe.skipIf(!etcdBin)('scrapeEtcdMetrics against a real etcd', () => {
  let etcd: LocalEtcd;
  let other: Server;
  let otherUrl: string;

  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin!, quotaBytes: QUOTA });
    other = createServer((req, res) => {
      if (req.url === '/metrics') res.end('# TYPE http_requests_total counter\nhttp_requests_total 3\n');
      else res.writeHead(404).end('not here');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await etcd?.stop();
    await new Promise((r) => other?.close(r));
  });

  it('reads the figures a step needs from a fresh member', async () => {
    const snap = await scrapeEtcdMetrics(`${etcd.endpoint}/metrics`);
    expect(snap.serverVersion).toMatch(/^3\.\d+\.\d+$/);
    expect(snap.hasLeader).toBe(true);
    expect(snap.leaderChanges).toBeGreaterThanOrEqual(1); // becoming leader at start counts
    expect(snap.proposalsFailed).toBe(0);
    expect(snap.dbQuotaBytes).toBe(QUOTA);
    expect(snap.dbSizeBytes).toBeGreaterThan(0);
    expect(snap.walFsync?.buckets.at(-1)?.le).toBe(Infinity);
    expect(snap.backendCommit).not.toBeNull();
  });

  it('sees the puts made between two scrapes, and their fsyncs', async () => {
    const url = `${etcd.endpoint}/metrics`;
    const before = await scrapeEtcdMetrics(url);
    const n = 40;
    for (let i = 0; i < n; i++) await put(etcd.endpoint, `/headroom-test/scrape/${i}`, 'x'.repeat(1024));
    const after = await scrapeEtcdMetrics(url);
    expect(diffEtcdPuts(before, after)?.puts).toBe(n);
    const step = diffEtcdMetrics(before, after, url);
    // Puts one after another: every one waits for its own WAL fsync.
    expect(step.walFsyncMs!.count).toBeGreaterThanOrEqual(n);
    expect(step.walFsyncMs!.p99).toBeGreaterThanOrEqual(step.walFsyncMs!.p50);
    expect(step.walFsyncMs!.mean).toBeGreaterThan(0);
    expect(step.leaderChanges).toBe(0);
    expect(step.proposalsFailed).toBe(0);
    expect(step.dbQuotaBytes).toBe(QUOTA);
    expect(step.source).toBe(url);
  });

  it('says which URL failed and why', async () => {
    const port = await freePort();
    await expect(scrapeEtcdMetrics(`http://127.0.0.1:${port}/metrics`, { timeoutMs: 2000 })).rejects.toThrow(`cannot scrape http://127.0.0.1:${port}/metrics: ECONNREFUSED`);
    await expect(scrapeEtcdMetrics(`${otherUrl}/nope`)).rejects.toThrow(/HTTP 404 \(not here\)/);
    await expect(scrapeEtcdMetrics(`${otherUrl}/metrics`)).rejects.toThrow(/not with etcd's metrics/);
  });

  it('says which TLS file it could not read', async () => {
    await expect(scrapeEtcdMetrics(`${etcd.endpoint}/metrics`, { tls: { ca: '/nonexistent/ca.pem' } })).rejects.toThrow('cannot read the TLS CA bundle /nonexistent/ca.pem');
  });
});

const openssl = requireBinary('openssl');

describe.skipIf(!etcdBin || !openssl)('scrapeEtcdMetrics over TLS with a client certificate', () => {
  let etcd: LocalEtcd;
  let dir: string;
  let metricsUrl: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-etcd-tls-'));
    const run = (...args: string[]) => execFileSync(openssl!, args, { cwd: dir, stdio: 'pipe' });
    const key = (name: string) => ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', name];
    run('req', '-x509', ...key('ca.key'), '-out', 'ca.crt', '-days', '1', '-subj', '/CN=headroom-test-ca');
    await writeFile(file('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
    await writeFile(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const who of ['server', 'client']) {
      run('req', ...key(`${who}.key`), '-out', `${who}.csr`, '-subj', `/CN=headroom-test-${who}`);
      run('x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${who}.crt`, '-days', '1', '-extfile', `${who}.ext`);
    }
    const port = await freePort();
    metricsUrl = `https://127.0.0.1:${port}/metrics`;
    etcd = await startEtcd({
      binary: etcdBin!,
      args: ['--listen-metrics-urls', `https://127.0.0.1:${port}`, '--cert-file', file('server.crt'), '--key-file', file('server.key'), '--trusted-ca-file', file('ca.crt'), '--client-cert-auth'],
    });
  });

  afterAll(async () => {
    await etcd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scrapes with the CA and a client certificate', async () => {
    const snap = await scrapeEtcdMetrics(metricsUrl, { tls: { ca: file('ca.crt'), cert: file('client.crt'), key: file('client.key') } });
    expect(snap.hasLeader).toBe(true);
    expect(snap.walFsync).not.toBeNull();
  });

  it('fails without the client certificate, and without the CA', async () => {
    await expect(scrapeEtcdMetrics(metricsUrl, { tls: { ca: file('ca.crt') }, timeoutMs: 3000 })).rejects.toThrow(/etcd may want a client certificate: tls.cert and tls.key/);
    await expect(scrapeEtcdMetrics(metricsUrl, { timeoutMs: 3000 })).rejects.toThrow(/give the CA bundle that signed etcd's certificate/);
  });
});
