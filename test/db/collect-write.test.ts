// Data collection through the real handlers on a real SQLite file: every
// write channel adds, edits and deletes (deletes answer first with a dry run),
// recomputes what it touches in the same transaction, and is refused with
// code 'locked' once the year is published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/ipc/envelope.ts';
import { openTestApp, type TestApp } from '../helpers.ts';
import { dataChecksum, smallPlan, type Plan } from './collect-helpers.ts';

let app: TestApp;
let p: Plan;

const results = async () => Object.fromEntries((await app.call('listResults', { cycleId: p.cycleId, categoryId: p.categoryId })).map((r) => [r.name, r]));
const fails = (env: Envelope<unknown>) => {
  expect(env.ok).toBe(false);
  if (env.ok) throw new Error('expected a refusal');
  return env.error;
};

beforeAll(async () => {
  app = await openTestApp({ now: () => new Date('2026-01-15T08:00:00Z') });
  p = await smallPlan(app);
});
afterAll(async () => {
  await app.close();
});

describe('cadres', () => {
  it('adds, edits and deletes a cadre, with a dry run naming what goes with it', async () => {
    const c = await app.call('saveCadre', { cycleId: p.cycleId, unitId: p.units['城关镇']!, categoryId: p.cadreCategoryId, name: '王立新', post: 'head', title: '党委书记' });
    expect(c).toMatchObject({ name: '王立新', post: 'head', title: '党委书记', unitName: '城关镇', categoryName: '乡镇党政正职' });
    const edited = await app.call('saveCadre', { cycleId: p.cycleId, id: c.id, unitId: p.units['河西镇']!, categoryId: p.cadreCategoryId, name: '王立新', post: 'deputy' });
    expect(edited).toMatchObject({ unitName: '河西镇', post: 'deputy', title: '党委书记', code: c.code });
    await app.call('saveEvent', { cycleId: p.cycleId, subjectKey: `cadre:${c.id}`, kind: 'sanction', type: '警告', reason: '违反工作纪律', docNumber: '县纪发〔2025〕3号', docDate: '2025-05-01', issuer: '县纪委' });
    const dry = await app.call('deleteCadres', { ids: [c.id], dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, deleted: 1, goesWith: { events: 1, scores: 0 } });
    expect(dry.message).toContain('将删除领导干部“王立新”');
    expect((await app.call('listCadres', { cycleId: p.cycleId })).map((x) => x.id)).toContain(c.id);
    const done = await app.call('deleteCadres', { ids: [c.id] });
    expect(done).toMatchObject({ dryRun: false, deleted: 1, goesWith: { events: 1 } });
    expect(await app.call('listCadres', { cycleId: p.cycleId })).toHaveLength(0);
    expect(await app.call('listEventDetails', { cycleId: p.cycleId, subjectKey: `cadre:${c.id}` })).toHaveLength(0);
    const audit = await app.call('listAudit', { cycleId: p.cycleId, entity: 'cadre' });
    expect(audit.some((a) => a.field === null && a.oldValue?.includes('王立新'))).toBe(true);
  });

  it('refuses a unit category for a cadre, naming the field', async () => {
    const e = fails(await app.dispatch('saveCadre', { cycleId: p.cycleId, unitId: p.units['城关镇']!, categoryId: p.categoryId, name: '李四', post: 'head' }));
    expect(e.location).toEqual({ kind: 'field', path: 'categoryId' });
  });
});

