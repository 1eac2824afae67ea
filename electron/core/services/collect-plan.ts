// The year's people and parts (issue 7): cadres, responsible departments,
// assessment groups and components — create, edit and delete. A delete
// answers first with what goes with it (dryRun), then deletes it all in one
// transaction; what the deleted rows held is in the audit trail.
import { parseSubjectKey } from '../../../shared/domain.ts';
import { AppError, notFound, type RowProblem } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { Deletion } from '../../../shared/ipc/contract-collect.ts';
import type { ServiceContext, WriteTx } from '../context.ts';
import type { Db } from '../context.ts';
import { deleteAudited, insertAudited, updateAudited } from '../repos/audited.ts';
import { getCategory, listCategories } from '../repos/categories.ts';
import { listIndicators } from '../repos/indicators.ts';
import { inDepartmentWorkbook } from '../collect/layout.ts';
import { requireCycle } from '../repos/cycles.ts';
import { listCadres } from '../repos/subjects.ts';

const GOES_WITH_LABELS: Record<string, [string, string]> = {
  cadres: ['领导干部', '名'],
  indicators: ['指标', '项'],
  scores: ['得分', '项'],
  ballots: ['测评票数', '条'],
  events: ['加减分和否决事项', '条'],
  adjustments: ['等次调整', '条'],
  results: ['计算结果', '条'],
  members: ['考核组成员', '人'],
  groupUnits: ['考核组联系单位', '个'],
  indicatorsCleared: ['指标的责任单位（将置空）', '项'],
};

/** “将删除干部“张三”，及其得分 12 项、测评票数 3 条。” — the sentence a confirmation shows. */
export function deletionOf(what: string, names: string[], deleted: number, goesWith: Record<string, number>, dryRun: boolean): Deletion {
  const listed = names.slice(0, 5).map((n) => `“${n}”`).join('、') + (names.length > 5 ? `等 ${names.length} 个` : '');
  const parts = Object.entries(goesWith)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => {
      const [label, unit] = GOES_WITH_LABELS[k] ?? [k, '项'];
      return `${label} ${n} ${unit}`;
    });
  const message = `${dryRun ? '将删除' : '已删除'}${what}${listed}${parts.length ? `，连同${parts.join('、')}` : ''}。`;
  return { dryRun, deleted, goesWith, message };
}

async function countWhere(db: Db, table: 'score_entries' | 'eval_ballots' | 'events' | 'adjustments' | 'results', column: 'cadre_id' | 'unit_id' | 'indicator_id', ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column, 'in', ids).executeTakeFirst();
  return Number(r?.n ?? 0);
}

// ---- cadres ------------------------------------------------------------------------------------------

type CadreInput = Omit<ParsedInputOf<'saveCadre'>, 'cycleId'>;

/** The codes of a year's cadres, handing out new ones (GB001, GB002 …) as a batch needs them. */
async function cadreCodes(db: Db, cycleId: number) {
  const rows = await db.selectFrom('cadres').select(['id', 'code', 'name']).where('cycle_id', '=', cycleId).execute();
  const byCode = new Map<string, { id: number | symbol; name: string }>(rows.map((r) => [r.code, { id: r.id, name: r.name }]));
  // new codes continue the year's own numbering (GB0001 … as the demo and imports write them)
  const numbered = rows.map((r) => /^GB(\d+)$/.exec(r.code)?.[1]).filter((d): d is string => d !== undefined);
  const width = Math.max(4, ...numbered.map((d) => d.length));
  let n = Math.max(0, ...numbered.map(Number)) + 1;
  const codeOf = (k: number) => `GB${String(k).padStart(width, '0')}`;
  return {
    holder: (code: string) => byCode.get(code),
    take: (code: string, id: number | symbol, name: string) => void byCode.set(code, { id, name }),
    next: () => {
      while (byCode.has(codeOf(n))) n++;
      return codeOf(n);
    },
  };
}

interface CadrePlan {
  existing: { id: number; category_id: number } | undefined;
  unitId: number;
  categoryId: number;
  values: { unit_id: number; category_id: number; code: string; name: string; post: string; title: string };
}

