// The facts the engine's output carries (flags with figures, restrictions,
// group quotas, dependencies) and the grading corrections, hand-computed.
import { describe, expect, it } from 'vitest';
import { gradeRulesSchema, type GradeRules } from '../../shared/domain.ts';
import { runChecks } from '../../shared/engine/checks.ts';
import { categoryDependencies, compute } from '../../shared/engine/compute.ts';
import { flagText } from '../../shared/engine/flags.ts';
import type { EngineOutput, SubjectResult } from '../../shared/engine/types.ts';
import { validateInput } from '../../shared/engine/validate.ts';
import { PlanBuilder, settings } from './engine-builder.ts';

const named = (b: PlanBuilder, out: EngineOutput) => new Map(out.results.map((r) => [b.input.subjects.find((s) => s.key === r.subjectKey)!.name, r]));
const codes = (r: SubjectResult) => r.flags.map((f) => f.code);

/** Units with the given totals in one 100-point leaf; 党建 (DJ, 10 points) is 8 for everyone unless told. */
function units(totals: number[], grading: Partial<GradeRules> = {}, dj: number[] = []) {
  const b = new PlanBuilder();
  const cat = b.category('一类乡镇', 'unit', settings('unit', {}, grading));
  const sj = b.component(cat, 'SJ', 'indicators');
  const djc = b.component(cat, 'DJ', 'indicators');
  const i = b.indicator(cat, sj, null, '实绩', 90);
  const d = b.indicator(cat, djc, null, '党建', 10);
  const keys = totals.map((t, n) => {
    const k = b.subject(cat, `单位${n + 1}`);
    const dv = dj[n] ?? 8;
    b.cell(i, k, t - dv).cell(d, k, dv);
    return k;
  });
  return { b, cat, keys };
}

describe('a tie across the top-grade quota boundary', () => {
  // 5 units, 40% → 2 places; 单位2 and 单位3 share rank 2 across the boundary
  const totals = [95, 90, 90, 86, 70];

  it('committee: all the tied are flagged and provisionally at the next grade', () => {
    const { b, keys } = units(totals, { topQuotaPercent: 40 });
    const out = compute(b.input);
    const r = named(b, out);
    expect(r.get('单位1')!.grade).toMatchObject({ grade: '优秀', rule: 'quota' });
    for (const n of ['单位2', '单位3']) {
      expect(r.get(n)!.grade).toMatchObject({ grade: '良好', rule: 'tie_at_quota' });
      expect(r.get(n)!.grade.note).toBe('排名第2位，2个对象并列争“优秀”名额2个（5人×40%=2个）中剩余的1个，暂定为“良好”，由考核委员会确定');
      expect(r.get(n)!.flags).toEqual([{ code: 'tie_at_quota', figures: { places: 2, tied: 2, rank: 2, grade: '优秀', boundary: 'top' } }]);
      expect(flagText(r.get(n)!.flags[0]!)).toBe('名额边界并列，由考核委员会确定');
    }
    expect(r.get('单位4')!.grade.grade).toBe('良好');
    expect(out.groups).toHaveLength(1);
    expect(out.groups[0]).toMatchObject({ groupKey: 'all', size: 5, tiedAtBoundary: [keys[1], keys[2]], top: { places: 2, given: 1, exact: 2, basis: 'percent', percent: 40 } });
  });

  it('all: the tied all get the top grade, and the note says the quota is exceeded', () => {
    const { b } = units(totals, { topQuotaPercent: 40, tieAtQuota: 'all' });
    const out = compute(b.input);
    const r = named(b, out);
    expect(['单位1', '单位2', '单位3', '单位4'].map((n) => r.get(n)!.grade.grade)).toEqual(['优秀', '优秀', '优秀', '良好']);
    expect(r.get('单位2')!.grade.note).toContain('并列者均评为“优秀”，共3个，超出名额1个');
    expect(r.get('单位2')!.flags).toEqual([]);
    expect(out.groups[0]!.top.given).toBe(3);
  });

  it('a tie entirely inside the quota, or one the tie-break separates, is left alone', () => {
    const inside = units([95, 95, 90, 86, 70], { topQuotaPercent: 40 });
    const r = named(inside.b, compute(inside.b.input));
    expect(['单位1', '单位2', '单位3'].map((n) => r.get(n)!.grade.grade)).toEqual(['优秀', '优秀', '良好']);
    expect([...r.values()].flatMap(codes)).toEqual([]);
    // same totals, but 单位3 has more 党建: the tie-break decides, nothing is tied
    const broken = units(totals, { topQuotaPercent: 40, tieBreak: ['DJ'] }, [8, 8, 9, 8, 8]);
    const out = compute(broken.b.input);
    const rb = named(broken.b, out);
    expect(['单位1', '单位2', '单位3'].map((n) => rb.get(n)!.grade.grade)).toEqual(['优秀', '良好', '优秀']);
    expect(out.groups[0]!.tiedAtBoundary).toEqual([]);
  });

  it('the bottom quota boundary: committee flags the tied, all gives them the bottom grade', () => {
    // 5 units, at least 20% → 1 place at the bottom; 单位4 and 单位5 tie at 70
    const c = units([95, 90, 86, 70, 70], { bottomQuotaPercent: 20 });
    const out = compute(c.b.input);
    const r = named(c.b, out);
    for (const n of ['单位4', '单位5']) {
      expect(r.get(n)!.grade).toMatchObject({ grade: '一般', rule: 'tie_at_quota' });
      expect(r.get(n)!.grade.note).toContain('是否定为“较差”由考核委员会确定');
      expect(r.get(n)!.flags[0]).toEqual({ code: 'tie_at_quota', figures: { places: 1, tied: 2, rank: 4, grade: '较差', boundary: 'bottom' } });
    }
    expect(out.groups[0]!.bottom).toMatchObject({ grade: '较差', places: 1, given: 0 });
    const a = units([95, 90, 86, 70, 70], { bottomQuotaPercent: 20, tieAtQuota: 'all' });
    const outA = compute(a.b.input);
    const ra = named(a.b, outA);
    expect(['单位4', '单位5'].map((n) => ra.get(n)!.grade)).toEqual([
      expect.objectContaining({ grade: '较差', rule: 'bottom_quota' }),
      expect.objectContaining({ grade: '较差', rule: 'bottom_quota' }),
    ]);
    expect(ra.get('单位4')!.grade.note).toContain('共2个，超出1个');
    expect(outA.groups[0]!.bottom!.given).toBe(2);
  });
});

