// Knee of a throughput-vs-load curve: where adding load stops buying throughput.
//
// Detection is Kneedle (Satopää, Albrecht, Irwin, Raghavan, ICDCS workshops 2011) for concave
// increasing curves: normalise x and y to [0, 1], take the difference curve d = ŷ − x̂, and accept
// its first local maximum once d falls more than S·(mean x̂ spacing) below it before the next local
// maximum. S = 1 as the paper recommends. The paper's smoothing spline is skipped (a bench has tens
// of steps at most, each an average over seconds); instead a candidate must also cut the slope by a
// margin larger than the steps' noise (slopeDrops), which keeps noise on a straight line from
// counting as a knee.
//
// x is normalised on a linear scale even for geometric steps (1, 2, 4 … 64). On log x the
// load-proportional part of a throughput curve turns convex, the difference curve goes negative
// there, and Kneedle misses knees in the upper half of a geometric range (K = 20…48 of 1…64) or
// places them later on smooth curves; on linear x it finds them all. What geometric spacing does
// need is care in choosing between the two steps that bracket the bend: the asymptotes below do
// that, and they do not care how the steps are spaced.
//
// Placement: a closed system's throughput is bounded by two asymptotes (operational analysis,
// Lazowska et al., "Quantitative System Performance", ch. 5): X ≤ N/(D + Z) at light load and
// X ≤ Xmax at heavy load; they cross at the saturation load N⁺ = Xmax·(D + Z). Open load has the
// same shape (achieved ≤ offered, achieved ≤ capacity). We estimate the light-load slope as the best
// y/x seen up to the Kneedle point and Xmax as the highest y, and return the step nearest N⁺ among the
// Kneedle point and its two neighbours. For min(N/S, K/S) this lands exactly on K when K is a step.

export interface KneePoint {
  x: number;
  y: number;
}

export interface Knee {
  x: number;
  y: number;
  /** Index into the points as given. */
  index: number;
  /** Where the light- and heavy-load asymptotes cross (may lie between steps). */
  asymptoteX: number;
}

export interface KneeOptions {
  /** Kneedle's S: larger demands a sharper bend before calling it a knee. */
  sensitivity?: number;
  /** 95% half-width of each point's y (e.g. from its throughput CI), in the order given. */
  yHalfWidth?: readonly number[];
}

/**
 * The knee, or null when there is none (fewer than 3 points, a curve that is still straight, or one
 * that never rises). Points need not be sorted; y is assumed 0 at x = 0 (throughput at no load).
 */
export function findKnee(points: ReadonlyArray<KneePoint>, opts: KneeOptions = {}): Knee | null {
  const sensitivity = opts.sensitivity ?? 1;
  const order = points
    .map((p, index) => ({ ...p, index }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || a.index - b.index);
  if (order.length < 3) return null;
  const xs = order.map((p) => p.x);
  const ys = order.map((p) => p.y);
  const halfWidths = opts.yHalfWidth ? order.map((p) => opts.yHalfWidth![p.index] ?? 0) : undefined;
  const i = kneedleCandidates(xs, ys, sensitivity).find((c) => slopeDrops(xs, ys, halfWidths, c));
  return i === undefined ? null : placeByAsymptotes(order, i);
}

/**
 * Indices (into sorted x) of the local maxima of Kneedle's difference curve that pass its threshold,
 * in order of x. The first is Kneedle's knee.
 */
export function kneedleCandidates(xs: readonly number[], ys: readonly number[], sensitivity = 1): number[] {
  const n = xs.length;
  const x0 = xs[0]!;
  const xSpan = xs[n - 1]! - x0;
  const yMin = Math.min(...ys);
  const ySpan = Math.max(...ys) - yMin;
  if (!(xSpan > 0) || !(ySpan > 0)) return [];
  const d = xs.map((x, i) => (ys[i]! - yMin) / ySpan - (x - x0) / xSpan);
  const isLocalMax = (i: number): boolean => i > 0 && i < n - 1 && d[i]! >= d[i - 1]! && d[i]! > d[i + 1]!;
  const meanSpacing = 1 / (n - 1);
  const out: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    if (!isLocalMax(i)) continue;
    const threshold = d[i]! - sensitivity * meanSpacing;
    for (let j = i + 1; j < n; j++) {
      if (d[j]! < threshold) {
        out.push(i);
        break;
      }
      // Another local maximum before the drop: this one was a wobble on the way up.
      if (isLocalMax(j)) break;
    }
  }
  return out;
}

/**
 * Kneedle alone calls noise on a long straight run a knee (with 20 steps its threshold is 1/19 of the
 * range, about what 5% noise does). A real knee also cuts the marginal throughput: the slope of the
 * points from the knee on must stay under 2/3 of the light-load slope (through the origin) up to it,
 * by more than the slope's own 95% uncertainty when the points' uncertainties are known.
 */
function slopeDrops(xs: readonly number[], ys: readonly number[], halfWidths: readonly number[] | undefined, i: number): boolean {
  let sxy = 0;
  let sxx = 0;
  for (let j = 0; j <= i; j++) {
    sxy += xs[j]! * ys[j]!;
    sxx += xs[j]! * xs[j]!;
  }
  const before = sxx > 0 ? sxy / sxx : 0;
  if (!(before > 0)) return false;
  const tailX = xs.slice(i);
  const mx = tailX.reduce((s, v) => s + v, 0) / tailX.length;
  let num = 0;
  let den = 0;
  let spread = 0;
  for (let j = i; j < xs.length; j++) {
    const dx = xs[j]! - mx;
    num += dx * ys[j]!;
    den += dx * dx;
    spread += dx * dx * (halfWidths?.[j] ?? 0) ** 2;
  }
  const after = den > 0 ? num / den : 0;
  const afterHalfWidth = den > 0 ? Math.sqrt(spread) / den : 0;
  return after + afterHalfWidth < (2 / 3) * before;
}

function placeByAsymptotes(order: ReadonlyArray<KneePoint & { index: number }>, i: number): Knee {
  let slope = 0;
  for (let j = 0; j <= i; j++) {
    const p = order[j]!;
    if (p.x > 0) slope = Math.max(slope, p.y / p.x);
  }
  const yMax = Math.max(...order.map((p) => p.y));
  const asymptoteX = slope > 0 ? yMax / slope : order[i]!.x;
  let best = i;
  for (const j of [i - 1, i + 1]) {
    if (j < 0 || j >= order.length) continue;
    // Ties go to the lower load: calling saturation early is the safer error.
    const dj = Math.abs(order[j]!.x - asymptoteX);
    const db = Math.abs(order[best]!.x - asymptoteX);
    if (dj < db || (dj === db && j < best)) best = j;
  }
  const p = order[best]!;
  return { x: p.x, y: p.y, index: p.index, asymptoteX };
}