/** Checks one cadre row against the year (category, unit, code); what to write, or an AppError naming the field. */
async function planCadre(db: Db, cycleId: number, input: CadreInput, codes: Awaited<ReturnType<typeof cadreCodes>>): Promise<CadrePlan> {
  const cat = await getCategory(db, input.categoryId);
  if (cat.cycleId !== cycleId) throw new AppError('invalid_input', `考核类别“${cat.name}”不属于当前考核年度。`, { kind: 'field', path: 'categoryId' });
  if (cat.kind !== 'cadre') throw new AppError('invalid_input', `“${cat.name}”是单位类别，不能放入领导干部。`, { kind: 'field', path: 'categoryId' });
  const unit = await db.selectFrom('units').select(['id', 'name', 'cycle_id']).where('id', '=', input.unitId).executeTakeFirst();
  if (!unit) throw new AppError('not_found', `找不到被考核单位（编号 ${input.unitId}），可能已被删除。`, { kind: 'field', path: 'unitId' });
  if (unit.cycle_id !== cycleId) throw new AppError('invalid_input', `单位“${unit.name}”不属于当前考核年度。`, { kind: 'field', path: 'unitId' });
  const existing = input.id !== undefined ? await db.selectFrom('cadres').selectAll().where('id', '=', input.id).executeTakeFirst() : undefined;
  if (input.id !== undefined && !existing) throw new AppError('not_found', `找不到领导干部（编号 ${input.id}），可能已被删除。`, { kind: 'field', path: 'id' });
  if (existing && existing.cycle_id !== cycleId) throw new AppError('invalid_input', `干部“${existing.name}”不属于当前考核年度。`, { kind: 'field', path: 'id' });
  const code = input.code ?? existing?.code ?? codes.next();
  // a new row is itself only (two new rows never share a code)
  const self = existing?.id ?? Symbol('new cadre');
  const dup = codes.holder(code);
  if (dup && dup.id !== self) throw new AppError('conflict', `干部代码“${code}”已被“${dup.name}”使用。`, { kind: 'field', path: 'code' });
  codes.take(code, self, input.name);
  return { existing, unitId: unit.id, categoryId: cat.id, values: { unit_id: unit.id, category_id: cat.id, code, name: input.name, post: input.post, title: input.title ?? existing?.title ?? '' } };
}

async function writeCadre(w: WriteTx, cycleId: number, plan: CadrePlan): Promise<number> {
  w.touch([plan.categoryId]);
  if (plan.existing) {
    // moving a cadre to another category changes the ranking there too
    w.touch([plan.existing.category_id]);
    await updateAudited(w, 'cadres', 'cadre', plan.existing.id, plan.values);
    return plan.existing.id;
  }
  const max = await w.trx.selectFrom('cadres').select((eb) => eb.fn.max('sort_order').as('m')).where('unit_id', '=', plan.unitId).executeTakeFirst();
  return insertAudited(w, 'cadres', 'cadre', { cycle_id: cycleId, ...plan.values, sort_order: Number(max?.m ?? 0) + 1 });
}

export async function saveCadre(ctx: ServiceContext, input: ParsedInputOf<'saveCadre'>): Promise<OutputOf<'saveCadre'>> {
  await requireCycle(ctx.db, input.cycleId);
  const plan = await planCadre(ctx.db, input.cycleId, input, await cadreCodes(ctx.db, input.cycleId));
  const id = await ctx.write({ action: plan.existing ? 'cadre.update' : 'cadre.create', entity: 'cadre', entityId: plan.existing?.id ?? null, cycleId: input.cycleId, scope: 'plan' }, (w) =>
    writeCadre(w, input.cycleId, plan),
  );
  return (await listCadres(ctx.db, input.cycleId)).find((c) => c.id === id)!;
}

/** Rows of a batch checked one by one; every bad row is named at once and nothing is written. */
async function planRows<I, P>(rows: readonly I[], plan: (row: I) => Promise<P>, what: string): Promise<P[]> {
  const plans: P[] = [];
  const problems: RowProblem[] = [];
  for (const [index, row] of rows.entries()) {
    try {
      plans.push(await plan(row));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      problems.push({ index, field: e.location?.kind === 'field' ? e.location.path : '', message: e.message });
    }
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, 5).map((p) => `第 ${p.index + 1} 行：${p.message}`).join('；');
    throw new AppError('invalid_input', `${problems.length} 行${what}有误，均未保存：${listed}${problems.length > 5 ? `；另有 ${problems.length - 5} 行` : ''}`, { kind: 'rows', rows: problems });
  }
  return plans;
}