describe('the bottom-grade quota and subjects already at the bottom', () => {
  // 5 units, at least 20% → 1; 单位2 is vetoed (较差 by veto)
  function vetoed(countsForced: boolean) {
    const { b, keys } = units([95, 90, 86, 82, 75], { bottomQuotaPercent: 20, bottomQuotaCountsForced: countsForced });
    b.event(keys[1]!, 'veto', { reason: '发生重大安全生产责任事故' });
    return { b, out: compute(b.input) };
  }

  it('counts the vetoed towards it by default', () => {
    const { b, out } = vetoed(true);
    const r = named(b, out);
    expect(r.get('单位2')!.grade).toMatchObject({ grade: '较差', rule: 'veto' });
    expect(r.get('单位5')!.grade).toMatchObject({ grade: '一般', rule: 'default' });
    expect(out.groups[0]!.bottom).toMatchObject({ places: 1, given: 1, note: '5人×20%=1个' });
  });

  it('does not count them when the plan says so: the last ranked gets it as well', () => {
    const { b, out } = vetoed(false);
    const r = named(b, out);
    expect(r.get('单位2')!.grade.rule).toBe('veto');
    expect(r.get('单位5')!.grade).toMatchObject({ grade: '较差', rule: 'bottom_quota', note: '排名第5位，按末位不少于20%（1个）的规定定为“较差”' });
    expect(out.groups[0]!.bottom).toMatchObject({ places: 1, given: 1 });
    expect(out.groups[0]!.bottom!.note).toContain('不计入');
  });
});

