// The office's year, walked through the user interface only, on a fresh
// database: a cycle, a category, four units, a two-level indicator tree,
// scores typed into the grid, computation, ranks and totals checked against
// hand-computed values, the top-grade quota, and a feedback letter read back.
// A screenshot per step goes to test-results/e2e/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import { ROOT, expectClass, expectContains, expectCount, expectEnabled, expectMessage, expectText, moveCycleTo, nav, screenshots, openApp, setDocumentContact } from './ui.ts';

const T = 120_000;

const CATEGORY = '一类乡镇';
const UNITS = ['城东镇', '城西镇', '南山镇', '北湖镇'];
// two top-level indicators of 50 points, two leaves each
const TREE = [
  { name: '经济发展', points: 50, leaves: [{ name: '财政收入', points: 25 }, { name: '项目建设', points: 25 }] },
  { name: '社会治理', points: 50, leaves: [{ name: '平安建设', points: 30 }, { name: '民生保障', points: 20 }] },
];
const LEAVES = TREE.flatMap((t) => t.leaves.map((l) => l.name));
// scores per unit, in the order of LEAVES (direct scoring: the score is the value)
const SCORES: Record<string, number[]> = {
  城东镇: [24, 23, 29, 19],
  城西镇: [20, 21.5, 27, 18],
  南山镇: [22, 25, 25, 15],
  北湖镇: [15, 18, 20, 12],
};
// by hand: the total is the sum (one unweighted component, no bonus), ranked best first
const EXPECTED = Object.entries(SCORES)
  .map(([name, s]) => ({ name, total: s.reduce((a, b) => a + b, 0) }))
  .sort((a, b) => b.total - a.total)
  .map((r, i) => ({ ...r, rank: i + 1 }));


let host: Host;
let page: Page;
const shot = screenshots(() => page, '');

