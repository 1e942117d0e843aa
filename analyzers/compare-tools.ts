// Whether the two sides of a comparison measured the same way: a metric measured by different tools
// (fio on one side, the built-in on the other; iperf3 vs the built-in stream) or benches run on
// different profiles (quick vs full) give figures under one name that are not one measurement, so
// their ratio mixes the method with the machine. compare pairs metrics by name; this says when that
// pairing is unsound. Pure.
import type { HostBenchResult } from '../scenarios/result.js';
import type { MetricComparison } from './compare.js';

/** What each profile changes in a repeat, said in the warning (see docs/benches/host.md). */
const PROFILE_WORK: Record<HostBenchResult['profile'], string> = {
  quick: '1,000 fdatasyncs, 256 MiB files, 0.6 s CPU windows, 1 s streams, 3–5 repeats',
  full: '10,000 fdatasyncs, 1 GiB files, 2 s CPU windows, 5 s streams, 5–10 repeats',
};

/** The tool without its version: `fio-3.33` → `fio`, `iperf3-3.12` → `iperf3`; `built-in` and `derived` stay. */
export function toolFamily(tool: string): string {
  return tool.replace(/-\d[\w.-]*$/, '');
}

/** Which scenario option picks the metric's tool. */
function toolHint(metric: string): string {
  if (metric.startsWith('disk.')) return 'Set disk.fio alike on both runs (and have fio on both hosts, or on neither).';
  if (metric.startsWith('network.')) return 'Set network.iperf3 alike on both runs (and have iperf3 on both hosts, or on neither).';
  return 'Use the same tools on both runs.';
}

/**
 * One warning per metric whose tools differ (naming both), then one per bench pair whose profiles
 * differ. Tool versions alone (fio-3.33 vs fio-3.35) run the same job and are not flagged.
 */
export function describeMethodDifferences(pairs: ReadonlyArray<readonly [HostBenchResult, HostBenchResult]>, metrics: readonly MetricComparison[]): string[] {
  const several = pairs.length > 1;
  const label = (bench: string, metric: string): string => (several ? `${bench}/${metric}` : metric);
  const tools = metrics
    .filter((m) => toolFamily(m.baseline.tool) !== toolFamily(m.candidate.tool))
    .map((m) => `${label(m.bench, m.name)} was measured with ${m.baseline.tool} in the baseline but ${m.candidate.tool} in the candidate: figures from different tools are not the same measurement, so its ratio and verdict mix the tool with the machine. ${toolHint(m.name)}`);
  const profiles = pairs
    .filter(([b, c]) => b.profile !== c.profile)
    .map(([b, c]) => {
      const which = several ? `The ${b.name} bench ran` : 'The bench ran';
      return `${which} the ${b.profile} profile in the baseline but the ${c.profile} profile in the candidate (${b.profile}: ${PROFILE_WORK[b.profile]}; ${c.profile}: ${PROFILE_WORK[c.profile]}): every metric is a different measurement under the same name, tail latencies and disk figures most of all. Compare runs of one profile.`;
    });
  return [...tools, ...profiles];
}
