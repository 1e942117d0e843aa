// `headroom recommend resources` against a real Prometheus serving synthetic data with known answers:
// the CPU request within 5% of the data's true p95, memory within 2% of peak × 1.15, the throttled
// container flagged, the OOM-killed one bumped, pods grouped by owner and by name, short history
// marked low confidence; plus the report in Chromium and the failure exits.
import { Command } from 'commander';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../agents/exit-codes.js';
import { createPrometheusClient } from '../agents/prometheus/client.js';
import { addResourcesCommand, parseResourcesFlags, resourcesCommand, type ResourcesFlags } from '../agents/recommend/resources-command.js';
import { workloadFromPodName } from '../analyzers/workload-name.js';
import type { RightSizeJson, RightSizeJsonEntry } from '../reports/right-size-json.js';
import { openReport } from './open-report.js';
import { buildSyntheticCluster, memoryPeak, observableRates, trueQuantile, type SyntheticCluster } from './prometheus-synthetic.js';
import { startPrometheus, type RunningPrometheus } from './prometheus-server.js';
import { findBinary, requireBinary } from './require-tool.js';

const prometheusBin = requireBinary('prometheus');
const promtoolBin = prometheusBin ? requireBinary('promtool', 'prometheus') : null;
const MIB = 1024 ** 2;
const LONG_NAME = 'inventory-synchronisation-worker-for-the-european-warehouses';