/** Many cadres (a pasted block, an edited sheet) in one transaction: all of them or none. */
export async function saveCadres(ctx: ServiceContext, input: ParsedInputOf<'saveCadres'>): Promise<OutputOf<'saveCadres'>> {
  await requireCycle(ctx.db, input.cycleId);
  const codes = await cadreCodes(ctx.db, input.cycleId);
  const plans = await planRows(input.rows, (row) => planCadre(ctx.db, input.cycleId, row, codes), '领导干部');
  const ids = await ctx.write({ action: 'cadre.save_many', entity: 'cadre', cycleId: input.cycleId, scope: 'plan', detail: { rows: plans.length } }, async (w) => {
    const out: number[] = [];
    for (const plan of plans) out.push(await writeCadre(w, input.cycleId, plan));
    return out;
  });
  const all = new Map((await listCadres(ctx.db, input.cycleId)).map((c) => [c.id, c]));
  return { saved: ids.map((id) => all.get(id)!) };
}

export async function deleteCadres(ctx: ServiceContext, input: ParsedInputOf<'deleteCadres'>): Promise<OutputOf<'deleteCadres'>> {
  const wanted = [...new Set(input.ids)];
  const rows = await ctx.db.selectFrom('cadres').select(['id', 'name', 'cycle_id', 'category_id']).where('id', 'in', wanted).execute();
  if (rows.length !== wanted.length) {
    const missing = wanted.filter((i) => !rows.some((r) => r.id === i));
    throw new AppError('not_found', `找不到领导干部（编号 ${missing.join('、')}），未删除任何干部。`, { kind: 'field', path: 'ids' });
  }
  const cycleId = rows[0]!.cycle_id;
  if (rows.some((r) => r.cycle_id !== cycleId)) throw new AppError('invalid_input', '一次只能删除同一考核年度的干部。', { kind: 'field', path: 'ids' });
  const goesWith = async (db: Db) => ({
    scores: await countWhere(db, 'score_entries', 'cadre_id', wanted),
    ballots: await countWhere(db, 'eval_ballots', 'cadre_id', wanted),
    events: await countWhere(db, 'events', 'cadre_id', wanted),
    adjustments: await countWhere(db, 'adjustments', 'cadre_id', wanted),
  });
  const names = rows.map((r) => r.name);
  if (input.dryRun) return deletionOf('领导干部', names, rows.length, await goesWith(ctx.db), true);
  return ctx.write({ action: 'cadre.delete', entity: 'cadre', cycleId, scope: 'plan', detail: { ids: wanted, names } }, async (w) => {
    const g = await goesWith(w.trx);
    w.touch(rows.map((r) => r.category_id));
    w.note(g);
    const deleted = await deleteAudited(w, 'cadres', 'cadre', wanted);
    return deletionOf('领导干部', names, deleted, g, false);
  });
}

// ---- responsible departments ---------------------------------------------------------------------------

async function departmentDetail(db: Db, id: number): Promise<OutputOf<'saveDepartment'>> {
  const d = await db.selectFrom('departments').select(['id', 'name', 'contact', 'cycle_id']).where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound('责任单位', id);
  return { id: d.id, name: d.name, contact: d.contact, indicatorCount: await indicatorCountOf(db, id), fillableCount: (await fillableCounts(db, d.cycle_id)).get(id) ?? 0 };
}

/** Per department, the leaves its collection workbook holds (the template's own rule: collect/layout.ts). */
async function fillableCounts(db: Db, cycleId: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const cat of await listCategories(db, cycleId)) {
    for (const i of await listIndicators(db, cat.id)) {
      if (i.departmentId !== null && inDepartmentWorkbook(i, i.departmentId)) out.set(i.departmentId, (out.get(i.departmentId) ?? 0) + 1);
    }
  }
  return out;
}

