// Documents and rectification through the user interface (issue 8), on the
// demo plan: the settings (a letter is refused while the contact is unset),
// the preview before any file is written, the letter of 柳林镇 (一票否优)
// read back from its .docx, a problem written for the unit, the letter
// re-issued (a new number linked to the one it replaces), the notice and the
// tables, and the ledger moving the problem through its statuses to 已销号.
// Screenshots go to test-results/e2e/documents-NN-*.png.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import { POLL, ROOT, apiValue, expectContains, moveCycleTo, nav, openApp, screenshots, text } from './ui.ts';

const T = 240_000;
let host: Host;
let page: Page;
const shot = screenshots(() => page, 'documents-', 500);

type Doc = { id: number; docNumber: string; unitName: string | null; kind: string; replacesId?: number | null; replacedById?: number | null; filePath: string };

function readDocx(file: string): string {
  const json = JSON.parse(execFileSync('/usr/bin/python3', [path.join(ROOT, 'test/tools/read_docx.py'), file], { encoding: 'utf8' })) as { paragraphs: { text: string }[]; tables: { rows: string[][] }[] };
  return [...json.paragraphs.map((p) => p.text), ...json.tables.flatMap((t) => t.rows.flat())].join('\n');
}

beforeAll(async () => {
  host = await openApp('kaohe-e2e-documents-');
  page = host.page;
}, T);

afterAll(async () => {
  await host?.close();
});

