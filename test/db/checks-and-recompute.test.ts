// Checks (分差, sums, missing data by department), refusal of bad plans, and
// the incremental recompute against the full one, on a real SQLite file.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCycle } from '../../electron/core/services/compute.ts';
import { openTestApp, type TestApp } from '../helpers.ts';

let app: TestApp;
let cycleId: number;
let categoryId: number;
const units: number[] = [];
const leaf: Record<string, number> = {};

beforeAll(async () => {
  app = await openTestApp();
  cycleId = (await app.call('createCycle', { name: '2025年度', year: 2025 })).id;
  categoryId = (await app.call('createCategory', { cycleId, kind: 'unit', name: '二类乡镇' })).id;
  for (const name of ['石桥镇', '双河镇', '龙泉镇']) units.push((await app.call('saveUnit', { cycleId, categoryId, name })).id);
  const dept = await app.db.insertInto('departments').values({ cycle_id: cycleId, name: '县财政局' }).returning('id').executeTakeFirstOrThrow();
  const root = await app.call('saveIndicator', { categoryId, parentId: null, name: '经济发展', fullPoints: 30 });
  leaf['tax'] = (await app.call('saveIndicator', { categoryId, parentId: root.id, name: '财政收入', fullPoints: 10, departmentId: dept.id })).id;
  leaf['invest'] = (await app.call('saveIndicator', { categoryId, parentId: root.id, name: '固定资产投资', fullPoints: 10, departmentId: dept.id })).id;
  await app.call('setScores', {
    cells: [
      ...units.map((u) => ({ indicatorId: leaf['tax']!, subjectKey: `unit:${u}`, value: 10 })),
      { indicatorId: leaf['invest']!, subjectKey: `unit:${units[0]}`, value: 9 },
      { indicatorId: leaf['invest']!, subjectKey: `unit:${units[1]}`, value: 5 },
    ],
  });
});
afterAll(async () => {
  await app.close();
});

describe('checks', () => {
  it('lists a too-small spread, a points mismatch and missing data by responsible department', async () => {
    const checks = await app.call('listChecks', { cycleId });
    const spread = checks.filter((c) => c.kind === 'spread');
    expect(spread.map((c) => c.indicatorName)).toEqual(['财政收入']); // everyone got 10 of 10
    expect(spread[0]!.message).toContain('县财政局');
    expect(spread[0]!.message).toContain('分差 0%');
    const points = checks.find((c) => c.kind === 'points')!;
    expect(points.message).toContain('经济发展');
    expect(points.message).toContain('合计 20 分');
    const missing = checks.find((c) => c.kind === 'missing')!;
    expect(missing).toMatchObject({ departmentName: '县财政局', indicatorName: '固定资产投资', subjects: [{ key: `unit:${units[2]}`, name: '龙泉镇' }] });
  });
});

describe('bad plans are refused with a message that names the place', () => {
  it('a tally with more valid votes than present', async () => {
    const g = await app.db.insertInto('rater_groups').values({ cycle_id: cycleId, subject_kind: 'unit', name: '机关干部', weight: 1 }).returning('id').executeTakeFirstOrThrow();
    // the database itself refuses valid > present
    await expect(
      app.db.insertInto('eval_ballots').values({ rater_group_id: g.id, unit_id: units[0]!, cadre_id: null, expected: 10, present: 8, valid: 9, votes: '{}', updated_at: 'x' }).execute(),
    ).rejects.toThrow(/CHECK/);
    // votes that do not add up to the valid ballots are refused by the engine, naming unit and group
    await app.db.insertInto('eval_ballots').values({ rater_group_id: g.id, unit_id: units[0]!, cadre_id: null, expected: 10, present: 9, valid: 8, votes: JSON.stringify({ 好: 5, 较好: 4 }), updated_at: 'x' }).execute();
    const env = await app.dispatch('computeCycle', { cycleId });
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid_plan' } });
    if (!env.ok) {
      expect(env.error.message).toContain('石桥镇');
      expect(env.error.message).toContain('机关干部');
      expect(env.error.message).toContain('合计 9');
    }
    await app.db.deleteFrom('eval_ballots').execute();
  });

  it('weights that do not sum to 100%', async () => {
    const comps = await app.call('listComponents', { categoryId });
    const sj = comps.find((c) => c.code === 'SJ')!;
    await app.call('saveComponent', { categoryId, id: sj.id, code: 'SJ', name: sj.name, kind: sj.kind, weight: 60, fullPoints: sj.fullPoints, normalizeTo100: true, applyDifficulty: false });
    await app.call('saveComponent', { categoryId, code: 'PS', name: '平时考核', kind: 'routine', weight: 30, fullPoints: 100, normalizeTo100: true, applyDifficulty: false });
    const env = await app.dispatch('computeCycle', { cycleId });
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid_plan' } });
    if (!env.ok) expect(env.error.message).toMatch(/二类乡镇.*权重合计为 90%/);
    await app.call('saveComponent', { categoryId, id: sj.id, code: 'SJ', name: sj.name, kind: sj.kind, weight: 70, fullPoints: sj.fullPoints, normalizeTo100: true, applyDifficulty: false });
  });
});

