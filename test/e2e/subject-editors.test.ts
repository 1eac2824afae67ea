// The editors of what the year holds, on the demo plan (moved back to 编制中,
// since plan edits are locked while collecting): cadres added, edited, added
// by pasting a block of two rows from Excel, undone and redone, deleted after
// a confirmation naming what goes with them; a pasted unknown unit marked and
// nothing saved; a responsible department's contact person and telephone
// edited; an assessment group created with members and units, then deleted;
// a component deleted after its confirmation. Every change is checked in the
// grid and in the stored data (read through the page's api).
// Screenshots go to test-results/e2e/subject-editors-NN-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../electron/host/chromium-host.ts';
import type { Cadre, Category, Component, OutputOf, Unit } from '../../shared/ipc/contract.ts';
import { POLL, apiValue, clickDialogButton, expectClass, expectContains, expectCount, expectText, focusGridCell, gridCell, moveCycleTo, nav, openApp, pasteText, screenshots, text, typeInFocused } from './ui.ts';

const T = 240_000;
const CADRES = 'cadres-grid';
const DEPTS = 'departments-grid';

let host: Host;
let page: Page;
const shot = screenshots(() => page, 'subject-editors-', 500);
const value = <T>(channel: string, input: unknown) => apiValue<T>(page, channel, input);

let cycleId = 0;
let units: Unit[] = [];
let home: Unit;
let other: Unit;

const cadres = () => value<Cadre[]>('listCadres', { cycleId });
const rowsOf = (grid: string) => page.locator(`[data-testid="${grid}"] .ag-row .ag-cell[col-id="name"]`);
const dialog = () => page.locator('.ant-modal-confirm');

async function chooseInSelect(testId: string, label: string) {
  await page.locator(`[data-testid="${testId}"]`).click();
  await page.keyboard.type(label);
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${label}"]`).first().click();
}

async function typeAt(grid: string, row: number, colId: string, v: string) {
  await focusGridCell(page, grid, row, colId, colId);
  await typeInFocused(page, grid, v);
}

async function save(grid: string) {
  await page.click(`[data-testid="${grid}-save"]`);
  await expect.poll(async () => page.locator(`[data-testid="${grid}"] .ag-cell.cell-dirty`).count(), POLL).toBe(0);
}

beforeAll(async () => {
  host = await openApp('kaohe-e2e-subject-editors-');
  page = host.page;
  await page.waitForSelector('[data-testid="btn-load-demo"]', { timeout: 30_000 });
  await page.click('[data-testid="btn-load-demo"]');
  await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
  cycleId = (await value<{ id: number }[]>('listCycles', {}))[0]!.id;
  units = await value<Unit[]>('listUnits', { cycleId });
  const all = await cadres();
  // a unit with a few cadres (a small grid once filtered), and another one
  home = units.find((u) => all.filter((c) => c.unitId === u.id).length >= 3)!;
  other = units.find((u) => u.id !== home.id && u.categoryId !== home.categoryId) ?? units.find((u) => u.id !== home.id)!;
}, T);

afterAll(async () => {
  await host?.close();
});

