import { describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_GRADE_RULES, type GradeRules } from '../../shared/domain.ts';
import { gradeGroup, rankWithin, topQuota } from '../../shared/engine/grading.ts';
import type { EngineEvent } from '../../shared/engine/types.ts';

const rules: GradeRules = { ...DEFAULT_UNIT_GRADE_RULES, topQuotaPercent: 20, rounding: 'floor', topMinTotal: 85, bands: [{ grade: '良好', minTotal: 80 }], bottomBelowTotal: 60 };

describe('ranking', () => {
  it('ties share the better rank, the plan order breaks ties in display', () => {
    const { ordered, ranks } = rankWithin([
      { key: 'a', total: 90, sortOrder: 3 },
      { key: 'b', total: 95, sortOrder: 2 },
      { key: 'c', total: 90, sortOrder: 1 },
      { key: 'd', total: 70, sortOrder: 4 },
    ]);
    expect(ordered.map((o) => o.key)).toEqual(['b', 'c', 'a', 'd']);
    expect([ranks.get('b'), ranks.get('c'), ranks.get('a'), ranks.get('d')]).toEqual([1, 2, 2, 4]);
  });
});

describe('grading under quota', () => {
  it('rounds the quota as the plan says', () => {
    expect(topQuota(12, { ...rules, rounding: 'floor' })).toBe(2); // 2.4
    expect(topQuota(12, { ...rules, rounding: 'round' })).toBe(2);
    expect(topQuota(12, { ...rules, rounding: 'ceil' })).toBe(3);
    expect(topQuota(10, { ...rules, rounding: 'floor' })).toBe(2); // exactly 2, not 1.999…
  });

  it('gives the top grade in rank order, skips a veto and gives way to the next eligible', () => {
    const ordered = Array.from({ length: 10 }, (_, i) => ({ key: `u${i + 1}`, total: 98 - i * 2 }));
    const events = new Map<string, EngineEvent[]>([
      ['u1', [{ id: 1, subjectKey: 'unit:1', kind: 'veto_top', type: '', points: 0, reason: '发生较大安全生产事故' }]],
      ['u10', [{ id: 2, subjectKey: 'unit:10', kind: 'veto', type: '', points: 0, reason: '违反换届纪律' }]],
    ]);
    const g = gradeGroup(ordered, events, rules).decisions;
    // quota 2: u1 may not be 优秀 → u2, u3
    expect([...g].filter(([, d]) => d.grade === '优秀').map(([k]) => k)).toEqual(['u2', 'u3']);
    expect(g.get('u1')!.grade).toBe('良好');
    expect(g.get('u1')!.note).toContain('一票否优');
    expect(g.get('u3')!.note).toContain('递补');
    expect(g.get('u10')!).toMatchObject({ grade: '较差', rule: 'veto' });
    expect(g.get('u4')!.rule).toBe('band'); // 92 ≥ 80
  });

  it('does not give the top grade below the minimum total, and puts low totals at the bottom', () => {
    const g = gradeGroup([{ key: 'a', total: 84 }, { key: 'b', total: 70 }, { key: 'c', total: 59 }], new Map(), { ...rules, topQuotaPercent: 50 }).decisions;
    expect(g.get('a')!.grade).toBe('良好');
    expect(g.get('b')!).toMatchObject({ grade: '一般', rule: 'default' });
    expect(g.get('c')!).toMatchObject({ grade: '较差', rule: 'bottom' });
  });
});