describe('vote-share rules', () => {
  function cadre(votes: { group: number; valid: number; votes: Record<string, number> }[], grading: Partial<GradeRules> = {}) {
    const b = new PlanBuilder();
    const cat = b.category('部门正职', 'cadre', settings('cadre', {}, grading));
    b.component(cat, 'CP', 'democratic');
    b.input.raterGroups.push({ id: 900, name: '班子成员', weight: 1 }, { id: 901, name: '中层干部', weight: 1 });
    const k = b.subject(cat, '某某', 'cadre');
    for (const v of votes) b.input.ballots.push({ subjectKey: k, raterGroupId: v.group, expected: v.valid, present: v.valid, valid: v.valid, invalid: 0, votes: v.votes });
    return compute(b.input).results[0]!;
  }

  it('computes each share from the counts, not by adding rounded shares', () => {
    // 优秀 1, 称职 1, 基本称职 1 of 3: 优秀+称职 = 2/3 exactly, not below two thirds;
    // the rounded shares 0.3333 + 0.3333 = 0.6666 would be
    const r = cadre([
      { group: 900, valid: 2, votes: { 优秀: 1, 称职: 1 } },
      { group: 901, valid: 1, votes: { 基本称职: 1 } },
    ]);
    const fit = r.components[0]!.democratic!;
    expect(fit.shares['优秀']! + fit.shares['称职']!).toBeLessThan(2 / 3); // what adding rounded shares would compare
    const rules = r.flags.filter((f) => f.code === 'vote_rule').map((f) => f.figures.label);
    expect(rules).toEqual(['不宜提拔']); // 1/3 < 1/2; no 诫勉, no 不称职人选
  });

  it('applies several rules at once, with their figures', () => {
    const r = cadre([{ group: 900, valid: 30, votes: { 优秀: 5, 称职: 10, 基本称职: 4, 不称职: 11 } }]);
    const v = r.flags.filter((f) => f.code === 'vote_rule');
    expect(v.map((f) => f.figures)).toEqual([
      { label: '不称职人选', levels: '不称职', share: 11 / 30, limit: 1 / 3, op: 'above', votes: 11, valid: 30 },
      { label: '不宜提拔', levels: '优秀', share: 5 / 30, limit: 1 / 2, op: 'below', votes: 5, valid: 30 },
      { label: '诫勉', levels: '优秀+称职', share: 15 / 30, limit: 2 / 3, op: 'below', votes: 15, valid: 30 },
    ]);
    expect(v.map(flagText)).toEqual(['“不称职”票 36.67% 超过33.33%，应作为不称职人选研究', '“优秀”票 16.67% 不足50%，不宜提拔', '“优秀+称职”票 50% 不足66.67%，诫勉']);
  });

  it('reads the old object form of stored settings as two rules', () => {
    const base = { grades: ['优秀', '称职', '基本称职', '不称职'], topQuotaPercent: 20 };
    const old = gradeRulesSchema.parse({ ...base, voteRules: { unfitLevel: '不称职', unfitAbove: 0.3, fitLevels: ['优秀', '称职'] } });
    expect(old.voteRules).toEqual([
      { levels: ['不称职'], op: 'above', share: 0.3, label: '不称职人选' },
      { levels: ['优秀', '称职'], op: 'below', share: 2 / 3, label: '诫勉' },
    ]);
    expect(gradeRulesSchema.parse(base)).toMatchObject({ voteRules: [], componentFlags: [], tieAtQuota: 'committee', bottomQuotaCountsForced: true });
  });

  it('refuses a rule on a level the evaluation does not have', () => {
    const b = new PlanBuilder();
    const cat = b.category('部门正职', 'cadre', settings('cadre', {}, { voteRules: [{ levels: ['优'], op: 'below', share: 0.5, label: '不宜提拔' }] }));
    b.component(cat, 'CP', 'democratic');
    expect(validateInput(b.input).join()).toContain('测评票规则“不宜提拔”引用了民主测评中没有的等次“优”');
  });
});

