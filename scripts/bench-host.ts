// `npm run bench:host`: headroom's built-in host figures next to the reference tools on the same
// machine in the same run — fio for every disk pattern, iperf3 for loopback throughput, sysbench
// for CPU scaling and memory bandwidth — interleaved round by round so drift hits both sides alike.
// Prints a table and writes it into docs/performance.md.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cpuMultiProbe, cpuSingleProbe } from '../agents/host/cpu-probes.js';
import { fdatasyncProbe, randReadIopsProbe, seqReadProbe, seqWriteProbe } from '../agents/host/disk-probes.js';
import { memoryBandwidthProbe } from '../agents/host/memory-probes.js';
import { networkThroughputProbe } from '../agents/host/network-probes.js';
import type { HostProbe, ProbeContext, ProbeFactory } from '../agents/host/probe.js';
import { findOnPath } from '../agents/host/tools.js';
import { sectionMarkers, spliceSection } from '../reports/splice-section.js';

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_HOST_ROUNDS ?? 5);

interface Pair {
  metric: string;
  unit: string;
  ours: number[];
  reference: number[];
  referenceTool: string;
  note: string;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number): string => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

async function withProbe<T>(factory: ProbeFactory, ctx: ProbeContext, body: (p: HostProbe) => Promise<T>): Promise<T> {
  const probe = factory();
  try {
    await probe.setup?.(ctx);
    return await body(probe);
  } finally {
    await probe.teardown?.();
  }
}

/** Built-in and tool-backed variants of one probe, alternated round by round. */
async function interleave(factory: ProbeFactory, base: ProbeContext, toolCtx: ProbeContext, metric: string, unit: string, note: string): Promise<Pair> {
  const ours: number[] = [];
  const reference: number[] = [];
  let referenceTool = '';
  for (let r = 0; r < ROUNDS; r++) {
    ours.push(await withProbe(factory, base, async (p) => (await p.measure(base)).value));
    reference.push(await withProbe(factory, toolCtx, async (p) => {
      const v = (await p.measure(toolCtx)).value;
      referenceTool = p.tool;
      return v;
    }));
    process.stderr.write(`${metric} round ${r + 1}/${ROUNDS}: built-in ${fmt(ours.at(-1)!)} ${unit}, ${referenceTool} ${fmt(reference.at(-1)!)} ${unit}\n`);
  }
  return { metric, unit, ours, reference, referenceTool, note };
}

async function sysbench(args: string[]): Promise<string> {
  const { stdout } = await run('sysbench', args, { maxBuffer: 1 << 20 });
  return stdout;
}

async function sysbenchCpu(threads: number): Promise<number> {
  const out = await sysbench(['cpu', `--threads=${threads}`, '--time=3', 'run']);
  const m = /events per second:\s*([\d.]+)/.exec(out);
  if (!m) throw new Error(`cannot read sysbench cpu output:\n${out}`);
  return Number(m[1]);
}

async function sysbenchMemory(): Promise<number> {
  const out = await sysbench(['memory', '--threads=1', '--memory-block-size=1M', '--memory-total-size=32G', '--memory-oper=write', '--time=3', 'run']);
  const m = /\(([\d.]+) MiB\/sec\)/.exec(out);
  if (!m) throw new Error(`cannot read sysbench memory output:\n${out}`);
  return (Number(m[1]) * 2 ** 20) / 1e9;
}

