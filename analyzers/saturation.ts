// The saturation point of one bench: the lowest load at which any limit binds.
//
// Candidates, each with the load where it binds and a range for that load:
//   slo-breach          first step breaking an objective; range [step below it, breach step]
//   error-onset         first step over the error threshold; range [step below it, onset step]
//   throughput-plateau  open model: achieved throughput levelled off; the plateau is the capacity
//                       estimate (in requests/s or operations/s); range = that step's 95% throughput CI
//   knee                closed model: Kneedle knee of throughput vs connections (clients); range = the steps
//                       either side of it (the bend lies somewhere between them)
//   usl-peak            closed model: the USL's N*, used only when the fit explains ≥ 90% of the
//                       variance, N* is at most 1.5× the highest step, and the residual bootstrap's
//                       95% interval of N* is finite; range = that interval
// Ties go to the earlier entry of this list (the SLO is what the user asked about). The open model
// skips the knee (on achieved-vs-offered it only repeats the plateau, snapped to a step) and the USL
// (an arrival rate is not a concurrency N).
import type { Saturation, SaturationLimit, SloVerdict, StepResult, UslFit } from '../scenarios/result.js';
import type { LoadModel } from '../scenarios/schema.js';
import { sortByLoad } from './by-load.js';
import type { Knee } from './knee.js';
import type { ThroughputPlateau } from './plateau.js';
import { bootstrapUslPeak } from './usl-bootstrap.js';

export const USL_MIN_R2 = 0.9;
export const USL_MAX_EXTRAPOLATION = 1.5;

/** The words the detail sentences count load and throughput in; HTTP's unless the caller says otherwise. */
export interface SaturationWords {
  /** Closed-model load, plural: "connections", "clients". */
  clients: string;
  /** Offered rate and throughput: "req/s", "ops/s". */
  rate: string;
}

export const HTTP_SATURATION_WORDS: SaturationWords = { clients: 'connections', rate: 'req/s' };
export const ETCD_SATURATION_WORDS: SaturationWords = { clients: 'clients', rate: 'ops/s' };

export interface SaturationInput {
  steps: readonly StepResult[];
  model: LoadModel;
  usl: UslFit | null;
  knee: Knee | null;
  slo: SloVerdict | null;
  errorOnset: { load: number; errorRate: number; throughput: number } | null;
  errorThreshold: number;
  plateau: ThroughputPlateau | null;
  /** Seeds the USL bootstrap, so the same steps always give the same range. */
  seed: number;
  /** Default HTTP_SATURATION_WORDS; etcd benches pass ETCD_SATURATION_WORDS. */
  words?: SaturationWords;
}

interface Candidate extends Saturation {
  limitedBy: Exclude<SaturationLimit, 'not-reached'>;
}

const PRIORITY: readonly SaturationLimit[] = ['slo-breach', 'error-onset', 'throughput-plateau', 'knee', 'usl-peak'];