describe('incremental recompute', () => {
  it('gives exactly what a full recompute gives, after any sequence of edits', async () => {
    // a second category that the edits do not touch must stay as it is
    const other = (await app.call('createCategory', { cycleId, kind: 'unit', name: '三类乡镇' })).id;
    const u = await app.call('saveUnit', { cycleId, categoryId: other, name: '青山乡' });
    const ind = await app.call('saveIndicator', { categoryId: other, parentId: null, name: '特色工作', fullPoints: 100 });
    await app.call('setScores', { cells: [{ indicatorId: ind.id, subjectKey: `unit:${u.id}`, value: 88 }] });
    await computeCycle(app.ctx, cycleId);
    const snapshot = async () =>
      (await app.ctx.db.selectFrom('results').select(['unit_id', 'total', 'rank', 'computed_grade', 'grade_note', 'components', 'flags']).where('cycle_id', '=', cycleId).orderBy('unit_id').execute()).map((r) => ({ ...r }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ u: fc.integer({ min: 0, max: 2 }), l: fc.constantFrom('tax', 'invest'), v: fc.option(fc.integer({ min: 0, max: 100 }).map((x) => x / 10), { nil: null }) }), { minLength: 1, maxLength: 4 }),
        async (edits) => {
          for (const e of edits) {
            const saved = await app.call('setScores', { cells: [{ indicatorId: leaf[e.l]!, subjectKey: `unit:${units[e.u]}`, value: e.v }] });
            expect(saved.warning).toBeNull(); // setScores recomputes what depends on the cells, in its transaction
          }
          const incremental = await snapshot();
          await computeCycle(app.ctx, cycleId);
          expect(incremental).toEqual(await snapshot());
        },
      ),
      { numRuns: 25 },
    );
  });

  it('recomputes only the categories of the edited cells', async () => {
    const before = await app.call('setScores', { cells: [{ indicatorId: leaf['tax']!, subjectKey: `unit:${units[0]}`, value: 7.5 }] });
    expect(before.recomputed).toBe(true);
    const [op] = await app.call('listAudit', { cycleId, entity: 'score', limit: 1 });
    // the operation's own row says what the recompute in its transaction covered
    const head = (await app.call('listAudit', { cycleId, limit: 50 })).find((r) => r.action === 'score.set' && r.field === null)!;
    expect(op).toMatchObject({ field: 'value', newValue: '7.5' });
    expect(JSON.parse(head.detail)).toMatchObject({ recompute: { categories: 1, subjects: 3 } });
  });
});

describe('committee adjustments and linkage', () => {
  it('moves the cadres’ quota with the adjusted grade of their unit', async () => {
    const t = await openTestApp();
    try {
      const { loadDemo } = await import('../../electron/core/services/cycles.ts');
      const cycle = await loadDemo(t.ctx);
      await t.call('computeCycle', { cycleId: cycle.id });
      await t.call('setCycleStatus', { cycleId: cycle.id, status: 'grading' });
      const results = await t.call('listResults', { cycleId: cycle.id });
      // a township whose grade is 良好, and its deputies (compared within the team, quota by the unit's grade)
      const town = results.find((r) => r.kind === 'unit' && r.categoryName.includes('乡镇') && r.finalGrade === '良好' && r.flags.length === 0)!;
      const team = () => t.call('listResults', { cycleId: cycle.id }).then((rs) => rs.filter((r) => r.categoryName === '乡镇副职' && r.unitName === town.name));
      const before = await team();
      expect(before[0]!.gradeNote).toContain('良好');
      await t.call('adjustGrade', { cycleId: cycle.id, subjectKey: town.subjectKey, toGrade: '优秀', reason: '经考核委员会研究，重大任务成效突出' });
      const after = await team();
      expect(after[0]!.gradeNote).toContain('所在单位为“优秀”');
      expect(after.filter((r) => r.finalGrade === '优秀').length).toBeGreaterThanOrEqual(before.filter((r) => r.finalGrade === '优秀').length);
    } finally {
      await t.close();
    }
  });
});
