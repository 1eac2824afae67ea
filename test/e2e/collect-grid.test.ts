// The score grid as a spreadsheet that knows the rules, on the demo plan:
// "4,5" (a decimal comma), 999 (above full points), −1 (a negative figure)
// and a letter outside the plan's set, typed and pasted, are all marked and
// listed at once and none of them is saved; Ctrl+Z undoes a paste as one
// step and Ctrl+Y redoes it; a Shift+click rectangle is filled down with
// Ctrl+D; "1,234" (a real thousands grouping) is read as 1234; the columns
// filter by responsible department.
// Screenshots go to test-results/e2e/collect-grid-NN-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import type { Category, Component, Indicator, OutputOf } from '../../shared/ipc/contract.ts';
import { POLL, apiValue, expectClass, expectContains, expectCount, expectMessage, focusGridCell, gridCell, nav, openApp, pasteText, pickCategory, screenshots, text, typeInFocused } from './ui.ts';

const T = 240_000;
const GRID = 'score-grid';

let host: Host;
let page: Page;
const shot = screenshots(() => page, 'collect-grid-', 500);
const value = <T>(channel: string, input: unknown) => apiValue<T>(page, channel, input);

let cycleId = 0;
let cat: Category;
let comps: Component[] = [];
let leaves: Indicator[] = [];
let matrix: OutputOf<'getScoreMatrix'>;

const col = (l: Indicator) => `ind-${l.id}`;
const leafOf = (type: string) => leaves.find((l) => (l.method?.type ?? 'direct') === type);
const storedOf = (m: OutputOf<'getScoreMatrix'>, subjectKey: string, id: number) => m.cells.find((c) => c.subjectKey === subjectKey && c.indicatorId === id) ?? null;

async function showComponent(leaf: Indicator) {
  const picker = page.locator('[data-testid="component-picker"]');
  if (await picker.count()) await picker.locator('.ant-segmented-item', { hasText: leaf.componentName }).first().click();
  await page.locator(`[data-testid="${GRID}"] .ag-header-cell[col-id^="ind-"]`).first().waitFor();
}

async function typeAt(row: number, leaf: Indicator, v: string) {
  await focusGridCell(page, GRID, row, col(leaf), 'ind-');
  await typeInFocused(page, GRID, v);
}

async function discard() {
  await page.click('[data-testid="btn-discard-scores"]');
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '放弃修改' }).click();
  await expectCount(page.locator('[data-testid="cell-problem"]'), 0);
}

beforeAll(async () => {
  host = await openApp('kaohe-e2e-collect-grid-');
  page = host.page;
  await page.waitForSelector('[data-testid="btn-load-demo"]', { timeout: 30_000 });
  await page.click('[data-testid="btn-load-demo"]');
  await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
  cycleId = (await value<{ id: number }[]>('listCycles', {}))[0]!.id;
  const cats = await value<Category[]>('listCategories', { cycleId });
  // the unit category with the most units: room for blocks of six rows
  cat = cats.filter((c) => c.kind === 'unit').sort((a, b) => b.memberCount - a.memberCount)[0]!;
  comps = await value<Component[]>('listComponents', { categoryId: cat.id });
  matrix = await value<OutputOf<'getScoreMatrix'>>('getScoreMatrix', { categoryId: cat.id });
  leaves = matrix.indicators.filter((i) => i.isLeaf);
}, T);

afterAll(async () => {
  await host?.close();
});

