// Number and text formatting for report tables and sentences. Pure and locale-fixed (en-US), so a
// report reads the same on every machine that builds it.
import { ETCD_SATURATION_WORDS, HTTP_SATURATION_WORDS } from '../analyzers/saturation.js';
import type { BenchResult } from '../scenarios/result.js';
import type { LoadModel } from '../scenarios/schema.js';
import { scaleBinaryBytes } from '../scenarios/units.js';

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const threeSignificant = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });

/** 1170.4 → "1,170", 27.64 → "27.6", 0.256 → "0.26": precision shrinks as magnitude grows. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '–';
  const a = Math.abs(x);
  if (a >= 100) return intFormat.format(x);
  if (a >= 10) return oneDecimal.format(x);
  return twoDecimals.format(x);
}

/** Latency for a table column whose header carries the unit: three significant digits ("0.412", "12.3", "1,250"). */
export function formatMsCell(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms >= 1000 ? intFormat.format(ms) : threeSignificant.format(ms);
}

/** Latency inside a sentence: "412 µs", "12.3 ms", "1.25 s". */
export function formatMsText(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1) return `${threeSignificant.format(ms * 1000)} µs`;
  if (ms < 1000) return `${threeSignificant.format(ms)} ms`;
  return `${threeSignificant.format(ms / 1000)} s`;
}

/** 0.0123 → "1.23%"; small non-zero rates keep two significant digits so they never print as "0%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  if (fraction === 0) return '0%';
  const pct = fraction * 100;
  if (pct < 0.01) return `${new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 }).format(pct)}%`;
  return `${twoDecimals.format(pct)}%`;
}

/** The words a bench's load and throughput are counted in. HTTP speaks of connections and requests; etcd of clients and operations. */
export interface LoadWords {
  /** One unit of closed-model load: "connection", "client". */
  client: string;
  clients: string;
  /** Unit of an offered rate and of throughput: "req/s", "ops/s". */
  rate: string;
  /** What the rate counts, for captions: "requests", "operations". */
  operations: string;
}

export type BenchKind = BenchResult['kind'];

// The analyzer's detail sentences use the same plural and rate, so both read alike.
export const HTTP_WORDS: LoadWords = { ...HTTP_SATURATION_WORDS, client: 'connection', operations: 'requests' };
export const ETCD_WORDS: LoadWords = { ...ETCD_SATURATION_WORDS, client: 'client', operations: 'operations' };

/** HTTP's words unless the bench is an etcd one (also for result files written before `kind` existed). */
export function loadWords(kind: BenchKind = 'http'): LoadWords {
  return kind === 'etcd' ? ETCD_WORDS : HTTP_WORDS;
}

export function loadUnit(model: LoadModel, kind: BenchKind = 'http'): { singular: string; plural: string; axis: string; column: string; rate: string } {
  const w = loadWords(kind);
  return model === 'open'
    ? { singular: w.rate, plural: w.rate, axis: `offered rate (${w.rate})`, column: `offered (${w.rate})`, rate: w.rate }
    : { singular: w.client, plural: w.clients, axis: w.clients, column: w.clients, rate: w.rate };
}

/** "32 connections", "1 connection", "1,200 req/s"; etcd: "32 clients", "1,200 ops/s". */
export function formatLoad(load: number, model: LoadModel, kind: BenchKind = 'http'): string {
  const u = loadUnit(model, kind);
  return `${formatNumber(load)} ${load === 1 ? u.singular : u.plural}`;
}

export function formatRate(perSec: number, kind: BenchKind = 'http'): string {
  return `${formatNumber(perSec)} ${loadWords(kind).rate}`;
}

/** "28–36"; one number when both ends round to the same text. */
export function formatRange([lo, hi]: readonly [number, number]): string {
  const a = formatNumber(lo);
  const b = formatNumber(hi);
  return a === b ? a : `${a}–${b}`;
}

/** ISO timestamp → "2025-11-26 05:03:12 UTC" (UTC, so the text does not depend on the reader's time zone). */
export function formatTimestamp(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** 95_000 → "1m35s", 4_200 → "4.2 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 60_000) return `${oneDecimal.format(ms / 1000)} s`;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const mm = `${m}m${String(s).padStart(2, '0')}s`;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : mm;
}

/** Bytes in binary units for memory: "7.8 GiB", "412 MiB". */
export function formatBytes(bytes: number): string {
  const { value, unit } = scaleBinaryBytes(bytes);
  return `${threeSignificant.format(value)} ${unit}`;
}
