// The demo plan: a complete, realistic year of an invented county's
// comprehensive assessment (清河县, 12 townships, 40 departments, about 300
// leading cadres), with the data collected so far, for trying the application
// out and for tests. Created in one transaction through ctx.write. The same
// seed gives the same plan; the only clock reading is the timestamp.
import type { Transaction } from 'kysely';
import {
  DEFAULT_CADRE_EVAL_LEVELS,
  DEFAULT_CADRE_GRADE_RULES,
  DEFAULT_UNIT_EVAL_LEVELS,
  DEFAULT_UNIT_GRADE_RULES,
  categorySettingsSchema,
  methodSchema,
  type EvalLevel,
} from '../../../shared/domain.ts';
import type { ServiceContext } from '../context.ts';
import type { Database, NewRow } from '../db/schema.ts';
import {
  CADRE_SANCTION,
  FEEDBACK,
  GROUP_A_POSTS,
  GROUP_B_POSTS,
  GROUP_DEPUTIES,
  GROUP_LEADERS,
  GROUP_NAMES,
  UNIT_EVENTS,
} from './events.ts';
import {
  DEPARTMENT_VARIANTS,
  checkTree,
  departmentTree,
  isNode,
  routineLeaves,
  townshipTree,
  type IndicatorSpec,
  type LeafSpec,
} from './indicators.ts';
import { CADRE_CATEGORIES, ORGAN, RESPONSIBLE_DEPARTMENTS, UNIT_CATEGORIES, nameMaker, phone, type UnitCategorySeed } from './names.ts';
import { clamp, createRng, roundTo, type Rng } from './prng.ts';

export const DEMO_SEED = 20251231;

export interface DemoPlanOptions {
  /** the assessment year, default 2025 */
  year?: number;
  /** the random seed; the same seed gives the same plan */
  seed?: number;
}

export interface DemoPlanCounts {
  categories: number;
  units: number;
  cadres: number;
  departments: number;
  indicators: number;
  scoreEntries: number;
  ballots: number;
  events: number;
  groups: number;
  feedbackItems: number;
}

/**
 * Creates the demo plan (a cycle named like "2025年度综合考核", status
 * 'collecting') in one audited transaction and returns the cycle's id.
 */
export async function createDemoPlan(ctx: ServiceContext, opts: DemoPlanOptions = {}): Promise<number> {
  const year = opts.year ?? 2025;
  const seed = opts.seed ?? DEMO_SEED;
  const now = ctx.now().toISOString();
  // a new cycle: recorded as one operation with its counts (there are no old values to keep)
  const built = await ctx.write({ action: 'demo.create', entity: 'cycle', cycleId: null, scope: null, detail: { year, seed } }, async (w) => {
    const r = await buildPlan(w.trx, { year, seed, now, userId: ctx.actor.id });
    w.identify({ cycleId: r.cycleId, entityId: r.cycleId });
    w.note({ ...r.counts });
    return r;
  });
  return built.cycleId;
}

// ---- constants of the plan ---------------------------------------------------

// the 加减分 component's full points are the total bonus cap (the engine adds the net points as they are)
const BONUS_RULES = { kindCaps: { 荣誉表彰: 3, 争先创优: 2 }, totalCap: 5, deductionCap: 10 };

const UNIT_RATER_GROUPS = ['县领导', '班子成员', '机关干部', '村（社区）和下属单位负责人', '服务对象和群众代表'] as const;
const UNIT_RATER_WEIGHTS = [30, 20, 20, 15, 15];
/** how much more (or less) kindly a group rates than the average */
const UNIT_RATER_BIAS = [0, 0.06, 0.01, -0.01, -0.04];

const CADRE_RATER_GROUPS = ['上级领导', '班子成员', '中层干部', '服务对象'] as const;
const CADRE_RATER_WEIGHTS = [30, 30, 25, 15];
const CADRE_RATER_BIAS = [0, 0.05, 0, -0.05];

