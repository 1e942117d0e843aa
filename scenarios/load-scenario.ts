// Text of a scenario file → validated Scenario, or every problem with its path and line:column.
// Pure: the caller reads the file.
import { isMap, isNode, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './schema.js';

export interface ScenarioProblem {
  /** Path in the file, e.g. `benches[0].load.steps[2]`; empty for the whole file. */
  path: string;
  message: string;
  line: number;
  column: number;
}

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Position of the deepest node that exists along the path (a missing key points at its parent). */
function positionOf(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): { line: number; column: number } {
  let node: unknown = doc.contents;
  let offset = isNode(node) && node.range ? node.range[0] : 0;
  for (const key of path) {
    if (!isMap(node) && !isSeq(node)) break;
    const pair = isMap(node) ? node.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === key) : undefined;
    const next: unknown = isMap(node) ? pair?.value : node.get(key as number, true);
    if (isMap(node) && pair && isNode(pair.key) && pair.key.range && !isNode(next)) {
      offset = pair.key.range[0];
      break;
    }
    if (!isNode(next) || !next.range) break;
    node = next;
    offset = next.range[0];
  }
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `${issue.message} (field "${String(issue.discriminator)}")`;
  }
  return issue.message;
}

export function loadScenario(text: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: '', message: `YAML: ${e.message.split('\n')[0]}`, line: pos.line, column: pos.col };
      }),
    };
  }
  const data: unknown = doc.toJS();
  const parsed = scenarioSchema.safeParse(data ?? {});
  if (parsed.success) return { ok: true, scenario: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    // An unknown key is best pointed at the key itself.
    const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
    return { path: formatPath(path), message: describeIssue(issue), ...positionOf(doc, lines, path) };
  });
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems };
}

export function formatProblems(file: string, problems: readonly ScenarioProblem[]): string {
  return problems.map((p) => `${file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n');
}