/** A loopback port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => ((text += chunk.toString()), done()) });
  return { stream, text: () => text };
}

const DEFAULT_FLAGS: ResourcesFlags = {
  namespace: [], window: '2d', step: '5m', rateInterval: '5m', critical: [], cpuPercentile: '95', memoryHeadroom: '1.15',
  oomBump: '1.2', throttleThreshold: '10%', minHistory: '24h', timeout: '30s', header: [], queries: {},
};

describe.skipIf(!prometheusBin || !promtoolBin)('recommend resources against a real Prometheus', () => {
  let cluster: SyntheticCluster;
  let prom: RunningPrometheus | null = null;
  let out: string;
  let json: RightSizeJson;
  let table: string;

  /** Runs the command through commander, as `headroom recommend resources …` does. */
  async function runCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number | undefined }> {
    const stdout = sink();
    const stderr = sink();
    const program = new Command('headroom').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    addResourcesCommand(program.command('recommend'), { stdout: stdout.stream, stderr: stderr.stream });
    const before = process.exitCode;
    try {
      await program.parseAsync(['recommend', 'resources', '--prometheus', prom!.url, '--window', '2d', '--end', String(cluster.endMs / 1000), ...args], { from: 'user' });
      return { stdout: stdout.text(), stderr: stderr.text(), code: process.exitCode as number | undefined };
    } finally {
      process.exitCode = before;
    }
  }

  beforeAll(async () => {
    // Data ends an hour ago: inside retention, and clear of the head block Prometheus writes to.
    cluster = buildSyntheticCluster(Date.now() - 3_600_000, LONG_NAME);
    prom = await startPrometheus(cluster.openMetrics, { prometheus: prometheusBin!, promtool: promtoolBin! });
    out = await mkdtemp(join(tmpdir(), 'headroom-rs-'));
    const run = await runCli(['--json', '--critical', 'shop/web', '--out', out]);
    json = JSON.parse(run.stdout) as RightSizeJson;
    table = (await runCli([])).stdout;
  });

  afterAll(async () => {
    await prom?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  const entry = (ns: string, workload: string, container: string): RightSizeJsonEntry => {
    const e = json.workloads.find((w) => w.namespace === ns && w.workload === workload && w.container === container);
    if (!e) throw new Error(`no recommendation for ${ns}/${workload} ${container}; have ${json.workloads.map((w) => `${w.namespace}/${w.workload}/${w.container}`).join(', ')}`);
    return e;
  };
  const pods = (ns: string, prefix: string, container: string) => cluster.pods.filter((p) => p.namespace === ns && p.pod.startsWith(prefix) && p.container === container);
  const truth = (ns: string, prefix: string, container: string) => {
    const ps = pods(ns, prefix, container);
    return {
      cpuP95: trueQuantile(ps.flatMap((p) => observableRates(p, cluster.startMs, cluster.endMs)), 0.95),
      memoryPeak: Math.max(...ps.map(memoryPeak)),
    };
  };

  it('prints the issue\'s JSON shape, one entry per workload container', () => {
    expect(json.workloads.map((w) => `${w.namespace}/${w.workload}/${w.container}`)).toEqual([
      'batch/cache/cache',
      'batch/report-gen/gen',
      'shop/db/exporter',
      'shop/db/postgres',
      `shop/${LONG_NAME}/sync`,
      'shop/web/app',
      'shop/worker/worker',
    ]);
    for (const w of json.workloads) {
      expect(Object.keys(w).slice(0, 8)).toEqual(['namespace', 'workload', 'container', 'cpu', 'memory', 'throttled', 'confidence', 'current']);
      expect(typeof w.cpu.request).toBe('number');
      expect(Number.isInteger(w.memory.request / MIB)).toBe(true);
    }
    expect(Object.keys(json.totals)).toEqual(['cpuCores', 'memoryBytes']);
  });

  it.each([
    ['shop', 'web', 'app'],
    ['shop', 'db', 'postgres'],
    ['shop', 'db', 'exporter'],
    ['shop', LONG_NAME, 'sync'],
  ])('sets %s/%s %s\'s CPU request within 5 percent of the data\'s true p95', (ns, workload, container) => {
    const prefix = workload === LONG_NAME ? LONG_NAME.slice(0, 40) : workload;
    const t = truth(ns, prefix, container);
    const got = entry(ns, workload, container).cpu.request;
    expect(Math.abs(got - t.cpuP95) / t.cpuP95).toBeLessThan(0.05);
    // The rates Prometheus computes are the drawn ones exactly, so only the millicore rounding remains.
    expect(got - t.cpuP95).toBeGreaterThanOrEqual(-1e-6);
    expect(got - t.cpuP95).toBeLessThan(0.0011);
  });

  it('computes the same p95 as PromQL\'s quantile_over_time over the same 5-minute rates', async () => {
    const client = createPrometheusClient({ url: prom!.url, timeoutMs: 10_000 });
    const [q] = await client.query('quantile_over_time(0.95, rate(container_cpu_usage_seconds_total{pod="worker-6c8d7f9b4-h2j4k"}[5m])[2d:5m])', cluster.endMs);
    const ours = entry('shop', 'worker', 'worker').evidence.cpuPercentileCores;
    expect(Math.abs(ours - q!.value)).toBeLessThan(1e-9 * q!.value);
  });

  it.each([
    ['shop', 'web', 'app'],
    ['shop', 'db', 'exporter'],
    ['shop', 'worker', 'worker'],
  ])('sets %s/%s %s\'s memory within 2 percent of the true peak × 1.15, catching a spike between two steps', (ns, workload, container) => {
    const t = truth(ns, workload, container);
    const e = entry(ns, workload, container);
    expect(e.evidence.memoryPeakBytes).toBe(t.memoryPeak);
    expect(Math.abs(e.memory.request - t.memoryPeak * 1.15) / (t.memoryPeak * 1.15)).toBeLessThan(0.02);
    expect(e.memory.limit).toBe(e.memory.request);
  });

  it('flags the container throttled in 30% of its periods, with the ratio, and drops its CPU limit', () => {
    const w = entry('shop', 'worker', 'worker');
    expect(w.throttled).toBe(true);
    expect(w.evidence.throttledRatio).toBeCloseTo(0.3, 3);
    expect(w.current.cpu.limit).toBe(0.5);
    expect(w.cpu.limit).toBeNull();
    expect(w.notes.join(' ')).toMatch(/Throttled in 30% of CFS periods/);
    const web = entry('shop', 'web', 'app');
    expect(web.throttled).toBe(false);
    expect(web.evidence.throttledRatio).toBeCloseTo(0.005, 4);
    expect(entry('shop', 'db', 'postgres').evidence.throttledRatio).toBeNull();
  });

  it('bumps the OOM-killed container to at least 1.2 × its current memory limit', () => {
    const pg = entry('shop', 'db', 'postgres');
    expect(pg.evidence.oomKilled).toBe(true);
    expect(pg.current.memory.limit).toBe(1024 * MIB);
    expect(pg.memory.limit).toBeGreaterThanOrEqual(1.2 * 1024 * MIB);
    expect(pg.memory.limit).toBeGreaterThan(pg.evidence.memoryPeakBytes * 1.15);
    expect(entry('shop', 'db', 'exporter').evidence.oomKilled).toBe(false);
  });

  it('groups by owner references when present, and by pod name without them', () => {
    const web = entry('shop', 'web', 'app');
    expect(web).toMatchObject({ kind: 'Deployment', groupedBy: 'owner', replicas: 1 });
    expect(web.pods).toEqual(['web-5f6b7c8d9-m2n4p', 'web-7d9c8b6f5-x2k4q']);
    // The long name survives only through the owners: the pod name alone gives a cut-short one.
    const longPod = pods('shop', LONG_NAME.slice(0, 40), 'sync')[0]!.pod;
    expect(workloadFromPodName(longPod).name).not.toBe(LONG_NAME);
    expect(entry('shop', LONG_NAME, 'sync')).toMatchObject({ kind: 'Deployment', groupedBy: 'owner' });
    expect(entry('shop', 'db', 'postgres')).toMatchObject({ kind: 'StatefulSet', groupedBy: 'name', pods: ['db-0', 'db-1'], replicas: 2 });
    expect(entry('shop', 'worker', 'worker')).toMatchObject({ kind: 'Deployment', groupedBy: 'name' });
    expect(entry('batch', 'cache', 'cache')).toMatchObject({ kind: null, groupedBy: 'name' });
  });

  it('reads current requests and limits from kube-state-metrics, and gives --critical workloads Guaranteed QoS', () => {
    const web = entry('shop', 'web', 'app');
    expect(web.current).toEqual({ cpu: { request: 0.5, limit: 1 }, memory: { request: 512 * MIB, limit: 512 * MIB } });
    expect(web.qos).toBe('Guaranteed');
    expect(web.cpu.limit).toBe(web.cpu.request);
    expect(entry('shop', 'db', 'exporter').qos).toBe('Burstable');
    expect(entry('batch', 'report-gen', 'gen').current).toEqual({ cpu: { request: null, limit: null }, memory: { request: null, limit: null } });
  });

  it('gives low confidence to a short history and to a workload with a gap, high to the rest', () => {
    const gen = entry('batch', 'report-gen', 'gen');
    expect(gen.confidence).toBe('low');
    expect(gen.confidenceReasons.join()).toMatch(/of history/);
    expect(gen.evidence.historyMs).toBeLessThan(7 * 3_600_000);
    const cache = entry('batch', 'cache', 'cache');
    expect(cache.confidence).toBe('low');
    expect(cache.confidenceReasons.join()).toMatch(/gap/);
    for (const w of json.workloads.filter((x) => x.namespace === 'shop')) expect([w.workload, w.confidence]).toEqual([w.workload, 'high']);
  });

  it('totals the change in requests × replicas', () => {
    const sum = (f: (w: RightSizeJsonEntry) => number) => json.workloads.reduce((s, w) => s + f(w), 0);
    expect(json.totals.cpuCores.net).toBeCloseTo(sum((w) => (w.cpu.request - (w.current.cpu.request ?? 0)) * w.replicas), 9);
    expect(json.totals.memoryBytes.net).toBeCloseTo(sum((w) => (w.memory.request - (w.current.memory.request ?? 0)) * w.replicas), 0);
  });

  it('prints a table on a terminal or pipe without --json', () => {
    expect(table).toMatch(/WORKLOAD\s+CONTAINER\s+CPU REQUEST/);
    expect(table).toMatch(/shop\/worker\s+worker\s+250m → \d+m\s+500m → none/);
    expect(table).toContain('throttled 30%');
    expect(table).toMatch(/shop\/db\s+postgres .*1Gi → 1229Mi.*OOM-killed/);
  });

  it('writes recommendations.json, a kubectl patch per workload and a report that draws every chart', async () => {
    const written = JSON.parse(await readFile(join(out, 'recommendations.json'), 'utf8')) as RightSizeJson & { patches: string[] };
    expect(written.workloads).toEqual(json.workloads);
    expect((await readdir(join(out, 'patches', 'shop'))).sort()).toEqual([`deployment-${LONG_NAME}.yaml`, 'deployment-web.yaml', 'deployment-worker.yaml', 'statefulset-db.yaml']);
    const web = await readFile(join(out, 'patches', 'shop', 'deployment-web.yaml'), 'utf8');
    expect(web).toContain('# Apply: kubectl -n shop patch deployment web --patch-file patches/shop/deployment-web.yaml');
    expect(web).toContain(`cpu: ${Math.round(entry('shop', 'web', 'app').cpu.request * 1000)}m`);
    const chromium = findBinary('chromium');
    if (!chromium) return;
    const view = await openReport(join(out, 'report.html'), chromium);
    expect(view.errors).toEqual([]);
    expect(view.foreignRequests).toEqual([]);
    expect(view.charts).toHaveLength(2 * json.workloads.length);
    expect(view.charts.every((c) => c.state === 'rendered' && c.marks > 0)).toBe(true);
  });

  it('exits 2 when Prometheus rejects a replaced query, naming the query', async () => {
    const err = await runCli(['--query-cpu', 'rate(container_cpu_usage_seconds_total[5m]']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).toMatch(/^Prometheus rejected the query \(bad_data\): .*parse error[\s\S]*query: rate\(container_cpu_usage_seconds_total\[5m\]$/);
  });

  it('exits 2 when a replaced query drops a label the policy needs', async () => {
    const err = await runCli(['--query-memory', 'sum by (namespace, pod) (max_over_time(container_memory_working_set_bytes{$namespace}[$step]))']).catch((e: unknown) => e);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).toMatch(/the memory query \(--query-memory\) returned a series without the label container/);
  });

  it('exits 2 when the namespaces hold no data, and filters by namespace otherwise', async () => {
    const err = await runCli(['-n', 'nothing-here']).catch((e: unknown) => e);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message).toMatch(/^no container usage for namespace nothing-here in the 2 d ending/);
    const only = JSON.parse((await runCli(['-n', 'batch', '--json'])).stdout) as RightSizeJson;
    expect(new Set(only.workloads.map((w) => w.namespace))).toEqual(new Set(['batch']));
    expect(only.queries.cpu).toContain('namespace=~"batch"');
  });
});

