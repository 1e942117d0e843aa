// Parsers for the human units scenario files accept. Pure: return a number or an error message.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DURATION_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "250ms", "5s", "1m30s", "14d" → milliseconds. A bare number is taken as milliseconds. */
export function parseDurationMs(input: string | number): Parsed<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0 ? { ok: true, value: input } : { ok: false, error: `expected a non-negative duration, got ${input}` };
  }
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return { ok: true, value: Number(text) };
  const re = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (DURATION_MS[m[2]!] ?? NaN);
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length || !Number.isFinite(total)) {
    return { ok: false, error: `"${input}" is not a duration (use e.g. "250ms", "5s", "1m30s")` };
  }
  return { ok: true, value: total };
}

/** "1%" → 0.01; a bare number in [0, 1] is taken as a fraction. */
export function parseFraction(input: string | number): Parsed<number> {
  if (typeof input === 'number') {
    return input >= 0 && input <= 1 ? { ok: true, value: input } : { ok: false, error: `expected a fraction in [0, 1] or a percentage like "1%", got ${input}` };
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(input);
  if (!m) return { ok: false, error: `"${input}" is not a percentage (use e.g. "1%" or 0.01)` };
  const value = Number(m[1]) / 100;
  return value <= 1 ? { ok: true, value } : { ok: false, error: `"${input}" is over 100%` };
}

const SIZE_FACTORS: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4,
};

/** Kubernetes quantities for memory: "512Mi", "2Gi", "1G", 1024 → bytes. */
export function parseBytes(input: string | number): Parsed<number> {
  if (typeof input === 'number') return input >= 0 ? { ok: true, value: input } : { ok: false, error: `expected a non-negative size, got ${input}` };
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k|M|G|T|Ki|Mi|Gi|Ti)?\s*$/.exec(input);
  if (!m) return { ok: false, error: `"${input}" is not a size (use e.g. "512Mi", "2Gi")` };
  return { ok: true, value: Math.round(Number(m[1]) * SIZE_FACTORS[m[2] ?? '']!) };
}

/** Kubernetes CPU quantities: "250m" → 0.25 cores, 2 → 2 cores. */
export function parseCores(input: string | number): Parsed<number> {
  if (typeof input === 'number') return input >= 0 ? { ok: true, value: input } : { ok: false, error: `expected non-negative cores, got ${input}` };
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m)?\s*$/.exec(input);
  if (!m) return { ok: false, error: `"${input}" is not a CPU quantity (use e.g. "250m" or 2)` };
  return { ok: true, value: m[2] ? Number(m[1]) / 1000 : Number(m[1]) };
}

/** 1500 → "1.5s", 0.25 → "250µs": for messages and progress lines. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m}m${s.toString().padStart(2, '0')}s`;
}

/** Bytes scaled to the largest binary unit under 1024 of it: { value: 5.48, unit: 'GiB' }. */
export function scaleBinaryBytes(bytes: number): { value: number; unit: 'B' | 'KiB' | 'MiB' | 'GiB' | 'TiB' } {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return { value, unit: units[i]! };
}
