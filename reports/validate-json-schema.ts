// A small JSON-Schema (draft-07) validator covering the keywords vega-lite's schema uses ($ref to
// local definitions, type, anyOf, properties, additionalProperties, required, items, enum, const,
// min/max, minItems/maxItems, minProperties, min/maxLength). It lets the tests hold every emitted
// spec against vega-lite-schema.json without a validator dependency; `format` is not checked.

export type JsonSchema = boolean | { [keyword: string]: unknown };

export interface SchemaIssue {
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

/** Every problem with `value` against `schema` (empty when valid). `root` holds the definitions `$ref`s point into. */
export function validateJsonSchema(value: unknown, schema: JsonSchema, root: JsonSchema = schema, path = ''): SchemaIssue[] {
  if (schema === true) return [];
  if (schema === false) return [{ path, message: 'no value is allowed here' }];
  const issues: SchemaIssue[] = [];
  const fail = (message: string, at = path): void => void issues.push({ path: at || '/', message });

  if (typeof schema['$ref'] === 'string') {
    issues.push(...validateJsonSchema(value, resolveRef(schema['$ref'], root), root, path));
  }
  if (schema['type'] !== undefined) {
    const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type'] as string];
    if (!types.some((t) => typeMatches(value, t))) fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
  }
  if ('const' in schema && JSON.stringify(schema['const']) !== JSON.stringify(value)) fail(`expected ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    fail(`expected one of ${JSON.stringify(schema['enum'])}`);
  }
  if (Array.isArray(schema['anyOf'])) {
    const branches = (schema['anyOf'] as JsonSchema[]).map((s) => validateJsonSchema(value, s, root, path));
    if (!branches.some((b) => b.length === 0)) {
      // Report the branch that got furthest (fewest issues, then deepest), usually the one the author meant.
      const depth = (b: SchemaIssue[]): number => Math.max(...b.map((i) => i.path.split('/').length));
      const best = branches.reduce((a, b) => (b.length < a.length || (b.length === a.length && depth(b) > depth(a)) ? b : a));
      issues.push(...best);
    }
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) fail(`must be ≥ ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) fail(`must be ≤ ${schema['maximum']}`);
  }
  if (typeof value === 'string') {
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) fail(`shorter than ${schema['minLength']}`);
    if (typeof schema['maxLength'] === 'number' && value.length > schema['maxLength']) fail(`longer than ${schema['maxLength']}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) fail(`fewer than ${schema['minItems']} items`);
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) fail(`more than ${schema['maxItems']} items`);
    const items = schema['items'];
    if (Array.isArray(items)) {
      items.forEach((s, i) => {
        if (i < value.length) issues.push(...validateJsonSchema(value[i], s as JsonSchema, root, `${path}/${i}`));
      });
    } else if (items !== undefined) {
      value.forEach((v, i) => issues.push(...validateJsonSchema(v, items as JsonSchema, root, `${path}/${i}`)));
    }
  }
  if (isObj(value)) {
    const props = isObj(schema['properties']) ? schema['properties'] : {};
    if (Array.isArray(schema['required'])) {
      for (const k of schema['required'] as string[]) if (!(k in value)) fail(`missing required property "${k}"`);
    }
    if (typeof schema['minProperties'] === 'number' && Object.keys(value).length < schema['minProperties']) {
      fail(`needs at least ${schema['minProperties']} properties`);
    }
    const extra = schema['additionalProperties'];
    for (const [k, v] of Object.entries(value)) {
      const at = `${path}/${k}`;
      if (k in props) issues.push(...validateJsonSchema(v, props[k] as JsonSchema, root, at));
      else if (extra === false) fail(`unknown property "${k}"`, at);
      else if (extra !== undefined && extra !== true) issues.push(...validateJsonSchema(v, extra as JsonSchema, root, at));
    }
  }
  return issues;
}

function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObj(node) ? node[key] : undefined;
  }
  if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return node as JsonSchema;
}
