// Synthetic, deterministic RunResults for the report tests and for looking at the report while
// designing it: a closed-model bench that follows a known USL curve, an open-model bench that
// overloads at 1,000 req/s, and resource samples across both. No randomness: "noise" is a fixed wiggle.
import { createLatencyHistogram, encodeHistogram, recordUs, type LatencySummaryMs } from '../analyzers/histogram.js';
import { predictUsl } from '../analyzers/usl.js';
import type { BenchResult, ResourceSample, RunResult, StepResult, UslFit } from '../scenarios/result.js';
import type { LoadModel, Slo } from '../scenarios/schema.js';

export const T0_MS = Date.parse('2025-11-26T05:00:00.000Z');
const STEP_MS = 5000;
const WARMUP_MS = 1000;
const SAMPLES_PER_STEP = 2000;

/** Latency samples (µs) with the given mean and a lognormal-like spread; the logistic quantile stands in for the normal one. */
function latencySamplesUs(meanMs: number, spread: number, count = SAMPLES_PER_STEP): number[] {
  const out: number[] = [];
  const c = Math.sqrt(3) / Math.PI;
  for (let i = 0; i < count; i++) {
    const p = (i + 0.5) / count;
    const z = c * Math.log(p / (1 - p));
    out.push(meanMs * 1000 * Math.exp(spread * z - (spread * spread) / 2));
  }
  return out;
}

function record(samplesUs: readonly number[]): { histogram: string; latencyMs: LatencySummaryMs } {
  const h = createLatencyHistogram();
  try {
    for (const v of samplesUs) recordUs(h, v);
    return { histogram: encodeHistogram(h), latencyMs: summarizeSamples(samplesUs) };
  } finally {
    h.destroy();
  }
}

/**
 * Nearest-rank summary of the raw samples: within HDR's 0.1% of what summarizeMs reads from the
 * histogram, and ~50× faster (summarizeMs scans the whole bucket array once per percentile).
 */
