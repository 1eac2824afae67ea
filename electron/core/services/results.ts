// Computed results as the user sees them: rank, total, components, the
// grade with the rule that decided it, and committee adjustments.
import { z } from 'zod';
import { parseSubjectKey, UNDETERMINED_GRADE, type SubjectKey } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import { componentTrace, type OutputOf, type ParsedInputOf, type ResultRow } from '../../../shared/ipc/contract.ts';
import { topQuota } from '../../../shared/engine/grading.ts';
import type { ServiceContext } from '../context.ts';
import { listCategories } from '../repos/categories.ts';
import { parseJson } from '../repos/json.ts';
import { explainSubject, recomputeCategories } from './compute.ts';

const traces = z.array(componentTrace);
const flags = z.array(z.string());

async function loadRows(ctx: ServiceContext, cycleId: number, filter: { categoryId?: number; subjectKey?: string }) {
  let q = ctx.db
    .selectFrom('results')
    .leftJoin('units', 'units.id', 'results.unit_id')
    .leftJoin('cadres', 'cadres.id', 'results.cadre_id')
    .leftJoin('units as cu', 'cu.id', 'cadres.unit_id')
    .innerJoin('categories', 'categories.id', 'results.category_id')
    .select([
      'results.unit_id', 'results.cadre_id', 'results.category_id', 'results.total', 'results.rank', 'results.rank_of', 'results.computed_grade', 'results.grade_rule',
      'results.grade_note', 'results.components', 'results.flags', 'categories.name as category_name', 'categories.sort_order as category_order',
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
    const comps = parseJson(traces, r.components, `“${name}”的计算结果`);
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
      flags: parseJson(flags, r.flags, `“${name}”的标记`),
    };
    return { row, comps };
  });
}

export async function listResults(ctx: ServiceContext, input: ParsedInputOf<'listResults'>): Promise<OutputOf<'listResults'>> {
  return (await loadRows(ctx, input.cycleId, { categoryId: input.categoryId })).map((r) => r.row);
}

export async function getResultDetail(ctx: ServiceContext, input: ParsedInputOf<'getResultDetail'>): Promise<OutputOf<'getResultDetail'>> {
  const [found] = await loadRows(ctx, input.cycleId, { subjectKey: input.subjectKey });
  if (!found) throw new AppError('not_found', '该对象还没有计算结果，请先在“计算排名”中计算。');
  // the stored result keeps the leaves' scores; the notes are written again from the same data
  const explained = await explainSubject(ctx, input.cycleId, input.subjectKey as SubjectKey, found.row.categoryId);
  return { row: found.row, components: explained?.components ?? found.comps, totalNote: explained?.totalNote ?? '' };
}

export async function adjustGrade(ctx: ServiceContext, input: ParsedInputOf<'adjustGrade'>): Promise<OutputOf<'adjustGrade'>> {
  const [found] = await loadRows(ctx, input.cycleId, { subjectKey: input.subjectKey });
  if (!found) throw new AppError('not_found', '该对象还没有计算结果，请先计算后再调整等次。');
  const row = found.row;
  const cat = (await listCategories(ctx.db, input.cycleId)).find((c) => c.id === row.categoryId)!;
  const rules = cat.settings.grading;
  const allowed = [...rules.grades, UNDETERMINED_GRADE];
  if (!allowed.includes(input.toGrade)) throw new AppError('invalid_input', `等次“${input.toGrade}”不是类别“${cat.name}”的等次（可选：${allowed.join('、')}）。`);
  const top = rules.grades[0]!;
  const bottom = rules.grades[rules.grades.length - 1]!;
  if (row.gradeRule === 'veto' && input.toGrade !== bottom) {
    throw new AppError('conflict', `“${row.name}”被一票否决，等次只能为“${bottom}”，不能调整为“${input.toGrade}”。`);
  }
  if (input.toGrade === top && row.flags.some((f) => f === '一票否优' || f === '受处分')) {
    throw new AppError('conflict', `“${row.name}”有一票否优或处分情形，不能调整为“${top}”。`);
  }
  const warnings: string[] = [];
  if (input.toGrade === top && row.finalGrade !== top) {
    const peers = await listResults(ctx, { cycleId: input.cycleId, categoryId: row.categoryId });
    const topCount = peers.filter((p) => p.finalGrade === top).length + 1;
    const quota = topQuota(peers.length, rules);
    if (topCount > quota) warnings.push(`调整后“${cat.name}”的“${top}”共 ${topCount} 个，超出名额 ${quota} 个（${rules.topQuotaPercent}%）。`);
  }
  if (rules.topMinTotal !== undefined && input.toGrade === top && row.total < rules.topMinTotal) {
    warnings.push(`“${row.name}”总分 ${row.total} 低于“${top}”最低分 ${rules.topMinTotal}。`);
  }
  const s = parseSubjectKey(input.subjectKey)!;
  await ctx.write({ action: 'grade.adjust', entity: s.kind, entityId: s.id, cycleId: input.cycleId, detail: { from: row.finalGrade, to: input.toGrade, reason: input.reason, warnings } }, (trx) =>
    trx
      .insertInto('adjustments')
      .values({
        cycle_id: input.cycleId,
        unit_id: s.kind === 'unit' ? s.id : null,
        cadre_id: s.kind === 'cadre' ? s.id : null,
        from_grade: row.finalGrade,
        to_grade: input.toGrade,
        reason: input.reason,
        decided_by: ctx.actor.id,
        decided_at: ctx.now().toISOString(),
      })
      .execute(),
  );
  if (s.kind === 'unit') {
    // cadres' quotas follow their unit's final grade (三个挂钩)
    const linked = (await listCategories(ctx.db, input.cycleId)).filter((c) => c.kind === 'cadre' && c.settings.grading.linkage).map((c) => c.id);
    if (linked.length > 0) await recomputeCategories(ctx, input.cycleId, linked);
  }
  const [after] = await loadRows(ctx, input.cycleId, { subjectKey: input.subjectKey });
  return { row: after!.row, warnings };
}
