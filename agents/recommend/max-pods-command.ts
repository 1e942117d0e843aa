// `headroom recommend maxpods`: a node's size and a typical pod → the kubelet's maxPods, with every
// constraint shown and the kubelet lines to apply. Reads files here; the arithmetic is analyzers/max-pods.ts.
import { Command } from 'commander';
import { parsePodCidr, type PodCidr } from '../../analyzers/max-pods-cidr.js';
import { loadDensity, type DensityMeasurement } from '../../analyzers/max-pods-density.js';
import { DEFAULT_PODS_PER_CORE, KUBERNETES_TESTED_MAX_PODS, recommendMaxPods, type MaxPodsInput } from '../../analyzers/max-pods.js';
import { parseReservedFlag, type ReservedOverride } from '../../analyzers/kube-reserved.js';
import { buildMaxPodsReport, maxPodsJson } from '../../reports/max-pods-report.js';
import { formatMaxPodsText } from '../../reports/max-pods-text.js';
import { renderHtml } from '../../reports/render-html.js';
import { parseBytes, parseCores, parseDurationMs, type Parsed } from '../../scenarios/units.js';
import { loadWorkloads } from '../../scenarios/workloads.js';
import { EXIT, UserError } from '../exit-codes.js';
import { orThrow, outputPaths, parseNumberFlag, PROCESS_IO, readInputFile, writeOutput, type CommandIo } from '../plan-command.js';
import { loadReportLibs } from '../write-report.js';

export interface MaxPodsFlags {
  host?: string;
  cpu?: string;
  memory?: string;
  podCpu?: string;
  podMemory?: string;
  workloads?: string;
  podOverheadMemory: string;
  podCidr?: string;
  density?: string;
  startupSlo: string;
  testedLimit: string;
  podsPerCore: string;
  kubeReserved?: string;
  systemReserved?: string;
  json?: boolean;
  out?: string;
}

/** Everything the flags say by themselves; files are read afterwards. */
interface ParsedFlags {
  cpuCores?: number;
  memoryBytes?: number;
  podCpuCores?: number;
  podMemoryBytes?: number;
  overheadMemoryBytes: number;
  podCidr: PodCidr | null;
  startupLimitMs: number;
  testedLimit: number;
  podsPerCore: number;
  reserved: { kube?: ReservedOverride; system?: ReservedOverride };
}

function take<T>(flag: string, text: string | undefined, parse: (t: string) => Parsed<T>, problems: string[]): T | undefined {
  if (text === undefined) return undefined;
  const r = parse(text);
  if (r.ok) return r.value;
  problems.push(`${flag}: ${r.error}`);
  return undefined;
}

/** Checks every flag and reports every problem at once (exit 2). */
export function parseMaxPodsFlags(flags: MaxPodsFlags): ParsedFlags {
  const problems: string[] = [];
  const positive = (flag: string, v: number | undefined): number | undefined => {
    if (v !== undefined && v <= 0) problems.push(`${flag} must be more than 0`);
    return v;
  };
  const parsed: ParsedFlags = {
    cpuCores: positive('--cpu', take('--cpu', flags.cpu, parseCores, problems)),
    memoryBytes: positive('--memory', take('--memory', flags.memory, parseBytes, problems)),
    podCpuCores: positive('--pod-cpu', take('--pod-cpu', flags.podCpu, parseCores, problems)),
    podMemoryBytes: positive('--pod-memory', take('--pod-memory', flags.podMemory, parseBytes, problems)),
    overheadMemoryBytes: take('--pod-overhead-memory', flags.podOverheadMemory, parseBytes, problems) ?? 0,
    podCidr: take('--pod-cidr', flags.podCidr, parsePodCidr, problems) ?? null,
    startupLimitMs: take('--startup-slo', flags.startupSlo, parseDurationMs, problems) ?? 5000,
    testedLimit: parseNumberFlag('--tested-limit', flags.testedLimit, { integer: true, min: 1 }, problems),
    podsPerCore: parseNumberFlag('--pods-per-core', flags.podsPerCore, { min: 0 }, problems),
    reserved: {
      kube: take('--kube-reserved', flags.kubeReserved, parseReservedFlag, problems),
      system: take('--system-reserved', flags.systemReserved, parseReservedFlag, problems),
    },
  };
  if (!flags.host && (flags.cpu === undefined || flags.memory === undefined)) problems.push('give the node\'s size: --host result.json, or both --cpu and --memory');
  const podGiven = flags.podCpu !== undefined && flags.podMemory !== undefined;
  if (!podGiven && !flags.workloads) problems.push('give the typical pod: --pod-cpu and --pod-memory, or --workloads with a workloads file or right-sizing JSON');
  if (problems.length) throw new UserError(problems.join('\n'));
  return parsed;
}

