// `etcdctl check perf` (etcdctl/ctlv3/command/check.go, etcd 3.4) as data: its four load profiles,
// the load our runner must run to reproduce one, and its pass criteria applied to our step.
//
// What etcdctl does: `clients` gRPC clients (one connection each) take puts from a channel fed by a
// token-bucket limiter at `rate`/s (burst 1) for 60 s; each put writes prefix + a 256-byte key (a
// random varint then zero bytes) and a 1,024-byte zero value. It then deletes the prefix and judges
// RPS = successes / (time from start until the last put answered), the slowest successful put and
// the population stddev of successful puts' latency. It prints no percentile. A put that finds every
// client busy waits in its channel; ours is dropped instead, and the verdict fails on it.
import type { CheckPerfCheck, CheckPerfVerdict, StepResult } from '../scenarios/result.js';
import type { EtcdProfile, LoadSpec } from '../scenarios/schema.js';

export interface CheckPerfProfile {
  /** Puts per second the limiter allows. */
  rate: number;
  /** Concurrent clients, each with its own connection. */
  clients: number;
  durationMs: number;
}

export const CHECK_PERF_PROFILES: Record<EtcdProfile, CheckPerfProfile> = {
  s: { rate: 150, clients: 50, durationMs: 60_000 },
  m: { rate: 1000, clients: 200, durationMs: 60_000 },
  l: { rate: 8000, clients: 500, durationMs: 60_000 },
  xl: { rate: 15000, clients: 1000, durationMs: 60_000 },
};

/** etcdctl's defaults and fixed sizes. */
export const CHECK_PERF_PREFIX = '/etcdctl-check-perf/';
/** Bytes after the prefix: etcdctl's key is prefix + a 256-byte buffer. */
export const CHECK_PERF_KEY_BYTES = 256;
export const CHECK_PERF_VALUE_BYTES = 1024;

/** Pass criteria: throughput strictly above 90% of the rate (check.go fails on RPS/limit <= 0.9). */
export const CHECK_PERF_MIN_THROUGHPUT_SHARE = 0.9;
export const CHECK_PERF_MAX_SLOWEST_MS = 500;
export const CHECK_PERF_MAX_STDDEV_MS = 100;

/**
 * The load that reproduces a profile: one open-model step at `rate` with at most `clients` puts in
 * flight, no warm-up (etcdctl has none), evenly spaced arrivals (its limiter has a burst of 1).
 * etcdctl queues an arrival while every client is busy rather than dropping it; so does our run of
 * a profile (the etcd driver sets whenBusy: 'queue'), but it times each put from when it was due,
 * so the wait shows in its latency. Should anything still drop, the verdict fails on it (droppedCheck).
 */
export function checkPerfLoad(profile: EtcdProfile, durationMs?: number): LoadSpec {
  const p = CHECK_PERF_PROFILES[profile];
  return {
    model: 'open',
    steps: [p.rate],
    stepDuration: durationMs ?? p.durationMs,
    warmup: 0,
    arrival: 'constant',
    maxInFlight: p.clients,
    // etcdctl puts have no deadline; any put this slow has failed the 500 ms slowest check anyway.
    timeout: 10_000,
  };
}

/** Bench fields that make our puts the same shape as etcdctl's under `prefix`. */
export function checkPerfShape(profile: EtcdProfile, prefix: string): { keySize: number; valueSize: number; connections: number } {
  return {
    keySize: prefix.length + CHECK_PERF_KEY_BYTES,
    valueSize: CHECK_PERF_VALUE_BYTES,
    connections: CHECK_PERF_PROFILES[profile].clients,
  };
}

/** Go's %f: six decimals. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(6)}s`;
}

/** etcdctl prints int(RPS)+1 writes/s. */
export function etcdctlWritesPerSec(throughput: number): number {
  return Math.trunc(throughput) + 1;
}

