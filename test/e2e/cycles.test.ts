// Years from years: the demo copied into a new year through 新建考核年度 ›
// 复制上一年度 (the preview's counts against the plan as the channels list
// it); the new year's indicators changed (one added, one deleted, one's
// points changed) and 考核方案 › 与上一年度对比 shows exactly those three rows;
// the new year's organ edited in 年度信息 and stored (the demo year, 采集中,
// keeps the button locked); a plan file imported through 导入方案文件 (the
// file chosen with the host's scripted dialog): a name already taken is
// refused, a broken file lists its problems with their places, and the
// example imports into a new year. Screenshots: test-results/e2e/cycles-NN-*.png.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import type { Category, CycleSummary, Indicator } from '../../shared/ipc/contract.ts';
import type { CopyCounts } from '../../shared/ipc/contract-collect.ts';
import { tempDir } from '../helpers.ts';
import { POLL, ROOT, apiValue, expectContains, expectText, nav, openApp, screenshots, text } from './ui.ts';

const T = 240_000;
const EXAMPLE_JSON = path.join(ROOT, 'docs/examples/plan-example.json');

let host: Host;
let page: Page;
const shot = screenshots(() => page, 'cycles-', 500);
const value = <T>(channel: string, input: unknown) => apiValue<T>(page, channel, input);
const tid = (id: string) => page.locator(`[data-testid="${id}"]`);
/** a form field by its test id (on the input itself or on its wrapper) */
const input = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

let demo: CycleSummary;
let copy: CycleSummary;
// the three changes made in the copy
let changed: { category: string; added: string; removed: string; pointsOf: string; before: number; after: number };

beforeAll(async () => {
  host = await openApp('kaohe-e2e-cycles-');
  page = host.page;
}, T);

afterAll(async () => {
  await host?.close();
});

async function openNewCycle(mode: 'copy' | 'import') {
  await page.click('[data-testid="cycle-select"]');
  await page.click('[data-testid="btn-new-cycle-header"]');
  await tid('new-cycle-mode').waitFor();
  await page.click(`[data-testid="new-cycle-mode-${mode}"]`);
}

