// The example plan (docs/examples/plan-example.json) imported into a real
// SQLite file and computed: totals and grades checked by hand for two units.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan, importPlanFile } from '../../electron/core/import/import-plan.ts';
import { CADRE_FIXTURE, EXAMPLE_JSON, computeResults, openTempDb, readJson, rowCounts, type ResultLine, type TempDb } from './helpers.ts';

let db: TempDb;
let cycleId: number;
let results: Map<string, ResultLine>;

beforeAll(async () => {
  db = await openTempDb();
  const r = await importPlan(db.ctx, readJson(EXAMPLE_JSON), 'plan-example.json');
  cycleId = r.cycleId;
  results = await computeResults(db.ctx, cycleId);
});
afterAll(() => db.close());

describe('the example plan', () => {
  it('writes every part of the plan, with the codes generated from the nesting', async () => {
    expect(rowCounts(db.ctx)).toMatchObject({
      cycles: 1, departments: 8, categories: 2, components: 7, indicators: 22, units: 6, cadres: 0, rater_groups: 3,
      assessment_groups: 2, group_members: 5, group_units: 6, score_entries: 48, eval_ballots: 18, events: 7,
    });
    const codes = await db.ctx.db
      .selectFrom('indicators')
      .innerJoin('categories', 'categories.id', 'indicators.category_id')
      .select(['indicators.code', 'indicators.parent_id', 'indicators.method'])
      .where('categories.name', '=', '乡镇')
      .orderBy('indicators.id')
      .execute();
    expect(codes.map((c) => c.code)).toEqual(['1', '2', '3', '1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '3.2', '1.2.1', '1.2.2']);
    expect(codes.filter((c) => c.method === null).map((c) => c.code)).toEqual(['1', '2', '3', '1.2']);
    const routine = await db.ctx.db.selectFrom('indicators').select('code').where('code', 'like', 'Q%').orderBy('code').execute();
    expect(routine.map((r) => r.code)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    const cycle = await db.ctx.db.selectFrom('cycles').selectAll().executeTakeFirstOrThrow();
    expect(cycle).toMatchObject({ name: '2025年度综合考核', year: 2025, organ: '中共云溪县委组织部', status: 'collecting' });
  });

  it('records one audit entry for the whole import', async () => {
    const audit = await db.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'plan.import').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ source: 'plan-example.json', units: 6, scoreEntries: 48 });
    expect(audit[0]!.cycle_id).toBe(cycleId);
  });

  it('城关镇: 实绩 96.5 × 70%, 民主测评 94.26 × 30%, 加分 3 → 98.83, 优秀', () => {
    // 实绩 (tree of 100 points):
    //   1.1 GDP 7.2% ≥ 6.5% → 15; 1.2.1 104/100 capped at 1 → 10; 1.2.2 82 ≥ 80 → 5 × 1 = 5;
    //   1.3 12.5 is 2nd of (12.5, 9.8, 15.1) → 10 − 1.5 = 8.5; 2.1 direct 14; 2.2 15 − 1 = 14;
    //   3.1 “好” → 20; 3.2 96.3 ≥ 95 → 10.  Sum 96.5; × 70% = 67.55
    // 民主测评: 县领导 (11 + 3×0.8)/14 = 0.957143, 班子 (28 + 8×0.8 + 1×0.6)/37 = 0.945946,
    //   服务对象 (20 + 8×0.8 + 2×0.6)/30 = 0.92; weighted (40, 30, 30) = 0.942641 → 94.2641 × 30% = 28.2792
    // 加减分: 省级文明乡镇 2 (the 市级 one of the same honour does not count) + 争先创优 1 = 3
    const r = results.get('XZ01')!;
    expect(r.components).toEqual({ 实绩考核: 67.55, 民主测评: 28.2792, 加减分: 3 });
    expect(r.total).toBeCloseTo(67.55 + 28.2792 + 3, 4);
    expect(r.rank).toBe(1);
    expect(r.grade).toBe('优秀');
  });

  it('县财政局: 实绩 98 × 60%, 民主测评 95.05 × 20%, 平时 97.5 × 20%, 加分 2 → 99.31, 优秀', () => {
    // 实绩: 1.1 103/100 capped → 40; 1.2 95.1 is the best → 20; 2.1 direct 24; 2.2 15 − 1 = 14. Sum 98 × 60% = 58.8
    // 民主测评: (12 + 3×0.8)/15 = 0.96, (29 + 7×0.8 + 0.6)/37 = 0.951351, (14 + 4×0.8 + 0.6)/19 = 0.936842
    //   weighted 0.950458 → 95.0458 × 20% = 19.0092
    // 平时: 24.5 + 24 + 24 + 25 = 97.5 × 20% = 19.5; 加分: 省级先进集体 2
    const r = results.get('BM02')!;
    expect(r.components).toEqual({ 职能工作: 58.8, 民主测评: 19.0092, 平时考核: 19.5, 加减分: 2 });
    expect(r.total).toBeCloseTo(99.3092, 4);
    expect(r.rank).toBe(1);
    expect(r.grade).toBe('优秀');
  });

  it('ranks and grades within each category under its settings', () => {
    const line = (code: string) => [results.get(code)!.rank, results.get(code)!.grade];
    // 34% of 3 rounded down: one 优秀 per category; 良好 from 80; below: 一般
    expect(['XZ01', 'XZ02', 'XZ03'].map(line)).toEqual([[1, '优秀'], [2, '良好'], [3, '一般']]);
    expect(['BM02', 'BM01', 'BM03'].map(line)).toEqual([[1, '优秀'], [2, '良好'], [3, '良好']]);
    expect(results.get('XZ03')!.flags).toContain('一票否优');
    expect(results.get('XZ02')!.components['加减分']).toBe(-1);
  });

  it('a second import makes a second cycle, never merging into the first', async () => {
    const again = await importPlan(db.ctx, readJson(EXAMPLE_JSON), 'plan-example.json');
    expect(again.cycleId).not.toBe(cycleId);
    expect(rowCounts(db.ctx)).toMatchObject({ cycles: 2, units: 12, score_entries: 96 });
    const second = await computeResults(db.ctx, again.cycleId);
    expect(second.get('XZ01')!.total).toBe(results.get('XZ01')!.total);
  });
});

