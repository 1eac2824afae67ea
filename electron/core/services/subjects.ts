// Units and cadres: who is assessed.
import { AppError } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { getCategory } from '../repos/categories.ts';
import { getUnit } from '../repos/subjects.ts';

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
  const id = await ctx.write(
    (uid: number) => ({ action: input.id ? 'unit.update' : 'unit.create', entity: 'unit', entityId: uid, cycleId: input.cycleId, detail: { name: input.name, code, categoryId: cat.id } }),
    async (trx) => {
      if (input.id) {
        const existing = await getUnit(trx, input.id);
        if (existing.cycleId !== input.cycleId) throw new AppError('invalid_input', `单位“${existing.name}”不属于当前考核年度。`);
        await trx.updateTable('units').set({ name: input.name, code, category_id: cat.id }).where('id', '=', input.id).execute();
        return input.id;
      }
      const max = await trx.selectFrom('units').select((eb) => eb.fn.max('sort_order').as('m')).where('cycle_id', '=', input.cycleId).executeTakeFirst();
      const row = await trx
        .insertInto('units')
        .values({ cycle_id: input.cycleId, category_id: cat.id, code, name: input.name, sort_order: Number(max?.m ?? 0) + 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  );
  return getUnit(ctx.db, id);
}

export async function deleteUnits(ctx: ServiceContext, input: ParsedInputOf<'deleteUnits'>): Promise<OutputOf<'deleteUnits'>> {
  const rows = await ctx.db.selectFrom('units').select(['id', 'name', 'cycle_id']).where('id', 'in', input.ids).execute();
  if (rows.length !== new Set(input.ids).size) {
    const missing = input.ids.filter((i) => !rows.some((r) => r.id === i));
    throw new AppError('not_found', `找不到被考核单位（编号 ${missing.join('、')}），未删除任何单位。`);
  }
  const cycleId = rows[0]!.cycle_id;
  return ctx.write({ action: 'unit.delete', entity: 'unit', cycleId, detail: { ids: input.ids, names: rows.map((r) => r.name) } }, async (trx) => {
    const r = await trx.deleteFrom('units').where('id', 'in', input.ids).executeTakeFirst();
    return { deleted: Number(r.numDeletedRows) };
  });
}