/** `host: { cpus, memBytes }` of any headroom result.json (a run's, or later a host benchmark's). */
export function readHostBlock(text: string, file: string): { cpuCores: number; memoryBytes: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`--host ${file} is not JSON: ${(err as Error).message}`);
  }
  const host = (data as { host?: { cpus?: unknown; memBytes?: unknown } } | null)?.host;
  if (typeof host?.cpus !== 'number' || typeof host.memBytes !== 'number' || host.cpus <= 0 || host.memBytes <= 0) {
    throw new UserError(`--host ${file}: no host.cpus and host.memBytes (expected a headroom result.json)`);
  }
  return { cpuCores: host.cpus, memoryBytes: host.memBytes };
}

/** Replica-weighted mean pod of a workloads file: the pod whose count × size equals the mix's. */
export function typicalPodOf(workloads: ReadonlyArray<{ replicas: number; cpuCores: number; memoryBytes: number }>): { cpuCores: number; memoryBytes: number } | null {
  const pods = workloads.reduce((n, w) => n + w.replicas, 0);
  if (pods === 0) return null;
  return {
    cpuCores: workloads.reduce((n, w) => n + w.cpuCores * w.replicas, 0) / pods,
    memoryBytes: workloads.reduce((n, w) => n + w.memoryBytes * w.replicas, 0) / pods,
  };
}

export async function maxPodsCommand(flags: MaxPodsFlags, io: CommandIo = PROCESS_IO): Promise<number> {
  const f = parseMaxPodsFlags(flags);
  // Flags win over the host file, so a measured node can be re-sized by hand ("what if 128Gi?").
  const host = flags.host ? readHostBlock(await readInputFile(flags.host, '--host'), flags.host) : null;
  const node = { cpuCores: f.cpuCores ?? host!.cpuCores, memoryBytes: f.memoryBytes ?? host!.memoryBytes };
  let pod = { cpuCores: f.podCpuCores, memoryBytes: f.podMemoryBytes };
  if (flags.workloads && (pod.cpuCores === undefined || pod.memoryBytes === undefined)) {
    const mean = typicalPodOf(orThrow(loadWorkloads(await readInputFile(flags.workloads, '--workloads')), flags.workloads, '--workloads'));
    if (!mean) throw new UserError(`--workloads ${flags.workloads}: no replicas, so no typical pod`);
    pod = { cpuCores: pod.cpuCores ?? mean.cpuCores, memoryBytes: pod.memoryBytes ?? mean.memoryBytes };
  }
  const density: DensityMeasurement[] | null = flags.density ? orThrow(loadDensity(await readInputFile(flags.density, '--density')), flags.density, '--density') : null;

  const input: MaxPodsInput = {
    node,
    pod: { cpuCores: pod.cpuCores!, memoryBytes: pod.memoryBytes!, overheadMemoryBytes: f.overheadMemoryBytes },
    podCidr: f.podCidr,
    density,
    startupLimitMs: f.startupLimitMs,
    testedLimit: f.testedLimit,
    podsPerCore: f.podsPerCore,
    reserved: f.reserved,
  };
  const rec = recommendMaxPods(input);

  if (flags.out !== undefined) {
    const paths = outputPaths(flags.out, 'maxpods');
    const nodeSource = flags.host ? `${flags.host}${flags.cpu || flags.memory ? ' (resized by flags)' : ''}` : '--cpu/--memory';
    const podSource = flags.podCpu !== undefined && flags.podMemory !== undefined ? '--pod-cpu/--pod-memory' : `${flags.workloads} (replica-weighted mean)`;
    const html = renderHtml(buildMaxPodsReport(rec, { generatedAt: io.now().toISOString(), nodeSource, podSource }), await loadReportLibs());
    const kubelet = `${paths.dir}/kubelet-config.yaml`;
    await writeOutput(paths.json, `${JSON.stringify(maxPodsJson(rec), null, 2)}\n`);
    await writeOutput(kubelet, rec.kubeletConfig);
    await writeOutput(paths.html, html);
    io.stderr.write(`wrote ${paths.html}, ${paths.json} and ${kubelet}\n`);
  }
  io.stdout.write(flags.json ? `${JSON.stringify(maxPodsJson(rec), null, 2)}\n` : formatMaxPodsText(rec));
  return EXIT.ok;
}

