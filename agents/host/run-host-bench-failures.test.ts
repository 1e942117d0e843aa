// The host-bench runner when things go wrong, with fake probes: skips, failing setup, repeats and
// teardowns, the scratch directory on every exit path, and Ctrl-C.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { benchIn, fake, metricNamed, run, untilAborted } from './fake-probes.js';
import { SkipProbe, type ProbeContext } from './probe.js';
import { WORK_DIR_PREFIX } from './run-host-bench.js';

// The real registry would pull in the real probes; these tests inject every suite they run.
vi.mock('./index.js', () => ({ HOST_PROBES: { cpu: [], memory: [], disk: [], network: [] } }));

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'headroom-host-failures-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
const bench = (extra: Record<string, unknown> = {}) => benchIn(scratch, extra);

describe('runHostBench skips and failures', () => {
  it('skips a metric whose setup throws SkipProbe, with its reason, an event and no warning, and tears it down', async () => {
    const log: string[] = [];
    const { result, events, progress } = await run(bench({ suites: ['network'] }), {
      network: [fake({ metric: 'network.throughput', values: [1], setup: async () => { throw new SkipProbe('no peer given'); } }, log), fake({ metric: 'network.rtt', values: [20, 20, 20] }, log)],
    });
    expect(result.skipped).toEqual([{ metric: 'network.throughput', reason: 'no peer given' }]);
    expect(result.metrics.map((m) => m.name)).toEqual(['network.rtt']);
    expect(events).toContainEqual({ type: 'metric-skipped', bench: 'h', metric: 'network.throughput', reason: 'no peer given' });
    expect(events.some((e) => e.type === 'warning')).toBe(false);
    expect(log.slice(0, 2)).toEqual(['network.throughput:setup', 'network.throughput:teardown']);
    expect(progress[0]).toEqual({ metrics: [], skipped: ['network.throughput'], metric: null });
  });

  it('skips a metric whose setup fails unexpectedly, says why in a warning, and carries on', async () => {
    const log: string[] = [];
    const { result, events } = await run(bench({ suites: ['disk'] }), {
      disk: [fake({ metric: 'disk.seq-write', values: [1], setup: async () => { throw new Error('EACCES: permission denied'); } }, log), fake({ metric: 'disk.seq-read', values: [5, 5, 5] }, log)],
    });
    expect(result.skipped).toEqual([{ metric: 'disk.seq-write', reason: 'setup failed: EACCES: permission denied' }]);
    expect(events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message)).toEqual([
      'bench "h": disk.seq-write: setup failed: EACCES: permission denied; the metric is skipped',
    ]);
    expect(log).toContain('disk.seq-write:teardown');
    expect(result.metrics.map((m) => m.name)).toEqual(['disk.seq-read']);
    expect(result.stoppedEarly).toBeNull();
  });

  it('tears down a probe whose repeat throws, skips that metric and runs the next', async () => {
    const log: string[] = [];
    const { result, events } = await run(bench({ suites: ['cpu', 'memory'] }), {
      cpu: [fake({ metric: 'cpu.single', values: (i) => { if (i === 1) throw new Error('worker died'); return 100; } }, log)],
      memory: [fake({ metric: 'memory.bandwidth', values: [9, 9, 9] }, log)],
    });
    expect(log.slice(0, 4)).toEqual(['cpu.single:setup', 'cpu.single:measure', 'cpu.single:measure', 'cpu.single:teardown']);
    expect(result.skipped).toEqual([{ metric: 'cpu.single', reason: 'repeat 2 failed: worker died' }]);
    expect(events.some((e) => e.type === 'warning' && e.message.includes('repeat 2 failed: worker died'))).toBe(true);
    expect(result.metrics.map((m) => m.name)).toEqual(['memory.bandwidth']);
  });

  it('skips a metric that measures NaN instead of reporting a meaningless mean', async () => {
    const log: string[] = [];
    const { result } = await run(bench({ suites: ['cpu'] }), { cpu: [fake({ metric: 'cpu.single', values: [1, NaN] }, log)] });
    expect(result.skipped).toEqual([{ metric: 'cpu.single', reason: 'repeat 2 measured NaN, not a number' }]);
    expect(log.at(-1)).toBe('cpu.single:teardown');
  });

  it('keeps the run going when a teardown throws, with a warning', async () => {
    const log: string[] = [];
    const { result, events } = await run(bench({ suites: ['cpu'] }), {
      cpu: [fake({ metric: 'cpu.single', values: [1, 1, 1], teardown: async () => { throw new Error('kill failed'); } }, log)],
    });
    expect(result.metrics).toHaveLength(1);
    expect(events.some((e) => e.type === 'warning' && e.message === 'bench "h": cpu.single: teardown failed: kill failed')).toBe(true);
  });
});