async function indicatorCountOf(db: Db, departmentId: number): Promise<number> {
  const r = await db.selectFrom('indicators').select((eb) => eb.fn.countAll<number>().as('n')).where('department_id', '=', departmentId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function listDepartmentDetails(ctx: ServiceContext, cycleId: number): Promise<OutputOf<'listDepartmentDetails'>> {
  await requireCycle(ctx.db, cycleId);
  const rows = await ctx.db
    .selectFrom('departments')
    .leftJoin('indicators', 'indicators.department_id', 'departments.id')
    .select(['departments.id', 'departments.name', 'departments.contact'])
    .select((eb) => eb.fn.count<number>('indicators.id').as('n'))
    .where('departments.cycle_id', '=', cycleId)
    .groupBy(['departments.id', 'departments.name', 'departments.contact'])
    .orderBy('departments.id')
    .execute();
  const fillable = await fillableCounts(ctx.db, cycleId);
  return rows.map((r) => ({ id: r.id, name: r.name, contact: r.contact, indicatorCount: Number(r.n), fillableCount: fillable.get(r.id) ?? 0 }));
}

type DepartmentInput = Omit<ParsedInputOf<'saveDepartment'>, 'cycleId'>;
interface DepartmentPlan {
  existing: { id: number } | undefined;
  name: string;
  contact: string | undefined;
}

/** Checks one department row (it exists in the year; the name is free, also among the batch's other rows). */
async function planDepartment(db: Db, cycleId: number, input: DepartmentInput, names: Map<string, number | symbol>): Promise<DepartmentPlan> {
  const existing = input.id !== undefined ? await db.selectFrom('departments').selectAll().where('id', '=', input.id).executeTakeFirst() : undefined;
  if (input.id !== undefined && (!existing || existing.cycle_id !== cycleId)) throw new AppError('not_found', `找不到责任单位（编号 ${input.id}），可能已被删除。`, { kind: 'field', path: 'id' });
  const self = existing?.id ?? Symbol('new department');
  const holder = names.get(input.name);
  if (holder !== undefined && holder !== self) throw new AppError('conflict', `责任单位“${input.name}”已存在。`, { kind: 'field', path: 'name' });
  if (existing && existing.name !== input.name && names.get(existing.name) === existing.id) names.delete(existing.name);
  names.set(input.name, self);
  return { existing, name: input.name, contact: input.contact };
}

async function departmentNames(db: Db, cycleId: number): Promise<Map<string, number | symbol>> {
  const rows = await db.selectFrom('departments').select(['id', 'name']).where('cycle_id', '=', cycleId).execute();
  return new Map<string, number | symbol>(rows.map((r) => [r.name, r.id]));
}

async function writeDepartment(w: WriteTx, cycleId: number, plan: DepartmentPlan): Promise<number> {
  if (plan.existing) {
    await updateAudited(w, 'departments', 'department', plan.existing.id, { name: plan.name, contact: plan.contact });
    return plan.existing.id;
  }
  return insertAudited(w, 'departments', 'department', { cycle_id: cycleId, name: plan.name, contact: plan.contact ?? '' });
}

export async function saveDepartment(ctx: ServiceContext, input: ParsedInputOf<'saveDepartment'>): Promise<OutputOf<'saveDepartment'>> {
  await requireCycle(ctx.db, input.cycleId);
  const plan = await planDepartment(ctx.db, input.cycleId, input, await departmentNames(ctx.db, input.cycleId));
  const id = await ctx.write({ action: plan.existing ? 'department.update' : 'department.create', entity: 'department', entityId: plan.existing?.id ?? null, cycleId: input.cycleId, scope: 'plan' }, (w) =>
    writeDepartment(w, input.cycleId, plan),
  );
  return departmentDetail(ctx.db, id);
}

/** Many departments in one transaction: all of them or none. */
export async function saveDepartments(ctx: ServiceContext, input: ParsedInputOf<'saveDepartments'>): Promise<OutputOf<'saveDepartments'>> {
  await requireCycle(ctx.db, input.cycleId);
  const names = await departmentNames(ctx.db, input.cycleId);
  const plans = await planRows(input.rows, (row) => planDepartment(ctx.db, input.cycleId, row, names), '责任单位');
  const ids = await ctx.write({ action: 'department.save_many', entity: 'department', cycleId: input.cycleId, scope: 'plan', detail: { rows: plans.length } }, async (w) => {
    const out: number[] = [];
    for (const plan of plans) out.push(await writeDepartment(w, input.cycleId, plan));
    return out;
  });
  // the year's list once (its counts read every category's indicators), not once per row
  const all = new Map((await listDepartmentDetails(ctx, input.cycleId)).map((d) => [d.id, d]));
  return { saved: ids.map((id) => all.get(id)!) };
}

export async function deleteDepartment(ctx: ServiceContext, input: ParsedInputOf<'deleteDepartment'>): Promise<OutputOf<'deleteDepartment'>> {
  const dep = await ctx.db.selectFrom('departments').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!dep) throw notFound('责任单位', input.id);
  const refs = await ctx.db
    .selectFrom('indicators')
    .innerJoin('categories', 'categories.id', 'indicators.category_id')
    .select(['indicators.id', 'indicators.code', 'indicators.name', 'categories.name as category_name'])
    .where('indicators.department_id', '=', dep.id)
    .orderBy('indicators.id')
    .execute();
  if (input.dryRun) return deletionOf('责任单位', [dep.name], 1, { indicatorsCleared: refs.length }, true);
  if (refs.length > 0 && !input.clearIndicators) {
    const listed = refs.slice(0, 10).map((r) => `“${r.category_name}”${r.code} ${r.name}`).join('、');
    throw new AppError('conflict', `责任单位“${dep.name}”仍是 ${refs.length} 项指标的责任单位（${listed}${refs.length > 10 ? ' 等' : ''}），未删除。请先为这些指标改选责任单位，或确认删除并将这些指标的责任单位置空。`, { kind: 'field', path: 'clearIndicators' });
  }
  return ctx.write({ action: 'department.delete', entity: 'department', entityId: dep.id, cycleId: dep.cycle_id, scope: 'plan', detail: { name: dep.name, indicatorsCleared: refs.length } }, async (w) => {
    // the indicators stay; they only lose their responsible department (scores are unchanged)
    for (const r of refs) await updateAudited(w, 'indicators', 'indicator', r.id, { department_id: null });
    const deleted = await deleteAudited(w, 'departments', 'department', [dep.id]);
    return deletionOf('责任单位', [dep.name], deleted, { indicatorsCleared: refs.length }, false);
  });
}

// ---- assessment groups --------------------------------------------------------------------------------

export async function listAssessmentGroups(ctx: ServiceContext, cycleId: number, only?: number): Promise<OutputOf<'listAssessmentGroups'>> {
  await requireCycle(ctx.db, cycleId);
  let q = ctx.db.selectFrom('assessment_groups').selectAll().where('cycle_id', '=', cycleId);
  if (only !== undefined) q = q.where('id', '=', only);
  const groups = await q.orderBy('sort_order').orderBy('id').execute();
  if (groups.length === 0) return [];
  const gids = groups.map((g) => g.id);
  const members = await ctx.db.selectFrom('group_members').selectAll().where('group_id', 'in', gids).orderBy('id').execute();
  const units = await ctx.db.selectFrom('group_units').innerJoin('units', 'units.id', 'group_units.unit_id').select(['group_units.group_id', 'units.id', 'units.name', 'units.sort_order']).where('group_id', 'in', gids).orderBy('units.sort_order').orderBy('units.id').execute();
  const ROLE_ORDER = { leader: 0, deputy: 1, member_a: 2, member_b: 3 } as const;
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    sortOrder: g.sort_order,
    members: members
      .filter((m) => m.group_id === g.id)
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.id - b.id)
      .map((m) => ({ id: m.id, name: m.name, role: m.role, affiliation: m.affiliation })),
    units: units.filter((u) => u.group_id === g.id).map((u) => ({ id: u.id, name: u.name })),
  }));
}

