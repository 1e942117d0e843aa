// `headroom plan` run in-process the way bin/headroom.ts runs it: flags, files, exit codes, outputs.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openReport } from '../test/open-report.js';
import { requireBinary } from '../test/require-tool.js';
import { registerPlanCommand, type CommandIo } from './plan-command.js';
import { runInProcess, type Ran } from '../test/run-in-process.js';

const chromiumPath = requireBinary('chromium');
const EXAMPLES = new URL('../scenarios/examples/', import.meta.url).pathname;
const WORKLOADS = join(EXAMPLES, 'workloads.yaml');
const NODES = join(EXAMPLES, 'node-models.yaml');

function run(argv: string[]): Promise<Ran> {
  return runInProcess(['plan', ...argv], (program, out) => {
    const io: CommandIo = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, now: () => new Date('2026-01-02T03:04:05.000Z') };
    registerPlanCommand(program, io);
  });
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'headroom-plan-'));

describe('headroom plan', () => {
  it('prints a table with a row per model that fits and the cheapest marked', async () => {
    const r = await run(['--workloads', WORKLOADS, '--nodes', NODES]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^11 workloads, 54 pods requesting 70 cores and 261 GiB; target utilisation 80%, 1 spare node per model$/m);
    expect(r.stdout).toMatch(/^ {2}general-16 .*← cheapest$/m);
    expect(r.stdout).toMatch(/^note: general-8 left out: shop\/postgres \(4 cores, 24 GiB per pod\)/m);
  });

  it('prints exactly one JSON object with --json', async () => {
    const r = await run(['--workloads', WORKLOADS, '--nodes', NODES, '--json', '--spare', '2', '--target-utilization', '70%']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { models: Array<{ name: string; nodes: number; spare: number }>; targetUtilization: number };
    expect(json.targetUtilization).toBe(0.7);
    expect(json.models.map((m) => m.spare)).toEqual([2, 2, 2]);
    expect(r.stderr).toBe('');
  });

  it('writes plan.html and plan.json (with the packing) with --out, and the report draws every chart', async () => {
    const dir = tmp();
    const r = await run(['--workloads', WORKLOADS, '--nodes', NODES, '--out', dir, '--model', 'memory-16']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`wrote ${join(dir, 'plan.html')} and ${join(dir, 'plan.json')}\n`);
    const json = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { models: Array<{ packing: Array<{ pods: number }> }> };
    expect(json.models.every((m) => m.packing.length > 0)).toBe(true);
    const html = readFileSync(join(dir, 'plan.html'), 'utf8');
    expect(html).toContain('Packing on memory-16');
    if (!chromiumPath) return;
    const view = await openReport(join(dir, 'plan.html'), chromiumPath);
    expect(view.errors).toEqual([]);
    expect(view.foreignRequests).toEqual([]);
    expect(view.charts.map((c) => [c.id, c.state])).toEqual([['plan-nodes', 'rendered'], ['plan-utilization', 'rendered'], ['plan-packing', 'rendered']]);
    expect(view.charts.every((c) => c.marks > 5 && c.width > 300)).toBe(true);
  });

  it('names a workload bigger than every node model, exit 2', async () => {
    const dir = tmp();
    const workloads = join(dir, 'w.yaml');
    writeFileSync(workloads, 'workloads:\n  - { name: giant, cpu: 100, memory: 1Gi }\n  - { name: ok, cpu: 1, memory: 1Gi }\n');
    const r = await run(['--workloads', workloads, '--nodes', NODES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^headroom: no node model in .*node-models\.yaml can hold every workload:$/m);
    expect(r.stderr).toMatch(/^ {2}giant \(100 cores, 1 GiB per pod\) does not fit one compute-32 node: allocatable × 0\.8 = /m);
    expect(r.stdout).toBe('');
  });

  it('reports file problems with their position, exit 2', async () => {
    const dir = tmp();
    const nodes = join(dir, 'n.yaml');
    writeFileSync(nodes, 'nodes:\n  - name: a\n    cpu: 8\n    memory: 32 gigs\n');
    const r = await run(['--workloads', WORKLOADS, '--nodes', nodes]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`headroom: --nodes ${nodes}: 1 problem\n${nodes}:4:13: nodes[0].memory: "32 gigs" is not a size`);
    const missing = await run(['--workloads', join(dir, 'nope.yaml'), '--nodes', NODES]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--workloads .*nope\.yaml: cannot read it \(ENOENT\)/);
  });

  it('names every bad flag, exit 2; a missing required flag is a usage error', async () => {
    const r = await run(['--workloads', WORKLOADS, '--nodes', NODES, '--target-utilization', '1.5', '--spare', '-1', '--tested-limit', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      'headroom: --target-utilization takes a fraction or a percentage ("0.8", "80%") > 0 and ≤ 1, got "1.5"',
      '--spare takes an integer ≥ 0, got "-1"',
      '--tested-limit takes an integer ≥ 1, got "many"',
    ]);
    const noNodes = await run(['--workloads', WORKLOADS]);
    expect(noNodes.code).toBe(2);
    expect(noNodes.stderr).toMatch(/required option '--nodes <file>' not specified/);
    const model = await run(['--workloads', WORKLOADS, '--nodes', NODES, '--model', 'xl']);
    expect(model.stderr).toMatch(/--model xl: no such model in .* \(general-8, general-16, memory-16, compute-32\)/);
  });

  it('exits 3 when the output cannot be written', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), '');
    const r = await run(['--workloads', WORKLOADS, '--nodes', NODES, '--out', join(dir, 'file', 'plan.html')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot write .*plan\.json: (ENOTDIR|EEXIST)/);
  });

  it('takes the right-sizing JSON as workloads', async () => {
    const dir = tmp();
    const sizing = join(dir, 'sizing.json');
    const container = (workload: string, container: string, cpu: number, memory: number, replicas?: number) => ({ namespace: 'shop', workload, container, cpu: { request: cpu, limit: null }, memory: { request: memory, limit: memory }, throttled: false, confidence: 'high', current: {}, ...(replicas && { replicas }) });
    writeFileSync(sizing, JSON.stringify({ workloads: [container('web', 'app', 0.75, 1.5 * 1024 ** 3, 24), container('web', 'proxy', 0.25, 0.5 * 1024 ** 3, 24)] }));
    const r = await run(['--workloads', sizing, '--nodes', NODES, '--json']);
    const json = JSON.parse(r.stdout) as { requests: { pods: number; cpu: number; memory: number }; models: Array<{ name: string; nodes: number }> };
    expect(json.requests).toEqual({ workloads: 1, pods: 24, cpu: 24, memory: 48 * 1024 ** 3 });
    // general-8: 1-core / 2 GiB pods, 6 a node by CPU (⌊6.328⌋) → 4 nodes + 1 spare
    expect(json.models.find((m) => m.name === 'general-8')!.nodes).toBe(5);
  });
});
