// The year's lifecycle, through the user interface, on the demo plan: the
// cycle is advanced to 已发布; then every edit control of the plan, subjects,
// indicators, score grid and grading screens is disabled (with its reason),
// and a write sent straight from the page is refused with code 'locked' and
// stores nothing; going back needs a reason, which the audit log shows.
// Screenshots go to test-results/e2e/lifecycle-NN-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import { POLL, apiValue, callApi, expectContains, expectText, moveCycleTo, nav, openApp, screenshots } from './ui.ts';

const T = 240_000;

let host: Host;
let page: Page;
const shot = screenshots(() => page, 'lifecycle-', 500);

const api = (channel: string, input: unknown) => callApi(page, channel, input);
const value = <T,>(channel: string, input: unknown) => apiValue<T>(page, channel, input);
const moveTo = (status: string, label: string, reason?: string) => moveCycleTo(page, status, label, reason);

/** The control behind a data-testid is disabled and says it is locked. */
async function expectLocked(testId: string) {
  const b = page.locator(`[data-testid="${testId}"]`).first();
  await b.waitFor();
  await expect.poll(() => b.isEnabled(), POLL).toBe(false);
  expect(await b.getAttribute('data-locked')).toBe('true');
}

beforeAll(async () => {
  host = await openApp('kaohe-e2e-lifecycle-');
  page = host.page;
}, T);

afterAll(async () => {
  await host?.close();
});