export async function saveAssessmentGroup(ctx: ServiceContext, input: ParsedInputOf<'saveAssessmentGroup'>): Promise<OutputOf<'saveAssessmentGroup'>> {
  await requireCycle(ctx.db, input.cycleId);
  const existing = input.id !== undefined ? await ctx.db.selectFrom('assessment_groups').selectAll().where('id', '=', input.id).executeTakeFirst() : undefined;
  if (input.id !== undefined && (!existing || existing.cycle_id !== input.cycleId)) throw notFound('考核组', input.id);
  const leaders = input.members.filter((m) => m.role === 'leader').length;
  if (leaders > 1) throw new AppError('invalid_input', `考核组“${input.name}”只能有一名组长（现有 ${leaders} 名）。`, { kind: 'field', path: 'members' });
  const unitIds = [...new Set(input.unitIds)];
  if (unitIds.length > 0) {
    const found = await ctx.db.selectFrom('units').select(['id', 'cycle_id']).where('id', 'in', unitIds).execute();
    const bad = unitIds.filter((u) => !found.some((f) => f.id === u && f.cycle_id === input.cycleId));
    if (bad.length) throw new AppError('invalid_input', `单位（编号 ${bad.join('、')}）不属于当前考核年度，未保存考核组。`, { kind: 'field', path: 'unitIds' });
  }
  const dup = await ctx.db.selectFrom('assessment_groups').select('id').where('cycle_id', '=', input.cycleId).where('name', '=', input.name).executeTakeFirst();
  if (dup && dup.id !== input.id) throw new AppError('conflict', `考核组“${input.name}”已存在。`, { kind: 'field', path: 'name' });
  const id = await ctx.write({ action: existing ? 'group.update' : 'group.create', entity: 'assessment_group', entityId: existing?.id ?? null, cycleId: input.cycleId, scope: 'plan' }, async (w) => {
    let gid: number;
    if (existing) {
      gid = existing.id;
      await updateAudited(w, 'assessment_groups', 'assessment_group', gid, { name: input.name });
    } else {
      const max = await w.trx.selectFrom('assessment_groups').select((eb) => eb.fn.max('sort_order').as('m')).where('cycle_id', '=', input.cycleId).executeTakeFirst();
      gid = await insertAudited(w, 'assessment_groups', 'assessment_group', { cycle_id: input.cycleId, name: input.name, sort_order: Number(max?.m ?? 0) + 1 });
    }
    await replaceGroupContent(w, gid, input.members.map((m) => ({ name: m.name, role: m.role, affiliation: m.affiliation ?? '' })), unitIds);
    return gid;
  });
  return (await listAssessmentGroups(ctx, input.cycleId, id))[0]!;
}