describe('the score grid knows the rules', () => {
  it('marks 4,5, 999 and −1 typed and pasted, lists them all, and saves none', async () => {
    await nav(page, 'collect');
    await pickCategory(page, cat.name);
    expect(cat.memberCount).toBeGreaterThanOrEqual(6);
    expect(comps.length).toBeGreaterThan(0);
    const direct = leafOf('direct')!;
    expect(direct, 'the demo has a direct-scored leaf').toBeTruthy();
    await showComponent(direct);

    await typeAt(0, direct, '4,5');
    await expectClass(gridCell(page, GRID, 0, col(direct)), /cell-invalid/);
    await expectContains(page.locator('[data-testid="cell-problems"]'), '逗号');
    await typeAt(1, direct, '999');
    await typeAt(2, direct, '-1');
    // the same three, pasted as a block of one column
    await focusGridCell(page, GRID, 3, col(direct), 'ind-');
    await pasteText(page, '4,5\n999\n−1');
    for (let r = 0; r < 6; r++) await expectClass(gridCell(page, GRID, r, col(direct)), /cell-invalid/);
    await expectCount(page.locator('[data-testid="cell-problem"]'), 6);
    const listed = await text(page.locator('[data-testid="cell-problems"]'));
    expect(listed).toContain('超出范围');
    expect(listed).toContain(matrix.subjects[0]!.name);
    // the bad entries stay as typed
    expect(await text(gridCell(page, GRID, 0, col(direct)))).toBe('4,5');
    await shot('bad-cells-marked');

    // saving is refused before anything is sent, with every cell listed
    await page.click('[data-testid="btn-save-scores"]');
    const dialog = page.locator('.ant-modal-confirm');
    await expectContains(dialog, '6 个单元格有误');
    await expectContains(dialog, matrix.subjects[5]!.name);
    await shot('save-refused');
    await dialog.getByRole('button', { name: '知道了' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await value<OutputOf<'getScoreMatrix'>>('getScoreMatrix', { categoryId: cat.id });
    for (let r = 0; r < 6; r++) {
      const key = matrix.subjects[r]!.key;
      expect(storedOf(after, key, direct.id)?.value ?? null).toBe(storedOf(matrix, key, direct.id)?.value ?? null);
    }

    // the paste is one step: undone and redone at once
    await page.keyboard.press('ControlOrMeta+Z');
    await expectCount(page.locator('[data-testid="cell-problem"]'), 3);
    await page.keyboard.press('ControlOrMeta+Y');
    await expectCount(page.locator('[data-testid="cell-problem"]'), 6);
    await discard();
  }, T);

  it('refuses a letter outside the plan’s set, typed and pasted, and a negative figure of a completion indicator', async () => {
    const letter = leafOf('letter');
    const completion = leafOf('completion');
    for (const leaf of [letter, completion]) {
      if (!leaf) continue;
      await showComponent(leaf);
      const bad = leaf === letter ? 'X' : '-1';
      await typeAt(0, leaf, bad);
      await focusGridCell(page, GRID, 1, col(leaf), 'ind-');
      await pasteText(page, bad === 'X' ? '甲' : '−5');
      await expectClass(gridCell(page, GRID, 0, col(leaf)), /cell-invalid/);
      await expectClass(gridCell(page, GRID, 1, col(leaf)), /cell-invalid/);
      await expectContains(page.locator('[data-testid="cell-problems"]'), leaf === letter ? '等级“X”无效' : '不能为负数');
      await shot(leaf === letter ? 'letter-refused' : 'completion-refused');
      await page.click('[data-testid="btn-save-scores"]');
      await page.locator('.ant-modal-confirm').getByRole('button', { name: '知道了' }).click();
      await discard();
    }
    expect(letter ?? completion, 'the demo has letter or completion leaves').toBeTruthy();
  }, T);

  it('fills a Shift+click rectangle down with Ctrl+D, undoes it, reads 1,234 as a grouping, and saves', async () => {
    const direct = leafOf('direct')!;
    await showComponent(direct);
    const v = String(Math.floor(direct.fullPoints / 2) + 0.5);
    await typeAt(0, direct, v);
    await gridCell(page, GRID, 0, col(direct)).click();
    await gridCell(page, GRID, 3, col(direct)).click({ modifiers: ['Shift'] });
    await expectClass(gridCell(page, GRID, 2, col(direct)), /cell-selected/);
    await page.keyboard.press('ControlOrMeta+D');
    for (let r = 1; r <= 3; r++) await expect.poll(() => text(gridCell(page, GRID, r, col(direct))), POLL).toBe(v);
    await shot('filled-down');
    await page.keyboard.press('ControlOrMeta+Z');
    const old = storedOf(matrix, matrix.subjects[2]!.key, direct.id)?.value;
    await expect.poll(() => text(gridCell(page, GRID, 2, col(direct))), POLL).toBe(old === null || old === undefined ? '' : String(old));
    await page.keyboard.press('ControlOrMeta+Y');
    await expect.poll(() => text(gridCell(page, GRID, 2, col(direct))), POLL).toBe(v);

    // a real thousands grouping of a figure is read as a number
    const completion = leaves.find((l) => l.method?.type === 'completion' && l.componentId === direct.componentId);
    let saved = 4;
    if (completion) {
      await focusGridCell(page, GRID, 0, col(completion), 'ind-');
      await pasteText(page, '1,234');
      await expect.poll(() => text(gridCell(page, GRID, 0, col(completion))), POLL).toBe('1234');
      saved += 1;
    }
    await expectCount(page.locator('[data-testid="cell-problem"]'), 0);
    await page.click('[data-testid="btn-save-scores"]');
    await expectMessage(page, new RegExp(`已保存 ${saved} 个单元格`));
    const after = await value<OutputOf<'getScoreMatrix'>>('getScoreMatrix', { categoryId: cat.id });
    for (let r = 0; r <= 3; r++) expect(storedOf(after, matrix.subjects[r]!.key, direct.id)?.value).toBe(Number(v));
    if (completion) expect(storedOf(after, matrix.subjects[0]!.key, completion.id)?.value).toBe(1234);
    await shot('saved');
  }, T);

  it('shows only the columns of one responsible department', async () => {
    const filter = page.locator('[data-testid="dept-filter"]');
    if ((await filter.count()) === 0) return;
    const before = await page.locator(`[data-testid="${GRID}"] .ag-header-cell[col-id^="ind-"]`).count();
    await filter.click();
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    const dept = (await option.getAttribute('title')) ?? '';
    await option.click();
    const comp = leaves.find((l) => page && l.departmentName === dept);
    if (comp) {
      const header = page.locator(`[data-testid="${GRID}"] .ag-header-cell[col-id^="ind-"]`);
      await expect.poll(() => header.count(), POLL).toBeLessThanOrEqual(before);
    }
    await shot('department-filter');
  }, T);
});
