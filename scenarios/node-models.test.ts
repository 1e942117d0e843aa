import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNodeModels } from './node-models.js';
import { formatProblems } from './yaml-positions.js';

const GiB = 1024 ** 3;

describe('loadNodeModels', () => {
  it('reads cores and quantities, defaults maxPods and price to null', () => {
    const r = loadNodeModels('nodes:\n  - { name: a, cpu: 16, memory: 64Gi }\n  - { name: b, cpu: "15500m", memory: 128Gi, maxPods: 250, price: 1.5, kubeReserved: { cpu: 200m } }\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.nodes).toEqual([
      { name: 'a', cpuCores: 16, memoryBytes: 64 * GiB, maxPods: null, price: null, reserved: {} },
      { name: 'b', cpuCores: 15.5, memoryBytes: 128 * GiB, maxPods: 250, price: 1.5, reserved: { kube: { cpuCores: 0.2 } } },
    ]);
  });

  it('lists every problem with its path and line:column', () => {
    const text = ['nodes:', '  - name: a', '    cpu: lots', '    memory: 64Gi', '  - name: b', '    cpu: 8', '    memory: 0', '    maxPods: 1.5', '  - name: a', '    cpu: 4', '    memry: 8Gi', ''].join('\n');
    const r = loadNodeModels(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const got = formatProblems('nodes.yaml', r.problems).split('\n');
    expect(got).toEqual([
      'nodes.yaml:3:10: nodes[0].cpu: "lots" is not a CPU quantity (use e.g. "250m" or 2)',
      'nodes.yaml:8:14: nodes[1].maxPods: Invalid input: expected int, received number',
      'nodes.yaml:9:5: nodes[2].memory: required field is missing',
      'nodes.yaml:11:12: nodes[2].memry: unknown field "memry"',
    ]);
  });

  it('rejects a zero-sized node and duplicate names once the rest is valid', () => {
    const zero = loadNodeModels('nodes:\n  - { name: a, cpu: 8, memory: 0 }\n');
    expect(zero).toMatchObject({ ok: false, problems: [{ path: 'nodes[0].memory', message: 'memory must be more than 0', line: 2 }] });
    const twice = loadNodeModels('nodes:\n  - { name: a, cpu: 8, memory: 8Gi }\n  - { name: a, cpu: 4, memory: 8Gi }\n');
    expect(twice).toMatchObject({ ok: false, problems: [{ path: 'nodes[1].name', line: 3 }] });
  });

  it('reads the example file', () => {
    const r = loadNodeModels(readFileSync(new URL('./examples/node-models.yaml', import.meta.url), 'utf8'));
    if (!r.ok) throw new Error(formatProblems('node-models.yaml', r.problems));
    expect(r.data.nodes.length).toBeGreaterThanOrEqual(3);
    expect(r.data.priceUnit).toBe('USD/month');
  });
});