describe('cadres', () => {
  it('are locked while the year is collecting, editable in 编制中', async () => {
    await nav(page, 'subjects');
    await page.click('[data-testid="tab-cadres"]');
    await gridCell(page, CADRES, 0, 'name').waitFor();
    await expect.poll(() => page.locator(`[data-testid="${CADRES}-add"]`).getAttribute('data-locked'), POLL).toBe('true');
    await moveCycleTo(page, 'draft', '编制中');
    await expect.poll(() => page.locator(`[data-testid="${CADRES}-add"]`).getAttribute('data-locked'), POLL).toBeNull();
  }, T);

  it('adds a cadre: typed in a new row, its category following from unit and post', async () => {
    const before = await cadres();
    const mine = before.filter((c) => c.unitId === home.id);
    await chooseInSelect('cadre-unit-filter', home.name);
    await expectCount(rowsOf(CADRES), mine.length);
    await page.click(`[data-testid="${CADRES}-add"]`);
    await expectCount(rowsOf(CADRES), mine.length + 1);
    const n = mine.length;
    // a new row with no name is marked at once
    await expectClass(gridCell(page, CADRES, n, 'name'), /cell-invalid/);
    expect(await text(gridCell(page, CADRES, n, 'unit'))).toBe(home.name);
    expect(await text(gridCell(page, CADRES, n, 'post'))).toBe('副职');
    await typeAt(CADRES, n, 'name', '测试甲');
    await typeAt(CADRES, n, 'title', '副镇长（测试）');
    await expectClass(gridCell(page, CADRES, n, 'name'), /cell-dirty/);
    await expectCount(page.locator('[data-testid="cell-problem"]'), 0);
    const inferred = await text(gridCell(page, CADRES, n, 'category'));
    // the category the plan's other deputies of units of this category are in
    const unitCat = new Map(units.map((u) => [u.id, u.categoryId]));
    const deputies = before.filter((c) => c.post === 'deputy' && unitCat.get(c.unitId) === home.categoryId);
    expect(deputies.length).toBeGreaterThan(0);
    expect(deputies.map((c) => c.categoryName)).toContain(inferred);
    await shot('cadre-added');
    await save(CADRES);
    const after = await cadres();
    expect(after.length).toBe(before.length + 1);
    const added = after.find((c) => c.name === '测试甲')!;
    expect(added).toMatchObject({ unitId: home.id, post: 'deputy', title: '副镇长（测试）', categoryName: inferred });
    await expectCount(rowsOf(CADRES), mine.length + 1);
  }, T);

  it('edits a cell of a stored cadre', async () => {
    const first = (await cadres()).filter((c) => c.unitId === home.id)[0]!;
    expect(await text(gridCell(page, CADRES, 0, 'name'))).toBe(first.name);
    await typeAt(CADRES, 0, 'title', `${first.title}（已调整）`);
    await expectClass(gridCell(page, CADRES, 0, 'title'), /cell-dirty/);
    // back to the stored text: nothing pending any more
    await typeAt(CADRES, 0, 'title', first.title);
    await expect.poll(async () => (await gridCell(page, CADRES, 0, 'title').getAttribute('class')) ?? '', POLL).not.toMatch(/cell-dirty/);
    await typeAt(CADRES, 0, 'title', `${first.title}（已调整）`);
    await save(CADRES);
    const stored = (await cadres()).find((c) => c.id === first.id)!;
    expect(stored.title).toBe(`${first.title}（已调整）`);
    expect(stored.name).toBe(first.name);
  }, T);

  it('adds two rows pasted from Excel as one step, undone and redone', async () => {
    const before = await cadres();
    const n = before.filter((c) => c.unitId === home.id).length;
    await page.click(`[data-testid="${CADRES}-add"]`);
    await focusGridCell(page, CADRES, n, 'name', 'name');
    // two lines as Excel copies them: 姓名, 职务, 岗位, 所在单位
    await pasteText(page, `测试乙\t党委副书记（测试）\t副职\t${home.name}\r\n测试丙\t局长（测试）\t正职\t${other.name}\r\n`);
    await expectCount(rowsOf(CADRES), n + 2);
    expect(await text(gridCell(page, CADRES, n, 'name'))).toBe('测试乙');
    expect(await text(gridCell(page, CADRES, n + 1, 'name'))).toBe('测试丙');
    expect(await text(gridCell(page, CADRES, n + 1, 'post'))).toBe('正职');
    expect(await text(gridCell(page, CADRES, n + 1, 'unit'))).toBe(other.name);
    await expectCount(page.locator('[data-testid="cell-problem"]'), 0);
    await shot('cadres-pasted');
    // Ctrl+Z takes the paste back (the added row stays, empty and marked), again the added row
    await page.keyboard.press('ControlOrMeta+Z');
    await expectCount(rowsOf(CADRES), n + 1);
    await expectClass(gridCell(page, CADRES, n, 'name'), /cell-invalid/);
    await page.keyboard.press('ControlOrMeta+Z');
    await expectCount(rowsOf(CADRES), n);
    // Ctrl+Y brings both steps back
    await gridCell(page, CADRES, 0, 'name').click();
    await page.keyboard.press('ControlOrMeta+Y');
    await page.keyboard.press('ControlOrMeta+Y');
    await expectCount(rowsOf(CADRES), n + 2);
    expect(await text(gridCell(page, CADRES, n + 1, 'name'))).toBe('测试丙');
    expect((await cadres()).length).toBe(before.length);
    await save(CADRES);
    const after = await cadres();
    expect(after.length).toBe(before.length + 2);
    expect(after.find((c) => c.name === '测试乙')).toMatchObject({ unitId: home.id, post: 'deputy', title: '党委副书记（测试）' });
    expect(after.find((c) => c.name === '测试丙')).toMatchObject({ unitId: other.id, post: 'head', title: '局长（测试）' });
    // filtered by the first unit: the other unit's cadre leaves the list once saved
    await expectCount(rowsOf(CADRES), n + 1);
  }, T);

  it('marks a pasted unknown unit and saves nothing while it is there', async () => {
    const before = await cadres();
    const n = before.filter((c) => c.unitId === home.id).length;
    await page.click(`[data-testid="${CADRES}-add"]`);
    await focusGridCell(page, CADRES, n, 'name', 'name');
    await pasteText(page, `测试丁\t科员\t副职\t没有这个单位\n测试戊\t科员\t副职\t${home.name}`);
    await expectCount(rowsOf(CADRES), n + 2);
    await expectClass(gridCell(page, CADRES, n, 'unit'), /cell-invalid/);
    expect(await text(gridCell(page, CADRES, n, 'unit'))).toBe('没有这个单位');
    await expectContains(page.locator('[data-testid="cell-problems"]'), '找不到所在单位“没有这个单位”');
    // the good row has no problem
    for (const c of ['name', 'title', 'post', 'unit', 'category']) expect(await gridCell(page, CADRES, n + 1, c).getAttribute('class')).not.toMatch(/cell-invalid/);
    await shot('cadre-bad-unit');
    await page.click(`[data-testid="${CADRES}-save"]`);
    await expectContains(page.locator(`[data-testid="${CADRES}-save-error"]`), '没有这个单位');
    await clickDialogButton(dialog().getByRole('button', { name: '知道了' }), dialog());
    // neither row is stored, not even the good one
    expect(await cadres()).toEqual(before);
    // corrected in the cell (a unit's name pasted into it), the row is good
    await focusGridCell(page, CADRES, n, 'unit', 'unit');
    await pasteText(page, home.name);
    await expectCount(page.locator('[data-testid="cell-problem"]'), 0);
    // and taken back step by step: the correction, the paste, the added row
    await gridCell(page, CADRES, 0, 'name').click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ControlOrMeta+Z');
    await expectCount(rowsOf(CADRES), n);
    expect(await cadres()).toEqual(before);
  }, T);

  it('deletes a cadre after a confirmation that says what goes with it', async () => {
    const before = await cadres();
    const victim = before.filter((c) => c.unitId === home.id)[1]!;
    expect(await text(gridCell(page, CADRES, 1, 'name'))).toBe(victim.name);
    const dry = await value<OutputOf<'deleteCadres'>>('deleteCadres', { ids: [victim.id], dryRun: true });
    // a demo cadre has scores and tallies: the sentence names them
    expect(dry.goesWith.scores! + dry.goesWith.ballots!).toBeGreaterThan(0);
    await page.locator(`[data-testid="${CADRES}"] .ag-row[row-index="1"] input[type="checkbox"]`).first().click();
    await page.click(`[data-testid="${CADRES}-delete"]`);
    const preview = page.locator(`[data-testid="${CADRES}-delete-preview"]`);
    await expectContains(preview, dry.message);
    await expectContains(preview, victim.name);
    await shot('cadre-delete-confirm');
    await page.click(`[data-testid="${CADRES}-confirm-delete"]`);
    await expect.poll(async () => (await cadres()).some((c) => c.id === victim.id), POLL).toBe(false);
    expect((await cadres()).length).toBe(before.length - 1);
    await expect.poll(async () => (await rowsOf(CADRES).allInnerTexts()).join('\n'), POLL).not.toContain(victim.name);
  }, T);
});

