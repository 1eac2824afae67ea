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
  categories: {
    kind: 'unit' | 'cadre';
    subjects: number;
    leaves: { full: number; method: Method }[];
    percent: number;
    rounding: Rounding;
    tieAtQuota: 'committee' | 'all';
    bottomPercent: number;
    countsForced: boolean;
    values: (number | null)[][];
    events: { subject: number; kind: 'veto' | 'veto_top' | 'sanction' | 'investigation'; type: string }[];
    /** votes per subject (优秀/好, 称职/较好, 基本称职/一般, 不称职/差) in two rater groups, or none */
    ballots: [number, number, number, number][][] | null;
  }[];
}

// a few values only, so that many totals are equal and ties cross the quota boundaries
const valueArb = (ties: boolean) => (ties ? fc.option(fc.constantFrom(0, 5, 10, 50, 100), { nil: null, freq: 8 }) : fc.option(fc.double({ min: -10, max: 250, noNaN: true }), { nil: null, freq: 6 }));
const votesArb = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }));

const specArb: fc.Arbitrary<Spec> = fc.record({
  categories: fc.array(
    fc
      .record({
        kind: fc.constantFrom<'unit' | 'cadre'>('unit', 'cadre'),
        subjects: fc.integer({ min: 1, max: 12 }),
        leaves: fc.array(fc.record({ full: fc.integer({ min: 1, max: 30 }), method: methodArb }), { minLength: 1, maxLength: 5 }),
        percent: fc.integer({ min: 0, max: 60 }),
        rounding: fc.constantFrom<Rounding>('floor', 'round', 'ceil'),
        tieAtQuota: fc.constantFrom<'committee' | 'all'>('committee', 'all'),
        bottomPercent: fc.constantFrom(0, 0, 10, 25),
        countsForced: fc.boolean(),
        ties: fc.boolean(),
        democratic: fc.boolean(),
      })
      .chain((c) =>
        fc.record({
          kind: fc.constant(c.kind),
          subjects: fc.constant(c.subjects),
          leaves: fc.constant(c.leaves),
          percent: fc.constant(c.percent),
          rounding: fc.constant(c.rounding),
          tieAtQuota: fc.constant(c.tieAtQuota),
          bottomPercent: fc.constant(c.bottomPercent),
          countsForced: fc.constant(c.countsForced),
          values: fc.array(fc.array(valueArb(c.ties), { minLength: c.leaves.length, maxLength: c.leaves.length }), { minLength: c.subjects, maxLength: c.subjects }),
          events: fc.array(
            fc.record({ subject: fc.integer({ min: 0, max: c.subjects - 1 }), kind: fc.constantFrom<'veto' | 'veto_top' | 'sanction' | 'investigation'>('veto_top', 'veto_top', 'veto', 'sanction', 'investigation'), type: fc.constantFrom('警告', '记过', '撤职', '') }),
            { maxLength: 4 },
          ),
          ballots: c.democratic ? fc.array(fc.array(votesArb, { minLength: 2, maxLength: 2 }), { minLength: c.subjects, maxLength: c.subjects }) : fc.constant(null),
        }),
      ),
    { minLength: 1, maxLength: 3 },
  ),
});

function build(spec: Spec): { input: EngineInput; leafIds: number[][] } {
  const b = new PlanBuilder();
  const leafIds: number[][] = [];
  b.input.raterGroups.push({ id: 9001, name: '班子成员', weight: 40 }, { id: 9002, name: '群众代表', weight: 60 });
  spec.categories.forEach((c, ci) => {
    const grading = { topQuotaPercent: c.percent, rounding: c.rounding, topMinTotal: undefined, tieAtQuota: c.tieAtQuota, bottomQuotaCountsForced: c.countsForced, ...(c.bottomPercent > 0 ? { bottomQuotaPercent: c.bottomPercent } : {}) };
    const cat = b.category(`类别${ci + 1}`, c.kind, settings(c.kind, {}, grading));
    const comp = b.component(cat, 'SJ', 'indicators');
    const mz = c.ballots ? b.component(cat, 'MZ', 'democratic', { fullPoints: 20 }) : null;
    const levels = mz ? b.input.components.find((x) => x.id === mz)!.evalLevels.map((l) => l.name) : [];
    const root = b.indicator(cat, comp, null, '实绩', c.leaves.reduce((s, l) => s + l.full, 0));
    const ids = c.leaves.map((l, li) => b.indicator(cat, comp, root, `指标${li + 1}`, l.full, l.method));
    leafIds.push(ids);
    for (let s = 0; s < c.subjects; s++) {
      const k = b.subject(cat, `对象${ci}-${s}`, c.kind);
      ids.forEach((id, li) => b.cell(id, k, c.values[s]![li]!));
      for (const e of c.events) if (e.subject === s) b.event(k, e.kind, { reason: e.kind, type: e.type });
      c.ballots?.[s]!.forEach((v, g) => {
        const votes = Object.fromEntries(levels.map((l, i) => [l, v[i]!]));
        const valid = v.reduce((x, y) => x + y, 0);
        b.input.ballots.push({ subjectKey: k, raterGroupId: 9001 + g, expected: valid, present: valid, valid, invalid: 0, votes });
      });
    }
  });
  return { input: b.input, leafIds };
}

