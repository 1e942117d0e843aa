// The CLI as users' scripts see it: exit codes, files written (or not), --json, Ctrl-C.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startTargetProcess, tempDir } from './cli-helpers.js';

let target: { url: string; stop: () => Promise<void> };
beforeAll(async () => {
  target = await startTargetProcess(['--model', 'fixed', '--workers', '4', '--service-ms', '5']);
});
afterAll(async () => {
  await target?.stop();
});

function scenarioFile(dir: string, body: string): string {
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, body);
  return file;
}

const small = (url: string, extra = ''): string => `name: small
benches:
  - name: api
    kind: http
    target: { url: ${url} }
    load: { model: closed, steps: [1, 2, 4], stepDuration: 1200ms, warmup: 200ms }
${extra}`;

describe('headroom CLI', () => {
  it('exits 2 on an invalid scenario, lists every problem with line:column, and writes nothing', async () => {
    const dir = tempDir();
    const file = scenarioFile(dir, small('http://127.0.0.1:1/').replace('steps: [1, 2, 4]', 'steps: [1, -2, 4]').replace('warmup: 200ms', 'warmup: 2 weeks'));
    const out = join(dir, 'out');
    const r = await runCli(['run', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 problems/);
    expect(r.stderr).toMatch(/scenario\.yaml:6:\d+: benches\[0\]\.load\.steps\[1\]: /);
    expect(r.stderr).toMatch(/scenario\.yaml:6:\d+: benches\[0\]\.load\.warmup: .*not a duration/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 3 with a clear message when the target refuses connections, and writes nothing', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = await runCli(['run', scenarioFile(dir, small('http://127.0.0.1:1/')), '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot connect to http:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
    expect(existsSync(out)).toBe(false);
  });

  it('prints the --json summary contract and writes result.json and report.html', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const r = await runCli(['run', scenarioFile(dir, small(target.url, '    slo: { p99: 1s, minThroughput: 1000000 }\n')), '--out', out, '--json']);
    expect(r.code).toBe(1); // the SLO asks for a million req/s
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ schemaVersion: 1, passed: false, outDir: out });
    const b = summary.benches[0];
    expect(b).toMatchObject({ name: 'api', kind: 'http', model: 'closed' });
    expect(b.steps.map((s: { load: number }) => s.load)).toEqual([1, 2, 4]);
    for (const s of b.steps) {
      expect(s).toHaveProperty('throughput');
      expect(s.latencyMs).toHaveProperty('p50');
      expect(s.latencyMs).toHaveProperty('p99');
      expect(s.errors).toBe(0);
    }
    expect(b.saturation).toHaveProperty('limitedBy');
    expect(b.saturation.range).toHaveLength(2);
    expect(b.slo).toMatchObject({ passed: false });
    expect(b).toHaveProperty('usl');
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result).toMatchObject({ schemaVersion: 1, complete: true });
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<html/i);

    const again = join(dir, 'again.html');
    const rr = await runCli(['report', join(out, 'result.json'), '--out', again]);
    expect(rr.code).toBe(0);
    expect(existsSync(again)).toBe(true);
  });

  it('stops on Ctrl-C within a second, keeping the finished steps', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const file = scenarioFile(dir, small(target.url).replace('steps: [1, 2, 4]', 'steps: [1, 2, 4, 8, 16]').replace('stepDuration: 1200ms', 'stepDuration: 3s'));
    let signalledAt = 0;
    const r = await runCli(['run', file, '--out', out], {
      onStderrLine: (line, child) => {
        if (!signalledAt && /step 2\/5 @ 2 conn:/.test(line)) {
          // Mid-way through step 3.
          setTimeout(() => {
            signalledAt = Date.now();
            child.kill('SIGINT');
          }, 1500);
        }
      },
    });
    const stoppedWithinMs = Date.now() - signalledAt;
    expect(r.code).toBe(130);
    expect(stoppedWithinMs).toBeLessThan(3000); // a second to stop the load, plus writing the report
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.complete).toBe(false);
    expect(result.benches[0].steps.map((s: { load: number }) => s.load)).toEqual([1, 2]);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
