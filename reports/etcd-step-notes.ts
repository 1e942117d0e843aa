// Per-step notes of an etcd bench that the step table has no column for: what the workload counted
// beside ok/errors (txn compares that failed, deletes that found nothing, watch events …) and the
// error messages etcd answered with. Sentences for the text summary; pure.
import type { BenchResult } from '../scenarios/result.js';
import { formatLoad, formatNumber } from './format.js';

/** How each workload counter reads after its number; unknown counters keep their name. */
const STAT_WORDS: Record<string, string> = {
  succeeded: 'compares succeeded',
  failed: 'compares failed',
  deleted: 'keys deleted',
  misses: 'deletes found nothing',
  watchers: 'watchers',
  events: 'events',
  streamFailures: 'watch streams lost',
  leases: 'leases kept alive',
  expired: 'keep-alives found the lease gone',
};

/** "txn at 8 clients: 12,034 compares succeeded, 56 compares failed", one line per step that has counts. */
export function describeWorkloadStats(bench: BenchResult): string[] {
  if (bench.kind !== 'etcd') return [];
  const workload = bench.etcd?.workload ?? 'etcd';
  const out: string[] = [];
  for (const step of bench.steps) {
    const stats = Object.entries(step.workloadStats ?? {});
    if (stats.length === 0) continue;
    const counts = stats.map(([key, n]) => `${formatNumber(n)} ${STAT_WORDS[key] ?? key}`);
    out.push(`${workload} at ${formatLoad(step.load, bench.model, bench.kind)}: ${counts.join(', ')}`);
  }
  return out;
}

/** "error at 200 clients, 500 clients: etcdserver: mvcc: database space exceeded", one line per distinct message. */
export function describeErrorSamples(bench: BenchResult): string[] {
  const loadsByMessage = new Map<string, string[]>();
  for (const step of bench.steps) {
    for (const message of step.errorSamples ?? []) {
      const loads = loadsByMessage.get(message) ?? [];
      loads.push(formatLoad(step.load, bench.model, bench.kind));
      loadsByMessage.set(message, loads);
    }
  }
  return [...loadsByMessage].map(([message, loads]) => `error at ${loads.join(', ')}: ${message}`);
}
