// Our run of a check-perf profile set beside etcdctl's own run of it, figure by figure, for
// `npm run bench:etcd`. Only like is put beside like: etcdctl check perf prints throughput, slowest
// and stddev, and no percentile (-w json changes nothing), so p99 is compared on the server's side
// (grpc_server_handling_seconds for Put, served with etcd --metrics=extensive) for both runs.
import type { CheckPerfVerdict } from '../scenarios/result.js';
import type { EtcdctlCheckPerfOutput } from './check-perf-parse.js';
import { etcdctlWritesPerSec } from './check-perf.js';
import type { EtcdPutDelta } from './etcd-server.js';

export interface CheckPerfComparisonRow {
  figure: string;
  ours: number | null;
  etcdctl: number | null;
  /** ours / etcdctl − 1; null when either side is missing. */
  difference: number | null;
  note: string;
}

function row(figure: string, ours: number | null | undefined, etcdctl: number | null | undefined, note: string): CheckPerfComparisonRow {
  const o = ours ?? null;
  const e = etcdctl ?? null;
  return { figure, ours: o, etcdctl: e, difference: o !== null && e !== null && e !== 0 && Number.isFinite(o) && Number.isFinite(e) ? o / e - 1 : null, note };
}

export function compareCheckPerf(
  ours: CheckPerfVerdict,
  theirs: EtcdctlCheckPerfOutput,
  server: { ours: EtcdPutDelta | null; etcdctl: EtcdPutDelta | null } = { ours: null, etcdctl: null },
): CheckPerfComparisonRow[] {
  const seconds = ours.durationMs / 1000;
  return [
    row('throughput (writes/s)', etcdctlWritesPerSec(ours.throughput), theirs.throughputWritesPerSec, 'both as etcdctl prints it, int(rate)+1; etcdctl divides by its whole run including the drain of the last puts'),
    row('puts the server counted per second', server.ours ? server.ours.puts / seconds : null, server.etcdctl ? server.etcdctl.puts / seconds : null, 'grpc_server_handled_total{grpc_method="Put",grpc_code="OK"} over the profile\'s duration'),
    row('slowest put (ms)', ours.slowestMs, theirs.slowestMs, 'ours counts from the scheduled send time, so a put that waited for a free client is slower than etcdctl reports it'),
    row('stddev (ms)', ours.stddevMs, theirs.stddevMs, 'population stddev; ours from the HDR histogram'),
    row('server-side put p99 (ms)', server.ours?.handlingMs?.p99, server.etcdctl?.handlingMs?.p99, 'bucket-interpolated from grpc_server_handling_seconds (etcd --metrics=extensive); buckets 5, 10, 25, 50 ms'),
    row('client put p99 (ms)', ours.p99Ms, null, 'etcdctl check perf prints no percentile'),
  ];
}
