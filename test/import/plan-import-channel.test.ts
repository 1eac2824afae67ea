// The importPlan channel: the plan file is read and checked in a worker
// thread, then written in one transaction. A good file (JSON or workbook)
// imports to the same counts as the CLI's import; a bad one is refused with
// its place — found in the worker (schema) or after it (references, the
// engine's check) — and nothing is half-written; a cancelled import writes
// nothing; a name already taken is refused, another one may be given.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlanFile } from '../../electron/core/import/import-plan.ts';
import { SHEET } from '../../electron/core/import/xlsx.ts';
import { readPlanFile } from '../../electron/core/services/plan-import.ts';
import { runInWorker } from '../../electron/core/worker/run.ts';
import { openTestApp, type TestApp } from '../helpers.ts';
import { EXAMPLE_JSON, EXAMPLE_XLSX, readJson, rowCounts } from './helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- the tests break the plan where they like */
type AnyPlan = any;

let app: TestApp;
const example = readJson<AnyPlan>(EXAMPLE_JSON);

beforeAll(async () => {
  app = await openTestApp();
});
afterAll(async () => {
  await app.close();
});

type Envelope = Awaited<ReturnType<TestApp['dispatch']>>;
function failure(env: Envelope) {
  expect(env.ok, 'the call should have been refused').toBe(false);
  if (env.ok) throw new Error('unreachable');
  return env.error;
}

/** Calls importPlan and checks that a refusal wrote nothing (every table the import touches, the audit trail included). */
async function refused(input: Record<string, unknown>) {
  const before = rowCounts(app.ctx);
  const error = failure(await app.dispatch('importPlan', input));
  expect(rowCounts(app.ctx)).toEqual(before);
  return error;
}

function writeJson(name: string, plan: unknown): string {
  const file = path.join(app.dir, name);
  fs.writeFileSync(file, JSON.stringify(plan));
  return file;
}

async function editedWorkbook(name: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(EXAMPLE_XLSX);
  edit(wb);
  const file = path.join(app.dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}
const cell = (wb: ExcelJS.Workbook, sheet: string, address: string) => wb.getWorksheet(sheet)!.getCell(address);

describe('a good file', () => {
  it('JSON: a new cycle with the counts of the file, progress followed by its job id', async () => {
    const jobId = crypto.randomUUID();
    const out = await app.call('importPlan', { filePath: EXAMPLE_JSON, jobId });
    expect(out.cycle).toMatchObject({ id: out.cycleId, name: example.cycle.name, year: example.cycle.year, organ: example.cycle.organ });
    expect(out.counts).toMatchObject({
      categories: example.categories.length,
      units: example.units.length,
      departments: example.departments.length,
      events: example.events.length,
      ballots: example.ballots.length,
    });
    const cycles = await app.call('listCycles', {});
    expect(cycles.map((c) => c.id)).toContain(out.cycleId);
    // the job ran to its end: four steps of four
    expect(await app.call('jobProgress', { jobId })).toMatchObject({ state: 'finished', done: 4, total: 4, cancelled: false });
  });

  it('the same name again is refused (every import makes a new year); with another name it imports', async () => {
    const error = await refused({ filePath: EXAMPLE_JSON });
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`已有名为“${example.cycle.name}”的考核年度`);
    expect(error.location).toEqual({ kind: 'json', path: 'cycle.name' });
    const taken = await refused({ filePath: EXAMPLE_JSON, name: example.cycle.name });
    expect(taken.location).toEqual({ kind: 'field', path: 'name' });
    const out = await app.call('importPlan', { filePath: EXAMPLE_JSON, name: '云溪县2025年度综合考核（导入）' });
    expect(out.cycle.name).toBe('云溪县2025年度综合考核（导入）');
  });

  it('a workbook: the same counts as the CLI import of the same file', async () => {
    const out = await app.call('importPlan', { filePath: EXAMPLE_XLSX, name: '工作簿导入' });
    const cli = await importPlanFile(app.ctx, EXAMPLE_XLSX);
    expect(out.counts).toEqual(cli.counts);
    expect(out.counts.scoreEntries).toBeGreaterThan(0);
  });
});