/** The text input behind a data-testid (antd puts it on the <input> or on a wrapper). */
function field(testId: string): Locator {
  return page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

async function closeModalOk(testId: string) {
  await page.click(`[data-testid="${testId}"]`);
  await page.locator(`[data-testid="${testId}"]`).waitFor({ state: 'detached', timeout: 15_000 });
}

function cell(grid: string, rowIndex: number, colId: string): Locator {
  return page.locator(`[data-testid="${grid}"] .ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`).first();
}

async function typeInto(c: Locator, value: string) {
  await c.dblclick();
  const editor = c.locator('input');
  await editor.waitFor({ timeout: 5_000 });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

async function resultRows(): Promise<{ name: string; rank: number; total: string; grade: string }[]> {
  const out = [];
  for (let i = 0; i < UNITS.length; i++) {
    out.push({
      name: (await cell('results-grid', i, 'name').innerText()).trim(),
      rank: Number((await cell('results-grid', i, 'rank').innerText()).trim()),
      total: (await cell('results-grid', i, 'total').innerText()).trim(),
      grade: (await cell('results-grid', i, 'grade').innerText()).trim(),
    });
  }
  return out;
}

async function compute() {
  await nav(page, 'results');
  await page.click('[data-testid="btn-compute"]');
  await page.waitForSelector('[data-testid="compute-result"]', { timeout: 60_000 });
  await page.waitForSelector(`[data-testid="results-grid"] .ag-row[row-index="${UNITS.length - 1}"]`, { timeout: 30_000 });
}

beforeAll(async () => {
  host = await openApp('kaohe-e2e-');
  page = host.page;
}, T);

afterAll(async () => {
  await host?.close();
});

describe('a year in the assessment office, through the UI', () => {
  it('creates a cycle from the welcome page', async () => {
    await page.waitForSelector('[data-testid="btn-new-cycle"]', { timeout: 30_000 });
    await shot('welcome');
    await page.click('[data-testid="btn-new-cycle"]');
    await field('new-cycle-name').fill('2025年度综合考核');
    await field('new-cycle-year').fill('2025');
    await shot('new-cycle');
    await closeModalOk('new-cycle-ok');
    await page.waitForSelector('[data-testid="page-dashboard"]');
    await expectContains(page.locator('[data-testid="cycle-select"]'), '2025年度综合考核');
    await expectText(page.locator('[data-testid="cycle-status"]'), '编制中');
    await shot('dashboard-empty');
  }, T);

  it('adds a unit category in 考核方案', async () => {
    await nav(page, 'plan');
    await page.click('[data-testid="btn-new-category"]');
    await field('category-name').fill(CATEGORY);
    await closeModalOk('category-ok');
    await expectContains(page.locator('[data-testid="category-list"]'), CATEGORY);
    await expectContains(page.locator('[data-testid="components-table"]'), '实绩考核');
    await shot('category');
  }, T);

  it('adds four units in 考核对象', async () => {
    await nav(page, 'subjects');
    for (const name of UNITS) {
      await page.click('[data-testid="btn-new-unit"]');
      await field('unit-name').fill(name);
      await closeModalOk('unit-ok');
      await expectContains(page.locator('[data-testid="units-grid"]'), name);
    }
    // listed in the order they were added (the plan's order)
    for (let i = 0; i < UNITS.length; i++) await expectText(cell('units-grid', i, 'name'), UNITS[i]!);
    await shot('units');
  }, T);

  it('builds a two-level indicator tree whose points add up', async () => {
    await nav(page, 'indicators');
    for (const top of TREE) {
      await page.click('[data-testid="btn-add-root-indicator"]');
      await field('indicator-name').fill(top.name);
      await field('indicator-points').fill(String(top.points));
      await closeModalOk('indicator-ok');
      await expectContains(page.locator('[data-testid="indicator-grid"]'), top.name);
    }
    for (const top of TREE) {
      for (const leaf of top.leaves) {
        await page.locator(`[data-testid="indicator-grid"] [col-id="name"]`, { hasText: top.name }).first().click();
        await page.click('[data-testid="btn-add-child-indicator"]');
        await field('indicator-name').fill(leaf.name);
        await field('indicator-points').fill(String(leaf.points));
        await closeModalOk('indicator-ok');
        await expectContains(page.locator('[data-testid="indicator-grid"]'), leaf.name);
      }
    }
    await page.locator('[data-testid="indicator-checks-ok"]').waitFor({ state: 'visible' });
    // the tree in order, with codes 1 / 1.1 …
    const names = await page.locator('[data-testid="indicator-grid"] .ag-row:not(.row-total) [col-id="name"]').allInnerTexts();
    expect(names.map((n) => n.replace(/\s+/g, ' ').trim())).toEqual(['1 经济发展', '1.1 财政收入', '1.2 项目建设', '2 社会治理', '2.1 平安建设', '2.2 民生保障']);
    await shot('indicators');
  }, T);

  it('takes scores typed into the grid, refuses an out-of-range one, and saves', async () => {
    await nav(page, 'collect');
    await page.waitForSelector('[data-testid="score-grid"] .ag-header-cell[col-id^="ind-"]');
    // columns by indicator name
    const headers = await page.$$eval('[data-testid="score-grid"] .ag-header-cell[col-id^="ind-"]', (els) => els.map((e) => [e.getAttribute('col-id')!, e.textContent ?? '']));
    const colOf = (leaf: string) => headers.find(([, text]) => text.includes(leaf))![0];
    expect(LEAVES.map(colOf)).toHaveLength(4);
    // rows are the units in plan order; empty cells are marked as missing
    for (let i = 0; i < UNITS.length; i++) await expectText(cell('score-grid', i, 'subject'), UNITS[i]!);
    await expectClass(cell('score-grid', 0, colOf(LEAVES[0]!)), /cell-missing/);
    await shot('score-grid-empty');

    for (let r = 0; r < UNITS.length; r++) {
      const scores = SCORES[UNITS[r]!]!;
      for (let c = 0; c < LEAVES.length; c++) {
        // the first cell gets a value above its 25 points first
        const value = r === 0 && c === 0 ? '30' : String(scores[c]);
        await typeInto(cell('score-grid', r, colOf(LEAVES[c]!)), value);
      }
    }
    await expectClass(cell('score-grid', 0, colOf(LEAVES[0]!)), /cell-dirty/);
    await expectEnabled(page.locator('[data-testid="btn-save-scores"]'), true);
    await shot('scores-typed');

    // the server refuses the whole batch and names unit and indicator; the grid keeps the edits
    await page.click('[data-testid="btn-save-scores"]');
    const dialog = page.locator('.ant-modal-confirm');
    await expectContains(dialog, '城东镇');
    await expectContains(dialog, '财政收入');
    await expectClass(cell('score-grid', 0, colOf(LEAVES[0]!)), /cell-invalid/);
    await shot('scores-refused');
    await dialog.getByRole('button', { name: '知道了' }).click();
    await expectClass(cell('score-grid', 1, colOf(LEAVES[0]!)), /cell-dirty/);

    // correct it and save all sixteen in one call
    await typeInto(cell('score-grid', 0, colOf(LEAVES[0]!)), String(SCORES[UNITS[0]!]![0]));
    await page.click('[data-testid="btn-save-scores"]');
    await expectMessage(page, /已保存 16 个单元格/);
    await expectEnabled(page.locator('[data-testid="btn-save-scores"]'), false);
    await expectText(cell('score-grid', 2, colOf(LEAVES[1]!)), '25');
    await expectCount(page.locator('[data-testid="score-grid"] .cell-missing'), 0);
    await shot('scores-saved');
  }, T);

  it('computes totals and ranks that match the hand-computed ones', async () => {
    await compute();
    const rows = await resultRows();
    expect(rows.map((r) => ({ name: r.name, rank: r.rank, total: r.total }))).toEqual(EXPECTED.map((e) => ({ name: e.name, rank: e.rank, total: e.total.toFixed(2) })));
    // default quota 20% of 4, rounded down: nobody is 优秀
    expect(rows.filter((r) => r.grade.includes('优秀'))).toHaveLength(0);
    await shot('results');
    // every number explains itself
    await cell('results-grid', 0, 'total').click();
    await expectContains(page.locator('.ant-drawer-title'), `得分明细：${EXPECTED[0]!.name}`);
    const drawer = page.locator('.ant-drawer-body');
    await expectContains(drawer, '财政收入');
    await expectContains(drawer, '计入总分');
    await shot('score-detail');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  }, T);

  it('sets the top-grade quota to 25% and recomputes: exactly one 优秀', async () => {
    await nav(page, 'plan');
    await field('settings-top-quota').fill('25');
    await expectContains(page.locator('[data-testid="quota-preview"]'), '名额 1 个');
    await shot('quota-setting');
    await page.click('[data-testid="btn-save-settings"]');
    await expectMessage(page, /评定设置已保存/);
    await compute();
    const rows = await resultRows();
    const top = rows.filter((r) => r.grade.includes('优秀'));
    expect(top).toHaveLength(1);
    expect(top[0]!.name).toBe(EXPECTED[0]!.name);
    await shot('results-quota');
  }, T);

  it('advances the year to 评定中: adjustments and documents are allowed from there on', async () => {
    // in 编制中 the committee cannot adjust yet
    await nav(page, 'grading');
    await expectEnabled(page.locator('[data-testid="btn-adjust-grade"]').first(), false);
    await moveCycleTo(page, 'collecting', '采集中');
    await moveCycleTo(page, 'grading', '评定中');
    await expectEnabled(page.locator('[data-testid="btn-adjust-grade"]').first(), true);
  }, T);

  it('shows the grade decision and warns when an adjustment breaks the quota', async () => {
    await nav(page, 'grading');
    await expectContains(page.locator('[data-testid="quota-top"]'), '1 / 名额 1');
    await shot('grading');
    const second = EXPECTED[1]!.name;
    await page.locator('[data-testid="grading-table"] tr', { hasText: second }).locator('[data-testid="btn-adjust-grade"]').click();
    await page.click('[data-testid="adjust-grade-select"]');
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '优秀' }).first().click();
    await field('adjust-reason').fill('经考核委员会研究，该镇年度重点工作成效突出');
    await shot('adjust-form');
    await page.click('[data-testid="adjust-ok"]');
    const warning = page.locator('.ant-modal-confirm');
    await expectContains(warning, '超出名额');
    await shot('adjust-warning');
    await warning.getByRole('button', { name: '知道了' }).click();
    await expectContains(page.locator('[data-testid="grading-table"] tr', { hasText: second }), '经考核委员会研究');
    await expectContains(page.locator('[data-testid="quota-top"]'), '2 / 名额 1');
    await shot('grading-adjusted');
  }, T);

  it('generates a feedback letter whose text carries the unit, total and grade', async () => {
    await setDocumentContact(page);
    await nav(page, 'documents');
    const best = EXPECTED[0]!;
    const row = page.locator('[data-testid="feedback-table"] tr', { hasText: best.name });
    const button = row.locator('[data-testid^="btn-generate-feedback-"]');
    await button.click();
    const pathText = page.locator('[data-testid="generated-path"]').first();
    await pathText.waitFor({ timeout: 60_000 });
    const file = (await pathText.innerText()).trim();
    await shot('feedback-generated');
    expect(file).toMatch(/\.docx$/);
    expect(fs.existsSync(file)).toBe(true);
    await expectContains(page.locator('[data-testid="documents-table"]'), best.name);

    const json = JSON.parse(execFileSync('/usr/bin/python3', [path.join(ROOT, 'test/tools/read_docx.py'), file], { encoding: 'utf8' })) as {
      paragraphs: { text: string }[];
      tables: { rows: string[][] }[];
    };
    const text = [...json.paragraphs.map((p) => p.text), ...json.tables.flatMap((t) => t.rows.flat())].join('\n');
    expect(text).toContain(best.name);
    expect(text).toMatch(new RegExp(`(^|[^\\d.])${best.total}(\\.00)?([^\\d]|$)`));
    expect(text).toContain('优秀');
    await shot('documents');
  }, T);
});
