// The workloads `headroom plan` packs, in either of two shapes:
// - hand-written YAML: `workloads: [{ name, namespace?, replicas, cpu, memory }]` (per pod);
// - the JSON `headroom recommend resources` writes: one entry per container
//   (`{ namespace, workload, container, cpu: { request }, memory: { request }, replicas? }`),
//   summed per workload; replicas from `replicas` when present, else 1.
// Either way the result is a list of workloads with per-pod requests; problems come back with
// their path and line:column.
import { z } from 'zod';
import { parseBytes, parseCores } from './units.js';
import { humanUnitField, parseYamlWith, type ParsedFile } from './yaml-positions.js';

const cores = humanUnitField(parseCores, 'CPU cores: 0.5, or a quantity like "500m".');
const bytes = humanUnitField(parseBytes, 'Memory: "512Mi", "2Gi", or bytes.');
const replicas = z.number().int().nonnegative();

export interface Workload {
  /** `namespace/name` when a namespace is given. */
  name: string;
  replicas: number;
  /** Requests of one pod (all its containers). */
  cpuCores: number;
  memoryBytes: number;
}

export const handWorkloadSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  replicas: replicas.default(1).describe('Pods of this workload.'),
  cpu: cores.describe('CPU request of one pod, all containers.'),
  memory: bytes.describe('Memory request of one pod, all containers.'),
});

export const handWorkloadsSchema = z
  .strictObject({
    $schema: z.string().optional(),
    workloads: z.array(handWorkloadSchema).min(1),
  })
  .superRefine((f, ctx) => {
    const seen = new Map<string, number>();
    f.workloads.forEach((w, i) => {
      const key = qualifiedName(w.namespace, w.name);
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['workloads', i, 'name'], message: `duplicate workload "${key}" (also workloads[${first}])` });
      else seen.set(key, i);
    });
  })
  .transform((f) => f.workloads.map((w): Workload => ({ name: qualifiedName(w.namespace, w.name), replicas: w.replicas, cpuCores: w.cpu, memoryBytes: w.memory })));

/** One container of the right-sizing output; other fields (limits, confidence, current …) are ignored. */
export const rightSizedContainerSchema = z.looseObject({
  namespace: z.string().default(''),
  workload: z.string().min(1),
  container: z.string().optional(),
  replicas: replicas.optional(),
  cpu: z.looseObject({ request: cores }),
  memory: z.looseObject({ request: bytes }),
});

export const rightSizingSchema = z
  .looseObject({ workloads: z.array(rightSizedContainerSchema).min(1) })
  .transform((f) => sumContainers(f.workloads));

function qualifiedName(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

type RightSizedContainer = z.output<typeof rightSizedContainerSchema>;

/** Containers of one workload add up to its pod; the workload keeps its first appearance's place. */
function sumContainers(containers: readonly RightSizedContainer[]): Workload[] {
  const byName = new Map<string, Workload & { replicasGiven: boolean }>();
  for (const c of containers) {
    const name = qualifiedName(c.namespace, c.workload);
    const w = byName.get(name) ?? { name, replicas: 1, cpuCores: 0, memoryBytes: 0, replicasGiven: false };
    w.cpuCores += c.cpu.request;
    w.memoryBytes += c.memory.request;
    if (c.replicas !== undefined) {
      // Containers of one pod share its replica count; should they disagree, plan for the most.
      w.replicas = w.replicasGiven ? Math.max(w.replicas, c.replicas) : c.replicas;
      w.replicasGiven = true;
    }
    byName.set(name, w);
  }
  return [...byName.values()].map(({ replicasGiven: _r, ...w }) => w);
}

/** Right-sizing output names a `workload` per entry; a hand-written file names a `name`. */
export function isRightSizing(data: unknown): boolean {
  const list = (data as { workloads?: unknown } | null)?.workloads;
  return Array.isArray(list) && list.some((w) => w !== null && typeof w === 'object' && ('workload' in w || 'container' in w));
}

export function loadWorkloads(text: string): ParsedFile<Workload[]> {
  return parseYamlWith<z.ZodType<Workload[]>>((data) => (isRightSizing(data) ? rightSizingSchema : handWorkloadsSchema) as z.ZodType<Workload[]>, text);
}
