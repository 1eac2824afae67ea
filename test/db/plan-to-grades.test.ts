// One small plan through the real handlers and a real SQLite file: build the
// plan, enter scores, compute, grade under a quota, adjust, and issue a letter.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, setDocumentContact, type TestApp } from '../helpers.ts';

let app: TestApp;
let cycleId: number;
let categoryId: number;
const units: Record<string, number> = {};
const leaves: Record<string, number> = {};

beforeAll(async () => {
  app = await openTestApp({ now: () => new Date('2026-01-15T08:00:00Z') });
  cycleId = (await app.call('createCycle', { name: '2025年度综合考核', year: 2025, organ: '中共测试县委组织部' })).id;
  categoryId = (await app.call('createCategory', { cycleId, kind: 'unit', name: '一类乡镇' })).id;
  for (const name of ['城关镇', '河西镇', '东山乡', '南湖街道']) units[name] = (await app.call('saveUnit', { cycleId, categoryId, name })).id;
  const econ = await app.call('saveIndicator', { categoryId, parentId: null, name: '经济发展', fullPoints: 60 });
  const party = await app.call('saveIndicator', { categoryId, parentId: null, name: '党的建设', fullPoints: 40 });
  leaves['gdp'] = (await app.call('saveIndicator', { categoryId, parentId: econ.id, name: '地区生产总值增长', fullPoints: 30 })).id;
  leaves['tax'] = (await app.call('saveIndicator', { categoryId, parentId: econ.id, name: '一般预算收入', fullPoints: 30, method: { type: 'completion', target: 5000 } })).id;
  leaves['org'] = (await app.call('saveIndicator', { categoryId, parentId: party.id, name: '基层组织建设', fullPoints: 20 })).id;
  leaves['clean'] = (await app.call('saveIndicator', { categoryId, parentId: party.id, name: '党风廉政建设', fullPoints: 20 })).id;
});
afterAll(async () => {
  await app.close();
});

const cell = (unit: string, leaf: string, value: number | null) => ({ indicatorId: leaves[leaf]!, subjectKey: `unit:${units[unit]}`, value });

