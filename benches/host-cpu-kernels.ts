// The fixed CPU work behind cpu.single and cpu.multi: three kernels that stress different parts of
// a core (native hashing, native compression with branchy code, JIT'd JSON handling of small
// objects), on inputs generated from a seed so every host hashes, deflates and parses the same bytes.
// No clock here: the mix takes one in, so the worker times it and a test can drive it with a fake.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { mulberry32, pickIndex, type Random } from '../analyzers/random.js';

export const KERNEL_INPUT_BYTES = 64 * 1024;
export const DEFLATE_LEVEL = 6;
export const DEFAULT_KERNEL_SEED = 0x6865_6164; // "head"

export interface CpuKernel {
  readonly name: string;
  /** One unit of work; returns a small checksum so the work cannot be optimised away. */
  run(): number;
}

/** The inputs the kernels work on, exposed so tests can check them and their round trips. */
export interface KernelInputs {
  randomBytes: Buffer;
  text: Buffer;
  document: JsonDocument;
}

export interface JsonDocument {
  generator: string;
  seed: number;
  items: Array<{ id: number; name: string; active: boolean; score: number; tags: string[]; position: { x: number; y: number } }>;
}

const WORDS = [
  'the', 'of', 'and', 'to', 'in', 'node', 'pod', 'request', 'latency', 'cluster', 'memory', 'cpu',
  'throughput', 'kubelet', 'container', 'scheduler', 'namespace', 'service', 'endpoint', 'replica',
  'is', 'a', 'for', 'with', 'on', 'at', 'error', 'warning', 'ready', 'pending', 'running', 'etcd',
];

/** Uniformly random bytes: sha256 cost does not depend on content, but a seed keeps it honest. */
export function makeRandomBytes(bytes: number, rng: Random): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4) {
    const word = Math.floor(rng() * 0x1_0000_0000);
    for (let b = 0; b < 4 && i + b < bytes; b++) out[i + b] = (word >>> (8 * b)) & 0xff;
  }
  return out;
}

/**
 * Log-like English-ish text: words drawn with a skew toward the first ones (as natural text is),
 * numbers and line breaks, so deflate finds matches and literals in realistic proportions.
 */
export function makeTextLikeBytes(bytes: number, rng: Random): Buffer {
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    // Squaring a uniform draw skews toward small indexes: frequent words repeat, rare ones do not.
    const u = rng();
    const word = WORDS[Math.floor(u * u * WORDS.length)] ?? 'the';
    const r = rng();
    const part = r < 0.05 ? `${word}=${pickIndex(rng, 100_000)}\n` : r < 0.1 ? `${word}.\n` : `${word} `;
    parts.push(part);
    length += part.length;
  }
  return Buffer.from(parts.join(''), 'latin1').subarray(0, bytes);
}

/** About 10 KiB of JSON once stringified: an API-response-shaped list of small records. */
export function makeJsonDocument(rng: Random, seed: number): JsonDocument {
  const items: JsonDocument['items'] = [];
  for (let id = 0; id < 88; id++) {
    const tags: string[] = [];
    const tagCount = 1 + pickIndex(rng, 3);
    for (let t = 0; t < tagCount; t++) tags.push(WORDS[pickIndex(rng, WORDS.length)] ?? 'pod');
    items.push({
      id,
      name: `${WORDS[pickIndex(rng, WORDS.length)] ?? 'node'}-${pickIndex(rng, 10_000)}`,
      active: rng() < 0.5,
      score: Math.round(rng() * 1e6) / 1e3,
      tags,
      position: { x: pickIndex(rng, 1000), y: pickIndex(rng, 1000) },
    });
  }
  return { generator: 'headroom', seed, items };
}

export function makeKernelInputs(seed = DEFAULT_KERNEL_SEED): KernelInputs {
  const rng = mulberry32(seed);
  return {
    randomBytes: makeRandomBytes(KERNEL_INPUT_BYTES, rng),
    text: makeTextLikeBytes(KERNEL_INPUT_BYTES, rng),
    document: makeJsonDocument(rng, seed),
  };
}

/** The three kernels, in their fixed order. Same seed → same inputs → same checksums. */
export function createCpuKernels(seed = DEFAULT_KERNEL_SEED): CpuKernel[] {
  const inputs = makeKernelInputs(seed);
  return [
    { name: 'sha256-64KiB', run: () => createHash('sha256').update(inputs.randomBytes).digest().readUInt32BE(0) },
    { name: 'deflate6-64KiB', run: () => deflateSync(inputs.text, { level: DEFLATE_LEVEL }).length },
    {
      name: 'json-10KiB',
      run: () => {
        const text = JSON.stringify(inputs.document);
        const back = JSON.parse(text) as JsonDocument;
        return text.length + back.items.length;
      },
    },
  ];
}

export interface KernelMixOptions {
  durationMs: number;
  /** Each kernel runs for this long before the next takes over, round-robin until the duration. */
  sliceMs: number;
  now: () => number;
  /** Checked after every operation (an abort flag); true ends the mix early. */
  shouldStop: () => boolean;
}

export interface KernelMixResult {
  /** Geometric mean of `perKernelOpsPerSec`: the repeat's score. */
  opsPerSec: number;
  perKernelOpsPerSec: number[];
  ops: number[];
  elapsedMs: number;
  stopped: boolean;
  checksum: number;
}

/**
 * Runs the kernels round-robin in short time slices and scores them by the geometric mean of each
 * kernel's ops/s. Slices keep contention from other processes spread over all kernels alike; the
 * geometric mean weighs each kernel equally whatever its cost per operation (an op of deflate costs
 * ~30 sha256 ops, so summing ops would measure sha256 only) and a 2× faster core scores 2×.
 */
export function runKernelMix(kernels: readonly CpuKernel[], opts: KernelMixOptions): KernelMixResult {
  const ops = kernels.map(() => 0);
  const timeMs = kernels.map(() => 0);
  let checksum = 0;
  let stopped = false;
  const start = opts.now();
  const end = start + opts.durationMs;
  rounds: while (opts.now() < end) {
    for (let k = 0; k < kernels.length; k++) {
      const kernel = kernels[k]!;
      const sliceStart = opts.now();
      let t = sliceStart;
      let count = 0;
      do {
        checksum = (checksum + kernel.run()) | 0;
        count++;
        t = opts.now();
        if (opts.shouldStop()) stopped = true;
      } while (!stopped && t - sliceStart < opts.sliceMs);
      ops[k]! += count;
      timeMs[k]! += t - sliceStart;
      if (stopped) break rounds;
    }
  }
  const perKernelOpsPerSec = ops.map((n, k) => (timeMs[k]! > 0 ? (n * 1000) / timeMs[k]! : 0));
  return { opsPerSec: geometricMean(perKernelOpsPerSec), perKernelOpsPerSec, ops, elapsedMs: opts.now() - start, stopped, checksum };
}

/** 0 when any value is 0 or the list is empty (a kernel that never ran has no rate). */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0 || values.some((v) => !(v > 0))) return 0;
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** For a probe's `detail`. */
export function describeCpuKernels(kernels: readonly CpuKernel[]): string {
  return `geometric mean of per-kernel ops/s over ${kernels.map((k) => k.name).join(', ')} (seeded inputs), run round-robin in time slices`;
}
