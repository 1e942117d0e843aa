// `headroom recommend resources --from-result` run in-process the way bin/headroom.ts runs it, on
// result.json fixtures written to a temp dir: the figures, the outputs, and the flag and file errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RightSizeJson } from '../../reports/right-size-json.js';
import { openReport } from '../../test/open-report.js';
import { findBinary } from '../../test/require-tool.js';
import { RESULT_SCHEMA_VERSION, type ResourceSample, type RunResult } from '../../scenarios/result.js';
import { addResourcesCommand } from './resources-command.js';
import { runInProcess, type Ran } from '../../test/run-in-process.js';

const MIB = 1024 ** 2;
const T0 = Date.UTC(2026, 0, 2, 3, 4, 0);
const dir = mkdtempSync(join(tmpdir(), 'headroom-rs-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sample(tS: number, proc?: ResourceSample['proc']): ResourceSample {
  return {
    tMs: T0 + tS * 1000, cpuPercent: 20, load1: 0.4, memUsedBytes: 2e9, memTotalBytes: 8e9,
    netRxBytesPerSec: 1e5, netTxBytesPerSec: 1e5, diskReadBytesPerSec: 0, diskWriteBytesPerSec: 0,
    ...(proc ? { proc } : {}),
  };
}

function writeResult(name: string, resources: ResourceSample[]): string {
  const result: RunResult = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    scenario: { name: 'fixture', file: '/tmp/fixture.yaml' },
    startedAt: new Date(T0).toISOString(),
    finishedAt: new Date(T0 + resources.length * 1000).toISOString(),
    complete: true,
    passed: true,
    host: { hostname: 'h', platform: 'linux', cpus: 2, cpuModel: 'x', memBytes: 8e9, node: 'v20' },
    benches: [],
    resources,
    warnings: [],
  };
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(result));
  return file;
}

// 120 s of a process: 0.4 cores for the first minute, 1.2 for the second; RSS peaks at 300 MiB.
const sampled = writeResult(
  'sampled.json',
  Array.from({ length: 120 }, (_, k) => sample(k + 1, { pid: 777, cpuPercent: k < 60 ? 40 : 120, rssBytes: k === 90 ? 300 * MIB : 250 * MIB })),
);
const unwatched = writeResult('unwatched.json', Array.from({ length: 5 }, (_, k) => sample(k + 1)));

function run(argv: string[]): Promise<Ran> {
  return runInProcess(['recommend', 'resources', ...argv], (program, out) => {
    const sink = (key: 'stdout' | 'stderr') => ({ write: (t: string) => ((out[key] += t), true) }) as unknown as NodeJS.WritableStream;
    addResourcesCommand(program.command('recommend'), { stdout: sink('stdout'), stderr: sink('stderr'), now: () => T0 + 200_000 });
  });
}

