// Tallies and events on the demo plan: a tally whose votes do not add up to
// the valid ballots is marked, listed and refused before anything is sent
// (and undone with Ctrl+Z); a 一票否决 entered under a unit moves its grade to
// the bottom one as the engine stored it, shown beside the event; deleting
// the event asks first with what goes with it, and the grade comes back.
// Screenshots go to test-results/e2e/collect-data-NN-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import type { BallotRow, Category, Component, ResultRow } from '../../shared/ipc/contract.ts';
import { POLL, apiValue, expectClass, expectContains, expectCount, expectMessage, focusGridCell, gridCell, nav, openApp, pasteText, pickCategory, screenshots, text, typeInFocused } from './ui.ts';

const T = 240_000;

let host: Host;
let page: Page;
const shot = screenshots(() => page, 'collect-data-', 500);
const value = <T>(channel: string, input: unknown) => apiValue<T>(page, channel, input);
let cycleId = 0;

beforeAll(async () => {
  host = await openApp('kaohe-e2e-collect-data-');
  page = host.page;
}, T);

afterAll(async () => {
  await host?.close();
});

describe('tallies and events', () => {
  it('loads the demo and computes', async () => {
    await page.waitForSelector('[data-testid="btn-load-demo"]', { timeout: 30_000 });
    await page.click('[data-testid="btn-load-demo"]');
    await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
    cycleId = (await value<{ id: number }[]>('listCycles', {}))[0]!.id;
    await nav(page, 'results');
    await page.click('[data-testid="btn-compute"]');
    await page.waitForSelector('[data-testid="compute-result"]', { timeout: 120_000 });
  }, T);

  it('refuses a tally whose votes do not add up to the valid ballots, and undoes it', async () => {
    const cats = await value<Category[]>('listCategories', { cycleId });
    let cat: Category | undefined;
    for (const c of cats.filter((x) => x.kind === 'unit')) {
      const comps = await value<Component[]>('listComponents', { categoryId: c.id });
      if (comps.some((k) => k.kind === 'democratic') && (await value<BallotRow[]>('listBallots', { categoryId: c.id })).length > 0) {
        cat = c;
        break;
      }
    }
    expect(cat, 'a unit category with democratic evaluation').toBeTruthy();
    const before = await value<BallotRow[]>('listBallots', { categoryId: cat!.id });
    await nav(page, 'collect');
    await pickCategory(page, cat!.name);
    await page.click('[data-testid="tab-ballots"]');
    await gridCell(page, 'ballots-grid', 0, 'valid').waitFor();
    const valid = Number(await text(gridCell(page, 'ballots-grid', 0, 'valid')));
    await focusGridCell(page, 'ballots-grid', 0, 'valid', 'valid');
    await typeInFocused(page, 'ballots-grid', String(Math.max(0, valid - 1)));
    await expectClass(gridCell(page, 'ballots-grid', 0, 'valid'), /cell-invalid/);
    await expectContains(page.locator('[data-testid="tally-problems"]'), '不等于有效票');
    // a pasted block with present above expected: marked as well
    await focusGridCell(page, 'ballots-grid', 1, 'expected', 'expected');
    await pasteText(page, '5\t9');
    await expectCount(page.locator('[data-testid="tally-problem"]'), 2);
    await shot('tallies-refused');
    await page.click('[data-testid="btn-save-tallies"]');
    const dialog = page.locator('.ant-modal-confirm');
    await expectContains(dialog, '2 行测评票数有误');
    await dialog.getByRole('button', { name: '知道了' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await value<BallotRow[]>('listBallots', { categoryId: cat!.id })).toEqual(before);
    // the paste is one step
    await gridCell(page, 'ballots-grid', 0, 'subjectName').click();
    await page.keyboard.press('ControlOrMeta+Z');
    await expectCount(page.locator('[data-testid="tally-problem"]'), 1);
    await page.keyboard.press('ControlOrMeta+Z');
    await expectCount(page.locator('[data-testid="tally-problem"]'), 0);
    // the stored democratic score is shown beside the rows
    expect(await text(gridCell(page, 'ballots-grid', 0, 'score'))).toMatch(/^\d+\.\d+$/);
    await shot('tallies-undone');
  }, T);

  it('a 一票否决 moves the unit to the bottom grade; deleting it asks first and brings the grade back', async () => {
    const cats = await value<Category[]>('listCategories', { cycleId });
    const cat = cats.find((c) => c.kind === 'unit')!;
    const bottom = cat.settings.grading.grades[cat.settings.grading.grades.length - 1]!;
    const rows = await value<ResultRow[]>('listResults', { cycleId, categoryId: cat.id });
    const subject = [...rows].sort((a, b) => a.rank - b.rank)[0]!;
    expect(subject.finalGrade).not.toBe(bottom);

    await nav(page, 'collect');
    await page.click('[data-testid="tab-events"]');
    await page.click('[data-testid="btn-add-event"]');
    await page.click('[data-testid="event-subject"]');
    await page.keyboard.type(subject.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.click('[data-testid="event-kind"]');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="一票否决"]').click();
    await page.fill('[data-testid="event-reason"]', '发生重大安全生产责任事故');
    await page.fill('[data-testid="event-doc-number"]', '清委〔2025〕8号');
    await shot('veto-form');
    await page.click('[data-testid="event-ok"]');
    await expectMessage(page, /已新增事项/);

    const after = (await value<ResultRow[]>('listResults', { cycleId, categoryId: cat.id })).find((r) => r.subjectKey === subject.subjectKey)!;
    expect(after.finalGrade).toBe(bottom);
    const events = await value<{ id: number; subjectKey: string; kind: string }[]>('listEventDetails', { cycleId });
    const veto = events.find((e) => e.subjectKey === subject.subjectKey && e.kind === 'veto')!;
    await page.click('[data-testid="event-kind-filter"]');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="一票否决"]').click();
    const row = page.locator('[data-testid="events-grid"] .ag-row', { has: page.locator(`[data-testid="delete-event-${veto.id}"]`) }).first();
    const ri = await row.getAttribute('row-index');
    await expect.poll(() => text(page.locator(`[data-testid="events-grid"] .ag-row[row-index="${ri}"] [col-id="grade"]`).first()), POLL).toBe(bottom);
    await shot('veto-bottom-grade');

    await page.click(`[data-testid="delete-event-${veto.id}"]`);
    await page.locator('[data-testid="delete-preview"]').waitFor();
    await shot('delete-confirm');
    await page.click('[data-testid="confirm-delete-event"]');
    await expectMessage(page, /事项已删除/);
    const back = (await value<ResultRow[]>('listResults', { cycleId, categoryId: cat.id })).find((r) => r.subjectKey === subject.subjectKey)!;
    expect(back.finalGrade).toBe(subject.finalGrade);
  }, T);
});
