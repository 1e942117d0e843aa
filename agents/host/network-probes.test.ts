import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeEncodedMs } from '../../analyzers/histogram.js';
import { sampleInventory } from '../../reports/host-fixtures.js';
import { hostBenchSchema } from '../../scenarios/schema.js';
import { requireBinary } from '../../test/require-tool.js';
import type { RunEvent } from '../run-events.js';
import { networkRttProbe, networkThroughputProbe } from './network-probes.js';
import type { HostProbe, ProbeContext, ProbeSample } from './probe.js';
import { runHostBench } from './run-host-bench.js';

const iperf3 = requireBinary('iperf3');

function context(opts: { iperf3?: string | null; peer?: string | null } = {}): ProbeContext {
  return { signal: new AbortController().signal, profile: 'quick', workDir: '/nonexistent', tools: { fio: null, iperf3: opts.iperf3 ?? null }, peer: opts.peer ?? null };
}

async function measureOnce(probe: HostProbe, ctx: ProbeContext): Promise<ProbeSample> {
  try {
    await probe.setup?.(ctx);
    return await probe.measure(ctx);
  } finally {
    await probe.teardown?.();
  }
}

const countTests = (output: string): number => output.split('Server listening').length - 1;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('network probes on loopback, built-in', () => {
  it('network.throughput streams for the duration and reports Gbit/s', async () => {
    const probe = networkThroughputProbe({ seconds: 1 });
    const sample = await measureOnce(probe, context());
    expect(probe).toMatchObject({ metric: 'network.throughput', unit: 'Gbit/s', higherIsBetter: true, tool: 'built-in' });
    expect(Number.isFinite(sample.value)).toBe(true);
    expect(sample.value).toBeGreaterThan(0);
  });

  it('network.rtt reports the median round trip in µs, read from the histogram it keeps', async () => {
    const probe = networkRttProbe({ count: 500, maxMs: 2000 });
    const sample = await measureOnce(probe, context());
    expect(probe).toMatchObject({ metric: 'network.rtt', unit: 'µs', higherIsBetter: false, tool: 'built-in' });
    expect(sample.value).toBeGreaterThan(0);
    const summary = summarizeEncodedMs(sample.histogram!);
    expect(summary.count).toBe(500);
    expect(summary.p50 * 1000).toBe(sample.value);
    expect(probe.detail).toMatch(/ping-pong/);
  });
});

describe('an abort', () => {
  it('ends a built-in stream and an iperf3 run within the repeat', async () => {
    const abortSoon = (): ProbeContext => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      return { ...context(), signal: controller.signal };
    };
    const builtIn = networkThroughputProbe({ seconds: 30 });
    await builtIn.setup!(context());
    await expect(builtIn.measure(abortSoon())).rejects.toThrow(/abort/i);
    if (!iperf3) return;
    const tool = networkThroughputProbe({ seconds: 30 });
    await tool.setup!(context({ iperf3 }));
    await expect(tool.measure({ ...abortSoon(), tools: { fio: null, iperf3 } })).rejects.toThrow(/abort/i);
  });
});

describe.skipIf(!iperf3)('network.throughput through iperf3', () => {
  it('runs a loopback server and client, labels the tool with its version', async () => {
    const probe = networkThroughputProbe({ seconds: 1 });
    const sample = await measureOnce(probe, context({ iperf3 }));
    expect(probe.tool).toMatch(/^iperf3-\d+\.\d+/);
    expect(Number.isFinite(sample.value)).toBe(true);
    expect(sample.value).toBeGreaterThan(0);
  });
});

