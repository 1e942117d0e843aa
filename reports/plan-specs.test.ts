// The plan and maxPods chart specs, held to the same checks as the run report's: the vega-lite JSON
// schema, vega-lite's compiler and vega's parser with no warnings, a headless render; plus what
// each chart must show.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { recommendMaxPods } from '../analyzers/max-pods.js';
import { parsePodCidr } from '../analyzers/max-pods-cidr.js';
import { planCluster, type Plan } from '../analyzers/plan.js';
import type { NodeModel } from '../scenarios/node-models.js';
import { checkSpec, countMarks } from './check-spec.js';
import { maxPodsConstraintsSpec } from './max-pods-spec.js';
import { PACKING_NODES_SHOWN, planPackingSpec } from './plan-packing-spec.js';
import { planNodeCountSpec, planUtilizationSpec } from './plan-specs.js';
import type { JsonSchema } from './validate-json-schema.js';

const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as JsonSchema;
const GiB = 1024 ** 3;

function model(name: string, cpuCores: number, memGiB: number, price: number | null, maxPods: number | null = null): NodeModel {
  return { name, cpuCores, memoryBytes: memGiB * GiB, maxPods, price, reserved: {} };
}

const plan: Plan = planCluster(
  [
    { name: 'web', replicas: 30, cpuCores: 1, memoryBytes: 2 * GiB },
    { name: 'db', replicas: 3, cpuCores: 4, memoryBytes: 24 * GiB },
    { name: 'cache', replicas: 4, cpuCores: 0.5, memoryBytes: 6 * GiB },
  ],
  [model('general-16', 16, 64, 588), model('memory-16', 16, 128, 773), model('compute-32', 32, 64, 1042, 250)],
);
const bigPlan = planCluster([{ name: 'many', replicas: 2000, cpuCores: 1, memoryBytes: GiB }], [model('n16', 16, 64, null)]);
const cidr = parsePodCidr('/64');
if (!cidr.ok) throw new Error(cidr.error);
const maxPods = recommendMaxPods({ node: { cpuCores: 16, memoryBytes: 64 * GiB }, pod: { cpuCores: 0.25, memoryBytes: 512 * 1024 ** 2 }, podCidr: cidr.value });

/** Name, builder, and the fewest marks the chart must draw (bars, labels, rules). */
const cases: Array<[string, () => TopLevelSpec, number]> = [
  ['plan node count', () => planNodeCountSpec(plan, 'USD/month'), 3 * 2 + 3],
  ['plan node count, one model without a price', () => planNodeCountSpec(bigPlan), 2 + 1],
  ['plan utilisation', () => planUtilizationSpec(plan), 3 * 3 * 2 + 1],
  ['plan packing', () => planPackingSpec(plan.models[0]!), 2 * 3 * (plan.models[0]!.nodes)],
  ['plan packing, large plan', () => planPackingSpec(bigPlan.models[0]!), 2 * 3 * PACKING_NODES_SHOWN],
  ['maxPods constraints', () => maxPodsConstraintsSpec(maxPods), 5 + 5 + 1],
];

/** Every (nested) layer of a spec. */
function layersOf(spec: unknown): Array<Record<string, any>> {
  const s = spec as Record<string, any>;
  return [s, ...[...(s.layer ?? []), ...(s.vconcat ?? [])].flatMap(layersOf)];
}
const valuesOf = (layer: Record<string, any>): Array<Record<string, any>> => layer.data?.values ?? [];

describe.each(cases)('%s spec', (_name, build, minMarks) => {
  let spec: TopLevelSpec;
  let checked: Awaited<ReturnType<typeof checkSpec>>;
  beforeAll(async () => {
    spec = build();
    checked = await checkSpec(spec, schema);
  });

  it('is valid against the vega-lite JSON schema', () => {
    expect(checked.schemaIssues).toEqual([]);
  });

  it('compiles, parses and runs with no vega or vega-lite warnings', () => {
    expect(checked.logged).toEqual([]);
  });

  it('draws marks', () => {
    expect(countMarks(checked.svg)).toBeGreaterThanOrEqual(minMarks);
  });

  it('carries its data inline and references no URL', () => {
    const { $schema, ...rest } = spec;
    expect($schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(JSON.stringify(rest).match(/"(url|https?:|file:|data:)[^"]{0,40}/g)).toBeNull();
  });
});

describe('planNodeCountSpec', () => {
  it('stacks packed and spare nodes per model and labels the cheapest with its cost', () => {
    const layers = layersOf(planNodeCountSpec(plan, 'USD/month'));
    const bars = valuesOf(layers.find((l) => l.mark?.type === 'bar')!);
    for (const m of plan.models) {
      expect(bars.filter((b) => b.model === m.name).map((b) => [b.kind, b.nodes])).toEqual([['packed', m.nodes - m.spare], ['spare', m.spare]]);
    }
    const labels = layers.flatMap(valuesOf).map((v) => v.label).filter(Boolean);
    const cheapest = plan.models.find((m) => m.cheapest)!;
    expect(labels).toContain(`${cheapest.nodes} nodes · ${cheapest.cost!.toLocaleString('en-US')} USD/month  ★ cheapest`);
  });
});

describe('planUtilizationSpec', () => {
  it('has a bar per model and resource, marks the binding one, and draws the target', () => {
    const layers = layersOf(planUtilizationSpec(plan));
    const bars = valuesOf(layers.find((l) => l.mark?.type === 'bar')!);
    expect(bars).toHaveLength(plan.models.length * 3);
    for (const m of plan.models) expect(bars.filter((b) => b.model === m.name && b.binding).map((b) => b.resource)).toEqual([m.limitedBy]);
    expect(valuesOf(layers.find((l) => l.mark?.type === 'rule')!)[0]!.target).toBe(0.8);
  });
});

describe('planPackingSpec', () => {
  it('stacks requested, free and buffer per node to the node\'s allocatable, spares last', () => {
    const m = plan.models[0]!;
    const cpu = valuesOf((planPackingSpec(m) as any).vconcat[0]);
    const first = cpu.filter((v) => v.node === '1');
    expect(first.map((v) => v.segment)).toEqual(['requested', 'free below target', 'buffer above target']);
    expect(first.reduce((a, v) => a + v.amount, 0)).toBeCloseTo(m.allocatable.cpu, 3);
    expect(first[0]!.amount).toBeCloseTo(m.packing[0]!.cpu, 4);
    expect(cpu[cpu.length - 1]!.node).toBe(`spare ${m.spare}`);
  });

  it('shows at most the first nodes of a large plan', () => {
    const nodes = new Set(valuesOf((planPackingSpec(bigPlan.models[0]!) as any).vconcat[0]).map((v) => v.node));
    expect(bigPlan.models[0]!.packing.length).toBeGreaterThan(PACKING_NODES_SHOWN);
    expect(nodes.size).toBe(PACKING_NODES_SHOWN + 1);
  });
});

describe('maxPodsConstraintsSpec', () => {
  it('highlights the binding constraint and clips a huge one, keeping its value in the label', () => {
    const layers = layersOf(maxPodsConstraintsSpec(maxPods));
    const bars = valuesOf(layers[0]!);
    expect(bars.filter((b) => b.binding).map((b) => b.constraint)).toEqual(['cpu']);
    const ip = bars.find((b) => b.constraint === 'ip')!;
    expect(ip.clipped).toBe(true);
    expect(ip.label).toBe('▸ 9.22e+18');
    expect(ip.shown).toBeLessThan(1000);
    expect(bars.find((b) => b.constraint === 'cpu')!.label).toBe('63  ← binding');
  });
});
