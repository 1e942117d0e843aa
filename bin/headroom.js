#!/usr/bin/env node
// Launcher: the CLI is written in TypeScript and compiled to dist/ by `npm run build` (run by `npm ci` via prepare).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/bin/headroom.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('headroom: dist/ is missing; run `npm run build` (or `npm ci`) first\n');
  process.exit(3);
}
await import(entry.href);