describe('a plan from scratch', () => {
  it('builds a two-level tree with codes and a clean points check', async () => {
    const { indicators, checks } = await app.call('listIndicators', { categoryId });
    expect(indicators.map((i) => `${i.code} ${i.name}`)).toEqual(['1 经济发展', '1.1 地区生产总值增长', '1.2 一般预算收入', '2 党的建设', '2.1 基层组织建设', '2.2 党风廉政建设']);
    expect(checks).toEqual([]);
    expect(indicators.find((i) => i.code === '1')!.method).toBeNull(); // inner nodes sum their children
  });

  it('refuses a bad cell naming unit and indicator, and writes none of the batch', async () => {
    const env = await app.dispatch('setScores', { cells: [cell('城关镇', 'gdp', 28), cell('河西镇', 'org', 25)] });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.message).toContain('河西镇');
      expect(env.error.message).toContain('2.1 基层组织建设');
      expect(env.error.message).toContain('0 到 20');
    }
    const m = await app.call('getScoreMatrix', { categoryId });
    expect(m.cells).toEqual([]);
  });

  it('computes totals and ranks with ties and explains every number', async () => {
    await app.call('setScores', {
      cells: [
        cell('城关镇', 'gdp', 28), cell('城关镇', 'tax', 5500), cell('城关镇', 'org', 19), cell('城关镇', 'clean', 18),
        cell('河西镇', 'gdp', 27), cell('河西镇', 'tax', 4000), cell('河西镇', 'org', 18), cell('河西镇', 'clean', 19),
        cell('东山乡', 'gdp', 25), cell('东山乡', 'tax', 4500), cell('东山乡', 'org', 17.5), cell('东山乡', 'clean', 16),
        cell('南湖街道', 'gdp', 26), cell('南湖街道', 'tax', 4000), cell('南湖街道', 'org', 19), cell('南湖街道', 'clean', 18),
      ],
    });
    await app.call('computeCycle', { cycleId });
    const rows = await app.call('listResults', { cycleId, categoryId });
    // 城关镇 28+30+19+18 = 95; 河西镇 27+24+18+19 = 88; 南湖街道 26+24+19+18 = 87; 东山乡 25+27+17.5+16 = 85.5
    expect(rows.map((r) => [r.name, r.total, r.rank])).toEqual([
      ['城关镇', 95, 1],
      ['河西镇', 88, 2],
      ['南湖街道', 87, 3],
      ['东山乡', 85.5, 4],
    ]);
    const detail = await app.call('getResultDetail', { cycleId, subjectKey: `unit:${units['河西镇']}` });
    const tax = detail.components[0]!.leaves!.find((l) => l.code === '1.2')!;
    expect(tax).toMatchObject({ method: 'completion', score: 24, lost: 6 });
    expect(tax.note).toContain('80%');
  });

  it('grades under the quota as the settings say, and a tie shares the rank', async () => {
    // default: 20% of 4, rounded down → no 优秀
    let rows = await app.call('listResults', { cycleId, categoryId });
    expect(rows.filter((r) => r.finalGrade === '优秀')).toHaveLength(0);
    const cat = (await app.call('listCategories', { cycleId })).find((c) => c.id === categoryId)!;
    await app.call('updateCategory', { id: categoryId, settings: { ...cat.settings, grading: { ...cat.settings.grading, topQuotaPercent: 25 } } });
    await app.call('setScores', { cells: [cell('南湖街道', 'org', 20)] }); // 南湖街道 now 88, tied with 河西镇
    await app.call('computeCycle', { cycleId });
    rows = await app.call('listResults', { cycleId, categoryId });
    expect(rows.filter((r) => r.finalGrade === '优秀').map((r) => r.name)).toEqual(['城关镇']);
    expect(rows.find((r) => r.name === '城关镇')!.gradeNote).toContain('名额1个');
    expect(rows.filter((r) => r.rank === 2).map((r) => r.name).sort()).toEqual(['南湖街道', '河西镇']);
    expect(rows.find((r) => r.name === '东山乡')!.finalGrade).toBe('良好');
  });

  it('warns when an adjustment breaks the quota and keeps the reason', async () => {
    // adjustments belong to 评定中 (the lifecycle refuses them while the plan is drafted)
    const locked = await app.dispatch('adjustGrade', { cycleId, subjectKey: `unit:${units['河西镇']}`, toGrade: '优秀', reason: '经考核委员会研究，重点工作成效突出' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'locked' } });
    await app.call('setCycleStatus', { cycleId, status: 'collecting' });
    await app.call('setCycleStatus', { cycleId, status: 'grading' });
    await setDocumentContact(app, cycleId);
    const res = await app.call('adjustGrade', { cycleId, subjectKey: `unit:${units['河西镇']}`, toGrade: '优秀', reason: '经考核委员会研究，重点工作成效突出' });
    expect(res.warnings.join()).toContain('超出名额');
    expect(res.row).toMatchObject({ finalGrade: '优秀', computedGrade: '良好' });
    expect(res.row.adjustment!.reason).toContain('考核委员会');
  });

  it('refuses an adjustment that breaks a veto', async () => {
    await app.db
      .insertInto('events')
      .values({ cycle_id: cycleId, unit_id: units['东山乡']!, cadre_id: null, kind: 'veto', reason: '发生重大安全生产责任事故', created_at: 'x', honour_key: null, level_rank: null, occurred_on: null, closed_on: null })
      .execute();
    await app.call('computeCycle', { cycleId });
    const env = await app.dispatch('adjustGrade', { cycleId, subjectKey: `unit:${units['东山乡']}`, toGrade: '良好', reason: '综合研判后调整' });
    expect(env).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!env.ok) expect(env.error.message).toContain('一票否决');
  });

  it('issues a feedback letter into the documents folder and the register', async () => {
    const doc = await app.call('generateFeedbackLetter', { cycleId, unitId: units['河西镇']! });
    expect(fs.existsSync(doc.filePath)).toBe(true);
    expect(fs.statSync(doc.filePath).size).toBeGreaterThan(5000);
    expect(doc.docNumber).toBe('考核办函〔2026〕1号');
    const docs = await app.call('listDocuments', { cycleId });
    expect(docs.map((d) => d.unitName)).toEqual(['河西镇']);
  });

  it('audits every change with the acting user', async () => {
    const actions = await app.ctx.db.selectFrom('audit_log').select('action').distinct().execute();
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['cycle.create', 'category.create', 'unit.create', 'indicator.create', 'score.set', 'compute.full', 'grade.adjust', 'document.issue']));
    const nullUsers = await app.ctx.db.selectFrom('audit_log').select('id').where('user_id', 'is', null).execute();
    expect(nullUsers).toEqual([]);
  });
});
