// YAML (or JSON) text + a zod schema → validated data, or every problem with its path and
// line:column. Shared by every file headroom reads (scenarios, node models, workloads, density).
// Pure: the caller reads the file.
import { isMap, isNode, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { Parsed } from './units.js';

export interface FileProblem {
  /** Path in the file, e.g. `benches[0].load.steps[2]`; empty for the whole file. */
  path: string;
  message: string;
  line: number;
  column: number;
}

export type ParsedFile<T> = { ok: true; data: T } | { ok: false; problems: FileProblem[] };

/** A field written in human units ("500m", "64Gi", "5s"), normalised by `parse`, which names the problem when it fails. */
export function humanUnitField(parse: (v: string | number) => Parsed<number>, description: string) {
  return z
    .union([z.string(), z.number()])
    .transform((v, ctx) => {
      const r = parse(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.error });
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ description });
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Position of the deepest node that exists along the path (a missing key points at its parent). */
export function positionOf(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): { line: number; column: number } {
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

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = data;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  // A union says only "Invalid input" when the field is simply missing.
  if (issue.code === 'invalid_union' && valueAt(data, issue.path) === undefined) return 'required field is missing';
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `${issue.message} (field "${String(issue.discriminator)}")`;
  }
  return issue.message;
}

/**
 * Parses `text` as YAML (JSON is YAML too) and validates it against `schema`, or against the schema
 * `schema(data)` picks when a file may come in several shapes (so problems keep their real paths).
 */
export function parseYamlWith<S extends z.ZodType>(schema: S | ((data: unknown) => S), text: string): ParsedFile<z.output<S>> {
  const pick = (data: unknown): S => (typeof schema === 'function' ? schema(data) : schema);
  // JSON (a right-sizing output can hold thousands of containers) parses ~30× faster natively than
  // through the YAML parser; only a file that fails goes the slow way, to find the positions. (The
  // fast path lets a duplicate key through, last one winning, as JSON.parse does.)
  if (/^\s*[[{]/.test(text)) {
    try {
      const data: unknown = JSON.parse(text);
      const fast = pick(data).safeParse(data);
      if (fast.success) return { ok: true, data: fast.data };
    } catch {
      /* not JSON after all (flow-style YAML): parse it as YAML below */
    }
  }
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
  const parsed = pick(data).safeParse(data ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    // An unknown key is best pointed at the key itself.
    const path = issue.code === 'unrecognized_keys' && issue.keys.length === 1 ? [...issue.path, issue.keys[0]!] : issue.path;
    return { path: formatPath(path), message: describeIssue(issue, data), ...positionOf(doc, lines, path) };
  });
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems };
}

export function formatProblems(file: string, problems: readonly FileProblem[]): string {
  return problems.map((p) => `${file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n');
}