export function throughputCheck(profile: EtcdProfile, throughput: number): CheckPerfCheck {
  const rate = CHECK_PERF_PROFILES[profile].rate;
  const passed = !(throughput / rate <= CHECK_PERF_MIN_THROUGHPUT_SHARE);
  const shown = etcdctlWritesPerSec(throughput);
  return {
    name: 'throughput',
    passed,
    observed: throughput,
    limit: rate * CHECK_PERF_MIN_THROUGHPUT_SHARE,
    text: passed ? `PASS: Throughput is ${shown} writes/s` : `FAIL: Throughput too low: ${shown} writes/s`,
  };
}

export function slowestCheck(slowestMs: number): CheckPerfCheck {
  const passed = !(slowestMs > CHECK_PERF_MAX_SLOWEST_MS);
  return {
    name: 'slowest',
    passed,
    observed: slowestMs,
    limit: CHECK_PERF_MAX_SLOWEST_MS,
    // etcdctl 3.4 prints its failures of slowest and stddev without a "FAIL:" prefix.
    text: passed ? `PASS: Slowest request took ${seconds(slowestMs)}` : `Slowest request took too long: ${seconds(slowestMs)}`,
  };
}

export function stddevCheck(stddevMs: number): CheckPerfCheck {
  const passed = !(stddevMs > CHECK_PERF_MAX_STDDEV_MS);
  return {
    name: 'stddev',
    passed,
    observed: stddevMs,
    limit: CHECK_PERF_MAX_STDDEV_MS,
    text: passed ? `PASS: Stddev is ${seconds(stddevMs)}` : `Stddev too high: ${seconds(stddevMs)}`,
  };
}

export function errorsCheck(errors: number): CheckPerfCheck {
  return { name: 'errors', passed: errors === 0, observed: errors, limit: 0, text: errors === 0 ? 'PASS: no errors' : `FAIL: too many errors (${errors})` };
}

/**
 * Ours, not etcdctl's: an arrival that found every client busy was dropped, where etcdctl would
 * have queued it and sent it late, timed from when a client took it. Both runs then lose throughput,
 * but etcdctl's slowest and stddev leave out the wait and ours leave out the put: the two verdicts
 * no longer measure the same thing, so the check fails rather than pass on different terms.
 */
export function droppedCheck(dropped: number, clients: number): CheckPerfCheck {
  return {
    name: 'dropped',
    passed: dropped === 0,
    observed: dropped,
    limit: 0,
    text:
      dropped === 0
        ? 'PASS: no put dropped'
        : `FAIL: ${dropped} put${dropped === 1 ? '' : 's'} dropped: all ${clients} clients were busy (etcdctl queues such puts and times each from when a client takes it, which hides the wait)`,
  };
}

/**
 * etcdctl's verdict on our run of its load. Checks are listed as etcdctl prints them: errors first
 * (only when there were any: etcdctl fails on a single one), then our dropped arrivals (only when
 * there were any), then throughput, slowest, stddev. Slowest and stddev are read from the step's
 * HDR histogram, which holds every answered put (etcdctl counts only successful ones).
 */
export function judgeCheckPerf(profile: EtcdProfile, step: StepResult, durationMs: number): CheckPerfVerdict {
  const p = CHECK_PERF_PROFILES[profile];
  const checks: CheckPerfCheck[] = [];
  if (step.errors > 0) checks.push(errorsCheck(step.errors));
  if (step.dropped > 0) checks.push(droppedCheck(step.dropped, p.clients));
  checks.push(throughputCheck(profile, step.throughput), slowestCheck(step.latencyMs.max), stddevCheck(step.latencyMs.stdev));
  return {
    profile,
    targetRate: p.rate,
    clients: p.clients,
    durationMs,
    throughput: step.throughput,
    slowestMs: step.latencyMs.max,
    stddevMs: step.latencyMs.stdev,
    p99Ms: step.latencyMs.p99,
    checks,
    passed: checks.every((c) => c.passed),
  };
}