describe('recommend resources failures', () => {
  it('exits 3 with a clear message when Prometheus is unreachable', async () => {
    const port = await closedPort();
    const opts = parseResourcesFlags({ ...DEFAULT_FLAGS, prometheus: `http://127.0.0.1:${port}`, timeout: '2s' });
    const err = await resourcesCommand(opts, { stdout: sink().stream, stderr: sink().stream }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(3);
    expect((err as UserError).message).toMatch(new RegExp(`^cannot reach Prometheus at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\); check --prometheus, or port-forward`));
  });

  it('lists every bad flag at once, with exit code 2', () => {
    let err: unknown;
    try {
      parseResourcesFlags({ ...DEFAULT_FLAGS, prometheus: 'ftp://x', namespace: ['Shop'], window: '2x', cpuPercentile: '150', memoryHeadroom: '0.5' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as UserError).message.split('\n')).toEqual([
      '--prometheus: expected an http:// or https:// URL, got "ftp://x"',
      '--namespace: "Shop" is not a namespace name (lower-case letters, digits and "-")',
      '--window: "2x" is not a duration (use e.g. "250ms", "5s", "1m30s")',
      '--cpu-percentile: expected e.g. 95, p95 or 0.95, got "150"',
      '--memory-headroom: expected a factor ≥ 1 (e.g. 1.15), got "0.5"',
    ]);
  });
});