/** The cells a responsible department has not reported yet (for the missing-data report). */
const UNFILLED = { category: '经济发展部门', leaf: '统一战线工作', units: ['县水利局', '县自然资源和规划局', '县投资促进中心'] };

const CHUNK = 500;

async function inChunks<R, O>(rows: R[], run: (chunk: R[]) => Promise<O[]>): Promise<O[]> {
  const out: O[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    for (const o of await run(rows.slice(i, i + CHUNK))) out.push(o);
  }
  return out;
}

function need<K, V>(m: Map<K, V>, k: K, what: string): V {
  const v = m.get(k);
  if (v === undefined) throw new Error(`demo plan: unknown ${what} ${String(k)}`);
  return v;
}

// ---- the plan in memory ---------------------------------------------------------

interface PlannedUnit {
  code: string;
  name: string;
  category: UnitCategorySeed;
  township: boolean;
  quality: number;
  sortOrder: number;
  cadres: PlannedCadre[];
}

interface PlannedCadre {
  code: string;
  name: string;
  post: 'head' | 'deputy';
  title: string;
  quality: number;
  sortOrder: number;
  unit: PlannedUnit;
}

function planUnits(rng: Rng, usedNames: Set<string>): PlannedUnit[] {
  const qualityRng = rng.fork('quality');
  const cadreRng = rng.fork('cadres');
  const names = nameMaker(rng.fork('names'), usedNames);
  const units: PlannedUnit[] = [];
  let xz = 0;
  let bm = 0;
  let cadreNo = 0;
  for (const cat of UNIT_CATEGORIES) {
    for (const seed of cat.units) {
      const township = cat.kind === 'township';
      const code = township ? `XZ${String(++xz).padStart(2, '0')}` : `BM${String(++bm).padStart(2, '0')}`;
      const quality = seed.quality ?? roundTo(qualityRng.uniform(0.83, 0.93), 3);
      const unit: PlannedUnit = { code, name: seed.name, category: cat, township, quality, sortOrder: units.length + 1, cadres: [] };
      const deputies = cadreRng.int(cat.deputies[0], cat.deputies[1]);
      const titles: [string, 'head' | 'deputy'][] = [[seed.head, 'head'], ...seed.deputies.slice(0, deputies).map((t): [string, 'deputy'] => [t, 'deputy'])];
      for (const [title, post] of titles) {
        const female = seed.name === '县妇联' ? true : cadreRng.chance(post === 'head' ? 0.12 : 0.24);
        cadreNo++;
        unit.cadres.push({
          code: `GB${String(cadreNo).padStart(4, '0')}`,
          name: names.next(female),
          post,
          title,
          quality: roundTo(0.5 * quality + 0.5 * cadreRng.uniform(0.84, 0.97), 3),
          sortOrder: cadreNo,
          unit,
        });
      }
      units.push(unit);
    }
  }
  return units;
}

interface FlatIndicator {
  categoryId: number;
  componentId: number;
  code: string;
  parentCode: string | null;
  level: number;
  sortOrder: number;
  spec: IndicatorSpec;
}

function flatten(specs: IndicatorSpec[], ids: { categoryId: number; componentId: number }, prefix: string, parentCode: string | null, level: number, out: FlatIndicator[]): void {
  specs.forEach((spec, i) => {
    const code = `${prefix}${i + 1}`;
    out.push({ ...ids, code, parentCode, level, sortOrder: i + 1, spec });
    if (isNode(spec)) flatten(spec.children, ids, `${code}.`, code, level + 1, out);
  });
}

/** Votes for the levels, drawn one by one: the top level with probability p1, the rest split by `rest`. */
function drawVotes(rng: Rng, levels: EvalLevel[], p1: number, rest: number[], valid: number): Record<string, number> {
  const probs = [p1, ...rest.map((r) => r * (1 - p1))];
  const votes: Record<string, number> = {};
  for (const l of levels) votes[l.name] = 0;
  for (let i = 0; i < valid; i++) {
    let u = rng.next();
    let k = 0;
    while (k < probs.length - 1 && (u -= probs[k]!) >= 0) k++;
    const name = levels[k]!.name;
    votes[name] = (votes[name] ?? 0) + 1;
  }
  return votes;
}

