// The host's (and target process's) resource profile over the run: small multiples sharing the time
// axis, with each step's start drawn as a faint rule so a CPU plateau can be matched to the load.
import type { TopLevelSpec } from 'vega-lite';
import type { ResourceSample, RunResult } from '../scenarios/result.js';
import { CHART_WIDTH, CONFIG, VEGA_LITE_SCHEMA, round, type Layer } from './chart-common.js';
import { formatNumber, loadUnit } from './format.js';

const PANEL_HEIGHT = 80;
const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

interface Panel {
  title: string;
  yTitle: string;
  yFormat: string;
  yDomain?: [number, number];
  series: Array<{ name: string; color: string; value: (s: ResourceSample) => number | undefined }>;
}

/**
 * Host CPU arrives as a share of all cores (0–100) and the target's as per-core percent like top
 * (200 = two cores); both are drawn as cores busy so they share one honest axis topped at the host's cores.
 */
function panelsFor(samples: readonly ResourceSample[], cores: number): Panel[] {
  const hasProc = samples.some((s) => s.proc);
  const memTotalGiB = Math.max(...samples.map((s) => s.memTotalBytes)) / GIB;
  const maxCores = Math.max(cores, ...samples.map((s) => (s.proc?.cpuPercent ?? 0) / 100));
  const panels: Panel[] = [
    {
      title: `CPU (cores busy, of ${cores})`,
      yTitle: 'cores',
      yFormat: '~r',
      yDomain: [0, maxCores],
      series: [
        { name: 'host', color: '#1f5fa8', value: (s) => (s.cpuPercent / 100) * cores },
        ...(hasProc ? [{ name: 'target process', color: '#e08a00', value: (s: ResourceSample) => (s.proc ? s.proc.cpuPercent / 100 : undefined) }] : []),
      ],
    },
    {
      title: 'memory used (host)',
      yTitle: 'GiB',
      yFormat: '~r',
      yDomain: [0, memTotalGiB],
      series: [{ name: 'host', color: '#1f5fa8', value: (s) => s.memUsedBytes / GIB }],
    },
  ];
  if (hasProc) {
    panels.push({ title: 'target process RSS', yTitle: 'MiB', yFormat: '~r', series: [{ name: 'target process', color: '#e08a00', value: (s) => (s.proc ? s.proc.rssBytes / MIB : undefined) }] });
  }
  panels.push(
    {
      title: 'network',
      yTitle: 'bytes/s',
      yFormat: '~s',
      series: [
        { name: 'received', color: '#2a9d8f', value: (s) => s.netRxBytesPerSec },
        { name: 'sent', color: '#8e44ad', value: (s) => s.netTxBytesPerSec },
      ],
    },
    {
      title: 'disk',
      yTitle: 'bytes/s',
      yFormat: '~s',
      series: [
        { name: 'read', color: '#2a9d8f', value: (s) => s.diskReadBytesPerSec },
        { name: 'written', color: '#8e44ad', value: (s) => s.diskWriteBytesPerSec },
      ],
    },
  );
  return panels;
}

/** Step starts relative to the run's time origin; the first step of each bench carries the bench's name. */
function stepMarks(result: RunResult, t0Ms: number): Array<{ tS: number; label: string; benchStart: boolean }> {
  return result.benches.flatMap((b) =>
    b.steps.map((s, i) => ({
      tS: round((s.startedAtMs - t0Ms) / 1000, 6),
      label: i === 0 ? b.name : `${formatNumber(s.load)} ${loadUnit(b.model, b.kind).plural}`,
      benchStart: i === 0,
    })),
  );
}

export function resourcesSpec(result: RunResult): TopLevelSpec {
  const samples = result.resources;
  const firstStep = Math.min(...result.benches.flatMap((b) => b.steps.map((s) => s.startedAtMs)));
  const t0Ms = Math.min(samples[0]?.tMs ?? Infinity, firstStep);
  const marks = Number.isFinite(t0Ms) ? stepMarks(result, t0Ms) : [];
  const panels = panelsFor(samples, Math.max(1, result.host.cpus));
  const x = { field: 'tS', type: 'quantitative' as const, title: 'time since start (s)', scale: { zero: false, nice: false } };

  const vconcat = panels.map((panel, i): Layer => {
    const last = i === panels.length - 1;
    const values = samples.flatMap((s) =>
      panel.series.flatMap((ser) => {
        const v = ser.value(s);
        return v === undefined || !Number.isFinite(v) ? [] : [{ tS: round((s.tMs - t0Ms) / 1000, 6), series: ser.name, value: round(v) }];
      }),
    );
    const xEnc = { ...x, axis: last ? { format: '~r' } : { labels: false, title: null, ticks: false } };
    const layers: Layer[] = [];
    if (marks.length) {
      layers.push({
        data: { values: marks },
        mark: { type: 'rule', strokeWidth: 1 },
        encoding: {
          x: xEnc,
          color: { condition: { test: 'datum.benchStart', value: '#555' }, value: '#d9d9d9' },
          strokeDash: { condition: { test: 'datum.benchStart', value: [4, 2] }, value: [1, 0] },
        },
      });
      if (i === 0) {
        layers.push({
          data: { values: marks.filter((m) => m.benchStart) },
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: -PANEL_HEIGHT * 0.3, fontSize: 10, color: '#555' },
          encoding: { x: xEnc, y: { value: 0 }, text: { field: 'label' } },
        });
      }
    }
    layers.push({
      data: { values },
      mark: { type: 'line', strokeWidth: 1.5, interpolate: 'monotone' },
      encoding: {
        x: xEnc,
        y: { field: 'value', type: 'quantitative', title: panel.yTitle, axis: { format: panel.yFormat, tickCount: 3 }, scale: panel.yDomain ? { domain: panel.yDomain } : { zero: true } },
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          scale: { domain: panel.series.map((s) => s.name), range: panel.series.map((s) => s.color) },
          legend: { orient: 'right', symbolType: 'stroke' },
        },
        tooltip: [
          { field: 'tS', type: 'quantitative', title: 'time (s)', format: ',.1f' },
          { field: 'series', type: 'nominal' },
          { field: 'value', type: 'quantitative', title: `${panel.title} (${panel.yTitle})`, format: panel.yFormat === '~s' ? '.3~s' : ',.3~r' },
        ],
      },
    });
    return { title: { text: panel.title, fontSize: 12, frame: 'group' }, width: CHART_WIDTH, height: PANEL_HEIGHT, layer: layers };
  });

  return {
    $schema: VEGA_LITE_SCHEMA,
    config: { ...CONFIG, concat: { spacing: 14 } },
    vconcat,
    resolve: { scale: { x: 'shared', y: 'independent', color: 'independent' } },
  };
}
