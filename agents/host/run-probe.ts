// One host metric from start to end: setup, an optional untimed warm-up, repeats until the stopping
// rule says enough, teardown on every exit path. Owns the events of a metric and how its failures
// become data.
import { encodeHistogram, mergeEncoded } from '../../analyzers/histogram.js';
import { coefficientOfVariation, hasConverged, needsAnotherRepeat, summarizeRepeats, type RepeatPolicy } from '../../analyzers/repeats.js';
import type { HostMetric } from '../../scenarios/result.js';
import type { EmitRunEvent } from '../run-events.js';
import type { HostProbe, ProbeContext, ProbeSample } from './probe.js';

/** A probe honouring the signal ends its repeat within about a second; past this the runner stops waiting. */
export const ABORT_GRACE_MS = 1000;
/** A teardown that hangs must not hold the whole run. */
export const TEARDOWN_TIMEOUT_MS = 10_000;

export type ProbeOutcome =
  | { kind: 'measured'; metric: HostMetric }
  | { kind: 'skipped'; reason: string }
  /** Ctrl-C: the finished repeats as a not-converged metric when there are at least two, else nothing. */
  | { kind: 'interrupted'; metric: HostMetric | null };

export interface ProbeRunOptions {
  ctx: ProbeContext;
  policy: RepeatPolicy;
  bench: string;
  /** Position of this metric among the bench's (0-based) and how many there are, for progress. */
  index: number;
  count: number;
  emit: EmitRunEvent;
}

type Settled<T> = { state: 'done'; value: T } | { state: 'failed'; error: unknown } | { state: 'aborted' };

export async function runProbe(probe: HostProbe, opts: ProbeRunOptions): Promise<ProbeOutcome> {
  const { ctx, emit, bench } = opts;
  const warn = (message: string): void => emit({ type: 'warning', message: `bench "${bench}": ${probe.metric}: ${message}` });
  // Nothing started yet, so there is nothing to tear down either.
  if (ctx.signal.aborted) return { kind: 'interrupted', metric: null };
  try {
    const setup = await settleOrAbort(() => probe.setup?.(ctx), ctx.signal);
    if (setup.state === 'aborted' || (setup.state === 'failed' && ctx.signal.aborted)) return { kind: 'interrupted', metric: null };
    if (setup.state === 'failed') {
      const skip = isSkip(setup.error);
      const reason = skip ? messageOf(setup.error) : `setup failed: ${messageOf(setup.error)}`;
      if (!skip) warn(`${reason}; the metric is skipped`);
      return { kind: 'skipped', reason };
    }

    emit({ type: 'metric-start', bench, metric: probe.metric, index: opts.index, count: opts.count, maxRepeats: opts.policy.max });
    if (probe.warmup) {
      // Untimed and unrecorded: whatever it returns or measures never reaches `repeats`.
      const warmup = await settleOrAbort(() => probe.warmup?.(ctx), ctx.signal);
      if (warmup.state === 'aborted' || ctx.signal.aborted) return { kind: 'interrupted', metric: null };
      if (warmup.state === 'failed') {
        const reason = `warm-up failed: ${messageOf(warmup.error)}`;
        warn(`${reason}; the metric is skipped`);
        return { kind: 'skipped', reason };
      }
    }
    const samples: ProbeSample[] = [];
    const values = (): number[] => samples.map((s) => s.value);
    let interrupted = false;
    while (needsAnotherRepeat(values(), opts.policy)) {
      const repeat = ctx.signal.aborted ? ({ state: 'aborted' } as const) : await settleOrAbort(() => probe.measure(ctx), ctx.signal);
      // A repeat cut short by Ctrl-C measured a different amount of work: drop it, whatever it returned.
      if (repeat.state === 'aborted' || ctx.signal.aborted) {
        interrupted = true;
        break;
      }
      if (repeat.state === 'failed') {
        const reason = `repeat ${samples.length + 1} failed: ${messageOf(repeat.error)}`;
        warn(`${reason}; the metric is skipped`);
        return { kind: 'skipped', reason };
      }
      if (!Number.isFinite(repeat.value.value)) {
        const reason = `repeat ${samples.length + 1} measured ${repeat.value.value}, not a number`;
        warn(`${reason}; the metric is skipped`);
        return { kind: 'skipped', reason };
      }
      samples.push(repeat.value);
      emit({ type: 'repeat-done', bench, metric: probe.metric, repeat: samples.length, maxRepeats: opts.policy.max, value: repeat.value.value, unit: probe.unit, cv: coefficientOfVariation(values()) });
    }
    if (interrupted) return { kind: 'interrupted', metric: samples.length >= 2 ? buildMetric(probe, samples, opts.policy, false, warn) : null };
    return { kind: 'measured', metric: buildMetric(probe, samples, opts.policy, true, warn) };
  } finally {
    const teardown = await settleWithin(() => probe.teardown?.(), TEARDOWN_TIMEOUT_MS);
    if (teardown.state === 'failed') warn(`teardown failed: ${messageOf(teardown.error)}`);
    if (teardown.state === 'aborted') warn(`teardown did not finish within ${TEARDOWN_TIMEOUT_MS / 1000} s; it may have left a process or file behind`);
  }
}

function buildMetric(probe: HostProbe, samples: readonly ProbeSample[], policy: RepeatPolicy, mayConverge: boolean, warn: (m: string) => void): HostMetric {
  const repeats = samples.map((s) => s.value);
  const stats = summarizeRepeats(repeats);
  const metric: HostMetric = {
    name: probe.metric,
    unit: probe.unit,
    higherIsBetter: probe.higherIsBetter,
    tool: probe.tool,
    repeats,
    mean: stats.mean,
    ci95: stats.ci95,
    cv: stats.cv,
    converged: mayConverge && hasConverged(repeats, policy),
  };
  const histograms = samples.flatMap((s) => (s.histogram ? [s.histogram] : []));
  if (histograms.length > 0) {
    try {
      const merged = mergeEncoded(histograms);
      metric.histogram = encodeHistogram(merged);
      merged.destroy();
    } catch (err) {
      warn(`its latency histograms could not be merged (${messageOf(err)}); the metric is kept without one`);
    }
  }
  const guidance = probe.guidance?.(stats.mean);
  if (guidance) metric.guidance = guidance;
  if (probe.detail) metric.detail = probe.detail;
  return metric;
}

/** Runs `work`; once the signal aborts, waits up to ABORT_GRACE_MS for it to notice before giving up on it. */
async function settleOrAbort<T>(work: () => T | Promise<T>, signal: AbortSignal): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const abandoned = new Promise<Settled<never>>((resolve) => {
    onAbort = () => {
      timer = setTimeout(() => resolve({ state: 'aborted' }), ABORT_GRACE_MS);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([settle(work), abandoned]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
    clearTimeout(timer);
  }
}

/** Runs `work` for at most `timeoutMs`; 'aborted' when it took longer. */
async function settleWithin<T>(work: () => T | Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Settled<never>>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'aborted' }), timeoutMs);
  });
  try {
    return await Promise.race([settle(work), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Never rejects, so work abandoned after a race cannot surface later as an unhandled rejection. */
async function settle<T>(work: () => T | Promise<T>): Promise<Settled<T>> {
  try {
    return { state: 'done', value: await work() };
  } catch (error) {
    return { state: 'failed', error };
  }
}

/** By name too: a SkipProbe from a second copy of probe.ts (tests, bundles) is still a skip. */
function isSkip(err: unknown): boolean {
  return err instanceof Error && err.name === 'SkipProbe';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
