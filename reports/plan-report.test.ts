import { describe, expect, it } from 'vitest';
import { recommendMaxPods } from '../analyzers/max-pods.js';
import { planCluster } from '../analyzers/plan.js';
import type { NodeModel } from '../scenarios/node-models.js';
import { buildMaxPodsReport, maxPodsJson } from './max-pods-report.js';
import { formatMaxPodsText } from './max-pods-text.js';
import { buildPlanReport, planJson } from './plan-report.js';
import { formatPlanText } from './plan-text.js';

const GiB = 1024 ** 3;
const n16: NodeModel = { name: 'n16', cpuCores: 16, memoryBytes: 64 * GiB, maxPods: null, price: 2.1, reserved: {} };
const n8: NodeModel = { name: 'n8', cpuCores: 8, memoryBytes: 32 * GiB, maxPods: null, price: 1, reserved: {} };
const tiny: NodeModel = { name: 'tiny', cpuCores: 2, memoryBytes: 4 * GiB, maxPods: null, price: 0.1, reserved: {} };
const plan = planCluster([{ name: 'web', replicas: 100, cpuCores: 1, memoryBytes: 2 * GiB }, { name: 'db', replicas: 2, cpuCores: 2, memoryBytes: 8 * GiB }], [n16, n8, tiny]);

describe('planJson', () => {
  it('has the issue\'s shape: models with name, nodes, spare, limitedBy, utilization and cost', () => {
    const json = planJson(plan) as { models: Array<Record<string, unknown>>; cheapest: string };
    expect(json.models.map((m) => Object.keys(m).slice(0, 6))).toEqual(json.models.map(() => ['name', 'nodes', 'spare', 'limitedBy', 'utilization', 'cost']));
    expect(json.models[0]).toMatchObject({ name: 'n16', spare: 1, limitedBy: 'cpu', utilization: { cpu: expect.any(Number), memory: expect.any(Number), pods: expect.any(Number) } });
    expect(json.cheapest).toBe(plan.cheapest);
    expect(json.models[0]).not.toHaveProperty('packing');
    expect((planJson(plan, { packing: true }) as { models: Array<{ packing: unknown[] }> }).models[0]!.packing).toHaveLength(plan.models[0]!.nodes - 1);
  });

  it('lists a model that cannot hold a workload apart, naming the workload', () => {
    expect((planJson(plan) as { infeasible: Array<{ name: string; workloads: string[] }> }).infeasible).toMatchObject([{ name: 'tiny', workloads: ['db'] }]);
  });
});

describe('buildPlanReport', () => {
  const report = buildPlanReport(plan, { generatedAt: '2026-01-02T03:04:05.000Z', workloadsFile: 'w.yaml', nodesFile: 'n.yaml', priceUnit: 'USD/h' });

  it('summarises each model, the cheapest in the ok tone, the infeasible one in the bad tone', () => {
    expect(report.summary.map((s) => [s.text, s.tone])).toEqual([
      ['n16: 10 nodes (1 spare), cpu-bound, 21 USD/h', 'neutral'],
      ['n8: 19 nodes (1 spare), cpu-bound, 19 USD/h (cheapest)', 'ok'],
      ['tiny: cannot hold db', 'bad'],
    ]);
    expect(report.subtitle[0]).toBe('2026-01-02 03:04:05 UTC · workloads w.yaml · node models n.yaml');
    expect(report.warnings[0]).toMatch(/^tiny left out: db \(2 cores, 8 GiB per pod\) does not fit one tiny node/);
  });

  it('shows the cheapest model\'s packing unless another is asked for', () => {
    expect(report.benches.map((b) => b.name)).toEqual(['Node models', 'Packing on n8']);
    expect(report.benches[1]!.table.rows).toHaveLength(18);
    const other = buildPlanReport(plan, { generatedAt: '2026-01-02T03:04:05.000Z', workloadsFile: 'w', nodesFile: 'n', priceUnit: null, model: 'n16' });
    expect(other.benches[1]!.name).toBe('Packing on n16');
    expect(report.benches.every((b) => b.charts.length > 0)).toBe(true);
  });
});

describe('formatPlanText', () => {
  it('prints a row per model with the cheapest marked, and the notes', () => {
    const text = formatPlanText(plan, 'USD/h');
    expect(text).toMatch(/^ {2}n8 +19 +1 +cpu +\d+% +\d+% +\d+% +19 +← cheapest$/m);
    expect(text).toMatch(/^ {2}n16 +10 +1 +cpu /m);
    expect(text).toMatch(/^note: tiny left out: db /m);
  });
});

describe('maxPods outputs', () => {
  const rec = recommendMaxPods({ node: { cpuCores: 16, memoryBytes: 64 * GiB }, pod: { cpuCores: 0.25, memoryBytes: 512 * 1024 ** 2 } });

  it('prints the issue\'s JSON shape with the kubelet config', () => {
    const json = maxPodsJson(rec);
    expect(Object.keys(json).slice(0, 3)).toEqual(['maxPods', 'limitedBy', 'constraints']);
    expect(json).toMatchObject({ maxPods: 63, limitedBy: 'cpu', constraints: [{ name: 'cpu', maxPods: 63, detail: expect.any(String) }, { name: 'memory', maxPods: 116 }, { name: 'pods-per-core', maxPods: 160 }, { name: 'tested-limit', maxPods: 110 }] });
    expect(json.kubeletConfig).toContain('maxPods: 63');
  });

  it('prints a table with the binding constraint marked, then the kubelet lines', () => {
    const text = formatMaxPodsText(rec);
    expect(text.split('\n')[0]).toBe('maxPods 63, limited by cpu');
    expect(text).toMatch(/^ {2}cpu +63 +\(16 cores − 0\.11 reserved\).*← binding$/m);
    expect(text).toMatch(/^ {2}maxPods: 63$/m);
  });

  it('builds a report whose table marks the binding constraint', () => {
    const report = buildMaxPodsReport(rec, { generatedAt: '2026-01-02T03:04:05.000Z', nodeSource: '--cpu/--memory', podSource: '--pod-cpu/--pod-memory' });
    expect(report.title).toBe('maxPods 63 for a 16 cores, 64 GiB node');
    expect(report.benches[0]!.table.rows.filter((r) => r.tone === 'bad').map((r) => r.cells[0])).toEqual(['cpu']);
    expect(report.benches[0]!.facts).toContain('kubelet: maxPods: 63');
  });
});
