// Prometheus text exposition format (0.0.4), as a server's /metrics serves it: samples with labels,
// the # TYPE of each family, and histograms read back from their _bucket/_sum/_count series. Pure:
// the agent fetches the text, this turns it into numbers.

export type PromType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface PromSample {
  /** Series name as written, e.g. etcd_disk_wal_fsync_duration_seconds_bucket. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromText {
  samples: PromSample[];
  /** Family name → its # TYPE; families without one are untyped. */
  types: Map<string, PromType>;
  /** Lines that could not be read, with their 1-based line number (the rest still parses). */
  problems: string[];
}

/** One cumulative bucket: observations ≤ le (le is +Infinity for the last). */
export interface PromBucket {
  le: number;
  count: number;
}

export interface PromHistogram {
  /** Sorted by le, cumulative, ending with le = +Infinity. */
  buckets: PromBucket[];
  count: number;
  sum: number;
}

const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/** Go's strconv.ParseFloat as Prometheus writes values: "+Inf", "-Inf", "NaN", 1e+06. */
export function parsePromValue(text: string): number | null {
  const t = text.trim();
  if (t === '+Inf' || t === 'Inf') return Infinity;
  if (t === '-Inf') return -Infinity;
  if (t === 'NaN') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/** Reads `{a="x",b="y\"z"}` starting at text[start] === '{'; returns the labels and the index after '}'. */
function readLabels(text: string, start: number): { labels: Record<string, string>; end: number } | null {
  const labels: Record<string, string> = {};
  let i = start + 1;
  const skipSpace = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === '}') return { labels, end: i + 1 };
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
    if (!name) return null;
    i += name[0].length;
    skipSpace();
    if (text[i] !== '=') return null;
    i++;
    skipSpace();
    if (text[i] !== '"') return null;
    i++;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) return null;
      if (c === '"') break;
      if (c === '\\') {
        const next = text[i + 1];
        value += next === 'n' ? '\n' : next === '\\' ? '\\' : next === '"' ? '"' : `\\${next ?? ''}`;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    labels[name[0]] = value;
    skipSpace();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') return null;
  }
}

export function parsePromText(text: string): PromText {
  const samples: PromSample[] = [];
  const types = new Map<string, PromType>();
  const problems: string[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, '').trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s+TYPE\s+(\S+)\s+(\S+)\s*$/.exec(line);
      if (m && TYPES.has(m[2]!)) types.set(m[1]!, m[2] as PromType);
      continue; // HELP and free comments carry nothing we use
    }
    const name = NAME.exec(line);
    if (!name) {
      problems.push(`line ${n + 1}: no metric name in "${line.slice(0, 80)}"`);
      continue;
    }
    let i = name[0].length;
    let labels: Record<string, string> = {};
    if (line[i] === '{') {
      const read = readLabels(line, i);
      if (!read) {
        problems.push(`line ${n + 1}: unreadable labels in "${line.slice(0, 80)}"`);
        continue;
      }
      labels = read.labels;
      i = read.end;
    }
    // Value, then an optional timestamp in ms, which a single scrape does not need.
    const fields = line.slice(i).trim().split(/\s+/);
    const value = fields[0] === undefined ? null : parsePromValue(fields[0]);
    if (value === null || fields.length > 2) {
      problems.push(`line ${n + 1}: unreadable value in "${line.slice(0, 80)}"`);
      continue;
    }
    samples.push({ name: name[0], labels, value });
  }
  return { samples, types, problems };
}

function matches(labels: Record<string, string>, want: Record<string, string> | undefined): boolean {
  if (!want) return true;
  for (const [k, v] of Object.entries(want)) if (labels[k] !== v) return false;
  return true;
}

/** Samples of one series name whose labels include `labels`. */
export function findSamples(prom: PromText, name: string, labels?: Record<string, string>): PromSample[] {
  return prom.samples.filter((s) => s.name === name && matches(s.labels, labels));
}

/** A counter or gauge, summed over the matching series (like `sum(name{labels})`); null when absent. */
export function readScalar(prom: PromText, name: string, labels?: Record<string, string>): number | null {
  const found = findSamples(prom, name, labels);
  if (found.length === 0) return null;
  return found.reduce((total, s) => total + s.value, 0);
}

/**
 * A histogram family summed over its matching series (like `sum by (le)`), or null when it has no
 * +Inf bucket, the one every Prometheus histogram ends with.
 */
export function readHistogram(prom: PromText, name: string, labels?: Record<string, string>): PromHistogram | null {
  const byLe = new Map<number, number>();
  for (const s of findSamples(prom, `${name}_bucket`, labels)) {
    const le = s.labels.le === undefined ? null : parsePromValue(s.labels.le);
    if (le === null || Number.isNaN(le)) continue;
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  if (!byLe.has(Infinity)) return null;
  const buckets = [...byLe.entries()].sort((a, b) => a[0] - b[0]).map(([le, count]) => ({ le, count }));
  const count = readScalar(prom, `${name}_count`, labels) ?? byLe.get(Infinity)!;
  const sum = readScalar(prom, `${name}_sum`, labels) ?? NaN;
  return { buckets, count, sum };
}
