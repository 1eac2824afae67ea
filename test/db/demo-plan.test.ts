// The demo plan on a real SQLite file: what a newcomer trying the application
// depends on — the county's categories, units and cadres, a sound indicator
// tree, consistent ballots, data for (nearly) every cell, determinism, the
// audit row, and grades the engine can decide.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type ServiceContext } from '../../electron/core/context.ts';
import { createDemoPlan } from '../../electron/core/demo/demo-plan.ts';
import { loadEngineInput } from '../../electron/core/repos/engine-input.ts';
import { categorySettingsSchema, methodSchema } from '../../shared/domain.ts';
import { compute } from '../../shared/engine/compute.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-demo-'));
const fixedNow = () => new Date('2026-01-10T08:00:00Z');
const contexts: ServiceContext[] = [];

async function freshContext(name: string): Promise<ServiceContext> {
  const ctx = await createContext({ dbFile: path.join(dir, `${name}.db`), documentsDir: path.join(dir, 'documents'), now: fixedNow });
  contexts.push(ctx);
  return ctx;
}

/** A checksum of the data entered: score values, ballots and events, in a stable order. */
async function dataChecksum(ctx: ServiceContext, cycleId: number): Promise<string> {
  const scores = await ctx.db
    .selectFrom('score_entries')
    .innerJoin('indicators', 'indicators.id', 'score_entries.indicator_id')
    .innerJoin('categories', 'categories.id', 'indicators.category_id')
    .leftJoin('units', 'units.id', 'score_entries.unit_id')
    .leftJoin('cadres', 'cadres.id', 'score_entries.cadre_id')
    .select(['categories.name as cat', 'indicators.code as ind', 'units.code as unit', 'cadres.code as cadre', 'score_entries.value', 'score_entries.text_value', 'score_entries.deductions'])
    .where('categories.cycle_id', '=', cycleId)
    .orderBy('categories.name')
    .orderBy('indicators.code')
    .orderBy('units.code')
    .orderBy('cadres.code')
    .execute();
  const ballots = await ctx.db
    .selectFrom('eval_ballots')
    .innerJoin('rater_groups', 'rater_groups.id', 'eval_ballots.rater_group_id')
    .leftJoin('units', 'units.id', 'eval_ballots.unit_id')
    .leftJoin('cadres', 'cadres.id', 'eval_ballots.cadre_id')
    .select(['rater_groups.name as g', 'units.code as unit', 'cadres.code as cadre', 'expected', 'present', 'valid', 'invalid', 'votes'])
    .where('rater_groups.cycle_id', '=', cycleId)
    .orderBy('units.code')
    .orderBy('cadres.code')
    .orderBy('rater_groups.sort_order')
    .execute();
  const people = await ctx.db.selectFrom('cadres').select(['code', 'name', 'title']).where('cycle_id', '=', cycleId).orderBy('code').execute();
  return createHash('sha256').update(JSON.stringify({ scores, ballots, people })).digest('hex');
}

let ctx: ServiceContext;
let cycleId: number;
let elapsedMs = 0;

