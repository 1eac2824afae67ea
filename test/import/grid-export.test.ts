// The score grid exported as .xlsx (exportScoreGrid) on the demo plan, read
// back with exceljs: the grid's columns (序号, 单位, each leaf with code, name
// and full points under its parents' groups), the subjects in plan order, the
// values as in the matrix (numbers as numbers, letter grades as text), frozen
// header rows and first columns; the department filter; refusals.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Indicator } from '../../shared/ipc/contract.ts';
import { fmt } from '../../shared/engine/numbers.ts';
import { openTestApp, type TestApp } from '../helpers.ts';

let app: TestApp;
let cycleId: number;

beforeAll(async () => {
  app = await openTestApp({ now: () => new Date('2026-01-15T08:00:00Z') });
  cycleId = (await app.call('loadDemo', {})).id;
});
afterAll(async () => {
  await app.close();
});

const header = (l: Pick<Indicator, 'code' | 'name' | 'fullPoints'>) => `${l.code} ${l.name}（${fmt(l.fullPoints)}分）`;

async function read(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  expect(wb.worksheets).toHaveLength(1);
  return wb.worksheets[0]!;
}

/** The category and component of the demo with the most leaves, and one with a letter-graded leaf if any. */
async function pick() {
  const cats = await app.call('listCategories', { cycleId });
  const found: { categoryId: number; componentId: number; leaves: number; letters: boolean; depts: number }[] = [];
  for (const c of cats) {
    for (const comp of await app.call('listComponents', { categoryId: c.id })) {
      if (comp.kind !== 'indicators' && comp.kind !== 'routine') continue;
      const m = await app.call('getScoreMatrix', { categoryId: c.id, componentId: comp.id });
      const leaves = m.indicators.filter((i) => i.isLeaf);
      if (leaves.length === 0 || m.subjects.length === 0) continue;
      found.push({ categoryId: c.id, componentId: comp.id, leaves: leaves.length, letters: leaves.some((l) => l.method?.type === 'letter'), depts: new Set(leaves.map((l) => l.departmentName)).size });
    }
  }
  found.sort((a, b) => Number(b.letters) - Number(a.letters) || b.depts - a.depts || b.leaves - a.leaves);
  return found[0]!;
}

describe('exportScoreGrid', () => {
  it('writes the grid’s columns and values, numbers as numbers, header and first columns frozen', async () => {
    const { categoryId, componentId } = await pick();
    const m = await app.call('getScoreMatrix', { categoryId, componentId });
    const tree = new Map((await app.call('listIndicators', { categoryId })).indicators.map((i) => [i.id, i]));
    const leaves = m.indicators.filter((i) => i.isLeaf);
    const file = path.join(app.dir, '得分.xlsx');
    const out = await app.call('exportScoreGrid', { categoryId, componentId, filePath: file });
    expect(out).toEqual({ filePath: file, rows: m.subjects.length, columns: 2 + leaves.length });

    const ws = await read(file);
    // as many header rows as the deepest leaf has parents, plus its own
    const depthOf = (l: Indicator) => {
      let d = 0;
      for (let p = l.parentId; p !== null; p = tree.get(p)!.parentId) d++;
      return d;
    };
    const headerRows = Math.max(...leaves.map(depthOf)) + 1;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: headerRows });
    expect(ws.getCell(1, 1).value).toBe('序号');
    expect(ws.getCell(1, 2).value).toBe('单位');
    expect(ws.getCell(headerRows, 2).isMerged).toBe(headerRows > 1);
    leaves.forEach((l, i) => {
      // the leaf's own header in the last header row (a merged cell reads as its master's value)
      expect(ws.getCell(headerRows, 3 + i).value).toBe(header(l));
      // its parent's group header right above it
      if (l.parentId !== null && depthOf(l) === headerRows - 1) expect(ws.getCell(headerRows - 1, 3 + i).value).toBe(header(tree.get(l.parentId)!));
    });
    expect(ws.getCell(headerRows, 3 + leaves.length).value).toBeNull();

    const cells = new Map(m.cells.map((c) => [`${c.subjectKey}|${c.indicatorId}`, c]));
    let numbers = 0;
    let texts = 0;
    m.subjects.forEach((s, n) => {
      const r = ws.getRow(headerRows + 1 + n);
      expect(r.getCell(1).value).toBe(n + 1);
      expect(r.getCell(2).value).toBe(s.name);
      leaves.forEach((l, i) => {
        const c = cells.get(`${s.key}|${l.id}`);
        const want = !c ? null : l.method?.type === 'letter' ? c.text : (c.value ?? c.text);
        const got = r.getCell(3 + i).value;
        expect(got, `${s.name} · ${l.code}`).toEqual(want);
        if (typeof got === 'number') numbers++;
        if (typeof got === 'string') texts++;
      });
    });
    expect(ws.getRow(headerRows + 1 + m.subjects.length).getCell(2).value).toBeNull();
    expect(numbers).toBeGreaterThan(0);
    if (leaves.some((l) => l.method?.type === 'letter')) expect(texts).toBeGreaterThan(0);
  });

  it('exports one responsible department’s columns when the grid is filtered', async () => {
    const { categoryId, componentId } = await pick();
    const m = await app.call('getScoreMatrix', { categoryId, componentId });
    const leaves = m.indicators.filter((i) => i.isLeaf && i.departmentName !== null);
    const dept = leaves[0]!.departmentName!;
    const own = leaves.filter((l) => l.departmentName === dept);
    expect(own.length).toBeLessThan(m.indicators.filter((i) => i.isLeaf).length);
    const file = path.join(app.dir, '一个责任单位.xlsx');
    const out = await app.call('exportScoreGrid', { categoryId, componentId, department: dept, filePath: file });
    expect(out.columns).toBe(2 + own.length);
    const ws = await read(file);
    const headerRows = (ws.views[0] as { ySplit: number }).ySplit;
    expect(Array.from({ length: own.length + 1 }, (_, i) => ws.getCell(headerRows, 3 + i).value)).toEqual([...own.map(header), null]);
  });

  it('is recorded in the audit trail; refuses an unknown department, another category’s component and a missing folder', async () => {
    const { categoryId, componentId } = await pick();
    const audit = app.raw.prepare("select detail from audit_log where action = 'scores.export'").all() as { detail: string }[];
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(audit.at(-1)!.detail)).toMatchObject({ file: '一个责任单位.xlsx' });

    const env = await app.dispatch('exportScoreGrid', { categoryId, componentId, department: '没有这个单位', filePath: path.join(app.dir, 'x.xlsx') });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.message).toContain('没有这个单位');

    const cats = await app.call('listCategories', { cycleId });
    const other = cats.find((c) => c.id !== categoryId)!;
    const otherComp = (await app.call('listComponents', { categoryId: other.id }))[0]!;
    const env2 = await app.dispatch('exportScoreGrid', { categoryId, componentId: otherComp.id, filePath: path.join(app.dir, 'y.xlsx') });
    expect(env2.ok).toBe(false);
    if (!env2.ok) expect(env2.error.message).toContain('考核构成');

    const env3 = await app.dispatch('exportScoreGrid', { categoryId, filePath: path.join(app.dir, 'no-such-folder', 'z.xlsx') });
    expect(env3.ok).toBe(false);
    if (!env3.ok) expect(env3.error.message).toContain('不存在');
  });
});
