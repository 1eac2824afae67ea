// Department workbooks through the 采集表 tab, on the demo plan: one
// department's workbook generated from its row (the host answers the save
// dialog), two cells filled in with exceljs as the department would, the
// import previewed (exactly those two changes, old → new, and how many are
// unchanged), confirmed, and the score grid and the results follow; the same
// file again: 没有变化; another department's workbook (imported from this
// department's row) and another year's workbook refused with the server's
// message and nothing changed; the grid exported to .xlsx with the new values.
// Screenshots go to test-results/e2e/collect-workbooks-NN-*.png.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import { INSTRUCTIONS_SHEET, STAMP_SHEET } from '../../electron/core/collect/layout.ts';
import { fmt } from '../../shared/engine/numbers.ts';
import type { Category, Component, Indicator, OutputOf, ResultRow } from '../../shared/ipc/contract.ts';
import { POLL, apiValue, callApi, expectContains, expectCount, expectMessage, gridCell, nav, openApp, pickCategory, screenshots, text } from './ui.ts';

const T = 240_000;

let host: Host;
let page: Page;
const shot = screenshots(() => page, 'collect-workbooks-', 500);
const value = <T,>(channel: string, input: unknown) => apiValue<T>(page, channel, input);

let cycle: { id: number; name: string };
let cat: Category;
let dept: { id: number; name: string };
let other: { id: number; name: string };
let leaves: Indicator[] = [];
let filled = '';
/** the two cells the department fills in */
let edits: { subjectKey: string; subjectName: string; row: number; leaf: Indicator; old: number | null; next: number }[] = [];