describe('sheets of cadres and departments, saved at once', () => {
  it('a sheet of cadres is one transaction: a bad row names its index and field, and nothing of the sheet is saved', async () => {
    const before = await dataChecksum(app);
    const rows = [
      { unitId: p.units['城关镇']!, categoryId: p.cadreCategoryId, name: '赵一', post: 'head' as const, title: '党委书记' },
      { unitId: 999999, categoryId: p.cadreCategoryId, name: '钱二', post: 'deputy' as const },
      { unitId: p.units['河西镇']!, categoryId: p.categoryId, name: '孙三', post: 'deputy' as const },
    ];
    const e = fails(await app.dispatch('saveCadres', { cycleId: p.cycleId, rows }));
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({ kind: 'rows', rows: [expect.objectContaining({ index: 1, field: 'unitId' }), expect.objectContaining({ index: 2, field: 'categoryId' })] });
    expect(e.message).toContain('第 2 行');
    expect(await dataChecksum(app)).toBe(before);
    // the good rows alone: saved together, each with its own new code, one audited write
    const ok = await app.call('saveCadres', { cycleId: p.cycleId, rows: [rows[0]!, { ...rows[1]!, unitId: p.units['河西镇']! }] });
    expect(ok.saved.map((c) => [c.name, c.unitName])).toEqual([['赵一', '城关镇'], ['钱二', '河西镇']]);
    expect(new Set(ok.saved.map((c) => c.code)).size).toBe(2);
    // new codes continue the year's numbering, four digits as the demo and imports write them
    for (const c of ok.saved) expect(c.code).toMatch(/^GB\d{4}$/);
    const edited = await app.call('saveCadres', { cycleId: p.cycleId, rows: ok.saved.map((c) => ({ id: c.id, unitId: c.unitId, categoryId: c.categoryId, name: `${c.name}（改）`, post: c.post })) });
    expect(edited.saved.map((c) => c.name)).toEqual(['赵一（改）', '钱二（改）']);
    await app.call('deleteCadres', { ids: ok.saved.map((c) => c.id) });
  });

  it('a sheet of departments refuses a name taken twice within it, and saves nothing', async () => {
    const before = await dataChecksum(app);
    const e = fails(await app.dispatch('saveDepartments', { cycleId: p.cycleId, rows: [{ name: '县审计局' }, { name: '县审计局', contact: '王明 6013647' }] }));
    expect(e.location).toEqual({ kind: 'rows', rows: [expect.objectContaining({ index: 1, field: 'name' })] });
    expect(await dataChecksum(app)).toBe(before);
    const ok = await app.call('saveDepartments', { cycleId: p.cycleId, rows: [{ name: '县审计局' }, { name: '县统计局', contact: '刘主任' }] });
    expect(ok.saved.map((d) => d.name)).toEqual(['县审计局', '县统计局']);
    // a swap of two names in one sheet is refused: each name is still the other's when its row is checked
    const [a, b] = ok.saved;
    const swapped = fails(await app.dispatch('saveDepartments', { cycleId: p.cycleId, rows: [{ id: a!.id, name: '县统计局' }, { id: b!.id, name: '县审计局' }] }));
    expect(swapped.code).toBe('invalid_input');
    await app.call('deleteDepartment', { id: a!.id });
    await app.call('deleteDepartment', { id: b!.id });
  });
});

describe('responsible departments', () => {
  it('adds and edits; a delete is refused while indicators name it, or clears them when asked', async () => {
    const d = await app.call('saveDepartment', { cycleId: p.cycleId, name: '县统计局' });
    const e2 = await app.call('saveDepartment', { cycleId: p.cycleId, id: d.id, name: '县统计局', contact: '刘主任' });
    expect(e2).toMatchObject({ contact: '刘主任', indicatorCount: 0 });
    const root = (await app.call('listIndicators', { categoryId: p.categoryId })).indicators.find((i) => i.parentId === null)!;
    const leaf = await app.call('saveIndicator', { categoryId: p.categoryId, parentId: root.id, name: '统计数据质量', fullPoints: 0, departmentId: d.id });
    const dry = await app.call('deleteDepartment', { id: d.id, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, goesWith: { indicatorsCleared: 1 } });
    const refused = fails(await app.dispatch('deleteDepartment', { id: d.id }));
    expect(refused.code).toBe('conflict');
    expect(refused.message).toContain('统计数据质量');
    const done = await app.call('deleteDepartment', { id: d.id, clearIndicators: true });
    expect(done).toMatchObject({ deleted: 1, goesWith: { indicatorsCleared: 1 } });
    const after = (await app.call('listIndicators', { categoryId: p.categoryId })).indicators.find((i) => i.id === leaf.id)!;
    expect(after.departmentId).toBeNull();
    await app.call('deleteIndicator', { id: leaf.id });
    expect((await app.call('listDepartmentDetails', { cycleId: p.cycleId })).map((x) => x.name)).toEqual(['县发改委', '县财政局']);
  });
});

