// The score matrix (leaf indicators × subjects of a category) and bulk saving
// of cells: one transaction, all or nothing, errors naming unit and indicator.
import { parseSubjectKey } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Indicator, OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import { fmt } from '../../../shared/engine/numbers.ts';
import type { ServiceContext } from '../context.ts';
import { getCategory } from '../repos/categories.ts';
import { listIndicators } from '../repos/indicators.ts';
import { recomputeAfterEdit } from './compute.ts';

export async function getScoreMatrix(ctx: ServiceContext, input: ParsedInputOf<'getScoreMatrix'>): Promise<OutputOf<'getScoreMatrix'>> {
  const cat = await getCategory(ctx.db, input.categoryId);
  const leaves = (await listIndicators(ctx.db, cat.id)).filter((i) => i.isLeaf && (input.componentId === undefined || i.componentId === input.componentId));
  const kind = cat.kind;
  const subjects =
    kind === 'unit'
      ? (await ctx.db.selectFrom('units').select(['id', 'code', 'name']).where('category_id', '=', cat.id).orderBy('sort_order').orderBy('id').execute()).map((u) => ({ key: `unit:${u.id}` as const, ...u }))
      : (await ctx.db.selectFrom('cadres').select(['id', 'code', 'name']).where('category_id', '=', cat.id).orderBy('sort_order').orderBy('id').execute()).map((c) => ({ key: `cadre:${c.id}` as const, ...c }));
  const leafIds = leaves.map((l) => l.id);
  const rows = leafIds.length === 0 ? [] : await ctx.db.selectFrom('score_entries').select(['indicator_id', 'unit_id', 'cadre_id', 'value', 'text_value']).where('indicator_id', 'in', leafIds).execute();
  const cells = rows.map((r) => ({
    subjectKey: (r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id}`) as `unit:${number}`,
    indicatorId: r.indicator_id,
    value: r.value,
    text: r.text_value,
  }));
  return { indicators: leaves, subjects, cells };
}

function checkCell(ind: Indicator, value: number | null, text: string | null | undefined, where: string): void {
  const m = ind.method ?? { type: 'direct' as const };
  if (m.type === 'letter') {
    if (text && !m.letters.some((l) => l.letter === text)) {
      throw new AppError('invalid_input', `${where}：等级“${text}”无效，应为 ${m.letters.map((l) => l.letter).join('、')} 之一。`);
    }
    return;
  }
  if (value === null) return;
  if (m.type === 'direct' && (value < 0 || value > ind.fullPoints)) {
    throw new AppError('invalid_input', `${where}：得分 ${fmt(value)} 超出范围，应在 0 到 ${fmt(ind.fullPoints)} 分之间。`);
  }
  if ((m.type === 'completion' || m.type === 'ratioToBest') && value < 0) {
    throw new AppError('invalid_input', `${where}：实际值 ${fmt(value)} 不能为负数。`);
  }
}

export async function setScores(ctx: ServiceContext, input: ParsedInputOf<'setScores'>): Promise<OutputOf<'setScores'>> {
  const indicatorIds = [...new Set(input.cells.map((c) => c.indicatorId))];
  const inds = await ctx.db
    .selectFrom('indicators')
    .innerJoin('categories', 'categories.id', 'indicators.category_id')
    .select(['indicators.id', 'indicators.category_id', 'categories.cycle_id', 'categories.kind'])
    .where('indicators.id', 'in', indicatorIds)
    .execute();
  const catIds = [...new Set(inds.map((i) => i.category_id))];
  const byId = new Map<number, Indicator & { cycleId: number; kind: 'unit' | 'cadre' }>();
  for (const cid of catIds) {
    const list = await listIndicators(ctx.db, cid);
    const meta = inds.find((i) => i.category_id === cid)!;
    for (const i of list) byId.set(i.id, { ...i, cycleId: meta.cycle_id, kind: meta.kind });
  }
  const unitIds = input.cells.map((c) => parseSubjectKey(c.subjectKey)!).filter((s) => s.kind === 'unit').map((s) => s.id);
  const cadreIds = input.cells.map((c) => parseSubjectKey(c.subjectKey)!).filter((s) => s.kind === 'cadre').map((s) => s.id);
  const subjects = new Map<string, { name: string; categoryId: number }>();
  if (unitIds.length) for (const u of await ctx.db.selectFrom('units').select(['id', 'name', 'category_id']).where('id', 'in', [...new Set(unitIds)]).execute()) subjects.set(`unit:${u.id}`, { name: u.name, categoryId: u.category_id });
  if (cadreIds.length) for (const c of await ctx.db.selectFrom('cadres').select(['id', 'name', 'category_id']).where('id', 'in', [...new Set(cadreIds)]).execute()) subjects.set(`cadre:${c.id}`, { name: c.name, categoryId: c.category_id });

  // validate everything before writing anything
  input.cells.forEach((c, idx) => {
    const ind = byId.get(c.indicatorId);
    const subj = subjects.get(c.subjectKey);
    const n = `第${idx + 1}个单元格`;
    if (!ind) throw new AppError('invalid_input', `${n}：找不到指标（编号 ${c.indicatorId}）。`);
    if (!subj) throw new AppError('invalid_input', `${n}：找不到被考核对象“${c.subjectKey}”。`);
    const where = `“${subj.name}”的指标“${ind.code} ${ind.name}”`;
    if (!ind.isLeaf) throw new AppError('invalid_input', `${where}有下级指标，分数应录入到末级指标。`);
    if (subj.categoryId !== ind.categoryId) throw new AppError('invalid_input', `${where}：该对象不属于此指标所在的考核类别。`);
    checkCell(ind, c.value, c.text, where);
  });
  const cycleId = byId.get(input.cells[0]!.indicatorId)!.cycleId;
  const at = ctx.now().toISOString();
  const saved = await ctx.write({ action: 'score.set', entity: 'score_entries', cycleId, detail: { cells: input.cells.length } }, async (trx) => {
    for (const c of input.cells) {
      const s = parseSubjectKey(c.subjectKey)!;
      const col = s.kind === 'unit' ? 'unit_id' : 'cadre_id';
      const text = c.text ?? null;
      if (c.value === null && !text) {
        await trx.deleteFrom('score_entries').where('indicator_id', '=', c.indicatorId).where(col, '=', s.id).execute();
        continue;
      }
      await trx
        .insertInto('score_entries')
        .values({ indicator_id: c.indicatorId, unit_id: s.kind === 'unit' ? s.id : null, cadre_id: s.kind === 'cadre' ? s.id : null, value: c.value, text_value: text, updated_at: at, updated_by: ctx.actor.id })
        .onConflict((oc) => oc.columns([col, 'indicator_id']).where(col, 'is not', null).doUpdateSet({ value: c.value, text_value: text, updated_at: at, updated_by: ctx.actor.id }))
        .execute();
    }
    return input.cells.length;
  });
  // the scores are saved; results that depend on them follow (only their categories)
  try {
    const summary = await recomputeAfterEdit(ctx, { cycleId, cells: input.cells });
    return { saved, recomputed: summary !== null, warning: null };
  } catch (e) {
    return { saved, recomputed: false, warning: `分数已保存，但重新计算未完成：${(e as Error).message}` };
  }
}