describe('runHostBench scratch directory and context', () => {
  it('gives every probe one fresh directory under disk.dir, the tools and the peer, and removes it afterwards', async () => {
    const log: string[] = [];
    const seen: ProbeContext[] = [];
    const b = bench({ suites: ['disk', 'network'], disk: { dir: scratch, fio: 'auto' }, network: { peer: '10.0.0.7:5201', iperf3: 'never' } });
    const { result } = await run(
      b,
      {
        disk: [fake({ metric: 'disk.seq-write', values: async (i, ctx) => (seen.push(ctx), await writeFile(join(ctx.workDir!, `f${i}`), 'x'), (await stat(ctx.workDir!)).isDirectory() ? 400 : 0) }, log)],
        network: [fake({ metric: 'network.rtt', values: (_i, ctx) => (seen.push(ctx), 20) }, log)],
      },
      { findTool: (name) => `/opt/bin/${name}` },
    );
    expect(metricNamed(result, 'disk.seq-write').mean).toBe(400);
    const dirs = new Set(seen.map((c) => c.workDir));
    expect(dirs.size).toBe(1);
    const [dir] = dirs;
    expect(dir!.startsWith(join(scratch, WORK_DIR_PREFIX))).toBe(true);
    expect(seen[0]).toMatchObject({ profile: 'quick', tools: { fio: '/opt/bin/fio', iperf3: null }, peer: '10.0.0.7:5201' });
    await expect(stat(dir!)).rejects.toThrow(/ENOENT/);
  });

  it('removes the directory when a probe throws and when the run is aborted', async () => {
    const log: string[] = [];
    const before = await readdir(scratch);
    await run(bench({ suites: ['disk'] }), { disk: [fake({ metric: 'disk.seq-write', values: () => { throw new Error('disk full'); } }, log)] });
    const controller = new AbortController();
    await run(bench({ suites: ['disk'] }), { disk: [fake({ metric: 'disk.seq-read', values: (i) => (i === 1 && controller.abort(), 1) }, log)] }, { signal: controller.signal });
    expect((await readdir(scratch)).filter((f) => f.startsWith(WORK_DIR_PREFIX))).toEqual(before.filter((f) => f.startsWith(WORK_DIR_PREFIX)));
  });

  it('fails with a hint when the disk suite runs and disk.dir cannot hold a directory', async () => {
    const log: string[] = [];
    await expect(run(bench({ suites: ['cpu', 'disk'], disk: { dir: join(scratch, 'does', 'not', 'exist') } }), { cpu: [fake({ metric: 'cpu.single', values: [1] }, log)], disk: [fake({ metric: 'disk.seq-write', values: [1] }, log)] })).rejects.toThrow(
      /cannot create the host bench's scratch directory in .*does\/not\/exist: ENOENT.*set disk\.dir/,
    );
    expect(log).toEqual([]);
  });

  it('creates no directory for suites that write no file, so disk.dir may be missing or not a directory', async () => {
    const notADir = join(scratch, 'a-file');
    await writeFile(notADir, 'x');
    for (const dir of [join(scratch, 'does', 'not', 'exist'), notADir]) {
      const log: string[] = [];
      const seen: ProbeContext[] = [];
      const { result, events } = await run(bench({ suites: ['cpu', 'memory', 'network'], disk: { dir } }), {
        cpu: [fake({ metric: 'cpu.single', values: (_i, ctx) => (seen.push(ctx), 100) }, log)],
        memory: [fake({ metric: 'memory.bandwidth', values: [9, 9, 9] }, log)],
        network: [fake({ metric: 'network.rtt', values: [20, 20, 20] }, log)],
      });
      expect(result.metrics.map((m) => m.name)).toEqual(['cpu.single', 'memory.bandwidth', 'network.rtt']);
      expect(result.skipped).toEqual([]);
      expect(events.filter((e) => e.type === 'warning')).toEqual([]);
      expect(seen.every((ctx) => ctx.workDir === null)).toBe(true);
    }
    expect((await readdir(scratch)).filter((f) => f.startsWith(WORK_DIR_PREFIX))).toEqual([]);
  });
});