function summarizeSamples(samplesUs: readonly number[]): LatencySummaryMs {
  const ms = samplesUs.map((v) => v / 1000).sort((a, b) => a - b);
  const n = ms.length;
  const at = (p: number): number => ms[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  const mean = ms.reduce((a, b) => a + b, 0) / n;
  const stdev = Math.sqrt(ms.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return { count: n, min: ms[0]!, mean, stdev, p50: at(50), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9), max: ms[n - 1]! };
}

interface StepShape {
  load: number;
  throughput: number;
  meanMs: number;
  spread: number;
  errorRate: number;
  dropped?: number;
}

function makeStep(index: number, startedAtMs: number, model: LoadModel, s: StepShape): StepResult {
  const durationMs = STEP_MS - WARMUP_MS;
  const { histogram, latencyMs } = record(latencySamplesUs(s.meanMs, s.spread));
  const ok = Math.round((s.throughput * durationMs) / 1000);
  const errors = Math.round((ok * s.errorRate) / (1 - s.errorRate));
  const halfCi = s.throughput * (0.012 + 0.004 * Math.abs(Math.sin(index * 1.7)));
  return {
    index,
    load: s.load,
    startedAtMs,
    durationMs,
    offeredRate: model === 'open' ? s.load : (ok + errors) / (durationMs / 1000),
    throughput: s.throughput,
    throughputCi: [s.throughput - halfCi, s.throughput + halfCi],
    requests: ok + errors,
    errors,
    errorsByClass: { connect: 0, timeout: Math.round(errors / 3), non2xx: errors - Math.round(errors / 3), other: 0 },
    errorRate: ok + errors === 0 ? 0 : errors / (ok + errors),
    dropped: s.dropped ?? 0,
    bytes: { read: ok * 512, written: (ok + errors) * 120 },
    latencyMs,
    histogram,
  };
}

/** The SLO verdict a correct analyzer would reach on these steps (latency objectives only + error rate). */
function judgeSlo(steps: readonly StepResult[], objectives: Slo): NonNullable<BenchResult['slo']> {
  const broken = (s: StepResult): { objective: string; observed: number; limit: number } | null => {
    for (const key of ['p50', 'p90', 'p95', 'p99', 'p999'] as const) {
      const limit = objectives[key];
      if (limit !== undefined && s.latencyMs[key] > limit) return { objective: key, observed: s.latencyMs[key], limit };
    }
    if (objectives.errorRate !== undefined && s.errorRate > objectives.errorRate) {
      return { objective: 'errorRate', observed: s.errorRate, limit: objectives.errorRate };
    }
    return null;
  };
  let capacity: { load: number; throughput: number } | null = null;
  let breach: NonNullable<BenchResult['slo']>['breach'] = null;
  for (const s of steps) {
    const b = broken(s);
    if (b) {
      breach ??= { load: s.load, ...b };
      break;
    }
    capacity = { load: s.load, throughput: s.throughput };
  }
  const passed = capacity !== null && (objectives.minThroughput === undefined || capacity.throughput >= objectives.minThroughput);
  return { passed, capacity, breach, objectives };
}

const API_USL = { sigma: 0.03, kappa: 0.0004, lambda: 60 };

export function closedBench(startMs = T0_MS): BenchResult {
  const loads = [1, 2, 4, 8, 16, 24, 32, 40, 48, 56, 64, 80];
  const steps = loads.map((n, i) => {
    const wiggle = 1 + 0.015 * Math.sin(i * 2.3);
    const throughput = predictUsl(API_USL, n) * wiggle;
    return makeStep(i, startMs + i * STEP_MS, 'closed', {
      load: n,
      throughput,
      meanMs: (n / throughput) * 1000,
      spread: 0.25 + 0.01 * n,
      errorRate: n >= 56 ? 0.002 * (n - 48) : 0,
    });
  });
  const peak = Math.sqrt((1 - API_USL.sigma) / API_USL.kappa);
  const usl: UslFit = { sigma: 0.0297, kappa: 0.000403, lambda: 59.8, r2: 0.996, peak, peakThroughput: predictUsl(API_USL, peak) };
  return {
    name: 'api',
    kind: 'http',
    model: 'closed',
    engine: 'headroom',
    target: 'http://127.0.0.1:8080/api/items',
    steps,
    stoppedEarly: null,
    usl,
    knee: { load: 32, throughput: steps[6]!.throughput },
    errorOnset: { load: 56, errorRate: steps[9]!.errorRate },
    saturation: { load: 48, throughput: steps[8]!.throughput, limitedBy: 'usl-peak', range: [44, 54], detail: 'USL peak N* = 49.2 (σ = 0.030, κ = 0.00040)' },
    slo: judgeSlo(steps, { p99: 150, errorRate: 0.01, minThroughput: 500 }),
  };
}

export function openBench(startMs = T0_MS + 12 * STEP_MS): BenchResult {
  const capacity = 1000;
  const rates = [100, 200, 400, 600, 800, 900, 1000, 1100, 1200, 1400];
  const steps = rates.map((rate, i) => {
    const rho = Math.min(rate / capacity, 0.97);
    const overloadS = Math.max(0, rate - capacity) / rate;
    // Below capacity an M/M/1-like queue; above it latency (from the intended send time) grows with the backlog.
    const meanMs = 2 / (1 - rho) + overloadS * 1500;
    return makeStep(i, startMs + i * STEP_MS, 'open', {
      load: rate,
      throughput: Math.min(rate, capacity * (1 - 0.01 * Math.abs(Math.sin(i)))),
      meanMs,
      spread: 0.35 + 0.4 * rho,
      errorRate: rate > capacity ? 0.004 : 0,
      dropped: rate > capacity ? Math.round((rate - capacity) * 2) : 0,
    });
  });
  return {
    name: 'api-open',
    kind: 'http',
    model: 'open',
    engine: 'headroom',
    target: 'http://127.0.0.1:8080/api/items',
    steps,
    stoppedEarly: 'p99 above the 2s stop rule at 1,400 req/s',
    usl: null,
    knee: { load: 1000, throughput: steps[6]!.throughput },
    errorOnset: { load: 1100, errorRate: steps[7]!.errorRate },
    saturation: { load: 1000, throughput: steps[6]!.throughput, limitedBy: 'throughput-plateau', range: [900, 1100], detail: 'throughput stops following the offered rate' },
    slo: judgeSlo(steps, { p50: 10, p99: 50, minThroughput: 500 }),
  };
}

/** One sample a second over the benches' steps; CPU follows the load so the panels have shape. */
export function resourceSamples(benches: readonly BenchResult[]): ResourceSample[] {
  const steps = benches.flatMap((b) => b.steps.map((s) => ({ s, max: Math.max(...b.steps.map((x) => x.load)) })));
  if (steps.length === 0) return [];
  const start = Math.min(...steps.map(({ s }) => s.startedAtMs)) - WARMUP_MS;
  const end = Math.max(...steps.map(({ s }) => s.startedAtMs + STEP_MS));
  const out: ResourceSample[] = [];
  for (let t = start, i = 0; t <= end; t += 1000, i++) {
    const at = steps.find(({ s }) => t >= s.startedAtMs && t < s.startedAtMs + STEP_MS);
    const busy = at ? Math.min(1, at.s.load / at.max) : 0.02;
    const wiggle = 1 + 0.05 * Math.sin(i * 1.3);
    const rate = at ? at.s.throughput : 0;
    out.push({
      tMs: t,
      cpuPercent: Math.min(100, (8 + 80 * busy) * wiggle),
      load1: 0.2 + 1.8 * busy,
      memUsedBytes: 3.1 * 1024 ** 3 + i * 2 * 1024 ** 2,
      memTotalBytes: 8 * 1024 ** 3,
      netRxBytesPerSec: rate * 180 * wiggle,
      netTxBytesPerSec: rate * 560 * wiggle,
      diskReadBytesPerSec: 4096 * (i % 7 === 0 ? 20 : 1),
      diskWriteBytesPerSec: 65_536 * (1 + busy) * wiggle,
      proc: { pid: 4242, cpuPercent: Math.min(200, 140 * busy * wiggle), rssBytes: 180 * 1024 ** 2 + i * 0.4 * 1024 ** 2 },
    });
  }
  return out;
}

export function sampleRun(): RunResult {
  const benches = [closedBench(), openBench()];
  const last = benches[1]!.steps.at(-1)!;
  return {
    schemaVersion: 1,
    scenario: { name: 'checkout-api capacity', file: 'scenarios/checkout.yaml' },
    startedAt: new Date(T0_MS - WARMUP_MS).toISOString(),
    finishedAt: new Date(last.startedAtMs + STEP_MS).toISOString(),
    complete: true,
    passed: benches.every((b) => b.slo?.passed ?? true),
    host: { hostname: 'bench-1', platform: 'linux', cpus: 2, cpuModel: 'AMD EPYC 7B13', memBytes: 8 * 1024 ** 3, node: 'v20.20.2' },
    benches,
    resources: resourceSamples(benches),
    warnings: ['api-open: 1,400 req/s step dropped 800 arrivals (maxInFlight reached)'],
  };
}

/** A run stopped before any step finished: every section must still render. */
export function emptyRun(): RunResult {
  const bench: BenchResult = {
    ...closedBench(),
    name: 'never-started',
    steps: [],
    usl: null,
    knee: null,
    errorOnset: null,
    saturation: { load: 0, throughput: 0, limitedBy: 'not-reached', range: [0, 0], detail: 'no steps' },
    slo: null,
    stoppedEarly: 'interrupted',
  };
  return { ...sampleRun(), complete: false, passed: false, benches: [bench], resources: [], warnings: [] };
}

/** Hostile text in every name a user controls, to prove the report escapes it. */
export function hostileRun(): RunResult {
  const run = sampleRun();
  const evil = '<script>alert(1)</script>';
  return {
    ...run,
    scenario: { name: `</script><!-- ${evil} "quotes" & 'apostrophes'`, file: null },
    benches: run.benches.map((b, i) => ({ ...b, name: i === 0 ? evil : `${b.name}<img src=x onerror=alert(2)>` })),
    warnings: [`${evil} in a warning`],
  };
}
