// Universal Scalability Law (Gunther): X(N) = λN / (1 + σ(N − 1) + κN(N − 1)).
// λ is the throughput of one unit of concurrency, σ the share serialised by contention, κ the cost of
// keeping N units coherent (the term that makes throughput fall past the peak).
//
// The fit is ordinary least squares on X (the estimator usl4j and the R package `usl` use, so their
// published coefficients are our known answers), solved by Levenberg–Marquardt with box constraints
// λ > 0, 0 ≤ σ ≤ 1, κ ≥ 0. The starting point comes from the linearised form N/X = a + bN + cN²,
// plus two simple starts; the best local optimum wins.
import type { UslFit } from '../scenarios/result.js';
import { solveLinear } from './linear-solve.js';

export interface UslPoint {
  /** Concurrency (connections, workers, nodes). */
  n: number;
  /** Throughput at that concurrency. */
  x: number;
}

export type UslCoefficients = Pick<UslFit, 'lambda' | 'sigma' | 'kappa'>;

/** [λ, σ, κ]; λ in throughput units scaled by the largest observed throughput while fitting. */
type Params = [number, number, number];

const LOWER: Params = [1e-12, 0, 0];
const UPPER: Params = [Infinity, 1, Infinity];
const MAX_ITERATIONS = 1000;

export function predictUsl(fit: UslCoefficients, n: number): number {
  return (fit.lambda * n) / (1 + fit.sigma * (n - 1) + fit.kappa * n * (n - 1));
}

/** N* = √((1 − σ)/κ), where throughput peaks; Infinity without a coherency term. */
export function uslPeak(fit: Pick<UslFit, 'sigma' | 'kappa'>): number {
  return fit.kappa > 0 ? Math.sqrt(Math.max(0, 1 - fit.sigma) / fit.kappa) : Infinity;
}

/**
 * Throughput at N*, or, when κ = 0 and the curve never turns down, the ceiling λ/σ it approaches
 * (Amdahl's limit); Infinity when σ = κ = 0 (linear scaling has no ceiling).
 */
export function uslPeakThroughput(fit: UslCoefficients): number {
  const peak = uslPeak(fit);
  if (Number.isFinite(peak)) return predictUsl(fit, peak);
  return fit.sigma > 0 ? fit.lambda / fit.sigma : Infinity;
}

/**
 * Least-squares USL fit. Null when fewer than 3 distinct N (three coefficients need three levels) or
 * when nothing was ever served (all throughput 0). Points with N ≤ 0 or non-finite values are ignored.
 */
export function fitUsl(points: ReadonlyArray<UslPoint>): UslFit | null {
  const pts = points.filter((p) => Number.isFinite(p.n) && Number.isFinite(p.x) && p.n > 0 && p.x >= 0);
  if (new Set(pts.map((p) => p.n)).size < 3) return null;
  const xScale = Math.max(...pts.map((p) => p.x));
  if (!(xScale > 0)) return null;
  const ns = pts.map((p) => p.n);
  const ys = pts.map((p) => p.x / xScale);

  let best: { p: Params; sse: number } | null = null;
  for (const start of startingPoints(ns, ys)) {
    const r = refine(ns, ys, start);
    if (!best || r.sse < best.sse) best = r;
  }
  if (!best) return null;
  const [lambdaScaled, sigma, kappa] = best.p;
  const coefficients = { lambda: lambdaScaled * xScale, sigma, kappa };

  const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
  const sst = ys.reduce((s, y) => s + (y - mean) ** 2, 0);
  // A flat series has no variance to explain: call it a perfect fit only if it is one.
  const r2 = sst > 0 ? 1 - best.sse / sst : best.sse <= 1e-20 ? 1 : 0;
  return { ...coefficients, r2, peak: uslPeak(coefficients), peakThroughput: uslPeakThroughput(coefficients) };
}

function model(p: Params, n: number): number {
  return (p[0] * n) / (1 + p[1] * (n - 1) + p[2] * n * (n - 1));
}

function sumSquares(ns: number[], ys: number[], p: Params): number {
  let s = 0;
  for (let i = 0; i < ns.length; i++) s += (ys[i]! - model(p, ns[i]!)) ** 2;
  return s;
}

function project(p: Params): Params {
  return p.map((v, j) => Math.min(UPPER[j]!, Math.max(LOWER[j]!, v))) as Params;
}