/** Members and units as given: unchanged members stay, the others are removed or added (each audited). */
async function replaceGroupContent(w: WriteTx, groupId: number, members: { name: string; role: 'leader' | 'deputy' | 'member_a' | 'member_b'; affiliation: string }[], unitIds: number[]): Promise<void> {
  const before = await w.trx.selectFrom('group_members').selectAll().where('group_id', '=', groupId).execute();
  const keyOf = (m: { name: string; role: string; affiliation: string }) => `${m.role}\u0001${m.name}\u0001${m.affiliation}`;
  const keep = new Set<number>();
  const toAdd: typeof members = [];
  for (const m of members) {
    const same = before.find((b) => !keep.has(b.id) && keyOf(b) === keyOf(m));
    if (same) keep.add(same.id);
    else toAdd.push(m);
  }
  await deleteAudited(w, 'group_members', 'group_member', before.filter((b) => !keep.has(b.id)).map((b) => b.id));
  for (const m of toAdd) await insertAudited(w, 'group_members', 'group_member', { group_id: groupId, ...m });
  const had = (await w.trx.selectFrom('group_units').select('unit_id').where('group_id', '=', groupId).execute()).map((r) => r.unit_id);
  const gone = had.filter((u) => !unitIds.includes(u));
  const added = unitIds.filter((u) => !had.includes(u));
  if (gone.length) await w.trx.deleteFrom('group_units').where('group_id', '=', groupId).where('unit_id', 'in', gone).execute();
  if (added.length) await w.trx.insertInto('group_units').values(added.map((u) => ({ group_id: groupId, unit_id: u }))).execute();
  w.changed([
    ...gone.map((u) => ({ entity: 'group_unit', key: `group:${groupId}|unit:${u}`, field: null, old: u, new: null })),
    ...added.map((u) => ({ entity: 'group_unit', key: `group:${groupId}|unit:${u}`, field: null, old: null, new: u })),
  ]);
}

