// SLO verdict for one bench: how much load it takes within its objectives, where it first broke them,
// and whether that is enough.
//
// Capacity is the highest-load step such that it and every lower step met every per-step objective.
// A step that passes again above a breach does not count: a service that misses its p99 at 400 rps
// and meets it at 500 rps is noisy there, and "the most load it takes within the SLO" is 300.
import type { SloVerdict, StepResult } from '../scenarios/result.js';
import type { Slo } from '../scenarios/schema.js';
import { sortByLoad } from './by-load.js';

const LATENCY_OBJECTIVES = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;

type Breach = NonNullable<SloVerdict['breach']>;

export function evaluateSlo(steps: readonly StepResult[], slo: Slo): SloVerdict {
  let capacity: SloVerdict['capacity'] = null;
  let breach: SloVerdict['breach'] = null;
  for (const step of sortByLoad(steps)) {
    const broken = findBrokenObjective(step, slo);
    if (broken) {
      breach = { load: step.load, ...broken };
      break;
    }
    capacity = { load: step.load, throughput: step.throughput };
  }
  const hasObjectives = Object.values(slo).some((v) => v !== undefined);
  let passed = true;
  if (hasObjectives && capacity === null) passed = false;
  else if (capacity && slo.minThroughput !== undefined && capacity.throughput < slo.minThroughput) passed = false;
  return { passed, capacity, breach, objectives: slo };
}

/**
 * The objective this step breaks worst (largest observed/limit), or null. Meeting a limit exactly
 * passes. A step that got no response at all cannot meet a latency objective, although its empty
 * histogram reads 0 ms: it is reported as objective "responses" (observed 0, limit 1).
 */
export function findBrokenObjective(step: StepResult, slo: Slo): Omit<Breach, 'load'> | null {
  const checks: Array<{ objective: string; observed: number; limit: number }> = [];
  const latencyLimits = LATENCY_OBJECTIVES.filter((k) => slo[k] !== undefined);
  if (latencyLimits.length > 0 && step.latencyMs.count === 0) return { objective: 'responses', observed: 0, limit: 1 };
  for (const k of latencyLimits) checks.push({ objective: k, observed: step.latencyMs[k], limit: slo[k]! });
  if (slo.errorRate !== undefined) checks.push({ objective: 'errorRate', observed: step.errorRate, limit: slo.errorRate });
  let worst: (typeof checks)[number] | null = null;
  let worstRatio = 1;
  for (const c of checks) {
    if (!(c.observed > c.limit)) continue;
    const ratio = c.limit > 0 ? c.observed / c.limit : Infinity;
    if (!worst || ratio > worstRatio) {
      worst = c;
      worstRatio = ratio;
    }
  }
  return worst;
}
