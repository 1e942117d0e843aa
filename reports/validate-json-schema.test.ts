import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { validateJsonSchema, type JsonSchema } from './validate-json-schema.js';

const vegaLiteSchema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as JsonSchema;

describe('validateJsonSchema', () => {
  const schema: JsonSchema = {
    definitions: { Size: { type: 'number', minimum: 0, maximum: 10 } },
    type: 'object',
    required: ['kind'],
    additionalProperties: false,
    properties: {
      kind: { enum: ['a', 'b'] },
      size: { $ref: '#/definitions/Size' },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
      either: { anyOf: [{ type: 'string' }, { type: 'object', properties: { x: { const: 1 } }, additionalProperties: false }] },
    },
  };

  it('accepts a valid document', () => {
    expect(validateJsonSchema({ kind: 'a', size: 3, tags: ['x'], either: { x: 1 } }, schema)).toEqual([]);
  });

  it('reports each problem with its path', () => {
    const issues = validateJsonSchema({ size: 11, tags: ['x', 2, 'z'], colour: 'red', either: { x: 2 } }, schema);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '/', message: 'missing required property "kind"' },
        { path: '/size', message: 'must be ≤ 10' },
        { path: '/tags', message: 'more than 2 items' },
        { path: '/tags/1', message: 'expected string, got integer' },
        { path: '/colour', message: 'unknown property "colour"' },
        { path: '/either/x', message: 'expected 1' },
      ]),
    );
  });

  it('accepts a valid vega-lite spec and rejects the mistakes the TypeScript types let through', () => {
    const ok = { data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } };
    expect(validateJsonSchema(ok, vegaLiteSchema)).toEqual([]);
    // A datum colour with its own scale type-checks in vega-lite 6.4 but the schema (and the compiler) ignore the scale.
    const datumWithScale = { ...ok, encoding: { ...ok.encoding, color: { datum: 'x', type: 'nominal', scale: { range: ['red'] } } } };
    expect(validateJsonSchema(datumWithScale, vegaLiteSchema).length).toBeGreaterThan(0);
    expect(validateJsonSchema({ ...ok, mark: 'pointy' }, vegaLiteSchema).length).toBeGreaterThan(0);
  });
});