describe('cadres', () => {
  let c: TempDb;
  let res: Map<string, ResultLine>;
  beforeAll(async () => {
    c = await openTempDb();
    const r = await importPlanFile(c.ctx, CADRE_FIXTURE);
    expect(r.counts).toMatchObject({ categories: 3, units: 2, cadres: 5, ballots: 10, events: 1 });
    res = await computeResults(c.ctx, r.cycleId);
  });
  afterAll(() => c.close());

  it('imports cadres with their unit, post and ballots, and grades them', async () => {
    const rows = await c.ctx.db.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id').select(['cadres.code', 'cadres.post', 'units.code as unit']).orderBy('cadres.code').execute();
    expect(rows.map((r) => `${r.code}:${r.post}:${r.unit}`)).toEqual(['GB01:head:XZ01', 'GB02:deputy:XZ01', 'GB03:deputy:XZ01', 'GB04:head:XZ02', 'GB05:deputy:XZ02']);
    // GB01: 民主测评 (7 + 0.8)/8 = 0.975 and (8 + 1.6)/10 = 0.96 → 96.75 × 60% = 58.05; 平时 95 × 40% = 38
    expect(res.get('GB01')).toMatchObject({ total: 96.05, grade: '优秀' });
    // 记过 → 当年不确定等次 (the default sanction table of cadre categories)
    expect(res.get('GB03')).toMatchObject({ grade: '不确定等次' });
    // the deputy of the same team gets the linked quota (优秀 unit → 50% of 2 deputies)
    expect(res.get('GB02')).toMatchObject({ grade: '优秀' });
    expect(res.get('GB05')!.flags.some((f) => f.includes('不称职'))).toBe(true);
  });
});
