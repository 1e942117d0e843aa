// The engine against raw servers: how responses are framed and split on real sockets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBinary } from '../../test/require-tool.js';
import { createHeadroomEngine } from './headroom-engine.js';
import { runTestStep, startRawServer, testPlan, testTarget, type RawOptions } from './test-servers.js';

const NO_ERRORS = { connect: 0, timeout: 0, non2xx: 0, other: 0 };

async function runAgainst(opts: RawOptions, method: 'GET' | 'HEAD' = 'GET') {
  const server = await startRawServer(opts);
  try {
    return await runTestStep(createHeadroomEngine(testTarget(server.url, method)), testPlan({ load: 2, durationMs: 300, timeoutMs: 250 }));
  } finally {
    await server.close();
  }
}

describe('response framing on the wire', () => {
  it.each<[string, RawOptions]>([
    ['Content-Length', { response: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello' }],
    ['chunked', { response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\n\r\n' }],
    ['chunked, one byte per packet', { response: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n', byteByByte: true }],
    ['Content-Length, one byte per packet', { response: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', byteByByte: true }],
    ['Connection: close', { response: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok', closeAfter: true }],
    ['a body ended by the close', { response: 'HTTP/1.1 200 OK\r\n\r\nuntil the end', closeAfter: true }],
  ])('completes %s responses without errors', async (_name, opts) => {
    const m = await runAgainst(opts);
    expect(m.ok).toBeGreaterThan(2);
    expect(m.errors).toEqual(NO_ERRORS);
  });

  it('does not wait for a body after HEAD', async () => {
    // The same bytes would time out a GET: the body the headers announce never comes.
    const head = await runAgainst({ response: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' }, 'HEAD');
    expect(head.ok).toBeGreaterThan(2);
    expect(head.errors).toEqual(NO_ERRORS);
    const get = await runAgainst({ response: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n' }, 'GET');
    expect(get.ok).toBe(0);
    expect(get.errors.timeout).toBeGreaterThan(0);
  });

  it('counts malformed responses as "other" errors', async () => {
    const m = await runAgainst({ response: 'HTTP/1.1 OK\r\n\r\n' });
    expect(m.ok).toBe(0);
    expect(m.errors.other).toBeGreaterThan(0);
  });

  it('counts a connection closed before the response as a connect error', async () => {
    const m = await runAgainst({ response: '', closeAfter: true });
    expect(m.ok).toBe(0);
    expect(m.errors.connect).toBeGreaterThan(0);
  });

  it('loads an https target', async () => {
    const openssl = requireBinary('openssl');
    if (!openssl) return;
    const dir = mkdtempSync(join(tmpdir(), 'headroom-tls-'));
    try {
      execFileSync(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      const server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.end('ok'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
        const m = await runTestStep(createHeadroomEngine(testTarget(url)), testPlan({ load: 2, durationMs: 400 }));
        expect(m.ok).toBeGreaterThan(5);
        expect(m.errors).toEqual(NO_ERRORS);
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
