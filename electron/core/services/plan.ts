// Categories, their components and their scoring/grading settings.
import {
  DEFAULT_CADRE_GRADE_RULES,
  DEFAULT_UNIT_GRADE_RULES,
  type CategorySettings,
} from '../../../shared/domain.ts';
import { AppError, notFound } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { getCategory, listComponents, toComponent } from '../repos/categories.ts';
import { requireCycle } from '../repos/cycles.ts';
import { insertAudited, updateAudited } from '../repos/audited.ts';

export function defaultSettings(kind: 'unit' | 'cadre'): CategorySettings {
  return {
    bonus: { kindCaps: {} },
    grading: kind === 'unit' ? DEFAULT_UNIT_GRADE_RULES : DEFAULT_CADRE_GRADE_RULES,
    decimals: 2,
    normalizeToBest: false,
    minSpread: 0.3,
  };
}

export async function createCategory(ctx: ServiceContext, input: ParsedInputOf<'createCategory'>): Promise<OutputOf<'createCategory'>> {
  await requireCycle(ctx.db, input.cycleId);
  const dup = await ctx.db.selectFrom('categories').select('id').where('cycle_id', '=', input.cycleId).where('name', '=', input.name).executeTakeFirst();
  if (dup) throw new AppError('conflict', `考核类别“${input.name}”已存在，请换一个名称。`);
  const id = await ctx.write({ action: 'category.create', entity: 'category', cycleId: input.cycleId, scope: 'plan', detail: { name: input.name, kind: input.kind } }, async (w) => {
    const max = await w.trx.selectFrom('categories').select((eb) => eb.fn.max('sort_order').as('m')).where('cycle_id', '=', input.cycleId).executeTakeFirst();
    const catId = await insertAudited(w, 'categories', 'category', {
      cycle_id: input.cycleId,
      kind: input.kind,
      name: input.name,
      difficulty: input.difficulty ?? 1,
      sort_order: Number(max?.m ?? 0) + 1,
      settings: JSON.stringify(defaultSettings(input.kind)),
    });
    // a new category starts with the components every plan has
    const first = input.kind === 'unit'
      ? { code: 'SJ', name: '实绩考核', kind: 'indicators' as const, weight: null, full_points: 100 }
      : { code: 'CP', name: '民主测评', kind: 'democratic' as const, weight: null, full_points: 100 };
    await insertAudited(w, 'components', 'component', { category_id: catId, ...first, sort_order: 1 });
    await insertAudited(w, 'components', 'component', { category_id: catId, code: 'JJF', name: '加减分', kind: 'bonus', weight: null, full_points: 0, sort_order: 9 });
    w.touch([catId]);
    return catId;
  });
  return getCategory(ctx.db, id);
}

export async function updateCategory(ctx: ServiceContext, input: ParsedInputOf<'updateCategory'>): Promise<OutputOf<'updateCategory'>> {
  const before = await getCategory(ctx.db, input.id);
  if (input.settings) {
    const g = input.settings.grading;
    const names = new Set(g.grades);
    if (names.size !== g.grades.length) throw new AppError('invalid_plan', `类别“${before.name}”的等次名称有重复。`);
    for (const b of g.bands) {
      if (!names.has(b.grade)) throw new AppError('invalid_plan', `类别“${before.name}”的分数线中的等次“${b.grade}”不在等次列表中。`);
    }
  }
  if (input.name && input.name !== before.name) {
    const dup = await ctx.db.selectFrom('categories').select('id').where('cycle_id', '=', before.cycleId).where('name', '=', input.name).executeTakeFirst();
    if (dup) throw new AppError('conflict', `考核类别“${input.name}”已存在，请换一个名称。`);
  }
  await ctx.write({ action: 'category.update', entity: 'category', entityId: before.id, cycleId: before.cycleId, scope: 'plan' }, async (w) => {
    await updateAudited(w, 'categories', 'category', before.id, {
      name: input.name,
      difficulty: input.difficulty,
      settings: input.settings !== undefined ? JSON.stringify(input.settings) : undefined,
    });
    w.touch([before.id]);
  });
  return getCategory(ctx.db, before.id);
}

export async function saveComponent(ctx: ServiceContext, input: ParsedInputOf<'saveComponent'>): Promise<OutputOf<'saveComponent'>> {
  const cat = await getCategory(ctx.db, input.categoryId);
  const values = {
    code: input.code,
    name: input.name,
    kind: input.kind,
    weight: input.weight,
    full_points: input.fullPoints,
    normalize_to_100: input.normalizeTo100 ? 1 : 0,
    apply_difficulty: input.applyDifficulty ? 1 : 0,
  };
  const dup = await ctx.db.selectFrom('components').select('id').where('category_id', '=', cat.id).where('code', '=', input.code).executeTakeFirst();
  if (dup && dup.id !== input.id) throw new AppError('conflict', `类别“${cat.name}”中已有代码为“${input.code}”的考核构成。`);
  const id = await ctx.write({ action: input.id ? 'component.update' : 'component.create', entity: 'component', entityId: input.id ?? null, cycleId: cat.cycleId, scope: 'plan' }, async (w) => {
    w.touch([cat.id]);
    if (input.id) {
      const own = await w.trx.selectFrom('components').select('id').where('id', '=', input.id).where('category_id', '=', cat.id).executeTakeFirst();
      if (!own) throw notFound('考核构成', input.id);
      await updateAudited(w, 'components', 'component', input.id, values);
      return input.id;
    }
    const max = await w.trx.selectFrom('components').select((eb) => eb.fn.max('sort_order').as('m')).where('category_id', '=', cat.id).executeTakeFirst();
    return insertAudited(w, 'components', 'component', { category_id: cat.id, ...values, sort_order: Number(max?.m ?? 0) + 1 });
  });
  const row = await ctx.db.selectFrom('components').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return toComponent(row, cat.kind);
}

export { listComponents };
