// The plan as an Excel workbook: the example workbook gives the same results
// as the example JSON; problems name sheet, row and column; the template has
// every sheet; a workbook written the way an office would (by hand) reads.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan, importPlanFile, parsePlan } from '../../electron/core/import/import-plan.ts';
import { PlanImportError } from '../../electron/core/import/problems.ts';
import { writeExampleWorkbook } from '../../electron/core/import/write-example.ts';
import { SHEET, readPlanWorkbook, writePlanTemplate, writePlanWorkbook } from '../../electron/core/import/xlsx.ts';
import { CADRE_FIXTURE, EXAMPLE_JSON, EXAMPLE_XLSX, computeResults, openTempDb, readJson, rowCounts, type TempDb } from './helpers.ts';

let db: TempDb;
beforeAll(async () => {
  db = await openTempDb();
});
afterAll(() => db.close());

async function editedCopy(edit: (wb: ExcelJS.Workbook) => void, name = 'edited.xlsx'): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(EXAMPLE_XLSX);
  edit(wb);
  const file = path.join(db.dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function refusedFile(file: string): Promise<string> {
  const before = rowCounts(db.ctx);
  const error = await importPlanFile(db.ctx, file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the import should have been refused').toBeInstanceOf(PlanImportError);
  expect(rowCounts(db.ctx)).toEqual(before);
  return (error as Error).message;
}

const cell = (wb: ExcelJS.Workbook, sheet: string, address: string) => wb.getWorksheet(sheet)!.getCell(address);

describe('the example workbook', () => {
  it('imports to the same counts and the same results as the example JSON', async () => {
    const fromJson = await importPlanFile(db.ctx, EXAMPLE_JSON);
    const fromXlsx = await importPlanFile(db.ctx, EXAMPLE_XLSX);
    expect(fromXlsx.counts).toEqual(fromJson.counts);
    expect(fromXlsx.warnings).toEqual([]);
    const a = await computeResults(db.ctx, fromJson.cycleId);
    const b = await computeResults(db.ctx, fromXlsx.cycleId);
    expect([...b.values()]).toEqual([...a.values()]);
    expect(b.get('XZ01')!.total).toBeCloseTo(98.8292, 4);
  });

  it('is what the writer makes of the JSON (docs/examples/plan-example.xlsx is not stale)', async () => {
    const fresh = path.join(db.dir, 'fresh.xlsx');
    await writeExampleWorkbook(EXAMPLE_JSON, fresh);
    const [committed, written] = await Promise.all([readPlanWorkbook(EXAMPLE_XLSX), readPlanWorkbook(fresh)]);
    expect(committed.plan).toEqual(written.plan);
  });

  it('reads back into the plan it was written from, indicator codes and settings included', async () => {
    const original = parsePlan(readJson(EXAMPLE_JSON));
    const { plan } = await readPlanWorkbook(EXAMPLE_XLSX);
    const back = parsePlan(plan);
    expect(back.categories.map((c) => c.settings)).toEqual(original.categories.map((c) => c.settings));
    expect(back.units).toEqual(original.units);
    expect(back.ballots).toEqual(original.ballots);
    expect(back.events).toEqual(original.events);
    expect(back.categories[0]!.components[0]!.indicators![0]!.children![1]!.children![1]).toMatchObject({
      code: '1.2.2',
      name: '税收占一般公共预算收入比重',
      points: 5,
      method: { type: 'interpolation', levels: [{ name: 'C', threshold: 60, coef: 0.6 }, { name: 'B', threshold: 70, coef: 0.8 }, { name: 'A', threshold: 80, coef: 1 }] },
    });
  });
});

describe('every category setting survives the workbook', () => {
  it('the settings columns read back what was written', async () => {
    const plan = readJson<{ categories: { settings?: unknown }[] }>(CADRE_FIXTURE);
    plan.categories[0]!.settings = {
      bonus: { kindCaps: { 荣誉表彰: 3, 争先创优: 2 }, totalCap: 5, deductionCap: null },
      grading: {
        grades: ['好', '较好', '一般', '差'],
        topQuotaPercent: 30,
        rounding: 'ceil',
        topMinTotal: null,
        bands: [{ grade: '较好', minTotal: 82.5 }],
        bottomBelowTotal: 55,
        bottomQuotaPercent: 5,
        topMinComponent: { component: 'SJ', min: 90 },
        tieBreak: ['SJ'],
      },
      decimals: 3,
      normalizeToBest: true,
      minSpread: 0.25,
    };
    plan.categories[2]!.settings = {
      grading: {
        compareWithin: 'unit',
        linkage: { 优秀: 50, 良好: 30, 一般: 12.5 },
        voteRules: { unfitLevel: '不称职', unfitAbove: 0.3, fitLevels: ['优秀', '称职'], fitBelow: 2 / 3 },
        sanctions: { 警告: 'not_top', 记过: 'undetermined', 撤职: 'bottom' },
      },
      multiplier: { base: 'PS', factor: 'MZ', reference: 80 },
    };
    const parsed = parsePlan(plan);
    const file = path.join(db.dir, 'settings.xlsx');
    await writePlanWorkbook(parsed, file);
    const back = parsePlan((await readPlanWorkbook(file)).plan);
    expect(back.categories.map((c) => c.settings)).toEqual(parsed.categories.map((c) => c.settings));
    expect(back.cadres).toEqual(parsed.cadres);
  });
});

describe('problems name sheet, row and column', () => {
  it('a word where a number belongs in the score matrix', async () => {
    const file = await editedCopy((wb) => (cell(wb, SHEET.scores, 'C3').value = '九十'));
    expect(await refusedFile(file)).toContain('工作表“得分”第3行第C列：“河东镇”的指标“1.1 地区生产总值增速”：“九十”不是数字');
  });

  it('an unknown category of a unit', async () => {
    const file = await editedCopy((wb) => (cell(wb, SHEET.units, 'C5').value = '四类乡镇'));
    expect(await refusedFile(file)).toContain('工作表“单位”第5行第C列：类别“四类乡镇”不存在');
  });

  it('a method parameter: a bad notation, a bad value', async () => {
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.indicators, 'H5').value = '目标=一百')))).toContain('工作表“指标”第5行第H列：参数“目标”应为数字，实际是“一百”');
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.indicators, 'H5').value = '目标=0')))).toContain('工作表“指标”第5行第H列：（指标“一般公共预算收入完成率”）应大于 0');
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.indicators, 'G5').value = '比例法')))).toContain('工作表“指标”第5行第G列：“比例法”不是可选的计分方法');
  });

  it('a cycle of parents in the indicator rows', async () => {
    const msg = await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.indicators, 'D2').value = '1.2')));
    expect(msg).toContain('工作表“指标”第2行第D列：指标“1”的上级关系形成循环（1 → 1.2 → 1）');
  });

  it('tallies: negative votes, valid more than present', async () => {
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.ballots, 'K2').value = -1)))).toContain('工作表“民主测评”第2行第K列：不能小于 0');
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.ballots, 'F2').value = 20)))).toContain('工作表“民主测评”第2行第F列：“城关镇”的“县领导”测评有效票 20 张，多于实到 14 人');
  });

  it('a label that is not on the list, a missing header, a date that is not one', async () => {
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.categories, 'B2').value = '部门')))).toContain('工作表“类别”第2行第B列：“部门”不是可选的对象类型（单位、干部）');
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.units, 'A1').value = '编码')))).toContain('工作表“单位”第1行：缺少表头“单位代码”');
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.events, 'J2').value = '去年')))).toContain('工作表“加减分”第2行第J列：“去年”不是日期');
  });

  it('weights that do not sum to 100 are refused by the engine check', async () => {
    expect(await refusedFile(await editedCopy((wb) => (cell(wb, SHEET.components, 'E3').value = 20)))).toContain('类别“乡镇”各考核构成的权重合计为 90%');
  });

  it('a file that is not a workbook', async () => {
    const file = path.join(db.dir, 'not.xlsx');
    fs.writeFileSync(file, 'hello');
    expect(await refusedFile(file)).toContain('无法读取工作簿');
  });
});

