// `headroom recommend maxpods` run in-process the way bin/headroom.ts runs it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReport } from '../../test/open-report.js';
import { requireBinary } from '../../test/require-tool.js';
import type { CommandIo } from '../plan-command.js';
import { addMaxPodsCommand, typicalPodOf } from './max-pods-command.js';
import { runInProcess, type Ran } from '../../test/run-in-process.js';

const chromiumPath = requireBinary('chromium');
const GiB = 1024 ** 3;

function run(argv: string[]): Promise<Ran> {
  return runInProcess(['recommend', 'maxpods', ...argv], (program, out) => {
    const io: CommandIo = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, now: () => new Date('2026-01-02T03:04:05.000Z') };
    addMaxPodsCommand(program.command('recommend'), io);
  });
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'headroom-maxpods-'));
const POD = ['--pod-cpu', '250m', '--pod-memory', '512Mi'];

describe('headroom recommend maxpods', () => {
  it('prints the constraints, the binding one marked, and the kubelet lines', async () => {
    const r = await run(['--cpu', '16', '--memory', '64Gi', ...POD, '--pod-cidr', '/24']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('maxPods 63, limited by cpu');
    expect(r.stdout).toMatch(/^ {2}ip +128 /m);
    expect(r.stdout).toMatch(/^ {2}maxPods: 63$/m);
  });

  it('prints the issue\'s JSON with --json', async () => {
    const r = await run(['--cpu', '32', '--memory', '128Gi', '--pod-cpu', '100m', '--pod-memory', '256Mi', '--pod-overhead-memory', '11Mi', '--pod-cidr', '10.244.0.0/23', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { maxPods: number; limitedBy: string; constraints: Array<{ name: string; maxPods: number }> };
    expect(json).toMatchObject({ maxPods: 110, limitedBy: 'tested-limit' });
    expect(json.constraints.map((c) => [c.name, c.maxPods])).toEqual([['cpu', 318], ['memory', 454], ['ip', 256], ['pods-per-core', 320], ['tested-limit', 110]]);
  });

  it('reads the node from a result.json, flags overriding it', async () => {
    const dir = tmp();
    const result = join(dir, 'result.json');
    writeFileSync(result, JSON.stringify({ schemaVersion: 1, host: { hostname: 'n', platform: 'linux', cpus: 4, cpuModel: 'x', memBytes: 8 * GiB, node: 'v20' } }));
    const fromHost = JSON.parse((await run(['--host', result, '--pod-cpu', '100m', '--pod-memory', '1Gi', '--json'])).stdout) as { maxPods: number; limitedBy: string; node: { cpu: number } };
    // 4 cores / 8 GiB with 1 GiB pods: memory binds at 6 (see analyzers/max-pods.test.ts)
    expect(fromHost).toMatchObject({ maxPods: 6, limitedBy: 'memory', node: { cpu: 4 } });
    const resized = JSON.parse((await run(['--host', result, '--memory', '64Gi', '--pod-cpu', '100m', '--pod-memory', '1Gi', '--json'])).stdout) as { maxPods: number; limitedBy: string };
    // cpu ⌊3.92 / 0.1⌋ = 39, pods-per-core 40, memory (64 − 5.48 GiB − 100 MiB) / 1 GiB = 58.4 → 58
    expect(resized).toMatchObject({ maxPods: 39, limitedBy: 'cpu' });
    writeFileSync(result, '{"schemaVersion": 1}');
    const bad = await run(['--host', result, ...POD]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--host .*result\.json: no host\.cpus and host\.memBytes/);
  });

  it('takes the typical pod from a workloads file: the replica-weighted mean', async () => {
    expect(typicalPodOf([{ replicas: 3, cpuCores: 1, memoryBytes: 3 }, { replicas: 1, cpuCores: 3, memoryBytes: 7 }])).toEqual({ cpuCores: 1.5, memoryBytes: 4 });
    const dir = tmp();
    const file = join(dir, 'w.yaml');
    writeFileSync(file, 'workloads:\n  - { name: a, replicas: 3, cpu: 200m, memory: 256Mi }\n  - { name: b, replicas: 1, cpu: 400m, memory: 1280Mi }\n');
    // mean pod: 250m, 512Mi → the same answer as the first case: 63, cpu
    const r = JSON.parse((await run(['--cpu', '16', '--memory', '64Gi', '--workloads', file, '--json'])).stdout) as { maxPods: number; pod: { cpu: number; memory: number } };
    expect(r.pod).toEqual({ cpu: 0.25, memory: 512 * 1024 ** 2, overheadMemory: 0 });
    expect(r.maxPods).toBe(63);
  });

  it('uses density evidence and points at a bad density file\'s line', async () => {
    const dir = tmp();
    const file = join(dir, 'density.yaml');
    writeFileSync(file, '- { podsPerNode: 40, startupP99: 1.2s }\n- { podsPerNode: 80, startupP99: 6s }\n');
    const r = JSON.parse((await run(['--cpu', '64', '--memory', '256Gi', ...POD, '--density', file, '--json'])).stdout) as { maxPods: number; limitedBy: string };
    expect(r).toMatchObject({ maxPods: 40, limitedBy: 'density' });
    writeFileSync(file, '- { podsPerNode: 40, startupP99: 1.2s }\n- { podsPerNode: 80, startupP99: soon }\n');
    const bad = await run(['--cpu', '64', '--memory', '256Gi', ...POD, '--density', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:2:34: [1].startupP99: "soon" is not a duration`);
  });

  it('names every bad or missing flag at once, exit 2', async () => {
    const r = await run(['--cpu', 'x', '--pod-memory', '-5', '--tested-limit', '0', '--system-reserved', 'memory=lots']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'headroom: --cpu: "x" is not a CPU quantity (use e.g. "250m" or 2)',
      '--pod-memory: "-5" is not a size (use e.g. "512Mi", "2Gi")',
      '--tested-limit takes an integer ≥ 1, got "0"',
      '--system-reserved: "lots" is not a size (use e.g. "512Mi", "2Gi")',
      'give the node\'s size: --host result.json, or both --cpu and --memory',
      'give the typical pod: --pod-cpu and --pod-memory, or --workloads with a workloads file or right-sizing JSON',
    ]);
  });

  it('writes maxpods.html, maxpods.json and kubelet-config.yaml with --out, and the report draws its chart', async () => {
    const dir = tmp();
    const r = await run(['--cpu', '16', '--memory', '64Gi', ...POD, '--kube-reserved', 'cpu=1,memory=2Gi', '--out', dir]);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'maxpods.json'), 'utf8')) as { maxPods: number; kubeletConfig: string };
    expect(json.maxPods).toBe(60);
    expect(readFileSync(join(dir, 'kubelet-config.yaml'), 'utf8')).toBe(json.kubeletConfig);
    expect(json.kubeletConfig).toContain('kubeReserved:\n  cpu: "1"\n  memory: "2048Mi"\n');
    if (!chromiumPath) return;
    const view = await openReport(join(dir, 'maxpods.html'), chromiumPath);
    expect(view.errors).toEqual([]);
    expect(view.charts.map((c) => [c.id, c.state])).toEqual([['max-pods-constraints', 'rendered']]);
  });
});