describe('documents and the rectification ledger', () => {
  let cycleId = 0;
  let unitId = 0;
  let firstLetter: Doc;

  it('loads the demo, computes and advances the year to 评定中', async () => {
    await page.waitForSelector('[data-testid="btn-load-demo"]', { timeout: 30_000 });
    await page.click('[data-testid="btn-load-demo"]');
    await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
    cycleId = (await apiValue<{ id: number }[]>(page, 'listCycles', {}))[0]!.id;
    unitId = (await apiValue<{ id: number; name: string }[]>(page, 'listUnits', { cycleId })).find((u) => u.name === '柳林镇')!.id;
    await nav(page, 'results');
    await page.click('[data-testid="btn-compute"]');
    await page.waitForSelector('[data-testid="compute-result"]', { timeout: 120_000 });
    await moveCycleTo(page, 'grading', '评定中');
  }, T);

  it('previews the letter with its placeholders and refuses to issue it until the contact is set', async () => {
    await nav(page, 'documents');
    await expectContains(page.locator('[data-testid="settings-missing"]'), '联系人');
    await page.click(`[data-testid="btn-preview-feedback-${unitId}"]`);
    await expectContains(page.locator('[data-testid="preview-missing"]'), '联系电话');
    await expect.poll(() => page.locator('[data-testid="preview-issue"]').isEnabled(), POLL).toBe(false);
    await expectContains(page.locator('[data-testid="preview-sheet"]'), '柳林镇');
    await shot('preview-missing');
    // the button of the row is refused by the server with the missing settings named
    await page.keyboard.press('Escape');
    await page.click(`[data-testid="btn-generate-feedback-${unitId}"]`);
    await expectContains(page.locator('.ant-modal-confirm'), '联系人');
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '知道了' }).click();
    expect(await apiValue<Doc[]>(page, 'listDocuments', { cycleId })).toHaveLength(0);
  }, T);

  it('saves the settings', async () => {
    await page.click('[data-testid="btn-doc-settings"]');
    await page.locator('[data-testid="set-contactPerson"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="set-organ"]').inputValue(), POLL).not.toBe('');
    await page.locator('[data-testid="set-contactPerson"]').fill('王明');
    await page.locator('[data-testid="set-contactPhone"]').fill('0311-12345678');
    await page.locator('[data-testid="set-mainRecipients"]').fill('各乡镇党委，县直各单位党组（党委）');
    await page.locator('[data-testid="set-signDate"]').fill('2026-01-20');
    await shot('settings');
    await page.click('[data-testid="settings-save"]');
    await page.locator('[data-testid="settings-missing"]').waitFor({ state: 'detached' });
    const s = await apiValue<{ contactPerson: string; signDate: string }>(page, 'getDocumentSettings', { cycleId });
    expect(s).toMatchObject({ contactPerson: '王明', signDate: '2026-01-20' });
  }, T);

  it('previews 柳林镇’s letter and issues it: the .docx says 一票否优 decided the grade', async () => {
    await page.click(`[data-testid="btn-preview-feedback-${unitId}"]`);
    const sheet = page.locator('[data-testid="preview-sheet"]');
    await expectContains(sheet, '一票否优');
    await expect.poll(() => page.locator('[data-testid="preview-missing"]').count(), POLL).toBe(0);
    await shot('preview-letter');
    await page.click('[data-testid="preview-issue"]');
    const pathText = page.locator('[data-testid="generated-path"]').first();
    await pathText.waitFor({ timeout: 60_000 });
    const file = (await pathText.innerText()).trim();
    expect(fs.existsSync(file)).toBe(true);
    const letter = readDocx(file);
    expect(letter).toContain('柳林镇');
    expect(letter).toContain('一票否优：辖区内发生1起较大生产安全事故，按规定实行一票否优，不得评为“优秀”，等次确定为“良好”');
    const docs = await apiValue<Doc[]>(page, 'listDocuments', { cycleId });
    firstLetter = docs.find((d) => d.kind === 'feedback')!;
    await expectContains(page.locator(`[data-testid="doc-state-${firstLetter.id}"]`), '完整');
    await shot('issued');
  }, T);

  it('writes a problem from the engine’s suggestions and re-issues the letter: two numbers, linked', async () => {
    await page.click(`[data-testid="btn-items-${unitId}"]`);
    await page.click('[data-testid="btn-suggest"]');
    await page.locator('[data-testid="suggest-use-0"]').click();
    await expect.poll(() => page.locator('[data-testid="items-problem"] .ant-list-item').count(), POLL).toBe(1);
    await page.locator('[data-testid="item-text"]').fill('党建引领基层治理的创新举措不多');
    await page.locator('[data-testid="item-requirement"]').fill('两个月内制定并落实改进方案');
    await page.click('[data-testid="item-save"]');
    await expect.poll(() => page.locator('[data-testid="items-problem"] .ant-list-item').count(), POLL).toBe(2);
    await shot('feedback-items');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="items-problem"]').waitFor({ state: 'detached' });

    await page.click(`[data-testid="btn-reissue-${firstLetter.id}"]`);
    await page.click('[data-testid="reissue-ok"]');
    await expect.poll(async () => (await apiValue<Doc[]>(page, 'listDocuments', { cycleId })).filter((d) => d.kind === 'feedback').length, POLL).toBe(2);
    const docs = await apiValue<Doc[]>(page, 'listDocuments', { cycleId });
    const second = docs.find((d) => d.kind === 'feedback' && d.id !== firstLetter.id)!;
    expect(second.docNumber).not.toBe(firstLetter.docNumber);
    expect(second.replacesId).toBe(firstLetter.id);
    await expectContains(page.locator(`[data-testid="doc-state-${second.id}"]`), `替代 ${firstLetter.docNumber}`);
    await expectContains(page.locator(`[data-testid="doc-state-${firstLetter.id}"]`), `已被 ${second.docNumber} 替代`);
    expect(readDocx(second.filePath)).toContain('党建引领基层治理的创新举措不多');
    await shot('reissued');
  }, T);

  it('issues the notice and the tables, and marks a file changed on disk', async () => {
    await page.click('[data-testid="btn-result-notice"]');
    await expectContains(page.locator('[data-testid="preview-sheet"]'), '柳林镇');
    await shot('preview-notice');
    await page.click('[data-testid="preview-issue"]');
    await expect.poll(async () => (await apiValue<Doc[]>(page, 'listDocuments', { cycleId })).some((d) => d.kind === 'notice'), { timeout: 60_000 }).toBe(true);
    await page.locator('[data-testid="preview-sheet"]').waitFor({ state: 'detached' });
    await page.click('[data-testid="btn-tables"]');
    await page.click('[data-testid="btn-tables-xlsx"]');
    await expect.poll(async () => (await apiValue<Doc[]>(page, 'listDocuments', { cycleId })).some((d) => d.kind === 'ranking'), { timeout: 60_000 }).toBe(true);
    // someone edits a letter on disk: the register says so
    fs.appendFileSync(firstLetter.filePath, 'x');
    await nav(page, 'dashboard');
    await nav(page, 'documents');
    await expectContains(page.locator(`[data-testid="doc-state-${firstLetter.id}"]`), '文件已被改动');
    await expectContains(page.locator('[data-testid="register-summary"]'), '1 份文件与登记不符');
    await shot('register');
  }, T);

  it('writes every letter into the folder picked in the dialog, with a progress bar and a summary', async () => {
    const info = await apiValue<{ documentsDir: string }>(page, 'appInfo', {});
    const units = await apiValue<unknown[]>(page, 'listUnits', { cycleId });
    await page.click('[data-testid="btn-generate-all"]');
    await expectContains(page.locator('[data-testid="batch-folder"]'), path.join(info.documentsDir, '2025', '反馈函'));
    // the host answers a folder dialog with documents/导出
    const folder = path.join(info.documentsDir, '导出');
    await page.click('[data-testid="batch-choose-folder"]');
    await expectContains(page.locator('[data-testid="batch-folder"]'), folder);
    await page.click('[data-testid="batch-start"]');
    await expectContains(page.locator('[data-testid="job-count"]'), ` / ${units.length}`);
    await shot('batch-progress');
    await expectContains(page.locator('[data-testid="batch-summary"]'), `已完成。生成 ${units.length} 份。`);
    await expectContains(page.locator('[data-testid="batch-saved-folder"]'), folder);
    await shot('batch-done');
    const written = fs.readdirSync(folder).filter((f) => f.endsWith('-考核反馈函.docx'));
    expect(written).toHaveLength(units.length);
    const registered = (await apiValue<Doc[]>(page, 'listDocuments', { cycleId })).filter((d) => d.kind === 'feedback' && d.filePath.startsWith(folder + path.sep));
    expect(registered).toHaveLength(units.length);
    await page.click('[data-testid="batch-done"]');
    await page.locator('[data-testid="batch-modal"]').waitFor({ state: 'hidden' });
  }, T);

  it('moves the ledger’s item 已反馈 → 整改中 → 已报告 → 已销号 and shows open items on the 工作台', async () => {
    await moveCycleTo(page, 'published', '已发布');
    await nav(page, 'dashboard');
    await expectContains(page.locator('[data-testid="dashboard-rectify"]'), '柳林镇');
    await shot('dashboard-rectify');
    await nav(page, 'rectify');
    const rows = await apiValue<{ id: number; problem: string; status: string }[]>(page, 'listRectification', { cycleId, filter: 'all' });
    const item = rows.find((r) => r.problem === '党建引领基层治理的创新举措不多')!;
    expect(item.status).toBe('fed_back');
    const status = page.locator(`[data-testid="rect-status-${item.id}"]`);
    // signed 2026-01-20 with two months to rectify: the server says it is overdue
    await expectContains(status, '逾期');
    await expectContains(page.locator('[data-testid="rect-filter"]'), '逾期 ');
    await shot('ledger-overdue');
    await page.click(`[data-testid="rect-in_progress-${item.id}"]`);
    await page.click('[data-testid="rect-step-ok"]');
    await expect.poll(async () => (await apiValue<{ id: number; status: string }[]>(page, 'listRectification', { cycleId, filter: 'all' })).find((r) => r.id === item.id)!.status, POLL).toBe('in_progress');
    // a later deadline: no longer overdue
    await page.click(`[data-testid="rect-deadline-${item.id}"]`);
    await page.locator('[data-testid="rect-deadline"]').fill('2099-12-31');
    await page.click('[data-testid="rect-step-ok"]');
    await expectContains(status, '整改中');
    await page.click(`[data-testid="rect-reported-${item.id}"]`);
    await page.locator('[data-testid="rect-report"]').fill('已制定改进方案并召开专题会议部署落实');
    await shot('ledger-report');
    await page.click('[data-testid="rect-step-ok"]');
    await expectContains(status, '已报告');
    await page.click(`[data-testid="rect-closed-${item.id}"]`);
    await page.locator('[data-testid="rect-decision"]').fill('经核查整改到位，同意销号');
    await page.click('[data-testid="rect-step-ok"]');
    await expectContains(status, '已销号');
    await expect.poll(() => text(page.locator('[data-testid="rect-table"]')), POLL).toContain('同意销号');
    await shot('ledger-closed');
    await page.click('[data-testid="btn-export-rectification"]');
    const out = page.locator('[data-testid="rect-export-path"]');
    await out.waitFor();
    const file = (await out.innerText()).replace(/^共 \d+ 条：/, '').trim();
    expect(file).toMatch(/\.xlsx$/);
    expect(fs.existsSync(file)).toBe(true);
  }, T);
});
