// One truth, shown everywhere: on the demo plan, a direct score changed in
// the score grid moves the unit's total, and the results screen, the grading
// screen, the score detail and the feedback letter (read back with
// python3-docx) all show the same new total, as the server stored it. The
// cadre grading screen shows each comparison group's quota as the engine
// decided and stored it (listQuotas), linkage included.
// Screenshots go to test-results/e2e/truth-NN-*.png.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import type { Category, GroupQuotaDto, OutputOf, ResultRow } from '../../shared/ipc/contract.ts';
import { POLL, ROOT, apiValue, expectMessage, moveCycleTo, nav, openApp, pickCategory, screenshots, text, setDocumentContact } from './ui.ts';

const T = 240_000;
const CADRE_CATEGORIES = ['乡镇正职', '乡镇副职', '部门正职', '部门副职'];

let host: Host;
let page: Page;
const shot = screenshots(() => page, 'truth-', 500);
const value = <T>(channel: string, input: unknown) => apiValue<T>(page, channel, input);

let cycleId = 0;

beforeAll(async () => {
  host = await openApp('kaohe-e2e-truth-');
  page = host.page;
}, T);

afterAll(async () => {
  await host?.close();
});

describe('one truth on every screen', () => {
  it('loads the demo, computes, and moves the year to 评定中 (documents are written from there on)', async () => {
    await page.waitForSelector('[data-testid="btn-load-demo"]', { timeout: 30_000 });
    await page.click('[data-testid="btn-load-demo"]');
    await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
    cycleId = (await value<{ id: number }[]>('listCycles', {}))[0]!.id;
    await nav(page, 'results');
    await page.click('[data-testid="btn-compute"]');
    await page.waitForSelector('[data-testid="compute-result"]', { timeout: 120_000 });
    await moveCycleTo(page, 'grading', '评定中');
  }, T);

  it('a changed score gives the same new total on the results, grading, detail and letter', async () => {
    const cats = await value<Category[]>('listCategories', { cycleId });
    const cat = cats.find((c) => c.kind === 'unit')!;
    const d = cat.settings.decimals;
    const results = await value<ResultRow[]>('listResults', { cycleId, categoryId: cat.id });
    // the best-ranked unit: its rows are shown without scrolling
    const subject = [...results].sort((a, b) => a.rank - b.rank)[0]!;
    const matrix = await value<OutputOf<'getScoreMatrix'>>('getScoreMatrix', { categoryId: cat.id });
    const leaves = matrix.indicators.filter((i) => i.isLeaf);
    const leaf = leaves.find((l) => l.method?.type === 'direct' && matrix.cells.some((c) => c.subjectKey === subject.subjectKey && c.indicatorId === l.id && c.value !== null))!;
    expect(leaf, 'the demo has a direct-scored leaf with a value').toBeTruthy();
    const old = matrix.cells.find((c) => c.subjectKey === subject.subjectKey && c.indicatorId === leaf.id)!.value!;
    const next = old >= 1 ? old - 1 : old + 1;

    // type it into the score grid: the leaf's component, the unit's row, the leaf's column (reached with the arrow keys)
    await nav(page, 'collect');
    await pickCategory(page, cat.name);
    const compPicker = page.locator('[data-testid="component-picker"]');
    if (await compPicker.count()) await compPicker.locator('.ant-segmented-item', { hasText: leaf.componentName }).first().click();
    await page.locator(`[data-testid="score-grid"] .ag-header-cell[col-id^="ind-"]`).first().waitFor();
    const row = page.locator('[data-testid="score-grid"] .ag-row', { has: page.locator('[col-id="subject"]', { hasText: subject.name }) }).first();
    const rowIndex = Number(await row.getAttribute('row-index'));
    await page.locator(`[data-testid="score-grid"] .ag-row[row-index="${rowIndex}"] [col-id^="ind-"]`).first().click();
    const colId = `ind-${leaf.id}`;
    for (let i = 0; i < leaves.length + 2; i++) {
      const focused = await page.locator('[data-testid="score-grid"] .ag-cell-focus').first().getAttribute('col-id');
      if (focused === colId) break;
      await page.keyboard.press('ArrowRight');
    }
    expect(await page.locator('[data-testid="score-grid"] .ag-cell-focus').first().getAttribute('col-id')).toBe(colId);
    // F2 edits the focused cell (Enter moves down in this grid)
    await page.keyboard.press('F2');
    await page.locator('[data-testid="score-grid"] .ag-cell-inline-editing input').waitFor();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(String(next));
    await page.keyboard.press('Enter');
    await page.click('[data-testid="btn-save-scores"]');
    await expectMessage(page, /已保存 1 个单元格/);
    await shot('score-changed');

    // the stored truth: recomputed in the same write
    const after = (await value<ResultRow[]>('listResults', { cycleId, categoryId: cat.id })).find((r) => r.subjectKey === subject.subjectKey)!;
    expect(after.stale).toBe(false);
    expect(after.total).not.toBe(subject.total);
    const total = after.total.toFixed(d);

    // 1. the results screen
    await nav(page, 'results');
    await pickCategory(page, cat.name);
    const resultRow = page.locator('[data-testid="results-grid"] .ag-row', { has: page.locator('[col-id="name"]', { hasText: subject.name }) }).first();
    const ri = Number(await resultRow.getAttribute('row-index'));
    const totalCell = page.locator(`[data-testid="results-grid"] .ag-row[row-index="${ri}"] [col-id="total"]`).first();
    await expect.poll(() => text(totalCell), POLL).toBe(total);
    await shot('results');

    // 2. the score detail
    await totalCell.click();
    await expect.poll(() => text(page.locator('[data-testid="detail-total"]')), POLL).toBe(total);
    expect(await page.locator('[data-testid="detail-stale"]').count()).toBe(0);
    await shot('detail');
    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-body').waitFor({ state: 'detached' });

    // 3. the grading screen
    await nav(page, 'grading');
    await pickCategory(page, cat.name);
    await expect.poll(() => text(page.locator(`[data-testid="total-${subject.subjectKey}"]`)), POLL).toBe(total);
    await shot('grading');

    // 4. the feedback letter
    await setDocumentContact(page);
    await nav(page, 'documents');
    await page.click('[data-testid="documents-category-filter"]');
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${cat.name}"]`).first().click();
    await page.click(`[data-testid="btn-generate-feedback-${subject.id}"]`);
    const pathText = page.locator('[data-testid="generated-path"]').first();
    await pathText.waitFor({ timeout: 60_000 });
    const file = (await pathText.innerText()).trim();
    const json = JSON.parse(execFileSync('/usr/bin/python3', [path.join(ROOT, 'test/tools/read_docx.py'), file], { encoding: 'utf8' })) as { paragraphs: { text: string }[]; tables: { rows: string[][] }[] };
    const letter = [...json.paragraphs.map((p) => p.text), ...json.tables.flatMap((t) => t.rows.flat())].join('\n');
    expect(letter).toContain(subject.name);
    expect(letter).toMatch(new RegExp(`(^|[^\\d.])${total.replace('.', '\\.')}([^\\d]|$)`));
    await shot('letter');
  }, T);

  it('the cadre grading screen shows the engine’s stored quota of every comparison group (linkage included)', async () => {
    const cats = await value<Category[]>('listCategories', { cycleId });
    await nav(page, 'grading');
    for (const name of CADRE_CATEGORIES) {
      const cat = cats.find((c) => c.name === name)!;
      expect(cat, name).toBeTruthy();
      await pickCategory(page, name);
      const quotas = await value<GroupQuotaDto[]>('listQuotas', { cycleId, categoryId: cat.id });
      expect(quotas.length).toBeGreaterThan(0);
      // the demo links cadres' quota to their unit's grade
      expect(quotas.some((q) => q.top.basis === 'linkage'), `${name}: linkage`).toBe(true);
      const rows = await value<ResultRow[]>('listResults', { cycleId, categoryId: cat.id });
      const grouped = !(quotas.length === 1 && quotas[0]!.groupKey === 'all');
      if (grouped) {
        const header = page.locator('[data-testid="quota-groups"] .ant-collapse-header').first();
        await header.waitFor();
        if ((await page.locator('[data-testid="quota-groups"] .ant-collapse-item-active').count()) === 0) await header.click();
      }
      for (const q of quotas) {
        const line = page.locator(`[data-testid="quota-group-${q.groupKey}"]`).first();
        await line.waitFor({ state: 'attached' });
        const count = rows.filter((r) => r.groupKey === q.groupKey && r.finalGrade === q.top.grade).length;
        await expect.poll(async () => ((await line.textContent()) ?? '').replace(/\s+/g, ' '), POLL).toContain(`${count} / 名额 ${q.top.places}`);
        expect(((await line.textContent()) ?? '').replace(/\s+/g, ' ')).toContain(q.top.note.replace(/\s+/g, ' '));
      }
      // the over-quota warning only where the final count exceeds the stored places
      const over = quotas.some((q) => rows.filter((r) => r.groupKey === q.groupKey && r.finalGrade === q.top.grade).length > q.top.places);
      expect(await page.locator('[data-testid="grade-summary"] [data-testid="quota-over"]').count() > 0).toBe(over);
      await shot(`quota-${name}`);
    }
  }, T);
});
