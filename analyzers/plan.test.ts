import { describe, expect, it } from 'vitest';
import type { NodeModel } from '../scenarios/node-models.js';
import type { Workload } from '../scenarios/workloads.js';
import { planCluster } from './plan.js';
import { mulberry32, pickIndex } from './random.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function model(name: string, cpuCores: number, memGiB: number, extra: Partial<NodeModel> = {}): NodeModel {
  return { name, cpuCores, memoryBytes: memGiB * GiB, maxPods: null, price: null, reserved: {}, ...extra };
}

// Allocatable of a 16-core / 64 GiB node by the tiers:
//   cpu    16 − (0.06 + 0.01 + 2×0.005 + 12×0.0025 = 0.11) = 15.89 cores; × 0.8 = 12.712
//   memory 64 GiB − (1 + 0.8 + 0.8 + 48×0.06 = 5.48 GiB) − 100 MiB = 59,824.48 MiB; × 0.8 = 47,859.584 MiB
const N16 = model('n16', 16, 64);
const ALLOC16 = { cpu: 15.89, memoryMiB: 59_824.48 };

describe('planCluster: hand-computed cases', () => {
  it('100 pods of 1 CPU / 2 GiB on 16-core / 64 GiB nodes: 9 nodes + 1 spare, CPU-bound', () => {
    // per node: ⌊12.712 / 1⌋ = 12 pods by CPU, ⌊47,859.584 / 2,048⌋ = 23 by memory, 110 by pods → 12
    // ⌈100 / 12⌉ = 9 nodes (8 × 12 + 4), + 1 spare = 10
    const plan = planCluster([{ name: 'web', replicas: 100, cpuCores: 1, memoryBytes: 2 * GiB }], [N16]);
    const m = plan.models[0]!;
    expect(m).toMatchObject({ name: 'n16', nodes: 10, spare: 1, limitedBy: 'cpu', maxPods: 110 });
    // ⌈100 / 12.712⌉ = 8: a packing that could split pods would need 8; whole pods need 9.
    expect(m.lowerBound).toBe(8);
    // Plain first-fit fills 8 nodes with 12 and leaves 4 on the ninth; spreading the replicas over the
    // same 9 nodes puts one on each, then takes the nodes in turn: 100 = 9 × 11 + 1.
    expect(m.packing.map((n) => n.pods)).toEqual([12, 11, 11, 11, 11, 11, 11, 11, 11]);
    expect(m.spread).toBe(true);
    // utilisation over the 9 packed nodes, of allocatable: 100 / (9 × 15.89); 200 GiB / (9 × 59,824.48 MiB); 100 / (9 × 110)
    expect(m.utilization.cpu).toBeCloseTo(100 / (9 * ALLOC16.cpu), 12);
    expect(m.utilization.memory).toBeCloseTo((200 * 1024) / (9 * ALLOC16.memoryMiB), 12);
    expect(m.utilization.pods).toBeCloseTo(100 / 990, 12);
    expect(m.allocatable.cpu).toBeCloseTo(ALLOC16.cpu, 12);
    expect(m.packable.memory / MiB).toBeCloseTo(47_859.584, 6);
    expect(plan.requests).toEqual({ workloads: 1, pods: 100, cpu: 100, memory: 200 * GiB });
  });

  it('50 pods of 0.5 CPU / 8 GiB: memory binds at 5 a node → 10 + 1', () => {
    // ⌊47,859.584 / 8,192⌋ = 5 by memory; ⌊12.712 / 0.5⌋ = 25 by CPU → 50 / 5 = 10 nodes, + 1 spare
    const m = planCluster([{ name: 'cache', replicas: 50, cpuCores: 0.5, memoryBytes: 8 * GiB }], [N16]).models[0]!;
    expect(m).toMatchObject({ nodes: 11, limitedBy: 'memory' });
  });

  it('100 small pods on a model with maxPods 20: pods bind → 5 + 1', () => {
    // 100 m / 128 Mi: 127 a node by CPU, 373 by memory, 20 by maxPods → 100 / 20 = 5
    const m = planCluster([{ name: 'tiny', replicas: 100, cpuCores: 0.1, memoryBytes: 128 * MiB }], [model('n16-20', 16, 64, { maxPods: 20 })]).models[0]!;
    expect(m).toMatchObject({ nodes: 6, limitedBy: 'pods', maxPods: 20 });
    expect(m.utilization.pods).toBe(1);
  });

  it('prices each model and marks the cheapest', () => {
    // 8-core / 32 GiB: cpu (8 − 0.09) × 0.8 = 6.328 → 6 pods; memory (32 − 3.56 GiB) − 100 MiB = 29,022.56 MiB × 0.8
    //   = 23,218.048 MiB → 11 pods → 6 a node; ⌈100 / 6⌉ = 17 (+1) = 18 nodes × 1.0 = 18
    // 16-core: 10 nodes × 2.1 = 21
    const plan = planCluster([{ name: 'web', replicas: 100, cpuCores: 1, memoryBytes: 2 * GiB }], [model('n16', 16, 64, { price: 2.1 }), model('n8', 8, 32, { price: 1 })]);
    expect(plan.models.map((m) => [m.name, m.nodes, m.cost, m.cheapest])).toEqual([['n16', 10, 21, false], ['n8', 18, 18, true]]);
    expect(plan.cheapest).toBe('n8');
  });

  it('follows --target-utilization and --spare', () => {
    const web: Workload = { name: 'web', replicas: 100, cpuCores: 1, memoryBytes: 2 * GiB };
    // target 1: ⌊15.89⌋ = 15 a node → ⌈100 / 15⌉ = 7, + 2 spares = 9
    expect(planCluster([web], [N16], { targetUtilization: 1, spare: 2 }).models[0]).toMatchObject({ nodes: 9, spare: 2 });
    // target 0.5: ⌊7.945⌋ = 7 a node → ⌈100 / 7⌉ = 15, no spare
    expect(planCluster([web], [N16], { targetUtilization: 0.5, spare: 0 }).models[0]).toMatchObject({ nodes: 15, spare: 0 });
  });
});

