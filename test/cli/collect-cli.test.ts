// kaohe collect-template / tally-template / collect on a real database file.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../electron/cli/kaohe.ts';
import { openTestApp, type TestApp } from '../helpers.ts';
import { smallPlan } from '../db/collect-helpers.ts';

let app: TestApp;
let db: string;
beforeAll(async () => {
  app = await openTestApp();
  await smallPlan(app);
  db = app.ctx.dbFile;
  await app.ctx.close();
});
afterAll(() => fs.rmSync(app.dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

it('writes a department workbook, imports it once, and the second time changes nothing', async () => {
  const file = path.join(app.dir, 'fgw.xlsx');
  expect(await run('collect-template', db, '县发改委', file)).toMatchObject({ code: 0, out: expect.stringContaining('一类乡镇') });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.getWorksheet('一类乡镇')!.getCell('D4').value = 27;
  await wb.xlsx.writeFile(file);
  const dry = await run('collect', db, file, '--dry-run');
  expect(dry.out).toContain('一类乡镇!D4  城关镇  1.1 地区生产总值增长：25 → 27');
  expect(dry.out).toContain('未保存');
  expect((await run('collect', db, file)).out).toContain('已保存 1 项改动');
  expect((await run('collect', db, file)).out).toContain('没有需要保存的改动');
  const none = await run('collect-template', db, '县水利局', file);
  expect(none.code).toBe(1);
  expect(none.err).toContain('没有名称或编号为“县水利局”的责任单位');
  expect((await run('tally-template', db, path.join(app.dir, 't.xlsx'), '--rater-group', '班子成员')).code).toBe(0);
});
