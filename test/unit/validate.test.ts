// Bad plans and tallies are refused before anything is computed, with a
// message that names the indicator, category or unit.
import { describe, expect, it } from 'vitest';
import { methodSchema } from '../../shared/domain.ts';
import { compute } from '../../shared/engine/compute.ts';
import { validateInput } from '../../shared/engine/validate.ts';
import { PlanBuilder } from './engine-builder.ts';

function base() {
  const b = new PlanBuilder();
  const cat = b.category('一类乡镇');
  const comp = b.component(cat, 'SJ', 'indicators');
  const root = b.indicator(cat, comp, null, '经济发展', 20);
  const leaf = b.indicator(cat, comp, root, '财政收入', 20);
  const unit = b.subject(cat, '城关镇');
  return { b, cat, comp, root, leaf, unit };
}

describe('validateInput', () => {
  it('accepts a sound plan', () => {
    expect(validateInput(base().b.input)).toEqual([]);
  });

  it('refuses a cycle in the tree, naming the indicator', () => {
    const { b, root, leaf } = base();
    b.input.indicators.find((i) => i.id === root)!.parentId = leaf;
    const problems = validateInput(b.input);
    expect(problems.join()).toMatch(/“一类乡镇”的指标“1 经济发展”的上下级关系形成了循环/);
    expect(() => compute(b.input)).toThrow(/形成了循环/);
  });

  it('refuses a band table with a gap or an overlap', () => {
    const { b, leaf } = base();
    const ind = b.input.indicators.find((i) => i.id === leaf)!;
    ind.method = methodSchema.parse({ type: 'bands', bands: [{ min: 90, max: 100, points: 20 }, { min: 60, max: 80, points: 10 }] });
    expect(validateInput(b.input).join()).toMatch(/“1.1 财政收入”的计分档不连续：“60–80”之后是“90”起，中间有空档/);
    ind.method = methodSchema.parse({ type: 'bands', bands: [{ min: 75, max: 100, points: 20 }, { min: 60, max: 80, points: 10 }] });
    expect(validateInput(b.input).join()).toContain('两档重叠');
  });

  it('refuses weights that do not sum to 100%', () => {
    const { b, cat } = base();
    b.input.components[0]!.weight = 60;
    b.component(cat, 'MZ', 'democratic', { weight: 30, name: '民主测评' });
    expect(validateInput(b.input).join()).toContain('类别“一类乡镇”各考核构成的权重合计为 90%');
  });

  it('refuses negative votes and valid > present > expected, naming unit and rater group', () => {
    const { b, unit } = base();
    b.input.raterGroups.push({ id: 500, name: '群众代表', weight: 1 });
    b.input.ballots.push({ subjectKey: unit, raterGroupId: 500, expected: 20, present: 25, valid: 26, invalid: 0, votes: { 好: 30, 差: -4 } });
    const text = validateInput(b.input).join('\n');
    expect(text).toContain('“城关镇”的民主测评（群众代表）中“差”的票数为负数');
    expect(text).toContain('实到 25 人，多于应到 20 人');
    expect(text).toContain('有效票 26 张，多于实到 25 人');
  });

  it('refuses references to components that do not exist', () => {
    const { b } = base();
    b.input.categories[0]!.settings = { ...b.input.categories[0]!.settings, multiplier: { base: 'FZ', factor: 'DJ', reference: 80 } };
    expect(validateInput(b.input).join()).toContain('乘数计分引用了不存在的考核构成“FZ”');
  });
});
