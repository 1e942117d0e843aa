// Density evidence for maxPods: measurements of pod start-up at a given number of pods per node
// (a list of `{ podsPerNode, startupP99 }`, as the apiserver pod-startup bench writes it), and the
// largest density whose p99 met the start-up objective.
import { z } from 'zod';
import { parseDurationMs } from '../scenarios/units.js';
import { humanUnitField, parseYamlWith, type ParsedFile } from '../scenarios/yaml-positions.js';

export interface DensityMeasurement {
  podsPerNode: number;
  startupP99Ms: number;
}

const measurementSchema = z
  .looseObject({
    podsPerNode: z.number().int().positive(),
    startupP99: humanUnitField(parseDurationMs, 'Pod start-up p99: "4.2s", or milliseconds.').optional(),
    startupP99Ms: z.number().nonnegative().optional(),
  })
  .refine((m) => (m.startupP99 === undefined) !== (m.startupP99Ms === undefined), { message: 'give one of "startupP99" (a duration) or "startupP99Ms"' })
  .transform((m): DensityMeasurement => ({ podsPerNode: m.podsPerNode, startupP99Ms: (m.startupP99 ?? m.startupP99Ms)! }));

const listSchema = z.array(measurementSchema).min(1);
const wrappedSchema = z.looseObject({ measurements: listSchema }).transform((f) => f.measurements);

/** A bare list, or `{ measurements: [...] }`. */
export function loadDensity(text: string): ParsedFile<DensityMeasurement[]> {
  return parseYamlWith<z.ZodType<DensityMeasurement[]>>((data) => (Array.isArray(data) ? listSchema : wrappedSchema) as z.ZodType<DensityMeasurement[]>, text);
}

export interface DensityLimit {
  maxPods: number;
  detail: string;
}

/** The largest measured pods-per-node whose start-up p99 met `startupLimitMs`; 0 when none did. */
export function pickDensityLimit(measurements: readonly DensityMeasurement[], startupLimitMs: number): DensityLimit {
  const sorted = [...measurements].sort((a, b) => a.podsPerNode - b.podsPerNode || a.startupP99Ms - b.startupP99Ms);
  const met = sorted.filter((m) => m.startupP99Ms <= startupLimitMs);
  const limitText = `${startupLimitMs / 1000} s`;
  if (met.length === 0) {
    return { maxPods: 0, detail: `no measured density met a ${limitText} start-up p99 (lowest: ${sorted[0]!.podsPerNode} pods at ${formatSeconds(sorted[0]!.startupP99Ms)})` };
  }
  const best = met[met.length - 1]!;
  const failedBelow = sorted.filter((m) => m.startupP99Ms > startupLimitMs && m.podsPerNode < best.podsPerNode);
  const caveat = failedBelow.length ? `; note ${failedBelow.map((m) => `${m.podsPerNode} pods (${formatSeconds(m.startupP99Ms)})`).join(', ')} missed it` : '';
  const firstMiss = sorted.find((m) => m.podsPerNode > best.podsPerNode && m.startupP99Ms > startupLimitMs);
  const next = firstMiss ? `, ${firstMiss.podsPerNode} pods took ${formatSeconds(firstMiss.startupP99Ms)}` : '';
  return { maxPods: best.podsPerNode, detail: `${best.podsPerNode} pods per node started with p99 ${formatSeconds(best.startupP99Ms)} ≤ ${limitText}${next}${caveat}` };
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toPrecision(3))} s`;
}
