// The host-bench runner with fake probes: exact statistics, the repeat stopping rule, derived
// metrics and the order of events. No real probe runs here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLatencyHistogram, decodeHistogram, encodeHistogram, recordUs } from '../../analyzers/histogram.js';
import { sampleInventory } from '../../reports/host-fixtures.js';
import { benchIn, fake, metricNamed, run } from './fake-probes.js';
import { SkipProbe } from './probe.js';

// The real registry would pull in the real probes; these tests inject every suite they run.
vi.mock('./index.js', () => ({ HOST_PROBES: { cpu: [], memory: [], disk: [], network: [] } }));

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'headroom-host-runner-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
const bench = (extra: Record<string, unknown> = {}) => benchIn(scratch, extra);

describe('runHostBench statistics', () => {
  it('reports mean 11, the Student-t 95% interval and cv 1/11 for repeats 10, 11, 12', async () => {
    const log: string[] = [];
    const { result } = await run(bench({ suites: ['cpu'], repeats: { min: 3, max: 3 } }), { cpu: [fake({ metric: 'cpu.single', values: [10, 11, 12] }, log)] });
    const m = metricNamed(result, 'cpu.single');
    expect(m.repeats).toEqual([10, 11, 12]);
    expect(m.mean).toBe(11);
    const half = 4.302652729749464 / Math.sqrt(3); // t(0.975, 2) · s / √n with s = 1
    expect(m.ci95[0]).toBeCloseTo(11 - half, 9);
    expect(m.ci95[1]).toBeCloseTo(11 + half, 9);
    expect(m.cv).toBeCloseTo(1 / 11, 12);
    expect(m.converged).toBe(false); // 9.1% is above the default 3%
    expect(m).toMatchObject({ unit: 'ops/s', higherIsBetter: true, tool: 'built-in' });
  });

  it('stops at the minimum when the repeats agree and runs to the cap when they do not', async () => {
    const log: string[] = [];
    const { result } = await run(bench({ suites: ['cpu'] }), {
      cpu: [fake({ metric: 'cpu.single', values: [100, 101, 99, 100, 100] }, log), fake({ metric: 'cpu.multi', values: [100, 130, 80, 120, 90, 100] }, log)],
    });
    expect(metricNamed(result, 'cpu.single')).toMatchObject({ repeats: [100, 101, 99], converged: true });
    expect(metricNamed(result, 'cpu.multi')).toMatchObject({ repeats: [100, 130, 80, 120, 90], converged: false });
  });

  it('uses the full profile\'s 5–10 repeats', async () => {
    const log: string[] = [];
    const { result } = await run(bench({ suites: ['memory'], profile: 'full' }), {
      memory: [fake({ metric: 'memory.quiet', values: [5, 5, 5, 5, 5, 5] }, log), fake({ metric: 'memory.noisy', values: (i) => (i % 2 ? 10 : 20) }, log)],
    });
    expect(metricNamed(result, 'memory.quiet').repeats).toHaveLength(5);
    expect(metricNamed(result, 'memory.noisy').repeats).toHaveLength(10);
  });

  it('derives cpu.scaling = multi / single right after cpu.multi, repeats paired by index', async () => {
    const log: string[] = [];
    const { result, progress } = await run(bench({ suites: ['cpu', 'memory'] }), {
      cpu: [fake({ metric: 'cpu.single', values: [100, 100, 100] }, log), fake({ metric: 'cpu.multi', values: [196, 196, 196] }, log)],
      memory: [fake({ metric: 'memory.bandwidth', values: [7, 7, 7] }, log)],
    });
    expect(result.metrics.map((m) => m.name)).toEqual(['cpu.single', 'cpu.multi', 'cpu.scaling', 'memory.bandwidth']);
    const s = metricNamed(result, 'cpu.scaling');
    expect(s).toMatchObject({ unit: '×', higherIsBetter: true, converged: true, repeats: [1.96, 1.96, 1.96] });
    expect(s.mean).toBeCloseTo(1.96, 12);
    expect(progress.map((p) => p.metric)).toEqual(['cpu.single', 'cpu.multi', 'cpu.scaling', 'memory.bandwidth']);
    expect(progress[2]!.metrics).toEqual(['cpu.single', 'cpu.multi', 'cpu.scaling']);
  });

  it('does not derive cpu.scaling when one side is missing', async () => {
    const log: string[] = [];
    const { result } = await run(bench({ suites: ['cpu'] }), {
      cpu: [fake({ metric: 'cpu.single', values: [100, 100, 100] }, log), fake({ metric: 'cpu.multi', values: [1], setup: async () => { throw new SkipProbe('one CPU only'); } }, log)],
    });
    expect(result.metrics.map((m) => m.name)).toEqual(['cpu.single']);
  });

  it('merges the repeats\' histograms exactly and takes guidance, tool and detail from the probe after setup', async () => {
    const log: string[] = [];
    const hist = (i: number): string => {
      const h = createLatencyHistogram();
      for (let k = 0; k < 100; k++) recordUs(h, 1000 + i * 1000 + k);
      const e = encodeHistogram(h);
      h.destroy();
      return e;
    };
    const { result } = await run(bench({ suites: ['disk'] }), {
      disk: [
        fake({
          metric: 'disk.fdatasync.p99',
          unit: 'ms',
          values: [2, 2.01, 1.99],
          histogram: hist,
          setup: async (_ctx, probe) => {
            probe.tool = 'fio-3.33';
            probe.detail = '22 KiB writes';
          },
          guidance: (mean) => ({ limit: 10, passed: mean <= 10, text: `p99 ${mean} ms ≤ 10 ms` }),
        }, log),
      ],
    });
    const m = metricNamed(result, 'disk.fdatasync.p99');
    expect(m.tool).toBe('fio-3.33');
    expect(m.detail).toBe('22 KiB writes');
    expect(m.guidance).toEqual({ limit: 10, passed: true, text: `p99 ${m.mean} ms ≤ 10 ms` });
    const merged = decodeHistogram(m.histogram!);
    expect(merged.totalCount).toBe(300);
    expect(merged.minNonZeroValue).toBe(1000);
    expect(merged.maxValue).toBeGreaterThanOrEqual(3099);
    merged.destroy();
  });
});

