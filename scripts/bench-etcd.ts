// `npm run bench:etcd`: headroom's etcd bench beside the real `etcdctl check perf` on the same etcd
// in the same run. Two questions: (1) at the `m` profile, do we see the same throughput, slowest
// put, stddev and server-side put p99 as etcdctl? (2) is the highest put throughput headroom reaches
// at least what etcdctl reaches at `--load=xl` (the Node generator must not be the limit)?
// Each pair runs on a fresh etcd 3.4 (temp data dir on this disk, --metrics=extensive for the
// server's put latency), etcdctl first, then headroom. Written into docs/performance.md.
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { compareCheckPerf } from '../analyzers/check-perf-compare.js';
import { diffEtcdPuts, type EtcdPutDelta } from '../analyzers/etcd-server.js';
import { runCheckPerf, type CheckPerfRun } from '../agents/etcd/etcdctl.js';
import { scrapeEtcdMetrics } from '../agents/etcd/scrape-metrics.js';
import { startEtcd, type LocalEtcd } from '../agents/etcd/start-etcd.js';
import { runScenario } from '../agents/run-scenario.js';
import { findOnPath } from '../agents/host/tools.js';
import { sectionMarkers, spliceSection } from '../reports/splice-section.js';
import type { BenchResult } from '../scenarios/result.js';
import type { Scenario } from '../scenarios/schema.js';
import { scenarioSchema } from '../scenarios/schema.js';

const PREFIX = '/headroom-bench/';
const RAMP = (process.env.BENCH_ETCD_CLIENTS ?? '50,100,200,500,1000').split(',').map(Number);
const STEP_MS = Number(process.env.BENCH_ETCD_STEP_MS ?? 8000);

function etcdScenario(endpoint: string, bench: Record<string, unknown>): Scenario {
  return scenarioSchema.parse({ name: 'bench-etcd', benches: [{ name: 'etcd', kind: 'etcd', endpoints: [endpoint], prefix: PREFIX, ...bench }] });
}

async function runOurs(etcd: LocalEtcd, bench: Record<string, unknown>): Promise<{ bench: BenchResult; puts: EtcdPutDelta | null }> {
  const url = `${etcd.endpoint}/metrics`;
  const before = await scrapeEtcdMetrics(url);
  const result = await runScenario(etcdScenario(etcd.endpoint, bench), {
    file: null,
    signal: new AbortController().signal,
    sampleResources: false,
    emit: (e) => {
      if (e.type === 'step-done') process.stderr.write(`  headroom ${e.bench} @ ${e.step.load}: ${e.step.throughput.toFixed(0)} puts/s, p99 ${e.step.latencyMs.p99.toFixed(1)} ms, errors ${e.step.errors}\n`);
      if (e.type === 'warning') process.stderr.write(`  warning: ${e.message}\n`);
    },
  });
  const after = await scrapeEtcdMetrics(url);
  return { bench: result.benches[0]!, puts: diffEtcdPuts(before, after) };
}

async function runEtcdctl(etcd: LocalEtcd, profile: 'm' | 'xl'): Promise<CheckPerfRun> {
  process.stderr.write(`etcdctl check perf --load=${profile} (60 s)…\n`);
  const run = await runCheckPerf({ profile, endpoints: [etcd.endpoint], metricsUrl: `${etcd.endpoint}/metrics` });
  if (run.output.error) throw new Error(`etcdctl check perf --load=${profile} failed: ${run.output.error}`);
  process.stderr.write(`  etcdctl ${profile}: ${run.output.throughputWritesPerSec} writes/s, slowest ${run.output.slowestMs} ms, stddev ${run.output.stddevMs} ms\n`);
  return run;
}

const fmt = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits }));

async function withEtcd<T>(body: (etcd: LocalEtcd) => Promise<T>): Promise<T> {
  const etcd = await startEtcd({ args: ['--metrics=extensive'], quotaBytes: 8 * 2 ** 30 });
  try {
    return await body(etcd);
  } finally {
    await etcd.stop();
  }
}

