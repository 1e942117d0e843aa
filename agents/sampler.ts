// Samples the machine (and optionally one process) while a run is going on, so a report can show
// whether the load generator itself ran out of CPU or network.
//
// On Linux every figure comes from /proc and os.* with a handful of synchronous reads of small
// in-memory files: ~0.1 ms per sample, no child process. systeminformation's networkStats and
// fsStats spawn a shell (`cat …` per interface, lsblk) on Linux and took 36 ms and 11 ms per call
// here, on the same 2 cores the generator needs; it is only used, lazily, on other platforms.
//
// What the figures mean (see docs/target.md for the table):
// - cpuPercent: the share of all cores busy, 0–100 (100 = every core busy), like a node's CPU
//   utilisation. proc.cpuPercent is per core like top: 100 = one core, up to 100 × cores.
// - netRx/TxBytesPerSec: summed over every interface including loopback — a local target is reached
//   over lo, and a user watching a loopback run wants to see its traffic — minus container-bridge
//   plumbing (veth*, docker0, cni0, …), which would count a pod's bytes a second time. On lo every
//   byte is both sent and received, so rx ≈ tx there.
// - diskRead/WriteBytesPerSec: whole block devices (no partitions, loop, ram or device-mapper
//   layers, which would double count); 0 when /proc/diskstats is unreadable.
// - memUsedBytes = os.totalmem() − os.freemem() (libuv reads MemAvailable, so cache is not "used").
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ResourceSample } from '../scenarios/result.js';

export interface SamplerOptions {
  /** Default 1000. */
  intervalMs?: number;
  /** A process whose CPU and RSS are recorded too (Linux, or this process elsewhere). */
  pid?: number;
  /** Clock for tMs (epoch ms); rates always use the monotonic clock. */
  now?: () => number;
}

export interface Sampler {
  /** A copy of the samples so far. */
  samples(): ResourceSample[];
  /** Stops sampling, takes a last sample if ≥ 100 ms passed since the previous one, and returns all. */
  stop(): Promise<ResourceSample[]>;
}

/** Cumulative counters at one instant; a sample is the difference of two. */
export interface Counters {
  monoMs: number;
  cpu: { busy: number; total: number };
  netBytes: { rx: number; tx: number } | null;
  diskBytes: { read: number; write: number } | null;
  proc: { cpuMs: number; rssBytes: number } | null;
}

const IS_LINUX = process.platform === 'linux';
/** Kernel USER_HZ: the unit of /proc/<pid>/stat times; 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SEC = 100;
const SECTOR_BYTES = 512; // /proc/diskstats counts 512-byte sectors whatever the device's block size
const BRIDGE_PLUMBING = /^(veth|docker\d|br-|cni|flannel|cali|vxlan|kube-|cilium|virbr|ifb|tunl|weave)/;
const NOT_A_DISK = /^(loop|ram|zram|dm-|md|sr|fd|nbd)/;
const PARTITION = /^((s|v|xv|h)d[a-z]+\d+|(nvme\d+n\d+|mmcblk\d+)p\d+)$/;

export function startSampler(opts: SamplerOptions = {}): Sampler {
  const intervalMs = opts.intervalMs ?? 1000;
  const now = opts.now ?? Date.now;
  const samples: ResourceSample[] = [];
  const disks = IS_LINUX ? listWholeDisks() : null;
  let prev: Counters | null = null;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const startMono = performance.now();

  const takeSample = async (): Promise<void> => {
    try {
      const cur = await readCounters(opts.pid, disks);
      if (prev) samples.push(toSample(prev, cur, now(), opts.pid));
      prev = cur;
    } catch {
      // A failed sample is skipped; the next one measures from the last good reading.
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    // Absolute slots, so a slow sample does not push every later one back; missed slots are skipped.
    // Rounded, not floored: a timer that fires a hair early must not schedule the same slot again.
    const elapsed = performance.now() - startMono;
    const nextSlot = (Math.round(elapsed / intervalMs) + 1) * intervalMs;
    timer = setTimeout(() => {
      inFlight = takeSample().then(schedule);
    }, nextSlot - elapsed);
    timer.unref(); // a forgotten sampler must not keep the process alive
  };

  inFlight = takeSample().then(schedule);

  return {
    samples: () => samples.slice(),
    stop: async () => {
      if (!stopped) {
        stopped = true;
        if (timer) clearTimeout(timer);
        await inFlight;
        if (prev && performance.now() - prev.monoMs >= 100) await takeSample();
      }
      return samples.slice();
    },
  };
}

/** The rates between two readings. Pure. */
export function toSample(prev: Counters, cur: Counters, tMs: number, pid?: number): ResourceSample {
  const seconds = Math.max(1e-3, (cur.monoMs - prev.monoMs) / 1000);
  const rate = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? 0 : Math.max(0, b - a) / seconds);
  const totalTicks = cur.cpu.total - prev.cpu.total;
  const sample: ResourceSample = {
    tMs,
    cpuPercent: totalTicks > 0 ? clamp((100 * (cur.cpu.busy - prev.cpu.busy)) / totalTicks, 0, 100) : 0,
    load1: os.loadavg()[0] ?? 0,
    memUsedBytes: os.totalmem() - os.freemem(),
    memTotalBytes: os.totalmem(),
    netRxBytesPerSec: rate(prev.netBytes?.rx, cur.netBytes?.rx),
    netTxBytesPerSec: rate(prev.netBytes?.tx, cur.netBytes?.tx),
    diskReadBytesPerSec: rate(prev.diskBytes?.read, cur.diskBytes?.read),
    diskWriteBytesPerSec: rate(prev.diskBytes?.write, cur.diskBytes?.write),
  };
  if (pid !== undefined && prev.proc && cur.proc) {
    sample.proc = { pid, cpuPercent: Math.max(0, (cur.proc.cpuMs - prev.proc.cpuMs) / (seconds * 10)), rssBytes: cur.proc.rssBytes };
  }
  return sample;
}

