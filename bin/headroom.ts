// The one CLI entry: parse argv → load scenario → run agents → analyze → report → exit code.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { EXIT, UserError } from '../agents/exit-codes.js';
import { quickstartCommand } from '../agents/quickstart-command.js';
import { readScenario } from '../agents/read-scenario.js';
import { reportCommand } from '../agents/report-command.js';
import { runCommand } from '../agents/run-command.js';
import { registerTargetCommand } from '../agents/target/cli.js';
import { addResourcesCommand } from '../agents/recommend/resources-command.js';
import { addMaxPodsCommand } from '../agents/recommend/max-pods-command.js';
import { registerPlanCommand } from '../agents/plan-command.js';
import { registerInventoryCommand } from '../agents/inventory/command.js';
import { registerCompareCommand } from '../agents/compare-command.js';
import { renderJsonSchema } from '../scenarios/json-schema.js';
import { describeBench } from '../scenarios/describe-bench.js';

// `headroom … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    an SLO failed (e.g. SLO-compliant capacity below slo.minThroughput)
  2    bad input: invalid scenario, flag or file (nothing is run or written)
  3    runtime failure: target unreachable, engine or I/O failure
  130  interrupted (Ctrl-C): result.json and report.html hold the finished steps`;

const program = new Command('headroom')
  .description('Capacity benchmarking for Kubernetes fleets: find where a service saturates, with numbers you can defend.')
  .version('0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText('after', `
Examples:
  $ headroom quickstart                                   # a 1-minute demo against a built-in target of known capacity
  $ headroom run scenarios/examples/checkout.yaml --out results/checkout
  $ headroom run my.yaml --json | jq '.benches[].saturation'
  $ headroom report results/checkout/result.json --out checkout.html
  $ headroom target --model fixed --workers 8 --service-ms 10 --port 8080
${EXIT_CODES_HELP}`)
  .exitOverride();

program
  .command('run')
  .description('Run a scenario: step the load up, find the saturation point, write result.json and report.html.')
  .argument('<scenario>', 'scenario file (YAML), see scenarios/examples/')
  .option('-o, --out <dir>', 'output directory (default: results/<scenario name>)')
  .option('--json', 'print one JSON summary object on stdout instead of the text summary')
  .addOption(new Option('--seed <n>', 'seed for Poisson arrivals and bootstrap ranges').argParser((v) => parseIntFlag('--seed', v)).default(1))
  .addOption(new Option('--pid <pid>', 'also sample this local process\'s CPU and RSS (e.g. the service under test)').argParser((v) => parseIntFlag('--pid', v)))
  .addHelpText('after', `
Progress goes to stderr (a live line on a terminal, one line per step on a pipe); the summary or
--json object goes to stdout. result.json is rewritten after every step, so Ctrl-C (or a crash)
keeps the finished steps.
${EXIT_CODES_HELP}`)
  .action(async (file: string, opts: { out?: string; json?: boolean; seed: number; pid?: number }) => {
    const scenario = await readScenario(file);
    process.exitCode = await runCommand(scenario, { file: resolve(file), outDir: opts.out ?? `results/${scenario.name}`, json: Boolean(opts.json), seed: opts.seed, pid: opts.pid });
  });

program
  .command('validate')
  .description('Check a scenario file without running it: every problem with its path and line:column, and the steps it would run.')
  .argument('<scenario>', 'scenario file (YAML)')
  .action(async (file: string) => {
    const scenario = await readScenario(file);
    for (const b of scenario.benches) process.stdout.write(`${describeBench(b)}\n`);
    process.stdout.write(`${file}: ok\n`);
  });

program
  .command('report')
  .description('Re-render report.html from a result.json.')
  .argument('<result>', 'result.json written by `headroom run`')
  .option('-o, --out <file>', 'output HTML file (default: report.html beside the result)')
  .action(async (file: string, opts: { out?: string }) => {
    const out = opts.out ?? resolve(file, '..', 'report.html');
    await reportCommand(file, out);
    process.stdout.write(`report: ${resolve(out)}\n`);
  });

program
  .command('quickstart')
  .description('Start a calibrated target in-process and run scenarios/examples/quickstart.yaml against it (about a minute).')
  .option('-o, --out <dir>', 'output directory', 'results/quickstart')
  .option('--json', 'print the JSON summary on stdout')
  .action(async (opts: { out: string; json?: boolean }) => {
    process.exitCode = await quickstartCommand({ outDir: opts.out, json: Boolean(opts.json) });
  });

program
  .command('schema')
  .description('Print the JSON Schema of scenario files (also in scenarios/schema.json, for editor autocomplete).')
  .action(() => {
    process.stdout.write(renderJsonSchema());
  });

registerTargetCommand(program);

const recommend = program
  .command('recommend')
  .description('Turn measurements into decisions: container requests and limits from Prometheus history, maxPods for a node model.');
addResourcesCommand(recommend);
addMaxPodsCommand(recommend);
registerPlanCommand(program);
registerInventoryCommand(program);
registerCompareCommand(program);

function parseIntFlag(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`${flag} takes an integer, got "${value}".`);
  return n;
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version exit 0; usage errors are bad input.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  } else if (err instanceof UserError) {
    process.stderr.write(`headroom: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`headroom: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT.runtimeFailure;
  }
}