describe('component flags', () => {
  it('flags a component below its threshold, not at it', () => {
    const b = new PlanBuilder();
    const cat = b.category('乡镇正职', 'cadre', settings('cadre', {}, { componentFlags: [{ component: 'ZZ', below: 80, label: '重点考察' }], voteRules: [] }));
    const zz = b.component(cat, 'ZZ', 'indicators', { name: '政治素质' });
    const i = b.indicator(cat, zz, null, '政治素质', 100);
    const x = b.subject(cat, '甲', 'cadre');
    const y = b.subject(cat, '乙', 'cadre');
    b.cell(i, x, 75).cell(i, y, 80);
    const r = named(b, compute(b.input));
    expect(r.get('甲')!.flags).toEqual([{ code: 'component_threshold', figures: { label: '重点考察', component: '政治素质', code: 'ZZ', score: 75, below: 80 } }]);
    expect(flagText(r.get('甲')!.flags[0]!)).toBe('“政治素质”80分以下（75），重点考察');
    expect(r.get('乙')!.flags).toEqual([]);
  });

  it('refuses a flag on a component that does not exist', () => {
    const b = new PlanBuilder();
    b.category('乡镇正职', 'cadre', settings('cadre', {}, { componentFlags: [{ component: 'ZZ', below: 80, label: '重点考察' }] }));
    expect(validateInput(b.input).join()).toContain('单项标记“重点考察”引用了不存在的考核构成“ZZ”');
  });
});

describe('sums compared as decimals', () => {
  function weights(ws: number[]) {
    const b = new PlanBuilder();
    const cat = b.category('一类', 'unit');
    ws.forEach((w, n) => {
      const c = b.component(cat, `C${n}`, 'indicators', { weight: w, normalizeTo100: true });
      b.indicator(cat, c, null, `指标${n}`, 10);
    });
    return b.input;
  }

  it('weights: 60 + 40 and 33.3 + 33.3 + 33.4 are 100; 60 + 39.99 and 33.33 × 3 are not', () => {
    expect(validateInput(weights([60, 40]))).toEqual([]);
    expect(validateInput(weights([33.3, 33.3, 33.4]))).toEqual([]);
    expect(validateInput(weights([60, 39.99])).join()).toContain('权重合计为 99.99%');
    expect(validateInput(weights([33.33, 33.33, 33.33])).join()).toContain('权重合计为 99.99%');
    const w = runChecks(weights([33.33, 33.33, 33.33])).filter((c) => c.code === 'weights_sum');
    expect(w).toMatchObject([{ kind: 'weights', figures: { sum: 99.99, components: 3 } }]);
    expect(runChecks(weights([10.1, 20.2, 69.7])).filter((c) => c.code === 'weights_sum')).toEqual([]);
  });

  it('points: children 0.1 + 0.2 equal a parent of 0.3; 33.33 × 3 does not equal 100', () => {
    const b = new PlanBuilder();
    const cat = b.category('一类', 'unit');
    const c = b.component(cat, 'SJ', 'indicators');
    const small = b.indicator(cat, c, null, '小项', 0.3);
    b.indicator(cat, c, small, '甲', 0.1);
    b.indicator(cat, c, small, '乙', 0.2);
    const big = b.indicator(cat, c, null, '大项', 100);
    for (const n of ['甲', '乙', '丙']) b.indicator(cat, c, big, n, 33.33);
    const p = runChecks(b.input).filter((x) => x.code === 'points_sum');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ kind: 'points', indicatorId: big, figures: { full: 100, sum: 99.99, children: 3 } });
    expect(p[0]!.message).toContain('下级指标合计 99.99 分');
  });

  it('the spread check carries its figures', () => {
    const b = new PlanBuilder();
    const cat = b.category('一类', 'unit');
    const c = b.component(cat, 'SJ', 'indicators');
    const i = b.indicator(cat, c, null, '职能', 10);
    b.input.indicators.find((x) => x.id === i)!.departmentId = 3;
    b.input.departments = [{ id: 3, name: '发改局' }];
    const x = b.subject(cat, '甲');
    const y = b.subject(cat, '乙');
    b.cell(i, x, 9.8).cell(i, y, 9.5);
    expect(runChecks(b.input).find((k) => k.code === 'spread')).toMatchObject({ kind: 'spread', indicatorId: i, figures: { spread: 0.03, min: 9.5, max: 9.8, full: 10, minSpread: 0.3, count: 2 } });
    // 7 to 10 of 10 is a spread of exactly 30%: not below 30%
    b.input.scores = [];
    b.cell(i, x, 10).cell(i, y, 7);
    expect(runChecks(b.input).filter((k) => k.code === 'spread')).toEqual([]);
  });
});