beforeAll(async () => {
  ctx = await freshContext('demo-a');
  const t0 = performance.now();
  cycleId = await createDemoPlan(ctx);
  elapsedMs = performance.now() - t0;
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function unitCategories() {
  return ctx.db.selectFrom('categories').selectAll().where('cycle_id', '=', cycleId).where('kind', '=', 'unit').orderBy('sort_order').execute();
}

describe('the demo plan', () => {
  it('creates a collecting cycle of the county organization department, quickly', async () => {
    const cycle = await ctx.db.selectFrom('cycles').selectAll().where('id', '=', cycleId).executeTakeFirstOrThrow();
    expect(cycle).toMatchObject({ name: '2025年度综合考核', year: 2025, status: 'collecting', organ: '中共清河县委组织部' });
    expect(cycle.created_at).toBe(fixedNow().toISOString());
    expect(elapsedMs).toBeLessThan(5000); // about 0.15 s on a developer machine
  });

  it('has 12 townships in three classes with their difficulty', async () => {
    const rows = await ctx.db
      .selectFrom('units')
      .innerJoin('categories', 'categories.id', 'units.category_id')
      .select(['categories.name as cat', 'categories.difficulty', 'units.code', 'units.name'])
      .where('units.cycle_id', '=', cycleId)
      .where('units.code', 'like', 'XZ%')
      .orderBy('units.sort_order')
      .execute();
    expect(rows).toHaveLength(12);
    const byCat = (n: string) => rows.filter((r) => r.cat === n);
    expect(byCat('一类乡镇')).toHaveLength(5);
    expect(byCat('二类乡镇')).toHaveLength(4);
    expect(byCat('三类乡镇')).toHaveLength(3);
    expect([byCat('一类乡镇')[0]!.difficulty, byCat('二类乡镇')[0]!.difficulty, byCat('三类乡镇')[0]!.difficulty]).toEqual([1, 0.9, 0.8]);
    expect(rows.map((r) => r.code)).toEqual(Array.from({ length: 12 }, (_, i) => `XZ${String(i + 1).padStart(2, '0')}`));
    for (const r of rows) expect(r.name).toMatch(/(镇|乡|街道)$/);
  });

  it('has about 40 departments in 5 categories, every category with valid settings', async () => {
    const cats = await unitCategories();
    const deptCats = cats.filter((c) => !c.name.includes('乡镇'));
    expect(deptCats.map((c) => c.name)).toEqual(['党群部门', '综合管理部门', '经济发展部门', '社会事业部门', '执法监管部门']);
    const depts = await ctx.db.selectFrom('units').select(['category_id', 'code']).where('cycle_id', '=', cycleId).where('code', 'like', 'BM%').execute();
    expect(depts.length).toBeGreaterThanOrEqual(36);
    expect(depts.length).toBeLessThanOrEqual(44);
    for (const c of deptCats) expect(depts.filter((d) => d.category_id === c.id).length).toBeGreaterThanOrEqual(5);
    const all = await ctx.db.selectFrom('categories').select(['name', 'settings']).where('cycle_id', '=', cycleId).execute();
    for (const c of all) {
      const settings = categorySettingsSchema.parse(JSON.parse(c.settings));
      expect(settings.bonus.totalCap, c.name).toBe(5);
    }
  });

  it('has 280–320 cadres, each in the right cadre category, and exactly one head per unit', async () => {
    const cadres = await ctx.db
      .selectFrom('cadres')
      .innerJoin('categories', 'categories.id', 'cadres.category_id')
      .innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['cadres.unit_id', 'cadres.post', 'cadres.name', 'cadres.code', 'categories.kind', 'categories.name as cat', 'units.code as unit_code'])
      .where('cadres.cycle_id', '=', cycleId)
      .execute();
    expect(cadres.length).toBeGreaterThanOrEqual(280);
    expect(cadres.length).toBeLessThanOrEqual(320);
    for (const c of cadres) {
      expect(c.kind).toBe('cadre');
      const expected = `${c.unit_code.startsWith('XZ') ? '乡镇' : '部门'}${c.post === 'head' ? '正职' : '副职'}`;
      expect(c.cat, c.code).toBe(expected);
    }
    const units = await ctx.db.selectFrom('units').select('id').where('cycle_id', '=', cycleId).execute();
    for (const u of units) {
      const team = cadres.filter((c) => c.unit_id === u.id);
      expect(team.filter((c) => c.post === 'head')).toHaveLength(1);
      expect(team.length - 1).toBeGreaterThanOrEqual(4);
      expect(team.length - 1).toBeLessThanOrEqual(7);
    }
    expect(new Set(cadres.map((c) => c.name)).size).toBe(cadres.length);
  });

  it('has indicator trees whose inner nodes equal the sum of their children', async () => {
    const cats = await unitCategories();
    const rows = await ctx.db
      .selectFrom('indicators')
      .innerJoin('components', 'components.id', 'indicators.component_id')
      .select(['indicators.id', 'indicators.category_id', 'indicators.parent_id', 'indicators.full_points', 'indicators.method', 'indicators.department_id', 'indicators.code', 'components.kind'])
      .where('indicators.category_id', 'in', cats.map((c) => c.id))
      .execute();
    const childSum = new Map<number, number>();
    for (const r of rows) if (r.parent_id !== null) childSum.set(r.parent_id, (childSum.get(r.parent_id) ?? 0) + r.full_points);
    let inner = 0;
    for (const r of rows) {
      const sum = childSum.get(r.id);
      if (sum === undefined) continue;
      inner++;
      expect(Math.abs(sum - r.full_points), `indicator ${r.code}`).toBeLessThan(1e-9);
      expect(r.method).toBeNull();
    }
    expect(inner).toBeGreaterThan(0);
    for (const c of cats) {
      const perf = rows.filter((r) => r.category_id === c.id && r.kind === 'indicators');
      const roots = perf.filter((r) => r.parent_id === null);
      expect(roots.reduce((s, r) => s + r.full_points, 0), c.name).toBe(100);
      const leaves = perf.filter((r) => !childSum.has(r.id));
      expect(leaves.length, c.name).toBeGreaterThanOrEqual(20);
      expect(leaves.length, c.name).toBeLessThanOrEqual(30);
      expect(Math.max(...leaves.map((l) => l.code.split('.').length)), c.name).toBe(3); // three levels
      const routine = rows.filter((r) => r.category_id === c.id && r.kind === 'routine');
      expect(routine.map((r) => r.full_points)).toEqual([25, 25, 25, 25]);
    }
  });

  it('gives every leaf a method that parses and a responsible department, with a variety of methods', async () => {
    const rows = await ctx.db
      .selectFrom('indicators')
      .innerJoin('categories', 'categories.id', 'indicators.category_id')
      .select(['indicators.id', 'indicators.code', 'indicators.method', 'indicators.department_id', 'indicators.description'])
      .select((eb) => eb.exists(eb.selectFrom('indicators as k').select('k.id').whereRef('k.parent_id', '=', 'indicators.id')).as('has_children'))
      .where('categories.cycle_id', '=', cycleId)
      .execute();
    const leaves = rows.filter((r) => !r.has_children);
    const types = new Set<string>();
    for (const l of leaves) {
      expect(l.method, l.code).not.toBeNull();
      const m = methodSchema.safeParse(JSON.parse(l.method!));
      expect(m.success, `${l.code}: ${l.method}`).toBe(true);
      if (m.success) types.add(m.data.type);
      expect(l.department_id, l.code).not.toBeNull();
      expect(l.description.length, l.code).toBeGreaterThan(0);
    }
    for (const t of ['direct', 'completion', 'steps', 'bands', 'letter', 'rank', 'deduction']) expect(types).toContain(t);
  });

  it('has a ballot for every subject and rater group, with valid ≤ present ≤ expected and votes summing to valid', async () => {
    const groups = await ctx.db.selectFrom('rater_groups').selectAll().where('cycle_id', '=', cycleId).execute();
    expect(groups.filter((g) => g.subject_kind === 'unit').map((g) => [g.name, g.weight])).toEqual([
      ['县领导', 30],
      ['班子成员', 20],
      ['机关干部', 20],
      ['村（社区）和下属单位负责人', 15],
      ['服务对象和群众代表', 15],
    ]);
    expect(groups.filter((g) => g.subject_kind === 'cadre').map((g) => g.name)).toEqual(['上级领导', '班子成员', '中层干部', '服务对象']);
    const ballots = await ctx.db.selectFrom('eval_ballots').selectAll().where('rater_group_id', 'in', groups.map((g) => g.id)).execute();
    const units = await ctx.db.selectFrom('units').select('id').where('cycle_id', '=', cycleId).execute();
    const cadres = await ctx.db.selectFrom('cadres').select('id').where('cycle_id', '=', cycleId).execute();
    expect(ballots).toHaveLength(units.length * 5 + cadres.length * 4);
    for (const b of ballots) {
      expect(b.valid).toBeGreaterThan(0);
      expect(b.valid).toBeLessThanOrEqual(b.present);
      expect(b.present).toBeLessThanOrEqual(b.expected);
      expect(b.valid + b.invalid).toBeLessThanOrEqual(b.present);
      const votes = JSON.parse(b.votes) as Record<string, number>;
      expect(Object.values(votes).reduce((s, v) => s + v, 0)).toBe(b.valid);
      const levels = b.unit_id !== null ? ['好', '较好', '一般', '差'] : ['优秀', '称职', '基本称职', '不称职'];
      expect(Object.keys(votes)).toEqual(levels);
    }
  });

  it('fills every cell but three of one responsible department', async () => {
    const cats = await unitCategories();
    const leaves = await ctx.db
      .selectFrom('indicators')
      .select(['indicators.id', 'indicators.category_id', 'indicators.department_id'])
      .where('indicators.category_id', 'in', cats.map((c) => c.id))
      .where('indicators.method', 'is not', null)
      .execute();
    const units = await ctx.db.selectFrom('units').select(['id', 'category_id']).where('cycle_id', '=', cycleId).execute();
    const entries = await ctx.db.selectFrom('score_entries').select(['indicator_id', 'unit_id', 'value', 'text_value', 'deductions']).where('unit_id', 'is not', null).execute();
    const filled = new Set(entries.filter((e) => e.value !== null || e.text_value !== null || e.deductions !== null).map((e) => `${e.indicator_id}:${e.unit_id}`));
    const missing = [];
    for (const u of units) for (const l of leaves) if (l.category_id === u.category_id && !filled.has(`${l.id}:${u.id}`)) missing.push(l);
    expect(missing).toHaveLength(3);
    expect(new Set(missing.map((m) => m.department_id)).size).toBe(1);
    const cadreCells = await ctx.db.selectFrom('score_entries').select('id').where('cadre_id', 'is not', null).execute();
    const cadres = await ctx.db.selectFrom('cadres').select('id').where('cycle_id', '=', cycleId).execute();
    expect(cadreCells).toHaveLength(cadres.length * 4);
  });

  it('records honours, criticisms, one 一票否优 and one sanction', async () => {
    const events = await ctx.db.selectFrom('events').selectAll().where('cycle_id', '=', cycleId).execute();
    const bonus = events.filter((e) => e.kind === 'bonus');
    expect(bonus.length).toBeGreaterThanOrEqual(20);
    expect(new Set(bonus.map((e) => e.type))).toEqual(new Set(['荣誉表彰', '争先创优']));
    expect(events.filter((e) => e.kind === 'deduction').length).toBeGreaterThanOrEqual(8);
    const vetoTop = events.filter((e) => e.kind === 'veto_top');
    expect(vetoTop).toHaveLength(1);
    expect(vetoTop[0]!.unit_id).not.toBeNull();
    const sanction = events.filter((e) => e.kind === 'sanction');
    expect(sanction).toHaveLength(1);
    expect(sanction[0]).toMatchObject({ unit_id: null, reason: '受党内警告处分' });
    // the same honour at two levels, for the "highest only" rule
    const honours = bonus.filter((e) => e.honour_key !== null);
    const pairs = new Set(honours.filter((e) => honours.some((o) => o.id !== e.id && o.honour_key === e.honour_key && o.unit_id === e.unit_id && o.level_rank !== e.level_rank)).map((e) => e.honour_key));
    expect(pairs.size).toBeGreaterThanOrEqual(2);
  });

  it('has six assessment groups that cover every unit once, and feedback for a few units', async () => {
    const groups = await ctx.db.selectFrom('assessment_groups').select('id').where('cycle_id', '=', cycleId).execute();
    expect(groups).toHaveLength(6);
    const members = await ctx.db.selectFrom('group_members').select(['group_id', 'role', 'name']).where('group_id', 'in', groups.map((g) => g.id)).execute();
    const cadreNames = new Set((await ctx.db.selectFrom('cadres').select('name').where('cycle_id', '=', cycleId).execute()).map((c) => c.name));
    for (const m of members) expect(cadreNames.has(m.name), m.name).toBe(false); // assessors are other people than the assessed
    for (const g of groups) {
      const roles = members.filter((m) => m.group_id === g.id).map((m) => m.role);
      expect(roles.filter((r) => r === 'leader')).toHaveLength(1);
      for (const r of ['deputy', 'member_a', 'member_b'] as const) expect(roles).toContain(r);
    }
    const assigned = await ctx.db.selectFrom('group_units').select('unit_id').where('group_id', 'in', groups.map((g) => g.id)).execute();
    const units = await ctx.db.selectFrom('units').select('id').where('cycle_id', '=', cycleId).execute();
    expect(assigned.map((a) => a.unit_id).sort((a, b) => a - b)).toEqual(units.map((u) => u.id).sort((a, b) => a - b));
    const feedback = await ctx.db.selectFrom('feedback_items').select(['unit_id', 'kind', 'requirement', 'deadline']).where('cycle_id', '=', cycleId).execute();
    const fedUnits = new Set(feedback.map((f) => f.unit_id));
    expect(fedUnits.size).toBeGreaterThanOrEqual(3);
    expect(fedUnits.size).toBeLessThanOrEqual(4);
    for (const f of feedback.filter((x) => x.kind === 'problem')) expect(f).toMatchObject({ requirement: expect.any(String), deadline: '2026-03-31' });
  });

  it('writes one audit row, demo.create by the acting user', async () => {
    const rows = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'demo.create').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_id: ctx.actor.id, entity: 'cycle', entity_id: cycleId, cycle_id: cycleId });
  });

  it('gives the same data for the same seed, and other data for another seed', async () => {
    const other = await freshContext('demo-b');
    const again = await createDemoPlan(other);
    expect(await dataChecksum(other, again)).toBe(await dataChecksum(ctx, cycleId));
    const third = await freshContext('demo-c');
    const different = await createDemoPlan(third, { seed: 7 });
    expect(await dataChecksum(third, different)).not.toBe(await dataChecksum(ctx, cycleId));
  });

  it('takes the year from the options', async () => {
    const c = await freshContext('demo-2024');
    const id = await createDemoPlan(c, { year: 2024 });
    const cycle = await c.db.selectFrom('cycles').select(['name', 'year']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(cycle).toEqual({ name: '2024年度综合考核', year: 2024 });
    const events = await c.db.selectFrom('events').select('occurred_on').where('cycle_id', '=', id).execute();
    for (const e of events) expect(e.occurred_on).toMatch(/^2024-/);
  });

  it('computes to plausible totals, with at least one 优秀 in every unit category', async () => {
    const out = compute(await loadEngineInput(ctx.db, cycleId));
    const cats = await unitCategories();
    for (const c of cats) {
      const results = out.results.filter((r) => r.categoryId === c.id);
      expect(results.length, c.name).toBeGreaterThan(0);
      for (const r of results) {
        expect(r.total, `${c.name} ${r.subjectKey}`).toBeGreaterThanOrEqual(60);
        expect(r.total, `${c.name} ${r.subjectKey}`).toBeLessThanOrEqual(105);
      }
      expect(results.filter((r) => r.grade.grade === '优秀').length, c.name).toBeGreaterThanOrEqual(1);
    }
    // the 一票否优 unit is not 优秀, and the missing cells show as missing data
    const vetoed = await ctx.db.selectFrom('events').select('unit_id').where('cycle_id', '=', cycleId).where('kind', '=', 'veto_top').executeTakeFirstOrThrow();
    expect(out.results.find((r) => r.subjectKey === `unit:${vetoed.unit_id}`)!.grade.grade).not.toBe('优秀');
    expect(out.results.reduce((s, r) => s + r.missingCount, 0)).toBe(3);
  });
});