async function readCounters(pid: number | undefined, disks: Set<string> | null): Promise<Counters> {
  const monoMs = performance.now();
  if (IS_LINUX) {
    return {
      monoMs,
      cpu: readLinuxCpu() ?? readOsCpu(),
      netBytes: attempt(() => parseNetDev(readFileSync('/proc/net/dev', 'latin1'))),
      diskBytes: attempt(() => parseDiskStats(readFileSync('/proc/diskstats', 'latin1'), disks)),
      proc: pid === undefined ? null : attempt(() => readLinuxProc(pid)),
    };
  }
  const si = (await import('systeminformation')).default;
  const [net, fs] = await Promise.all([si.networkStats('*').catch(() => null), si.fsStats().catch(() => null)]);
  return {
    monoMs,
    cpu: readOsCpu(),
    netBytes: net ? { rx: net.reduce((s, i) => s + (i.rx_bytes || 0), 0), tx: net.reduce((s, i) => s + (i.tx_bytes || 0), 0) } : null,
    diskBytes: fs && fs.rx !== null ? { read: fs.rx || 0, write: fs.wx || 0 } : null,
    proc: pid === process.pid ? { cpuMs: cpuUsageMs(), rssBytes: process.memoryUsage.rss() } : null,
  };
}

/** /proc/stat's first line: busy and total jiffies over all cores (iowait counts as idle). */
export function parseProcStat(text: string): { busy: number; total: number } | null {
  const line = text.slice(0, text.indexOf('\n'));
  if (!line.startsWith('cpu ')) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.slice(4).trim().split(/\s+/).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return Number.isFinite(total) ? { busy: total - idle - iowait, total } : null;
}

/** /proc/net/dev: bytes received and sent, summed over interfaces minus bridge plumbing. */
export function parseNetDev(text: string): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    if (BRIDGE_PLUMBING.test(line.slice(0, colon).trim())) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    rx += Number(fields[0]) || 0;
    tx += Number(fields[8]) || 0;
  }
  return { rx, tx };
}

/** /proc/diskstats: bytes read and written by whole disks (`disks`, or a name pattern without it). */
export function parseDiskStats(text: string, disks: Set<string> | null): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const name = f[2];
    if (!name || f.length < 10) continue;
    if (disks ? !disks.has(name) : NOT_A_DISK.test(name) || PARTITION.test(name)) continue;
    read += (Number(f[5]) || 0) * SECTOR_BYTES;
    write += (Number(f[9]) || 0) * SECTOR_BYTES;
  }
  return { read, write };
}

/** /proc/<pid>/stat: user + system CPU in ms. The name field may hold spaces and parentheses. */
export function parsePidStatCpuMs(text: string): number | null {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is the state (field 3 of proc(5)), so utime (14) and stime (15) are at 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SEC : null;
}

function readLinuxCpu(): { busy: number; total: number } | null {
  return attempt(() => parseProcStat(readFileSync('/proc/stat', 'latin1')));
}

function readOsCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { busy, total };
}

function readLinuxProc(pid: number): { cpuMs: number; rssBytes: number } | null {
  const cpuMs = parsePidStatCpuMs(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  const rssKb = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
  return cpuMs === null ? null : { cpuMs, rssBytes: Number(rssKb ?? 0) * 1024 };
}

function listWholeDisks(): Set<string> | null {
  return attempt(() => new Set(readdirSync('/sys/block').filter((name) => !NOT_A_DISK.test(name))));
}

function cpuUsageMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function attempt<T>(read: () => T | null): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
