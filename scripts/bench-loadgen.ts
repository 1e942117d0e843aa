// `npm run bench:loadgen`: how fast is our load generator? Runs wrk, the headroom engine (closed
// model) and plain autocannon against the same nginx, one thread each, interleaved, and reports
// req/s and CPU per request relative to wrk; then writes the figures into docs/performance.md.
//
// Each generator runs in its own process so its CPU time can be measured: wrk through a shell that
// reads its children's CPU from /proc once wrk has exited, the Node generators with
// process.cpuUsage() around the run.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { summarizeEncodedMs } from '../analyzers/histogram.js';
import { createHeadroomEngine } from '../agents/http/headroom-engine.js';
import { childCpuSecFromStat, formatTable, parseWrkOutput, renderDocsSection, spliceDocsSection, summarizeRuns, type GeneratorRun } from '../agents/http/loadgen-report.js';
import { startNginx, type RunningNginx } from '../agents/http/start-nginx.js';

const GENERATORS = ['wrk', 'headroom', 'autocannon'] as const;
type Generator = (typeof GENERATORS)[number];
const CHILD_MARK = 'LOADGEN_RESULT ';

// ---- child mode: run one Node generator and print its figures ----------------------------------

async function runHeadroomChild(url: string, connections: number, durationMs: number): Promise<GeneratorRun> {
  const engine = createHeadroomEngine({ target: { url, method: 'GET', headers: {} } });
  const before = process.cpuUsage();
  const m = await engine.runStep(
    { model: 'closed', load: connections, durationMs, warmupMs: 0, arrival: 'constant', maxInFlight: 10_000, timeoutMs: 10_000, seed: 1 },
    { signal: new AbortController().signal },
  );
  const cpu = process.cpuUsage(before);
  await engine.close();
  const lat = summarizeEncodedMs(m.histogram);
  const errors = m.errors.connect + m.errors.timeout + m.errors.non2xx + m.errors.other;
  return { generator: 'headroom', requests: m.ok, reqPerSec: (m.ok / m.durationMs) * 1000, cpuSec: (cpu.user + cpu.system) / 1e6, p50Ms: lat.p50, p99Ms: lat.p99, errors };
}