describe('the year’s lifecycle locks what it forbids', () => {
  let cycleId = 0;

  it('loads the demo, computes, and advances the year to 已发布', async () => {
    await page.waitForSelector('[data-testid="btn-load-demo"]', { timeout: 30_000 });
    await page.click('[data-testid="btn-load-demo"]');
    await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
    cycleId = (await value<{ id: number }[]>('listCycles', {}))[0]!.id;
    // the demo is collecting data: the plan is fixed, the header shows the lock
    await expectText(page.locator('[data-testid="cycle-status"]'), '采集中');
    await page.locator('[data-testid="cycle-lock"]').waitFor();

    await nav(page, 'results');
    await page.click('[data-testid="btn-compute"]');
    await page.waitForSelector('[data-testid="compute-result"]', { timeout: 120_000 });

    await moveTo('grading', '评定中');
    await moveTo('published', '已发布');
    await shot('published');
  }, T);

  it('disables every edit control of the plan, subjects, indicators, score grid and grading screens', async () => {
    await nav(page, 'plan');
    await page.locator('[data-testid="lock-banner-plan"]').waitFor();
    for (const id of ['btn-new-category', 'btn-edit-category', 'btn-new-component', 'btn-edit-component', 'btn-save-settings', 'btn-reset-settings']) await expectLocked(id);
    // the settings form is disabled as a whole
    expect(await page.locator('[data-testid="settings-form"] input').first().isDisabled()).toBe(true);
    // the tooltip says why
    await page.locator('[data-testid="locked-btn-new-category"]').hover();
    await expectContains(page.locator('.ant-tooltip:visible').first(), '已发布');
    await shot('plan-locked');

    await nav(page, 'subjects');
    for (const id of ['btn-new-unit', 'btn-edit-unit', 'btn-delete-units']) await expectLocked(id);

    await nav(page, 'indicators');
    for (const id of ['btn-add-root-indicator', 'btn-add-child-indicator', 'btn-edit-indicator', 'btn-delete-indicator']) await expectLocked(id);
    await shot('indicators-locked');

    await nav(page, 'collect');
    await page.locator('[data-testid="score-locked"]').waitFor();
    for (const id of ['btn-save-scores', 'btn-discard-scores']) await expectLocked(id);
    // a double click opens no editor
    const cell = page.locator('[data-testid="score-grid"] .ag-row[row-index="0"] [col-id^="ind-"]').first();
    await cell.dblclick();
    await page.waitForTimeout(300);
    expect(await page.locator('[data-testid="score-grid"] .ag-cell-inline-editing').count()).toBe(0);
    await shot('scores-locked');

    await nav(page, 'results');
    await expectLocked('btn-compute');

    await nav(page, 'grading');
    await page.locator('[data-testid="grading-table"] [data-testid="btn-adjust-grade"]').first().waitFor();
    const adjust = page.locator('[data-testid="btn-adjust-grade"]');
    const n = await adjust.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) expect(await adjust.nth(i).isEnabled()).toBe(false);
    await expectLocked('btn-adjust-grade');
    await shot('grading-locked');
  }, T);

  it('refuses writes sent straight from the page with code locked, and stores nothing', async () => {
    const cats = await value<{ id: number; kind: string }[]>('listCategories', { cycleId });
    const cat = cats.find((c) => c.kind === 'unit')!;
    const matrix = await value<{ indicators: { id: number; isLeaf: boolean; method: { type: string } | null }[]; subjects: { key: string }[]; cells: { subjectKey: string; indicatorId: number; value: number | null }[] }>(
      'getScoreMatrix',
      { categoryId: cat.id },
    );
    const before = matrix.cells.find((c) => c.value !== null)!;
    const refused = await api('setScores', { cells: [{ indicatorId: before.indicatorId, subjectKey: before.subjectKey, value: before.value === 0 ? 1 : 0 }] });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).toBe('locked');
    const after = await value<typeof matrix>('getScoreMatrix', { categoryId: cat.id });
    expect(after.cells.find((c) => c.subjectKey === before.subjectKey && c.indicatorId === before.indicatorId)!.value).toBe(before.value);

    const tree = await value<{ indicators: { id: number; parentId: number | null; name: string; fullPoints: number }[] }>('listIndicators', { categoryId: cat.id });
    const ind = tree.indicators[0]!;
    const refusedInd = await api('saveIndicator', { categoryId: cat.id, id: ind.id, parentId: ind.parentId, name: `${ind.name}（改）`, fullPoints: ind.fullPoints });
    expect(refusedInd.ok).toBe(false);
    expect(!refusedInd.ok && refusedInd.error.code).toBe('locked');
    const tree2 = await value<typeof tree>('listIndicators', { categoryId: cat.id });
    expect(tree2.indicators.find((i) => i.id === ind.id)!.name).toBe(ind.name);
  }, T);

  it('going back from 已发布 asks for a reason; the audit log shows the change with it', async () => {
    const reason = '经考核委员会研究，更正个别单位的数据后重新评定';
    await page.click('[data-testid="btn-cycle-status"]');
    await page.click('[data-testid="status-to-grading"]');
    await page.locator('textarea[data-testid="status-reason"]').waitFor();
    // without a reason it does not go
    await page.click('[data-testid="status-ok"]');
    await expectContains(page.locator('.ant-form-item-explain-error').first(), '理由');
    await shot('reason-required');
    await page.locator('textarea[data-testid="status-reason"]').fill(reason);
    await page.click('[data-testid="status-ok"]');
    await page.locator('[data-testid="status-ok"]').waitFor({ state: 'detached' });
    await expectText(page.locator('[data-testid="cycle-status"]'), '评定中');
    // grading may adjust again
    await nav(page, 'grading');
    await page.locator('[data-testid="btn-adjust-grade"]').first().waitFor();
    await expect.poll(() => page.locator('[data-testid="btn-adjust-grade"]').first().isEnabled(), POLL).toBe(true);

    await nav(page, 'admin');
    await page.click('[data-testid="tab-audit"]');
    const table = page.locator('[data-testid="audit-table"]');
    await expectContains(table, '变更年度状态');
    // the operation with its reason, and the changed field with old and new value
    await expectContains(table.locator('tr', { hasText: reason }).first(), '由“已发布”变为“评定中”');
    await expectContains(table, '已发布 → 评定中');
    await shot('audit');
  }, T);
});