describe('a new year from the last one', () => {
  it('loads the demo', async () => {
    await page.waitForSelector('[data-testid="btn-load-demo"]', { timeout: 30_000 });
    await page.click('[data-testid="btn-load-demo"]');
    await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
    demo = (await value<CycleSummary[]>('listCycles', {}))[0]!;
  }, T);

  it('copies it: the preview counts what the plan holds, then the copy is made', async () => {
    await openNewCycle('copy');
    // proposed: the demo as the source, the next year and its name
    await expectContains(tid('copy-source'), demo.name);
    await expect.poll(() => input('copy-year').inputValue(), POLL).toBe(String(demo.year + 1));
    const name = `${demo.year + 1}年度综合考核`;
    await expect.poll(() => input('copy-name').inputValue(), POLL).toBe(name);
    await page.click('[data-testid="copy-preview-btn"]');
    await tid('copy-preview').waitFor();

    // the counts, against the plan as the list channels give it
    const cats = await value<Category[]>('listCategories', { cycleId: demo.id });
    let indicators = 0;
    for (const c of cats) indicators += (await value<{ indicators: Indicator[] }>('listIndicators', { categoryId: c.id })).indicators.length;
    const units = (await value<unknown[]>('listUnits', { cycleId: demo.id })).length;
    const cadres = (await value<unknown[]>('listCadres', { cycleId: demo.id })).length;
    const departments = (await value<unknown[]>('listDepartments', { cycleId: demo.id })).length;
    expect(indicators).toBeGreaterThan(0);
    const count = (k: keyof CopyCounts) => text(tid(`copy-count-${k}`)).then(Number);
    expect(await count('categories')).toBe(cats.length);
    expect(await count('indicators')).toBe(indicators);
    expect(await count('units')).toBe(units);
    expect(await count('cadres')).toBe(cadres);
    expect(await count('departments')).toBe(departments);
    // the demo was not copied from another year: nothing to compare with by default
    await tid('copy-no-diff').waitFor();
    await shot('copy-preview');

    // a change of a field makes the preview stale: it must be previewed again
    await input('copy-organ').fill('中共清河县委组织部');
    await expect.poll(() => tid('copy-ok').isEnabled(), POLL).toBe(false);
    await page.click('[data-testid="copy-preview-btn"]');
    await tid('copy-preview').waitFor();
    await page.click('[data-testid="copy-ok"]');
    await tid('copy-cycle-form').waitFor({ state: 'detached' });
    await page.waitForSelector('[data-testid="page-dashboard"]');
    await expectContains(tid('cycle-select'), name);
    await expectText(tid('cycle-status'), '编制中');
    const cycles = await value<CycleSummary[]>('listCycles', {});
    copy = cycles.find((c) => c.name === name)!;
    expect(copy).toMatchObject({ year: demo.year + 1, status: 'draft', unitCount: units, cadreCount: cadres, categoryCount: cats.length });
  }, T);

  it('the diff with the year before shows one indicator added, one removed, one changed', async () => {
    const cats = await value<Category[]>('listCategories', { cycleId: copy.id });
    const cat = cats.find((c) => c.kind === 'unit')!;
    const inds = (await value<{ indicators: Indicator[] }>('listIndicators', { categoryId: cat.id })).indicators;
    const leaves = inds.filter((i) => i.isLeaf && i.method?.type === 'direct');
    expect(leaves.length).toBeGreaterThanOrEqual(2);
    const [a, b] = leaves as [Indicator, Indicator];
    const after = a.fullPoints + 1;
    await value('saveIndicator', { categoryId: cat.id, id: a.id, parentId: a.parentId, name: a.name, fullPoints: after, method: a.method });
    await value('deleteIndicator', { id: b.id });
    const code = 'X9';
    await value('saveIndicator', { categoryId: cat.id, parentId: a.parentId, code, name: '招商引资新增指标', fullPoints: 2, method: { type: 'direct' } });
    changed = { category: cat.name, added: code, removed: b.code, pointsOf: a.code, before: a.fullPoints, after };

    await nav(page, 'plan');
    await page.click('[data-testid="btn-cycle-diff"]');
    await tid('cycle-diff').waitFor();
    // compared with the year before by default
    await expectContains(tid('diff-from'), demo.name);
    await expectText(tid('diff-count-added'), '1');
    await expectText(tid('diff-count-removed'), '1');
    await expectText(tid('diff-count-changed'), '1');
    const section = page.locator(`[data-testid="diff-category-${cat.name}"]`);
    await expect.poll(() => section.locator('tbody tr[data-testid^="diff-row-"]').count(), POLL).toBe(3);
    await expectContains(section.locator(`[data-testid="diff-row-added-${code}"]`), '招商引资新增指标');
    await expectContains(section.locator(`[data-testid="diff-row-removed-${b.code}"]`), b.name);
    const row = section.locator(`[data-testid="diff-row-changed-${a.code}"]`);
    await expectContains(row, a.name);
    const fmt = (n: number) => String(Math.round(n * 10000) / 10000);
    await expectContains(row.locator('[data-testid="diff-field-fullPoints"]'), `分值：${fmt(changed.before)} → ${fmt(changed.after)}`);
    // no other category changed
    await expect.poll(() => page.locator('[data-testid^="diff-category-"]').count(), POLL).toBe(1);
    await shot('diff');
    await page.keyboard.press('Escape');
    await tid('cycle-diff').waitFor({ state: 'detached' });
  }, T);

  it('edits the new year’s organ; the demo year (采集中) keeps it locked', async () => {
    await page.click('[data-testid="btn-edit-cycle"]');
    await tid('cycle-details-form').waitFor();
    await expect.poll(() => input('cycle-details-organ').inputValue(), POLL).toBe('中共清河县委组织部');
    await input('cycle-details-organ').fill('中共清河县委组织部考核办公室');
    await page.click('[data-testid="cycle-details-ok"]');
    await tid('cycle-details-form').waitFor({ state: 'detached' });
    await expectText(tid('cycle-organ'), '中共清河县委组织部考核办公室');
    const stored = (await value<CycleSummary[]>('listCycles', {})).find((c) => c.id === copy.id)!;
    expect(stored).toMatchObject({ organ: '中共清河县委组织部考核办公室', name: copy.name, year: copy.year });
    await shot('details');

    // the demo year is 采集中: its details are part of the plan, fixed now
    await page.click('[data-testid="cycle-select"]');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: demo.name }).first().click();
    await expect.poll(() => tid('btn-edit-cycle').getAttribute('data-locked'), POLL).toBe('true');
  }, T);
});