interface AutocannonResult {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

async function runAutocannonChild(url: string, connections: number, durationMs: number): Promise<GeneratorRun> {
  const autocannon = createRequire(import.meta.url)('autocannon') as (opts: object) => Promise<AutocannonResult>;
  const before = process.cpuUsage();
  const r = await autocannon({ url, connections, pipelining: 1, duration: durationMs / 1000 });
  const cpu = process.cpuUsage(before);
  return { generator: 'autocannon', requests: r.requests.total, reqPerSec: r.requests.total / r.duration, cpuSec: (cpu.user + cpu.system) / 1e6, p50Ms: r.latency.p50, p99Ms: r.latency.p99, errors: r.errors + r.non2xx };
}

async function childMain(args: string[]): Promise<void> {
  const [generator, url, connections, durationMs] = args;
  const run = generator === 'headroom' ? runHeadroomChild : runAutocannonChild;
  const result = await run(url!, Number(connections), Number(durationMs));
  process.stdout.write(`${CHILD_MARK}${JSON.stringify(result)}\n`);
}

// ---- parent mode ------------------------------------------------------------------------------

const children = new Set<ChildProcess>();

function runProcess(cmd: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${cmd} exited with ${code}\n${stderr}`));
    });
  });
}

async function runWrk(url: string, connections: number, durationSec: number, clockTicks: number): Promise<GeneratorRun> {
  // `read` is a shell builtin, so the shell's cutime/cstime then hold wrk's CPU and nothing else.
  const script = 'wrk "$@"; s=$?; read -r line < /proc/$$/stat; echo "CHILDSTAT $line" >&2; exit $s';
  const { stdout, stderr } = await runProcess('sh', ['-c', script, 'sh', '-t1', `-c${connections}`, `-d${durationSec}s`, '--latency', url]);
  const stat = /CHILDSTAT (.*)/.exec(stderr);
  if (!stat) throw new Error(`no CPU figure for wrk:\n${stderr}`);
  return { generator: 'wrk', ...parseWrkOutput(stdout), cpuSec: childCpuSecFromStat(stat[1]!, clockTicks) };
}

async function runNodeGenerator(generator: Generator, url: string, connections: number, durationSec: number): Promise<GeneratorRun> {
  const self = fileURLToPath(import.meta.url);
  const { stdout } = await runProcess(process.execPath, [...process.execArgv, self, '--child', generator, url, String(connections), String(durationSec * 1000)]);
  const line = stdout.split('\n').find((l) => l.startsWith(CHILD_MARK));
  if (!line) throw new Error(`${generator} printed no result:\n${stdout}`);
  return JSON.parse(line.slice(CHILD_MARK.length)) as GeneratorRun;
}

function versionOf(cmd: string, args: string[], pattern: RegExp): string {
  // nginx -v and wrk -v print to stderr (and wrk exits 1): look at both streams whatever the status.
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return pattern.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`)?.[0] ?? 'unknown version';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '10' },
      repeats: { type: 'string', default: '3' },
      generators: { type: 'string', default: GENERATORS.join(',') },
      'no-docs': { type: 'boolean', default: false },
    },
  });
  const connections = Number(values.connections);
  const durationSec = Number(values.duration);
  const repeats = Number(values.repeats);
  const generators = values.generators.split(',') as Generator[];
  if (generators.some((g) => !GENERATORS.includes(g)) || generators[0] !== 'wrk') throw new Error(`--generators: a list starting with wrk, from ${GENERATORS.join(', ')}`);
  const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

  let nginx: RunningNginx | null = null;
  const killAll = (): void => {
    nginx?.killNow();
    for (const c of children) c.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }

  const loadAverage = os.loadavg()[0]!;
  nginx = await startNginx();
  const runs: GeneratorRun[] = [];
  try {
    console.log(`nginx at ${nginx.url}; ${connections} connections, ${durationSec} s per run, ${repeats} rounds of ${generators.join(', ')}`);
    for (let round = 0; round < repeats; round++) {
      // Rotate the order each round so no generator always runs right after the same one.
      const order = generators.map((_, i) => generators[(i + round) % generators.length]!);
      for (const g of order) {
        const run = g === 'wrk' ? await runWrk(nginx.url, connections, durationSec, clockTicks) : await runNodeGenerator(g, nginx.url, connections, durationSec);
        runs.push(run);
        console.log(`  round ${round + 1} ${g.padEnd(10)} ${Math.round(run.reqPerSec).toLocaleString('en-US').padStart(8)} req/s  ${((run.cpuSec / run.requests) * 1e6).toFixed(1)} µs CPU/req  p50 ${run.p50Ms.toFixed(2)} ms  p99 ${run.p99Ms.toFixed(2)} ms  errors ${run.errors}`);
      }
    }
  } finally {
    await nginx.stop();
  }

  const rows = summarizeRuns(runs, generators);
  console.log(`\n${formatTable(rows)}`);
  if (values['no-docs']) return;
  const cpus = os.cpus();
  const section = renderDocsSection(rows, {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${os.type()} ${os.release()}`,
    connections,
    durationSec,
    repeats,
    loadAverage,
    versions: `Node ${process.version}, ${versionOf('/usr/sbin/nginx', ['-v'], /nginx\/[\d.]+/)}, ${versionOf('wrk', ['-v'], /wrk \S+/)}`,
  });
  const file = join(process.cwd(), 'docs', 'performance.md');
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n\n## Load generator\n';
  writeFileSync(file, spliceDocsSection(doc, section));
  console.log(`\nwrote the figures into ${file}`);
}

const argv = process.argv.slice(2);
const entry = argv[0] === '--child' ? childMain(argv.slice(1)) : main();
entry.catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
