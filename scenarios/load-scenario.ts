// Text of a scenario file → validated Scenario, or every problem with its path and line:column.
// Pure: the caller reads the file.
import { scenarioSchema, type Scenario } from './schema.js';
import { parseYamlWith, type FileProblem } from './yaml-positions.js';

export { formatPath, formatProblems } from './yaml-positions.js';

export type ScenarioProblem = FileProblem;

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

export function loadScenario(text: string): LoadResult {
  const parsed = parseYamlWith(scenarioSchema, text);
  return parsed.ok ? { ok: true, scenario: parsed.data } : parsed;
}
