// Reads what `etcdctl check perf` printed (etcd 3.4). It prints the same text whatever -w says, on
// stdout, after a progress bar that redraws with \r and is not always ended by a newline, so the
// first result line can be glued to the bar ("59 / 60   98.33%PASS: Throughput is 151 writes/s").
// What it prints, all of it:
//   FAIL: too many errors                      (only when a put failed)
//   FAIL: ERROR(<message>) -> <count>          (one per distinct error)
//   PASS: Throughput is <int(RPS)+1> writes/s  | FAIL: Throughput too low: <int(RPS)+1> writes/s
//   PASS: Slowest request took <s>s            | Slowest request took too long: <s>s
//   PASS: Stddev is <s>s                       | Stddev too high: <s>s
//   PASS | FAIL                                (exit code 0 | 1)
// and on stderr "Error: <why>" when it stopped before measuring (prefix not empty, no connection).
import type { CheckPerfCheck } from '../scenarios/result.js';
import type { EtcdProfile } from '../scenarios/schema.js';
import { CHECK_PERF_MAX_SLOWEST_MS, CHECK_PERF_MAX_STDDEV_MS, CHECK_PERF_MIN_THROUGHPUT_SHARE, CHECK_PERF_PROFILES } from './check-perf.js';

export interface EtcdctlCheckPerfOutput {
  profile: EtcdProfile;
  /** The lines etcdctl printed, as CheckPerfChecks: `observed` is the printed figure, `text` the line itself. */
  checks: CheckPerfCheck[];
  /** As printed: int(RPS)+1, where RPS = successful puts / time from start to the last answer. */
  throughputWritesPerSec: number | null;
  slowestMs: number | null;
  stddevMs: number | null;
  errors: Array<{ message: string; count: number }>;
  /** The final PASS/FAIL line; null when etcdctl did not get that far. */
  passed: boolean | null;
  /** etcdctl's own failure ("Error: …" on stderr), e.g. the prefix already holds keys. */
  error: string | null;
}

/** Go's %f of a float64: digits, or NaN / +Inf when no put succeeded. */
const GO_FLOAT = '([0-9]+(?:\\.[0-9]+)?|NaN|\\+Inf)';

/** %f seconds → ms, rounded to the microsecond it printed so 0.077493s reads 77.493, not 77.49300000000001. */
function goSecondsToMs(text: string): number {
  if (text === 'NaN') return NaN;
  if (text === '+Inf') return Infinity;
  return Math.round(Number(text) * 1e6) / 1e3;
}

export function parseCheckPerfOutput(stdout: string, stderr: string, profile: EtcdProfile): EtcdctlCheckPerfOutput {
  const lines = stdout.split(/\r\n|\r|\n/);
  const checks: CheckPerfCheck[] = [];
  const errors: Array<{ message: string; count: number }> = [];
  let throughput: number | null = null;
  let slowestMs: number | null = null;
  let stddevMs: number | null = null;
  let passed: boolean | null = null;
  let tooManyErrors = false;
  const rate = CHECK_PERF_PROFILES[profile].rate;

  for (const raw of lines) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if (line.endsWith('FAIL: too many errors')) {
      tooManyErrors = true;
    } else if ((m = /FAIL: ERROR\((.*)\) -> (\d+)$/.exec(line))) {
      errors.push({ message: m[1]!, count: Number(m[2]) });
    } else if ((m = /(PASS: Throughput is|FAIL: Throughput too low:) (\d+) writes\/s$/.exec(line))) {
      throughput = Number(m[2]);
      checks.push({ name: 'throughput', passed: m[1]!.startsWith('PASS'), observed: throughput, limit: rate * CHECK_PERF_MIN_THROUGHPUT_SHARE, text: m[0] });
    } else if ((m = new RegExp(`(PASS: Slowest request took|Slowest request took too long:) ${GO_FLOAT}s$`).exec(line))) {
      slowestMs = goSecondsToMs(m[2]!);
      checks.push({ name: 'slowest', passed: m[1]!.startsWith('PASS'), observed: slowestMs, limit: CHECK_PERF_MAX_SLOWEST_MS, text: m[0] });
    } else if ((m = new RegExp(`(PASS: Stddev is|Stddev too high:) ${GO_FLOAT}s$`).exec(line))) {
      stddevMs = goSecondsToMs(m[2]!);
      checks.push({ name: 'stddev', passed: m[1]!.startsWith('PASS'), observed: stddevMs, limit: CHECK_PERF_MAX_STDDEV_MS, text: m[0] });
    } else if (line === 'PASS' || line === 'FAIL') {
      passed = line === 'PASS';
    }
  }
  if (tooManyErrors || errors.length > 0) {
    const count = errors.reduce((n, e) => n + e.count, 0);
    checks.unshift({ name: 'errors', passed: false, observed: count, limit: 0, text: `FAIL: too many errors (${count})` });
  }
  const error = /^Error:\s*(.+)$/m.exec(stderr)?.[1]?.trim() ?? null;
  return { profile, checks, throughputWritesPerSec: throughput, slowestMs, stddevMs, errors, passed, error };
}