function dateIn(year: number, md: string): string {
  return `${year}-${md}`;
}

// ---- building ---------------------------------------------------------------------

async function buildPlan(trx: Transaction<Database>, p: { year: number; seed: number; now: string; userId: number }): Promise<{ cycleId: number; counts: DemoPlanCounts }> {
  const { year, now, userId } = p;
  const rng = createRng(p.seed);
  const fill = (text: string) => text.replaceAll('{y}', String(year));

  // cycle
  const cycle = await trx
    .insertInto('cycles')
    .values({ name: `${year}年度综合考核`, year, status: 'collecting', organ: ORGAN, copied_from: null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cycleId = cycle.id;

  // responsible departments (责任单位)
  const usedNames = new Set<string>(); // nobody of the plan shares a name with another
  const contactNames = nameMaker(rng.fork('contacts'), usedNames);
  const contactRng = rng.fork('phones');
  const deptRows = await trx
    .insertInto('departments')
    .values(RESPONSIBLE_DEPARTMENTS.map((name) => ({ cycle_id: cycleId, name, contact: `${contactNames.next(contactRng.chance(0.4))} ${phone(contactRng)}` })))
    .returning(['id', 'name'])
    .execute();
  const deptId = new Map(deptRows.map((r) => [r.name, r.id]));

  // categories
  // 分差: a department's scores of an indicator should spread over at least 10% of its points
  const unitSettings = JSON.stringify(categorySettingsSchema.parse({ bonus: BONUS_RULES, grading: { ...DEFAULT_UNIT_GRADE_RULES, rounding: 'round' }, decimals: 2, minSpread: 0.1 }));
  // 三个挂钩: the share of 优秀 among cadres follows their unit's grade; deputies are compared within their team
  const linkage = { 优秀: 30, 良好: 20, 一般: 15, 较差: 10 };
  const cadreSettingsFor = (post: 'head' | 'deputy') =>
    JSON.stringify(
      categorySettingsSchema.parse({
        bonus: BONUS_RULES,
        grading: { ...DEFAULT_CADRE_GRADE_RULES, rounding: 'round', linkage, compareWithin: post === 'deputy' ? 'unit' : 'category' },
        decimals: 2,
        minSpread: 0.1,
      }),
    );
  const categoryRows: NewRow<'categories'>[] = [
    ...UNIT_CATEGORIES.map((c, i) => ({ cycle_id: cycleId, kind: 'unit' as const, name: c.name, difficulty: c.difficulty, sort_order: i + 1, settings: unitSettings })),
    ...CADRE_CATEGORIES.map((c, i) => ({ cycle_id: cycleId, kind: 'cadre' as const, name: c.name, difficulty: 1, sort_order: UNIT_CATEGORIES.length + i + 1, settings: cadreSettingsFor(c.post) })),
  ];
  const cats = await trx.insertInto('categories').values(categoryRows).returning(['id', 'name']).execute();
  const catId = new Map(cats.map((r) => [r.name, r.id]));

  // components
  const unitLevels = JSON.stringify({ evalLevels: DEFAULT_UNIT_EVAL_LEVELS });
  const cadreLevels = JSON.stringify({ evalLevels: DEFAULT_CADRE_EVAL_LEVELS });
  const componentRows: NewRow<'components'>[] = [];
  for (const c of UNIT_CATEGORIES) {
    const category_id = need(catId, c.name, 'category');
    componentRows.push(
      { category_id, code: 'SJ', name: '实绩考核', kind: 'indicators', weight: 60, full_points: 100, normalize_to_100: 1, apply_difficulty: 0, params: '{}', sort_order: 1 },
      { category_id, code: 'MZ', name: '民主测评', kind: 'democratic', weight: 20, full_points: 100, normalize_to_100: 0, apply_difficulty: 0, params: unitLevels, sort_order: 2 },
      { category_id, code: 'PS', name: '平时考核', kind: 'routine', weight: 20, full_points: 100, normalize_to_100: 1, apply_difficulty: 0, params: '{}', sort_order: 3 },
      { category_id, code: 'JJ', name: '加减分', kind: 'bonus', weight: null, full_points: BONUS_RULES.totalCap, normalize_to_100: 0, apply_difficulty: 0, params: '{}', sort_order: 4 },
    );
  }
  for (const c of CADRE_CATEGORIES) {
    const category_id = need(catId, c.name, 'category');
    componentRows.push(
      { category_id, code: 'MZ', name: '民主测评', kind: 'democratic', weight: 60, full_points: 100, normalize_to_100: 0, apply_difficulty: 0, params: cadreLevels, sort_order: 1 },
      { category_id, code: 'PS', name: '平时考核', kind: 'routine', weight: 40, full_points: 100, normalize_to_100: 1, apply_difficulty: 0, params: '{}', sort_order: 2 },
      { category_id, code: 'JJ', name: '加减分', kind: 'bonus', weight: null, full_points: BONUS_RULES.totalCap, normalize_to_100: 0, apply_difficulty: 0, params: '{}', sort_order: 3 },
    );
  }
  const comps = await trx.insertInto('components').values(componentRows).returning(['id', 'category_id', 'code']).execute();
  const compId = new Map(comps.map((r) => [`${r.category_id}:${r.code}`, r.id]));

  // units and cadres
  const plan = planUnits(rng, usedNames);
  const unitRows = await inChunks(
    plan.map((u) => ({ cycle_id: cycleId, category_id: need(catId, u.category.name, 'category'), code: u.code, name: u.name, sort_order: u.sortOrder })),
    (chunk) => trx.insertInto('units').values(chunk).returning(['id', 'code']).execute(),
  );
  const unitId = new Map(unitRows.map((r) => [r.code, r.id]));
  const unitByName = new Map(plan.map((u) => [u.name, u]));
  const cadres = plan.flatMap((u) => u.cadres);
  const cadreCategory = (c: PlannedCadre) => need(catId, CADRE_CATEGORIES.find((k) => k.township === c.unit.township && k.post === c.post)!.name, 'cadre category');
  const cadreRows = await inChunks(
    cadres.map((c) => ({ cycle_id: cycleId, unit_id: need(unitId, c.unit.code, 'unit'), category_id: cadreCategory(c), code: c.code, name: c.name, post: c.post, title: c.title, sort_order: c.sortOrder })),
    (chunk) => trx.insertInto('cadres').values(chunk).returning(['id', 'code']).execute(),
  );
  const cadreId = new Map(cadreRows.map((r) => [r.code, r.id]));

  // indicators: the trees, level by level so that parents exist first
  const flat: FlatIndicator[] = [];
  for (const c of UNIT_CATEGORIES) {
    const categoryId = need(catId, c.name, 'category');
    const tier = c.name === '一类乡镇' ? 1 : c.name === '二类乡镇' ? 2 : 3;
    const variant = DEPARTMENT_VARIANTS[c.name];
    if (c.kind === 'department' && !variant) throw new Error(`demo plan: no indicator variant for ${c.name}`);
    const tree = c.kind === 'township' ? townshipTree(tier) : departmentTree(variant!);
    checkTree(tree, c.name);
    flatten(tree, { categoryId, componentId: need(compId, `${categoryId}:SJ`, 'component') }, '', null, 1, flat);
    flatten(routineLeaves('unit'), { categoryId, componentId: need(compId, `${categoryId}:PS`, 'component') }, 'Q', null, 1, flat);
  }
  for (const c of CADRE_CATEGORIES) {
    const categoryId = need(catId, c.name, 'category');
    flatten(routineLeaves('cadre'), { categoryId, componentId: need(compId, `${categoryId}:PS`, 'component') }, 'Q', null, 1, flat);
  }
  const indicatorId = new Map<string, number>();
  const maxLevel = Math.max(...flat.map((f) => f.level));
  for (let level = 1; level <= maxLevel; level++) {
    const rows: NewRow<'indicators'>[] = flat
      .filter((f) => f.level === level)
      .map((f) => ({
        category_id: f.categoryId,
        component_id: f.componentId,
        parent_id: f.parentCode === null ? null : need(indicatorId, `${f.categoryId}:${f.parentCode}`, 'indicator'),
        code: f.code,
        name: f.spec.name,
        full_points: f.spec.points,
        method: isNode(f.spec) ? null : JSON.stringify(methodSchema.parse(f.spec.method)),
        department_id: isNode(f.spec) ? null : need(deptId, f.spec.dept, 'department'),
        description: isNode(f.spec) ? '' : f.spec.description,
        sort_order: f.sortOrder,
      }));
    const inserted = await inChunks(rows, (chunk) => trx.insertInto('indicators').values(chunk).returning(['id', 'category_id', 'code']).execute());
    for (const r of inserted) indicatorId.set(`${r.category_id}:${r.code}`, r.id);
  }
  const leavesOf = new Map<number, { id: number; spec: LeafSpec }[]>();
  for (const f of flat) {
    if (isNode(f.spec)) continue;
    const list = leavesOf.get(f.categoryId) ?? [];
    list.push({ id: need(indicatorId, `${f.categoryId}:${f.code}`, 'indicator'), spec: f.spec });
    leavesOf.set(f.categoryId, list);
  }

  // score entries: every leaf for every unit (but the unfilled cells), Q1–Q4 for every cadre
  const scoreRng = rng.fork('scores');
  const scoreRows: NewRow<'score_entries'>[] = [];
  const entry = (indicator: number, subject: { unit_id: number } | { cadre_id: number }, leaf: LeafSpec, perf: number): NewRow<'score_entries'> => {
    const e = leaf.sample(perf, scoreRng, leaf.points);
    return {
      indicator_id: indicator,
      unit_id: 'unit_id' in subject ? subject.unit_id : null,
      cadre_id: 'cadre_id' in subject ? subject.cadre_id : null,
      value: e.value,
      text_value: e.text ?? null,
      deductions: e.deductions ? JSON.stringify(e.deductions) : null,
      note: e.note ?? '',
      updated_at: now,
      updated_by: userId,
    };
  };
  for (const u of plan) {
    const categoryId = need(catId, u.category.name, 'category');
    const uid = need(unitId, u.code, 'unit');
    for (const leaf of leavesOf.get(categoryId) ?? []) {
      const perf = clamp(u.quality + scoreRng.normal(0, 0.03), 0.6, 1.02);
      const row = entry(leaf.id, { unit_id: uid }, leaf.spec, perf); // drawn even when left out, so the rest stays the same
      if (u.category.name === UNFILLED.category && leaf.spec.name === UNFILLED.leaf && UNFILLED.units.includes(u.name)) continue;
      scoreRows.push(row);
    }
  }
  const sanctioned = unitByName.get(CADRE_SANCTION.unit)?.cadres.filter((c) => c.post === 'deputy')[CADRE_SANCTION.deputyIndex];
  if (!sanctioned) throw new Error('demo plan: the sanctioned cadre does not exist');
  for (const c of cadres) {
    const categoryId = cadreCategory(c);
    const quality = c === sanctioned ? c.quality - 0.05 : c.quality;
    for (const leaf of leavesOf.get(categoryId) ?? []) {
      scoreRows.push(entry(leaf.id, { cadre_id: need(cadreId, c.code, 'cadre') }, leaf.spec, clamp(quality + scoreRng.normal(0, 0.02), 0.6, 1.02)));
    }
  }
  await inChunks(scoreRows, (chunk) => trx.insertInto('score_entries').values(chunk).execute());

  // rater groups and ballots (民主测评)
  const raterRows = await trx
    .insertInto('rater_groups')
    .values([
      ...UNIT_RATER_GROUPS.map((name, i) => ({ cycle_id: cycleId, subject_kind: 'unit' as const, name, weight: UNIT_RATER_WEIGHTS[i]!, sort_order: i + 1 })),
      ...CADRE_RATER_GROUPS.map((name, i) => ({ cycle_id: cycleId, subject_kind: 'cadre' as const, name, weight: CADRE_RATER_WEIGHTS[i]!, sort_order: i + 1 })),
    ])
    .returning(['id', 'name', 'subject_kind'])
    .execute();
  const raterId = new Map(raterRows.map((r) => [`${r.subject_kind}:${r.name}`, r.id]));
  const voteRng = rng.fork('ballots');
  const ballotRows: NewRow<'eval_ballots'>[] = [];
  const countyLeaders = 18;
  for (const u of plan) {
    const team = u.cadres.length;
    // the meeting of each group: who was expected and who came; the cadres' ballots are cast at the same meeting
    const expected = [
      countyLeaders,
      team,
      u.township ? voteRng.int(35, 60) : voteRng.int(12, 40),
      u.township ? voteRng.int(14, 30) : voteRng.int(4, 12),
      voteRng.int(20, 30),
    ];
    const absent = (n: number) => Math.min(n - 1, voteRng.chance(0.6) ? voteRng.int(0, Math.max(1, Math.round(n * 0.12))) : 0);
    const present = expected.map((n) => n - absent(n));
    UNIT_RATER_GROUPS.forEach((g, i) => {
      const invalid = voteRng.chance(0.3) ? 1 : 0;
      const valid = present[i]! - invalid;
      const p1 = clamp(0.35 + (u.quality - 0.8) * 3.2 + UNIT_RATER_BIAS[i]! + voteRng.normal(0, 0.04), 0.12, 0.95);
      ballotRows.push({
        rater_group_id: need(raterId, `unit:${g}`, 'rater group'),
        unit_id: need(unitId, u.code, 'unit'),
        cadre_id: null,
        expected: expected[i]!,
        present: present[i]!,
        valid,
        invalid,
        votes: JSON.stringify(drawVotes(voteRng, DEFAULT_UNIT_EVAL_LEVELS, p1, [0.74, 0.22, 0.04], valid)),
        updated_at: now,
      });
    });
    // a cadre's own team rates him without him: team − 1
    const cadreExpected = [voteRng.int(5, 8), team - 1, u.township ? voteRng.int(15, 30) : voteRng.int(8, 20), voteRng.int(10, 20)];
    const cadrePresent = cadreExpected.map((n) => n - absent(n));
    for (const c of u.cadres) {
      const quality = c === sanctioned ? c.quality - 0.08 : c.quality;
      CADRE_RATER_GROUPS.forEach((g, i) => {
        const invalid = voteRng.chance(0.15) ? 1 : 0;
        const valid = cadrePresent[i]! - invalid;
        const p1 = clamp(0.3 + (quality - 0.8) * 3.2 + CADRE_RATER_BIAS[i]! + voteRng.normal(0, 0.05), 0.08, 0.92);
        ballotRows.push({
          rater_group_id: need(raterId, `cadre:${g}`, 'rater group'),
          unit_id: null,
          cadre_id: need(cadreId, c.code, 'cadre'),
          expected: cadreExpected[i]!,
          present: cadrePresent[i]!,
          valid,
          invalid,
          votes: JSON.stringify(drawVotes(voteRng, DEFAULT_CADRE_EVAL_LEVELS, p1, [0.86, 0.12, 0.02], valid)),
          updated_at: now,
        });
      });
    }
  }
  await inChunks(ballotRows, (chunk) => trx.insertInto('eval_ballots').values(chunk).execute());

  // events: honours, criticisms, one 一票否优, one sanction
  const eventRows: NewRow<'events'>[] = UNIT_EVENTS.map((e) => ({
    cycle_id: cycleId,
    unit_id: need(unitId, need(unitByName, e.unit, 'unit').code, 'unit'),
    cadre_id: null,
    kind: e.kind,
    type: e.type,
    honour_key: e.honourKey ?? null,
    level_rank: e.levelRank ?? null,
    points: e.points,
    reason: e.reason,
    evidence: fill(e.evidence),
    occurred_on: dateIn(year, e.on),
    closed_on: null,
    created_at: now,
  }));
  eventRows.push({
    cycle_id: cycleId,
    unit_id: null,
    cadre_id: need(cadreId, sanctioned.code, 'cadre'),
    kind: 'sanction',
    type: CADRE_SANCTION.type,
    honour_key: null,
    level_rank: null,
    points: 0,
    reason: CADRE_SANCTION.reason,
    evidence: fill(CADRE_SANCTION.evidence),
    occurred_on: dateIn(year, CADRE_SANCTION.on),
    closed_on: null,
    created_at: now,
  });
  await trx.insertInto('events').values(eventRows).execute();

  // assessment groups (考核组): two for the townships, four for the departments
  const groupRows = await trx
    .insertInto('assessment_groups')
    .values(GROUP_NAMES.map((name, i) => ({ cycle_id: cycleId, name, sort_order: i + 1 })))
    .returning(['id', 'name'])
    .execute();
  const groupId = new Map(groupRows.map((r) => [r.name, r.id]));
  const memberNames = nameMaker(rng.fork('assessors'), usedNames);
  const memberRng = rng.fork('assessor-sex');
  const memberRows: NewRow<'group_members'>[] = [];
  const groupUnitRows: NewRow<'group_units'>[] = [];
  const townships = plan.filter((u) => u.township);
  const departments = plan.filter((u) => !u.township);
  const assigned: PlannedUnit[][] = [
    townships.slice(0, Math.ceil(townships.length / 2)),
    townships.slice(Math.ceil(townships.length / 2)),
    ...[0, 1, 2, 3].map((k) => departments.slice(Math.round((k * departments.length) / 4), Math.round(((k + 1) * departments.length) / 4))),
  ];
  GROUP_NAMES.forEach((name, i) => {
    const group_id = need(groupId, name, 'group');
    const person = (role: NewRow<'group_members'>['role'], affiliation: string) =>
      memberRows.push({ group_id, name: memberNames.next(memberRng.chance(0.3)), role, affiliation });
    person('leader', GROUP_LEADERS[i]!);
    person('deputy', GROUP_DEPUTIES[i]!);
    person('member_a', GROUP_A_POSTS[2 * i]!);
    person('member_a', GROUP_A_POSTS[2 * i + 1]!);
    person('member_b', GROUP_B_POSTS[2 * i]!);
    person('member_b', GROUP_B_POSTS[2 * i + 1]!);
    for (const u of assigned[i] ?? []) groupUnitRows.push({ group_id, unit_id: need(unitId, u.code, 'unit') });
  });
  await trx.insertInto('group_members').values(memberRows).execute();
  await trx.insertInto('group_units').values(groupUnitRows).execute();

  // feedback (反馈问题): strengths and problems of four units
  const deadline = `${year + 1}-03-31`;
  // (every row names every column: a multi-row insert in SQLite writes NULL, not the default, for a missing one)
  const feedbackRows: NewRow<'feedback_items'>[] = [];
  for (const f of FEEDBACK) {
    const unit_id = need(unitId, need(unitByName, f.unit, 'unit').code, 'unit');
    let order = 0;
    for (const text of f.strengths) feedbackRows.push({ cycle_id: cycleId, unit_id, kind: 'strength', text, requirement: '', deadline: null, status: 'fed_back', closed_at: null, closed_by: null, sort_order: ++order });
    for (const pr of f.problems) {
      feedbackRows.push({ cycle_id: cycleId, unit_id, kind: 'problem', text: pr.text, requirement: pr.requirement, deadline, status: 'fed_back', closed_at: null, closed_by: null, sort_order: ++order });
    }
  }
  await trx.insertInto('feedback_items').values(feedbackRows).execute();

  return {
    cycleId,
    counts: {
      categories: categoryRows.length,
      units: plan.length,
      cadres: cadres.length,
      departments: deptRows.length,
      indicators: flat.length,
      scoreEntries: scoreRows.length,
      ballots: ballotRows.length,
      events: eventRows.length,
      groups: groupRows.length,
      feedbackItems: feedbackRows.length,
    },
  };
}
