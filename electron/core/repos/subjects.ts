// Units (领导班子) and cadres (领导干部): the assessed subjects.
import type { Cadre, Unit } from '../../../shared/ipc/contract.ts';
import { notFound } from '../../../shared/errors.ts';
import { sql } from 'kysely';
import type { Db } from '../context.ts';

function unitQuery(db: Db) {
  return db
    .selectFrom('units')
    .innerJoin('categories', 'categories.id', 'units.category_id')
    .select(['units.id', 'units.cycle_id', 'units.category_id', 'units.code', 'units.name', 'units.sort_order', 'categories.name as category_name'])
    .select(sql<number>`(select count(*) from cadres c where c.unit_id = units.id)`.as('cadre_count'))
    .orderBy('categories.sort_order')
    .orderBy('units.sort_order')
    .orderBy('units.id');
}
type UnitRow = Awaited<ReturnType<ReturnType<typeof unitQuery>['executeTakeFirstOrThrow']>>;
function toUnit(r: UnitRow): Unit {
  return { id: r.id, cycleId: r.cycle_id, categoryId: r.category_id, categoryName: r.category_name, code: r.code, name: r.name, sortOrder: r.sort_order, cadreCount: Number(r.cadre_count) };
}

export async function listUnits(db: Db, cycleId: number, categoryId?: number): Promise<Unit[]> {
  let q = unitQuery(db).where('units.cycle_id', '=', cycleId);
  if (categoryId !== undefined) q = q.where('units.category_id', '=', categoryId);
  return (await q.execute()).map(toUnit);
}

export async function getUnit(db: Db, id: number): Promise<Unit> {
  const r = await unitQuery(db).where('units.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('被考核单位', id);
  return toUnit(r);
}

export async function listCadres(db: Db, cycleId: number, unitId?: number): Promise<Cadre[]> {
  let q = db
    .selectFrom('cadres')
    .innerJoin('units', 'units.id', 'cadres.unit_id')
    .innerJoin('categories', 'categories.id', 'cadres.category_id')
    .select(['cadres.id', 'cadres.unit_id', 'cadres.category_id', 'cadres.code', 'cadres.name', 'cadres.post', 'cadres.title', 'cadres.sort_order', 'units.name as unit_name', 'categories.name as category_name'])
    .where('cadres.cycle_id', '=', cycleId)
    .orderBy('units.sort_order')
    .orderBy('cadres.sort_order')
    .orderBy('cadres.id');
  if (unitId !== undefined) q = q.where('cadres.unit_id', '=', unitId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.unit_name, categoryId: r.category_id, categoryName: r.category_name, code: r.code, name: r.name, post: r.post, title: r.title, sortOrder: r.sort_order }));
}

/** How many subjects (units and cadres) a cycle assesses. */
export async function subjectCount(db: Db, cycleId: number): Promise<number> {
  const count = async (table: 'units' | 'cadres') => Number((await db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n')).where('cycle_id', '=', cycleId).executeTakeFirstOrThrow()).n);
  return (await count('units')) + (await count('cadres'));
}

/** Name and code of every subject of a cycle, by key. */
export async function subjectNames(db: Db, cycleId: number): Promise<Map<string, { code: string; name: string; unitName: string | null; id: number; kind: 'unit' | 'cadre' }>> {
  const units = await db.selectFrom('units').select(['id', 'code', 'name']).where('cycle_id', '=', cycleId).execute();
  const cadres = await db
    .selectFrom('cadres')
    .innerJoin('units', 'units.id', 'cadres.unit_id')
    .select(['cadres.id', 'cadres.code', 'cadres.name', 'units.name as unit_name'])
    .where('cadres.cycle_id', '=', cycleId)
    .execute();
  const m = new Map<string, { code: string; name: string; unitName: string | null; id: number; kind: 'unit' | 'cadre' }>();
  for (const u of units) m.set(`unit:${u.id}`, { code: u.code, name: u.name, unitName: null, id: u.id, kind: 'unit' });
  for (const c of cadres) m.set(`cadre:${c.id}`, { code: c.code, name: c.name, unitName: c.unit_name, id: c.id, kind: 'cadre' });
  return m;
}
