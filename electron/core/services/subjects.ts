// Units and cadres: who is assessed.
import { AppError } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { getCategory } from '../repos/categories.ts';
import { getUnit } from '../repos/subjects.ts';
import { deleteAudited, insertAudited, updateAudited } from '../repos/audited.ts';

async function nextUnitCode(ctx: ServiceContext, cycleId: number): Promise<string> {
  const rows = await ctx.db.selectFrom('units').select('code').where('cycle_id', '=', cycleId).execute();
  const used = new Set(rows.map((r) => r.code));
  let n = rows.length + 1;
  while (used.has(`DW${String(n).padStart(3, '0')}`)) n++;
  return `DW${String(n).padStart(3, '0')}`;
}

export async function saveUnit(ctx: ServiceContext, input: ParsedInputOf<'saveUnit'>): Promise<OutputOf<'saveUnit'>> {
  const cat = await getCategory(ctx.db, input.categoryId);
  if (cat.cycleId !== input.cycleId) throw new AppError('invalid_input', `考核类别“${cat.name}”不属于当前考核年度。`);
  if (cat.kind !== 'unit') throw new AppError('invalid_input', `“${cat.name}”是领导干部类别，不能放入被考核单位。`);
  const code = input.code ?? (input.id ? (await getUnit(ctx.db, input.id)).code : await nextUnitCode(ctx, input.cycleId));
  const dupCode = await ctx.db.selectFrom('units').select('id').where('cycle_id', '=', input.cycleId).where('code', '=', code).executeTakeFirst();
  if (dupCode && dupCode.id !== input.id) throw new AppError('conflict', `单位代码“${code}”已被使用。`);
  const dupName = await ctx.db.selectFrom('units').select('id').where('cycle_id', '=', input.cycleId).where('name', '=', input.name).executeTakeFirst();
  if (dupName && dupName.id !== input.id) throw new AppError('conflict', `单位“${input.name}”已存在。`);
  const id = await ctx.write({ action: input.id ? 'unit.update' : 'unit.create', entity: 'unit', entityId: input.id ?? null, cycleId: input.cycleId, scope: 'plan' }, async (w) => {
    w.touch([cat.id]);
    if (input.id) {
      const existing = await getUnit(w.trx, input.id);
      if (existing.cycleId !== input.cycleId) throw new AppError('invalid_input', `单位“${existing.name}”不属于当前考核年度。`);
      // moving a unit out of a category changes that category's ranking too
      w.touch([existing.categoryId]);
      await updateAudited(w, 'units', 'unit', input.id, { name: input.name, code, category_id: cat.id });
      return input.id;
    }
    const max = await w.trx.selectFrom('units').select((eb) => eb.fn.max('sort_order').as('m')).where('cycle_id', '=', input.cycleId).executeTakeFirst();
    return insertAudited(w, 'units', 'unit', { cycle_id: input.cycleId, category_id: cat.id, code, name: input.name, sort_order: Number(max?.m ?? 0) + 1 });
  });
  return getUnit(ctx.db, id);
}

export async function deleteUnits(ctx: ServiceContext, input: ParsedInputOf<'deleteUnits'>): Promise<OutputOf<'deleteUnits'>> {
  const rows = await ctx.db.selectFrom('units').select(['id', 'name', 'cycle_id', 'category_id']).where('id', 'in', input.ids).execute();
  if (rows.length !== new Set(input.ids).size) {
    const missing = input.ids.filter((i) => !rows.some((r) => r.id === i));
    throw new AppError('not_found', `找不到被考核单位（编号 ${missing.join('、')}），未删除任何单位。`);
  }
  const cycleId = rows[0]!.cycle_id;
  if (rows.some((r) => r.cycle_id !== cycleId)) throw new AppError('invalid_input', '一次只能删除同一考核年度的单位。', { kind: 'field', path: 'ids' });
  return ctx.write({ action: 'unit.delete', entity: 'unit', cycleId, scope: 'plan', detail: { ids: input.ids, names: rows.map((r) => r.name) } }, async (w) => {
    // what goes with them: their cadres (and those cadres' categories), every score of both
    const cadres = await w.trx.selectFrom('cadres').select(['id', 'category_id']).where('unit_id', 'in', input.ids).execute();
    const unitScores = await w.trx.selectFrom('score_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('unit_id', 'in', input.ids).executeTakeFirst();
    w.touch([...rows.map((r) => r.category_id), ...cadres.map((c) => c.category_id)]);
    w.note({ cadresRemoved: cadres.length, unitScoresRemoved: Number(unitScores?.n ?? 0) });
    return { deleted: await deleteAudited(w, 'units', 'unit', input.ids) };
  });
}