describe('a component citing another cycle with no result', () => {
  it('counts as missing data and is flagged, never a silent 0', () => {
    const b = new PlanBuilder();
    const cat = b.category('班子', 'unit');
    b.component(cat, 'ZH', 'external', { weight: 80, name: '综合考核', source: { cycleId: 7 } });
    const other = b.component(cat, 'CP', 'indicators', { weight: 20, normalizeTo100: true });
    const i = b.indicator(cat, other, null, '测评', 100);
    const u = b.subject(cat, '甲');
    b.cell(i, u, 90);
    const r = compute(b.input).results[0]!;
    expect(r.total).toBe(18);
    expect(r.missingCount).toBe(1);
    expect(r.flags).toEqual([
      { code: 'missing_data', figures: { count: 1 } },
      { code: 'external_missing', figures: { component: '综合考核', source: 7 } },
    ]);
    expect(r.flags.map(flagText)).toEqual(['缺数据1项', '引用的“综合考核”尚未计算']);
    expect(r.components[0]!.note).toContain('暂按0分计');
  });
});

describe('events: restrictions and one flag per event', () => {
  it('gives one flag per sanction, with its type', () => {
    const b = new PlanBuilder();
    const cat = b.category('乡镇副职', 'cadre', settings('cadre', {}, { voteRules: [] }));
    const cp = b.component(cat, 'PS', 'indicators');
    const i = b.indicator(cat, cp, null, '平时', 100);
    const k = b.subject(cat, '甲', 'cadre');
    b.cell(i, k, 90);
    b.event(k, 'sanction', { type: '记过', reason: '受记过处分' }).event(k, 'sanction', { type: '警告', reason: '受警告处分' });
    const [e1, e2] = b.input.events;
    const r = compute(b.input).results[0]!;
    expect(r.flags).toEqual([
      { code: 'sanction', figures: { eventId: e1!.id, type: '记过', reason: '受记过处分' } },
      { code: 'sanction', figures: { eventId: e2!.id, type: '警告', reason: '受警告处分' } },
      { code: 'undetermined', figures: {} },
    ]);
    expect(r.flags.map(flagText)).toEqual(['受处分（记过）', '受处分（警告）', '不确定等次']);
    // 记过 is heavier than 警告: it decides
    expect(r.restriction).toEqual({ kind: 'forced', grade: '不确定等次', rule: 'sanction', reason: '受记过处分（记过），当年不确定等次', eventId: e1!.id });
  });

  it('a veto and a not-top veto as restrictions', () => {
    const { b, keys } = units([95, 90, 86, 82, 75]);
    b.event(keys[0]!, 'veto_top', { reason: '发生较大安全生产事故' }).event(keys[4]!, 'veto', { reason: '违反换届纪律' });
    const [top, veto] = b.input.events;
    const r = named(b, compute(b.input));
    expect(r.get('单位1')!.restriction).toEqual({ kind: 'not_top', grade: null, rule: 'veto_top', reason: '一票否优：发生较大安全生产事故，不得评为“优秀”', eventId: top!.id });
    expect(r.get('单位1')!.flags).toEqual([{ code: 'veto_top', figures: { eventId: top!.id, reason: '发生较大安全生产事故' } }]);
    expect(r.get('单位5')!.restriction).toEqual({ kind: 'forced', grade: '较差', rule: 'veto', reason: '一票否决：违反换届纪律，定为“较差”', eventId: veto!.id });
    expect(r.get('单位5')!.grade).toEqual({ grade: '较差', rule: 'veto', note: '一票否决：违反换届纪律，定为“较差”' });
    expect(r.get('单位2')!.restriction).toBeNull();
  });
});

