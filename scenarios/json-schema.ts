// scenarios/schema.json is derived from the zod schema (input side: what a user may write), so
// editors autocomplete exactly what the loader accepts.
import { z } from 'zod';
import { scenarioSchema } from './schema.js';

export function buildJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return {
    ...schema,
    $id: 'https://github.com/headroom/headroom/scenarios/schema.json',
    title: 'headroom scenario',
    description: 'A headroom scenario file: a name and a list of benches, each with a kind and its load plan.',
  };
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
