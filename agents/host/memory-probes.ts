// memory.bandwidth and memory.latency, measured on this thread over working sets well past the
// last-level cache. Both time short chunks (a few ms) and report the median chunk, so a chunk in
// which the OS ran someone else on this core does not count as slow memory; they yield to the event
// loop every ~50 ms, so an abort (Ctrl-C) is seen quickly.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { median } from 'simple-statistics';
import { buildChaseArray, chaseHops, lastLevelCacheBytes, memoryWorkingSetBytes, roundedHops, type CacheEntry } from '../../benches/host-memory.js';
import { SkipProbe, type HostProbe, type ProbeContext, type ProbeSample } from './probe.js';

export interface MemoryProbeOptions {
  /** Working set; default from the last-level cache and the profile (see memoryWorkingSetBytes). */
  bytes?: number;
  /** Timed window of one repeat; default 500 ms (quick) or 2000 ms (full). */
  durationMs?: number;
  /** memory.latency: seed of the random cycle. */
  seed?: number;
}

const WINDOW_MS = { quick: 500, full: 2000 } as const;
const WARMUP_MS = 50;
/** Target length of one timed chunk: well above the clock's resolution, below a scheduler slice. */
const CHUNK_MS = 5;
const YIELD_EVERY_MS = 50;
const MiB = 1024 * 1024;
const CACHE_DIR = '/sys/devices/system/cpu/cpu0/cache';

/** The last-level cache of cpu0 from sysfs, or null where sysfs does not describe it. */
export function readLastLevelCacheBytes(dir = CACHE_DIR): number | null {
  try {
    const entries: CacheEntry[] = readdirSync(dir)
      .filter((name) => /^index\d+$/.test(name))
      .map((name) => {
        const read = (file: string) => readFileSync(join(dir, name, file), 'utf8').trim();
        return { level: Number(read('level')), type: read('type'), size: read('size') };
      });
    return lastLevelCacheBytes(entries);
  } catch {
    return null;
  }
}

function describeWorkingSet(bytes: number, llcBytes: number | null, explicit: boolean): string {
  const size = `${(bytes / MiB).toFixed(bytes % MiB === 0 ? 0 : 2)} MiB`;
  if (explicit) return size;
  if (llcBytes === null) return `${size} (last-level cache size unknown)`;
  return `${size} (${(bytes / llcBytes).toFixed(1)}× the ${(llcBytes / MiB).toFixed(1)} MiB last-level cache)`;
}

/**
 * Runs `chunk` (which returns its units of work) for an untimed warm-up, then for `windowMs` of
 * timed chunks; returns the median of the chunks' ns per unit.
 */
async function medianChunkNsPerUnit(chunk: () => number, windowMs: number, signal: AbortSignal): Promise<number> {
  signal.throwIfAborted();
  const nsPerUnit: number[] = [];
  let warmupMs = 0;
  let timedMs = 0;
  while (timedMs < windowMs) {
    const sliceStart = performance.now();
    let end = sliceStart;
    do {
      const start = end;
      const units = chunk();
      end = performance.now();
      if (warmupMs < WARMUP_MS) warmupMs += end - start;
      else {
        timedMs += end - start;
        nsPerUnit.push(((end - start) * 1e6) / units);
      }
    } while (end - sliceStart < YIELD_EVERY_MS && timedMs < windowMs);
    await yieldToLoop();
    signal.throwIfAborted();
  }
  return median(nsPerUnit);
}

/** Typed arrays this large can fail to allocate on a small node; that is a skip, not a failure. */
function allocate<T>(what: string, bytes: number, make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof RangeError) throw new SkipProbe(`cannot allocate ${Math.round(bytes / MiB)} MiB for ${what}: ${err.message}`);
    throw err;
  }
}

export function memoryBandwidthProbe(opts: MemoryProbeOptions = {}): HostProbe {
  let src: Uint8Array | null = null;
  let dst: Uint8Array | null = null;
  const probe: HostProbe = {
    metric: 'memory.bandwidth',
    suite: 'memory',
    unit: 'GB/s',
    higherIsBetter: true,
    tool: 'built-in',
    async setup(ctx: ProbeContext) {
      const llc = readLastLevelCacheBytes();
      const bytes = opts.bytes ?? memoryWorkingSetBytes(llc, ctx.profile);
      src = allocate('memory.bandwidth', 2 * bytes, () => new Uint8Array(bytes));
      dst = allocate('memory.bandwidth', 2 * bytes, () => new Uint8Array(bytes));
      // Touch every page now: first-touch page faults are not memory bandwidth.
      src.fill(0x5a);
      dst.fill(0xa5);
      probe.detail =
        `memmove (TypedArray.set) of a ${describeWorkingSet(bytes, llc, opts.bytes !== undefined)} buffer into a second one, ` +
        `one thread, median over the copies; GB/s = 1e9 bytes/s counting bytes read + bytes written (STREAM Copy convention: 2 × bytes copied)`;
    },
    async measure(ctx: ProbeContext): Promise<ProbeSample> {
      const [from, to] = [src, dst];
      if (!from || !to) throw new Error('memory.bandwidth: measure() before setup()');
      // One chunk is one whole copy (~10–40 ms past the LLC): splitting it would cut the stream.
      const nsPerByte = await medianChunkNsPerUnit(
        () => {
          to.set(from);
          return 2 * from.byteLength;
        },
        opts.durationMs ?? WINDOW_MS[ctx.profile],
        ctx.signal,
      );
      return { value: 1 / nsPerByte }; // bytes per ns = GB/s
    },
    async teardown() {
      src = null;
      dst = null;
    },
  };
  return probe;
}

export function memoryLatencyProbe(opts: MemoryProbeOptions = {}): HostProbe {
  let chase: Int32Array | null = null;
  let position = 0;
  let chunkHops = 1 << 12;
  const probe: HostProbe = {
    metric: 'memory.latency',
    suite: 'memory',
    unit: 'ns',
    higherIsBetter: false,
    tool: 'built-in',
    async setup(ctx: ProbeContext) {
      const llc = readLastLevelCacheBytes();
      const bytes = opts.bytes ?? memoryWorkingSetBytes(llc, ctx.profile);
      chase = allocate('memory.latency', bytes, () => buildChaseArray(bytes, opts.seed ?? 1));
      probe.detail =
        `random pointer chase over ${describeWorkingSet(bytes, llc, opts.bytes !== undefined)}: one seeded Sattolo cycle, ` +
        `one element per 64-byte line; ns per dependent load (includes TLB misses with the OS page size), ` +
        `median over ~5 ms chunks, one thread`;
    },
    async measure(ctx: ProbeContext): Promise<ProbeSample> {
      const array = chase;
      if (!array) throw new Error('memory.latency: measure() before setup()');
      const chunk = () => {
        const hops = roundedHops(chunkHops);
        const start = performance.now();
        position = chaseHops(array, position, hops);
        const elapsedMs = performance.now() - start;
        // Steer the chunk toward CHUNK_MS whatever the latency (1 ns in L1, 100+ ns past the LLC).
        if (elapsedMs < CHUNK_MS / 2 && chunkHops < 1 << 26) chunkHops *= 2;
        else if (elapsedMs > 2 * CHUNK_MS && chunkHops > 1 << 8) chunkHops /= 2;
        return hops;
      };
      return { value: await medianChunkNsPerUnit(chunk, opts.durationMs ?? WINDOW_MS[ctx.profile], ctx.signal) };
    },
    async teardown() {
      chase = null;
    },
  };
  return probe;
}
