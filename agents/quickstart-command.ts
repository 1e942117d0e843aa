// `headroom quickstart`: a calibrated target on its own thread, the quickstart scenario against it,
// and the known answer printed beside the measured one.
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../scenarios/result.js';
import type { Scenario } from '../scenarios/schema.js';
import { readScenario } from './read-scenario.js';
import { runCommand } from './run-command.js';
import { startTargetThread } from './start-target-thread.js';
import { describeTarget, theoreticalCapacity } from './target/models.js';
import type { TargetOptions } from './target/server.js';

export const QUICKSTART_TARGET: TargetOptions = { model: 'usl', lambda: 100, sigma: 0.03, kappa: 0.0008 };

export function quickstartScenarioPath(): string {
  // Same relative place from bin/../scenarios (sources) and dist/agents/../../scenarios (compiled).
  const here = fileURLToPath(import.meta.url);
  const up = here.includes('/dist/') ? '../../scenarios/examples/quickstart.yaml' : '../scenarios/examples/quickstart.yaml';
  return fileURLToPath(new URL(up, import.meta.url));
}

export function pointAt(scenario: Scenario, url: string): Scenario {
  return { ...scenario, benches: scenario.benches.map((b) => (b.kind === 'http' ? { ...b, target: { ...b.target, url } } : b)) };
}

function knownAnswer(result: RunResult): string {
  const lines = [`known answer: ${describeTarget(QUICKSTART_TARGET)}`];
  const cap = theoreticalCapacity(QUICKSTART_TARGET);
  for (const b of result.benches) {
    if (b.usl && Number.isFinite(b.usl.peak)) {
      const peakErr = ((b.usl.peak - cap.peakLoad) / cap.peakLoad) * 100;
      const xErr = ((b.usl.peakThroughput - cap.peakThroughput) / cap.peakThroughput) * 100;
      lines.push(`  ${b.name}: fitted N*=${b.usl.peak.toFixed(1)} (${peakErr >= 0 ? '+' : ''}${peakErr.toFixed(1)}%), peak ${b.usl.peakThroughput.toFixed(0)} req/s (${xErr >= 0 ? '+' : ''}${xErr.toFixed(1)}%)`);
    }
  }
  return lines.join('\n');
}

export async function quickstartCommand(opts: { outDir: string; json: boolean }): Promise<number> {
  const file = quickstartScenarioPath();
  const scenario = await readScenario(file);
  const target = await startTargetThread(QUICKSTART_TARGET);
  process.stderr.write(`calibrated target on ${target.url}: ${describeTarget(QUICKSTART_TARGET)}\n`);
  try {
    return await runCommand(pointAt(scenario, target.url), { file, outDir: opts.outDir, json: opts.json, epilogue: knownAnswer });
  } finally {
    await target.close();
  }
}
