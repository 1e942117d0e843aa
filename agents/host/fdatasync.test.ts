import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeHistogram, summarizeEncodedMs } from '../../analyzers/histogram.js';
import { requireBinary } from '../../test/require-tool.js';
import { measureFdatasyncBuiltIn, measureFdatasyncFio } from './fdatasync.js';
import { findOnPath } from './tools.js';

// On the real disk (the OS temp dir), as the probe would run; small counts keep each run well under a second.
const dir = mkdtempSync(join(tmpdir(), 'headroom-fdatasync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fio = requireBinary('fio');

function abortAfter(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

describe('measureFdatasyncBuiltIn', () => {
  it('times every fdatasync into a histogram whose p99 is the reported value', async () => {
    const result = await measureFdatasyncBuiltIn(dir, { count: 200, maxMs: 20_000 });
    expect(result.count).toBe(200);
    expect(result.p99Ms).toBeGreaterThan(0);
    const h = decodeHistogram(result.histogram!);
    try {
      expect(h.totalCount).toBe(200);
      expect(h.getValueAtPercentile(99) / 1000).toBe(result.p99Ms);
    } finally {
      h.destroy();
    }
    expect(summarizeEncodedMs(result.histogram!).p99).toBe(result.p99Ms);
    // Preallocated like fio's file wherever fallocate(1) exists.
    expect(result.preallocated).toBe(findOnPath('fallocate') !== null);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops on abort and removes its file', async () => {
    await expect(measureFdatasyncBuiltIn(dir, { count: 100_000, maxMs: 30_000, signal: abortAfter(100) })).rejects.toThrow(/abort/i);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!fio)('measureFdatasyncFio', () => {
  it('reads the p99 of fio\'s sync latencies for the same pattern', async () => {
    const result = await measureFdatasyncFio(fio!, dir, { count: 200, maxMs: 20_000 });
    expect(Number.isFinite(result.p99Ms)).toBe(true);
    expect(result.p99Ms).toBeGreaterThan(0);
    expect(result.count).toBeGreaterThanOrEqual(199);
    expect(result.histogram).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('kills fio on abort and removes its file', async () => {
    await expect(measureFdatasyncFio(fio!, dir, { count: 100_000, maxMs: 30_000, signal: abortAfter(300) })).rejects.toThrow(/abort/i);
    expect(readdirSync(dir)).toEqual([]);
  });
});