async function main(): Promise<void> {
  const fio = findOnPath('fio');
  const iperf3 = findOnPath('iperf3');
  const hasSysbench = findOnPath('sysbench') !== null;
  if (!fio || !iperf3 || !hasSysbench) throw new Error('bench:host needs fio, iperf3 and sysbench: apt-get install -y fio iperf3 sysbench');
  const dir = await mkdtemp(join(process.cwd(), '.headroom-bench-host-'));
  const started = Date.now();
  const load1 = os.loadavg()[0]!;
  const signal = new AbortController().signal;
  const builtIn: ProbeContext = { signal, profile: 'quick', workDir: dir, tools: { fio: null, iperf3: null }, peer: null };
  const withTools: ProbeContext = { ...builtIn, tools: { fio, iperf3 } };
  const pairs: Pair[] = [];
  try {
    pairs.push(await interleave(fdatasyncProbe, builtIn, withTools, 'disk.fdatasync.p99', 'ms', '2300-byte writes + fdatasync, p99 of one repeat'));
    pairs.push(await interleave(seqWriteProbe, builtIn, withTools, 'disk.seq-write', 'MB/s', '1 MiB writes, fdatasync at the end'));
    pairs.push(await interleave(seqReadProbe, builtIn, withTools, 'disk.seq-read', 'MB/s', '1 MiB O_DIRECT reads'));
    pairs.push(await interleave(randReadIopsProbe, builtIn, withTools, 'disk.rand-read-iops', 'IOPS', '4 KiB O_DIRECT reads, queue depth 4'));
    pairs.push(await interleave(networkThroughputProbe, builtIn, withTools, 'network.throughput', 'Gbit/s', 'loopback TCP, one stream'));

    // CPU: the kernels differ, so the comparable figure is the all-core / one-core scaling.
    const ourScaling: number[] = [];
    const sysScaling: number[] = [];
    const threads = os.availableParallelism();
    await withProbe(cpuSingleProbe, builtIn, async (single) =>
      withProbe(cpuMultiProbe, builtIn, async (multi) => {
        for (let r = 0; r < ROUNDS; r++) {
          const s = (await single.measure(builtIn)).value;
          const m = (await multi.measure(builtIn)).value;
          ourScaling.push(m / s);
          const s1 = await sysbenchCpu(1);
          const sN = await sysbenchCpu(threads);
          sysScaling.push(sN / s1);
          process.stderr.write(`cpu scaling round ${r + 1}/${ROUNDS}: headroom ${(m / s).toFixed(3)}×, sysbench ${(sN / s1).toFixed(3)}×\n`);
        }
      }),
    );
    pairs.push({ metric: `cpu.multi / cpu.single (${threads} threads)`, unit: '×', ours: ourScaling, reference: sysScaling, referenceTool: 'sysbench cpu', note: 'different kernels: compare the scaling, not ops/s' });

    const ourBw: number[] = [];
    const sysBw: number[] = [];
    await withProbe(memoryBandwidthProbe, builtIn, async (p) => {
      for (let r = 0; r < ROUNDS; r++) {
        ourBw.push((await p.measure(builtIn)).value);
        sysBw.push(await sysbenchMemory());
        process.stderr.write(`memory round ${r + 1}/${ROUNDS}: headroom ${ourBw.at(-1)!.toFixed(2)} GB/s, sysbench ${sysBw.at(-1)!.toFixed(2)} GB/s\n`);
      }
    });
    pairs.push({ metric: 'memory.bandwidth', unit: 'GB/s', ours: ourBw, reference: sysBw, referenceTool: 'sysbench memory (write, 1 MiB blocks)', note: 'ours is a copy (read + write counted); sysbench writes only' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const table = [
    '| metric | unit | headroom built-in (mean / median) | reference (mean / median) | ratio of means | ratio of medians | what is compared |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...pairs.map((p) => `| ${p.metric} | ${p.unit} | ${fmt(mean(p.ours))} / ${fmt(median(p.ours))} | ${p.referenceTool}: ${fmt(mean(p.reference))} / ${fmt(median(p.reference))} | ${(mean(p.ours) / mean(p.reference)).toFixed(2)} | ${(median(p.ours) / median(p.reference)).toFixed(2)} | ${p.note} |`),
  ].join('\n');
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const section = [
    sectionMarkers('bench:host').begin,
    `Measured ${when} UTC by \`npm run bench:host\` (${ROUNDS} interleaved rounds per row, ${((Date.now() - started) / 1000).toFixed(0)} s; ${os.cpus()[0]?.model.trim()}, ${os.availableParallelism()} CPUs, load average ${load1.toFixed(1)} at the start):`,
    '',
    table,
    sectionMarkers('bench:host').end,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const doc = new URL('../../docs/performance.md', import.meta.url);
  await writeFile(doc, spliceSection(await readFile(doc, 'utf8'), 'bench:host', section));
  process.stderr.write(`written into docs/performance.md\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:host failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
