// docs/plan.schema.json is generated from the zod schema; it must be up to
// date (run `node electron/core/import/write-json-schema.ts` after a change).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILE, planJsonSchemaText } from '../../electron/core/import/write-json-schema.ts';
import { planSchema } from '../../electron/core/import/plan-schema.ts';
import { CADRE_FIXTURE, EXAMPLE_JSON, readJson } from './helpers.ts';

describe('docs/plan.schema.json', () => {
  it('is what write-json-schema.ts writes from the zod schema', () => {
    expect(fs.readFileSync(JSON_SCHEMA_FILE, 'utf8'), 'docs/plan.schema.json is stale: run node electron/core/import/write-json-schema.ts').toBe(planJsonSchemaText());
  });

  it('describes the format for editors: required fields, the nested tree, every method', () => {
    const schema = JSON.parse(fs.readFileSync(JSON_SCHEMA_FILE, 'utf8')) as {
      required: string[];
      properties: Record<string, { description?: string }>;
      $defs: Record<string, { properties: Record<string, { oneOf?: { properties: { type: { const: string } } }[] }> }>;
    };
    expect(schema.required).toEqual(['cycle', 'categories']);
    expect(schema.properties.scores!.description).toContain('指标编号');
    const node = schema.$defs.IndicatorNode!;
    expect(Object.keys(node.properties)).toEqual(['code', 'name', 'points', 'method', 'department', 'description', 'children']);
    expect(node.properties.method!.oneOf!.map((o) => o.properties.type.const)).toEqual(['direct', 'completion', 'ratioToBest', 'rank', 'steps', 'bands', 'interpolation', 'letter', 'deduction']);
  });

  it('the examples point at it and pass the zod schema', () => {
    for (const file of [EXAMPLE_JSON, CADRE_FIXTURE]) {
      const plan = readJson(file);
      expect(String(plan.$schema)).toMatch(/plan\.schema\.json$/);
      expect(planSchema.safeParse(plan).success).toBe(true);
    }
  });
});
