// The http kind for the step runner: the bench's own load plan and engine, a reachability check.
import type { HttpBench } from '../../scenarios/schema.js';
import type { DriverOptions, LoadBenchDriver } from '../load-bench-driver.js';
import { checkReachable } from '../preflight.js';
import { createHttpEngine } from './index.js';

export async function preflightHttpBench(bench: HttpBench): Promise<void> {
  await checkReachable(bench.target.url);
}

export async function openHttpBench(bench: HttpBench, opts: DriverOptions): Promise<LoadBenchDriver> {
  return {
    target: `${bench.target.method} ${bench.target.url}`,
    load: bench.load,
    engine: opts.createEngine ? opts.createEngine(bench) : createHttpEngine(bench, { threads: bench.threads }),
  };
}