describe('a peer', () => {
  let server: ChildProcess | null = null;
  /** Everything the peer's iperf3 -s printed: a "Server listening" line starts each of its tests. */
  let serverOutput = '';
  let peer = '';
  beforeAll(async () => {
    if (!iperf3) return;
    const port = await closedPort();
    server = spawn(iperf3, ['-s', '-B', '127.0.0.1', '-p', String(port), '--forceflush'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (c: Buffer) => {
        serverOutput += c.toString();
        if (serverOutput.includes('Server listening')) resolve();
      });
      server!.once('exit', (code) => reject(new Error(`iperf3 -s exited with ${code}`)));
    });
    peer = `127.0.0.1:${port}`;
  });
  afterAll(() => {
    server?.kill('SIGKILL');
  });

  it('that refuses the connection fails setup with a clear error', async () => {
    const refused = `127.0.0.1:${await closedPort()}`;
    await expect(networkRttProbe().setup!(context({ peer: refused }))).rejects.toThrow(/network peer 127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\): start `iperf3 -s -p \d+` there/);
    if (iperf3) await expect(networkThroughputProbe().setup!(context({ iperf3, peer: refused }))).rejects.toThrow(/refused the connection/);
  });

  it('without iperf3 here skips throughput, saying why', async () => {
    await expect(networkThroughputProbe().setup!(context({ peer: '127.0.0.1:5201' }))).rejects.toMatchObject({ name: 'SkipProbe', message: expect.stringMatching(/needs iperf3 on this host/) });
  });

  it.skipIf(!iperf3)('is measured by TCP connect time (rtt) and by the iperf3 client alone (throughput)', async () => {
    const rtt = networkRttProbe({ count: 20, maxMs: 2000 });
    const connect = await measureOnce(rtt, context({ peer }));
    expect(rtt.detail).toMatch(/TCP connect time/);
    expect(connect.value).toBeGreaterThan(0);
    expect(summarizeEncodedMs(connect.histogram!).count).toBe(20);
    // The peer's iperf3 -s took 21 bare connects above and still serves a test.
    const throughput = networkThroughputProbe({ seconds: 1 });
    const sample = await measureOnce(throughput, context({ iperf3, peer }));
    expect(throughput.detail).toMatch(new RegExp(`iperf3 -c 127\\.0\\.0\\.1 -p ${peer.split(':')[1]}`));
    expect(sample.value).toBeGreaterThan(0);
  });

  // The reported bug: after the throughput probe's iperf3 tests, rtt's back-to-back connects were
  // refused or reset while iperf3 re-opened its port, and network.rtt was skipped.
  it.skipIf(!iperf3)('gives both network metrics through the runner, rtt right after throughput', async () => {
    const bench = hostBenchSchema.parse({ name: 'net', kind: 'host', suites: ['network'], repeats: { min: 3, max: 3 }, network: { peer } });
    const events: RunEvent[] = [];
    const testsBefore = countTests(serverOutput);
    const result = await runHostBench(bench, { signal: new AbortController().signal, emit: (e) => events.push(e), benchIndex: 0, benchCount: 1, inventory: sampleInventory(), onProgress: () => {} });
    expect(result.skipped).toEqual([]);
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect(result.metrics.map((m) => [m.name, m.tool])).toEqual([['network.throughput', expect.stringMatching(/^iperf3-\d/)], ['network.rtt', 'built-in']]);
    for (const m of result.metrics) {
      expect(m.repeats, m.name).toHaveLength(3);
      expect(Math.min(...m.repeats), m.name).toBeGreaterThan(0);
    }
    const rtt = result.metrics[1]!;
    expect(rtt.detail).toMatch(new RegExp(`TCP connect time to the peer ${peer.replace(/\./g, '\\.')} .*holds iperf3 -s in its accept step`));
    expect(summarizeEncodedMs(rtt.histogram!).count).toBe(3 * 50);
    // 3 throughput tests, 2 reachability checks, and about one held connection per rtt repeat; the
    // 150 timed connects themselves never reach iperf3 (bare connects made one "test" each).
    await new Promise((resolve) => setTimeout(resolve, 100)); // its last lines
    expect(countTests(serverOutput) - testsBefore).toBeLessThan(20);
  });
});
