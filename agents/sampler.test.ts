import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { parseDiskStats, parseNetDev, parsePidStatCpuMs, parseProcStat, startSampler, toSample, type Counters } from './sampler.js';

const linux = process.platform === 'linux';

describe('startSampler', () => {
  it('samples every interval with plausible values, loopback traffic included', async () => {
    const server = createServer((_req, res) => res.end(Buffer.alloc(64 * 1024)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const t0 = Date.now();
    const sampler = startSampler({ intervalMs: 500 });
    // 2.5 s of sampling while 64 KiB bodies cross loopback: 2 MiB in all.
    for (let i = 0; i < 32; i++) {
      await (await fetch(url)).arrayBuffer();
      await sleep(70);
    }
    await sleep(Math.max(0, 2500 - (Date.now() - t0)));
    const samples = await sampler.stop();
    server.close();

    expect(samples.length).toBeGreaterThanOrEqual(4);
    for (const s of samples) {
      expect(s.tMs).toBeGreaterThanOrEqual(t0);
      expect(s.tMs).toBeLessThanOrEqual(Date.now());
      expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(s.cpuPercent).toBeLessThanOrEqual(100);
      expect(s.memTotalBytes).toBe(os.totalmem());
      expect(s.memUsedBytes).toBeGreaterThan(0);
      expect(s.memUsedBytes).toBeLessThanOrEqual(s.memTotalBytes);
      expect(s.load1).toBeGreaterThanOrEqual(0);
      for (const rate of [s.netRxBytesPerSec, s.netTxBytesPerSec, s.diskReadBytesPerSec, s.diskWriteBytesPerSec]) {
        expect(Number.isFinite(rate) && rate >= 0).toBe(true);
      }
      expect(s.proc).toBeUndefined();
    }
    expect(samples.map((s) => s.tMs)).toEqual([...samples.map((s) => s.tMs)].sort((a, b) => a - b));
    if (linux) {
      // Rates × ~0.5 s windows add back up to at least the 2 MiB we sent over lo.
      const rxBytes = samples.reduce((sum, s) => sum + s.netRxBytesPerSec * 0.5, 0);
      expect(rxBytes).toBeGreaterThan(1.5 * 1024 * 1024);
    }
  });

  it('measures a busy process: its CPU per core and its RSS', async () => {
    const sampler = startSampler({ intervalMs: 500, pid: process.pid });
    const endMs = performance.now() + 2200;
    let sink = 0;
    while (performance.now() < endMs) {
      // Burn 40 ms at a time, then let the sampler's timer run.
      const sliceEnd = performance.now() + 40;
      while (performance.now() < sliceEnd) sink += Math.sqrt(sink + 1);
      await yieldToLoop();
    }
    const samples = await sampler.stop();
    expect(sink).toBeGreaterThan(0);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    const procs = samples.map((s) => s.proc);
    for (const p of procs) {
      expect(p?.pid).toBe(process.pid);
      expect(p!.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    }
    // A whole core when the machine is idle; other tests on the 2 cores can take part of it.
    const meanCpu = procs.reduce((s, p) => s + p!.cpuPercent, 0) / procs.length;
    expect(meanCpu).toBeGreaterThan(20);
    expect(meanCpu).toBeLessThanOrEqual(100 * os.cpus().length + 5);
  });

  it('never takes two samples for one slot, even when timers fire early', async () => {
    const sampler = startSampler({ intervalMs: 50 });
    await sleep(1200);
    const samples = await sampler.stop();
    expect(samples.length).toBeGreaterThan(10);
    // The last one is stop()'s partial interval; between the others, at least half an interval.
    const gaps = samples.slice(1, -1).map((x, i) => x.tMs - samples[i]!.tMs);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(25);
  });

  it('stops promptly, keeping the partial last interval', async () => {
    const sampler = startSampler({ intervalMs: 5000, now: () => 42 });
    await sleep(300);
    const t0 = performance.now();
    const samples = await sampler.stop();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(samples).toHaveLength(1);
    expect(samples[0]!.tMs).toBe(42);
    expect(await sampler.stop()).toEqual(samples);
  });

  it('keeps sampling the machine when the process it watches does not exist', async () => {
    const sampler = startSampler({ intervalMs: 200, pid: 2 ** 22 + 7 });
    await sleep(700);
    const samples = await sampler.stop();
    expect(samples.length).toBeGreaterThanOrEqual(2);
    if (linux) expect(samples.every((s) => s.proc === undefined)).toBe(true);
  });
});

describe('toSample', () => {
  const at = (monoMs: number, busy: number, total: number, net: number, disk: number, cpuMs: number): Counters => ({
    monoMs,
    cpu: { busy, total },
    netBytes: { rx: net, tx: net / 2 },
    diskBytes: { read: disk, write: 2 * disk },
    proc: { cpuMs, rssBytes: 5e6 },
  });

  it('turns counter deltas into rates over the elapsed time', () => {
    const s = toSample(at(1000, 100, 1000, 0, 0, 0), at(3000, 400, 2000, 4000, 1000, 3000), 123, 9);
    expect(s).toMatchObject({ tMs: 123, cpuPercent: 30, netRxBytesPerSec: 2000, netTxBytesPerSec: 1000, diskReadBytesPerSec: 500, diskWriteBytesPerSec: 1000 });
    // 3 s of CPU in 2 s of wall time: one and a half cores.
    expect(s.proc).toEqual({ pid: 9, cpuPercent: 150, rssBytes: 5e6 });
  });

  it('reads a counter that went backwards (reset) and a missing counter as 0', () => {
    const cur = { ...at(2000, 100, 1000, 0, 0, 0), diskBytes: null };
    const s = toSample(at(1000, 100, 1000, 500, 10, 0), cur, 0);
    expect(s.netRxBytesPerSec).toBe(0);
    expect(s.diskReadBytesPerSec).toBe(0);
    expect(s.proc).toBeUndefined();
  });
});

describe('/proc parsers', () => {
  it('parses /proc/stat, counting iowait as idle', () => {
    expect(parseProcStat('cpu  100 5 50 800 40 0 5 0 0 0\ncpu0 1 2 3\n')).toEqual({ busy: 160, total: 1000 });
    expect(parseProcStat('intr 1 2\n')).toBeNull();
  });

  it('sums /proc/net/dev over interfaces, loopback in, bridge plumbing out', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0',
      '  eth0: 1000    7734    0    0    0     0          0         0   500    4808    0    0    0     0       0          0',
      'vethab12: 77777    1    0    0    0     0          0         0   77777    1    0    0    0     0       0          0',
      'docker0: 88888    1    0    0    0     0          0         0   88888    1    0    0    0     0       0          0',
    ].join('\n');
    expect(parseNetDev(text)).toEqual({ rx: 4193, tx: 3693 });
  });

  it('sums /proc/diskstats over whole disks only, in bytes', () => {
    const text = [
      '   7       0 loop0 10 0 80 0 0 0 0 0 0 0 0',
      ' 254       0 vda 33918 6566 1000 10692 28475 18516 3000 14584 0 6372 26005',
      ' 254       1 vda1 33000 6566 900 10692 28475 18516 2900 14584 0 6372 26005',
      ' 259       0 nvme0n1 1 0 10 0 1 0 20 0 0 0 0',
      ' 259       1 nvme0n1p1 1 0 10 0 1 0 20 0 0 0 0',
      ' 253       0 dm-0 1 0 99 0 1 0 99 0 0 0 0',
    ].join('\n');
    expect(parseDiskStats(text, null)).toEqual({ read: 1010 * 512, write: 3020 * 512 });
    expect(parseDiskStats(text, new Set(['vda']))).toEqual({ read: 1000 * 512, write: 3000 * 512 });
  });

  it('reads utime + stime from /proc/<pid>/stat even when the name has spaces and parentheses', () => {
    const stat = '4242 (node (worker) 1) S 1 4242 4242 0 -1 4194304 99 0 0 0 150 50 0 0 20 0 11 0 118203 3133440 411';
    expect(parsePidStatCpuMs(stat)).toBe(2000);
  });
});