describe('planCluster: workloads that do not fit', () => {
  const huge: Workload = { name: 'shop/warehouse', replicas: 2, cpuCores: 2, memoryBytes: 60 * GiB };

  it('marks a model infeasible and names the workload, keeping the models that fit', () => {
    const plan = planCluster([huge], [N16, model('n32', 32, 256)]);
    expect(plan.models.map((m) => m.name)).toEqual(['n32']);
    expect(plan.infeasible).toHaveLength(1);
    expect(plan.infeasible[0]!.workloads).toEqual(['shop/warehouse']);
    expect(plan.infeasible[0]!.reason).toMatch(/^shop\/warehouse \(2 cores, 60 GiB per pod\) does not fit one n16 node: allocatable × 0.8 = 12.712 cores, 46.74 GiB$/);
  });

  it('leaves no model when the workload is bigger than every node', () => {
    const plan = planCluster([huge, { name: 'ok', replicas: 1, cpuCores: 1, memoryBytes: GiB }], [N16]);
    expect(plan.models).toEqual([]);
    expect(plan.infeasible[0]!.workloads).toEqual(['shop/warehouse']);
  });
});

describe('planCluster: spreading replicas', () => {
  it('puts replicas of one workload on distinct nodes when that costs no extra node', () => {
    // 3 × 4-core pods of a and of b: 3 fit a node by CPU (12 ≤ 12.712), so 2 nodes either way
    const plan = planCluster(
      [{ name: 'a', replicas: 3, cpuCores: 4, memoryBytes: GiB }, { name: 'b', replicas: 3, cpuCores: 4, memoryBytes: GiB }],
      [N16],
    );
    const m = plan.models[0]!;
    expect(m.nodes).toBe(3);
    expect(m.packing.map((n) => n.workloads)).toEqual([
      [{ name: 'a', pods: 2 }, { name: 'b', pods: 1 }],
      [{ name: 'a', pods: 1 }, { name: 'b', pods: 2 }],
    ]);
    expect(m.spread).toBe(true);
    expect(m.colocatedWorkloads).toBe(0);
  });

  it('spreads three replicas over three nodes when three nodes are needed anyway', () => {
    const plan = planCluster(
      [{ name: 'big', replicas: 3, cpuCores: 10, memoryBytes: GiB }, { name: 'api', replicas: 3, cpuCores: 0.5, memoryBytes: GiB }],
      [N16],
    );
    const m = plan.models[0]!;
    expect(m.packing.map((n) => n.workloads.map((w) => `${w.name}×${w.pods}`).join(' '))).toEqual(['big×1 api×1', 'big×1 api×1', 'big×1 api×1']);
  });
});

