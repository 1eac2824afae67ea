// The engine's rules end to end on small plans, with hand-computed figures.
import { describe, expect, it } from 'vitest';
import { compute } from '../../shared/engine/compute.ts';
import { flagText } from '../../shared/engine/flags.ts';
import { scoreLeaf } from '../../shared/engine/methods.ts';
import { methodSchema } from '../../shared/domain.ts';
import { PlanBuilder, settings } from './engine-builder.ts';

const byName = (b: PlanBuilder, out: ReturnType<typeof compute>) => new Map(out.results.map((r) => [b.input.subjects.find((s) => s.key === r.subjectKey)!.name, r]));

describe('interpolation (插值)', () => {
  const m = methodSchema.parse({ type: 'interpolation', levels: [{ name: 'D', threshold: 60, coef: 0.6 }, { name: 'C', threshold: 80, coef: 0.8 }, { name: 'A', threshold: 100, coef: 1 }] });
  it('is linear between levels and clamped outside', () => {
    expect(scoreLeaf(m, 10, { indicatorId: 1, subjectKey: 'unit:1', value: 90 }, { values: [] }).score).toBeCloseTo(9, 10);
    expect(scoreLeaf(m, 10, { indicatorId: 1, subjectKey: 'unit:1', value: 70 }, { values: [] }).score).toBeCloseTo(7, 10);
    expect(scoreLeaf(m, 10, { indicatorId: 1, subjectKey: 'unit:1', value: 40 }, { values: [] }).score).toBeCloseTo(6, 10);
    expect(scoreLeaf(m, 10, { indicatorId: 1, subjectKey: 'unit:1', value: 120 }, { values: [] }).score).toBe(10);
  });
});

describe('aggregation', () => {
  it('sums the tree, weights components normalised to 100, applies the difficulty', () => {
    const b = new PlanBuilder();
    const cat = b.category('二类乡镇', 'unit', settings('unit'), 0.9);
    const sj = b.component(cat, 'SJ', 'indicators', { weight: 70, normalizeTo100: true, applyDifficulty: true });
    const pj = b.component(cat, 'PJ', 'indicators', { weight: 30, normalizeTo100: true });
    const l1 = b.indicator(cat, sj, null, '经济发展', 40);
    const a = b.indicator(cat, sj, l1, '增长', 20);
    const c = b.indicator(cat, sj, l1, '税收', 20);
    const q = b.indicator(cat, pj, null, '平时', 50);
    const u = b.subject(cat, '石桥镇');
    b.cell(a, u, 18).cell(c, u, 12).cell(q, u, 45);
    const r = compute(b.input).results[0]!;
    // 实绩 30/40 → 75 × 70% × 0.9 = 47.25; 平时 45/50 → 90 × 30% = 27
    expect(r.components.map((x) => x.contribution)).toEqual([47.25, 27]);
    expect(r.total).toBe(74.25);
    expect(r.totalNote).toContain('= 74.25 分');
    expect(r.components[0]!.note).toContain('难度系数 0.9');
  });

  it('composes by multiplier: base × (factor / reference) + bonus', () => {
    const b = new PlanBuilder();
    const cat = b.category('市', 'unit', settings('unit', { multiplier: { base: 'FZ', factor: 'DJ', reference: 80 } }));
    const fz = b.component(cat, 'FZ', 'indicators', { name: '高质量发展' });
    const dj = b.component(cat, 'DJ', 'indicators', { name: '党的建设' });
    b.component(cat, 'JJF', 'bonus', { name: '加减分' });
    const i1 = b.indicator(cat, fz, null, '发展', 100);
    const i2 = b.indicator(cat, dj, null, '党建', 100);
    const u = b.subject(cat, '甲市');
    b.cell(i1, u, 90).cell(i2, u, 88).event(u, 'bonus', { type: '荣誉表彰', points: 2, reason: '全国文明城市' });
    const r = compute(b.input).results[0]!;
    // 90 × 88 / 80 = 99, + 2
    expect(r.total).toBe(101);
    expect(r.totalNote).toContain('乘数计分');
  });

  it('normalises to the best of the category where the plan says so', () => {
    const b = new PlanBuilder();
    const cat = b.category('部门', 'unit', settings('unit', { normalizeToBest: true }));
    const sj = b.component(cat, 'SJ', 'indicators');
    const i = b.indicator(cat, sj, null, '职能', 100);
    const x = b.subject(cat, '甲');
    const y = b.subject(cat, '乙');
    b.cell(i, x, 80).cell(i, y, 60);
    const out = byName(b, compute(b.input));
    expect(out.get('甲')!.total).toBe(100);
    expect(out.get('乙')!.total).toBe(75);
  });

  it('takes a component from another cycle, weighted', () => {
    const b = new PlanBuilder();
    const cat = b.category('班子', 'unit');
    const ext = b.component(cat, 'ZH', 'external', { weight: 80, name: '综合考核' });
    const other = b.component(cat, 'CP', 'indicators', { weight: 20, normalizeTo100: true });
    const i = b.indicator(cat, other, null, '测评', 100);
    const u = b.subject(cat, '甲');
    b.cell(i, u, 90);
    b.input.external = [{ componentId: ext, subjectKey: u, value: 95, source: '“2025年度综合考核”总分' }];
    const r = compute(b.input).results[0]!;
    expect(r.total).toBe(94); // 95 × 80% + 90 × 20%
    expect(r.components[0]!.note).toContain('2025年度综合考核');
  });
});

