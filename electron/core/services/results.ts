// Computed results as the user sees them: rank, total, components, the grade
// with the rule that decided it, the restriction and flags, the quota of each
// comparison group — all read from what the engine stored, never decided
// again here — and the committee's adjustments.
import { parseSubjectKey, UNDETERMINED_GRADE, type SubjectKey } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import { flagText } from '../../../shared/engine/flags.ts';
import type { Flag } from '../../../shared/engine/types.ts';
import type { OutputOf, ParsedInputOf, ResultRow } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { insertAudited } from '../repos/audited.ts';
import { listCategories } from '../repos/categories.ts';
import { parseJson } from '../repos/json.ts';
import { categoryStates, readGroups, storedFlags, storedRestriction, storedTraces } from '../repos/results.ts';
import { subjectNames } from '../repos/subjects.ts';
import { explainSubject } from './compute.ts';

async function loadRows(ctx: ServiceContext, cycleId: number, filter: { categoryId?: number; subjectKey?: string }) {
  let q = ctx.db
    .selectFrom('results')
    .leftJoin('units', 'units.id', 'results.unit_id')
    .leftJoin('cadres', 'cadres.id', 'results.cadre_id')
    .leftJoin('units as cu', 'cu.id', 'cadres.unit_id')
    .innerJoin('categories', 'categories.id', 'results.category_id')
    .select([
      'results.unit_id', 'results.cadre_id', 'results.category_id', 'results.total', 'results.rank', 'results.rank_of', 'results.computed_grade', 'results.grade_rule',
      'results.grade_note', 'results.total_note', 'results.components', 'results.flags', 'results.restriction', 'results.group_key', 'results.input_version',
      'categories.input_version as current_version', 'categories.name as category_name', 'categories.sort_order as category_order',
      'units.code as unit_code', 'units.name as unit_name', 'units.sort_order as unit_order', 'cadres.code as cadre_code', 'cadres.name as cadre_name',
      'cadres.sort_order as cadre_order', 'cu.name as cadre_unit_name',
    ])
    .where('results.cycle_id', '=', cycleId);
  if (filter.categoryId !== undefined) q = q.where('results.category_id', '=', filter.categoryId);
  if (filter.subjectKey) {
    const s = parseSubjectKey(filter.subjectKey)!;
    q = q.where(s.kind === 'unit' ? 'results.unit_id' : 'results.cadre_id', '=', s.id);
  }
  const rows = await q.orderBy('categories.sort_order').orderBy('results.rank').orderBy('units.sort_order').orderBy('cadres.sort_order').execute();
  const adjustments = await ctx.db.selectFrom('adjustments').selectAll().where('cycle_id', '=', cycleId).orderBy('id').execute();
  const lastAdj = new Map<string, (typeof adjustments)[number]>();
  for (const a of adjustments) lastAdj.set(a.unit_id !== null ? `unit:${a.unit_id}` : `cadre:${a.cadre_id}`, a);
  return rows.map((r) => {
    const kind = r.unit_id !== null ? ('unit' as const) : ('cadre' as const);
    const id = (r.unit_id ?? r.cadre_id) as number;
    const key = `${kind}:${id}` as const;
    const name = (kind === 'unit' ? r.unit_name : r.cadre_name) ?? '';
    const comps = parseJson(storedTraces, r.components, `“${name}”的计算结果`);
    const restriction = parseJson(storedRestriction, r.restriction ?? 'null', `“${name}”的等次限制`);
    const adj = lastAdj.get(key);
    const row: ResultRow = {
      subjectKey: key,
      kind,
      id,
      code: (kind === 'unit' ? r.unit_code : r.cadre_code) ?? '',
      name,
      unitName: kind === 'cadre' ? r.cadre_unit_name : null,
      categoryId: r.category_id,
      categoryName: r.category_name,
      total: r.total,
      rank: r.rank,
      rankOf: r.rank_of,
      components: comps.map((c) => ({ componentId: c.componentId, name: c.name, contribution: c.contribution })),
      computedGrade: r.computed_grade,
      gradeRule: r.grade_rule,
      gradeNote: r.grade_note,
      finalGrade: adj ? adj.to_grade : r.computed_grade,
      adjustment: adj ? { toGrade: adj.to_grade, reason: adj.reason, decidedAt: adj.decided_at } : null,
      flags: parseJson(storedFlags, r.flags, `“${name}”的标记`).map((f) => ({ code: f.code, text: flagText(f as Flag) })),
      restriction: restriction ? { kind: restriction.kind, grade: restriction.grade, rule: restriction.rule, reason: restriction.reason } : null,
      groupKey: r.group_key,
      stale: r.input_version !== r.current_version,
    };
    return { row, comps, totalNote: r.total_note };
  });
}

export async function listResults(ctx: ServiceContext, input: ParsedInputOf<'listResults'>): Promise<OutputOf<'listResults'>> {
  return (await loadRows(ctx, input.cycleId, { categoryId: input.categoryId })).map((r) => r.row);
}

