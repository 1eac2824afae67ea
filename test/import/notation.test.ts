// The workbook's notations read back what they write, and read what an
// office types (“每低于目标1个百分点扣0.5分” → 低于=目标；每=1；扣=0.5).
import { describe, expect, it } from 'vitest';
import { methodSchema, type Method } from '../../shared/domain.ts';
import { formatMethodParams, formatVoteRules, parseDeductionText, parseMethodParams, parseMultiplier, parseVoteRules } from '../../electron/core/import/notation.ts';

const methods: Method[] = [
  { type: 'direct' },
  { type: 'completion', target: 5000, cap: 1.2, lowerIsBetter: false },
  { type: 'completion', target: 3.5, cap: 1, lowerIsBetter: true },
  { type: 'ratioToBest', lowerIsBetter: true },
  { type: 'rank', step: 0.1, min: 1, fromBottom: true, lowerIsBetter: false },
  { type: 'rank', step: 1, min: 0, table: [60, 57, 54, 51, 48], fromBottom: false, lowerIsBetter: true },
  { type: 'steps', threshold: 95, unit: 1, rate: 0.5, direction: 'deductBelow', wholeSteps: true, excessCap: 0 },
  { type: 'steps', threshold: 35, unit: 1, rate: 0.5, direction: 'deductAbove', wholeSteps: false, excessCap: 0 },
  { type: 'steps', threshold: 0, unit: 1, rate: 0.2, direction: 'addAbove', wholeSteps: false, base: 6, excessCap: 2 },
  { type: 'bands', bands: [{ min: 0, max: 60, points: 0 }, { min: 60, max: 80.5, points: 0.6 }, { min: 80.5, points: 1 }], asFraction: true },
  { type: 'interpolation', levels: [{ name: 'D', threshold: 50, coef: 0.4 }, { name: '', threshold: 70, coef: 0.8 }, { name: 'A', threshold: 90, coef: 1 }] },
  { type: 'letter', letters: [{ letter: '好', fraction: 1 }, { letter: '较好', fraction: 0.85 }, { letter: '一般', fraction: 0.7 }, { letter: '差', fraction: 0.5 }] },
  { type: 'deduction' },
];

describe('method parameters', () => {
  it.each(methods.map((m) => [m.type, formatMethodParams(m), m] as const))('%s “%s” reads back the same method', (_type, text, m) => {
    const parsed = parseMethodParams(m.type, text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(methodSchema.parse(parsed.value)).toEqual(m);
  });

  it('reads the wording of real plans', () => {
    // 每低于目标1个百分点扣0.5分
    expect(parseMethodParams('steps', '低于=8；每=1；扣=0.5')).toEqual({ ok: true, value: { type: 'steps', threshold: 8, unit: 1, rate: 0.5, direction: 'deductBelow' } });
    // 平均年龄每超1岁扣0.5分
    expect(parseMethodParams('steps', '高于：38；每：1；扣：0.5')).toMatchObject({ ok: true, value: { threshold: 38, direction: 'deductAbove' } });
    // 每增长1%加0.2分
    expect(parseMethodParams('steps', '高于=0；每=1；加=0.2')).toMatchObject({ ok: true, value: { direction: 'addAbove', rate: 0.2 } });
    expect(parseMethodParams('completion', '目标=100；上限=120%')).toEqual({ ok: true, value: { type: 'completion', target: 100, cap: 1.2 } });
    expect(parseMethodParams('completion', '{"target": 100}')).toEqual({ ok: true, value: { type: 'completion', target: 100 } });
  });

  it('says what is wrong', () => {
    expect(parseMethodParams('completion', '目标一百')).toEqual({ ok: false, error: '参数“目标一百”应写成“名称=值”，多项之间用“；”分隔' });
    expect(parseMethodParams('bands', '档=0-60:4')).toMatchObject({ ok: false, error: expect.stringContaining('下限~上限:分数') });
    expect(parseMethodParams('rank', '颜色=红')).toMatchObject({ ok: false, error: '不认识的参数“颜色”（位次赋分）' });
  });
});

describe('other notations', () => {
  it('deduction lists', () => {
    expect(parseDeductionText('迟报材料扣0.5分；被通报批评扣1分')).toEqual([
      { reason: '迟报材料', points: 0.5 },
      { reason: '被通报批评', points: 1 },
    ]);
    expect(parseDeductionText('2')).toEqual([{ reason: '扣分', points: 2 }]);
    expect(typeof parseDeductionText('扣了一些')).toBe('string');
  });

  it('vote rules and the multiplier', () => {
    expect(parseVoteRules('不称职>1/3:不称职人选；优秀<1/2:不宜提拔；优秀+称职<2/3')).toEqual({
      ok: true,
      value: [
        { levels: ['不称职'], op: 'above', share: 1 / 3, label: '不称职人选' },
        { levels: ['优秀'], op: 'below', share: 1 / 2, label: '不宜提拔' },
        { levels: ['优秀', '称职'], op: 'below', share: 2 / 3, label: '优秀+称职票不足' },
      ],
    });
    expect(formatVoteRules([{ levels: ['优秀', '称职'], op: 'below', share: 2 / 3, label: '诫勉' }])).toBe('优秀+称职<2/3:诫勉');
    expect(parseMultiplier('FZ×(DJ÷80)')).toEqual({ ok: true, value: { base: 'FZ', factor: 'DJ', reference: 80 } });
    expect(parseMultiplier('FZ*DJ/80')).toEqual({ ok: true, value: { base: 'FZ', factor: 'DJ', reference: 80 } });
  });
});