describe('assessment groups', () => {
  it('adds a group with 组长, 副组长, A/B 岗 and units; edits; deletes after a dry run', async () => {
    const g = await app.call('saveAssessmentGroup', {
      cycleId: p.cycleId,
      name: '第一考核组',
      members: [
        { name: '赵敏', role: 'member_a', affiliation: '县委组织部' },
        { name: '钱进', role: 'leader', affiliation: '县人大' },
        { name: '孙立', role: 'deputy' },
        { name: '周航', role: 'member_b' },
      ],
      unitIds: [p.units['城关镇']!, p.units['河西镇']!],
    });
    expect(g.members.map((m) => [m.name, m.role])).toEqual([['钱进', 'leader'], ['孙立', 'deputy'], ['赵敏', 'member_a'], ['周航', 'member_b']]);
    expect(g.units.map((u) => u.name)).toEqual(['城关镇', '河西镇']);
    const g2 = await app.call('saveAssessmentGroup', { cycleId: p.cycleId, id: g.id, name: '第一考核组', members: [{ name: '钱进', role: 'leader', affiliation: '县人大' }], unitIds: [p.units['东山乡']!] });
    expect(g2.members).toHaveLength(1);
    expect(g2.members[0]!.id).toBe(g.members[0]!.id); // an unchanged member stays
    expect(g2.units.map((u) => u.name)).toEqual(['东山乡']);
    const twoLeaders = fails(await app.dispatch('saveAssessmentGroup', { cycleId: p.cycleId, name: '第二组', members: [{ name: 'a', role: 'leader' }, { name: 'b', role: 'leader' }], unitIds: [] }));
    expect(twoLeaders.message).toContain('只能有一名组长');
    expect(await app.call('deleteAssessmentGroup', { id: g.id, dryRun: true })).toMatchObject({ dryRun: true, goesWith: { members: 1, groupUnits: 1 } });
    expect(await app.call('deleteAssessmentGroup', { id: g.id })).toMatchObject({ deleted: 1 });
    expect(await app.call('listAssessmentGroups', { cycleId: p.cycleId })).toEqual([]);
  });
});

describe('score cells: “4,5” is never 45', () => {
  it('refuses 4,5, 999, −1 and a letter not in the set, all as data, none saved', async () => {
    const before = dataChecksum(app);
    const k = (u: string) => `unit:${p.units[u]}`;
    const env = await app.dispatch('setScores', {
      cells: [
        { indicatorId: p.leafA, subjectKey: k('城关镇'), value: 45, text: '4,5' },
        { indicatorId: p.leafA, subjectKey: k('河西镇'), value: 999 },
        { indicatorId: p.leafA, subjectKey: k('东山乡'), value: -1 },
        { indicatorId: p.leafB, subjectKey: k('城关镇'), value: null, text: '优' },
        { indicatorId: p.leafC, subjectKey: k('城关镇'), value: 5 },
      ],
    });
    const e = fails(env);
    expect(e.code).toBe('invalid_input');
    expect(e.location?.kind).toBe('cells');
    const cells = e.location?.kind === 'cells' ? e.location.cells : [];
    expect(cells.map((c) => [c.subjectKey, c.indicatorId])).toEqual([
      [k('城关镇'), p.leafA],
      [k('河西镇'), p.leafA],
      [k('东山乡'), p.leafA],
      [k('城关镇'), p.leafB],
    ]);
    expect(cells[0]!.message).toContain('逗号');
    expect(e.message).toContain('4个单元格有误');
    expect(dataChecksum(app)).toBe(before);
  });
});