export async function deleteAssessmentGroup(ctx: ServiceContext, input: ParsedInputOf<'deleteAssessmentGroup'>): Promise<OutputOf<'deleteAssessmentGroup'>> {
  const g = await ctx.db.selectFrom('assessment_groups').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!g) throw notFound('考核组', input.id);
  const goesWith = async (db: Db) => ({
    members: Number((await db.selectFrom('group_members').select((eb) => eb.fn.countAll<number>().as('n')).where('group_id', '=', g.id).executeTakeFirst())?.n ?? 0),
    groupUnits: Number((await db.selectFrom('group_units').select((eb) => eb.fn.countAll<number>().as('n')).where('group_id', '=', g.id).executeTakeFirst())?.n ?? 0),
  });
  if (input.dryRun) return deletionOf('考核组', [g.name], 1, await goesWith(ctx.db), true);
  return ctx.write({ action: 'group.delete', entity: 'assessment_group', entityId: g.id, cycleId: g.cycle_id, scope: 'plan', detail: { name: g.name } }, async (w) => {
    const gw = await goesWith(w.trx);
    await replaceGroupContent(w, g.id, [], []);
    const deleted = await deleteAudited(w, 'assessment_groups', 'assessment_group', [g.id]);
    return deletionOf('考核组', [g.name], deleted, gw, false);
  });
}

// ---- components ---------------------------------------------------------------------------------------

export async function deleteComponent(ctx: ServiceContext, input: ParsedInputOf<'deleteComponent'>): Promise<OutputOf<'deleteComponent'>> {
  const comp = await ctx.db.selectFrom('components').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!comp) throw notFound('考核构成', input.id);
  const cat = await getCategory(ctx.db, comp.category_id);
  // a component the category's rules name by its code cannot go silently: the plan would no longer compute
  const g = cat.settings.grading;
  const uses = [
    cat.settings.multiplier && (cat.settings.multiplier.base === comp.code || cat.settings.multiplier.factor === comp.code) ? '乘数计分' : null,
    g.topMinComponent?.component === comp.code ? '优秀等次的构成最低分' : null,
    g.tieBreak.includes(comp.code) ? '同分排序' : null,
    g.componentFlags.some((f) => f.component === comp.code) ? '构成分数提示' : null,
  ].filter((x): x is string => x !== null);
  const indicatorIds = (await ctx.db.selectFrom('indicators').select('id').where('component_id', '=', comp.id).execute()).map((r) => r.id);
  const goesWith = async (db: Db) => ({ indicators: indicatorIds.length, scores: await countWhere(db, 'score_entries', 'indicator_id', indicatorIds) });
  const dry = deletionOf(`类别“${cat.name}”的考核构成`, [comp.name], 1, await goesWith(ctx.db), true);
  if (uses.length > 0) {
    const refusal = `考核构成“${comp.name}”（代码 ${comp.code}）被类别“${cat.name}”的${uses.join('、')}设置引用，不能删除。请先修改这些设置。`;
    if (input.dryRun) return { ...dry, message: `${dry.message}但${refusal}` };
    throw new AppError('conflict', refusal, { kind: 'field', path: 'id' });
  }
  if (input.dryRun) return dry;
  return ctx.write({ action: 'component.delete', entity: 'component', entityId: comp.id, cycleId: cat.cycleId, scope: 'plan', detail: { name: comp.name, code: comp.code } }, async (w) => {
    const gw = await goesWith(w.trx);
    w.touch([cat.id]);
    w.note(gw);
    // indicators (and with them their scores) are removed by the foreign keys; recorded here by id
    if (indicatorIds.length) w.changed(indicatorIds.map((i) => ({ entity: 'indicator', key: String(i), field: null, old: { component_id: comp.id }, new: null })));
    const deleted = await deleteAudited(w, 'components', 'component', [comp.id]);
    return deletionOf(`类别“${cat.name}”的考核构成`, [comp.name], deleted, gw, false);
  });
}

export function subjectOf(key: string): { kind: 'unit' | 'cadre'; id: number } {
  const s = parseSubjectKey(key);
  if (!s) throw new AppError('invalid_input', `被考核对象编号“${key.slice(0, 30)}”格式不对。`, { kind: 'field', path: 'subjectKey' });
  return s;
}