describe('planCluster: properties', () => {
  function randomWorkloads(seed: number, n: number): Workload[] {
    const rng = mulberry32(seed);
    const cpus = [0.05, 0.1, 0.25, 0.5, 1, 2, 4];
    const mems = [64, 128, 256, 512, 1024, 2048, 4096, 8192].map((m) => m * MiB);
    return Array.from({ length: n }, (_, i) => ({
      name: `w${String(i).padStart(4, '0')}`,
      replicas: pickIndex(rng, 6),
      cpuCores: cpus[pickIndex(rng, cpus.length)]!,
      memoryBytes: mems[pickIndex(rng, mems.length)]!,
    }));
  }
  const models = [N16, model('n4', 4, 16, { maxPods: 30 }), model('n64', 64, 256, { maxPods: 250 })];

  it('places every pod exactly once and fills no node past allocatable × target or maxPods', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const workloads = randomWorkloads(seed, 150);
      const plan = planCluster(workloads, models);
      for (const m of plan.models) {
        const placed = new Map<string, number>();
        for (const node of m.packing) {
          for (const w of node.workloads) placed.set(w.name, (placed.get(w.name) ?? 0) + w.pods);
          expect(node.cpu).toBeLessThanOrEqual(m.packable.cpu * (1 + 1e-9));
          expect(node.memory).toBeLessThanOrEqual(m.packable.memory * (1 + 1e-9));
          expect(node.pods).toBeLessThanOrEqual(m.maxPods);
          expect(node.pods).toBe(node.workloads.reduce((a, w) => a + w.pods, 0));
        }
        expect(Object.fromEntries(placed)).toEqual(Object.fromEntries(workloads.filter((w) => w.replicas > 0).map((w) => [w.name, w.replicas])));
        expect(m.nodes).toBe(m.packing.length + m.spare);
      }
    }
  });

  it('gives the same plan whatever the order of the workloads in the file', () => {
    const workloads = randomWorkloads(42, 300);
    const reversed = [...workloads].reverse();
    const shuffled = [...workloads].sort((a, b) => (a.name.slice(-1) < b.name.slice(-1) ? -1 : 1));
    const plan = planCluster(workloads, models);
    expect(planCluster(reversed, models)).toEqual(plan);
    expect(planCluster(shuffled, models)).toEqual(plan);
  });

  it('reports the lower bound no packing can beat, and never claims fewer nodes', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const workloads = randomWorkloads(seed, 200);
      const plan = planCluster(workloads, models, { spare: 0 });
      for (const m of plan.models) {
        const bound = Math.max(Math.ceil(plan.requests.cpu / m.packable.cpu - 1e-9), Math.ceil(plan.requests.memory / m.packable.memory - 1e-9), Math.ceil(plan.requests.pods / m.maxPods));
        expect(m.lowerBound).toBe(bound);
        expect(m.nodes).toBeGreaterThanOrEqual(bound);
      }
    }
  });
});