describe('quota notes', () => {
  it('no places: says there is no top grade, never “名额0个已满”', () => {
    const { b } = units([95, 90, 86, 82]); // 4 × 20% = 0.8 → 0
    const out = compute(b.input);
    expect(out.groups[0]!.top).toEqual({ grade: '优秀', places: 0, basis: 'percent', percent: 20, exact: 0.8, rounding: 'floor', given: 0, note: '4人×20%=0.8，向下取整为0个，无“优秀”名额' });
    const r = named(b, out);
    expect(r.get('单位1')!.grade).toEqual({ grade: '良好', rule: 'band', note: '4人×20%=0.8，向下取整为0个，无“优秀”名额；总分 95 ≥ 80，定为“良好”' });
    for (const x of out.results) expect(x.grade.note).not.toMatch(/名额0个/);
  });

  it('the give-way note counts everyone ranked ahead who did not get the grade', () => {
    // 10 units, 20% → 2 places; 单位1 not-top, 单位2 below the 党建 minimum, 单位3 vetoed
    const { b, keys } = units([98, 96, 94, 92, 90, 88, 86, 84, 82, 80], { topMinComponent: { component: 'DJ', min: 8 } }, [9, 7]);
    b.event(keys[0]!, 'veto_top', { reason: '发生较大安全生产事故' }).event(keys[2]!, 'veto', { reason: '违反换届纪律' });
    const out = compute(b.input);
    const r = named(b, out);
    expect(['单位4', '单位5'].map((n) => r.get(n)!.grade.grade)).toEqual(['优秀', '优秀']);
    expect(r.get('单位5')!.grade.note).toBe('排名第5位，在“优秀”名额2个（10人×20%=2个）之内，排名在前的3个对象不符合条件（否决或处分定等1个、不得评优1个、单项未达线1个），依次递补');
    expect(r.get('单位6')!.grade.note).toBe('排名第6位，“优秀”名额2个（10人×20%=2个）已满；总分 88 ≥ 80，定为“良好”');
    expect(out.groups[0]!.top).toMatchObject({ places: 2, given: 2, exact: 2, note: '10人×20%=2个' });
  });

  it('12 × 20% = 2.4, rounded as the plan says', () => {
    const totals = Array.from({ length: 12 }, (_, n) => 98 - n);
    expect(compute(units(totals).b.input).groups[0]!.top).toMatchObject({ places: 2, exact: 2.4, note: '12人×20%=2.4，向下取整为2个' });
    expect(compute(units(totals, { rounding: 'ceil' }).b.input).groups[0]!.top).toMatchObject({ places: 3, note: '12人×20%=2.4，向上取整为3个' });
  });
});

describe('linkage (三个挂钩) in the group quotas', () => {
  function linked(compareWithin: 'unit' | 'category', linkage: Record<string, number>) {
    const b = new PlanBuilder();
    const units = b.category('乡镇', 'unit', settings('unit', {}, { topQuotaPercent: 50, topMinTotal: 0 }));
    const us = b.component(units, 'SJ', 'indicators');
    const ui = b.indicator(units, us, null, '实绩', 100);
    const good = b.subject(units, '甲镇');
    const weak = b.subject(units, '乙镇');
    b.cell(ui, good, 95).cell(ui, weak, 80);
    const cadres = b.category('乡镇干部', 'cadre', settings('cadre', {}, { compareWithin, linkage, topMinTotal: 0, voteRules: [] }));
    const cs = b.component(cadres, 'PS', 'indicators');
    const ci = b.indicator(cadres, cs, null, '平时', 100);
    const keys: string[] = [];
    for (const [unitKey, prefix] of [[good, '甲'], [weak, '乙']] as const) {
      for (let n = 0; n < 5; n++) {
        const k = b.subject(cadres, `${prefix}${n + 1}`, 'cadre', { unitKey, post: 'deputy' });
        keys.push(k);
        b.cell(ci, k, 90 - n);
      }
    }
    return { b, units, cadres, good, weak, keys };
  }

  it('deputies within their team: one group per unit, with the unit grade behind the percentage', () => {
    const { b, cadres, good, weak } = linked('unit', { 优秀: 40, 良好: 20 });
    const out = compute(b.input);
    const g = out.groups.filter((x) => x.categoryId === cadres);
    expect(g.map((x) => x.groupKey)).toEqual([good, weak]);
    expect(g[0]).toMatchObject({ size: 5, top: { places: 2, basis: 'linkage', percent: 40, exact: 2, given: 2 }, linkage: [{ unitKey: good, unitGrade: '优秀', percent: 40 }] });
    expect(g[1]!.top.note).toBe('所在单位为“良好”，比例 20%：5人×20%=1个');
    expect(out.results.find((r) => r.kind === 'cadre' && r.groupKey === weak)).toBeDefined();
    expect(out.results.filter((r) => r.kind === 'unit').every((r) => r.groupKey === 'all')).toBe(true);
  });

  it('compared across the category: the percentages summed per member', () => {
    const { b, cadres, good, weak, keys } = linked('category', { 优秀: 40, 良好: 20 });
    const g = compute(b.input).groups.find((x) => x.categoryId === cadres)!;
    // 5 × 40% + 5 × 20% = 300% → 3 places; 甲1 and 乙1 share 90, 甲2 and 乙2 share 89 across the boundary
    expect(g.top).toMatchObject({ places: 3, basis: 'linkage', percent: 300, exact: 3, given: 2, note: '按各人所在单位等次对应比例合计 300%：300%÷100=3个' });
    expect(g.tiedAtBoundary).toEqual([keys[1], keys[6]]);
    expect(g.linkage).toHaveLength(10);
    expect(g.linkage!.slice(4, 6)).toEqual([
      { unitKey: good, unitGrade: '优秀', percent: 40 },
      { unitKey: weak, unitGrade: '良好', percent: 20 },
    ]);
  });
});