describe('responsible departments', () => {
  it('edits the contact person and telephone; a bad telephone is marked and not saved', async () => {
    await page.click('[data-testid="tab-departments"]');
    await gridCell(page, DEPTS, 0, 'name').waitFor();
    const before = await value<OutputOf<'listDepartmentDetails'>>('listDepartmentDetails', { cycleId });
    expect(before.length).toBeGreaterThan(0);
    await expectCount(rowsOf(DEPTS), before.length);
    const d = before[0]!;
    expect(await text(gridCell(page, DEPTS, 0, 'name'))).toBe(d.name);
    expect(Number(await text(gridCell(page, DEPTS, 0, 'indicators')))).toBe(d.indicatorCount);
    await typeAt(DEPTS, 0, 'phone', '电话待定');
    await expectClass(gridCell(page, DEPTS, 0, 'phone'), /cell-invalid/);
    await page.click(`[data-testid="${DEPTS}-save"]`);
    await clickDialogButton(dialog().getByRole('button', { name: '知道了' }), dialog());
    expect(await value('listDepartmentDetails', { cycleId })).toEqual(before);
    await typeAt(DEPTS, 0, 'person', '李测试');
    await typeAt(DEPTS, 0, 'phone', '0316-5550123');
    await expectCount(page.locator('[data-testid="cell-problem"]'), 0);
    await shot('department-contact');
    await save(DEPTS);
    const after = await value<OutputOf<'listDepartmentDetails'>>('listDepartmentDetails', { cycleId });
    expect(after.find((x) => x.id === d.id)).toEqual({ ...d, contact: '李测试 0316-5550123' });
    expect(await text(gridCell(page, DEPTS, 0, 'person'))).toBe('李测试');
    expect(await text(gridCell(page, DEPTS, 0, 'phone'))).toBe('0316-5550123');
  }, T);

  it('adds a department and deletes one that indicators name, saying how many lose it', async () => {
    const before = await value<OutputOf<'listDepartmentDetails'>>('listDepartmentDetails', { cycleId });
    await page.click(`[data-testid="${DEPTS}-add"]`);
    await typeAt(DEPTS, before.length, 'name', '测试责任单位');
    await save(DEPTS);
    const withNew = await value<OutputOf<'listDepartmentDetails'>>('listDepartmentDetails', { cycleId });
    expect(withNew.map((x) => x.name)).toContain('测试责任单位');
    const named = withNew.findIndex((x) => x.indicatorCount > 0);
    const victim = withNew[named]!;
    await page.locator(`[data-testid="${DEPTS}"] .ag-row[row-index="${named}"] input[type="checkbox"]`).first().click();
    await page.click(`[data-testid="${DEPTS}-delete"]`);
    const preview = page.locator(`[data-testid="${DEPTS}-delete-preview"]`);
    await expectContains(preview, victim.name);
    await expectContains(preview, `指标的责任单位（将置空） ${victim.indicatorCount} 项`);
    await page.click(`[data-testid="${DEPTS}-confirm-delete"]`);
    await expect.poll(async () => (await value<OutputOf<'listDepartmentDetails'>>('listDepartmentDetails', { cycleId })).some((x) => x.id === victim.id), POLL).toBe(false);
    await expectCount(rowsOf(DEPTS), withNew.length - 1);
  }, T);
});

