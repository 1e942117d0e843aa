// The one analysis entry the runner calls: steps in, USL fit, knee, error onset, SLO verdict and
// saturation point out. Pure and deterministic (the seed drives the only resampling).
import type { BenchAnalysis, StepResult } from '../scenarios/result.js';
import type { LoadModel, Slo } from '../scenarios/schema.js';
import { sortByLoad } from './by-load.js';
import { DEFAULT_ERROR_THRESHOLD, findErrorOnset } from './error-onset.js';
import { findKnee } from './knee.js';
import { findThroughputPlateau } from './plateau.js';
import { findSaturation, type SaturationWords } from './saturation.js';
import { evaluateSlo } from './slo.js';
import { fitUsl } from './usl.js';

export interface AnalyzeOptions {
  model: LoadModel;
  slo?: Slo;
  seed?: number;
  /** How loads and rates are worded in the saturation detail (etcd: clients, ops/s). */
  words?: SaturationWords;
}

export function analyzeBench(steps: readonly StepResult[], opts: AnalyzeOptions): BenchAnalysis {
  const ordered = sortByLoad(steps);
  // Closed load is a concurrency, so throughput against it is exactly what the USL models. An open
  // step's load is an arrival rate, not an N: no USL there.
  const usl = opts.model === 'closed' ? fitUsl(ordered.map((s) => ({ n: s.load, x: s.throughput }))) : null;
  const knee = findKnee(
    ordered.map((s) => ({ x: s.load, y: s.throughput })),
    { yHalfWidth: ordered.map((s) => Math.max(0, (s.throughputCi[1] - s.throughputCi[0]) / 2)) },
  );
  const errorThreshold = opts.slo?.errorRate ?? DEFAULT_ERROR_THRESHOLD;
  const errorOnset = findErrorOnset(ordered, errorThreshold);
  const slo = opts.slo ? evaluateSlo(ordered, opts.slo) : null;
  const saturation = findSaturation({
    steps: ordered,
    model: opts.model,
    usl,
    knee,
    slo,
    errorOnset,
    errorThreshold,
    plateau: opts.model === 'open' ? findThroughputPlateau(ordered) : null,
    seed: opts.seed ?? 1,
    words: opts.words,
  });
  return {
    usl,
    knee: knee ? { load: knee.x, throughput: knee.y } : null,
    errorOnset: errorOnset ? { load: errorOnset.load, errorRate: errorOnset.errorRate } : null,
    saturation,
    slo,
  };
}
