// One step's raw measurement → the figures result.json keeps for it. Pure.
import type { StepMeasurement, StepResult } from '../scenarios/result.js';
import type { LoadModel } from '../scenarios/schema.js';
import { meanCi } from './confidence.js';
import { summarizeEncodedMs } from './histogram.js';

export function totalErrors(m: Pick<StepMeasurement, 'errors'>): number {
  return m.errors.connect + m.errors.timeout + m.errors.non2xx + m.errors.other;
}

export function summarizeStep(input: {
  index: number;
  load: number;
  model: LoadModel;
  startedAtMs: number;
  measurement: StepMeasurement;
  okPerSecond: readonly number[];
}): StepResult {
  const m = input.measurement;
  const seconds = m.durationMs / 1000;
  const errors = totalErrors(m);
  const completed = m.ok + errors;
  const throughput = seconds > 0 ? m.ok / seconds : 0;
  // Whole seconds only: a partial last second would bias the interval low.
  const ci = input.okPerSecond.length >= 2 ? meanCi([...input.okPerSecond]) : null;
  return {
    index: input.index,
    load: input.load,
    startedAtMs: input.startedAtMs,
    durationMs: m.durationMs,
    offeredRate: input.model === 'open' ? input.load : seconds > 0 ? m.sent / seconds : 0,
    throughput,
    throughputCi: ci ? [Math.max(0, ci.lo), ci.hi] : [throughput, throughput],
    requests: completed,
    errors,
    errorsByClass: { ...m.errors },
    errorRate: completed + m.dropped > 0 ? (errors + m.dropped) / (completed + m.dropped) : 0,
    dropped: m.dropped,
    bytes: { read: m.bytesRead, written: m.bytesWritten },
    latencyMs: summarizeEncodedMs(m.histogram),
    histogram: m.histogram,
    // Measured by some engines only: absent (not empty) when they were not.
    ...(m.workloadStats ? { workloadStats: { ...m.workloadStats } } : {}),
    ...(m.errorSamples ? { errorSamples: [...m.errorSamples] } : {}),
    ...(m.generatorLagMs ? { generatorLagMs: { ...m.generatorLagMs } } : {}),
  };
}
