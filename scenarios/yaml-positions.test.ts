import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseBytes } from './units.js';
import { formatPath, humanUnitField, parseYamlWith } from './yaml-positions.js';

const schema = z.strictObject({ items: z.array(z.strictObject({ name: z.string(), size: humanUnitField(parseBytes, 'size') })) });

describe('parseYamlWith', () => {
  it('reads JSON and YAML to the same data', () => {
    const yaml = parseYamlWith(schema, 'items:\n  - { name: a, size: 1Ki }\n');
    const json = parseYamlWith(schema, '{ "items": [ { "name": "a", "size": "1Ki" } ] }');
    expect(yaml).toEqual({ ok: true, data: { items: [{ name: 'a', size: 1024 }] } });
    expect(json).toEqual(yaml);
  });

  it('points at the problem in a JSON file by its line, though JSON is read natively first', () => {
    const text = '{\n  "items": [\n    { "name": "a", "size": "1Ki" },\n    { "name": "b", "size": "lots" }\n  ]\n}\n';
    const r = parseYamlWith(schema, text);
    expect(r).toMatchObject({ ok: false, problems: [{ path: 'items[1].size', line: 4, column: 28 }] });
  });

  it('reads flow-style YAML that merely looks like JSON', () => {
    expect(parseYamlWith(schema, '{ items: [ { name: a, size: 2Ki } ] }')).toEqual({ ok: true, data: { items: [{ name: 'a', size: 2048 }] } });
  });

  it('lets the caller pick the schema from the data, keeping real paths', () => {
    const list = z.array(z.number());
    const wrapped = z.object({ values: z.array(z.number()) }).transform((v) => v.values);
    const pick = (data: unknown) => (Array.isArray(data) ? list : wrapped) as z.ZodType<number[]>;
    expect(parseYamlWith(pick, '[1, 2]')).toEqual({ ok: true, data: [1, 2] });
    expect(parseYamlWith(pick, 'values: [1, x]\n')).toMatchObject({ ok: false, problems: [{ path: 'values[1]', line: 1, column: 13 }] });
  });

  it('says a missing human-unit field is missing, not just "Invalid input"', () => {
    expect(parseYamlWith(schema, 'items:\n  - name: a\n')).toMatchObject({ ok: false, problems: [{ path: 'items[0].size', message: 'required field is missing', line: 2, column: 5 }] });
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indices with brackets', () => {
    expect(formatPath(['benches', 0, 'load', 'steps', 2])).toBe('benches[0].load.steps[2]');
    expect(formatPath([1, 'startupP99'])).toBe('[1].startupP99');
  });
});
