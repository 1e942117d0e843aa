// Fake host probes for the runner tests: each logs its calls ("metric:phase") and measures
// values given by the test, so statistics and the order of calls are known exactly.
import { sampleInventory } from '../../reports/host-fixtures.js';
import type { HostBenchResult, HostMetric } from '../../scenarios/result.js';
import { hostBenchSchema, type HostBench, type HostSuite } from '../../scenarios/schema.js';
import type { RunEvent } from '../run-events.js';
import type { HostProbe, ProbeContext, ProbeFactory, ProbeSample } from './probe.js';
import { runHostBench, type HostRunOptions } from './run-host-bench.js';

export interface FakeSpec {
  metric: string;
  suite?: HostSuite;
  unit?: string;
  /** Value of repeat i (0-based), or a function of it. */
  values: number[] | ((i: number, ctx: ProbeContext) => number | Promise<number>);
  setup?: (ctx: ProbeContext, probe: HostProbe) => Promise<void>;
  /** Given: the probe gets a warm-up that logs "metric:warmup" and then runs this. */
  warmup?: (ctx: ProbeContext) => Promise<void>;
  teardown?: () => Promise<void>;
  histogram?: (i: number) => string;
  guidance?: HostProbe['guidance'];
}

/** A probe that logs every call into `log` as "metric:phase". */
export function fake(spec: FakeSpec, log: string[]): ProbeFactory {
  return () => {
    let i = 0;
    const probe: HostProbe = {
      metric: spec.metric,
      suite: spec.suite ?? (spec.metric.split('.')[0] as HostSuite),
      unit: spec.unit ?? 'ops/s',
      higherIsBetter: true,
      tool: 'built-in',
      async setup(ctx) {
        log.push(`${spec.metric}:setup`);
        await spec.setup?.(ctx, probe);
      },
      async measure(ctx): Promise<ProbeSample> {
        const n = i++;
        log.push(`${spec.metric}:measure`);
        const value = typeof spec.values === 'function' ? await spec.values(n, ctx) : spec.values[n % spec.values.length]!;
        return spec.histogram ? { value, histogram: spec.histogram(n) } : { value };
      },
      async teardown() {
        log.push(`${spec.metric}:teardown`);
        await spec.teardown?.();
      },
    };
    if (spec.guidance) probe.guidance = spec.guidance;
    const warmup = spec.warmup;
    if (warmup) {
      probe.warmup = async (ctx) => {
        log.push(`${spec.metric}:warmup`);
        await warmup(ctx);
      };
    }
    return probe;
  };
}

export interface Run {
  result: HostBenchResult;
  events: RunEvent[];
  progress: Array<{ metrics: string[]; skipped: string[]; metric: string | null }>;
}

/** A host bench measuring in `dir`, with the scenario fields given. */
export function benchIn(dir: string, extra: Record<string, unknown> = {}): HostBench {
  return hostBenchSchema.parse({ name: 'h', kind: 'host', disk: { dir }, ...extra });
}

/** Runs the bench with these probes, a stepping clock and no external tools, recording events and progress. */
export async function run(b: HostBench, probes: HostRunOptions['probes'], more: Partial<HostRunOptions> = {}): Promise<Run> {
  const events: RunEvent[] = [];
  const progress: Run['progress'] = [];
  let t = 1_000;
  const result = await runHostBench(b, {
    signal: new AbortController().signal,
    emit: (e) => events.push(e),
    benchIndex: 0,
    benchCount: 1,
    inventory: sampleInventory(),
    onProgress: (current, metric) => progress.push({ metrics: current.metrics.map((m) => m.name), skipped: current.skipped.map((s) => s.metric), metric: metric?.name ?? null }),
    now: () => (t += 250),
    probes,
    findTool: () => null,
    ...more,
  });
  return { result, events, progress };
}

export const metricNamed = (r: HostBenchResult, name: string): HostMetric => r.metrics.find((m) => m.name === name)!;

/** measure() that waits until aborted, like a real probe mid-repeat, then rejects as fetch does. */
export function untilAborted(signal: AbortSignal): Promise<number> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(new Error('aborted'));
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

