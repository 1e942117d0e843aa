// `headroom target`: run the calibrated target from the command line.
import { Command } from 'commander';
import { parseBytes, parseDurationMs } from '../../scenarios/units.js';
import { describeTarget } from './models.js';
import { validateTargetOptions, type TargetField, type TargetOptions } from './options.js';
import { startTarget, type RunningTarget } from './server.js';

export { describeTarget, theoreticalCapacity } from './models.js';

/** The flags as commander hands them over: strings, checked together so every problem is reported. */
export interface TargetFlags {
  model: string;
  lambda: string;
  sigma: string;
  kappa: string;
  workers: string;
  serviceMs: string;
  stallEvery?: string;
  stallMs?: string;
  responseBytes?: string;
  host: string;
  port: string;
}

export interface TargetCommandHooks {
  /** Where the two start-up lines go; default stdout. */
  out?: (line: string) => void;
  onStarted?: (target: RunningTarget) => void;
  /** Keep serving until SIGINT/SIGTERM (default true); false returns as soon as the target listens. */
  untilSignal?: boolean;
}

const FLAG: Record<TargetField, string> = {
  lambda: '--lambda',
  sigma: '--sigma',
  kappa: '--kappa',
  workers: '--workers',
  serviceMs: '--service-ms',
  port: '--port',
  stallEveryMs: '--stall-every',
  stallMs: '--stall-ms',
  responseBytes: '--response-bytes',
};

const USL_FLAGS = ['lambda', 'sigma', 'kappa'] as const;
const FIXED_FLAGS = ['workers', 'serviceMs'] as const;

const HELP_AFTER = `
Models:
  usl    Throughput follows the Universal Scalability Law exactly:
           X(N) = λN / (1 + σ(N−1) + κN(N−1))
         with N requests in flight. Use it to check that a load generator (or headroom's USL fit)
         finds the peak N* = √((1−σ)/κ) and the retrograde region beyond it. λ is the rate one
         request in flight gets; σ is contention (serialisation), κ coherency (crosstalk).
  fixed  K workers in front of a FIFO queue, each request taking exactly S ms once a worker picks
         it up: capacity K/S req/s, latency S below it and a growing queue above. Use it to check
         that a generator can push a known rate, and to see queueing latency at saturation.

  Stalls (--stall-every with --stall-ms) hold every reply due during the stall until it ends (the
  work goes on; only the replies wait). A closed-loop generator stops sending and records a handful
  of slow requests (coordinated omission); an open-loop one keeps sending and sees the whole pause
  in its percentiles.

  GET /healthz answers at once, whatever the model and even during a stall.

Examples:
  $ headroom target --model fixed --workers 8 --service-ms 10     # 800 req/s, 10 ms each
  $ headroom target --lambda 100 --sigma 0.03 --kappa 0.0008      # USL peak N*=34.8 at 1,178 req/s
  $ headroom target --port 0 --stall-every 10s --stall-ms 1s      # a 1 s pause every 10 s
The first line printed is "listening on <url>"; the second states the model's theoretical capacity.`;

export function registerTargetCommand(program: Command, hooks: TargetCommandHooks = {}): void {
  program
    .command('target')
    .description('Serve HTTP with a known capacity (a calibrated target), to check a load generator or a scenario end to end.')
    .option('--model <model>', 'delay model: usl or fixed', 'usl')
    .option('--lambda <req/s>', 'usl: requests per second one request in flight gets (λ)', '100')
    .option('--sigma <fraction>', 'usl: contention σ, in [0, 1]', '0.03')
    .option('--kappa <fraction>', 'usl: coherency κ, ≥ 0', '0.0008')
    .option('--workers <n>', 'fixed: number of workers K', '8')
    .option('--service-ms <ms>', 'fixed: service time S of one request, ms (or "2.5ms")', '10')
    .option('--stall-every <duration>', 'start a stall every this long, e.g. 10s (needs --stall-ms)')
    .option('--stall-ms <duration>', 'length of each stall, e.g. 1000 or 1s')
    .option('--response-bytes <size>', 'body size of a modelled reply, e.g. 512 or 16Ki (default 3 bytes)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on; 0 picks a free one', '8080')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: TargetFlags, cmd: Command) => {
      const given = (key: string) => ['cli', 'env'].includes(cmd.getOptionValueSource(key) ?? '');
      const parsed = parseTargetFlags(flags, given);
      if (!parsed.ok) cmd.error(parsed.errors.map((e) => `error: ${e}`).join('\n'), { exitCode: 2, code: 'headroom.target.invalidOption' });
      const out = hooks.out ?? ((line: string) => process.stdout.write(`${line}\n`));
      let target: RunningTarget;
      try {
        target = await startTarget(parsed.value);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
          cmd.error(`error: cannot listen on ${flags.host}:${flags.port} (${code}); choose another --host/--port, or --port 0 for a free port`, { exitCode: 2, code: 'headroom.target.listen' });
        }
        throw err;
      }
      out(`listening on ${target.url}`);
      out(describeTarget(parsed.value));
      const stalls = describeStalls(parsed.value);
      if (stalls) out(stalls);
      hooks.onStarted?.(target);
      if (hooks.untilSignal === false) return;
      await waitForSignal();
      const { served } = target.stats();
      await target.close();
      out(`stopped after serving ${served} request${served === 1 ? '' : 's'}`);
    });
}

