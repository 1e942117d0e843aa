// The load-generator comparison (`npm run bench:loadgen`): parsing wrk's output and a child's CPU
// time, the medians and ratios, and the table and docs section they are printed as.
import { spliceSection } from '../../reports/splice-section.js';

export interface GeneratorRun {
  generator: string;
  requests: number;
  reqPerSec: number;
  /** CPU time (user + system) the generator process spent, seconds. */
  cpuSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface GeneratorSummary {
  generator: string;
  runs: number;
  reqPerSec: number;
  reqPerSecRuns: number[];
  /** CPU µs per request. */
  cpuUsPerReq: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Relative to the baseline generator (wrk): req/s, and CPU per request. */
  speedVsBaseline: number;
  cpuPerReqVsBaseline: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function durationMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : NaN;
}

/** Figures from `wrk --latency` output. */
export function parseWrkOutput(text: string): Omit<GeneratorRun, 'generator' | 'cpuSec'> {
  const rate = /Requests\/sec:\s*([\d.]+)/.exec(text);
  const total = /(\d+) requests in/.exec(text);
  const pct = (p: string): number => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(text);
    return m ? durationMs(m[1]!) : NaN;
  };
  const non2xx = /Non-2xx or 3xx responses:\s*(\d+)/.exec(text);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((n, v) => n + Number(v), 0) : 0;
  if (!rate || !total) throw new Error(`unexpected wrk output:\n${text}`);
  return {
    requests: Number(total[1]),
    reqPerSec: Number(rate[1]),
    p50Ms: pct('50'),
    p99Ms: pct('99'),
    errors: socketErrors + (non2xx ? Number(non2xx[1]) : 0),
  };
}

/** CPU seconds of a shell's waited-for children, from its /proc/<pid>/stat line (cutime + cstime). */
export function childCpuSecFromStat(statLine: string, clockTicksPerSec: number): number {
  // Fields after "(comm)" start at field 3; cutime and cstime are fields 16 and 17.
  const fields = statLine.slice(statLine.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / clockTicksPerSec;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Medians per generator; the first generator in `order` is the baseline. */
export function summarizeRuns(runs: readonly GeneratorRun[], order: readonly string[]): GeneratorSummary[] {
  const partial = order.map((generator) => {
    const mine = runs.filter((r) => r.generator === generator);
    return {
      generator,
      runs: mine.length,
      reqPerSec: median(mine.map((r) => r.reqPerSec)),
      reqPerSecRuns: mine.map((r) => r.reqPerSec),
      cpuUsPerReq: median(mine.map((r) => (r.cpuSec / r.requests) * 1e6)),
      p50Ms: median(mine.map((r) => r.p50Ms)),
      p99Ms: median(mine.map((r) => r.p99Ms)),
      errors: mine.reduce((n, r) => n + r.errors, 0),
    };
  });
  const base = partial[0];
  return partial.map((p) => ({
    ...p,
    speedVsBaseline: base ? p.reqPerSec / base.reqPerSec : NaN,
    cpuPerReqVsBaseline: base ? p.cpuUsPerReq / base.cpuUsPerReq : NaN,
  }));
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, d: number): string => (Number.isFinite(n) ? n.toFixed(d) : '—');

/** A markdown table (also readable in a terminal). */
export function formatTable(rows: readonly GeneratorSummary[]): string {
  const lines = [
    '| generator | req/s (median) | × wrk req/s | CPU µs/request | × wrk CPU/request | p50 ms | p99 ms | errors | req/s of each run |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.generator} | ${int(r.reqPerSec)} | ${fixed(r.speedVsBaseline, 2)} | ${fixed(r.cpuUsPerReq, 1)} | ${fixed(r.cpuPerReqVsBaseline, 2)} | ${fixed(r.p50Ms, 2)} | ${fixed(r.p99Ms, 2)} | ${r.errors} | ${r.reqPerSecRuns.map(int).join(', ')} |`,
    );
  }
  return lines.join('\n');
}

export interface LoadgenContext {
  date: string;
  machine: string;
  connections: number;
  durationSec: number;
  repeats: number;
  versions: string;
  /** 1-minute load average when the runs started: other work on the machine skews every generator. */
  loadAverage: number;
}

export const SECTION_BEGIN = '<!-- bench:loadgen:begin -->';
export const SECTION_END = '<!-- bench:loadgen:end -->';

export function renderDocsSection(rows: readonly GeneratorSummary[], ctx: LoadgenContext): string {
  return `${SECTION_BEGIN}
Measured ${ctx.date} with \`npm run bench:loadgen\` on ${ctx.machine}; ${ctx.versions}. nginx (1 worker,
a 544-byte static file, access log off) on loopback; ${ctx.connections} connections, ${ctx.durationSec} s per run,
one generator thread each, ${ctx.repeats} interleaved runs per generator, medians shown. The 1-minute
load average was ${ctx.loadAverage.toFixed(2)} when the runs started. CPU is the generator process's user +
system time over the requests it completed.

${formatTable(rows)}
${SECTION_END}`;
}

/** Replaces the generated section in the document (or appends it under its heading). */
export function spliceDocsSection(doc: string, section: string): string {
  return spliceSection(doc, 'bench:loadgen', section);
}
