// The target's HTTP/1.1 on real sockets: exact bytes in, exact bytes out.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget, type TargetOptions } from './server.js';
import { RawClient } from './test-client.js';

const running: RunningTarget[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.splice(0).map((t) => t.close()));
});

async function start(opts: TargetOptions): Promise<RunningTarget> {
  const target = await startTarget(opts);
  running.push(target);
  return target;
}

async function connect(target: RunningTarget): Promise<RawClient> {
  const client = await RawClient.connect(target.port);
  clients.push(client);
  return client;
}

const FAST = { model: 'fixed', workers: 4, serviceMs: 1 } as const;

describe('target HTTP/1.1', () => {
  it('answers a request whose bytes arrive in several packets', async () => {
    const target = await start(FAST);
    const client = await connect(target);
    for (const part of ['GE', 'T / HTTP/1.1\r\nHo', 'st: t\r\n', '\r', '\n']) {
      client.write(part);
      await sleep(15);
    }
    const [res] = await client.responses(1);
    expect(res).toEqual({ status: 200, headers: { 'content-type': 'text/plain', 'content-length': '3' }, body: 'ok\n' });
  });

  it('answers pipelined requests in order, bodies skipped, a /healthz behind slower replies included', async () => {
    // One worker × 30 ms: the three modelled replies take 30, 60 and 90 ms; /healthz is ready at
    // once but must not overtake them.
    const target = await start({ model: 'fixed', workers: 1, serviceMs: 30, responseBytes: 5 });
    const client = await connect(target);
    const t0 = performance.now();
    client.write(
      'POST /a HTTP/1.1\r\nContent-Length: 7\r\n\r\nGET / H' +
        'POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nGET \r\n0\r\n\r\n' +
        'GET /c HTTP/1.1\r\n\r\n' +
        'GET /healthz HTTP/1.1\r\n\r\n' +
        'GET /d HTTP/1.1\r\n\r\n',
    );
    const first = await client.responses(1);
    const firstMs = performance.now() - t0;
    const all = await client.responses(5);
    expect(all.map((r) => `${r.status} ${r.body.length}`)).toEqual(['200 5', '200 5', '200 5', '200 3', '200 5']);
    expect(first).toHaveLength(1);
    expect(firstMs).toBeGreaterThanOrEqual(30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(120);
    expect(target.stats()).toEqual({ served: 4, inFlight: 0, maxInFlight: 4 });
  });

  it('honours Connection: close, and closes HTTP/1.0 connections unless asked to keep them', async () => {
    const target = await start(FAST);
    const closing = await connect(target);
    closing.write('GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n');
    await closing.until(() => false);
    expect(closing.ended).toBe(true);
    const [res] = (await closing.responses(1));
    expect(res?.headers.connection).toBe('close');
    expect(closing.received).not.toMatch(/HTTP\/1\.1 200[^]*HTTP\/1\.1 200/); // the second request was not served

    const http10 = await connect(target);
    http10.write('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const [kept] = await http10.responses(1);
    expect(kept?.headers.connection).toBe('keep-alive');
    http10.write('GET / HTTP/1.0\r\n\r\n');
    await http10.until(() => false);
    expect(http10.ended).toBe(true);
    expect((await http10.responses(2))[1]?.headers.connection).toBe('close');
  });

  it('answers garbage with 400 and closes, after the replies owed before it', async () => {
    const target = await start(FAST);
    const client = await connect(target);
    client.write('GET / HTTP/1.1\r\n\r\nthis is not http\r\n\r\n');
    await client.until(() => false);
    expect(client.ended).toBe(true);
    const responses = await client.responses(2);
    expect(responses.map((r) => r.status)).toEqual([200, 400]);
    expect(responses[1]?.headers.connection).toBe('close');
  });

  it('sends headers only to HEAD, so the connection stays in step', async () => {
    const target = await start({ ...FAST, responseBytes: 100 });
    const client = await connect(target);
    client.write('HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n');
    const [head, get] = await client.responses(2, [0]);
    expect(head?.headers['content-length']).toBe('100');
    expect(head?.body).toBe('');
    expect(get?.body).toHaveLength(100);
  });

  it('tells a client that expects it to continue, then answers once the body is in', async () => {
    const target = await start(FAST);
    const client = await connect(target);
    client.write('PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n');
    await client.until((text) => text.includes('\r\n\r\n'));
    expect(client.received).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    client.write('body');
    const responses = await client.responses(2);
    expect(responses.map((r) => r.status)).toEqual([100, 200]);
  });

  it('still answers a client that half-closed after its request, then closes', async () => {
    const target = await start({ model: 'fixed', workers: 1, serviceMs: 20 });
    const client = await connect(target);
    client.socket.end('GET / HTTP/1.1\r\n\r\n');
    await client.until(() => false);
    expect((await client.responses(1))[0]?.status).toBe(200);
    expect(client.ended).toBe(true);
    expect(target.stats().served).toBe(1);
  });
});
