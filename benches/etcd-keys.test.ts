import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import {
  buildValue,
  createKeyPicker,
  createKeySpace,
  createOncePicker,
  isUnderPrefix,
  keyAt,
  keySpaceEnd,
  keySpaceProblem,
  prefixRangeEnd,
  rangeEndAt,
  windowStart,
  writeKey,
} from './etcd-keys.js';

const spec = { prefix: '/headroom-bench/', keySize: 32, keySpace: 1000 };

describe('etcd key space', () => {
  it('makes every key exactly keySize bytes, under the prefix, distinct', () => {
    const ks = createKeySpace(spec);
    const seen = new Set<string>();
    for (let i = 0; i < ks.size; i++) {
      const key = keyAt(ks, i);
      expect(key.length).toBe(32);
      expect(isUnderPrefix(key, ks.prefix)).toBe(true);
      seen.add(key.toString('latin1'));
    }
    expect(seen.size).toBe(1000);
    expect(keyAt(ks, 7).toString()).toBe('/headroom-bench/007.............');
  });

  it('orders keys by index, so [key(i), key(i + n)) holds exactly n of them', () => {
    const ks = createKeySpace({ ...spec, keySpace: 12_345 });
    for (let i = 1; i < ks.size; i += 97) expect(Buffer.compare(keyAt(ks, i - 1), keyAt(ks, i))).toBe(-1);
    const end = rangeEndAt(ks, 100, 5);
    const inside = Array.from({ length: ks.size }, (_, i) => keyAt(ks, i)).filter((k) => Buffer.compare(k, keyAt(ks, 100)) >= 0 && Buffer.compare(k, end) < 0);
    expect(inside.length).toBe(5);
  });

  it('ends the whole space past its last key and still inside the prefix', () => {
    const ks = createKeySpace(spec);
    const end = keySpaceEnd(ks);
    expect(Buffer.compare(keyAt(ks, ks.size - 1), end)).toBe(-1);
    expect(isUnderPrefix(end, ks.prefix)).toBe(true);
    expect(Buffer.compare(end, prefixRangeEnd(spec.prefix))).toBe(-1);
    expect(rangeEndAt(ks, ks.size - 3, 3).equals(end)).toBe(true);
  });

  it('computes etcd\'s prefix range end', () => {
    expect(prefixRangeEnd('/a/').toString()).toBe('/a0');
    // 'ÿ' is c3 bf in UTF-8: the last byte is bumped.
    expect(prefixRangeEnd('aÿ')).toEqual(Buffer.from([0x61, 0xc3, 0xc0]));
  });

  it('writes a key in place, overwriting whatever was there', () => {
    const ks = createKeySpace(spec);
    const buf = Buffer.alloc(40, 0xff);
    writeKey(ks, buf, 4, 999);
    expect(buf.subarray(4, 36).equals(keyAt(ks, 999))).toBe(true);
    expect(buf[3]).toBe(0xff);
    expect(buf[36]).toBe(0xff);
    expect(() => writeKey(ks, buf, 4, 1000)).toThrow(RangeError);
  });

  it('refuses a key size with no room for the index digits', () => {
    expect(keySpaceProblem({ prefix: '/headroom-bench/', keySize: 18, keySpace: 1000 })).toMatch(/too small.*needs at least 19/);
    expect(keySpaceProblem({ prefix: '/headroom-bench/', keySize: 19, keySpace: 1000 })).toBeNull();
    expect(() => createKeySpace({ prefix: '/p/', keySize: 4, keySpace: 100 })).toThrow(/too small/);
  });

  it('counts the prefix in bytes, not characters', () => {
    expect(keySpaceProblem({ prefix: '/é/', keySize: 5, keySpace: 10 })).toBeNull();
    expect(createKeySpace({ prefix: '/é/', keySize: 6, keySpace: 10 }).digitsOffset).toBe(4);
  });
});

describe('key choice', () => {
  it('walks keys in order and wraps (sequential)', () => {
    const pick = createKeyPicker('sequential', 3, 1);
    expect([pick(), pick(), pick(), pick()]).toEqual([0, 1, 2, 0]);
  });

  it('repeats the same random keys for the same seed, and others for another', () => {
    const a = createKeyPicker('random', 1000, 42);
    const b = createKeyPicker('random', 1000, 42);
    const c = createKeyPicker('random', 1000, 43);
    const sa = Array.from({ length: 50 }, a);
    expect(Array.from({ length: 50 }, b)).toEqual(sa);
    expect(Array.from({ length: 50 }, c)).not.toEqual(sa);
    expect(sa.every((k) => k >= 0 && k < 1000 && Number.isInteger(k))).toBe(true);
  });

  it('takes every key once per pass before repeating (delete)', () => {
    for (const order of ['sequential', 'random'] as const) {
      const pick = createOncePicker(order, 500, 7);
      const pass = Array.from({ length: 500 }, pick);
      expect(new Set(pass).size).toBe(500);
      expect(Array.from({ length: 500 }, pick)).toEqual(pass);
    }
  });

  it('fits a window of keys inside the space', () => {
    const ks = createKeySpace({ ...spec, keySpace: 10 });
    for (let i = 0; i < 10; i++) {
      const s = windowStart(ks, i, 4);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s + 4).toBeLessThanOrEqual(10);
    }
    expect(windowStart(ks, 3, 4)).toBe(3);
    expect(windowStart(ks, 5, 20)).toBe(0);
  });
});

it('builds a printable value of the requested size', () => {
  expect(buildValue(0).length).toBe(0);
  const v = buildValue(1024);
  expect(v.length).toBe(1024);
  expect(v.toString('latin1')).toMatch(/^[a-z]+$/);
});