describe('runHostBench on Ctrl-C', () => {
  it('drops the unfinished repeat, keeps a metric with two repeats as not converged, and stops', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const { result, events } = await run(
      bench({ suites: ['cpu', 'memory'] }),
      {
        cpu: [
          fake({ metric: 'cpu.single', values: [100, 100, 100] }, log),
          fake({ metric: 'cpu.multi', values: (i, ctx) => (i < 2 ? 190 + i : (setTimeout(() => controller.abort(), 5), untilAborted(ctx.signal))) }, log),
        ],
        memory: [fake({ metric: 'memory.bandwidth', values: [1, 1, 1] }, log)],
      },
      { signal: controller.signal },
    );
    expect(result.stoppedEarly).toBe('interrupted');
    expect(metricNamed(result, 'cpu.single')).toMatchObject({ repeats: [100, 100, 100], converged: true });
    expect(metricNamed(result, 'cpu.multi')).toMatchObject({ repeats: [190, 191], converged: false });
    expect(metricNamed(result, 'cpu.scaling')).toMatchObject({ repeats: [1.9, 1.91], converged: false });
    expect(log).not.toContain('memory.bandwidth:setup');
    expect(log.at(-1)).toBe('cpu.multi:teardown');
    expect(events.filter((e) => e.type === 'repeat-done' && e.metric === 'cpu.multi')).toHaveLength(2);
  });

  it('drops a metric cut short after a single repeat', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const { result } = await run(
      bench({ suites: ['cpu'] }),
      { cpu: [fake({ metric: 'cpu.single', values: (i, ctx) => (i === 0 ? 100 : (controller.abort(), untilAborted(ctx.signal))) }, log)] },
      { signal: controller.signal },
    );
    expect(result.metrics).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.stoppedEarly).toBe('interrupted');
    expect(log.at(-1)).toBe('cpu.single:teardown');
  });

  it('stops waiting for a probe that ignores the signal, and still tears it down', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const { result } = await run(
      bench({ suites: ['cpu'] }),
      { cpu: [fake({ metric: 'cpu.single', values: (i) => (i < 2 ? 100 : (controller.abort(), new Promise<number>(() => {}))) }, log)] },
      { signal: controller.signal },
    );
    expect(metricNamed(result, 'cpu.single')).toMatchObject({ repeats: [100, 100], converged: false });
    expect(log.at(-1)).toBe('cpu.single:teardown');
  });

  it('does not count a skip caused by the abort itself as a skipped metric', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const { result } = await run(
      bench({ suites: ['disk'] }),
      { disk: [fake({ metric: 'disk.seq-write', values: [1], setup: async () => { controller.abort(); throw new Error('The operation was aborted'); } }, log)] },
      { signal: controller.signal },
    );
    expect(result.skipped).toEqual([]);
    expect(result.stoppedEarly).toBe('interrupted');
    expect(log).toEqual(['disk.seq-write:setup', 'disk.seq-write:teardown']);
  });

  it('runs nothing when aborted before it starts, and still removes its directory', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    controller.abort();
    const { result } = await run(bench({ suites: ['cpu'] }), { cpu: [fake({ metric: 'cpu.single', values: [1] }, log)] }, { signal: controller.signal });
    expect(log).toEqual([]);
    expect(result).toMatchObject({ metrics: [], skipped: [], stoppedEarly: 'interrupted' });
    expect((await readdir(scratch)).some((f) => f.startsWith(WORK_DIR_PREFIX))).toBe(false);
  });
});