describe('the template', () => {
  it('has every sheet with its headers, notes and drop-down lists, and the 说明 sheet', async () => {
    const file = path.join(db.dir, 'template.xlsx');
    await writePlanTemplate(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '考核年度', '类别', '构成', '指标', '责任单位', '单位', '干部', '测评组', '考核组', '得分', '民主测评', '加减分']);
    const header = (sheet: string) => (wb.getWorksheet(sheet)!.getRow(1).values as unknown[]).slice(1);
    expect(header('单位')).toEqual(['单位代码*', '单位名称*', '考核类别*', '考核组']);
    expect(header('指标')).toContain('上级编号');
    expect(header('民主测评')).toEqual(expect.arrayContaining(['对象代码*', '测评组*', '应到人数*', '实到人数*', '有效票*', '好', '不称职']));
    expect(cell(wb, '类别', 'B2').dataValidation).toMatchObject({ type: 'list', formulae: ['"单位,干部"'] });
    expect(cell(wb, '干部', 'E40').dataValidation).toMatchObject({ type: 'list', formulae: ['"正职,副职"'] });
    expect(String(cell(wb, '指标', 'G2').dataValidation.formulae[0])).toContain('完成率');
    expect(cell(wb, '类别', 'E1').note).toBeTruthy();
    expect(String(cell(wb, '说明', 'A1').value)).toContain('考核方案工作簿');
  });

  it('imported as it is, says what is missing', async () => {
    const file = path.join(db.dir, 'empty.xlsx');
    await writePlanTemplate(file);
    expect(await refusedFile(file)).toContain('工作表“考核年度”：“名称”没有填写');
  });
});

