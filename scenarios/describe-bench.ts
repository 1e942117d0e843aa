// What a bench will do, worded for `headroom validate`, and the load a load bench really runs
// (an etcd check-perf profile replaces `load`). Pure.
import { checkPerfLoad, checkPerfShape } from '../analyzers/check-perf.js';
import type { Bench, EtcdBench, LoadBench, LoadSpec } from './schema.js';
import { planSteps } from './steps.js';

export function loadOf(bench: LoadBench): LoadSpec {
  if (bench.kind === 'etcd' && bench.profile) return checkPerfLoad(bench.profile, bench.duration);
  return bench.load!;
}

/** An etcd bench as it runs: a check-perf profile also fixes key and value sizes and one connection per client, as etcdctl does. */
export function effectiveEtcdBench(bench: EtcdBench): EtcdBench {
  return bench.profile ? { ...bench, ...checkPerfShape(bench.profile, bench.prefix) } : bench;
}

export function describeBench(bench: Bench): string {
  if (bench.kind === 'host') {
    return `${bench.name}: host ${bench.profile} profile, suites ${bench.suites.join(', ')}${bench.network.peer ? `, network peer ${bench.network.peer}` : ''}`;
  }
  const load = loadOf(bench);
  const steps = planSteps(load);
  const seconds = (steps.length * load.stepDuration) / 1000;
  const plan = `${load.model} model, ${steps.length} steps [${steps.join(', ')}], up to ${seconds}s`;
  if (bench.kind === 'http') return `${bench.name}: http ${plan} → ${bench.target.method} ${bench.target.url}`;
  const profile = bench.profile ? ` (etcdctl check perf --load=${bench.profile})` : '';
  return `${bench.name}: etcd ${bench.workload}${profile}, ${plan} → ${bench.endpoints.join(', ')} under ${bench.prefix}`;
}
