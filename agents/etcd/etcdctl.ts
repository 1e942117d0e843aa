// Runs the real `etcdctl check perf --load=<p>` against an endpoint, for `npm run bench:etcd` to set
// our figures beside etcdctl's. Optionally scrapes the member's /metrics before and after, so the
// server's count of puts (and, with --metrics=extensive, its Put p99) can be lined up too:
// check perf itself prints no percentile.
import { spawn } from 'node:child_process';
import { parseCheckPerfOutput, type EtcdctlCheckPerfOutput } from '../../analyzers/check-perf-parse.js';
import { CHECK_PERF_PROFILES } from '../../analyzers/check-perf.js';
import { diffEtcdMetrics, diffEtcdPuts, type EtcdPutDelta } from '../../analyzers/etcd-server.js';
import type { EtcdServerStep } from '../../scenarios/result.js';
import type { EtcdProfile } from '../../scenarios/schema.js';
import { scrapeEtcdMetrics, type ScrapeTls } from './scrape-metrics.js';

export interface CheckPerfRunOptions {
  profile: EtcdProfile;
  endpoints: string[];
  /** Path of etcdctl (default: `etcdctl` on PATH). */
  binary?: string;
  /** etcdctl's default is /etcdctl-check-perf/; it refuses to start when the prefix holds keys. */
  prefix?: string;
  tls?: ScrapeTls;
  /** Passed in the environment (ETCDCTL_USER / ETCDCTL_PASSWORD), never on the command line. */
  auth?: { user: string; password: string };
  /** Scrape this /metrics before and after the run for the server's view of it. */
  metricsUrl?: string;
  /** Kill etcdctl after this long (default: the profile's 60 s + 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CheckPerfRun {
  /** The command run, for the report ("etcdctl --endpoints=… check perf --load=m"). */
  argv: string[];
  exitCode: number | null;
  /** Wall time of the etcdctl process. */
  durationMs: number;
  output: EtcdctlCheckPerfOutput;
  stdout: string;
  stderr: string;
  /** Server figures over the run (null without metricsUrl or when a scrape failed). */
  server: EtcdServerStep | null;
  puts: EtcdPutDelta | null;
  /** Why the scrape failed, when it did. */
  scrapeError: string | null;
}

export function checkPerfArgv(opts: CheckPerfRunOptions): string[] {
  return [
    `--endpoints=${opts.endpoints.join(',')}`,
    ...(opts.tls?.ca ? [`--cacert=${opts.tls.ca}`] : []),
    ...(opts.tls?.cert ? [`--cert=${opts.tls.cert}`] : []),
    ...(opts.tls?.key ? [`--key=${opts.tls.key}`] : []),
    'check',
    'perf',
    `--load=${opts.profile}`,
    ...(opts.prefix ? [`--prefix=${opts.prefix}`] : []),
  ];
}

interface Exited {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

function runEtcdctl(binary: string, argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<Exited> {
  return new Promise((resolveRun, reject) => {
    const started = Date.now();
    const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      // The progress bar redraws ~5 times a second; its tail is all a reader needs.
      stdout = (stdout + c.toString('utf8')).slice(-64_000);
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-64_000);
    });
    const kill = (): void => {
      if (child.exitCode === null) child.kill('SIGTERM');
    };
    const timer = setTimeout(kill, timeoutMs);
    signal?.addEventListener('abort', kill, { once: true });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${binary}: ${err.message}`));
    });
    let done = false;
    const finish = (code: number | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      resolveRun({ exitCode: code, stdout, stderr, durationMs: Date.now() - started });
    };
    child.once('close', finish);
    // A grandchild can hold the pipes open after etcdctl exits; do not wait on it for long.
    child.once('exit', (code) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }, 1000).unref();
    });
  });
}

export async function runCheckPerf(opts: CheckPerfRunOptions): Promise<CheckPerfRun> {
  const profile = CHECK_PERF_PROFILES[opts.profile];
  const argv = checkPerfArgv(opts);
  const env: NodeJS.ProcessEnv = { ...process.env, ETCDCTL_API: '3' };
  delete env.ETCDCTL_USER;
  delete env.ETCDCTL_PASSWORD;
  if (opts.auth) {
    env.ETCDCTL_USER = opts.auth.user;
    env.ETCDCTL_PASSWORD = opts.auth.password;
  }
  let scrapeError: string | null = null;
  const scrape = async () => {
    if (!opts.metricsUrl || scrapeError) return null;
    try {
      return await scrapeEtcdMetrics(opts.metricsUrl, { tls: opts.tls, timeoutMs: 5000 });
    } catch (err) {
      scrapeError = err instanceof Error ? err.message : String(err);
      return null;
    }
  };
  const before = await scrape();
  const run = await runEtcdctl(opts.binary ?? 'etcdctl', argv, env, opts.timeoutMs ?? profile.durationMs + 60_000, opts.signal);
  const after = before ? await scrape() : null;
  return {
    argv: ['etcdctl', ...argv],
    exitCode: run.exitCode,
    durationMs: run.durationMs,
    output: parseCheckPerfOutput(run.stdout, run.stderr, opts.profile),
    stdout: run.stdout,
    stderr: run.stderr,
    server: before && after && opts.metricsUrl ? diffEtcdMetrics(before, after, opts.metricsUrl) : null,
    puts: before && after ? diffEtcdPuts(before, after) : null,
    scrapeError,
  };
}