describe('a workbook filled in by an office', () => {
  it('reads without the optional sheets, with parents inferred from the codes, names for codes, a weight in a percentage cell and scores over two sheets', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = (name: string, rows: unknown[][]) => {
      const ws = wb.addWorksheet(name);
      for (const r of rows) ws.addRow(r);
    };
    sheet('考核年度', [['名称', '2025年度乡镇工作考核'], ['年度', '2025年'], ['组织单位', '中共测试县委组织部']]);
    sheet('类别', [['类别名称', '对象类型', '优秀比例(%)'], ['乡镇', '单位', 50]]);
    sheet('构成', [['考核类别', '构成代码', '构成名称', '构成类型', '权重'], ['乡镇', 'SJ', '实绩考核', '指标计分', 0.8], ['乡镇', 'MZ', '民主测评', '民主测评', 20]]);
    wb.getWorksheet('构成')!.getCell('E2').numFmt = '0%'; // 80% typed into a percentage cell
    sheet('指标', [
      ['考核类别', '构成代码', '编号', '指标名称', '分值', '计分方法', '计分参数', '责任单位'],
      ['乡镇', 'SJ', '1', '经济发展', 60],
      ['乡镇', 'SJ', '1.1', '财政收入', 30, '完成率', '目标：5000', '县财政局'],
      ['乡镇', 'SJ', '1.2', '项目建设', 30, '每…扣/加…分', '低于=10；每=1；扣=3', '县发展和改革局'],
      ['乡镇', 'SJ', '2', '党的建设', 40, '定性等级', '等级=好:1，一般:0.75', '县委组织部'],
    ]);
    sheet('单位', [['单位代码', '单位名称', '考核类别'], ['T1', '东镇', '乡镇'], ['T2', '西镇', '乡镇']]);
    sheet('测评组', [['对象类型', '测评组名称', '权重'], ['单位', '干部群众', 100]]);
    sheet('得分-经济', [['2025年度经济发展指标得分'], [], ['单位名称', '名称', '1.1 财政收入', '1.2'], ['东镇', null, 5200, 9.5], ['西镇', null, '4500', 8]]);
    sheet('得分-党建', [['代码', '2 党的建设'], ['T1', '好'], ['（以下为补报）'], ['T2', '一般']]);
    sheet('民主测评', [['对象代码', '测评组', '应到', '实到', '有效票', '好', '较好', '一般', '差'], ['T1', '干部群众', 30, 28, 28, 20, 8], ['西镇', '干部群众', 30, 30, 29, 15, 10, 4]]);
    const file = path.join(db.dir, 'office.xlsx');
    await wb.xlsx.writeFile(file);

    const { plan, locate } = await readPlanWorkbook(file);
    const r = await importPlan(db.ctx, plan, 'office.xlsx', { locate });
    expect(r.counts).toMatchObject({ categories: 1, indicators: 4, departments: 3, units: 2, scoreEntries: 6, ballots: 2 });
    const res = await computeResults(db.ctx, r.cycleId);
    // 东镇: 30 × min(5200/5000, 1) = 30; 10 − 9.5 = 0.5 below → 30 − 0.5 × 3 = 28.5; 好 → 40. 98.5 × 80% = 78.8
    //   民主测评 (20 + 8 × 0.8) / 28 = 0.942857 → 94.2857 × 20% = 18.8571
    expect(res.get('T1')!.components).toEqual({ 实绩考核: 78.8, 民主测评: 18.8571 });
    // 西镇: 30 × 0.9 = 27; 2 below → 30 − 6 = 24; 一般 → 30. 81 × 80% = 64.8
    expect(res.get('T2')!.components['实绩考核']).toBe(64.8);
    expect(res.get('T1')!.grade).toBe('优秀');
  });
});
