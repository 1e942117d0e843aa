// Client latency beside etcd's own disk latency, per step: the client's p50 and p99 (solid) and the
// server's WAL fsync p99 and backend commit p99 (dashed), on one log axis, with etcd's guidance for
// the two server figures as dashed rules. When the client p99 climbs with the fsync p99, the disk is
// the bottleneck; when it climbs alone, look at the network, CPU or the client.
import type { TopLevelSpec } from 'vega-lite';
import { ETCD_GUIDANCE } from '../analyzers/etcd-server.js';
import type { BenchResult } from '../scenarios/result.js';
import { CHART_HEIGHT, CHART_WIDTH, CONFIG, VEGA_LITE_SCHEMA, chooseLoadScale, round, withHalo, type Layer } from './chart-common.js';
import { loadUnit } from './format.js';

export const ETCD_LATENCY_SERIES = [
  { label: 'client p50', side: 'client', color: '#6baed6' },
  { label: 'client p99', side: 'client', color: '#e6550d' },
  { label: 'WAL fsync p99', side: 'server', color: '#6a51a3' },
  { label: 'backend commit p99', side: 'server', color: '#238b45' },
] as const;

export interface EtcdLatencyPoint {
  load: number;
  series: (typeof ETCD_LATENCY_SERIES)[number]['label'];
  side: 'client' | 'server';
  latencyMs: number;
  /** Operations behind the figure: client responses, or fsyncs / commits the server counted. */
  count: number;
}

/** The chart's points; values a log axis cannot show (0 ms, no observation in the step) are left out. */
export function etcdLatencyPoints(bench: BenchResult): EtcdLatencyPoint[] {
  const out: EtcdLatencyPoint[] = [];
  for (const s of bench.steps) {
    const add = (series: EtcdLatencyPoint['series'], side: EtcdLatencyPoint['side'], latencyMs: number | undefined, count: number | undefined): void => {
      if (latencyMs === undefined || count === undefined || count <= 0 || !(latencyMs > 0) || !Number.isFinite(latencyMs)) return;
      out.push({ load: s.load, series, side, latencyMs: round(latencyMs), count });
    };
    add('client p50', 'client', s.latencyMs.p50, s.latencyMs.count);
    add('client p99', 'client', s.latencyMs.p99, s.latencyMs.count);
    add('WAL fsync p99', 'server', s.server?.walFsyncMs?.p99, s.server?.walFsyncMs?.count);
    add('backend commit p99', 'server', s.server?.backendCommitMs?.p99, s.server?.backendCommitMs?.count);
  }
  return out;
}

export function etcdServerLatencySpec(bench: BenchResult): TopLevelSpec {
  const unit = loadUnit(bench.model, bench.kind);
  const scale = chooseLoadScale(bench.steps.map((s) => s.load));
  const points = etcdLatencyPoints(bench);
  const labels = ETCD_LATENCY_SERIES.map((s) => s.label);
  const x = {
    field: 'load',
    type: 'quantitative' as const,
    title: unit.axis,
    // A nice log domain runs to the next power of ten (1,000 past a last step of 128): keep it to the data.
    scale: scale === 'log' ? { type: 'log' as const, nice: false } : { zero: true, nice: true },
  };
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: 'latency (ms)', scale: { type: 'log' as const }, axis: { format: '~g' } });
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    sort: labels,
    scale: { domain: labels, range: ETCD_LATENCY_SERIES.map((s) => s.color) },
    legend: { orient: 'right' as const },
  };

  // Rules only for the server figures the chart actually has, so an empty axis is not stretched to 25 ms.
  const present = new Set(points.map((p) => p.series));
  const rules = [
    { series: 'WAL fsync p99', limitMs: ETCD_GUIDANCE.walFsyncP99Ms, label: `etcd: fsync p99 ≤ ${ETCD_GUIDANCE.walFsyncP99Ms} ms` },
    { series: 'backend commit p99', limitMs: ETCD_GUIDANCE.backendCommitP99Ms, label: `etcd: commit p99 ≤ ${ETCD_GUIDANCE.backendCommitP99Ms} ms` },
  ].filter((r) => present.has(r.series as EtcdLatencyPoint['series']));

  const layers: Layer[] = [];
  if (rules.length) {
    layers.push({
      data: { values: rules },
      mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.5, opacity: 0.8 },
      encoding: { y: y('limitMs'), color },
    });
  }
  layers.push({
    data: { values: points },
    mark: { type: 'line', point: { filled: true, size: 30 } },
    encoding: {
      x,
      y: y('latencyMs'),
      color,
      strokeDash: { field: 'side', type: 'nominal', scale: { domain: ['client', 'server'], range: [[1, 0], [6, 3]] }, legend: null },
      tooltip: [
        { field: 'load', type: 'quantitative', title: unit.axis },
        { field: 'series', type: 'nominal' },
        { field: 'latencyMs', type: 'quantitative', title: 'latency (ms)', format: ',.3~f' },
        { field: 'count', type: 'quantitative', title: 'operations', format: ',d' },
      ],
    },
  });
  if (rules.length) {
    layers.push(
      ...withHalo({
        data: { values: rules },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -2, fontSize: 11 },
        encoding: { y: y('limitMs'), x: { value: 0 }, text: { field: 'label' }, color },
      }),
    );
  }
  return { $schema: VEGA_LITE_SCHEMA, width: CHART_WIDTH, height: CHART_HEIGHT, config: CONFIG, layer: layers };
}
