import { describe, expect, it } from 'vitest';
import { methodSchema, type Method } from '../../shared/domain.ts';
import { rankOf, scoreLeaf } from '../../shared/engine/methods.ts';
import type { EngineScore } from '../../shared/engine/types.ts';

const entry = (value: number | null, extra: Partial<EngineScore> = {}): EngineScore => ({ indicatorId: 1, subjectKey: 'unit:1', value, ...extra });
const m = (x: unknown): Method => methodSchema.parse(x);
const none = { values: [] };

describe('leaf scoring methods (hand-computed)', () => {
  it('direct: the entered value, clamped to [0, full]', () => {
    expect(scoreLeaf(m({ type: 'direct' }), 10, entry(8.5), none).score).toBe(8.5);
    expect(scoreLeaf(m({ type: 'direct' }), 10, entry(12), none).score).toBe(10);
    const missing = scoreLeaf(m({ type: 'direct' }), 10, undefined, none);
    expect(missing.missing).toBe(true);
    expect(missing.score).toBe(0);
    expect(missing.note).toContain('未填报');
  });

  it('completion ratio: full × min(actual/target, cap)', () => {
    // 90 of a target of 120 → 75% of 8 points = 6
    expect(scoreLeaf(m({ type: 'completion', target: 120 }), 8, entry(90), none).score).toBeCloseTo(6, 10);
    // over-completion capped at 100% by default
    expect(scoreLeaf(m({ type: 'completion', target: 100 }), 8, entry(130), none).score).toBe(8);
    // cap 1.2 lets it reach 120%
    expect(scoreLeaf(m({ type: 'completion', target: 100, cap: 1.2 }), 10, entry(130), none).score).toBeCloseTo(12, 10);
  });

  it('completion ratio, lower is better: full × min(target/actual, cap)', () => {
    // energy use 0.5 against a target of 0.4 → 80% of 5 = 4
    const o = scoreLeaf(m({ type: 'completion', target: 0.4, lowerIsBetter: true }), 5, entry(0.5), none);
    expect(o.score).toBeCloseTo(4, 10);
    expect(o.note).toContain('目标值');
  });

  it('ratio to best: full × value / best of the category', () => {
    expect(scoreLeaf(m({ type: 'ratioToBest' }), 10, entry(30), { values: [40, 30, 20] }).score).toBeCloseTo(7.5, 10);
    // lower is better: best = lowest → 10 × 20/40 = 5
    expect(scoreLeaf(m({ type: 'ratioToBest', lowerIsBetter: true }), 10, entry(40), { values: [40, 30, 20] }).score).toBeCloseTo(5, 10);
  });

  it('rank: ties share the better rank; step, table and floor', () => {
    expect(rankOf(90, [95, 90, 90, 80], false)).toBe(2);
    expect(rankOf(80, [95, 90, 90, 80], false)).toBe(4);
    const step = m({ type: 'rank', step: 0.5, min: 8 });
    expect(scoreLeaf(step, 10, entry(80), { values: [95, 90, 90, 80] }).score).toBe(8.5); // 4th: 10 − 3 × 0.5
    expect(scoreLeaf(m({ type: 'rank', step: 1, min: 8 }), 10, entry(1), { values: [5, 4, 3, 2, 1] }).score).toBe(8); // floored
    const table = m({ type: 'rank', table: [60, 57, 54, 51, 48] });
    expect(scoreLeaf(table, 60, entry(7), { values: [9, 8, 7, 6, 5, 4, 3] }).score).toBe(54);
    expect(scoreLeaf(table, 60, entry(3), { values: [9, 8, 7, 6, 5, 4, 3] }).score).toBe(48); // past the table: its last value
  });

  it('per-unit steps: 每低于目标1个百分点扣0.5分', () => {
    const rule = m({ type: 'steps', threshold: 8, unit: 1, rate: 0.5, direction: 'deductBelow' });
    expect(scoreLeaf(rule, 5, entry(6.5), none).score).toBeCloseTo(4.25, 10); // 1.5 points below → −0.75
    expect(scoreLeaf(rule, 5, entry(9), none).score).toBe(5); // above the target: no deduction
    expect(scoreLeaf(rule, 5, entry(-10), none).score).toBe(0); // floored at 0
    const whole = m({ type: 'steps', threshold: 8, unit: 1, rate: 0.5, direction: 'deductBelow', wholeSteps: true });
    expect(scoreLeaf(whole, 5, entry(6.5), none).score).toBe(4.5); // one whole step only
    // 平均年龄每超1岁扣0.5分
    expect(scoreLeaf(m({ type: 'steps', threshold: 45, unit: 1, rate: 0.5, direction: 'deductAbove' }), 3, entry(47), none).score).toBe(2);
    // 每增长1%加0.2分, from a base of 2, up to full plus an allowed excess of 1
    const add = m({ type: 'steps', threshold: 0, unit: 1, rate: 0.2, direction: 'addAbove', base: 2, excessCap: 1 });
    expect(scoreLeaf(add, 4, entry(5), none).score).toBeCloseTo(3, 10);
    expect(scoreLeaf(add, 4, entry(50), none).score).toBe(5);
  });

  it('bands: thresholds to points or fractions', () => {
    const bands = m({ type: 'bands', bands: [{ min: 95, points: 5 }, { min: 90, points: 4 }, { min: 80, points: 2 }] });
    expect(scoreLeaf(bands, 5, entry(92), none).score).toBe(4);
    expect(scoreLeaf(bands, 5, entry(79), none).score).toBe(0);
    const frac = m({ type: 'bands', asFraction: true, bands: [{ min: 90, points: 1 }, { min: 0, points: 0.6 }] });
    expect(scoreLeaf(frac, 10, entry(50), none).score).toBe(6);
  });

  it('letter grade: a fraction of full', () => {
    const letters = m({ type: 'letter', letters: [{ letter: '好', fraction: 1 }, { letter: '较好', fraction: 0.85 }, { letter: '一般', fraction: 0.7 }] });
    expect(scoreLeaf(letters, 4, entry(null, { text: '较好' }), none).score).toBeCloseTo(3.4, 10);
    expect(scoreLeaf(letters, 4, entry(null, { text: '优' }), none).missing).toBe(true);
  });

  it('deduction list: full − Σ deductions, 扣完为止', () => {
    const d = m({ type: 'deduction' });
    const o = scoreLeaf(d, 3, entry(null, { deductions: [{ points: 0.5, reason: '信访积案1件' }, { points: 1, reason: '安全事故1起' }] }), none);
    expect(o.score).toBe(1.5);
    expect(o.note).toContain('信访积案1件扣0.5分');
    expect(scoreLeaf(d, 3, entry(null, { deductions: [{ points: 2, reason: 'a' }, { points: 2, reason: 'b' }] }), none).score).toBe(0);
    expect(scoreLeaf(d, 3, undefined, none).score).toBe(3);
  });
});