describe('ranking and grading rules', () => {
  function fiveUnits(grading: Parameters<typeof settings>[2], totals = [96, 92, 90, 85, 70]) {
    const b = new PlanBuilder();
    const cat = b.category('一类', 'unit', settings('unit', {}, grading));
    const sj = b.component(cat, 'SJ', 'indicators');
    const dj = b.component(cat, 'DJ', 'indicators');
    const i = b.indicator(cat, sj, null, '实绩', 90);
    const d = b.indicator(cat, dj, null, '党建', 10);
    const keys = totals.map((t, n) => {
      const k = b.subject(cat, `单位${n + 1}`);
      b.cell(i, k, t - 8).cell(d, k, 8);
      return k;
    });
    return { b, keys, i, d };
  }

  it('breaks ties by the configured component, else shares the rank', () => {
    const { b, keys, i, d } = fiveUnits({ tieBreak: ['DJ'] }, [90, 90, 80, 70, 60]);
    // same total 90: 单位2 has more in 党建
    b.input.scores = b.input.scores.filter((s) => !(s.subjectKey === keys[1] && (s.indicatorId === i || s.indicatorId === d)));
    b.cell(i, keys[1]!, 81).cell(d, keys[1]!, 9);
    const out = byName(b, compute(b.input));
    expect(out.get('单位2')!.rank).toBe(1);
    expect(out.get('单位1')!.rank).toBe(2);
    const { b: b2 } = fiveUnits({}, [90, 90, 80, 70, 60]);
    const out2 = byName(b2, compute(b2.input));
    expect([out2.get('单位1')!.rank, out2.get('单位2')!.rank, out2.get('单位3')!.rank]).toEqual([1, 1, 3]);
  });

  it('a component threshold for the top grade gives way to the next eligible', () => {
    const { b, keys, d } = fiveUnits({ topQuotaPercent: 40, topMinTotal: 80, topMinComponent: { component: 'DJ', min: 8.5 } });
    b.input.scores = b.input.scores.filter((s) => s.indicatorId !== d);
    keys.forEach((k, n) => b.cell(d, k, n === 0 ? 8 : 9));
    const out = byName(b, compute(b.input));
    expect(out.get('单位1')!.grade.grade).toBe('良好');
    expect(out.get('单位1')!.grade.note).toContain('低于');
    expect(out.get('单位2')!.grade.grade).toBe('优秀');
    expect(out.get('单位3')!.grade.grade).toBe('优秀');
    expect(out.get('单位3')!.grade.note).toContain('递补');
  });

  it('gives the bottom grade to at least q% from the bottom', () => {
    const { b } = fiveUnits({ bottomQuotaPercent: 20, rounding: 'ceil', bottomBelowTotal: 60 });
    const out = byName(b, compute(b.input));
    expect(out.get('单位5')!.grade).toMatchObject({ grade: '较差', rule: 'bottom_quota' });
    expect([...out.values()].filter((r) => r.grade.grade === '较差')).toHaveLength(1);
  });

  it('sanctions by their table: the heaviest wins; investigation and carried sanctions leave the grade undetermined', () => {
    const b = new PlanBuilder();
    const cat = b.category('乡镇副职', 'cadre', settings('cadre', {}, { topQuotaPercent: 50, rounding: 'floor' }));
    const cp = b.component(cat, 'PS', 'indicators');
    const i = b.indicator(cat, cp, null, '平时', 100);
    const names = ['甲', '乙', '丙', '丁', '戊', '己'];
    const k = names.map((n) => b.subject(cat, n, 'cadre'));
    k.forEach((key, n) => b.cell(i, key, 98 - n));
    b.event(k[0]!, 'sanction', { type: '警告', reason: '受党内警告处分' });
    b.event(k[1]!, 'sanction', { type: '警告', reason: '受党内警告处分' }).event(k[1]!, 'sanction', { type: '撤职', reason: '受撤职处分' });
    b.event(k[2]!, 'investigation', { reason: '涉嫌违纪被立案审查' });
    b.event(k[3]!, 'sanction', { type: '记大过', reason: '受记大过处分', carried: true });
    const out = byName(b, compute(b.input));
    expect(out.get('甲')!.grade.grade).toBe('称职'); // may not be 优秀
    expect(out.get('乙')!.grade).toMatchObject({ grade: '不称职', rule: 'sanction' });
    expect(out.get('丙')!.grade).toMatchObject({ grade: '不确定等次', rule: 'investigation' });
    expect(out.get('丁')!.grade).toMatchObject({ grade: '不确定等次', rule: 'sanction' });
    expect(out.get('丁')!.flags.map(flagText)).toContain('上年处分影响');
    expect(out.get('乙')!.restriction).toMatchObject({ kind: 'forced', grade: '不称职', rule: 'sanction' });
    expect(out.get('甲')!.restriction).toMatchObject({ kind: 'not_top', grade: null, rule: 'sanction', reason: '受处分：受党内警告处分，不得评为“优秀”' });
    // quota 3 of 6: 戊 and 己 are the only eligible ones
    expect(out.get('戊')!.grade.grade).toBe('优秀');
    expect(out.get('己')!.grade.grade).toBe('优秀');
  });

  it('flags vote shares: 不称职 over a third, 优秀+称职 under two thirds', () => {
    const b = new PlanBuilder();
    const cat = b.category('部门正职', 'cadre');
    b.component(cat, 'CP', 'democratic');
    b.input.raterGroups.push({ id: 900, name: '班子成员', weight: 1 });
    const k = b.subject(cat, '某某', 'cadre');
    b.input.ballots.push({ subjectKey: k, raterGroupId: 900, expected: 30, present: 30, valid: 30, invalid: 0, votes: { 优秀: 5, 称职: 10, 基本称职: 4, 不称职: 11 } });
    const r = compute(b.input).results[0]!;
    const texts = r.flags.map(flagText);
    expect(texts).toContain('“不称职”票 36.67% 超过33.33%，应作为不称职人选研究');
    expect(texts).toContain('“优秀+称职”票 50% 不足66.67%，诫勉');
  });

  it('links cadre quotas to the unit grade, deputies compared within their team', () => {
    const b = new PlanBuilder();
    const units = b.category('乡镇', 'unit', settings('unit', {}, { topQuotaPercent: 50, topMinTotal: 0 }));
    const us = b.component(units, 'SJ', 'indicators');
    const ui = b.indicator(units, us, null, '实绩', 100);
    const good = b.subject(units, '甲镇');
    const weak = b.subject(units, '乙镇');
    b.cell(ui, good, 95).cell(ui, weak, 80);
    const deputies = b.category('乡镇副职', 'cadre', settings('cadre', {}, { compareWithin: 'unit', linkage: { 优秀: 40, 良好: 20 }, rounding: 'floor', topMinTotal: 0 }));
    const ds = b.component(deputies, 'PS', 'indicators');
    const di = b.indicator(deputies, ds, null, '平时', 100);
    for (const [unitKey, prefix] of [[good, '甲'], [weak, '乙']] as const) {
      for (let n = 0; n < 5; n++) {
        const k = b.subject(deputies, `${prefix}${n + 1}`, 'cadre', { unitKey, post: 'deputy' });
        b.cell(di, k, 90 - n);
      }
    }
    const out = byName(b, compute(b.input));
    expect(out.get('甲镇')!.grade.grade).toBe('优秀');
    expect(out.get('乙镇')!.grade.grade).toBe('良好');
    // 40% of 5 = 2 in the excellent town's team, 20% of 5 = 1 in the other
    expect(['甲1', '甲2', '甲3'].map((n) => out.get(n)!.grade.grade)).toEqual(['优秀', '优秀', '称职']);
    expect(['乙1', '乙2'].map((n) => out.get(n)!.grade.grade)).toEqual(['优秀', '称职']);
    expect(out.get('乙1')!.grade.note).toContain('比例 20%');
    // ranks are within each team
    expect(out.get('乙1')!.rank).toBe(1);
    // a committee adjustment of the unit's grade moves the quota with it
    b.input.adjustedGrades = { [weak]: '优秀' };
    const adj = byName(b, compute(b.input));
    expect(['乙1', '乙2'].map((n) => adj.get(n)!.grade.grade)).toEqual(['优秀', '优秀']);
  });

  it('links heads compared across the category: the quota sums their units’ percentages', () => {
    const b = new PlanBuilder();
    const units = b.category('乡镇', 'unit', settings('unit', {}, { topQuotaPercent: 50, topMinTotal: 0, rounding: 'floor' }));
    const us = b.component(units, 'SJ', 'indicators');
    const ui = b.indicator(units, us, null, '实绩', 100);
    const heads = b.category('乡镇正职', 'cadre', settings('cadre', {}, { linkage: { 优秀: 60, 良好: 30 }, rounding: 'floor', topMinTotal: 0 }));
    const hs = b.component(heads, 'PS', 'indicators');
    const hi = b.indicator(heads, hs, null, '平时', 100);
    for (let n = 0; n < 4; n++) {
      const u = b.subject(units, `镇${n + 1}`);
      b.cell(ui, u, 90 - n);
      const h = b.subject(heads, `书记${n + 1}`, 'cadre', { unitKey: u, post: 'head' });
      b.cell(hi, h, 95 - n);
    }
    const out = byName(b, compute(b.input));
    // two towns 优秀 (60% each), two 良好 (30% each): 180% → 1 place, rounded down
    expect([...out.values()].filter((r) => r.kind === 'cadre' && r.grade.grade === '优秀')).toHaveLength(1);
    expect(out.get('书记1')!.grade.note).toContain('合计 180%');
  });
});

describe('explanations', () => {
  it('only the subjects asked for get the full leaf trace', () => {
    const b = new PlanBuilder();
    const cat = b.category('一类', 'unit');
    const sj = b.component(cat, 'SJ', 'indicators');
    const i = b.indicator(cat, sj, null, '经济', 10, methodSchema.parse({ type: 'steps', threshold: 8, unit: 1, rate: 0.5, direction: 'deductBelow' }));
    const x = b.subject(cat, '甲');
    const y = b.subject(cat, '乙');
    b.cell(i, x, 6).cell(i, y, 9);
    const out = compute(b.input, { explain: (k) => k === x }).results;
    const rx = out.find((r) => r.subjectKey === x)!;
    const ry = out.find((r) => r.subjectKey === y)!;
    expect(rx.components[0]!.leaves![0]).toMatchObject({ score: 9, lost: 1, method: 'steps' });
    expect(rx.components[0]!.leaves![0]!.note).toContain('每个扣 0.5 分');
    expect(ry.components[0]!.leaves).toBeUndefined();
    expect(ry.components[0]!.note).toContain('10 / 10 分');
  });
});