async function main(): Promise<void> {
  if (!findOnPath('etcd') || !findOnPath('etcdctl')) throw new Error('bench:etcd needs etcd and etcdctl: apt-get install -y etcd-server etcd-client');
  const started = Date.now();
  const load1 = os.loadavg()[0]!;

  // (1) the m profile, side by side.
  const m = await withEtcd(async (etcd) => {
    const theirs = await runEtcdctl(etcd, 'm');
    process.stderr.write('headroom profile m (60 s)…\n');
    const ours = await runOurs(etcd, { profile: 'm' });
    return { theirs, ours };
  });
  const verdict = m.ours.bench.etcd?.checkPerf;
  if (!verdict) throw new Error('headroom did not produce a check-perf verdict');
  const rows = compareCheckPerf(verdict, m.theirs.output, { ours: m.ours.puts, etcdctl: m.theirs.puts });

  // (2) the highest put throughput: etcdctl xl, then our closed-model ramp.
  const xl = await withEtcd(async (etcd) => {
    const theirs = await runEtcdctl(etcd, 'xl');
    process.stderr.write(`headroom put ramp ${RAMP.join(', ')} clients × ${STEP_MS / 1000} s…\n`);
    const ours = await runOurs(etcd, {
      workload: 'put',
      keySize: PREFIX.length + 256,
      valueSize: 1024,
      connections: 100,
      load: { model: 'closed', steps: RAMP, stepDuration: STEP_MS, warmup: 2000 },
    });
    return { theirs, ours };
  });
  const best = xl.ours.bench.steps.reduce((a, b) => (b.throughput > a.throughput ? b : a));
  const xlRate = xl.theirs.output.throughputWritesPerSec ?? NaN;

  const mTable = [
    '| figure | headroom (profile m) | etcdctl check perf --load=m | difference | note |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.figure} | ${fmt(r.ours)} | ${fmt(r.etcdctl)} | ${r.difference === null ? '—' : `${(r.difference * 100).toFixed(1)}%`} | ${r.note} |`),
  ].join('\n');
  const xlTable = [
    '| | puts/s | p99 (ms) | note |',
    '| --- | ---: | ---: | --- |',
    `| etcdctl check perf --load=xl | ${fmt(xlRate, 0)} | — | 1,000 clients, rate limit 15,000/s; ${xl.theirs.output.passed ? 'PASS' : 'FAIL'} |`,
    ...xl.ours.bench.steps.map((s) => `| headroom put, closed, ${s.load} clients | ${fmt(s.throughput, 0)} | ${fmt(s.latencyMs.p99, 2)} | ${s === best ? '**highest**' : ''} |`),
    `| **ratio: headroom highest / etcdctl xl** | **${(best.throughput / xlRate).toFixed(2)}×** | | goal ≥ 1.0× |`,
  ].join('\n');
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const section = [
    sectionMarkers('bench:etcd').begin,
    `Measured ${when} UTC by \`npm run bench:etcd\` (${((Date.now() - started) / 1000).toFixed(0)} s; etcd ${m.ours.bench.etcd?.serverVersion ?? '?'} on a temp dir of this disk, ${os.cpus()[0]?.model.trim()}, ${os.availableParallelism()} CPUs shared by etcd and the generator, load average ${load1.toFixed(1)} at the start).`,
    '',
    'The `m` profile: our run of the same load (1,000 puts/s, 200 clients, 60 s, 256-byte keys, 1 KiB values) beside etcdctl\'s:',
    '',
    mTable,
    '',
    'Highest put throughput (fresh etcd):',
    '',
    xlTable,
    sectionMarkers('bench:etcd').end,
  ].join('\n');
  process.stdout.write(`${mTable}\n\n${xlTable}\n`);
  const doc = new URL('../../docs/performance.md', import.meta.url);
  await writeFile(doc, spliceSection(await readFile(doc, 'utf8'), 'bench:etcd', section));
  process.stderr.write('written into docs/performance.md\n');
}

main().catch((err) => {
  process.stderr.write(`bench:etcd failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
