// Pure parsers for the /proc and /sys text formats the inventory reads. Each takes the file's text
// and returns data or null when the text is not in the expected shape; none of them throws.
import type { CfsThrottling, CpuQuota } from './types.js';

export interface CpuinfoSummary {
  model: string | null;
  /** Logical CPUs (`processor` lines). */
  threads: number;
  /** Distinct `physical id` values; null when the kernel omits them (some ARM and VM kernels). */
  sockets: number | null;
  /** Distinct (physical id, core id) pairs; null when omitted. */
  cores: number | null;
  meanMhz: number | null;
  hypervisor: boolean;
}

/** /proc/cpuinfo: blocks of `key\t: value` lines separated by blank lines, one block per logical CPU. */
export function parseCpuinfo(text: string): CpuinfoSummary {
  let model: string | null = null;
  let threads = 0;
  let hypervisor = false;
  const sockets = new Set<string>();
  const cores = new Set<string>();
  const mhz: number[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) fields.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
    }
    if (!fields.has('processor')) continue;
    threads++;
    model ??= fields.get('model name') ?? fields.get('Model') ?? fields.get('cpu model') ?? null;
    const phys = fields.get('physical id');
    const core = fields.get('core id');
    if (phys !== undefined) sockets.add(phys);
    if (phys !== undefined && core !== undefined) cores.add(`${phys}/${core}`);
    const m = Number(fields.get('cpu MHz'));
    if (fields.has('cpu MHz') && Number.isFinite(m)) mhz.push(m);
    if ((fields.get('flags') ?? '').split(/\s+/).includes('hypervisor')) hypervisor = true;
  }
  return {
    model,
    threads,
    sockets: sockets.size > 0 ? sockets.size : null,
    cores: cores.size > 0 ? cores.size : null,
    meanMhz: mhz.length > 0 ? Math.round(mhz.reduce((a, b) => a + b, 0) / mhz.length) : null,
    hypervisor,
  };
}

/** A kernel CPU/node list such as `0-3,8,10-11` → how many entries it names; null when malformed. */
export function countCpuList(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  let n = 0;
  for (const part of trimmed.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) return null;
    n += hi - lo + 1;
  }
  return n;
}

/** A single integer file (`scaling_cur_freq`, `mtu`, `speed`); null when not an integer. */
export function parseInteger(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return null;
  return Number(t);
}

export interface ProcCgroup {
  /** Set for cgroup v2 (the `0::/path` line). */
  unified: string | null;
  /** v1: controller name → path (`cpu,cpuacct` lines give both names). */
  controllers: Map<string, string>;
}

/** /proc/self/cgroup: `hierarchy-id:controller-list:path` lines. */
export function parseProcCgroup(text: string): ProcCgroup {
  const controllers = new Map<string, string>();
  let unified: string | null = null;
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, id, list = '', path = ''] = m;
    if (id === '0' && list === '') unified = path;
    for (const c of list.split(',')) if (c !== '') controllers.set(c.replace(/^name=/, ''), path);
  }
  return { unified, controllers };
}

/** cgroup v2 cpu.max: `max 100000` or `200000 100000`. */
export function parseCpuMax(text: string): CpuQuota | null {
  const m = /^(max|\d+)\s+(\d+)\s*$/.exec(text.trim());
  if (!m) return null;
  const periodUs = Number(m[2]);
  if (periodUs <= 0) return null;
  const quotaUs = m[1] === 'max' ? null : Number(m[1]);
  return { quotaUs, periodUs, cpus: quotaUs === null ? null : quotaUs / periodUs };
}

/** cgroup v1 cpu.cfs_quota_us (`-1` = unlimited) and cpu.cfs_period_us. */
export function parseCfsQuota(quotaText: string, periodText: string): CpuQuota | null {
  const quota = parseInteger(quotaText);
  const periodUs = parseInteger(periodText);
  if (quota === null || periodUs === null || periodUs <= 0) return null;
  const quotaUs = quota < 0 ? null : quota;
  return { quotaUs, periodUs, cpus: quotaUs === null ? null : quotaUs / periodUs };
}

/** cpu.stat: v2 has throttled_usec, v1 has throttled_time in nanoseconds. */
export function parseCpuStat(text: string): CfsThrottling | null {
  const kv = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k !== undefined && v !== undefined && /^\d+$/.test(v)) kv.set(k, Number(v));
  }
  const nrPeriods = kv.get('nr_periods');
  const nrThrottled = kv.get('nr_throttled');
  const usec = kv.get('throttled_usec');
  const ns = kv.get('throttled_time');
  if (nrPeriods === undefined || nrThrottled === undefined) return null;
  const throttledUsec = usec ?? (ns !== undefined ? Math.round(ns / 1000) : null);
  if (throttledUsec === null) return null;
  return { nrPeriods, nrThrottled, throttledUsec };
}

// v1 reports "no limit" as LONG_MAX rounded down to the page size (9223372036854771712).
const V1_UNLIMITED_BYTES = 2 ** 62;

export type MemoryLimit = { limited: true; bytes: number } | { limited: false };

/** memory.max (v2, `max` = none) or memory.limit_in_bytes (v1, a value near 2^63 = none). */
export function parseMemoryLimit(text: string): MemoryLimit | null {
  const t = text.trim();
  if (t === 'max') return { limited: false };
  const n = parseInteger(t);
  if (n === null || n < 0) return null;
  return n >= V1_UNLIMITED_BYTES ? { limited: false } : { limited: true, bytes: n };
}

/** /sys/block/X/queue/scheduler: `none [mq-deadline] kyber bfq`; the bracketed one is active. */
export function parseScheduler(text: string): string | null {
  const t = text.trim();
  const m = /\[([^\]]+)\]/.exec(t);
  if (m) return m[1] ?? null;
  // A device with a single scheduler may print it without brackets (`none`).
  return /^\S+$/.test(t) ? t : null;
}

/** /etc/os-release: `KEY="value"` lines → PRETTY_NAME, or NAME VERSION. */
export function parseOsRelease(text: string): string | null {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) kv.set(m[1] ?? '', (m[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  const pretty = kv.get('PRETTY_NAME');
  if (pretty) return pretty;
  const name = kv.get('NAME');
  return name ? [name, kv.get('VERSION')].filter(Boolean).join(' ') : null;
}