function startingPoints(ns: number[], ys: number[]): Params[] {
  const starts: Params[] = [];
  const linearised = linearisedStart(ns, ys);
  if (linearised) starts.push(linearised);
  // Best per-unit efficiency approximates λ: it is X(N)/N at the lightest load.
  const lambda0 = Math.max(...ns.map((n, i) => ys[i]! / n));
  starts.push(project([lambda0, 0, 0]));
  const nAtMax = ns[ys.indexOf(Math.max(...ys))]!;
  starts.push(project([lambda0, 0, 1 / (nAtMax * nAtMax)]));
  return starts;
}

/**
 * N/X = ((1 − σ) + (σ − κ)N + κN²)/λ is a quadratic a + bN + cN² (Gunther, GCaP §5.2.3), so a linear
 * least-squares fit gives λ = 1/(a + b + c), σ = 1 − aλ, κ = cλ. Biased (it weights points by 1/X²),
 * which is why it only seeds the nonlinear fit.
 */
function linearisedStart(ns: number[], ys: number[]): Params | null {
  const nMax = Math.max(...ns);
  const ata = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const atb = [0, 0, 0];
  for (let i = 0; i < ns.length; i++) {
    if (!(ys[i]! > 0)) continue;
    const u = ns[i]! / nMax; // scaled for conditioning
    const row = [1, u, u * u];
    const target = ns[i]! / ys[i]!;
    for (let r = 0; r < 3; r++) {
      atb[r]! += row[r]! * target;
      for (let c = 0; c < 3; c++) ata[r]![c]! += row[r]! * row[c]!;
    }
  }
  const coef = solveLinear(ata, atb);
  if (!coef) return null;
  const [a, bu, cu] = coef as [number, number, number];
  const b = bu / nMax;
  const c = cu / (nMax * nMax);
  const lambda = 1 / (a + b + c);
  if (!(lambda > 0) || !Number.isFinite(lambda)) return null;
  return project([lambda, 1 - a * lambda, c * lambda]);
}

/** Levenberg–Marquardt with Marquardt's diagonal scaling; bound-active parameters are held fixed. */
function refine(ns: number[], ys: number[], start: Params): { p: Params; sse: number } {
  let p = project(start);
  let sse = sumSquares(ns, ys, p);
  let mu = 1e-3;
  for (let iter = 0; iter < MAX_ITERATIONS && sse > 0; iter++) {
    const { jtj, jtr } = normalEquations(ns, ys, p);
    // A parameter pinned at a bound whose descent direction points outside stays where it is.
    const free = [0, 1, 2].filter((j) => !((p[j] === LOWER[j] && jtr[j]! < 0) || (p[j] === UPPER[j] && jtr[j]! > 0)));
    if (free.length === 0) break;
    let accepted = false;
    while (mu < 1e20) {
      const a = free.map((i) => free.map((j) => jtj[i]![j]! + (i === j ? mu * Math.max(jtj[i]![i]!, 1e-300) : 0)));
      const step = solveLinear(a, free.map((j) => jtr[j]!));
      if (step) {
        const q: Params = [...p];
        free.forEach((j, k) => (q[j] = q[j]! + step[k]!));
        const candidate = project(q);
        const s = sumSquares(ns, ys, candidate);
        if (s < sse) {
          const gain = (sse - s) / sse;
          p = candidate;
          sse = s;
          mu = Math.max(mu / 10, 1e-15);
          accepted = true;
          if (gain < 1e-15) return { p, sse };
          break;
        }
      }
      mu *= 10;
    }
    if (!accepted) break;
  }
  return { p, sse };
}

function normalEquations(ns: number[], ys: number[], p: Params): { jtj: number[][]; jtr: number[] } {
  const jtj = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const jtr = [0, 0, 0];
  const [lambda, sigma, kappa] = p;
  for (let i = 0; i < ns.length; i++) {
    const n = ns[i]!;
    const d = 1 + sigma * (n - 1) + kappa * n * (n - 1);
    const f = (lambda * n) / d;
    const grad = [n / d, (-f * (n - 1)) / d, (-f * n * (n - 1)) / d];
    const r = ys[i]! - f;
    for (let a = 0; a < 3; a++) {
      jtr[a]! += grad[a]! * r;
      for (let b = 0; b < 3; b++) jtj[a]![b]! += grad[a]! * grad[b]!;
    }
  }
  return { jtj, jtr };
}