/** Runs `headroom target <argv>` in-process and resolves with the running target (for tests). */
export async function runTargetCli(argv: string[], out: (line: string) => void): Promise<RunningTarget> {
  const program = new Command('headroom').exitOverride().configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: () => {} });
  let started: RunningTarget | null = null;
  registerTargetCommand(program, { out, untilSignal: false, onStarted: (t) => (started = t) });
  await program.parseAsync(['target', ...argv], { from: 'user' });
  if (!started) throw new Error('headroom target did not start');
  return started;
}

export type ParsedFlags = { ok: true; value: TargetOptions } | { ok: false; errors: string[] };

/** Flags → options, or every problem, each naming its flag. `given` says whether the user set a flag. */
export function parseTargetFlags(flags: TargetFlags, given: (key: keyof TargetFlags) => boolean = () => false): ParsedFlags {
  const errors: string[] = [];
  const num = (key: keyof TargetFlags, flag: string): number => {
    const text = String(flags[key]).trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
      errors.push(`${flag} "${flags[key]}" is not a number`);
      return Number.NaN;
    }
    return Number(text);
  };
  const duration = (key: keyof TargetFlags, flag: string): number | undefined => {
    const text = flags[key];
    if (text === undefined) return undefined;
    const parsed = parseDurationMs(text);
    if (parsed.ok) return parsed.value;
    errors.push(`${flag} ${parsed.error}`);
    return Number.NaN;
  };

  if (flags.model !== 'usl' && flags.model !== 'fixed') {
    return { ok: false, errors: [`--model must be usl or fixed, got "${flags.model}"`] };
  }
  const unused = flags.model === 'usl' ? FIXED_FLAGS : USL_FLAGS;
  for (const key of unused) {
    if (given(key)) errors.push(`${FLAG[key]} applies to --model ${flags.model === 'usl' ? 'fixed' : 'usl'}, not --model ${flags.model}`);
  }
  const model: TargetOptions =
    flags.model === 'usl'
      ? { model: 'usl', lambda: num('lambda', '--lambda'), sigma: num('sigma', '--sigma'), kappa: num('kappa', '--kappa') }
      : { model: 'fixed', workers: num('workers', '--workers'), serviceMs: duration('serviceMs', '--service-ms') ?? Number.NaN };
  const opts: TargetOptions = { ...model, host: flags.host, port: num('port', '--port') };
  const stallEveryMs = duration('stallEvery', '--stall-every');
  const stallMs = duration('stallMs', '--stall-ms');
  if (stallEveryMs !== undefined) opts.stallEveryMs = stallEveryMs;
  if (stallMs !== undefined) opts.stallMs = stallMs;
  if (flags.responseBytes !== undefined) {
    const bytes = parseBytes(flags.responseBytes);
    if (bytes.ok) opts.responseBytes = bytes.value;
    else errors.push(`--response-bytes ${bytes.error}`);
  }
  // Values that did not even parse are reported once, above, not again as out of range.
  const reported = new Set(errors.map((e) => e.split(' ')[0]));
  for (const p of validateTargetOptions(opts)) {
    if (!reported.has(FLAG[p.field])) errors.push(`${FLAG[p.field]} ${p.message}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: opts };
}

function describeStalls(opts: TargetOptions): string | null {
  if (!opts.stallEveryMs || !opts.stallMs) return null;
  return `stalls: every ${humanMs(opts.stallEveryMs)} (the first ${humanMs(opts.stallEveryMs)} after start), no reply is sent for ${humanMs(opts.stallMs)}`;
}

function humanMs(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
