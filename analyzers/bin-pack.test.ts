import { describe, expect, it } from 'vitest';
import { packFirstFit, type PackGroup } from './bin-pack.js';
import type { NodeCapacity } from './bin-pack-tree.js';
import { mulberry32 } from './random.js';

/** First-fit the obvious way, scanning every node: the tree search must choose exactly the same nodes. */
function naivePack(groups: readonly PackGroup[], cap: NodeCapacity, spread: boolean, preopen = 0): number[] {
  const eps = { cpu: cap.cpu * 1e-9, memory: cap.memory * 1e-9 };
  const nodes: Array<{ cpu: number; memory: number; pods: number; holds: Set<number> }> = [];
  const open = () => nodes.push({ cpu: cap.cpu, memory: cap.memory, pods: cap.pods, holds: new Set() }) - 1;
  for (let i = 0; i < preopen; i++) open();
  const out: number[] = [];
  groups.forEach((g, gi) => {
    let nextShared = 0;
    for (let r = 0; r < g.count; r++) {
      const fits = (n: (typeof nodes)[number]) => n.cpu >= g.cpu - eps.cpu && n.memory >= g.memory - eps.memory && n.pods >= 1;
      let i = -1;
      if (spread) {
        i = nodes.findIndex((n) => fits(n) && !n.holds.has(gi));
        if (i < 0) {
          // Round-robin over the nodes that fit, starting after the last shared one.
          const order = [...nodes.keys()].slice(nextShared).concat([...nodes.keys()].slice(0, nextShared));
          i = order.find((k) => fits(nodes[k]!)) ?? -1;
          if (i >= 0) nextShared = i + 1;
        }
      } else {
        i = nodes.findIndex(fits);
      }
      if (i < 0) i = open();
      const n = nodes[i]!;
      n.cpu -= g.cpu;
      n.memory -= g.memory;
      n.pods -= 1;
      n.holds.add(gi);
      out.push(i);
    }
  });
  return out;
}

function randomGroups(seed: number, count: number, cap: NodeCapacity): PackGroup[] {
  const rng = mulberry32(seed);
  const groups = Array.from({ length: count }, () => ({
    cpu: Math.round(rng() * cap.cpu * 0.6 * 1000) / 1000,
    memory: Math.round(rng() * cap.memory * 0.6),
    count: 1 + Math.floor(rng() ** 3 * 12),
  }));
  // Decreasing by dominant share, like the planner orders them.
  const share = (g: PackGroup) => Math.max(g.cpu / cap.cpu, g.memory / cap.memory);
  return groups.sort((a, b) => share(b) - share(a));
}

const CAP: NodeCapacity = { cpu: 12.712, memory: 50e9, pods: 30 };

describe('packFirstFit', () => {
  it('puts 100 one-core pods twelve to a node of 12.712 free cores: 9 nodes, the last with 4', () => {
    const p = packFirstFit([{ cpu: 1, memory: 2 * 1024 ** 3, count: 100 }], { ...CAP, pods: 110 }, { spread: false });
    expect(p.nodeCount).toBe(9);
    expect([...p.podsUsed]).toEqual([12, 12, 12, 12, 12, 12, 12, 12, 4]);
  });

  it('fills exactly to capacity despite float sums (ten pods of 0.1 core in 1 core)', () => {
    const p = packFirstFit([{ cpu: 0.1, memory: 1, count: 10 }], { cpu: 1, memory: 100, pods: 110 }, { spread: false });
    expect(p.nodeCount).toBe(1);
  });

  it('caps a node at its pod slots', () => {
    const p = packFirstFit([{ cpu: 0.01, memory: 1, count: 25 }], { cpu: 16, memory: 1e9, pods: 10 }, { spread: false });
    expect([...p.podsUsed]).toEqual([10, 10, 5]);
  });

  it('spreads replicas over pre-opened nodes, sharing a node only when no other fits', () => {
    const groups = [{ cpu: 4, memory: 1, count: 3 }, { cpu: 4, memory: 1, count: 3 }];
    const cap = { cpu: 12.712, memory: 100, pods: 110 };
    expect([...packFirstFit(groups, cap, { spread: false }).nodeOfPod]).toEqual([0, 0, 0, 1, 1, 1]);
    // a → 0, 1, then 0 again (both hold an a); b → 0 (8 of 12.712 used: one more fits), 1, then 1 again (0 is full)
    expect([...packFirstFit(groups, cap, { spread: true, preopen: 2 }).nodeOfPod]).toEqual([0, 1, 0, 0, 1, 1]);
  });

  it('shares the nodes holding replicas in turn once every node holds one', () => {
    // 8 small replicas on 3 pre-opened nodes: 0, 1, 2, then round-robin 0, 1, 2, 0, 1
    const p = packFirstFit([{ cpu: 0.1, memory: 1, count: 8 }], { cpu: 10, memory: 100, pods: 110 }, { spread: true, preopen: 3 });
    expect([...p.nodeOfPod]).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
  });

  it('chooses exactly the nodes a plain scan chooses, with and without spreading (200 random cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const groups = randomGroups(seed, 5 + (seed % 40), CAP);
      const plain = packFirstFit(groups, CAP, { spread: false });
      expect([...plain.nodeOfPod], `seed ${seed}`).toEqual(naivePack(groups, CAP, false));
      const spread = packFirstFit(groups, CAP, { spread: true, preopen: plain.nodeCount });
      expect([...spread.nodeOfPod], `seed ${seed} spread`).toEqual(naivePack(groups, CAP, true, plain.nodeCount));
    }
  });

  it('places every pod exactly once, never over a node, and the same way every time', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const groups = randomGroups(seed * 7919, 60, CAP);
      for (const spread of [false, true]) {
        const p = packFirstFit(groups, CAP, { spread, preopen: spread ? 10 : 0 });
        const total = groups.reduce((n, g) => n + g.count, 0);
        expect(p.nodeOfPod.length).toBe(total);
        expect([...p.podsUsed].reduce((a, b) => a + b, 0)).toBe(total);
        expect([...p.nodeOfPod].every((n) => n >= 0 && n < p.nodeCount)).toBe(true);
        for (let i = 0; i < p.nodeCount; i++) {
          expect(p.cpuUsed[i]!).toBeLessThanOrEqual(CAP.cpu * (1 + 1e-9));
          expect(p.memoryUsed[i]!).toBeLessThanOrEqual(CAP.memory * (1 + 1e-9));
          expect(p.podsUsed[i]!).toBeLessThanOrEqual(CAP.pods);
          expect(p.podsUsed[i]!).toBeGreaterThan(0);
        }
        expect(packFirstFit(groups, CAP, { spread, preopen: spread ? 10 : 0 })).toEqual(p);
      }
    }
  });

  it('grows past its first allocation (thousands of nodes)', () => {
    const p = packFirstFit([{ cpu: 10, memory: 1, count: 5000 }], CAP, { spread: false });
    expect(p.nodeCount).toBe(5000);
    expect(p.nodeOfPod[4999]).toBe(4999);
  });
});