/** The quota of each comparison group of a category, as the engine decided and stored it. */
export async function listQuotas(ctx: ServiceContext, input: ParsedInputOf<'listQuotas'>): Promise<OutputOf<'listQuotas'>> {
  const cats = await listCategories(ctx.db, input.cycleId);
  const cat = cats.find((c) => c.id === input.categoryId);
  if (!cat) throw new AppError('not_found', `考核类别（编号 ${input.categoryId}）不属于该考核年度。`);
  const names = await subjectNames(ctx.db, input.cycleId);
  return (await readGroups(ctx.db, input.cycleId, cat.id)).map((g) => ({
    categoryId: g.categoryId,
    groupKey: g.groupKey,
    groupName: g.groupKey === 'all' ? cat.name : `${names.get(g.groupKey)?.name ?? g.groupKey}班子`,
    size: g.size,
    top: g.top,
    bottom: g.bottom,
    tiedAtBoundary: g.tiedAtBoundary.map((k) => ({ key: k, name: names.get(k)?.name ?? k })),
    stale: g.stale,
  }));
}

export async function resultsState(ctx: ServiceContext, cycleId: number): Promise<OutputOf<'resultsState'>> {
  return categoryStates(ctx.db, cycleId).map(({ members: _members, ...s }) => s);
}

export async function getResultDetail(ctx: ServiceContext, input: ParsedInputOf<'getResultDetail'>): Promise<OutputOf<'getResultDetail'>> {
  const [found] = await loadRows(ctx, input.cycleId, { subjectKey: input.subjectKey });
  if (!found) throw new AppError('not_found', '该对象还没有计算结果，请先在“计算排名”中计算。');
  const stale = found.row.stale;
  // Stored: the total, the components and the grade. The leaf notes are written
  // again from the data the result came from, which is only the current data
  // while the result is current; a stale result shows what was stored.
  const explained = stale ? undefined : await explainSubject(ctx, input.cycleId, input.subjectKey as SubjectKey, found.row.categoryId);
  const components = explained
    ? found.comps.map((c) => {
        const e = explained.components.find((x) => x.componentId === c.componentId);
        return e ? { ...c, leaves: e.leaves, nodes: e.nodes, democratic: e.democratic ?? c.democratic, bonus: e.bonus ?? c.bonus } : c;
      })
    : found.comps;
  return { row: found.row, components, totalNote: found.totalNote, stale };
}

export async function adjustGrade(ctx: ServiceContext, input: ParsedInputOf<'adjustGrade'>): Promise<OutputOf<'adjustGrade'>> {
  const [found] = await loadRows(ctx, input.cycleId, { subjectKey: input.subjectKey });
  if (!found) throw new AppError('not_found', '该对象还没有计算结果，请先计算后再调整等次。');
  const row = found.row;
  if (row.stale) throw new AppError('conflict', `“${row.name}”的计算结果不是最新的，请先重新计算再调整等次。`);
  const cat = (await listCategories(ctx.db, input.cycleId)).find((c) => c.id === row.categoryId)!;
  const rules = cat.settings.grading;
  const allowed = [...rules.grades, UNDETERMINED_GRADE];
  if (!allowed.includes(input.toGrade)) throw new AppError('invalid_input', `等次“${input.toGrade}”不是类别“${cat.name}”的等次（可选：${allowed.join('、')}）。`, { kind: 'field', path: 'toGrade' });
  const top = rules.grades[0]!;
  // the restriction the engine stored: a veto, sanction or investigation cannot be adjusted away
  const r = row.restriction;
  if (r?.kind === 'forced' && input.toGrade !== r.grade) {
    throw new AppError('conflict', `“${row.name}”${r.reason}，等次只能为“${r.grade}”，不能调整为“${input.toGrade}”。`, { kind: 'field', path: 'toGrade' });
  }
  if (r?.kind === 'not_top' && input.toGrade === top) {
    throw new AppError('conflict', `“${row.name}”${r.reason}，不能调整为“${top}”。`, { kind: 'field', path: 'toGrade' });
  }
  const warnings: string[] = [];
  if (input.toGrade === top && row.finalGrade !== top) {
    // the group's quota as the engine stored it (linkage, comparison groups included)
    const group = (await readGroups(ctx.db, input.cycleId, cat.id)).find((g) => g.groupKey === row.groupKey);
    const peers = (await listResults(ctx, { cycleId: input.cycleId, categoryId: cat.id })).filter((p) => p.groupKey === row.groupKey);
    const topCount = peers.filter((p) => p.finalGrade === top).length + 1;
    if (group && topCount > group.top.places) warnings.push(`调整后“${group.groupKey === 'all' ? cat.name : row.unitName ?? ''}”的“${top}”共 ${topCount} 个，超出名额 ${group.top.places} 个（${group.top.note}）。`);
  }
  if (rules.topMinTotal !== undefined && input.toGrade === top && row.total < rules.topMinTotal) {
    warnings.push(`“${row.name}”总分 ${row.total} 低于“${top}”最低分 ${rules.topMinTotal}。`);
  }
  const s = parseSubjectKey(input.subjectKey)!;
  await ctx.write({ action: 'grade.adjust', entity: s.kind, entityId: s.id, cycleId: input.cycleId, scope: 'adjust', detail: { from: row.finalGrade, to: input.toGrade, reason: input.reason, warnings } }, async (w) => {
    await insertAudited(w, 'adjustments', 'adjustment', {
      cycle_id: input.cycleId,
      unit_id: s.kind === 'unit' ? s.id : null,
      cadre_id: s.kind === 'cadre' ? s.id : null,
      from_grade: row.finalGrade,
      to_grade: input.toGrade,
      reason: input.reason,
      decided_by: ctx.actor.id,
      decided_at: w.at,
    });
    // cadres' quotas follow their unit's final grade (三个挂钩): the dependents are recomputed
    w.touchDependents([row.categoryId]);
  });
  const [after] = await loadRows(ctx, input.cycleId, { subjectKey: input.subjectKey });
  return { row: after!.row, warnings };
}

