import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostBenchSchema } from '../../scenarios/schema.js';
import { findOnPath, resolveTools } from './tools.js';

describe('findOnPath', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-tools-'));
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    await writeFile(join(dir, 'a', 'fio'), '#!/bin/sh\n');
    await chmod(join(dir, 'a', 'fio'), 0o644); // not executable
    await writeFile(join(dir, 'b', 'fio'), '#!/bin/sh\n');
    await chmod(join(dir, 'b', 'fio'), 0o755);
    await mkdir(join(dir, 'a', 'iperf3')); // a directory, executable bit and all
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the first executable file on PATH, passing over non-executables and directories', () => {
    const path = [join(dir, 'a'), join(dir, 'b')].join(delimiter);
    expect(findOnPath('fio', path)).toBe(join(dir, 'b', 'fio'));
    expect(findOnPath('iperf3', path)).toBeNull();
  });

  it('ignores empty and relative PATH entries', () => {
    expect(findOnPath('fio', ['', 'b', '.'].join(delimiter))).toBeNull();
  });
});

describe('resolveTools', () => {
  const found = (name: string) => `/usr/bin/${name}`;

  it('looks both tools up by default', () => {
    const bench = hostBenchSchema.parse({ name: 'h', kind: 'host' });
    expect(resolveTools(bench, found)).toEqual({ fio: '/usr/bin/fio', iperf3: '/usr/bin/iperf3' });
  });

  it('never hands out a tool the scenario turned off, even when it is installed', () => {
    const bench = hostBenchSchema.parse({ name: 'h', kind: 'host', disk: { fio: 'never' }, network: { iperf3: 'never' } });
    const asked: string[] = [];
    expect(resolveTools(bench, (n) => (asked.push(n), found(n)))).toEqual({ fio: null, iperf3: null });
    expect(asked).toEqual([]);
  });

  it('reports a missing tool as null', () => {
    const bench = hostBenchSchema.parse({ name: 'h', kind: 'host' });
    expect(resolveTools(bench, (n) => (n === 'fio' ? null : found(n)))).toEqual({ fio: null, iperf3: '/usr/bin/iperf3' });
  });
});