const byKey = <T extends { subjectKey: string }>(xs: T[]) => [...xs].sort((a, b) => (a.subjectKey < b.subjectKey ? -1 : 1));

/** Everything the engine says, in an order that does not follow the input's. */
const canonical = (input: EngineInput) => {
  const out = compute(input, { explain: () => true });
  return { results: byKey(out.results), groups: out.groups, dependencies: out.dependencies };
};

function shuffler(seed: number) {
  const rnd = fc.sample(fc.shuffledSubarray([...Array(64).keys()], { minLength: 64, maxLength: 64 }), { seed, numRuns: 1 })[0]!;
  return <T>(xs: T[]) => xs.map((x, i) => ({ x, k: rnd[i % 64]! * 1000 + ((i * 7919) % 997) })).sort((a, b) => a.k - b.k).map((p) => p.x);
}

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
          if (cat.settings.grading.tieAtQuota === 'all') continue; // the plan lets a tie exceed the quota
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

  it('does not depend on the order of the input rows, ties across quota boundaries included', () => {
    fc.assert(
      fc.property(specArb, fc.integer(), (spec, seed) => {
        const { input } = build(spec);
        const expected = canonical(input);
        const shuffle = shuffler(seed);
        const shuffled: EngineInput = {
          ...input,
          categories: shuffle(input.categories),
          components: shuffle(input.components),
          indicators: shuffle(input.indicators),
          subjects: shuffle(input.subjects),
          scores: shuffle(input.scores),
          ballots: shuffle(input.ballots),
          events: shuffle(input.events),
          raterGroups: shuffle(input.raterGroups),
        };
        expect(canonical(shuffled)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the plan order of subjects either: grades, flags and notes follow the ranks', () => {
    fc.assert(
      fc.property(specArb, fc.integer(), (spec, seed) => {
        const { input } = build(spec);
        const facts = (i: EngineInput) => {
          const out = compute(i);
          return {
            results: byKey(out.results).map((r) => ({ k: r.subjectKey, rank: r.rank, grade: r.grade, flags: r.flags, restriction: r.restriction })),
            groups: out.groups.map((g) => ({ ...g, tiedAtBoundary: [...g.tiedAtBoundary].sort() })),
          };
        };
        const orders = shuffler(seed)(input.subjects.map((s) => s.sortOrder));
        const reordered: EngineInput = { ...input, subjects: input.subjects.map((s, i) => ({ ...s, sortOrder: orders[i]! })) };
        expect(facts(reordered)).toEqual(facts(input));
      }),
      { numRuns: 300 },
    );
  });

  it('generates ties across the quota boundaries often enough to matter', () => {
    let tied = 0;
    for (const spec of fc.sample(specArb, { numRuns: 300, seed: 42 })) if (compute(build(spec).input).groups.some((g) => g.tiedAtBoundary.length > 0)) tied++;
    expect(tied).toBeGreaterThan(30);
  });

  it('treats subjects of equal rank alike', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const { input } = build(spec);
        const out = compute(input);
        const withEvents = new Set(input.events.map((e) => e.subjectKey));
        for (const g of out.groups) {
          const members = out.results.filter((r) => r.categoryId === g.categoryId && r.groupKey === g.groupKey);
          const tied = members.filter((r) => g.tiedAtBoundary.includes(r.subjectKey));
          expect(new Set(tied.map((r) => r.grade.grade)).size).toBeLessThanOrEqual(1);
          const plain = members.filter((r) => !withEvents.has(r.subjectKey));
          for (const a of plain) for (const b of plain) if (a.rank === b.rank) expect([a.grade.grade, a.grade.rule]).toEqual([b.grade.grade, b.grade.rule]);
          if (spec.categories.find((_, ci) => input.categories[ci]!.id === g.categoryId)!.tieAtQuota === 'committee') expect(g.top.given).toBeLessThanOrEqual(g.top.places);
          expect(members.filter((r) => r.grade.grade === g.top.grade).length).toBe(g.top.given);
        }
      }),
      { numRuns: 300 },
    );
  });
});
