// `npm run schema`: regenerate scenarios/schema.json from the zod schema.
import { writeFileSync } from 'node:fs';
import { renderJsonSchema } from '../scenarios/json-schema.js';

const file = new URL('../scenarios/schema.json', import.meta.url);
writeFileSync(file, renderJsonSchema());
process.stdout.write(`wrote ${file.pathname}\n`);
