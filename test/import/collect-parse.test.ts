// The collection workbook parser read directly (no worker): what lies outside
// the template's area is refused wherever it is (right of the data in a data
// row, below the last subject, right of the headers), every problem listed at
// once; a blank text is not content; and each cell is read under its
// column's rule — a number at its full points is taken, one just above it is
// refused, text numbers go through the one parser ("4,5" refused), a letter
// column refuses a number, an emptied cell is null.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { parseCollectWorkbook } from '../../electron/core/collect/parse.ts';
import { openTestApp, type TestApp } from '../helpers.ts';
import { smallPlan, type Plan } from '../db/collect-helpers.ts';

let app: TestApp;
let p: Plan;
let template: string;

async function edit(name: string, fn: (ws: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  fn(wb.getWorksheet('一类乡镇')!);
  const file = path.join(app.dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function refusal(file: string): Promise<AppError> {
  const e = await parseCollectWorkbook(file).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

beforeAll(async () => {
  app = await openTestApp({ now: () => new Date('2026-01-15T08:00:00Z') });
  p = await smallPlan(app);
  template = path.join(app.dir, 'template.xlsx');
  await app.call('writeCollectTemplate', { cycleId: p.cycleId, kind: 'scores', departmentId: p.depId, filePath: template });
});
afterAll(async () => {
  await app.close();
});

describe('the collection workbook parser', () => {
  it('reads the template as generated: every data cell, with its stored value', async () => {
    const wb = await parseCollectWorkbook(template);
    expect(wb.sheets.map((s) => s.name)).toEqual(['一类乡镇']);
    expect(wb.sheets[0]!.cells.map((c) => [c.cell, c.value])).toEqual([
      ['一类乡镇!D4', 25],
      ['一类乡镇!E4', '好'],
      ['一类乡镇!D5', 20],
      ['一类乡镇!E5', '中'],
      ['一类乡镇!D6', 15],
      ['一类乡镇!E6', '差'],
    ]);
  });

  it('refuses content right of the data, below the last subject and right of the headers, every place at once', async () => {
    const f = await edit('outside.xlsx', (ws) => {
      ws.getCell('F5').value = 3; // right of the data, in a data row
      ws.getCell('A9').value = '备注'; // below the last subject
      ws.getCell('G2').value = '说明'; // right of the headers
      ws.getCell('F4').value = '   '; // blank text: not content
    });
    const e = await refusal(f);
    expect(e.message).toContain('有 3 处问题');
    for (const cell of ['一类乡镇!F5', '一类乡镇!A9', '一类乡镇!G2']) expect(e.message).toContain(`${cell}：在采集范围之外有内容`);
    expect(e.message).not.toContain('F4');
  });

  it('reads each cell under its column’s rule', async () => {
    const ok = await edit('values-ok.xlsx', (ws) => {
      ws.getCell('D4').value = 30; // exactly the full points
      ws.getCell('D5').value = ' 12.5 '; // a number typed as text
      ws.getCell('D6').value = null; // emptied: the score is to be removed
    });
    const cells = (await parseCollectWorkbook(ok)).sheets[0]!.cells;
    expect(cells.filter((c) => c.cell.includes('!D')).map((c) => c.value)).toEqual([30, 12.5, null]);

    const bad = await edit('values-bad.xlsx', (ws) => {
      ws.getCell('D4').value = 30.01; // just above the full points
      ws.getCell('D5').value = '4,5'; // a decimal comma
      ws.getCell('D6').value = -1;
      ws.getCell('E4').value = 5; // a number in a letter column
    });
    const e = await refusal(bad);
    expect(e.message).toContain('有 4 处问题');
    expect(e.message).toMatch(/一类乡镇!D4：.*30\.01.*超出范围/);
    expect(e.message).toMatch(/一类乡镇!D5：.*4,5/);
    expect(e.message).toMatch(/一类乡镇!D6：.*不能小于 0/);
    expect(e.message).toMatch(/一类乡镇!E4：.*等级“5”无效/);
  });
});
