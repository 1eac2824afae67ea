// The indicator tree of a category: add, edit, delete, with the checks an
// editor of the tree needs.
import { AppError, notFound } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { getCategory } from '../repos/categories.ts';
import { listIndicators, treeChecks } from '../repos/indicators.ts';
import { deleteAudited, insertAudited, updateAudited } from '../repos/audited.ts';

export async function indicatorTree(ctx: ServiceContext, categoryId: number): Promise<OutputOf<'listIndicators'>> {
  await getCategory(ctx.db, categoryId);
  const indicators = await listIndicators(ctx.db, categoryId);
  return { indicators, checks: treeChecks(indicators) };
}

export async function saveIndicator(ctx: ServiceContext, input: ParsedInputOf<'saveIndicator'>): Promise<OutputOf<'saveIndicator'>> {
  const cat = await getCategory(ctx.db, input.categoryId);
  const all = await listIndicators(ctx.db, cat.id);
  const existing = input.id !== undefined ? all.find((i) => i.id === input.id) : undefined;
  if (input.id !== undefined && !existing) throw notFound('指标', input.id);
  const parent = input.parentId !== null ? all.find((i) => i.id === input.parentId) : undefined;
  if (input.parentId !== null && !parent) throw new AppError('invalid_input', `上级指标（编号 ${input.parentId}）不属于类别“${cat.name}”。`);
  if (existing && parent) {
    // moving a node under its own descendant would make a cycle
    for (let p: typeof parent | undefined = parent; p; p = all.find((i) => i.id === p!.parentId)) {
      if (p.id === existing.id) throw new AppError('invalid_plan', `不能把指标“${existing.name}”移到它自己的下级之下。`);
    }
  }
  let componentId = parent ? parent.componentId : (input.componentId ?? existing?.componentId);
  if (componentId === undefined) {
    const first = await ctx.db.selectFrom('components').select('id').where('category_id', '=', cat.id).where('kind', 'in', ['indicators', 'routine']).orderBy('sort_order').executeTakeFirst();
    if (!first) throw new AppError('invalid_plan', `类别“${cat.name}”还没有“指标计分”类的考核构成，请先在考核方案中添加。`);
    componentId = first.id;
  }
  const comp = await ctx.db.selectFrom('components').select(['id', 'kind', 'name']).where('id', '=', componentId).where('category_id', '=', cat.id).executeTakeFirst();
  if (!comp) throw new AppError('invalid_input', `考核构成（编号 ${componentId}）不属于类别“${cat.name}”。`);
  if (comp.kind !== 'indicators' && comp.kind !== 'routine') throw new AppError('invalid_plan', `考核构成“${comp.name}”不是按指标计分的，不能在其下设置指标。`);

  const siblings = all.filter((i) => i.parentId === input.parentId && i.id !== input.id);
  const code = input.code ?? existing?.code ?? (parent ? `${parent.code}.${siblings.length + 1}` : String(siblings.filter((s) => s.componentId === componentId).length + 1));
  const dup = all.find((i) => i.code === code && i.id !== input.id);
  if (dup) throw new AppError('conflict', `类别“${cat.name}”中已有编号为“${code}”的指标（${dup.name}）。`);
  const hasChildren = existing ? all.some((i) => i.parentId === existing.id) : false;
  const method = hasChildren ? null : (input.method !== undefined ? input.method : (existing?.method ?? { type: 'direct' as const }));
  const values = {
    category_id: cat.id,
    component_id: componentId,
    parent_id: input.parentId,
    code,
    name: input.name,
    full_points: input.fullPoints,
    method: method === null ? null : JSON.stringify(method),
    department_id: input.departmentId !== undefined ? input.departmentId : (existing?.departmentId ?? null),
    description: input.description ?? existing?.description ?? '',
  };
  const id = await ctx.write({ action: existing ? 'indicator.update' : 'indicator.create', entity: 'indicator', entityId: existing?.id ?? null, cycleId: cat.cycleId, scope: 'plan' }, async (w) => {
    w.touch([cat.id]);
    if (parent && parent.method !== null) {
      // the parent becomes an inner node: it sums its children from now on
      await updateAudited(w, 'indicators', 'indicator', parent.id, { method: null });
      const cells = await w.trx.selectFrom('score_entries').select('id').where('indicator_id', '=', parent.id).execute();
      await deleteAudited(w, 'score_entries', 'score', cells.map((c) => c.id));
    }
    if (existing) {
      await updateAudited(w, 'indicators', 'indicator', existing.id, values);
      if (existing.componentId !== componentId) {
        // children follow their parent into the other component
        for (const d of descendants(all, existing.id)) await updateAudited(w, 'indicators', 'indicator', d, { component_id: componentId });
      }
      return existing.id;
    }
    return insertAudited(w, 'indicators', 'indicator', { ...values, sort_order: siblings.length + 1 });
  });
  const after = await listIndicators(ctx.db, cat.id);
  return after.find((i) => i.id === id)!;
}

function descendants(all: { id: number; parentId: number | null }[], id: number): number[] {
  const out: number[] = [];
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    for (const c of all) if (c.parentId === cur) { out.push(c.id); stack.push(c.id); }
  }
  return out;
}

export async function deleteIndicator(ctx: ServiceContext, id: number): Promise<OutputOf<'deleteIndicator'>> {
  const row = await ctx.db
    .selectFrom('indicators')
    .innerJoin('categories', 'categories.id', 'indicators.category_id')
    .select(['indicators.id', 'indicators.name', 'indicators.category_id', 'categories.cycle_id'])
    .where('indicators.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('指标', id);
  const all = await listIndicators(ctx.db, row.category_id);
  const ids = [id, ...descendants(all, id)];
  return ctx.write({ action: 'indicator.delete', entity: 'indicator', entityId: id, cycleId: row.cycle_id, scope: 'plan', detail: { name: row.name, ids } }, async (w) => {
    w.touch([row.category_id]);
    const cells = await w.trx.selectFrom('score_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('indicator_id', 'in', ids).executeTakeFirst();
    w.note({ scoresRemoved: Number(cells?.n ?? 0) });
    return { deleted: await deleteAudited(w, 'indicators', 'indicator', ids) };
  });
}
