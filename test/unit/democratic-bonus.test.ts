import { describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_EVAL_LEVELS } from '../../shared/domain.ts';
import { scoreBonus } from '../../shared/engine/bonus.ts';
import { scoreDemocratic } from '../../shared/engine/democratic.ts';
import type { EngineEvent } from '../../shared/engine/types.ts';

describe('democratic evaluation', () => {
  it('weights group scores: full × Σ w·g / Σ w', () => {
    const groups = new Map([
      [1, { id: 1, name: '班子成员', weight: 40 }],
      [2, { id: 2, name: '群众代表', weight: 60 }],
    ]);
    const o = scoreDemocratic(
      100,
      DEFAULT_UNIT_EVAL_LEVELS,
      [
        // (8×1 + 2×0.8) / 10 = 0.96
        { subjectKey: 'unit:1', raterGroupId: 1, expected: 12, present: 11, valid: 10, invalid: 1, votes: { 好: 8, 较好: 2 } },
        // (10×1 + 5×0.8 + 4×0.6 + 1×0) / 20 = 0.82
        { subjectKey: 'unit:1', raterGroupId: 2, expected: 20, present: 20, valid: 20, invalid: 0, votes: { 好: 10, 较好: 5, 一般: 4, 差: 1 } },
      ],
      groups,
    );
    // 100 × (40 × 0.96 + 60 × 0.82) / 100 = 87.6
    expect(o.score).toBeCloseTo(87.6, 10);
    expect(o.trace.shares['好']).toBeCloseTo(18 / 30, 4);
    expect(o.trace.shares['差']).toBeCloseTo(1 / 30, 4);
    expect(o.trace.validVotes).toBe(30);
  });

  it('no valid votes: 0 and marked missing', () => {
    const o = scoreDemocratic(100, DEFAULT_UNIT_EVAL_LEVELS, [], new Map());
    expect(o.score).toBe(0);
    expect(o.missing).toBe(true);
  });
});

describe('bonus and deductions', () => {
  const ev = (id: number, e: Partial<EngineEvent>): EngineEvent => ({ id, subjectKey: 'unit:1', kind: 'bonus', type: '荣誉表彰', points: 1, reason: `事项${id}`, ...e });

  it('counts only the highest level of the same honour', () => {
    const o = scoreBonus(
      [ev(1, { honourKey: '文明单位', levelRank: 1, points: 1 }), ev(2, { honourKey: '文明单位', levelRank: 3, points: 3 }), ev(3, { honourKey: '文明单位', levelRank: 2, points: 2 })],
      { kindCaps: {} },
    );
    expect(o.bonus).toBe(3);
    expect(o.items.filter((i) => i.counted === 0)).toHaveLength(2);
    expect(o.items.find((i) => i.eventId === 1)!.note).toContain('最高级别');
  });

  it('applies per-kind caps, the total cap and the deduction cap', () => {
    const o = scoreBonus(
      [
        ev(1, { type: '荣誉表彰', points: 2 }),
        ev(2, { type: '荣誉表彰', points: 2 }),
        ev(3, { type: '争先创优', points: 2 }),
        ev(4, { kind: 'deduction', type: '通报批评', points: 3 }),
        ev(5, { kind: 'deduction', type: '通报批评', points: 3 }),
      ],
      { kindCaps: { 荣誉表彰: 3 }, totalCap: 4, deductionCap: 5 },
    );
    // 荣誉表彰 2 + 1 (cap 3), then 争先创优 only 1 more under the total cap of 4
    expect(o.bonus).toBe(4);
    expect(o.deduction).toBe(5);
    expect(o.net).toBe(-1);
  });
});
