// Reads and validates a scenario file; every problem is reported with its position.
import { readFile } from 'node:fs/promises';
import { formatProblems, loadScenario } from '../scenarios/load-scenario.js';
import type { Scenario } from '../scenarios/schema.js';
import { UserError } from './exit-codes.js';

export async function readScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read scenario ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const loaded = loadScenario(text);
  if (!loaded.ok) {
    const n = loaded.problems.length;
    throw new UserError(`${file}: ${n} problem${n > 1 ? 's' : ''}\n${formatProblems(file, loaded.problems)}`);
  }
  return loaded.scenario;
}