describe('category dependencies', () => {
  it('linkage reads the units’ categories; external components cite other cycles', () => {
    const b = new PlanBuilder();
    const unitsA = b.category('乡镇', 'unit');
    const unitsB = b.category('部门', 'unit');
    b.component(unitsA, 'ZH', 'external', { source: { cycleId: 9 } });
    b.component(unitsA, 'ZH2', 'external', { source: { cycleId: 3, componentCode: 'SJ' } });
    const linkedCat = b.category('正职', 'cadre', settings('cadre', {}, { linkage: { 优秀: 30 } }));
    const plain = b.category('副职', 'cadre');
    const u1 = b.subject(unitsA, '甲镇');
    const u2 = b.subject(unitsB, '发改局');
    b.subject(linkedCat, '书记', 'cadre', { unitKey: u1 });
    b.subject(linkedCat, '局长', 'cadre', { unitKey: u2 });
    b.subject(plain, '副镇长', 'cadre', { unitKey: u1 });
    expect(categoryDependencies(b.input)).toEqual([
      { categoryId: unitsA, onCategories: [], onCycles: [3, 9] },
      { categoryId: unitsB, onCategories: [], onCycles: [] },
      { categoryId: linkedCat, onCategories: [unitsA, unitsB], onCycles: [] },
      { categoryId: plain, onCategories: [], onCycles: [] },
    ]);
    // an incremental run of the cadre categories only: the loader says where the units are
    const cadreOnly = { ...b.input, subjects: b.input.subjects.filter((s) => s.kind === 'cadre'), unitCategories: { [u1]: unitsA, [u2]: unitsB } };
    expect(categoryDependencies(cadreOnly).find((d) => d.categoryId === linkedCat)!.onCategories).toEqual([unitsA, unitsB]);
    expect(compute(b.input, { categories: new Set([linkedCat]) }).dependencies).toEqual([{ categoryId: linkedCat, onCategories: [unitsA, unitsB], onCycles: [] }]);
  });
});

describe('flag texts', () => {
  it('renders every code', () => {
    expect(flagText({ code: 'missing_data', figures: { count: 3 } })).toBe('缺数据3项');
    expect(flagText({ code: 'veto', figures: { eventId: 1, reason: 'x' } })).toBe('一票否决');
    expect(flagText({ code: 'veto_top', figures: { eventId: 1, reason: 'x' } })).toBe('一票否优');
    expect(flagText({ code: 'sanction', figures: { eventId: 1, type: '', reason: 'x' } })).toBe('受处分');
    expect(flagText({ code: 'sanction_carried', figures: { eventId: -1, type: '记大过', reason: 'x' } })).toBe('上年处分影响');
    expect(flagText({ code: 'investigation', figures: { eventId: 1, reason: 'x' } })).toBe('立案审查');
    expect(flagText({ code: 'undetermined', figures: {} })).toBe('不确定等次');
    expect(flagText({ code: 'vote_rule', figures: { label: '不称职人选', levels: '不称职', share: 0.4, limit: 1 / 3, op: 'above' } })).toBe('“不称职”票 40% 超过33.33%，应作为不称职人选研究');
  });
});