describe('a bad file is refused with its place, nothing written', () => {
  it('JSON, found in the worker (the schema): the path, as text and as data', async () => {
    const plan = structuredClone(example);
    plan.name = '多余的字段';
    plan.units[3].name = '';
    const error = await refused({ filePath: writeJson('schema.json', plan), name: '坏方案一' });
    expect(error.code).toBe('invalid_plan');
    expect(error.message).toContain('units[3].name：');
    expect(error.location?.kind).toBe('json');
  });

  it('JSON, found after the worker (a reference): the path', async () => {
    const plan = structuredClone(example);
    plan.units[3].category = '四类乡镇';
    const error = await refused({ filePath: writeJson('reference.json', plan), name: '坏方案二' });
    expect(error.code).toBe('invalid_plan');
    expect(error.message).toContain('units[3].category：类别“四类乡镇”不存在');
  });

  it('JSON the engine refuses (weights) is rolled back whole', async () => {
    const plan = structuredClone(example);
    plan.categories[0].components[1].weight = 20;
    const error = await refused({ filePath: writeJson('weights.json', plan), name: '坏方案三' });
    expect(error.message).toContain('考核方案未通过计算前的检查');
  });

  it('not UTF-8, not JSON: refused in Chinese by name', async () => {
    const utf16 = path.join(app.dir, 'utf16.json');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(example), 'utf16le')]));
    expect((await refused({ filePath: utf16 })).message).toMatch(/UTF-16|UTF-8/);
    const broken = path.join(app.dir, 'broken.json');
    fs.writeFileSync(broken, '{"version": 1, "cycle": ');
    const error = await refused({ filePath: broken });
    expect(error.message).toContain('broken.json');
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a workbook, found in the worker: sheet, row and column', async () => {
    const file = await editedWorkbook('word.xlsx', (wb) => (cell(wb, SHEET.scores, 'C3').value = '九十'));
    expect((await refused({ filePath: file, name: '坏工作簿一' })).message).toContain('工作表“得分”第3行第C列：“河东镇”的指标“1.1 地区生产总值增速”：“九十”不是数字');
    const param = await editedWorkbook('param.xlsx', (wb) => (cell(wb, SHEET.indicators, 'H5').value = '目标=0'));
    expect((await refused({ filePath: param, name: '坏工作簿二' })).message).toContain('工作表“指标”第5行第H列：（指标“一般公共预算收入完成率”）应大于 0');
  });

  it('a workbook, found after the worker (references, tallies): still sheet, row and column', async () => {
    const unit = await editedWorkbook('unit.xlsx', (wb) => (cell(wb, SHEET.units, 'C5').value = '四类乡镇'));
    expect((await refused({ filePath: unit, name: '坏工作簿三' })).message).toContain('工作表“单位”第5行第C列：类别“四类乡镇”不存在');
    const tally = await editedWorkbook('tally.xlsx', (wb) => (cell(wb, SHEET.ballots, 'F2').value = 20));
    expect((await refused({ filePath: tally, name: '坏工作簿四' })).message).toContain('工作表“民主测评”第2行第F列：“城关镇”的“县领导”测评有效票 20 张，多于实到 14 人');
  });

  it('a file that is not there, or not a workbook', async () => {
    expect((await refused({ filePath: path.join(app.dir, 'none.json') })).code).toBe('not_found');
    const fake = path.join(app.dir, 'fake.xlsx');
    fs.writeFileSync(fake, 'hello');
    expect((await refused({ filePath: fake })).message).toContain('无法读取工作簿');
    expect((await refused({ filePath: path.join(app.dir, 'plan.csv') })).code).toBe('invalid_input');
  });
});

describe('the worker', () => {
  it('hands back plain data: the plan, and a workbook’s places by path', async () => {
    const steps: number[] = [];
    const out = await runInWorker('readPlanFile', { file: EXAMPLE_XLSX }, { onProgress: (d) => steps.push(d) });
    expect(steps).toEqual([0, 1, 2, 3]);
    expect(out.source).toBe('plan-example.xlsx');
    expect(Object.keys(out.places ?? {}).length).toBeGreaterThan(10);
    expect(Object.values(out.places ?? {})).toContain('工作表“单位”第5行第C列');
    const json = await readPlanFile(EXAMPLE_JSON, () => {});
    expect(json.places).toBeNull();
  });

  it('cancel: the import stops, nothing is written', async () => {
    const before = rowCounts(app.ctx);
    const jobId = crypto.randomUUID();
    const pending = app.dispatch('importPlan', { filePath: EXAMPLE_XLSX, name: '取消的导入', jobId });
    // cancel while the worker reads (the workbook takes far longer than this to read)
    for (let i = 0; i < 100 && (await app.call('jobProgress', { jobId })).state !== 'running'; i++) await new Promise((r) => setTimeout(r, 2));
    expect(await app.call('cancelJob', { jobId })).toEqual({ cancelled: true });
    const error = failure(await pending);
    expect(error.code).toBe('cancelled');
    expect(rowCounts(app.ctx)).toEqual(before);
    expect((await app.call('listCycles', {})).map((c) => c.name)).not.toContain('取消的导入');
  });
});