describe('tallies', () => {
  it('a saved batch changes the democratic score; the same batch again changes nothing', async () => {
    const before = (await results())['城关镇']!.total;
    const ballot = { subjectKey: `unit:${p.units['城关镇']}`, raterGroupId: p.raterGroupId, expected: 12, present: 11, valid: 10, invalid: 1, votes: { 好: 8, 较好: 2 } };
    const r = await app.call('saveBallots', { ballots: [ballot] });
    expect(r).toMatchObject({ saved: 1, changed: 1, recomputed: true, warning: null });
    const after = (await results())['城关镇']!;
    // (8 × 1 + 2 × 0.8) / 10 of 40 points
    expect(after.components.find((c) => c.name === '民主测评')!.contribution).toBeCloseTo(38.4, 6);
    expect(after.total).toBeGreaterThan(before);
    expect(await app.call('saveBallots', { ballots: [ballot] })).toMatchObject({ changed: 0 });
    const listed = await app.call('listBallots', { categoryId: p.categoryId });
    expect(listed[0]).toMatchObject({ expected: 12, present: 11, valid: 10, invalid: 1, votes: { 好: 8, 较好: 2, 一般: 0, 差: 0 } });
  });

  it('checks a batch all at once: every bad row is returned as data, nothing is saved', async () => {
    const before = dataChecksum(app);
    const u = (n: string) => `unit:${p.units[n]}`;
    const e = fails(
      await app.dispatch('saveBallots', {
        ballots: [
          { subjectKey: u('河西镇'), raterGroupId: p.raterGroupId, expected: 10, present: 10, valid: 10, invalid: 0, votes: { 好: 10 } },
          { subjectKey: u('东山乡'), raterGroupId: p.raterGroupId, expected: 10, present: 11, valid: 9, invalid: 0, votes: { 好: 9 } },
          { subjectKey: u('城关镇'), raterGroupId: p.raterGroupId, expected: 10, present: 10, valid: 10, invalid: 0, votes: { 好: 5, 优秀: 3 } },
          { subjectKey: u('东山乡'), raterGroupId: 9999, expected: 1, present: 1, valid: 1, invalid: 0, votes: { 好: 1 } },
        ],
      }),
    );
    expect(e.code).toBe('invalid_input');
    expect(e.location).toEqual({
      kind: 'rows',
      rows: [
        { index: 1, field: 'present', message: expect.stringContaining('超过应到') },
        { index: 2, field: 'votes.优秀', message: expect.stringContaining('不存在') },
        { index: 2, field: 'votes', message: expect.stringContaining('与有效票 10 张不符') },
        { index: 3, field: 'raterGroupId', message: expect.stringContaining('找不到测评组') },
      ],
    });
    expect(dataChecksum(app)).toBe(before);
  });
});

describe('events', () => {
  it('a veto moves the grade to the bottom grade; deleting it restores it', async () => {
    const grade0 = (await results())['城关镇']!.finalGrade;
    expect(grade0).not.toBe('较差');
    const ev = await app.call('saveEvent', { cycleId: p.cycleId, subjectKey: `unit:${p.units['城关镇']}`, kind: 'veto', reason: '发生较大安全生产事故', docNumber: '县安委〔2025〕12号', docDate: '2025-08-02', level: '县级', issuer: '县安委会', evidence: '事故调查报告' });
    expect(ev).toMatchObject({ kind: 'veto', docNumber: '县安委〔2025〕12号', docDate: '2025-08-02', level: '县级', issuer: '县安委会', categoryId: p.categoryId });
    expect((await results())['城关镇']!.finalGrade).toBe('较差');
    const edited = await app.call('saveEvent', { cycleId: p.cycleId, id: ev.id, subjectKey: `unit:${p.units['城关镇']}`, kind: 'veto', reason: '发生较大安全生产事故（更正）' });
    expect(edited).toMatchObject({ reason: '发生较大安全生产事故（更正）', docNumber: '县安委〔2025〕12号' });
    expect(await app.call('deleteEvent', { id: ev.id, dryRun: true })).toMatchObject({ dryRun: true, deleted: 1 });
    expect((await results())['城关镇']!.finalGrade).toBe('较差');
    await app.call('deleteEvent', { id: ev.id });
    expect((await results())['城关镇']!.finalGrade).toBe(grade0);
  });

  it('a bonus adds its points; an investigation holds the grade until it is closed with its outcome', async () => {
    const t0 = (await results())['河西镇']!.total;
    await app.call('saveEvent', { cycleId: p.cycleId, subjectKey: `unit:${p.units['河西镇']}`, kind: 'bonus', type: '荣誉表彰', points: 2, reason: '省级文明乡镇', level: '省级', issuer: '省文明委' });
    expect((await results())['河西镇']!.total).toBeCloseTo(t0 + 2, 6);
    const zero = fails(await app.dispatch('saveEvent', { cycleId: p.cycleId, subjectKey: `unit:${p.units['河西镇']}`, kind: 'deduction', points: 0, reason: '通报批评' }));
    expect(zero.location).toEqual({ kind: 'field', path: 'points' });
    const inv = await app.call('saveEvent', { cycleId: p.cycleId, subjectKey: `unit:${p.units['东山乡']}`, kind: 'investigation', reason: '主要负责人被立案审查' });
    expect((await results())['东山乡']!.finalGrade).toBe('不确定等次');
    const closed = await app.call('closeInvestigation', { id: inv.id, closedOn: '2025-11-30', outcome: '经查无违纪问题，予以了结' });
    expect(closed).toMatchObject({ closedOn: '2025-11-30', outcome: '经查无违纪问题，予以了结' });
    expect((await results())['东山乡']!.finalGrade).not.toBe('不确定等次');
  });
});

