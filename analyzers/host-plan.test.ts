import { describe, expect, it } from 'vitest';
import type { HostMetric } from '../scenarios/result.js';
import { hostBenchSchema } from '../scenarios/schema.js';
import { deriveCpuScaling, orderSuites, planHostBench, resolveRepeatPolicy } from './host-plan.js';

function metric(name: string, repeats: number[], converged = true): HostMetric {
  return { name, unit: 'ops/s', higherIsBetter: true, tool: 'built-in', repeats, mean: 0, ci95: [0, 0], cv: 0, converged };
}

describe('planHostBench', () => {
  it('runs every suite in the fixed order with the quick defaults when the scenario says nothing', () => {
    const bench = hostBenchSchema.parse({ name: 'h', kind: 'host' });
    expect(planHostBench(bench)).toEqual({ profile: 'quick', suites: ['cpu', 'memory', 'network', 'disk'], policy: { min: 3, max: 5, cv: 0.03 } });
  });

  it('puts the suites in cpu, memory, network, disk order (disk last) whatever the scenario order, once each', () => {
    expect(orderSuites(['network', 'cpu', 'disk', 'cpu'])).toEqual(['cpu', 'network', 'disk']);
  });

  it('uses 5–10 repeats for the full profile and honours the scenario overrides', () => {
    const full = hostBenchSchema.parse({ name: 'h', kind: 'host', profile: 'full', repeats: { cv: 0.01 } });
    expect(planHostBench(full).policy).toEqual({ min: 5, max: 10, cv: 0.01 });
    const both = hostBenchSchema.parse({ name: 'h', kind: 'host', repeats: { min: 4, max: 7, cv: 0.05 } });
    expect(planHostBench(both).policy).toEqual({ min: 4, max: 7, cv: 0.05 });
  });

  it('moves the other bound along when a lone override crosses it', () => {
    expect(resolveRepeatPolicy('quick', { min: 8 })).toEqual({ min: 8, max: 8, cv: 0.03 });
    expect(resolveRepeatPolicy('full', { max: 3 })).toEqual({ min: 3, max: 3, cv: 0.03 });
    expect(resolveRepeatPolicy('full', { max: 20 })).toEqual({ min: 5, max: 20, cv: 0.03 });
  });
});

describe('deriveCpuScaling', () => {
  const policy = { min: 3, max: 5, cv: 0.03 };

  it('divides cpu.multi by cpu.single repeat by repeat, with its own statistics', () => {
    const m = deriveCpuScaling([metric('cpu.single', [100, 100, 100]), metric('cpu.multi', [190, 200, 210])], policy)!;
    expect(m).toMatchObject({ name: 'cpu.scaling', unit: '×', higherIsBetter: true, repeats: [1.9, 2, 2.1] });
    expect(m.mean).toBeCloseTo(2, 12);
    expect(m.cv).toBeCloseTo(0.05, 12);
    expect(m.converged).toBe(false); // 5% > 3%
    expect(m.ci95[0]).toBeLessThan(2);
    expect(m.ci95[1]).toBeGreaterThan(2);
  });

  it('pairs only as many repeats as the shorter side has, and converges only when both inputs did', () => {
    const m = deriveCpuScaling([metric('cpu.multi', [200, 200, 200, 200, 200]), metric('cpu.single', [100, 100, 100], false)], policy)!;
    expect(m.repeats).toEqual([2, 2, 2]);
    expect(m.converged).toBe(false);
    expect(deriveCpuScaling([metric('cpu.multi', [200, 200, 200]), metric('cpu.single', [100, 100, 100])], policy)!.converged).toBe(true);
  });

  it('is null until both inputs exist with two repeats', () => {
    expect(deriveCpuScaling([metric('cpu.single', [1, 1, 1])], policy)).toBeNull();
    expect(deriveCpuScaling([metric('cpu.single', [1]), metric('cpu.multi', [2])], policy)).toBeNull();
  });
});
