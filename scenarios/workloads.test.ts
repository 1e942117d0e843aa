import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rightSizeResult } from '../reports/right-size-fixtures.js';
import { toRightSizeJson } from '../reports/right-size-json.js';
import { loadWorkloads } from './workloads.js';
import { formatProblems } from './yaml-positions.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('loadWorkloads: hand-written YAML', () => {
  it('reads per-pod requests, defaults replicas to 1 and prefixes the namespace', () => {
    const r = loadWorkloads('workloads:\n  - { name: web, namespace: shop, replicas: 3, cpu: 500m, memory: 1Gi }\n  - { name: job, cpu: 2, memory: 512Mi }\n');
    expect(r).toEqual({
      ok: true,
      data: [
        { name: 'shop/web', replicas: 3, cpuCores: 0.5, memoryBytes: GiB },
        { name: 'job', replicas: 1, cpuCores: 2, memoryBytes: 512 * MiB },
      ],
    });
  });

  it('lists every problem with its path and line:column', () => {
    const text = 'workloads:\n  - name: web\n    replicas: -1\n    cpu: 500m\n    memory: 1 gig\n  - name: web\n    cpu: 1\n    memory: 1Gi\n';
    const r = loadWorkloads(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatProblems('w.yaml', r.problems).split('\n')).toEqual([
      'w.yaml:3:15: workloads[0].replicas: Too small: expected number to be >=0',
      'w.yaml:5:13: workloads[0].memory: "1 gig" is not a size (use e.g. "512Mi", "2Gi")',
    ]);
    const dup = loadWorkloads('workloads:\n  - { name: web, cpu: 1, memory: 1Gi }\n  - { name: web, cpu: 1, memory: 1Gi }\n');
    expect(dup).toMatchObject({ ok: false, problems: [{ path: 'workloads[1].name', message: 'duplicate workload "web" (also workloads[0])', line: 3 }] });
  });

  it('reports a YAML syntax error with its position', () => {
    const r = loadWorkloads('workloads:\n  - { name: web, cpu: 1\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/^YAML: /);
  });

  it('reads the example file', () => {
    const r = loadWorkloads(readFileSync(new URL('./examples/workloads.yaml', import.meta.url), 'utf8'));
    if (!r.ok) throw new Error(formatProblems('workloads.yaml', r.problems));
    expect(r.data.length).toBeGreaterThanOrEqual(5);
  });
});

describe('loadWorkloads: right-sizing JSON', () => {
  const json = JSON.stringify(
    {
      workloads: [
        { namespace: 'shop', workload: 'web', container: 'app', cpu: { request: 0.4, limit: null }, memory: { request: 300 * MiB, limit: 300 * MiB }, throttled: false, confidence: 'high', current: {}, replicas: 3 },
        { namespace: 'shop', workload: 'web', container: 'envoy', cpu: { request: 0.1, limit: null }, memory: { request: 64 * MiB, limit: 64 * MiB }, throttled: false, confidence: 'high', current: {} },
        { namespace: 'shop', workload: 'db', container: 'pg', cpu: { request: 2, limit: 2 }, memory: { request: 8 * GiB, limit: 8 * GiB }, throttled: false, confidence: 'low', current: {} },
      ],
    },
    null,
    2,
  );

  it('sums the containers of a workload; replicas from the entries, else 1', () => {
    expect(loadWorkloads(json)).toEqual({
      ok: true,
      data: [
        { name: 'shop/web', replicas: 3, cpuCores: 0.5, memoryBytes: 364 * MiB },
        { name: 'shop/db', replicas: 1, cpuCores: 2, memoryBytes: 8 * GiB },
      ],
    });
  });

  it('points at a bad entry by its line in the JSON', () => {
    const r = loadWorkloads(json.replace('"request": 2,', '"request": "two",'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.path).toBe('workloads[2].cpu.request');
    expect(json.split('\n')[r.problems[0]!.line - 1]).toContain('"request": 2,');
  });
});

describe('loadWorkloads: what `headroom recommend resources` really writes', () => {
  it('reads its recommendations JSON, one pod per workload summing its containers', () => {
    const json = toRightSizeJson(rightSizeResult(), { source: 'http://127.0.0.1:9090', queries: {}, warnings: [] });
    const r = loadWorkloads(JSON.stringify({ ...json, patches: [], unpatched: [] }, null, 2));
    if (!r.ok) throw new Error(formatProblems('recommendations.json', r.problems));
    const expected = new Map<string, { replicas: number; cpuCores: number; memoryBytes: number }>();
    for (const c of json.workloads) {
      const name = `${c.namespace}/${c.workload}`;
      const w = expected.get(name) ?? { replicas: 0, cpuCores: 0, memoryBytes: 0 };
      expected.set(name, { replicas: Math.max(w.replicas, c.replicas), cpuCores: w.cpuCores + c.cpu.request, memoryBytes: w.memoryBytes + c.memory.request });
    }
    expect(r.data.map((w) => w.name)).toEqual([...expected.keys()]);
    for (const w of r.data) {
      const e = expected.get(w.name)!;
      expect(w.replicas).toBe(e.replicas);
      expect(w.cpuCores).toBeCloseTo(e.cpuCores, 12);
      expect(w.memoryBytes).toBe(e.memoryBytes);
    }
  });
});