describe('assessment groups', () => {
  it('creates a group with its members and units, then deletes it after the confirmation', async () => {
    await page.click('[data-testid="tab-groups"]');
    await page.locator('[data-testid="groups-grid"]').waitFor();
    const before = await value<OutputOf<'listAssessmentGroups'>>('listAssessmentGroups', { cycleId });
    await page.click('[data-testid="btn-new-group"]');
    await page.fill('[data-testid="group-name"]', '测试考核组');
    const people = [
      ['组长', '赵组长', '县委组织部副部长'],
      ['副组长', '钱副组长', '县纪委监委'],
      ['A 岗组员', '孙组员', '县委组织部'],
      ['B 岗组员', '李组员', '县统计局'],
    ] as const;
    for (let i = 0; i < people.length; i++) {
      await page.click('[data-testid="btn-add-member"]');
      await page.fill(`[data-testid="member-name-${i}"]`, people[i]![1]);
      await page.fill(`[data-testid="member-aff-${i}"]`, people[i]![2]);
    }
    // the fourth defaults to A 岗: made B 岗
    await page.locator('[data-testid="member-role-3"]').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="B 岗组员"]').click();
    for (let i = 0; i < 3; i++) await expectContains(page.locator(`[data-testid="member-role-${i}"]`), people[i]![0]);
    for (const u of [home, other]) await chooseInSelect('group-units', u.name);
    await shot('group-form');
    // the list of units closes when the form's title is clicked
    await page.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => undefined);
    await page.click('[data-testid="group-ok"]');
    await page.locator('[data-testid="group-ok"]').waitFor({ state: 'detached' });
    const after = await value<OutputOf<'listAssessmentGroups'>>('listAssessmentGroups', { cycleId });
    expect(after.length).toBe(before.length + 1);
    const g = after.find((x) => x.name === '测试考核组')!;
    expect(g.members.map((m) => [m.role, m.name, m.affiliation])).toEqual([
      ['leader', '赵组长', '县委组织部副部长'],
      ['deputy', '钱副组长', '县纪委监委'],
      ['member_a', '孙组员', '县委组织部'],
      ['member_b', '李组员', '县统计局'],
    ]);
    expect(g.units.map((u) => u.id).sort()).toEqual([home.id, other.id].sort());
    const idx = after.indexOf(g);
    await expectText(gridCell(page, 'groups-grid', idx, 'name'), '测试考核组');
    await expectContains(gridCell(page, 'groups-grid', idx, 'leader'), '赵组长');
    await expectContains(gridCell(page, 'groups-grid', idx, 'member_b'), '李组员');
    await expectContains(gridCell(page, 'groups-grid', idx, 'units'), home.name);

    await page.locator(`[data-testid="groups-grid"] .ag-row[row-index="${idx}"] input[type="checkbox"]`).first().click();
    await page.click('[data-testid="btn-delete-groups"]');
    const preview = page.locator('[data-testid="group-delete-preview"]');
    await expectContains(preview, '将删除考核组“测试考核组”');
    await expectContains(preview, '考核组成员 4 人');
    await expectContains(preview, '考核组联系单位 2 个');
    await clickDialogButton(page.locator('[data-testid="confirm-delete-groups"]'), page.locator('.ant-modal-confirm'));
    await expect.poll(async () => (await value<OutputOf<'listAssessmentGroups'>>('listAssessmentGroups', { cycleId })).some((x) => x.id === g.id), POLL).toBe(false);
    await expectCount(rowsOf('groups-grid'), before.length);
  }, T);
});

