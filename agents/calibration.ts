// Runs a load plan against a calibrated target started on its own thread, so what headroom
// measures can be set beside the known answer. Used by the accuracy tests and bench:accuracy.
import type { BenchResult } from '../scenarios/result.js';
import type { HttpBench, LoadModel } from '../scenarios/schema.js';
import { runScenario } from './run-scenario.js';
import { startTargetThread } from './start-target-thread.js';
import { theoreticalCapacity, type Capacity } from './target/models.js';
import type { TargetOptions } from './target/server.js';

export interface CalibrationCase {
  name: string;
  target: TargetOptions;
  model: LoadModel;
  steps: number[];
  stepDurationMs: number;
  warmupMs: number;
  arrival?: 'constant' | 'poisson';
  maxInFlight?: number;
}

export interface CalibrationOutcome {
  case: CalibrationCase;
  capacity: Capacity;
  bench: BenchResult;
}

export async function runCalibrationCase(c: CalibrationCase, signal: AbortSignal = new AbortController().signal): Promise<CalibrationOutcome> {
  const target = await startTargetThread(c.target);
  try {
    const bench: HttpBench = {
      name: c.name,
      kind: 'http',
      engine: 'headroom',
      threads: 1,
      target: { url: target.url, method: 'GET', headers: {} },
      load: {
        model: c.model,
        steps: c.steps,
        stepDuration: c.stepDurationMs,
        warmup: c.warmupMs,
        arrival: c.arrival ?? 'constant',
        maxInFlight: c.maxInFlight ?? 10_000,
        timeout: 30_000,
      },
    };
    const result = await runScenario({ name: c.name, benches: [bench] }, { file: null, signal, emit: () => {}, sampleResources: false });
    return { case: c, capacity: theoreticalCapacity(c.target), bench: result.benches[0]! };
  } finally {
    await target.close();
  }
}

/** Steps 1…2N* for a USL target: dense enough around the peak for the fit. */
export function uslSteps(peak: number, count = 10): number[] {
  const top = Math.max(4, Math.round(2 * peak));
  const out = new Set<number>([1]);
  for (let i = 1; i < count; i++) out.add(Math.max(1, Math.round((top * i) / (count - 1))));
  return [...out].sort((a, b) => a - b);
}
