// Department workbooks and imports that cannot be fooled, on a real SQLite
// file: generate, fill in with exceljs as a department would, preview, import,
// import again (nothing changes), another cycle's or department's workbook
// refused; hostile workbooks and text files refused within seconds with a
// Chinese message naming the place, the data unchanged; a copied cycle and its
// diff; a cancelled worker leaves nothing behind.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import type { Envelope } from '../../shared/ipc/envelope.ts';
import { importPlanFile } from '../../electron/core/import/import-plan.ts';
import { applyCollect } from '../../electron/core/services/collect.ts';
import { runInWorker } from '../../electron/core/worker/run.ts';
import { openTestApp, type TestApp } from '../helpers.ts';
import { dataChecksum, makeZip, smallPlan, type Plan } from '../db/collect-helpers.ts';

let app: TestApp;
let p: Plan;
let template: string;

const fails = (env: Envelope<unknown>) => {
  expect(env.ok).toBe(false);
  if (env.ok) throw new Error('expected a refusal');
  return env.error;
};
const CJK = /[\u4e00-\u9fff]/;
const results = async () => Object.fromEntries((await app.call('listResults', { cycleId: p.cycleId, categoryId: p.categoryId })).map((r) => [r.name, r]));

async function edit(src: string, dst: string, fn: (wb: ExcelJS.Workbook) => void | Promise<void>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  await fn(wb);
  await wb.xlsx.writeFile(dst);
  return dst;
}

beforeAll(async () => {
  app = await openTestApp({ now: () => new Date('2026-01-15T08:00:00Z') });
  p = await smallPlan(app);
  template = path.join(app.dir, '县发改委.xlsx');
});
afterAll(async () => {
  await app.close();
});