describe('recommend resources --from-result', () => {
  it('sizes the watched process: p95 of the trailing average, peak RSS × 1.15, low confidence said why', async () => {
    const r = await run(['--from-result', sampled, '--workload', 'web', '--rate-interval', '30s', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as RightSizeJson;
    expect(json.workloads).toHaveLength(1);
    const w = json.workloads[0]!;
    // 30 s windows from 30 s to 120 s: 0.4 until 60 s, a ramp of 29 points, then 1.2 from 89 s:
    // 31 of 91 points at 1.2, so the p95 is 1.2.
    expect(w).toMatchObject({ namespace: 'local', workload: 'web', container: 'web', kind: 'Deployment', groupedBy: 'owner', pods: ['web-pid777'] });
    expect(w.cpu).toEqual({ request: 1.2, limit: null });
    expect(w.evidence.cpuP50Cores).toBeCloseTo(0.4 + (0.8 * 15) / 30, 9); // the middle point sits on the ramp
    expect(w.memory).toEqual({ request: 345 * MIB, limit: 345 * MIB });
    expect(w.confidence).toBe('low');
    expect(w.confidenceReasons).toEqual(['only 2 min of history (under 24 h)']);
    expect(w.notes.at(-1)).toMatch(/^Measured by headroom's sampler .*30 s trailing average.*RSS, which is close to but not the container's working set/);
    expect(json.source).toBe(`headroom run ${sampled}`);
    expect(json.queries.cpu).toBe('proc.cpuPercent / 100 of pid 777: 30 s trailing average, one point per sample');
    expect(json.window).toEqual({ start: new Date(T0).toISOString(), end: new Date(T0 + 120_000).toISOString(), stepMs: 1000 });
    expect(json.warnings).toEqual([]);
    expect(r.stderr).toMatch(/Confidence is low because a benchmark run is far shorter than --min-history \(24 h\)/);
  });

  it('prints the table with the run as its headline, and the reason for the low confidence', async () => {
    const r = await run(['--from-result', sampled, '--workload', 'web', '--current-cpu', '500m', '--current-memory', '256Mi']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'Right-sizing from 1 headroom run: pid 777 over 2 min ending 2026-01-02 03:06:00 UTC, 120 samples one per 1 s; CPU = 2 min trailing average (--rate-interval 5 min cut to the run\'s length), memory = RSS.',
    );
    // The whole-run mean, 0.8 cores, is the only CPU point when the 5-minute window is cut to 2 minutes.
    expect(lines[2]).toMatch(/^local\/web\s+web\s+500m → 800m\s+none \(same\)\s+256Mi → 345Mi\s+none → 345Mi\s+low$/);
    expect(r.stdout).toContain('local/web web: Low confidence: only 2 min of history (under 24 h).');
    expect(r.stdout).toMatch(/CPU \+0\.3 cores .*memory \+89Mi/);
    expect(r.stderr).toMatch(/^warning: CPU: the 5 min rate interval is longer than the run; each run's CPU point is its mean over 2 min, which averages away its busiest part/m);
  });

  it('writes recommendations.json, a Deployment patch and the report with --out', async () => {
    const out = join(dir, 'out');
    const r = await run(['--from-result', sampled, '--workload', 'web', '-n', 'shop', '--container', 'app', '--out', out]);
    expect(r.code).toBe(0);
    const rec = JSON.parse(readFileSync(join(out, 'recommendations.json'), 'utf8')) as RightSizeJson & { patches: string[] };
    expect(rec.patches).toEqual(['patches/shop/deployment-web.yaml']);
    const patch = readFileSync(join(out, 'patches/shop/deployment-web.yaml'), 'utf8');
    expect(patch).toContain('# Apply: kubectl -n shop patch deployment web --patch-file patches/shop/deployment-web.yaml');
    expect(patch).toMatch(/- name: app\n\s+resources:\n\s+requests:\n\s+cpu: 800m\n\s+memory: 345Mi/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`source headroom run ${sampled}`);
    const chromium = findBinary('chromium');
    if (!chromium) return;
    const view = await openReport(join(out, 'report.html'), chromium, join(dir, 'report.png'));
    expect(view.errors).toEqual([]);
    expect(view.charts.map((c) => c.state)).toEqual(['rendered', 'rendered']);
    expect(view.charts.every((c) => c.marks > 0)).toBe(true);
  });

  it('pools several results of one workload', async () => {
    const second = writeResult('second.json', Array.from({ length: 60 }, (_, k) => sample(200 + k, { pid: 778, cpuPercent: 200, rssBytes: 100 * MIB })));
    const r = await run(['--from-result', sampled, '--from-result', second, '--workload', 'web', '--rate-interval', '10s', '--json']);
    expect(r.code).toBe(0);
    const w = (JSON.parse(r.stdout) as RightSizeJson).workloads[0]!;
    expect(w.pods).toEqual(['web-pid777', 'web-pid778']);
    expect(w.replicas).toBe(1);
    expect(w.evidence.cpuMaxCores).toBe(2);
    expect(w.memory.request).toBe(345 * MIB);
  });

  it('exits 2 telling to run with --pid when no sample watched a process', async () => {
    const r = await run(['--from-result', unwatched, '--workload', 'web']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`headroom: ${unwatched}: no sample has a watched process (proc), so there is no usage to size. Run the scenario again with the service's process id: headroom run /tmp/fixture.yaml --pid <pid>`);
    const empty = writeResult('empty.json', []);
    const e = await run(['--from-result', empty, '--workload', 'web']);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/the run recorded no resource samples .*run the scenario again with --pid/);
  });

  it('exits 2 for a file that is missing or not a headroom result', async () => {
    const missing = await run(['--from-result', join(dir, 'nope.json'), '--workload', 'web']);
    expect(missing).toMatchObject({ code: 2, stderr: `headroom: cannot read ${join(dir, 'nope.json')}: ENOENT\n` });
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"hello": 1}');
    expect((await run(['--from-result', other, '--workload', 'web'])).stderr).toMatch(/schemaVersion undefined is not a headroom result/);
  });
});

describe('recommend resources: choosing the source', () => {
  it('exits 2 naming both flags when both are given', async () => {
    const r = await run(['--prometheus', 'http://127.0.0.1:9', '--from-result', sampled, '--workload', 'web']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('headroom: --prometheus and --from-result: give one of them, not both (Prometheus history, or headroom runs)\n');
  });

  it('exits 2 naming both flags when neither is given', async () => {
    const r = await run(['--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^headroom: --prometheus or --from-result: one is required \(e\.g\. --prometheus http:\/\/127\.0\.0\.1:9090, or --from-result results\/web\/result\.json --workload web\)$/m);
  });

  it('lists every flag that does not fit the source, at once', async () => {
    const r = await run(['--from-result', sampled, '-n', 'a,b', '--end', '0', '--query-cpu', 'up', '--container', 'Bad_Name', '--current-cpu', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr.replace(/^headroom: /, '').trimEnd().split('\n')).toEqual([
      '--end: only with --prometheus (a headroom run\'s window is the run)',
      '--query-cpu: only with --prometheus',
      '--namespace: give one with --from-result (got a, b)',
      '--workload: required with --from-result: the name of the workload the watched process stands for (e.g. --workload web)',
      '--container: "Bad_Name" is not a container name (lower-case letters, digits and "-", at most 63)',
      '--current-cpu: "lots" is not a CPU quantity (use e.g. "250m" or 2)',
    ]);
    const p = await run(['--prometheus', 'http://127.0.0.1:9', '--workload', 'web', '--current-memory', '1Gi']);
    expect(p.stderr.replace(/^headroom: /, '').trimEnd().split('\n')).toEqual([
      '--workload: only with --from-result (Prometheus reads the workloads and their requests itself)',
      '--current-memory: only with --from-result (Prometheus reads the workloads and their requests itself)',
    ]);
  });

  it('refuses a workload name that is not a Kubernetes name (it becomes a file name)', async () => {
    const r = await run(['--from-result', sampled, '--workload', '../etc']);
    expect(r.stderr).toBe('headroom: --workload: "../etc" is not a workload name (lower-case letters, digits, "-" and ".")\n');
  });
});
