// Kubernetes quantity text for cores and bytes, as a manifest would carry them, and short spans for
// sentences. Shared by the policy's notes, the table, the patches and the report.

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** 0.25 → "250m", 2 → "2", 0.0004 → "0.4m" (only unrounded figures carry a fraction). */
export function formatCpuQuantity(cores: number): string {
  const milli = cores * 1000;
  if (Number.isInteger(cores)) return String(cores);
  const rounded = Math.round(milli * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)}m`;
}

/** 512 MiB → "512Mi", 2 GiB → "2Gi"; other figures in Mi with at most one decimal. */
export function formatMemoryQuantity(bytes: number): string {
  if (bytes >= GIB && bytes % GIB === 0) return `${bytes / GIB}Gi`;
  const mi = bytes / MIB;
  return Number.isInteger(mi) ? `${mi}Mi` : `${(Math.round(mi * 10) / 10).toFixed(1)}Mi`;
}

/** 90 min → "1.5 h", 3 d → "3 d", 20 min → "20 min". */
export function describeSpan(ms: number): string {
  const min = ms / 60_000;
  const trim = (x: number): string => String(Math.round(x * 10) / 10);
  if (ms < 60_000) return `${trim(ms / 1000)} s`;
  if (min < 120) return `${trim(min)} min`;
  const h = min / 60;
  if (h < 48) return `${trim(h)} h`;
  return `${trim(h / 24)} d`;
}
