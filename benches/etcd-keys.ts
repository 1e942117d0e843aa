// The etcd bench's keys and values. Pure. Every key is `prefix + index digits + filler`, exactly
// keySize bytes: the prefix comes first by construction, so nothing the bench reads or writes can
// land outside it, and the fixed-width digits make byte order equal index order, so keys
// [i, i + n) are one range request.
import { Buffer } from 'node:buffer';
import { mulberry32, pickIndex } from '../analyzers/random.js';

/** Pads keys after the digits; the key stays printable in `etcdctl get --prefix`. */
const FILLER = 0x2e; // '.'
const ZERO = 0x30;

export interface KeySpaceSpec {
  prefix: string;
  /** Bytes per key, prefix included. */
  keySize: number;
  /** Distinct keys. */
  keySpace: number;
}

export interface KeySpace {
  readonly prefix: Buffer;
  readonly keySize: number;
  readonly size: number;
  /** Where the index digits start inside a key. */
  readonly digitsOffset: number;
  readonly digits: number;
  /** A key with every digit zero: copy it, then writeKeyIndex() the digits. */
  readonly template: Buffer;
}

/** Why this prefix / keySize / keySpace cannot make keys, or null. */
export function keySpaceProblem(spec: KeySpaceSpec): string | null {
  const prefixBytes = Buffer.byteLength(spec.prefix, 'utf8');
  if (prefixBytes === 0) return 'the prefix is empty';
  if (!Number.isInteger(spec.keySpace) || spec.keySpace < 1) return `keySpace ${spec.keySpace} must be a positive integer`;
  const digits = digitsFor(spec.keySpace);
  if (spec.keySize < prefixBytes + digits) {
    return `keySize ${spec.keySize} is too small for ${spec.keySpace} keys under the ${prefixBytes}-byte prefix "${spec.prefix}" (needs at least ${prefixBytes + digits})`;
  }
  return null;
}

export function createKeySpace(spec: KeySpaceSpec): KeySpace {
  const problem = keySpaceProblem(spec);
  if (problem) throw new Error(problem);
  const prefix = Buffer.from(spec.prefix, 'utf8');
  const digits = digitsFor(spec.keySpace);
  const template = Buffer.alloc(spec.keySize, FILLER);
  prefix.copy(template, 0);
  template.fill(ZERO, prefix.length, prefix.length + digits);
  return { prefix, keySize: spec.keySize, size: spec.keySpace, digitsOffset: prefix.length, digits, template };
}

/** Digits of the largest index, keySpace − 1. */
function digitsFor(keySpace: number): number {
  return Math.max(1, String(Math.max(0, keySpace - 1)).length);
}

/** Overwrites the digits of a key that already holds the template at `keyOffset` in target. */
export function writeKeyIndex(ks: KeySpace, target: Buffer, keyOffset: number, index: number): void {
  if (!(index >= 0 && index < ks.size)) throw new RangeError(`key index ${index} outside the key space [0, ${ks.size})`);
  let pos = keyOffset + ks.digitsOffset + ks.digits - 1;
  let n = index;
  for (let d = 0; d < ks.digits; d++) {
    target[pos--] = ZERO + (n % 10);
    n = Math.floor(n / 10);
  }
}

/** Writes the whole key (template and digits) at `keyOffset`. */
export function writeKey(ks: KeySpace, target: Buffer, keyOffset: number, index: number): void {
  ks.template.copy(target, keyOffset);
  writeKeyIndex(ks, target, keyOffset, index);
}

export function keyAt(ks: KeySpace, index: number): Buffer {
  const key = Buffer.allocUnsafe(ks.keySize);
  writeKey(ks, key, 0, index);
  return key;
}

/**
 * End (exclusive) of the range holding keys [index, index + count): the key at index + count, or
 * the end of the whole key space. Never beyond the prefix.
 */
export function rangeEndAt(ks: KeySpace, index: number, count: number): Buffer {
  const end = index + count;
  return end < ks.size ? keyAt(ks, end) : keySpaceEnd(ks);
}

/** Smallest key greater than every key of the space: the last digit position bumped past '9'. */
export function keySpaceEnd(ks: KeySpace): Buffer {
  const end = Buffer.from(ks.template.subarray(0, ks.digitsOffset + 1));
  end[ks.digitsOffset] = ZERO + 10;
  return end;
}

/** etcd's range end for "every key starting with prefix" (what `--prefix` uses). */
export function prefixRangeEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix, 'utf8');
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  // All 0xff: etcd reads "\0" as "to the end of the keyspace".
  return Buffer.from([0]);
}

export function isUnderPrefix(key: Uint8Array, prefix: Buffer): boolean {
  return key.length >= prefix.length && prefix.equals(key.subarray(0, prefix.length));
}

export type KeyOrder = 'sequential' | 'random';

/** Successive key indexes in [0, size): in order (wrapping), or uniform from a seed. */
export function createKeyPicker(order: KeyOrder, size: number, seed: number, start = 0): () => number {
  if (order === 'sequential') {
    let next = ((start % size) + size) % size;
    return () => {
      const k = next;
      next = next + 1 === size ? 0 : next + 1;
      return k;
    };
  }
  const rng = mulberry32(seed);
  return () => pickIndex(rng, size);
}

/**
 * Every index of [0, size) once before any repeats (delete: a key is removed once per pass). Random
 * order is a seeded permutation.
 */
export function createOncePicker(order: KeyOrder, size: number, seed: number): () => number {
  if (order === 'sequential') return createKeyPicker('sequential', size, seed);
  const perm = new Uint32Array(size);
  for (let i = 0; i < size; i++) perm[i] = i;
  const rng = mulberry32(seed);
  for (let i = size - 1; i > 0; i--) {
    const j = pickIndex(rng, i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  let next = 0;
  return () => {
    const k = perm[next]!;
    next = next + 1 === size ? 0 : next + 1;
    return k;
  };
}

/** Start index of a window of `count` consecutive keys that fits in the space, from any index. */
export function windowStart(ks: KeySpace, index: number, count: number): number {
  const last = ks.size - Math.min(count, ks.size);
  return index > last ? index % (last + 1) : index;
}

/** The bench's value: valueSize printable bytes, built once and reused for every write. */
export function buildValue(valueSize: number): Buffer {
  const value = Buffer.allocUnsafe(valueSize);
  for (let i = 0; i < valueSize; i++) value[i] = 0x61 + (i % 26);
  return value;
}
