// The runner's warm-up step with fake probes: once, after setup and before the first repeat,
// never recorded, and a failure or Ctrl-C in it handled like one in a repeat.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { benchIn, fake, metricNamed, run, untilAborted } from './fake-probes.js';

// The real registry would pull in the real probes; these tests inject every suite they run.
vi.mock('./index.js', () => ({ HOST_PROBES: { cpu: [], memory: [], disk: [], network: [] } }));

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'headroom-host-warmup-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
const bench = (extra: Record<string, unknown> = {}) => benchIn(scratch, extra);

/** Work whose first pass is slow, as a fresh file's first write is: 50 MB/s once, then 400. */
function coldThenWarm(): () => number {
  let passes = 0;
  return () => (passes++ === 0 ? 50 : 400);
}

describe('runHostBench warm-up', () => {
  it('runs the warm-up once, after setup and before the first repeat, and never records it', async () => {
    const log: string[] = [];
    const work = coldThenWarm();
    const { result, events } = await run(bench({ suites: ['disk'], repeats: { min: 3, max: 3 } }), {
      disk: [fake({ metric: 'disk.seq-write', unit: 'MB/s', values: () => work(), warmup: async () => void work() }, log)],
    });
    expect(log).toEqual(['disk.seq-write:setup', 'disk.seq-write:warmup', 'disk.seq-write:measure', 'disk.seq-write:measure', 'disk.seq-write:measure', 'disk.seq-write:teardown']);
    expect(metricNamed(result, 'disk.seq-write')).toMatchObject({ repeats: [400, 400, 400], mean: 400, converged: true });
    const repeats = events.flatMap((e) => (e.type === 'repeat-done' ? [e.value] : []));
    expect(repeats).toEqual([400, 400, 400]);
    // The metric is announced before its warm-up, so progress shows what is running.
    expect(events.findIndex((e) => e.type === 'metric-start')).toBeLessThan(events.findIndex((e) => e.type === 'repeat-done'));
  });

  it('records the cold first pass as repeat 1 when the probe has no warm-up (what the warm-up is for)', async () => {
    const log: string[] = [];
    const work = coldThenWarm();
    const { result } = await run(bench({ suites: ['disk'], repeats: { min: 3, max: 3 } }), { disk: [fake({ metric: 'disk.seq-write', values: () => work() }, log)] });
    expect(metricNamed(result, 'disk.seq-write').repeats).toEqual([50, 400, 400]);
    expect(log).not.toContain('disk.seq-write:warmup');
  });

  it('skips the metric with a warning when the warm-up fails, and still tears it down', async () => {
    const log: string[] = [];
    const { result, events } = await run(bench({ suites: ['disk'] }), {
      disk: [
        fake({ metric: 'disk.seq-write', values: [1, 1, 1], warmup: async () => { throw new Error('ENOSPC: no space left on device'); } }, log),
        fake({ metric: 'disk.seq-read', values: [5, 5, 5] }, log),
      ],
    });
    expect(result.skipped).toEqual([{ metric: 'disk.seq-write', reason: 'warm-up failed: ENOSPC: no space left on device' }]);
    expect(events.some((e) => e.type === 'warning' && e.message === 'bench "h": disk.seq-write: warm-up failed: ENOSPC: no space left on device; the metric is skipped')).toBe(true);
    expect(log.slice(0, 3)).toEqual(['disk.seq-write:setup', 'disk.seq-write:warmup', 'disk.seq-write:teardown']);
    expect(result.metrics.map((m) => m.name)).toEqual(['disk.seq-read']);
  });

  it('stops on Ctrl-C during the warm-up with nothing recorded, and tears down', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const { result } = await run(
      bench({ suites: ['disk'] }),
      { disk: [fake({ metric: 'disk.seq-write', values: [1, 1, 1], warmup: async (ctx) => { setTimeout(() => controller.abort(), 5); await untilAborted(ctx.signal); } }, log)] },
      { signal: controller.signal },
    );
    expect(result).toMatchObject({ metrics: [], skipped: [], stoppedEarly: 'interrupted' });
    expect(log).toEqual(['disk.seq-write:setup', 'disk.seq-write:warmup', 'disk.seq-write:teardown']);
  });
});