describe('runHostBench events', () => {
  it('announces the bench, then per metric: start, each repeat with its running cv, or the skip', async () => {
    const log: string[] = [];
    const { result, events } = await run(bench({ suites: ['network', 'cpu'], repeats: { min: 2, max: 2 } }), {
      cpu: [fake({ metric: 'cpu.single', values: [10, 12] }, log)],
      network: [fake({ metric: 'network.throughput', values: [1], setup: async () => { throw new SkipProbe('no peer'); } }, log), fake({ metric: 'network.rtt', unit: 'µs', values: [20, 20] }, log)],
    });
    const shown = events.map((e) => {
      switch (e.type) {
        case 'host-bench-start': return `start ${e.profile} [${e.metrics.join(', ')}] ${e.benchIndex + 1}/${e.benchCount}`;
        case 'metric-start': return `metric ${e.metric} ${e.index + 1}/${e.count} max ${e.maxRepeats}`;
        case 'repeat-done': return `repeat ${e.metric} ${e.repeat}/${e.maxRepeats} ${e.value} ${e.unit} cv ${Number.isNaN(e.cv) ? '–' : e.cv.toFixed(4)}`;
        case 'metric-skipped': return `skipped ${e.metric}: ${e.reason}`;
        default: return e.type;
      }
    });
    expect(shown).toEqual([
      'start quick [cpu.single, network.throughput, network.rtt] 1/1',
      'metric cpu.single 1/3 max 2',
      'repeat cpu.single 1/2 10 ops/s cv –',
      `repeat cpu.single 2/2 12 ops/s cv ${(Math.SQRT2 / 11).toFixed(4)}`,
      'skipped network.throughput: no peer',
      'metric network.rtt 3/3 max 2',
      'repeat network.rtt 1/2 20 µs cv –',
      'repeat network.rtt 2/2 20 µs cv 0.0000',
    ]);
    expect(result).toMatchObject({ name: 'h', kind: 'host', profile: 'quick', suites: ['cpu', 'network'], stoppedEarly: null, startedAtMs: 1_250 });
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.inventory).toEqual(sampleInventory());
  });
});
