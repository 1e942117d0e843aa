// `headroom run`: scenario → load → result.json + report.html, with progress and an exit code.
import { join, resolve } from 'node:path';
import { buildJsonSummary } from '../reports/json-summary.js';
import { formatTextSummary } from '../reports/text-summary.js';
import type { RunResult } from '../scenarios/result.js';
import type { Scenario } from '../scenarios/schema.js';
import { EXIT, UserError } from './exit-codes.js';
import { createProgress } from './progress.js';
import { partialOf, type RunEvent } from './run-events.js';
import { runScenario } from './run-scenario.js';
import { writeFileAtomic } from './write-file-atomic.js';
import { writeReport } from './write-report.js';

export interface RunCommandOptions {
  file: string | null;
  outDir: string;
  json: boolean;
  seed?: number;
  pid?: number;
  /** Where progress goes: stderr, so stdout carries only the summary (or the JSON). */
  stderr?: NodeJS.WriteStream;
  stdout?: NodeJS.WriteStream;
  /** Before the summary, e.g. quickstart's note on the target's known capacity. */
  epilogue?: (result: RunResult) => string;
}

export function resultPaths(outDir: string): { result: string; report: string } {
  return { result: join(outDir, 'result.json'), report: join(outDir, 'report.html') };
}

/** Runs the load until done or interrupted; Ctrl-C once stops within a second and keeps what finished, twice exits at once. */
export async function runCommand(scenario: Scenario, opts: RunCommandOptions): Promise<number> {
  const stderr = opts.stderr ?? process.stderr;
  const stdout = opts.stdout ?? process.stdout;
  const outDir = resolve(opts.outDir);
  const paths = resultPaths(outDir);
  const controller = new AbortController();
  let signals = 0;
  // etcd benches clean their prefix up on the way out: a second signal only repeats that it is
  // happening, a third abandons it.
  const cleansUp = scenario.benches.some((b) => b.kind === 'etcd');
  const onSignal = (sig: NodeJS.Signals): void => {
    signals++;
    if (signals > (cleansUp ? 2 : 1)) process.exit(EXIT.interrupted);
    if (signals === 2) {
      stderr.write(`\n${sig}: still deleting the bench's etcd keys and leases (again to quit at once and leave them)\n`);
      return;
    }
    stderr.write(`\n${sig}: stopping the load; finished steps are kept${cleansUp ? ' and the etcd prefix is cleaned up' : ''} (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const progress = createProgress({ write: (t) => stderr.write(t), tty: Boolean(stderr.isTTY) });
  let writes = Promise.resolve();
  let lastPartial: RunResult | null = null;
  const onEvent = (e: RunEvent): void => {
    progress.onEvent(e);
    const partial = partialOf(e);
    if (partial) {
      // Written after every step or metric, so a crash or a kill -9 still leaves what finished on disk.
      lastPartial = partial;
      const data = `${JSON.stringify(partial, null, 2)}\n`;
      writes = writes.then(() => writeFileAtomic(paths.result, data));
    }
  };

  let result: RunResult;
  try {
    result = await runScenario(scenario, { file: opts.file, signal: controller.signal, emit: onEvent, seed: opts.seed, pid: opts.pid });
  } catch (err) {
    progress.finish();
    await writes.catch(() => undefined);
    const partial = lastPartial as RunResult | null;
    if (partial) await writeReport(partial, paths.report).catch(() => undefined);
    stderr.write(`headroom: ${partial ? 'run failed: ' : ''}${err instanceof Error ? err.message : String(err)}\n`);
    if (partial) stderr.write(`finished steps kept in ${paths.result}\n`);
    return err instanceof UserError ? err.exitCode : EXIT.runtimeFailure;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  await writes;
  await writeFileAtomic(paths.result, `${JSON.stringify(result, null, 2)}\n`);
  await writeReport(result, paths.report);

  if (opts.json) {
    stdout.write(`${JSON.stringify(buildJsonSummary(result, outDir), null, 2)}\n`);
  } else {
    stdout.write(`\n${formatTextSummary(result)}\n`);
    if (opts.epilogue) stdout.write(`${opts.epilogue(result)}\n`);
    stdout.write(`result: ${paths.result}\nreport: ${paths.report}\n`);
  }
  if (!result.complete) return EXIT.interrupted;
  return result.passed ? EXIT.ok : EXIT.thresholdsFailed;
}
