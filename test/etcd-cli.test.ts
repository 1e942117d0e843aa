// `headroom run` against a real etcd, end to end through the CLI: the safety rules users rely on.
// A prefix that holds keys is refused (exit 2, nothing written) with etcdctl commands that work as
// pasted; Ctrl-C mid-step still leaves no key and no lease behind; keys outside the prefix are never touched.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, type LocalEtcd } from '../agents/etcd/start-etcd.js';
import { runCli, tempDir } from './cli-helpers.js';
import { requireBinary } from './require-tool.js';

const etcdBin = requireBinary('etcd', 'etcd-server');
const etcdctlBin = requireBinary('etcdctl', 'etcd-client');

describe.skipIf(!etcdBin || !etcdctlBin)('headroom run on a real etcd', () => {
  let etcd: LocalEtcd;
  const ctl = (...args: string[]): string =>
    execFileSync(etcdctlBin!, ['--endpoints', etcd.endpoint, ...args], { env: { ...process.env, ETCDCTL_API: '3' }, encoding: 'utf8' });

  beforeAll(async () => {
    etcd = await startEtcd({ binary: etcdBin! });
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  const scenarioFile = (dir: string, prefix: string, workload: string, steps: string, stepDuration: string): string => {
    const file = join(dir, `${workload}.yaml`);
    writeFileSync(file, [
      'name: etcd-cli-test',
      'benches:',
      '  - name: etcd',
      '    kind: etcd',
      `    endpoints: [${etcd.endpoint}]`,
      `    workload: ${workload}`,
      '    keySize: 64',
      '    valueSize: 128',
      '    keySpace: 1000',
      '    connections: 2',
      `    prefix: ${prefix}`,
      `    load: { model: closed, steps: ${steps}, stepDuration: ${stepDuration}, warmup: 200ms }`,
      '',
    ].join('\n'));
    return file;
  };

  it('refuses a prefix that already holds keys: exit 2, nothing written, the key untouched, etcdctl commands that work', async () => {
    const dir = tempDir();
    ctl('put', '/cli-busy/existing', 'keep-me');
    const out = join(dir, 'out');
    const r = await runCli(['run', scenarioFile(dir, '/cli-busy/', 'put', '[1]', '1s'), '--out', out], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/cli-busy\/.*already holds 1 key/);
    expect(existsSync(out)).toBe(false);
    expect(ctl('get', '/cli-busy/existing', '--print-value-only').trim()).toBe('keep-me');
    // The hint's commands, pasted into a shell (with this test's etcdctl), list the key, then remove it.
    const commands = r.stderr.split('\n').filter((l) => l.startsWith('  etcdctl ')).map((l) => l.trim());
    expect(commands).toEqual([`etcdctl --endpoints=${etcd.endpoint} get --prefix /cli-busy/ --keys-only`, `etcdctl --endpoints=${etcd.endpoint} del --prefix /cli-busy/`]);
    const paste = (command: string): string => execFileSync('sh', ['-c', command.replace(/^etcdctl /, `'${etcdctlBin!}' `)], { env: { ...process.env, ETCDCTL_API: '3' }, encoding: 'utf8' });
    expect(paste(commands[0]!).trim()).toBe('/cli-busy/existing');
    expect(paste(commands[1]!).trim()).toBe('1');
    expect(ctl('get', '--prefix', '/cli-busy/', '--keys-only').trim()).toBe('');
  });

  it.each(['put', 'lease'])('a %s run interrupted with SIGINT mid-step leaves no key and no lease', async (workload) => {
    const dir = tempDir();
    ctl('put', '/outside-prefix', 'untouched');
    const prefix = `/cli-sigint-${workload}/`;
    let signalled = false;
    const r = await runCli(['run', scenarioFile(dir, prefix, workload, '[4, 8, 16]', '6s'), '--out', join(dir, 'out')], {
      timeoutMs: 90_000,
      onStderrLine: (line, child) => {
        // The first step finished: the second is running now, so the signal lands mid-step.
        if (!signalled && /step 1\/3/.test(line)) {
          signalled = true;
          setTimeout(() => child.kill('SIGINT'), 1500);
        }
      },
    });
    expect(signalled).toBe(true);
    expect(r.code).toBe(130);
    expect(ctl('get', '--prefix', prefix, '--keys-only').trim()).toBe('');
    expect(ctl('lease', 'list').trim()).toMatch(/^found 0 leases$/);
    expect(ctl('get', '/outside-prefix', '--print-value-only').trim()).toBe('untouched');
    expect(existsSync(join(dir, 'out', 'result.json'))).toBe(true);
  });
});
