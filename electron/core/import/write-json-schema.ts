// Writes docs/plan.schema.json from the plan format's zod schema:
//   node electron/core/import/write-json-schema.ts
// test/import/json-schema.test.ts fails when the file is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { planJsonSchema } from './plan-schema.ts';

export const JSON_SCHEMA_FILE = path.resolve(import.meta.dirname, '..', '..', '..', 'docs', 'plan.schema.json');

export function planJsonSchemaText(): string {
  return `${JSON.stringify(planJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  fs.writeFileSync(JSON_SCHEMA_FILE, planJsonSchemaText());
  process.stdout.write(`已写入 ${path.relative(process.cwd(), JSON_SCHEMA_FILE)}\n`);
}