const HELP_AFTER = `
Constraints (the recommendation is the smallest; see docs/recommend-maxpods.md):
  cpu            ⌊(cores − reserved) / pod CPU⌋, reserved by the GKE/EKS tiers
  memory         ⌊(memory − reserved − 100Mi eviction) / (pod memory + overhead)⌋
  ip             half the addresses of --pod-cidr
  density        the largest measured pods per node whose pod start-up p99 met --startup-slo
  pods-per-core  --pods-per-core × cores (0 turns it off)
  tested-limit   --tested-limit (Kubernetes' tested 110 by default)

Examples:
  $ headroom recommend maxpods --cpu 16 --memory 64Gi --pod-cpu 250m --pod-memory 512Mi --pod-cidr /24
  $ headroom recommend maxpods --host results/node-b/result.json --workloads sizing/workloads.json --json

Exit codes: 0 ok · 2 bad input (a flag or a file) · 3 cannot write output`;

/** Adds `maxpods` under the `recommend` command. */
export function addMaxPodsCommand(recommend: Command, io: CommandIo = PROCESS_IO): void {
  recommend
    .command('maxpods')
    .description('Recommend the kubelet\'s maxPods for a node model, showing every constraint and the kubelet lines to apply.')
    .option('--host <file>', 'read the node\'s cores and memory from a headroom result.json (host.cpus, host.memBytes)')
    .option('--cpu <cores>', 'node cores, e.g. 32 (overrides --host)')
    .option('--memory <size>', 'node memory, e.g. 128Gi (overrides --host)')
    .option('--pod-cpu <cpu>', 'CPU request of a typical pod, e.g. 250m')
    .option('--pod-memory <size>', 'memory request of a typical pod, e.g. 512Mi')
    .option('--workloads <file>', 'take the typical pod from a workloads file or right-sizing JSON (replica-weighted mean)')
    .option('--pod-overhead-memory <size>', 'memory each pod costs beyond its request, e.g. 11Mi', '0')
    .option('--pod-cidr <cidr>', 'the node\'s pod CIDR, "/24" or "10.244.1.0/24" (IPv6 too)')
    .option('--density <file>', 'pod start-up measurements: a list of { podsPerNode, startupP99 }')
    .option('--startup-slo <duration>', 'pod start-up p99 a density must meet', '5s')
    .option('--tested-limit <n>', 'the largest pods per node you trust', String(KUBERNETES_TESTED_MAX_PODS))
    .option('--pods-per-core <n>', 'pods per core limit; 0 turns it off', String(DEFAULT_PODS_PER_CORE))
    .option('--kube-reserved <list>', 'the kubelet\'s kube-reserved, e.g. "cpu=500m,memory=1Gi" (replaces the tiers for what it names)')
    .option('--system-reserved <list>', 'the kubelet\'s system-reserved, e.g. "cpu=100m,memory=512Mi"')
    .option('--json', 'print one JSON object instead of the table')
    .option('-o, --out <path>', 'write maxpods.html, maxpods.json and kubelet-config.yaml (a directory, or a file ending in .html)')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: MaxPodsFlags) => {
      process.exitCode = await maxPodsCommand(flags, io);
    });
}
