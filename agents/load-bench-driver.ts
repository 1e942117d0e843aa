// What the step runner needs from a kind of load bench (http, etcd): its load plan, its engine,
// a check before anything runs, and optional extras (the server's view of each step, a summary).
// One file per kind implements it; this one only picks.
import type { BenchResult, EtcdServerStep, StepResult } from '../scenarios/result.js';
import type { LoadBench, LoadSpec } from '../scenarios/schema.js';
import { openEtcdBench, preflightEtcdBench } from './etcd/driver.js';
import { openHttpBench, preflightHttpBench } from './http/driver.js';
import type { LoadEngine } from './load-engine.js';

export interface LoadBenchDriver {
  /** One line saying what is loaded: "GET http://…", "etcd put → http://127.0.0.1:2379". */
  target: string;
  load: LoadSpec;
  engine: LoadEngine;
  /** Called as a step starts; the function it returns is called as the step ends and gives the server's view of it. */
  observeStep?(): Promise<() => Promise<EtcdServerStep | undefined>>;
  /** After the engine closed: kind-specific fields of the BenchResult. */
  summarize?(steps: StepResult[]): Pick<BenchResult, 'etcd'>;
}

export interface DriverOptions {
  /** Replaces the kind's own engine (tests). */
  createEngine?: (bench: LoadBench) => LoadEngine;
  warn: (message: string) => void;
}

/** Throws a UserError when the bench must not or cannot start; runs before any bench so nothing is written on refusal. */
export async function preflightLoadBench(bench: LoadBench): Promise<void> {
  if (bench.kind === 'http') await preflightHttpBench(bench);
  else await preflightEtcdBench(bench);
}

export async function openLoadBench(bench: LoadBench, opts: DriverOptions): Promise<LoadBenchDriver> {
  return bench.kind === 'http' ? openHttpBench(bench, opts) : openEtcdBench(bench, opts);
}
