// `headroom compare` run in-process the way bin/headroom.ts runs it: files, flags, exit codes, outputs.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { newHostPair, pinnedPair, sameMachinePair, syntheticHostRun } from '../reports/compare-fixtures.js';
import type { RunResult } from '../scenarios/result.js';
import { openReport } from '../test/open-report.js';
import { requireBinary } from '../test/require-tool.js';
import { runInProcess, type Ran } from '../test/run-in-process.js';
import { checkHostBenches, registerCompareCommand } from './compare-command.js';
import type { CommandIo } from './plan-command.js';

const chromiumPath = requireBinary('chromium');
const dir = mkdtempSync(join(tmpdir(), 'headroom-compare-'));

function write(name: string, result: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof result === 'string' ? result : JSON.stringify(result));
  return file;
}

function pairFiles(name: string, pair: { baseline: RunResult; candidate: RunResult }): [string, string] {
  return [write(`${name}-baseline.json`, pair.baseline), write(`${name}-candidate.json`, pair.candidate)];
}

function run(argv: string[]): Promise<Ran> {
  return runInProcess(['compare', ...argv], (program, out) => {
    const io: CommandIo = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, now: () => new Date('2026-01-12T08:00:00.000Z') };
    registerCompareCommand(program, io);
  });
}

describe('headroom compare', () => {
  it('pools comma-separated runs into one side and measures their drift instead of assuming it', async () => {
    const side = (name: string, seeds: number[], scale = 1) =>
      seeds.map((seed) => write(`${name}-${seed}.json`, syntheticHostRun({ seed, scale: { 'cpu.multi': scale } }))).join(',');
    const r = await run([side('pool-a', [1, 2, 3]), side('pool-b', [4, 5, 6], 1.25), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { metrics: Array<Record<string, unknown>> };
    const multi = json.metrics.find((m) => m.name === 'cpu.multi')!;
    expect(multi.runs).toEqual({ baseline: 3, candidate: 3 });
    expect(multi.runDrift).toBe(0);
    expect(multi.verdict).toBe('better');
    expect(multi.repeats).toEqual({ baseline: 3, candidate: 3 });
    // Without pooling the same two first runs cannot separate 25% from drift.
    const once = await run([write('once-a.json', syntheticHostRun({ seed: 1 })), write('once-b.json', syntheticHostRun({ seed: 4, scale: { 'cpu.multi': 1.25 } })), '--json']);
    const onceMulti = (JSON.parse(once.stdout) as { metrics: Array<Record<string, unknown>> }).metrics.find((m) => m.name === 'cpu.multi')!;
    expect(onceMulti.runDrift).toBe(0.14);
    expect(onceMulti.verdict).toBe('same');
  });

  it('names the missing file when one of several runs does not exist', async () => {
    const r = await run([`${write('exists.json', syntheticHostRun({ seed: 1 }))},${join(dir, 'missing.json')}`, write('other.json', syntheticHostRun({ seed: 2 }))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.json');
  });

  it('exits 0 with a table, no warnings and a "no difference" summary for two runs of one machine', async () => {
    const r = await run(pairFiles('same', sameMachinePair(1)));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}metric +unit +baseline +candidate +ratio +95% range +tol +p +verdict$/m);
    expect(r.stdout).toMatch(/^ {2}cpu\.multi +ops\/s +2,857 +2,865 +1\.00× +0\.67–1\.50 +5% +0\.\d+ +same$/m);
    expect(r.stdout).not.toMatch(/^warning:/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('summary: no difference beyond the tolerance on all 11 metrics compared');
    expect(r.stderr).toBe('');
  });

  it('exits 1 when a metric is worse: pinned to one core, cpu.multi worse at ~0.5 and the affinity warned about', async () => {
    const r = await run(pairFiles('pinned', pinnedPair(1)));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}cpu\.multi +ops\/s .* 0\.50× +0\.\d\d–0\.\d\d +5% +[<\d.]+ +WORSE$/m);
    expect(r.stdout).toMatch(/^ {2}cpu\.single +ops\/s .* same$/m);
    expect(r.stdout).toMatch(/^warning: CPUs available to the process differs \(baseline 2 CPUs, candidate 1 CPU\): .*This may explain cpu\.multi worse/m);
    expect(r.stdout).toMatch(/^summary: candidate is 1\.99× slower on all-core CPU; all-core scaling regressed 2×$/m);
  });

  it('prints the issue\'s JSON shape with --json', async () => {
    const r = await run([...pairFiles('new', newHostPair(3)), '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { metrics: Array<Record<string, unknown>>; summary: string; warnings: string[] };
    expect(json.metrics).toHaveLength(11);
    for (const m of json.metrics) expect(Object.keys(m).slice(0, 7)).toEqual(['name', 'baseline', 'candidate', 'ratio', 'range', 'pValue', 'verdict']);
    const multi = json.metrics.find((m) => m.name === 'cpu.multi')!;
    expect(multi).toMatchObject({ verdict: 'better', unit: 'ops/s', higherIsBetter: true, range: [expect.any(Number), expect.any(Number)] });
    expect(multi.ratio as number).toBeCloseTo(1.64, 1);
    expect(json.metrics.find((m) => m.name === 'disk.fdatasync.p99')).toMatchObject({ verdict: 'worse', higherIsBetter: false, tolerance: 0.2 });
    expect(json.summary).toMatch(/^candidate is 1\.6\d× faster on single-core CPU, 1\.6\d× on all-core CPU; fdatasync p99 regressed [\d.]+× — not fit for etcd$/);
    expect(json.warnings.filter((w) => w.includes(' differs (')).map((w) => w.split(' differs')[0])).toEqual(['CPU model', 'kernel', 'vda I/O scheduler']);
    expect(json.warnings.filter((w) => !w.includes(' differs ('))).toEqual([expect.stringMatching(/^disk\.fdatasync\.p99: the (baseline|candidate)'s repeats did not converge/), expect.stringMatching(/did not converge/)]);
    expect(r.stderr).toBe('');
  });

  it('takes --tolerance as a fraction or a percentage, and rejects anything else', async () => {
    const files = pairFiles('tol', pinnedPair(2));
    // Nothing can be beyond a 60% tolerance in either direction here (0.5 is inside [0.4, 1.6]).
    const wide = await run([...files, '--tolerance', '60%', '--json']);
    expect(wide.code).toBe(0);
    expect((JSON.parse(wide.stdout) as { tolerance: number }).tolerance).toBe(0.6);
    expect((await run([...files, '--tolerance', '0.6'])).code).toBe(0);
    const bad = await run([...files, '--tolerance', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tolerance takes a fraction or a percentage \("0\.8", "80%"\) ≥ 0 and ≤ 1, got "lots"/);
  });

  it('exits 2 naming the file when it is missing, not JSON, not a result, or has no host metrics', async () => {
    const [good] = pairFiles('ok', sameMachinePair(2));
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'missing.json'), /cannot read .*missing\.json: ENOENT/],
      [write('garbage.json', '{ nope'), /garbage\.json is not JSON/],
      [write('other.json', { hello: 1 }), /other\.json: schemaVersion undefined is not a headroom result/],
      [write('http-only.json', { ...syntheticHostRun({ seed: 1 }), hostBenches: undefined }), /http-only\.json has no host metrics/],
      [write('broken.json', { ...syntheticHostRun({ seed: 1 }), hostBenches: [{ name: 'host', inventory: {}, metrics: [{ name: 'cpu.multi', unit: 'ops/s', higherIsBetter: true, mean: 1, repeats: ['x'] }] }] }), /broken\.json: not a valid result \(1 problem\)\n {2}hostBenches\[0\]\.metrics\[0\]\.repeats: not a list of numbers/],
    ];
    for (const [file, message] of cases) {
      for (const argv of [[good!, file], [file, good!]]) {
        const r = await run(argv);
        expect(r.code, file).toBe(2);
        expect(r.stderr, file).toMatch(message);
        expect(r.stdout).toBe('');
      }
    }
  });

  it('exits 2 when the two files have no host metric in common, naming both', async () => {
    const baseline = write('cpu-only.json', syntheticHostRun({ seed: 1, omit: ['memory.bandwidth', 'memory.latency', 'disk.fdatasync.p99', 'disk.seq-write', 'disk.seq-read', 'disk.rand-read-iops', 'network.throughput', 'network.rtt'] }));
    const candidate = write('net-only.json', syntheticHostRun({ seed: 2, omit: ['cpu.single', 'cpu.multi', 'cpu.scaling', 'memory.bandwidth', 'memory.latency', 'disk.fdatasync.p99', 'disk.seq-write', 'disk.seq-read', 'disk.rand-read-iops'] }));
    const r = await run([baseline, candidate]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no host metrics in common: .*cpu-only\.json has cpu\.single, cpu\.multi, cpu\.scaling; .*net-only\.json has network\.throughput, network\.rtt/);
  });

  it('writes a self-contained HTML report with --out, and Chromium draws every chart', async () => {
    const out = join(dir, 'report', 'compare.html');
    const r = await run([...pairFiles('html', newHostPair(3)), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`wrote ${out}\n`);
    expect(existsSync(out)).toBe(true);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Host comparison · node-a → node-b');
    expect(html).toContain('not fit for etcd');
    expect(html).toContain('data-charts-expected="3"');
    if (!chromiumPath) return;
    const view = await openReport(out, chromiumPath, '/tmp/headroom-compare.png');
    expect(view.errors).toEqual([]);
    expect(view.foreignRequests).toEqual([]);
    expect(view.charts.map((c) => [c.id, c.state])).toEqual([['compare-ratios', 'rendered'], ['compare-distribution-0', 'rendered'], ['compare-inventory', 'rendered']]);
    // Bars, ranges and labels; two lines and the etcd diamond; bars and labels.
    const fewestMarks: Record<string, number> = { 'compare-ratios': 40, 'compare-distribution-0': 3, 'compare-inventory': 10 };
    for (const c of view.charts) {
      expect(c.marks, c.id).toBeGreaterThanOrEqual(fewestMarks[c.id]!);
      expect(c.width, c.id).toBeGreaterThan(300);
    }
    expect(view.dataset).toMatchObject({ chartsRendered: '3', chartsFailed: '0' });
  }, 60_000);

  it('exits 3 when the report cannot be written', async () => {
    const blocker = write('a-file', 'x');
    const r = await run([...pairFiles('w', sameMachinePair(3)), '--out', join(blocker, 'compare.html')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot write .*compare\.html: (ENOTDIR|EEXIST)/);
  });

  it('registers `compare <baseline> <candidate>` with --tolerance, --json and --out', () => {
    const program = new Command('headroom');
    registerCompareCommand(program);
    const cmd = program.commands.find((c) => c.name() === 'compare')!;
    expect(cmd.registeredArguments.map((a) => [a.name(), a.required])).toEqual([['baseline', true], ['candidate', true]]);
    expect(cmd.options.map((o) => o.long)).toEqual(['--tolerance', '--json', '--out']);
  });
});

describe('checkHostBenches', () => {
  it('passes a well-formed result and lists every problem with its path', () => {
    expect(checkHostBenches(syntheticHostRun({ seed: 1 }))).toEqual([]);
    const bad = { hostBenches: [{ name: 3, metrics: [{ name: 'x', unit: 'ms', higherIsBetter: 'no', mean: null, repeats: [1], histogram: 5 }] }, 'x'] } as unknown as RunResult;
    expect(checkHostBenches(bad)).toEqual([
      'hostBenches[0].name: not a string',
      'hostBenches[0].inventory: missing',
      'hostBenches[0].metrics[0].higherIsBetter: not true or false',
      'hostBenches[0].metrics[0].mean: not a number',
      'hostBenches[0].metrics[0].histogram: not a string',
      'hostBenches[1]: not an object',
    ]);
  });
});