describe('a department workbook', () => {
  it('holds only the department’s indicators, protected, with validation, instructions and a very hidden stamp', async () => {
    const out = await app.call('writeCollectTemplate', { cycleId: p.cycleId, kind: 'scores', departmentId: p.depId, filePath: template });
    expect(out).toMatchObject({ sheets: ['一类乡镇'], cells: 6 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填报说明', '一类乡镇', '_kaohe_stamp']);
    const ws = wb.getWorksheet('一类乡镇')!;
    expect(ws.getCell('D2').value).toBe('1.1 地区生产总值增长');
    expect(ws.getCell('E2').value).toBe('1.2 营商环境');
    expect(ws.getCell('F2').value).toBeNull(); // 一般预算收入 is the 财政局's
    expect([ws.getCell('C4').value, ws.getCell('D4').value, ws.getCell('E4').value]).toEqual(['城关镇', 25, '好']);
    expect(ws.getCell('D4').protection).toMatchObject({ locked: false });
    expect(ws.getCell('C4').protection?.locked).not.toBe(false);
    expect(ws.getCell('D4').dataValidation).toMatchObject({ type: 'decimal', formulae: [0, 30] });
    expect(ws.getCell('E5').dataValidation).toMatchObject({ type: 'list', formulae: ['"好,中,差"'] });
    const zip = await JSZip.loadAsync(fs.readFileSync(template));
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    expect(wbXml).toMatch(/name="_kaohe_stamp"[^>]*state="veryHidden"|state="veryHidden"[^>]*name="_kaohe_stamp"/);
    const sheetXml = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    expect(sheetXml).toContain('<sheetProtection');
  });

  it('round trip: preview shows cell, old → new; the import changes exactly what was filled; again: nothing', async () => {
    const filled = await edit(template, path.join(app.dir, 'filled.xlsx'), (wb) => {
      const ws = wb.getWorksheet('一类乡镇')!;
      ws.getCell('D4').value = 28; // 城关镇 25 → 28
      ws.getCell('E6').value = '中'; // 东山乡 差 → 中
      ws.getCell('D5').value = '1,5'; // kept out below: replaced before import
      ws.getCell('D5').value = '20'; // the same as stored, as text
    });
    const before = await results();
    const pre = await app.call('previewCollect', { filePath: filled, cycleId: p.cycleId, departmentId: p.depId });
    expect(pre.stamp).toMatchObject({ cycleId: p.cycleId, kind: 'scores', departmentId: p.depId, departmentName: '县发改委' });
    expect(pre.changes).toEqual([
      { cell: '一类乡镇!D4', subjectKey: `unit:${p.units['城关镇']}`, subjectName: '城关镇', what: '1.1 地区生产总值增长', old: '25', new: '28' },
      { cell: '一类乡镇!E6', subjectKey: `unit:${p.units['东山乡']}`, subjectName: '东山乡', what: '1.2 营商环境', old: '差', new: '中' },
    ]);
    expect(pre).toMatchObject({ total: 6, unchanged: 4 });
    const r = await app.call('applyCollect', { filePath: filled, cycleId: p.cycleId });
    expect(r).toMatchObject({ changed: 2, recomputed: true });
    const after = await results();
    expect(after['城关镇']!.total).toBeCloseTo(before['城关镇']!.total + 3, 6);
    expect(after['东山乡']!.total).toBeCloseTo(before['东山乡']!.total + 20 * (0.8 - 0.5), 6);
    expect(after['河西镇']!.total).toBeCloseTo(before['河西镇']!.total, 6);
    const sum = dataChecksum(app);
    expect(await app.call('applyCollect', { filePath: filled })).toMatchObject({ changed: 0, recomputed: false });
    expect(dataChecksum(app)).toBe(sum);
  });

  it('refuses “4,5”, a letter not in the set and a score above full points, naming each cell; nothing saved', async () => {
    const bad = await edit(template, path.join(app.dir, 'bad-values.xlsx'), (wb) => {
      const ws = wb.getWorksheet('一类乡镇')!;
      ws.getCell('D4').value = '4,5';
      ws.getCell('D5').value = 999;
      ws.getCell('E4').value = '优';
    });
    const sum = dataChecksum(app);
    const e = fails(await app.dispatch('applyCollect', { filePath: bad }));
    expect(e.message).toContain('一类乡镇!D4');
    expect(e.message).toContain('逗号');
    expect(e.message).toContain('一类乡镇!D5');
    expect(e.message).toContain('一类乡镇!E4');
    expect(e.location).toEqual({ kind: 'sheet', sheet: '一类乡镇', row: 4, column: 'D' });
    expect(dataChecksum(app)).toBe(sum);
  });

  it('refuses another cycle’s or another department’s workbook (stamp mismatch)', async () => {
    const copy = await app.call('copyCycle', { sourceCycleId: p.cycleId, name: '2026年度综合考核', year: 2026 });
    const dep2026 = (await app.call('listDepartmentDetails', { cycleId: copy.cycle.id })).find((d) => d.name === '县发改委')!;
    const other = path.join(app.dir, '2026-县发改委.xlsx');
    await app.call('writeCollectTemplate', { cycleId: copy.cycle.id, kind: 'scores', departmentId: dep2026.id, filePath: other });
    const sum = dataChecksum(app);
    const e1 = fails(await app.dispatch('previewCollect', { filePath: other, cycleId: p.cycleId }));
    expect(e1.code).toBe('conflict');
    expect(e1.message).toContain('2026年度综合考核');
    const e2 = fails(await app.dispatch('applyCollect', { filePath: template, departmentId: p.otherDepId }));
    expect(e2.message).toContain('是责任单位“县发改委”的，不是“县财政局”的');
    // the stamp altered by hand: the checksum no longer matches
    const tampered = await edit(template, path.join(app.dir, 'tampered.xlsx'), (wb) => {
      const st = wb.getWorksheet('_kaohe_stamp')!;
      st.getCell('A3').value = String(st.getCell('A3').value).replace(`"departmentId":${p.depId}`, `"departmentId":${p.otherDepId}`);
    });
    expect(fails(await app.dispatch('previewCollect', { filePath: tampered })).message).toContain('校验信息与表格布局不符');
    expect(dataChecksum(app)).toBe(sum);
  });
});

describe('a tally workbook', () => {
  it('round trip per rater group; a sum that does not match is refused naming the row', async () => {
    const file = path.join(app.dir, 'tallies.xlsx');
    const out = await app.call('writeCollectTemplate', { cycleId: p.cycleId, kind: 'tallies', raterGroupId: p.raterGroupId, filePath: file });
    expect(out.sheets).toEqual(['一类乡镇-班子成员']);
    const filled = await edit(file, path.join(app.dir, 'tallies-filled.xlsx'), (wb) => {
      const ws = wb.getWorksheet('一类乡镇-班子成员')!;
      expect(ws.getCell('H2').value).toBe('好');
      ws.getRow(4).values = [1, ws.getCell('B4').value as string, '城关镇', 12, 11, 10, 1, 8, 2, 0, 0];
    });
    const pre = await app.call('previewCollect', { filePath: filled });
    expect(pre.changes.map((c) => `${c.what}:${c.old}→${c.new}`)).toEqual(['班子成员·应到:（空）→12', '班子成员·实到:（空）→11', '班子成员·有效票:（空）→10', '班子成员·无效票:（空）→1', '班子成员·好:（空）→8', '班子成员·较好:（空）→2', '班子成员·一般:（空）→0', '班子成员·差:（空）→0']);
    await app.call('applyCollect', { filePath: filled });
    expect((await results())['城关镇']!.components.find((c) => c.name === '民主测评')!.contribution).toBeCloseTo(38.4, 6);
    expect(await app.call('applyCollect', { filePath: filled })).toMatchObject({ changed: 0 });
    const wrong = await edit(file, path.join(app.dir, 'tallies-wrong.xlsx'), (wb) => {
      const ws = wb.getWorksheet('一类乡镇-班子成员')!;
      ws.getRow(5).values = [2, ws.getCell('B5').value as string, '河西镇', 10, 10, 10, 0, 5, 2, 0, 0];
    });
    const e = fails(await app.dispatch('applyCollect', { filePath: wrong }));
    expect(e.message).toContain('第5行');
    expect(e.message).toContain('与有效票 10 张不符');
  });
});

describe('hostile workbooks and files are refused within seconds, the data unchanged', () => {
  const refusedFast = async (file: string, expectText: RegExp | string) => {
    const sum = dataChecksum(app);
    const t = Date.now();
    const e = fails(await app.dispatch('applyCollect', { filePath: file }));
    expect(Date.now() - t).toBeLessThan(5000);
    expect(e.message).toMatch(CJK);
    expect(e.message).toMatch(expectText);
    expect(dataChecksum(app)).toBe(sum);
    return e;
  };

  it('a formula without a cached value, naming the cell', async () => {
    const f = await edit(template, path.join(app.dir, 'formula.xlsx'), (wb) => {
      wb.getWorksheet('一类乡镇')!.getCell('D7').value = { formula: 'D4*2' } as ExcelJS.CellFormulaValue;
    });
    const e = await refusedFast(f, '一类乡镇!D7');
    expect(e.message).toContain('公式');
  });

  it('a formula with its cached value counts as that value', async () => {
    const f = await edit(template, path.join(app.dir, 'formula-ok.xlsx'), (wb) => {
      wb.getWorksheet('一类乡镇')!.getCell('D6').value = { formula: 'D5-1', result: 19 } as ExcelJS.CellFormulaValue;
    });
    const pre = await app.call('previewCollect', { filePath: f });
    expect(pre.changes.find((c) => c.cell === '一类乡镇!D6')).toMatchObject({ old: '15', new: '19' });
  });

  it('merged cells in the data area, naming the range', async () => {
    const f = await edit(template, path.join(app.dir, 'merged.xlsx'), (wb) => {
      wb.getWorksheet('一类乡镇')!.mergeCells('D5:E5');
    });
    await refusedFast(f, /D5:E5.*合并单元格/);
  });

  it('a cell at XFD1048576 in a small file: refused from the sheet XML, before exceljs reads it', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(template));
    const name = 'xl/worksheets/sheet2.xml';
    const xml = await zip.file(name)!.async('string');
    zip.file(name, xml.replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>').replace(/<dimension ref="[^"]*"/, '<dimension ref="A1:XFD1048576"'));
    const f = path.join(app.dir, 'huge-dimension.xlsx');
    fs.writeFileSync(f, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(fs.statSync(f).size).toBeLessThan(60_000);
    const e = await refusedFast(f, /XFD1048576.*远超模板/);
    expect(e.location).toEqual({ kind: 'sheet', sheet: '一类乡镇' });
  });

  it('a zip bomb (hundreds of MB of zeros in a small file) refused from the central directory, nothing inflated', async () => {
    const zeros = Buffer.alloc(200 * 1024 * 1024);
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: zeros, deflate: true },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const f = path.join(app.dir, 'bomb.xlsx');
    fs.writeFileSync(f, bomb);
    await refusedFast(f, /解压后有 200 MB.*压缩炸弹/);
    // the same bomb whose directory lies about its size: caught while inflating, under the declared cap
    const liar = makeZip([{ name: 'xl/worksheets/sheet1.xml', data: zeros, deflate: true, declaredSize: 1000 }]);
    fs.writeFileSync(f, liar);
    await refusedFast(f, /实际大小与其声明的 1000 字节不符/);
    // the plan import refuses it too
    const sum = dataChecksum(app);
    await expect(importPlanFile(app.ctx, f)).rejects.toThrow(/实际大小与其声明/);
    expect(dataChecksum(app)).toBe(sum);
  });

  it('a file that is not a workbook', async () => {
    const f = path.join(app.dir, 'not.xlsx');
    fs.writeFileSync(f, 'hello, this is not a zip');
    await refusedFast(f, '不是有效的 Excel 工作簿');
  });

  it('plan import: a UTF-16 JSON, invalid UTF-8 JSON and a syntax error are refused in Chinese', async () => {
    const sum = dataChecksum(app);
    const json = JSON.stringify({ cycle: { name: '测试', year: 2030 } });
    const cases: [string, Buffer, RegExp][] = [
      ['utf16le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]), /UTF-16/],
      ['utf16be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, 'utf16le').swap16()]), /UTF-16/],
      ['utf16-nobom.json', Buffer.from(json, 'utf16le'), /UTF-16/],
      ['gbk.json', Buffer.concat([Buffer.from('{"cycle":{"name":"'), Buffer.from([0xb2, 0xe2, 0xca, 0xd4]), Buffer.from('","year":2030}}')]), /不是有效的 UTF-8 编码/],
      ['syntax.json', Buffer.from('{\n  "cycle": {\n    "name": "测试",\n    "year": 2030\n  \n'), /不是有效的 JSON/],
    ];
    for (const [name, bytes, re] of cases) {
      const f = path.join(app.dir, name);
      fs.writeFileSync(f, bytes);
      const err = await importPlanFile(app.ctx, f).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, name).toBeInstanceOf(AppError);
      expect((err as AppError).message, name).toMatch(re);
      expect((err as AppError).message).not.toMatch(/Unexpected|token|position/);
      expect((err as AppError).location?.kind).toBe('json');
    }
    expect(dataChecksum(app)).toBe(sum);
  });

  it('plan import: merged D2:E2 in a data area and a formula without its value, each named', async () => {
    const planFile = path.join(app.dir, 'plan.xlsx');
    const { writePlanTemplate } = await import('../../electron/core/import/xlsx.ts');
    await writePlanTemplate(planFile);
    const bad = await edit(planFile, path.join(app.dir, 'plan-bad.xlsx'), (wb) => {
      const ws = wb.getWorksheet('单位')!;
      ws.getCell('A2').value = '城关镇';
      ws.mergeCells('D2:E2');
      wb.getWorksheet('类别')!.getCell('C2').value = { formula: 'B2+1' } as ExcelJS.CellFormulaValue;
    });
    const sum = dataChecksum(app);
    const err = (await importPlanFile(app.ctx, bad).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.message).toContain('单位!D2:E2');
    expect(err.message).toContain('类别!C2');
    expect(err.location?.kind).toBe('sheet');
    expect(dataChecksum(app)).toBe(sum);
  });
});

describe('copy a cycle', () => {
  it('previews the counts, copies the plan without data, and diffs the indicator systems', async () => {
    const pre = await app.call('previewCopyCycle', { sourceCycleId: p.cycleId, name: '2027年度综合考核', year: 2027 });
    expect(pre.counts).toMatchObject({ categories: 2, units: 3, departments: 2, raterGroups: 1, indicators: 4 });
    expect(pre.diff).toBeNull();
    const copy = await app.call('copyCycle', { sourceCycleId: p.cycleId, name: '2027年度综合考核', year: 2027, organ: '中共清河县委组织部' });
    expect(copy.counts).toEqual(pre.counts);
    expect(copy.cycle).toMatchObject({ status: 'draft', year: 2027, organ: '中共清河县委组织部', unitCount: 3 });
    const cid = copy.cycle.id;
    const cat = (await app.call('listCategories', { cycleId: cid })).find((c) => c.name === '一类乡镇')!;
    const matrix = await app.call('getScoreMatrix', { categoryId: cat.id });
    expect(matrix.cells).toEqual([]); // no scores
    expect(await app.call('listEventDetails', { cycleId: cid })).toEqual([]);
    const inds = (await app.call('listIndicators', { categoryId: cat.id })).indicators;
    const a = inds.find((i) => i.name === '地区生产总值增长')!;
    const c = inds.find((i) => i.name === '一般预算收入')!;
    expect(a.departmentName).toBe('县发改委');
    expect(inds.find((i) => i.id === a.parentId)!.name).toBe('经济发展');
    await app.call('saveIndicator', { categoryId: cat.id, id: a.id, parentId: a.parentId, name: a.name, fullPoints: 25, method: { type: 'completion', target: 8, cap: 1, lowerIsBetter: false } });
    await app.call('deleteIndicator', { id: c.id });
    await app.call('saveIndicator', { categoryId: cat.id, parentId: a.parentId, code: '1.9', name: '招商引资', fullPoints: 15 });
    const diff = await app.call('diffCycles', { fromCycleId: p.cycleId, toCycleId: cid });
    expect(diff.added).toEqual([{ categoryName: '一类乡镇', code: '1.9', name: '招商引资', fullPoints: 15 }]);
    expect(diff.removed).toEqual([{ categoryName: '一类乡镇', code: c.code, name: '一般预算收入', fullPoints: 10 }]);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]).toMatchObject({ code: a.code, fields: ['fullPoints', 'method'], before: { fullPoints: 30, method: '直接评分' }, after: { fullPoints: 25 } });
    // the next year's preview compares with the year it was copied from
    const next = await app.call('previewCopyCycle', { sourceCycleId: cid, name: '2028年度综合考核', year: 2028 });
    expect(next.diff?.changed).toHaveLength(1);
    expect(fails(await app.dispatch('copyCycle', { sourceCycleId: p.cycleId, name: '2027年度综合考核', year: 2027 })).code).toBe('conflict');
  });
});

describe('the worker', () => {
  it('reports progress and returns the parsed workbook', async () => {
    const seen: number[] = [];
    const out = await runInWorker('parseCollect', { file: template }, { onProgress: (d) => seen.push(d) });
    expect(out.layout.departmentName).toBe('县发改委');
    expect(seen).toEqual([1]);
  });

  it('cancel: the import stops, nothing is written', async () => {
    const filled = await edit(template, path.join(app.dir, 'cancel.xlsx'), (wb) => {
      wb.getWorksheet('一类乡镇')!.getCell('D5').value = 11;
    });
    const sum = dataChecksum(app);
    const ac = new AbortController();
    const pending = applyCollect(app.ctx, { filePath: filled }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 5);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(dataChecksum(app)).toBe(sum);
    const slow = new AbortController();
    const sleeping = runInWorker('sleep', { ms: 5000, steps: 50 }, { signal: slow.signal });
    setTimeout(() => slow.abort(), 50);
    const t = Date.now();
    await expect(sleeping).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - t).toBeLessThan(1000);
  });
});