describe('components', () => {
  it('deletes a component after a confirmation that counts its indicators and scores', async () => {
    const cats = await value<Category[]>('listCategories', { cycleId });
    // a component that no setting names, with indicators
    let found: { cat: Category; comp: Component; dry: OutputOf<'deleteComponent'> } | null = null;
    for (const cat of cats) {
      for (const comp of await value<Component[]>('listComponents', { categoryId: cat.id })) {
        const dry = await value<OutputOf<'deleteComponent'>>('deleteComponent', { id: comp.id, dryRun: true });
        if (!dry.message.includes('不能删除') && (dry.goesWith.indicators ?? 0) > 0) {
          found = { cat, comp, dry };
          break;
        }
      }
      if (found) break;
    }
    expect(found, 'a component that can go').toBeTruthy();
    const { cat, comp, dry } = found!;
    const comps = await value<Component[]>('listComponents', { categoryId: cat.id });
    await nav(page, 'plan');
    await page.click(`[data-testid="category-item-${cat.id}"]`);
    const table = page.locator('[data-testid="components-table"]');
    await expectContains(table, comp.name);
    const preview = page.locator('[data-testid="component-delete-preview"]');

    // another component that a setting of the category names (同分排序) cannot go: said, nothing asked
    const named = comps.find((c) => c.id !== comp.id)!;
    expect(named, 'a second component in the category').toBeTruthy();
    await value('updateCategory', { id: cat.id, settings: { ...cat.settings, grading: { ...cat.settings.grading, tieBreak: [named.code] } } });
    await table.locator('tr', { hasText: named.name }).first().locator('[data-testid="btn-delete-component"]').click();
    await expectContains(preview, '不能删除');
    await expectContains(preview, '同分排序');
    expect(await page.locator('[data-testid="confirm-delete-component"]').count()).toBe(0);
    await clickDialogButton(page.locator('.ant-modal-confirm').getByRole('button', { name: '知道了' }), page.locator('.ant-modal-confirm'));
    expect((await value<Component[]>('listComponents', { categoryId: cat.id })).map((c) => c.id)).toEqual(comps.map((c) => c.id));

    const row = table.locator('tr', { hasText: comp.name }).first();
    await row.locator('[data-testid="btn-delete-component"]').click();
    await expectContains(preview, dry.message);
    await expectContains(preview, `指标 ${dry.goesWith.indicators} 项`);
    await shot('component-delete-confirm');
    await clickDialogButton(page.locator('[data-testid="confirm-delete-component"]'), page.locator('.ant-modal-confirm'));
    await expect.poll(async () => (await value<Component[]>('listComponents', { categoryId: cat.id })).map((c) => c.id), POLL).toEqual(comps.filter((c) => c.id !== comp.id).map((c) => c.id));
    await expect.poll(async () => (await table.innerText()).includes(comp.name), POLL).toBe(false);
  }, T);
});
