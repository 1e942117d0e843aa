// What the chart specs share: the look (config), the load axis, the layer type, label halos.
import type { TopLevelSpec } from 'vega-lite';

/** One layer of a layered spec, taken from the public TopLevelSpec type (vega-lite does not export it stably). */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];
export type Config = NonNullable<TopLevelSpec['config']>;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Fits an A4 page in portrait with margins, so printed charts are not scaled down. */
export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 260;

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Semantic colours used across charts, so "saturation" is the same red everywhere. */
export const COLORS = {
  measured: '#1f5fa8',
  fit: '#e08a00',
  offered: '#8a8a8a',
  saturation: '#c0392b',
  slo: '#1e8449',
  grid: '#e6e6e6',
} as const;

export const CONFIG: Config = {
  font: FONT,
  view: { stroke: null },
  axis: { gridColor: COLORS.grid, domainColor: '#9a9a9a', tickColor: '#9a9a9a', labelColor: '#333', titleColor: '#333', titleFontWeight: 'normal', labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', orient: 'right' },
  title: { fontSize: 13, fontWeight: 'normal', anchor: 'start', color: '#222' },
  line: { strokeWidth: 2 },
};

/**
 * Steps ramped geometrically (1, 2, 4 … 256) crowd into the left edge of a linear axis, so those get a
 * log axis; linear ramps keep a linear one, which is how USL curves are usually drawn.
 */
export function chooseLoadScale(loads: readonly number[]): 'linear' | 'log' {
  const xs = [...new Set(loads.filter((l) => l > 0))].sort((a, b) => a - b);
  if (xs.length < 3) return 'linear';
  const first = xs[0]!;
  const last = xs[xs.length - 1]!;
  if (last / first < 8) return 'linear';
  // Geometric when the median gap ratio is clearly above 1 and the points are not evenly spaced.
  const ratios = xs.slice(1).map((x, i) => x / xs[i]!).sort((a, b) => a - b);
  const medianRatio = ratios[Math.floor(ratios.length / 2)]!;
  const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
  const evenlySpaced = Math.max(...gaps) <= 1.5 * Math.min(...gaps);
  return medianRatio >= 1.3 && !evenlySpaced ? 'log' : 'linear';
}

/** `count` points from `from` to `to`, evenly spaced on the given scale (inclusive). */
export function spacedPoints(from: number, to: number, count: number, scale: 'linear' | 'log'): number[] {
  if (count < 2 || to <= from) return [from];
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = i / (count - 1);
    out.push(scale === 'log' ? from * (to / from) ** f : from + (to - from) * f);
  }
  return out;
}

/** Rounds for inline data: keeps specs small without visibly moving a point. */
export function round(x: number, significant = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(significant));
}

type UnitLayer = Extract<Layer, { mark: unknown }>;
/** A position channel definition (x or y) as vega-lite types it. */
export type PositionDef = NonNullable<NonNullable<UnitLayer['encoding']>['x']>;

/**
 * A text layer drawn twice: first as a thick white outline, then as itself, so a label stays legible
 * where it crosses lines and grid (vega has no paint-order for a real halo).
 */
export function withHalo(text: UnitLayer): Layer[] {
  const mark = typeof text.mark === 'string' ? { type: text.mark } : text.mark;
  return [{ ...text, mark: { ...mark, stroke: 'white', strokeWidth: 5, strokeOpacity: 1, strokeJoin: 'round' } } as UnitLayer, text];
}
