// Load levels a bench steps through, from a list or a ramp. Pure.
import type { LoadSpec } from './schema.js';

/** Safety net against a ramp that would generate an absurd plan. */
export const MAX_STEPS = 1000;

export function planSteps(load: Pick<LoadSpec, 'steps' | 'ramp'>): number[] {
  if (load.steps) return [...load.steps];
  const r = load.ramp!;
  const out: number[] = [];
  for (let x = r.from; x <= r.to * (1 + 1e-9) && out.length < MAX_STEPS; x = r.factor ? x * r.factor : x + r.step!) {
    out.push(Number(x.toPrecision(12)));
  }
  return out;
}
