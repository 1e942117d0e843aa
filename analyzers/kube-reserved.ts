// What the kubelet keeps back from a node, and so what pods can request (allocatable). The tiered
// defaults are the ones GKE publishes (EKS uses the same CPU tiers): reservations are taken from
// the node's whole capacity, and the 100 Mi hard-eviction threshold comes off memory on top.
import type { Parsed } from '../scenarios/units.js';
import { parseBytes, parseCores, scaleBinaryBytes } from '../scenarios/units.js';

export const MIB = 1024 ** 2;
export const GIB = 1024 ** 3;
/** The kubelet's default `evictionHard: memory.available` threshold. */
export const EVICTION_HARD_MEMORY_BYTES = 100 * MIB;

interface Tier {
  /** The tier covers the amount up to this (cores or bytes). */
  upTo: number;
  rate: number;
}

const CPU_TIERS: readonly Tier[] = [
  { upTo: 1, rate: 0.06 },
  { upTo: 2, rate: 0.01 },
  { upTo: 4, rate: 0.005 },
  { upTo: Infinity, rate: 0.0025 },
];

const MEMORY_TIERS: readonly Tier[] = [
  { upTo: 4 * GIB, rate: 0.25 },
  { upTo: 8 * GIB, rate: 0.2 },
  { upTo: 16 * GIB, rate: 0.1 },
  { upTo: 128 * GIB, rate: 0.06 },
  { upTo: Infinity, rate: 0.02 },
];

function tiered(amount: number, tiers: readonly Tier[]): number {
  let reserved = 0;
  let from = 0;
  for (const t of tiers) {
    if (amount <= from) break;
    reserved += (Math.min(amount, t.upTo) - from) * t.rate;
    from = t.upTo;
  }
  // Kubernetes quantities stop at nano units; rounding there drops float noise (0.10999999999999999).
  return Math.round(reserved * 1e9) / 1e9;
}

/** 6% of the first core, 1% of the second, 0.5% of cores 3–4, 0.25% of every core above 4. */
export function reservedCpuCores(cores: number): number {
  return tiered(cores, CPU_TIERS);
}

/** 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above 128 GiB. */
export function reservedMemoryBytes(bytes: number): number {
  return tiered(bytes, MEMORY_TIERS);
}

export interface Resources {
  cpuCores: number;
  memoryBytes: number;
}

export interface ReservedOverride {
  cpuCores?: number;
  memoryBytes?: number;
}

/** The kubelet's `--kube-reserved` / `--system-reserved`, for users whose nodes are configured otherwise. */
export interface ReservedOverrides {
  kube?: ReservedOverride;
  system?: ReservedOverride;
}

export interface Allocatable extends Resources {
  kubeReserved: Resources;
  systemReserved: Resources;
  evictionMemoryBytes: number;
  /** Per resource: the tiered formula, or the user's kube-reserved/system-reserved values. */
  source: { cpu: 'tiered' | 'override'; memory: 'tiered' | 'override' };
}

/**
 * Allocatable = capacity − kube-reserved − system-reserved (− the eviction threshold, for memory).
 * A resource named in either override replaces the tiered default for that resource only.
 */
export function computeAllocatable(node: Resources, overrides: ReservedOverrides = {}, evictionMemoryBytes = EVICTION_HARD_MEMORY_BYTES): Allocatable {
  const cpuOverridden = overrides.kube?.cpuCores !== undefined || overrides.system?.cpuCores !== undefined;
  const memOverridden = overrides.kube?.memoryBytes !== undefined || overrides.system?.memoryBytes !== undefined;
  const kubeReserved: Resources = {
    cpuCores: cpuOverridden ? (overrides.kube?.cpuCores ?? 0) : reservedCpuCores(node.cpuCores),
    memoryBytes: memOverridden ? (overrides.kube?.memoryBytes ?? 0) : reservedMemoryBytes(node.memoryBytes),
  };
  const systemReserved: Resources = {
    cpuCores: cpuOverridden ? (overrides.system?.cpuCores ?? 0) : 0,
    memoryBytes: memOverridden ? (overrides.system?.memoryBytes ?? 0) : 0,
  };
  return {
    cpuCores: Math.max(0, node.cpuCores - kubeReserved.cpuCores - systemReserved.cpuCores),
    memoryBytes: Math.max(0, node.memoryBytes - kubeReserved.memoryBytes - systemReserved.memoryBytes - evictionMemoryBytes),
    kubeReserved,
    systemReserved,
    evictionMemoryBytes,
    source: { cpu: cpuOverridden ? 'override' : 'tiered', memory: memOverridden ? 'override' : 'tiered' },
  };
}

/** `cpu=500m,memory=1Gi` (the kubelet flag's syntax; either key may be left out). */
export function parseReservedFlag(text: string): Parsed<ReservedOverride> {
  const out: ReservedOverride = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z-]+)\s*=\s*(.+)$/.exec(part);
    if (!m) return { ok: false, error: `"${part}" is not key=value (use e.g. "cpu=500m,memory=1Gi")` };
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'cpu') {
      const r = parseCores(value);
      if (!r.ok) return r;
      out.cpuCores = r.value;
    } else if (key === 'memory') {
      const r = parseBytes(value);
      if (!r.ok) return r;
      out.memoryBytes = r.value;
    } else {
      return { ok: false, error: `unknown resource "${key}" (cpu and memory are supported)` };
    }
  }
  if (out.cpuCores === undefined && out.memoryBytes === undefined) return { ok: false, error: `"${text}" names no resource (use e.g. "cpu=500m,memory=1Gi")` };
  return { ok: true, value: out };
}

/** Cores as a Kubernetes quantity: 0.11 → "110m", 0.0825 → "82.5m", 2 → "2". */
export function formatCpuQuantity(cores: number): string {
  const milli = Math.round(cores * 1e6) / 1e3;
  if (Number.isInteger(milli) && milli % 1000 === 0) return String(milli / 1000);
  return `${milli}m`;
}

/**
 * Bytes as a Kubernetes quantity: whole Mi when exact, else Ki rounded up (the tiers give fractional
 * bytes; rounding up reserves at most 1 KiB more than the formula).
 */
export function formatMemoryQuantity(bytes: number): string {
  if (Number.isInteger(bytes / MIB)) return `${bytes / MIB}Mi`;
  return `${Math.ceil(bytes / 1024)}Ki`;
}

/** Bytes for the arithmetic in details: binary units, up to 2 decimals ("5.48 GiB", "100 MiB"). */
export function describeBytes(bytes: number): string {
  const { value, unit } = scaleBinaryBytes(bytes);
  return `${Number(value.toFixed(2))} ${unit}`;
}
