// Writes docs/examples/plan-example.xlsx from docs/examples/plan-example.json
// through the workbook writer:
//   node electron/core/import/write-example.ts
// test/import/xlsx.test.ts checks that both import to the same results.
import fs from 'node:fs';
import path from 'node:path';
import { parsePlan } from './import-plan.ts';
import { writePlanWorkbook } from './xlsx.ts';

const examples = path.resolve(import.meta.dirname, '..', '..', '..', 'docs', 'examples');
export const EXAMPLE_JSON = path.join(examples, 'plan-example.json');
export const EXAMPLE_XLSX = path.join(examples, 'plan-example.xlsx');

export async function writeExampleWorkbook(json = EXAMPLE_JSON, xlsx = EXAMPLE_XLSX): Promise<void> {
  const plan = parsePlan(JSON.parse(fs.readFileSync(json, 'utf8')));
  await writePlanWorkbook(plan, xlsx);
}

if (import.meta.main) {
  await writeExampleWorkbook();
  process.stdout.write(`已写入 ${path.relative(process.cwd(), EXAMPLE_XLSX)}\n`);
}