describe('a plan file imported', () => {
  it('refuses a name already taken and a broken file, each with its place, then imports the example', async () => {
    const example = JSON.parse(fs.readFileSync(EXAMPLE_JSON, 'utf8')) as { cycle: { name: string; year: number }; units: unknown[]; categories: unknown[] };
    const before = (await value<CycleSummary[]>('listCycles', {})).length;
    await openNewCycle('import');

    // the example's own name is the demo's: refused, asking for another
    host.queuePick(EXAMPLE_JSON);
    await page.click('[data-testid="import-choose"]');
    await expectText(tid('import-file'), 'plan-example.json');
    if (example.cycle.name === demo.name) {
      await page.click('[data-testid="import-ok"]');
      await tid('import-error').waitFor();
      await expectContains(tid('import-error'), `已有名为“${example.cycle.name}”的考核年度`);
      await expectContains(tid('import-place'), '请在“新年度名称”中另取一个名称');
      expect((await value<CycleSummary[]>('listCycles', {})).length).toBe(before);
    }

    // a broken copy: every problem listed with its JSON path
    const broken = JSON.parse(fs.readFileSync(EXAMPLE_JSON, 'utf8')) as { $schema?: string; units: { category: string }[] };
    delete broken.$schema;
    broken.units[3]!.category = '四类乡镇';
    const dir = tempDir('kaohe-e2e-cycles-plan-');
    const brokenFile = path.join(dir, '坏方案.json');
    fs.writeFileSync(brokenFile, JSON.stringify(broken));
    host.queuePick(brokenFile);
    await page.click('[data-testid="import-choose"]');
    await expectText(tid('import-file'), '坏方案.json');
    await input('import-name').fill('导入测试（坏）');
    await page.click('[data-testid="import-ok"]');
    await expectContains(tid('import-problems'), 'units[3].category：类别“四类乡镇”不存在');
    await shot('import-refused');
    expect((await value<CycleSummary[]>('listCycles', {})).length).toBe(before);

    // the example, under another name
    host.queuePick(EXAMPLE_JSON);
    await page.click('[data-testid="import-choose"]');
    await expectText(tid('import-file'), 'plan-example.json');
    const name = `云溪县${example.cycle.year}年度综合考核`;
    await input('import-name').fill(name);
    await page.click('[data-testid="import-ok"]');
    await tid('import-done').waitFor({ timeout: 60_000 });
    expect(Number(await text(tid('import-count-units')))).toBe(example.units.length);
    expect(Number(await text(tid('import-count-categories')))).toBe(example.categories.length);
    await shot('import-done');
    await page.click('[data-testid="import-open"]');
    await tid('import-plan-form').waitFor({ state: 'detached' });
    await expectContains(tid('cycle-select'), name);
    const cycles = await value<CycleSummary[]>('listCycles', {});
    expect(cycles.length).toBe(before + 1);
    expect(cycles.find((c) => c.name === name)).toMatchObject({ year: example.cycle.year, unitCount: example.units.filter(Boolean).length });
    fs.rmSync(dir, { recursive: true, force: true });
  }, T);
});
