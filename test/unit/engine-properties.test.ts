// Properties of the engine over generated plans (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { methodSchema, type Method, type Rounding } from '../../shared/domain.ts';
import { compute } from '../../shared/engine/compute.ts';
import { topQuota } from '../../shared/engine/grading.ts';
import type { EngineInput } from '../../shared/engine/types.ts';
import { PlanBuilder, settings } from './engine-builder.ts';

const methodArb: fc.Arbitrary<Method> = fc.oneof(
  fc.constant({ type: 'direct' }),
  fc.record({ type: fc.constant('completion'), target: fc.integer({ min: 1, max: 200 }), cap: fc.constantFrom(1, 1.2), lowerIsBetter: fc.boolean() }),
  fc.record({ type: fc.constant('ratioToBest'), lowerIsBetter: fc.boolean() }),
  fc.record({ type: fc.constant('rank'), step: fc.constantFrom(0.5, 1, 2), min: fc.constantFrom(0, 2) }),
  fc.record({ type: fc.constant('steps'), threshold: fc.integer({ min: 0, max: 100 }), unit: fc.constantFrom(1, 5), rate: fc.constantFrom(0.2, 0.5, 1), direction: fc.constantFrom('deductBelow', 'deductAbove', 'addAbove') }),
  fc.record({ type: fc.constant('bands'), bands: fc.constant([{ min: 90, points: 10 }, { min: 70, points: 6 }, { min: 0, points: 2 }]) }),
).map((m) => methodSchema.parse(m));

interface Spec {
  categories: { subjects: number; leaves: { full: number; method: Method }[]; percent: number; rounding: Rounding; values: (number | null)[][]; vetoTop: number[] }[];
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  categories: fc.array(
    fc.record({ subjects: fc.integer({ min: 1, max: 9 }), leaves: fc.array(fc.record({ full: fc.integer({ min: 1, max: 30 }), method: methodArb }), { minLength: 1, maxLength: 5 }), percent: fc.integer({ min: 0, max: 60 }), rounding: fc.constantFrom<Rounding>('floor', 'round', 'ceil'), seed: fc.integer() }).chain((c) =>
      fc.record({
        subjects: fc.constant(c.subjects),
        leaves: fc.constant(c.leaves),
        percent: fc.constant(c.percent),
        rounding: fc.constant(c.rounding),
        values: fc.array(fc.array(fc.option(fc.double({ min: -10, max: 250, noNaN: true }), { nil: null, freq: 6 }), { minLength: c.leaves.length, maxLength: c.leaves.length }), { minLength: c.subjects, maxLength: c.subjects }),
        vetoTop: fc.array(fc.integer({ min: 0, max: c.subjects - 1 }), { maxLength: 2 }),
      }),
    ),
    { minLength: 1, maxLength: 3 },
  ),
});

function build(spec: Spec): { input: EngineInput; leafIds: number[][] } {
  const b = new PlanBuilder();
  const leafIds: number[][] = [];
  spec.categories.forEach((c, ci) => {
    const cat = b.category(`类别${ci + 1}`, 'unit', settings('unit', {}, { topQuotaPercent: c.percent, rounding: c.rounding, topMinTotal: undefined }));
    const comp = b.component(cat, 'SJ', 'indicators');
    const root = b.indicator(cat, comp, null, '实绩', c.leaves.reduce((s, l) => s + l.full, 0));
    const ids = c.leaves.map((l, li) => b.indicator(cat, comp, root, `指标${li + 1}`, l.full, l.method));
    leafIds.push(ids);
    for (let s = 0; s < c.subjects; s++) {
      const k = b.subject(cat, `单位${ci}-${s}`);
      ids.forEach((id, li) => b.cell(id, k, c.values[s]![li]!));
      if (c.vetoTop.includes(s)) b.event(k, 'veto_top', { reason: '一票否优' });
    }
  });
  return { input: b.input, leafIds };
}

const canonical = (input: EngineInput) =>
  compute(input)
    .results.map((r) => ({ k: r.subjectKey, total: r.total, rank: r.rank, grade: r.grade.grade }))
    .sort((a, b) => (a.k < b.k ? -1 : 1));

describe('engine properties', () => {
  it('keeps every score within its bounds', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const { input } = build(spec);
        for (const r of compute(input, { explain: () => true }).results) {
          for (const leaf of r.components[0]!.leaves!) {
            expect(leaf.score).toBeGreaterThanOrEqual(0);
            expect(leaf.score).toBeLessThanOrEqual(leaf.full * 1.2 + 1e-9); // completion may reach its cap of 120%
          }
          expect(Number.isFinite(r.total)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never gives the top grade beyond the quota', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const { input } = build(spec);
        const out = compute(input).results;
        for (const cat of input.categories) {
          const members = out.filter((r) => r.categoryId === cat.id);
          expect(members.filter((r) => r.grade.grade === '优秀').length).toBeLessThanOrEqual(topQuota(members.length, cat.settings.grading));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('raising one leaf score never lowers that unit’s total or rank', () => {
    fc.assert(
      fc.property(specArb, fc.nat(), fc.nat(), fc.double({ min: 0.01, max: 50, noNaN: true }), (spec, ci0, li0, bump) => {
        const c = spec.categories[ci0 % spec.categories.length]!;
        const ci = spec.categories.indexOf(c);
        const li = li0 % c.leaves.length;
        const leaf = c.leaves[li]!;
        const s = li0 % c.subjects;
        const { input, leafIds } = build(spec);
        const key = input.subjects.filter((x) => x.categoryId === input.categories[ci]!.id)[s]!.key;
        const before = compute(input).results.find((r) => r.subjectKey === key)!;
        const cell = input.scores.find((x) => x.subjectKey === key && x.indicatorId === leafIds[ci]![li])!;
        // "raising a score" means a better figure: higher, or lower where lower is better
        const lower = 'lowerIsBetter' in leaf.method && leaf.method.lowerIsBetter;
        const deductAbove = leaf.method.type === 'steps' && leaf.method.direction === 'deductAbove';
        const v = cell.value ?? (lower || deductAbove ? 250 : -10);
        cell.value = lower || deductAbove ? Math.min(v, Math.max(0, v - bump)) : v + bump;
        const after = compute(input).results.find((r) => r.subjectKey === key)!;
        expect(after.total).toBeGreaterThanOrEqual(before.total - 1e-9);
        expect(after.rank).toBeLessThanOrEqual(before.rank);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the input rows', () => {
    fc.assert(
      fc.property(specArb, fc.integer(), (spec, seed) => {
        const { input } = build(spec);
        const expected = canonical(input);
        const rnd = fc.sample(fc.shuffledSubarray([...Array(64).keys()], { minLength: 64, maxLength: 64 }), { seed, numRuns: 1 })[0]!;
        const shuffle = <T>(xs: T[]) => xs.map((x, i) => ({ x, k: rnd[i % 64]! * 1000 + i })).sort((a, b) => a.k - b.k).map((p) => p.x);
        const shuffled: EngineInput = { ...input, categories: shuffle(input.categories), components: shuffle(input.components), indicators: shuffle(input.indicators), subjects: shuffle(input.subjects), scores: shuffle(input.scores), events: shuffle(input.events) };
        expect(canonical(shuffled)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
