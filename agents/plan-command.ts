// `headroom plan`: workloads × node models → nodes needed per model, as a table, JSON, or files
// with an HTML report. Reads and writes here; the sizing itself is analyzers/plan.ts.
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { planCluster, type Plan } from '../analyzers/plan.js';
import { buildPlanReport, planJson } from '../reports/plan-report.js';
import { formatPlanText } from '../reports/plan-text.js';
import { renderHtml } from '../reports/render-html.js';
import { loadNodeModels, type NodeModelsFile } from '../scenarios/node-models.js';
import { loadWorkloads, type Workload } from '../scenarios/workloads.js';
import { formatProblems, type ParsedFile } from '../scenarios/yaml-positions.js';
import { EXIT, UserError } from './exit-codes.js';
import { writeFileAtomic } from './write-file-atomic.js';
import { loadReportLibs } from './write-report.js';

/** Where a command's output goes; tests pass their own. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  now: () => Date;
}

export const PROCESS_IO: CommandIo = { stdout: process.stdout, stderr: process.stderr, now: () => new Date() };

/** The flags as commander hands them over: strings, checked together so every problem is reported. */
export interface PlanFlags {
  workloads: string;
  nodes: string;
  targetUtilization: string;
  spare: string;
  testedLimit: string;
  model?: string;
  json?: boolean;
  out?: string;
}

export async function readInputFile(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

export function orThrow<T>(parsed: ParsedFile<T>, file: string, flag: string): T {
  if (parsed.ok) return parsed.data;
  const n = parsed.problems.length;
  throw new UserError(`${flag} ${file}: ${n} problem${n > 1 ? 's' : ''}\n${formatProblems(file, parsed.problems)}`);
}

/** `--out x.html` names the report (x.json beside it); any other path is a directory for `<name>.html` and `<name>.json`. */
export function outputPaths(out: string, name: string): { html: string; json: string; dir: string } {
  const path = resolve(out);
  if (path.endsWith('.html')) return { html: path, json: path.replace(/\.html$/, '.json'), dir: resolve(path, '..') };
  return { html: join(path, `${name}.html`), json: join(path, `${name}.json`), dir: path };
}

export async function writeOutput(file: string, data: string): Promise<void> {
  try {
    await writeFileAtomic(file, data);
  } catch (err) {
    throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, EXIT.runtimeFailure);
  }
}

/** A number flag: "0.8" or "80%" for fractions, plain digits for counts. */
export function parseNumberFlag(flag: string, text: string, check: { integer?: boolean; min?: number; max?: number; minExclusive?: boolean; percent?: boolean }, problems: string[]): number {
  const pct = check.percent ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text) : null;
  const value = pct ? Number(pct[1]) / 100 : /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  const low = check.min === undefined ? true : check.minExclusive ? value > check.min : value >= check.min;
  const ok = Number.isFinite(value) && (!check.integer || Number.isInteger(value)) && low && (check.max === undefined || value <= check.max);
  if (!ok) {
    const range = [check.min !== undefined ? `${check.minExclusive ? '>' : '≥'} ${check.min}` : '', check.max !== undefined ? `≤ ${check.max}` : ''].filter(Boolean).join(' and ');
    problems.push(`${flag} takes ${check.integer ? 'an integer' : check.percent ? 'a fraction or a percentage ("0.8", "80%")' : 'a number'}${range ? ` ${range}` : ''}, got "${text}"`);
  }
  return value;
}

export function parsePlanFlags(flags: PlanFlags): { targetUtilization: number; spare: number; testedLimit: number } {
  const problems: string[] = [];
  const targetUtilization = parseNumberFlag('--target-utilization', flags.targetUtilization, { min: 0, minExclusive: true, max: 1, percent: true }, problems);
  const spare = parseNumberFlag('--spare', flags.spare, { integer: true, min: 0 }, problems);
  const testedLimit = parseNumberFlag('--tested-limit', flags.testedLimit, { integer: true, min: 1 }, problems);
  if (problems.length) throw new UserError(problems.join('\n'));
  return { targetUtilization, spare, testedLimit };
}

