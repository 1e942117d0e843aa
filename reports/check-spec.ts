// Holds a vega-lite spec to every check we can run without a browser: the vega-lite JSON schema,
// vega-lite's compiler (with its warnings captured, not printed), vega's parser, and a headless
// vega View rendered to SVG so the dataflow actually runs. Used by the report tests.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { validateJsonSchema, type JsonSchema } from './validate-json-schema.js';

export interface SpecCheck {
  schemaIssues: string[];
  /** Warnings and errors vega-lite or vega logged while compiling, parsing and running. */
  logged: string[];
  svg: string;
}

function collectingLogger(sink: string[]) {
  let level = 0;
  const push = (kind: string) => (...args: readonly unknown[]) => {
    sink.push(`${kind}: ${args.map(String).join(' ')}`);
  };
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    warn: (...a: readonly unknown[]) => (push('warn')(...a), logger),
    error: (...a: readonly unknown[]) => (push('error')(...a), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

export async function checkSpec(spec: TopLevelSpec, schema: JsonSchema): Promise<SpecCheck> {
  const schemaIssues = validateJsonSchema(spec, schema).map((i) => `${i.path}: ${i.message}`);
  const logged: string[] = [];
  const logger = collectingLogger(logged);
  // vega-lite's types allow this logger shape; the cast only bridges its overloaded `level` signature.
  const vg = compile(spec, { logger: logger as never }).spec;
  const runtime = parse(vg);
  const view = new View(runtime, { renderer: 'none' });
  view.logger(logger as never);
  view.logLevel(2); // vega.Warn
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  return { schemaIssues, logged, svg };
}

/** Data-bearing marks in a vega SVG: paths, symbols, rects, lines and texts inside role-mark groups. */
export function countMarks(svg: string): number {
  const groups = svg.match(/<g class="mark-[a-z]+ role-mark[^"]*"[^>]*>[\s\S]*?<\/g>/g) ?? [];
  return groups.reduce((n, g) => n + (g.match(/<(path|rect|line|text|circle)\b/g)?.length ?? 0), 0);
}