describe('components', () => {
  it('a delete says what goes with it (its indicators and their scores), then recomputes', async () => {
    const comp = await app.call('saveComponent', { categoryId: p.categoryId, code: 'DJ', name: '党建工作', kind: 'indicators', weight: null, fullPoints: 10, normalizeTo100: false, applyDifficulty: false });
    const ind = await app.call('saveIndicator', { categoryId: p.categoryId, parentId: null, componentId: comp.id, code: 'DJ1', name: '基层党建', fullPoints: 10 });
    await app.call('setScores', { cells: [{ indicatorId: ind.id, subjectKey: `unit:${p.units['城关镇']}`, value: 8 }] });
    const t = (await results())['城关镇']!.total;
    const dry = await app.call('deleteComponent', { id: comp.id, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, deleted: 1, goesWith: { indicators: 1, scores: 1 } });
    expect(dry.message).toContain('党建工作');
    await app.call('deleteComponent', { id: comp.id });
    expect((await results())['城关镇']!.total).toBeCloseTo(t - 8, 6);
    expect((await app.call('listComponents', { categoryId: p.categoryId })).some((c) => c.code === 'DJ')).toBe(false);
  });
});

describe('cycle details', () => {
  it('edits name, year and organ after creation', async () => {
    const c = await app.call('updateCycle', { cycleId: p.cycleId, organ: '中共清河县委组织部', name: '2025年度综合考核（修订）' });
    expect(c).toMatchObject({ organ: '中共清河县委组织部', name: '2025年度综合考核（修订）', year: 2025 });
    await app.call('updateCycle', { cycleId: p.cycleId, name: '2025年度综合考核' });
  });
});

describe('the lifecycle', () => {
  it('collecting: plan writes are refused (locked), data writes go through; published: both refused', async () => {
    await app.call('setCycleStatus', { cycleId: p.cycleId, status: 'collecting' });
    const u = `unit:${p.units['河西镇']}`;
    for (const [ch, input] of [
      ['saveCadre', { cycleId: p.cycleId, unitId: p.units['城关镇']!, categoryId: p.cadreCategoryId, name: '新干部', post: 'head' }],
      ['saveDepartment', { cycleId: p.cycleId, name: '县水利局' }],
      ['deleteDepartment', { id: p.otherDepId, clearIndicators: true }],
      ['saveAssessmentGroup', { cycleId: p.cycleId, name: '第三组', members: [], unitIds: [] }],
      ['deleteComponent', { id: p.democraticId }],
      ['updateCycle', { cycleId: p.cycleId, organ: '某组织部' }],
    ] as const) {
      expect(fails(await app.dispatch(ch, input)).code, ch).toBe('locked');
    }
    const ballot = { subjectKey: u, raterGroupId: p.raterGroupId, expected: 10, present: 10, valid: 10, invalid: 0, votes: { 好: 10 } };
    expect(await app.call('saveBallots', { ballots: [ballot] })).toMatchObject({ changed: 1 });
    await app.call('setCycleStatus', { cycleId: p.cycleId, status: 'grading' });
    await app.call('computeCycle', { cycleId: p.cycleId });
    await app.call('setCycleStatus', { cycleId: p.cycleId, status: 'published' });
    const before = dataChecksum(app);
    for (const [ch, input] of [
      ['saveBallots', { ballots: [{ ...ballot, votes: { 好: 9, 较好: 1 } }] }],
      ['saveEvent', { cycleId: p.cycleId, subjectKey: u, kind: 'veto', reason: '事故' }],
      ['deleteCadres', { ids: [9999] }],
    ] as const) {
      const e = fails(await app.dispatch(ch, input));
      if (ch !== 'deleteCadres') expect(e.code, ch).toBe('locked');
    }
    const ev = (await app.call('listEventDetails', { cycleId: p.cycleId }))[0]!;
    expect(fails(await app.dispatch('deleteEvent', { id: ev.id })).code).toBe('locked');
    expect(fails(await app.dispatch('closeInvestigation', { id: ev.id, closedOn: '2025-12-01', outcome: '结案' })).code).not.toBe('internal');
    expect(dataChecksum(app)).toBe(before);
  });
});
