import { sql } from 'kysely';
import { categorySettingsSchema, evalLevelSchema, DEFAULT_CADRE_EVAL_LEVELS, DEFAULT_UNIT_EVAL_LEVELS } from '../../../shared/domain.ts';
import type { Category, Component } from '../../../shared/ipc/contract.ts';
import { notFound } from '../../../shared/errors.ts';
import { z } from 'zod';
import type { Db } from '../context.ts';
import type { Row } from '../db/schema.ts';
import { parseJson } from './json.ts';

const memberCount = sql<number>`(case categories.kind when 'unit' then (select count(*) from units u where u.category_id = categories.id) else (select count(*) from cadres c where c.category_id = categories.id) end)`;

export function toCategory(r: Row<'categories'> & { memberCount: number }): Category {
  return {
    id: r.id,
    cycleId: r.cycle_id,
    kind: r.kind,
    name: r.name,
    difficulty: r.difficulty,
    sortOrder: r.sort_order,
    settings: parseJson(categorySettingsSchema, r.settings, `类别“${r.name}”的设置`),
    memberCount: Number(r.memberCount),
  };
}

export async function listCategories(db: Db, cycleId: number): Promise<Category[]> {
  const rows = await db.selectFrom('categories').selectAll().select(memberCount.as('memberCount')).where('cycle_id', '=', cycleId).orderBy('sort_order').orderBy('id').execute();
  return rows.map(toCategory);
}

export async function getCategory(db: Db, id: number): Promise<Category> {
  const r = await db.selectFrom('categories').selectAll().select(memberCount.as('memberCount')).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('考核类别', id);
  return toCategory(r);
}

const componentParams = z.object({ evalLevels: z.array(evalLevelSchema).optional() });

export function toComponent(r: Row<'components'>, kind: 'unit' | 'cadre'): Component {
  const params = parseJson(componentParams, r.params, `考核构成“${r.name}”的参数`);
  return {
    id: r.id,
    categoryId: r.category_id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    weight: r.weight,
    fullPoints: r.full_points,
    normalizeTo100: r.normalize_to_100 === 1,
    applyDifficulty: r.apply_difficulty === 1,
    evalLevels: params.evalLevels ?? (kind === 'unit' ? DEFAULT_UNIT_EVAL_LEVELS : DEFAULT_CADRE_EVAL_LEVELS),
    sortOrder: r.sort_order,
  };
}

export async function listComponents(db: Db, categoryId: number): Promise<Component[]> {
  const cat = await db.selectFrom('categories').select('kind').where('id', '=', categoryId).executeTakeFirst();
  if (!cat) throw notFound('考核类别', categoryId);
  const rows = await db.selectFrom('components').selectAll().where('category_id', '=', categoryId).orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => toComponent(r, cat.kind));
}
