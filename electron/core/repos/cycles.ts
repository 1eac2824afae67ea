import { sql } from 'kysely';
import type { CycleSummary } from '../../../shared/ipc/contract.ts';
import { notFound } from '../../../shared/errors.ts';
import type { Db } from '../context.ts';

function countOf(table: 'units' | 'cadres' | 'categories') {
  return sql<number>`(select count(*) from ${sql.table(table)} t where t.cycle_id = cycles.id)`;
}

function summaryQuery(db: Db) {
  return db
    .selectFrom('cycles')
    .select(['id', 'name', 'year', 'status', 'organ', 'created_at'])
    .select([countOf('categories').as('categoryCount'), countOf('units').as('unitCount'), countOf('cadres').as('cadreCount')]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;
function toSummary(r: SummaryRow): CycleSummary {
  return {
    id: r.id,
    name: r.name,
    year: r.year,
    status: r.status as CycleSummary['status'],
    organ: r.organ,
    categoryCount: Number(r.categoryCount),
    unitCount: Number(r.unitCount),
    cadreCount: Number(r.cadreCount),
    createdAt: r.created_at,
  };
}

export async function listCycleSummaries(db: Db): Promise<CycleSummary[]> {
  const rows = await summaryQuery(db).orderBy('year', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toSummary);
}

export async function getCycleSummary(db: Db, id: number): Promise<CycleSummary> {
  const r = await summaryQuery(db).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('考核年度', id);
  return toSummary(r);
}

export async function requireCycle(db: Db, id: number): Promise<{ id: number; name: string; year: number; organ: string; status: string }> {
  const r = await db.selectFrom('cycles').select(['id', 'name', 'year', 'organ', 'status']).where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('考核年度', id);
  return r;
}