export function findSaturation(input: SaturationInput): Saturation {
  const steps = sortByLoad(input.steps);
  const top = steps[steps.length - 1];
  if (!top) return { load: 0, throughput: 0, limitedBy: 'not-reached', range: [0, 0], detail: 'no steps were measured' };
  const words = input.words ?? HTTP_SATURATION_WORDS;
  const unit = input.model === 'closed' ? words.clients : words.rate;
  const loadBelow = (load: number): number => steps.filter((s) => s.load < load).at(-1)?.load ?? load;
  const loadAbove = (load: number): number => steps.find((s) => s.load > load)?.load ?? load;
  const throughputAt = (load: number): number => steps.find((s) => s.load === load)?.throughput ?? 0;
  const candidates: Candidate[] = [];

  const breach = input.slo?.breach;
  if (breach) {
    candidates.push({
      limitedBy: 'slo-breach',
      load: breach.load,
      throughput: throughputAt(breach.load),
      range: [input.slo?.capacity?.load ?? loadBelow(breach.load), breach.load],
      detail: `${describeObjective(breach.objective, breach.observed, breach.limit)} at ${fmt(breach.load)} ${unit}`,
    });
  }
  const onset = input.errorOnset;
  if (onset) {
    candidates.push({
      limitedBy: 'error-onset',
      load: onset.load,
      throughput: onset.throughput,
      range: [loadBelow(onset.load), onset.load],
      detail: `error rate ${pct(onset.errorRate)} exceeds ${pct(input.errorThreshold)} at ${fmt(onset.load)} ${unit}`,
    });
  }
  const plateau = input.model === 'open' ? input.plateau : null;
  if (plateau) {
    const b = plateau.firstBehind;
    candidates.push({
      limitedBy: 'throughput-plateau',
      load: plateau.throughput,
      throughput: plateau.throughput,
      range: plateau.range,
      detail: `achieved throughput levels off at ${fmt(plateau.throughput)} ${words.rate} (offered ${fmt(b.offeredRate)} ${words.rate}, served ${pct(b.throughput / b.offeredRate)})`,
    });
  }
  const knee = input.model === 'closed' ? input.knee : null;
  if (knee) {
    candidates.push({
      limitedBy: 'knee',
      load: knee.x,
      throughput: knee.y,
      range: [loadBelow(knee.x), loadAbove(knee.x)],
      detail: `throughput stops scaling at ${fmt(knee.x)} ${unit} (${fmt(knee.y)} ${words.rate}; light- and heavy-load asymptotes cross at ${fmt(knee.asymptoteX)})`,
    });
  }
  const usl = input.model === 'closed' ? uslCandidate(input, steps, top.load, words) : null;
  if (usl) candidates.push(usl);

  const first = candidates.sort((a, b) => a.load - b.load || PRIORITY.indexOf(a.limitedBy) - PRIORITY.indexOf(b.limitedBy))[0];
  if (first) return first;
  return {
    load: top.load,
    throughput: top.throughput,
    limitedBy: 'not-reached',
    range: [top.load, top.load],
    detail: `no limit reached up to ${fmt(top.load)} ${unit} (${fmt(top.throughput)} ${words.rate}): the saturation point is higher`,
  };
}

function uslCandidate(input: SaturationInput, steps: StepResult[], maxLoad: number, words: SaturationWords): Candidate | null {
  const fit = input.usl;
  if (!fit || fit.r2 < USL_MIN_R2 || !Number.isFinite(fit.peak) || fit.peak > USL_MAX_EXTRAPOLATION * maxLoad) return null;
  const points = steps.map((s) => ({ n: s.load, x: s.throughput }));
  const range = bootstrapUslPeak(points, fit, { seed: input.seed });
  // An interval that cannot rule out "no peak" does not locate one.
  if (!Number.isFinite(range[1])) return null;
  const beyond = fit.peak > maxLoad ? `, beyond the highest step (${fmt(maxLoad)}): extrapolated` : '';
  return {
    limitedBy: 'usl-peak',
    load: fit.peak,
    throughput: fit.peakThroughput,
    range,
    detail: `USL fit (R² ${fit.r2.toFixed(3)}, σ ${fit.sigma.toPrecision(3)}, κ ${fit.kappa.toPrecision(3)}) peaks at ${fmt(fit.peak)} ${words.clients}, ${fmt(fit.peakThroughput)} ${words.rate}${beyond}`,
  };
}

function describeObjective(objective: string, observed: number, limit: number): string {
  if (objective === 'errorRate') return `error rate ${pct(observed)} > ${pct(limit)} objective`;
  if (objective === 'responses') return 'no responses (latency objectives cannot hold)';
  return `${objective} ${fmt(observed)} ms > ${fmt(limit)} ms objective`;
}

/** Three significant digits below 1000, whole numbers above: enough for a one-line detail. */
function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1000 ? String(Math.round(v)) : String(Number(v.toPrecision(3)));
}

function pct(fraction: number): string {
  return `${fmt(fraction * 100)}%`;
}
