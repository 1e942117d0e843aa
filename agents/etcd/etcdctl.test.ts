// runCheckPerf with the real etcdctl against a real etcd where it is quick (its refusal of a prefix
// that holds keys), and with a stand-in etcdctl that replays real output where the real one would
// take its fixed 60 s. The full run is opt-in: HEADROOM_ETCDCTL_FULL=1.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../../test/require-tool.js';
import { checkPerfArgv, runCheckPerf } from './etcdctl.js';
import { startEtcd, type LocalEtcd } from './start-etcd.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const etcdctlBin = requireBinary('etcdctl', 'etcd-client');
const FIXTURE = fileURLToPath(new URL('../../analyzers/fixtures/etcdctl-3.4.23-check-perf-m-pass.txt', import.meta.url));

async function put(endpoint: string, key: string, value: string): Promise<void> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const res = await fetch(`${endpoint}/v3/kv/put`, { method: 'POST', body: JSON.stringify({ key: b64(key), value: b64(value) }) });
  if (!res.ok) throw new Error(`put failed: HTTP ${res.status}`);
}

describe('checkPerfArgv', () => {
  it('passes endpoints, TLS files, load and prefix as etcdctl flags', () => {
    expect(checkPerfArgv({ profile: 'm', endpoints: ['https://a:2379', 'https://b:2379'], prefix: '/p/', tls: { ca: '/ca.pem', cert: '/c.pem', key: '/k.pem' }, auth: { user: 'u', password: 'secret' } })).toEqual([
      '--endpoints=https://a:2379,https://b:2379',
      '--cacert=/ca.pem',
      '--cert=/c.pem',
      '--key=/k.pem',
      'check',
      'perf',
      '--load=m',
      '--prefix=/p/',
    ]);
  });
});

describe('runCheckPerf with a stand-in etcdctl replaying real output', () => {
  let dir: string;
  let fake: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-etcdctl-'));
    fake = join(dir, 'etcdctl');
    // Records its argv and credentials, then prints what etcdctl 3.4.23 printed for --load=m.
    await writeFile(
      fake,
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/argv"\nprintf '%s:%s' "$ETCDCTL_USER" "$ETCDCTL_PASSWORD" > "${dir}/auth"\n[ -n "$SLEEP" ] && sleep "$SLEEP"\ncat "${FIXTURE}"\n`,
    );
    await chmod(fake, 0o755);
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('parses the output and keeps the password off the command line', async () => {
    const run = await runCheckPerf({ binary: fake, profile: 'm', endpoints: ['http://127.0.0.1:1'], auth: { user: 'bench', password: 's3cret' } });
    expect(run.exitCode).toBe(0);
    expect(run.output).toMatchObject({ passed: true, throughputWritesPerSec: 963, slowestMs: 77.493, stddevMs: 3.639 });
    expect(run.argv).toEqual(['etcdctl', '--endpoints=http://127.0.0.1:1', 'check', 'perf', '--load=m']);
    expect((await readFile(join(dir, 'argv'), 'utf8')).trim().split('\n')).toEqual(run.argv.slice(1));
    expect(await readFile(join(dir, 'auth'), 'utf8')).toBe('bench:s3cret');
    expect(run.server).toBeNull();
    expect(run.scrapeError).toBeNull();
  });

  it('stops etcdctl when aborted and returns what it had', async () => {
    process.env.SLEEP = '20';
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const run = await runCheckPerf({ binary: fake, profile: 's', endpoints: ['http://127.0.0.1:1'], signal: controller.signal });
      expect(run.exitCode).toBeNull();
      expect(run.output.passed).toBeNull();
      expect(run.durationMs).toBeLessThan(15_000);
    } finally {
      delete process.env.SLEEP;
    }
  });

  it('says when the binary cannot be run', async () => {
    await expect(runCheckPerf({ binary: join(dir, 'missing'), profile: 's', endpoints: ['http://127.0.0.1:1'] })).rejects.toThrow(/cannot run .*missing/);
  });
});

describe.skipIf(!etcdBin || !etcdctlBin)('runCheckPerf with the real etcdctl and etcd', () => {
  let etcd: LocalEtcd;

  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin!, args: ['--metrics', 'extensive'] });
  });

  afterAll(async () => {
    await etcd?.stop();
  });

  it('reports etcdctl\'s refusal of a prefix that already holds keys, and the server\'s view around it', async () => {
    const prefix = '/headroom-test-check/';
    await put(etcd.endpoint, `${prefix}left-over`, 'x');
    const run = await runCheckPerf({ binary: etcdctlBin!, profile: 's', endpoints: [etcd.endpoint], prefix, metricsUrl: `${etcd.endpoint}/metrics` });
    expect(run.exitCode).toBe(3); // etcdctl's ExitInvalidInput
    expect(run.output.error).toBe(`prefix "${prefix}" has keys. Delete with etcdctl del --prefix ${prefix} first`);
    expect(run.output.checks).toEqual([]);
    expect(run.puts?.puts).toBe(0);
    expect(run.server?.breaches).toEqual([]);
  });

  it.skipIf(!process.env.HEADROOM_ETCDCTL_FULL)('runs a whole --load=s check (60 s) and lines it up with the server\'s count', async () => {
    const run = await runCheckPerf({ binary: etcdctlBin!, profile: 's', endpoints: [etcd.endpoint], metricsUrl: `${etcd.endpoint}/metrics` });
    expect(run.output.error).toBeNull();
    expect(run.output.checks.map((c) => c.name)).toEqual(['throughput', 'slowest', 'stddev']);
    expect(run.exitCode).toBe(run.output.passed ? 0 : 1);
    // etcdctl prints int(successes / its total time) + 1; the server counted the same successes over ~60 s.
    const serverRate = run.puts!.puts / 60;
    expect(Math.abs(run.output.throughputWritesPerSec! - serverRate)).toBeLessThan(5);
    expect(run.puts!.handlingMs!.count).toBe(run.puts!.puts);
  }, 120_000);
});