export async function planCommand(flags: PlanFlags, io: CommandIo = PROCESS_IO): Promise<number> {
  const opts = parsePlanFlags(flags);
  const [workloadsText, nodesText] = await Promise.all([readInputFile(flags.workloads, '--workloads'), readInputFile(flags.nodes, '--nodes')]);
  const workloads: Workload[] = orThrow(loadWorkloads(workloadsText), flags.workloads, '--workloads');
  const nodes: NodeModelsFile = orThrow(loadNodeModels(nodesText), flags.nodes, '--nodes');
  if (flags.model !== undefined && !nodes.nodes.some((n) => n.name === flags.model)) {
    throw new UserError(`--model ${flags.model}: no such model in ${flags.nodes} (${nodes.nodes.map((n) => n.name).join(', ')})`);
  }

  const plan: Plan = planCluster(workloads, nodes.nodes, opts);
  if (plan.models.length === 0) {
    throw new UserError(`no node model in ${flags.nodes} can hold every workload:\n${plan.infeasible.map((i) => `  ${i.reason}`).join('\n')}`);
  }
  const priceUnit = nodes.priceUnit ?? null;

  if (flags.out !== undefined) {
    const paths = outputPaths(flags.out, 'plan');
    const model = buildPlanReport(plan, { generatedAt: io.now().toISOString(), workloadsFile: flags.workloads, nodesFile: flags.nodes, priceUnit, model: flags.model });
    const html = renderHtml(model, await loadReportLibs());
    await writeOutput(paths.json, `${JSON.stringify(planJson(plan, { packing: true }), null, 2)}\n`);
    await writeOutput(paths.html, html);
    io.stderr.write(`wrote ${paths.html} and ${paths.json}\n`);
  }
  io.stdout.write(flags.json ? `${JSON.stringify(planJson(plan), null, 2)}\n` : formatPlanText(plan, priceUnit));
  return EXIT.ok;
}

const HELP_AFTER = `
Workloads: YAML \`workloads: [{ name, namespace?, replicas, cpu, memory }]\` (requests of one pod), or
the JSON \`headroom recommend resources\` writes (containers summed per workload).
Node models: YAML \`nodes: [{ name, cpu, memory, maxPods?, price? }]\`, optional \`priceUnit\`.
Each model's allocatable follows the GKE/EKS reservation tiers (see docs/plan.md).

Examples:
  $ headroom plan --workloads scenarios/examples/workloads.yaml --nodes scenarios/examples/node-models.yaml
  $ headroom plan --workloads sizing/workloads.json --nodes nodes.yaml --spare 2 --out plan.html
  $ headroom plan --workloads w.yaml --nodes n.yaml --json | jq '.models[] | {name, nodes, cost}'

Exit codes: 0 ok · 2 bad input (a flag, a file, a workload no model can hold) · 3 cannot write output`;

export function registerPlanCommand(program: Command, io: CommandIo = PROCESS_IO): void {
  program
    .command('plan')
    .description('Size a cluster: nodes needed per node model for a set of workloads (first-fit decreasing, N+1 spares, cost).')
    .requiredOption('--workloads <file>', 'workloads YAML, or right-sizing JSON')
    .requiredOption('--nodes <file>', 'node models YAML')
    .option('--target-utilization <fraction>', 'share of allocatable CPU and memory to fill, "0.8" or "80%"', '0.8')
    .option('--spare <n>', 'spare nodes per model for failures (N+1 by default)', '1')
    .option('--tested-limit <n>', 'maxPods for a model that does not give one', '110')
    .option('--model <name>', 'model whose packing the report shows (default: the cheapest, else the first)')
    .option('--json', 'print one JSON object instead of the table')
    .option('-o, --out <path>', 'write plan.html and plan.json (a directory, or a file ending in .html)')
    .addHelpText('after', HELP_AFTER)
    .action(async (flags: PlanFlags) => {
      process.exitCode = await planCommand(flags, io);
    });
}
