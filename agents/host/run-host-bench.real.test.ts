// The runner with the real registry on this machine: the cpu suite end to end, and Ctrl-C in the
// middle of a real probe. Figures are noisy on 2 shared cores; only their shape is asserted.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleInventory } from '../../reports/host-fixtures.js';
import { hostBenchSchema } from '../../scenarios/schema.js';
import type { RunEvent } from '../run-events.js';
import { runHostBench, WORK_DIR_PREFIX } from './run-host-bench.js';

describe('runHostBench with the real cpu probes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-host-real-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const bench = () => hostBenchSchema.parse({ name: 'real', kind: 'host', suites: ['cpu'], repeats: { min: 2, max: 2 }, disk: { dir } });
  const base = { benchIndex: 0, benchCount: 1, inventory: sampleInventory(), onProgress: () => {} };

  it('measures cpu.single and cpu.multi and derives cpu.scaling from them', async () => {
    const events: RunEvent[] = [];
    const result = await runHostBench(bench(), { ...base, signal: new AbortController().signal, emit: (e) => events.push(e) });
    expect(result.metrics.map((m) => m.name)).toEqual(['cpu.single', 'cpu.multi', 'cpu.scaling']);
    expect(result.skipped).toEqual([]);
    for (const m of result.metrics) {
      expect(m.repeats).toHaveLength(2);
      expect(m.mean).toBeGreaterThan(0);
      expect(m.ci95[0]).toBeLessThanOrEqual(m.mean);
      expect(m.ci95[1]).toBeGreaterThanOrEqual(m.mean);
    }
    const [single, multi, scaling] = result.metrics;
    expect(scaling!.repeats[0]).toBeCloseTo(multi!.repeats[0]! / single!.repeats[0]!, 9);
    expect(single!.detail).toEqual(expect.any(String)); // set by the probe in setup, read after it
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
    expect((await readdir(dir)).filter((f) => f.startsWith(WORK_DIR_PREFIX))).toEqual([]);
  });

  it('stops inside a real repeat on abort, keeps what finished and cleans up', async () => {
    const controller = new AbortController();
    let repeats = 0;
    const result = await runHostBench(bench(), {
      ...base,
      signal: controller.signal,
      // Abort in the middle of cpu.multi's first repeat (its worker threads are running).
      emit: (e) => {
        if (e.type === 'repeat-done') repeats++;
        if (e.type === 'metric-start' && e.metric === 'cpu.multi') setTimeout(() => controller.abort(), 300);
      },
    });
    expect(result.stoppedEarly).toBe('interrupted');
    expect(result.metrics.map((m) => m.name)).toEqual(['cpu.single']);
    expect(repeats).toBe(2);
    expect((await readdir(dir)).filter((f) => f.startsWith(WORK_DIR_PREFIX))).toEqual([]);
  });
});
