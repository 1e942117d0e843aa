// The node-models file `headroom plan` sizes against: `nodes: [{ name, cpu, memory, maxPods?, price? }]`.
// The zod schema is the source of truth; problems come back with their path and line:column.
import { z } from 'zod';
import { parseBytes, parseCores } from './units.js';
import { humanUnitField, parseYamlWith, type ParsedFile } from './yaml-positions.js';

const cores = humanUnitField(parseCores, 'CPU cores: 16, or a quantity like "15500m".');
const bytes = humanUnitField(parseBytes, 'Memory: "64Gi", "512Mi", or bytes.');

/** Reserved amounts a model overrides; a resource left out keeps its tiered default. */
export interface ReservedAmounts {
  cpuCores?: number;
  memoryBytes?: number;
}

export interface NodeModel {
  name: string;
  cpuCores: number;
  memoryBytes: number;
  maxPods: number | null;
  price: number | null;
  reserved: { kube?: ReservedAmounts; system?: ReservedAmounts };
}

const reservedSchema = z
  .strictObject({
    cpu: cores.optional(),
    memory: bytes.optional(),
  })
  .transform((r): ReservedAmounts => ({ ...(r.cpu !== undefined && { cpuCores: r.cpu }), ...(r.memory !== undefined && { memoryBytes: r.memory }) }));

export const nodeModelSchema = z
  .strictObject({
    name: z.string().min(1).describe('Names the model in tables and charts, e.g. "m7i.4xlarge".'),
    cpu: cores.describe('CPU cores of one node (its capacity, before reservations).'),
    memory: bytes.describe('Memory of one node (its capacity, before reservations).'),
    maxPods: z.number().int().positive().optional().describe('The kubelet\'s maxPods on this model; default the tested limit, 110.'),
    price: z.number().nonnegative().optional().describe('Price of one node, in any unit as long as every model uses the same one.'),
    kubeReserved: reservedSchema.optional().describe('Replaces the tiered kube-reserved default for the resources it names.'),
    systemReserved: reservedSchema.optional().describe('Added to kubeReserved; naming a resource here also replaces its tiered default.'),
  })
  .refine((n) => n.cpu > 0, { message: 'cpu must be more than 0', path: ['cpu'] })
  .refine((n) => n.memory > 0, { message: 'memory must be more than 0', path: ['memory'] })
  .transform(
    (n): NodeModel => ({
      name: n.name,
      cpuCores: n.cpu,
      memoryBytes: n.memory,
      maxPods: n.maxPods ?? null,
      price: n.price ?? null,
      reserved: { ...(n.kubeReserved && { kube: n.kubeReserved }), ...(n.systemReserved && { system: n.systemReserved }) },
    }),
  );

export const nodeModelsSchema = z
  .strictObject({
    $schema: z.string().optional(),
    priceUnit: z.string().optional().describe('What a price is, for display: "USD/month", "€/h".'),
    nodes: z.array(nodeModelSchema).min(1),
  })
  .superRefine((f, ctx) => {
    const seen = new Map<string, number>();
    f.nodes.forEach((n, i) => {
      const first = seen.get(n.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'name'], message: `duplicate node model "${n.name}" (also nodes[${first}])` });
      else seen.set(n.name, i);
    });
  });

export type NodeModelsFile = z.output<typeof nodeModelsSchema>;

export function loadNodeModels(text: string): ParsedFile<NodeModelsFile> {
  return parseYamlWith(nodeModelsSchema, text);
}