type Matrix = OutputOf<'getScoreMatrix'>;
const matrixOf = (componentId: number) => value<Matrix>('getScoreMatrix', { categoryId: cat.id, componentId });
const stored = (m: Matrix, subjectKey: string, id: number) => m.cells.find((c) => c.subjectKey === subjectKey && c.indicatorId === id)?.value ?? null;
const shown = (v: number | null) => (v === null ? '（空）' : fmt(v));
const safe = (s: string) => s.replace(/[\\/:*?"<>|]/g, '_');

async function importThrough(button: string, file: string) {
  host.queuePick(file);
  await page.click(`[data-testid="${button}"]`);
}

beforeAll(async () => {
  host = await openApp('kaohe-e2e-collect-workbooks-');
  page = host.page;
}, T);

afterAll(async () => {
  await host?.close();
});

describe('department workbooks in the UI', () => {
  it('loads the demo and computes', async () => {
    await page.waitForSelector('[data-testid="btn-load-demo"]', { timeout: 30_000 });
    await page.click('[data-testid="btn-load-demo"]');
    await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
    cycle = (await value<{ id: number; name: string }[]>('listCycles', {}))[0]!;
    await nav(page, 'results');
    await page.click('[data-testid="btn-compute"]');
    await page.waitForSelector('[data-testid="compute-result"]', { timeout: 120_000 });

    // a unit category and the department with the most directly scored leaves in it
    const depts = await value<{ id: number; name: string; indicatorCount: number }[]>('listDepartmentDetails', { cycleId: cycle.id });
    let best = 0;
    for (const c of (await value<Category[]>('listCategories', { cycleId: cycle.id })).filter((x) => x.kind === 'unit' && x.memberCount >= 2)) {
      const inds = (await value<{ indicators: Indicator[] }>('listIndicators', { categoryId: c.id })).indicators;
      for (const d of depts) {
        const own = inds.filter((i) => i.isLeaf && i.departmentId === d.id && (i.method?.type ?? 'direct') === 'direct' && i.fullPoints >= 2);
        if (own.length > best) [best, cat, dept, leaves] = [own.length, c, d, own];
      }
    }
    expect(best, 'a department scoring a unit category directly').toBeGreaterThan(0);
    other = depts.find((d) => d.id !== dept.id && d.indicatorCount > 0)!;
    expect(other).toBeTruthy();
  }, T);

  it('generates the department’s workbook from its row; the department fills in two cells', async () => {
    await nav(page, 'collect');
    await page.click('[data-testid="tab-workbooks"]');
    await page.locator(`[data-testid="dept-row-${dept.id}"]`).waitFor();
    await shot('tab');
    await page.click(`[data-testid="btn-template-dept-${dept.id}"]`);
    await expectMessage(page, /已生成采集表/);
    const file = path.join(host.services.documentsDir, '导出', safe(`${cycle.name}-${dept.name}-采集表.xlsx`));
    expect(fs.existsSync(file)).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    // the sheet of the category (its title names it; codes repeat across categories)
    const ws = wb.worksheets.find((w) => w.name !== STAMP_SHEET && String(w.getCell('A1').value ?? '').includes(` · ${cat.name} · `))!;
    expect(ws, 'the category’s sheet').toBeTruthy();
    const colOf = (l: Indicator) => (ws.getRow(2).values as unknown[]).indexOf(`${l.code} ${l.name}`);
    const m = await matrixOf(leaves[0]!.componentId);
    const rowOf = (name: string) => {
      for (let r = 4; r <= ws.rowCount; r++) if (ws.getCell(r, 3).value === name) return r;
      return -1;
    };
    // two cells: the first leaf for the first two units, each set to a value other than the stored one
    const leaf = leaves[0]!;
    edits = m.subjects.slice(0, 2).map((s, i) => {
      const old = stored(m, s.key, leaf.id);
      const next = old === leaf.fullPoints - i ? leaf.fullPoints - 1 - i : leaf.fullPoints - i;
      return { subjectKey: s.key, subjectName: s.name, row: rowOf(s.name), leaf, old, next };
    });
    for (const e of edits) {
      expect(e.row, e.subjectName).toBeGreaterThan(0);
      expect(ws.getCell(e.row, colOf(leaf)).value ?? null).toBe(e.old);
      ws.getCell(e.row, colOf(leaf)).value = e.next;
    }
    filled = path.join(host.services.documentsDir, `${dept.name}-已填.xlsx`);
    await wb.xlsx.writeFile(filled);
  }, T);

  it('previews exactly the two changes, imports them in one go, and the grid and results follow', async () => {
    const componentId = edits[0]!.leaf.componentId;
    const results = async () => new Map((await value<ResultRow[]>('listResults', { cycleId: cycle.id, categoryId: cat.id })).map((r) => [r.subjectKey, r.total]));
    const before = await results();
    await importThrough(`btn-import-dept-${dept.id}`, filled);
    const preview = page.locator('[data-testid="collect-preview"]');
    await preview.waitFor({ timeout: 60_000 });
    const stamp = await text(page.locator('[data-testid="preview-stamp"]'));
    for (const s of [cycle.name, dept.name, '分数采集表', '第 1 版']) expect(stamp).toContain(s);
    await expectCount(page.locator('[data-testid="preview-change"]'), 2);
    const rows = await page.locator('[data-testid="preview-change"]').allInnerTexts();
    edits.forEach((e, i) => {
      const row = rows[i]!.replace(/\s+/g, ' ');
      expect(row).toContain(e.subjectName);
      expect(row).toContain(`${e.leaf.code} ${e.leaf.name}`);
      expect(row).toContain(`${shown(e.old)} → ${shown(e.next)}`);
    });
    // every other cell of the workbook is unchanged
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(filled);
    let cells = 0;
    for (const ws of wb.worksheets.filter((w) => w.name !== INSTRUCTIONS_SHEET && w.name !== STAMP_SHEET)) {
      const cols = (ws.getRow(2).values as unknown[]).filter((v, i) => i >= 4 && v !== null && v !== undefined).length;
      let subjects = 0;
      for (let r = 4; r <= ws.rowCount; r++) if (ws.getCell(r, 3).value) subjects++;
      cells += cols * subjects;
    }
    expect(Number(await text(page.locator('[data-testid="preview-unchanged"]')))).toBe(cells - 2);
    await shot('preview');

    await page.click('[data-testid="btn-apply-collect"]');
    const result = page.locator('[data-testid="collect-result"]');
    await result.waitFor({ timeout: 60_000 });
    await expectContains(result, '2 项数据已更新');
    await expectContains(result, '结果已重新计算');
    await shot('imported');

    const m = await matrixOf(componentId);
    for (const e of edits) expect(stored(m, e.subjectKey, e.leaf.id)).toBe(e.next);
    const after = await results();
    for (const e of edits) expect(after.get(e.subjectKey), e.subjectName).not.toBe(before.get(e.subjectKey));
    const state = (await value<{ categoryId: number; state: string }[]>('resultsState', { cycleId: cycle.id })).find((s) => s.categoryId === cat.id)!;
    expect(state.state).toBe('current');

    // the score grid shows the new values
    await page.click('[data-testid="tab-scores"]');
    await pickCategory(page, cat.name);
    const comps = await value<Component[]>('listComponents', { categoryId: cat.id });
    const picker = page.locator('[data-testid="component-picker"]');
    if (await picker.count()) await picker.locator('.ant-segmented-item', { hasText: comps.find((c) => c.id === componentId)!.name }).first().click();
    const filter = page.locator('[data-testid="dept-filter"]');
    if (await filter.count()) {
      await filter.click();
      await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${dept.name}"]`).click();
    }
    for (const e of edits) {
      const idx = m.subjects.findIndex((s) => s.key === e.subjectKey);
      await expect.poll(() => text(gridCell(page, 'score-grid', idx, `ind-${e.leaf.id}`)), POLL).toBe(fmt(e.next));
    }
    await shot('grid');
  }, T);

  it('exports the grid (the department’s columns) to .xlsx with the new values', async () => {
    await page.click('[data-testid="btn-export-scores"]');
    await expectMessage(page, /已导出/);
    const dir = path.join(host.services.documentsDir, '导出');
    const file = fs.readdirSync(dir).find((f) => f.startsWith(safe(cat.name)) && f.endsWith(`-${safe(dept.name)}.xlsx`));
    expect(file, 'the exported grid').toBeTruthy();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, file!));
    const ws = wb.worksheets[0]!;
    const headerRows = (ws.views[0] as { ySplit: number }).ySplit;
    const headers = (ws.getRow(headerRows).values as unknown[]).slice(3);
    // every leaf of the department in the component shown, whatever its method
    const own = (await matrixOf(edits[0]!.leaf.componentId)).indicators.filter((l) => l.isLeaf && l.departmentId === dept.id);
    expect(own.length).toBeGreaterThanOrEqual(1);
    expect(headers).toEqual(own.map((l) => `${l.code} ${l.name}（${fmt(l.fullPoints)}分）`));
    const col = 3 + headers.indexOf(`${edits[0]!.leaf.code} ${edits[0]!.leaf.name}（${fmt(edits[0]!.leaf.fullPoints)}分）`);
    for (const e of edits) {
      let r = headerRows + 1;
      while (r <= ws.rowCount && ws.getCell(r, 2).value !== e.subjectName) r++;
      expect(ws.getCell(r, col).value, e.subjectName).toBe(e.next);
    }
  }, T);

  it('the same file again: 没有变化', async () => {
    await page.click('[data-testid="tab-workbooks"]');
    await importThrough('btn-import-workbook', filled);
    const none = page.locator('[data-testid="preview-nochange"]');
    await none.waitFor({ timeout: 60_000 });
    await expectContains(none, '没有变化');
    await expectCount(page.locator('[data-testid="preview-change"]'), 0);
    expect(await page.locator('[data-testid="btn-apply-collect"]').isDisabled()).toBe(true);
    await shot('no-change');
    await page.click('[data-testid="btn-cancel-collect"]');
    await page.locator('[data-testid="collect-preview"]').waitFor({ state: 'detached' });
  }, T);

  it('全部生成 writes every department’s workbook into the chosen folder; the tallies’ workbook comes back unchanged', async () => {
    const listed = (await value<{ id: number; name: string; fillableCount: number }[]>('listDepartmentDetails', { cycleId: cycle.id })).filter((d) => d.fillableCount > 0);
    // a workbook holds a department's leaves other than deduction lists (those stay with the office), where the category has members
    const fillable = new Set<number>();
    for (const c of (await value<Category[]>('listCategories', { cycleId: cycle.id })).filter((x) => x.memberCount > 0)) {
      for (const i of (await value<{ indicators: Indicator[] }>('listIndicators', { categoryId: c.id })).indicators) if (i.isLeaf && i.departmentId !== null && i.method?.type !== 'deduction') fillable.add(i.departmentId);
    }
    // the screen offers exactly those (a department of 扣分制 leaves only has nothing to fill: its buttons are off)
    expect(listed.map((d) => d.id).sort((a, b) => a - b)).toEqual([...fillable].sort((a, b) => a - b));
    const depts = listed;
    const folder = path.join(host.services.documentsDir, '全部采集表');
    fs.mkdirSync(folder);
    host.queuePick(folder);
    await page.click('[data-testid="btn-generate-all-departments"]');
    const report = page.locator('[data-testid="batch-report"]');
    await report.waitFor({ timeout: 200_000 });
    await expectContains(report, `已生成 ${depts.length} 个采集表`);
    expect(fs.readdirSync(folder).sort()).toEqual(depts.map((d) => safe(`${cycle.name}-${d.name}-采集表.xlsx`)).sort());
    await shot('all-generated');

    // one workbook for every rater group, prefilled with the stored tallies: imported as it is, nothing changes
    await page.click('[data-testid="btn-template-tallies-all"]');
    await expectMessage(page, /已生成采集表/);
    const tallies = path.join(host.services.documentsDir, '导出', safe(`${cycle.name}-民主测评票数表.xlsx`));
    expect(fs.existsSync(tallies)).toBe(true);
    await importThrough('btn-import-workbook', tallies);
    await page.locator('[data-testid="preview-nochange"]').waitFor({ timeout: 60_000 });
    await expectContains(page.locator('[data-testid="preview-stamp"]'), '民主测评票数表');
    await expectContains(page.locator('[data-testid="preview-stamp"]'), '全部测评组');
    await page.click('[data-testid="btn-cancel-collect"]');
  }, T);

  it('refuses another department’s workbook from this department’s row, and another year’s, with the server’s message', async () => {
    const m0 = await matrixOf(edits[0]!.leaf.componentId);
    // a workbook generated for another department
    const theirs = path.join(host.services.documentsDir, `${other.name}.xlsx`);
    await value('writeCollectTemplate', { cycleId: cycle.id, kind: 'scores', departmentId: other.id, filePath: theirs });
    await importThrough(`btn-import-dept-${dept.id}`, theirs);
    const refused = page.locator('[data-testid="collect-refused"]');
    await refused.waitFor({ timeout: 60_000 });
    await expectContains(refused, `是责任单位“${other.name}”的，不是“${dept.name}”的`);
    await shot('other-department');
    // the message is the server's own
    const env = await callApi(page, 'previewCollect', { filePath: theirs, cycleId: cycle.id, departmentId: dept.id });
    expect(env.ok).toBe(false);
    if (!env.ok) await expectContains(refused, env.error.message.split('\n')[0]!);

    // a workbook of another year (a copy of this one, with the same department)
    const copy = await value<{ cycle: { id: number; name: string } }>('copyCycle', { sourceCycleId: cycle.id, name: `${cycle.name}（副本）`, year: 2030 });
    const copyDept = (await value<{ id: number; name: string }[]>('listDepartmentDetails', { cycleId: copy.cycle.id })).find((d) => d.name === dept.name)!;
    const lastYear = path.join(host.services.documentsDir, '另一年度.xlsx');
    await value('writeCollectTemplate', { cycleId: copy.cycle.id, kind: 'scores', departmentId: copyDept.id, filePath: lastYear });
    await importThrough('btn-import-workbook', lastYear);
    await expectContains(refused, `属于考核年度“${copy.cycle.name}”，不是当前的“${cycle.name}”`);
    await expectCount(page.locator('[data-testid="collect-preview"]'), 0);
    await shot('other-year');
    expect(await matrixOf(edits[0]!.leaf.componentId)).toEqual(m0);
  }, T);
});
