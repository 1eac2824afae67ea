// Stored results: what the engine decided, written back in the transaction of
// the write that caused it, and read by every screen and document. Each row
// and each comparison group records the input version of its category, so a
// reader can tell current results from stale ones.
import { z } from 'zod';
import { parseSubjectKey } from '../../../shared/domain.ts';
import { componentTrace } from '../../../shared/ipc/contract.ts';
import type { EngineOutput, Flag, GroupQuota, Restriction } from '../../../shared/engine/types.ts';
import type { WriteTx } from '../context.ts';
import { rawOf, stmt, type ReadDb } from '../db/handles.ts';
import { parseJson } from './json.ts';

export const storedTraces = z.array(componentTrace);
export const storedFlags = z.array(z.object({ code: z.string(), figures: z.record(z.string(), z.union([z.number(), z.string()])) }));
export const storedRestriction = z
  .object({ kind: z.enum(['forced', 'not_top']), grade: z.string().nullable(), rule: z.string(), reason: z.string(), eventId: z.number().nullable() })
  .nullable();
const quotaDecision = z.object({
  grade: z.string(),
  places: z.number(),
  basis: z.enum(['percent', 'linkage']),
  percent: z.number(),
  exact: z.number(),
  rounding: z.enum(['floor', 'round', 'ceil']),
  given: z.number(),
  note: z.string(),
});
export const storedQuota = z.object({
  top: quotaDecision,
  bottom: quotaDecision.nullable(),
  tiedAtBoundary: z.array(z.string()),
  linkage: z.array(z.object({ unitKey: z.string().nullable(), unitGrade: z.string().nullable(), percent: z.number() })).optional(),
});


/**
 * Replaces the results of some categories (or of the whole cycle) by the
 * engine's output, inside the caller's transaction, stamped with each
 * category's input version.
 */
export function writeResults(w: WriteTx, cycleId: number, categoryIds: number[] | null, out: EngineOutput, versions: Map<number, number>): void {
  const raw = rawOf(w.trx);
  const at = w.at;
  if (categoryIds) {
    const delR = stmt(raw, 'delete from results where category_id = ?');
    const delG = stmt(raw, 'delete from result_groups where category_id = ?');
    for (const id of categoryIds) {
      delR.run(id);
      delG.run(id);
    }
  } else {
    stmt(raw, 'delete from results where cycle_id = ?').run(cycleId);
    stmt(raw, 'delete from result_groups where cycle_id = ?').run(cycleId);
  }
  const ins = stmt(
    raw,
    `insert into results (cycle_id, unit_id, cadre_id, category_id, total, rank, rank_of, computed_grade, grade_rule, grade_note, total_note,
       components, flags, restriction, group_key, input_version, computed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of out.results) {
    const s = parseSubjectKey(r.subjectKey)!;
    ins.run(
      cycleId,
      s.kind === 'unit' ? s.id : null,
      s.kind === 'cadre' ? s.id : null,
      r.categoryId,
      r.total,
      r.rank,
      r.rankOf,
      r.grade.grade,
      r.grade.rule,
      r.grade.note,
      r.totalNote,
      JSON.stringify(r.components),
      JSON.stringify(r.flags),
      r.restriction ? JSON.stringify(r.restriction) : null,
      r.groupKey,
      versions.get(r.categoryId) ?? 0,
      at,
    );
  }
  const insG = stmt(raw, 'insert into result_groups (cycle_id, category_id, group_key, size, quota, input_version, computed_at) values (?, ?, ?, ?, ?, ?, ?)');
  for (const g of out.groups) {
    const quota = { top: g.top, bottom: g.bottom, tiedAtBoundary: g.tiedAtBoundary, ...(g.linkage ? { linkage: g.linkage } : {}) };
    insG.run(cycleId, g.categoryId, g.groupKey, g.size, JSON.stringify(quota), versions.get(g.categoryId) ?? 0, at);
  }
}

/** Whether any result of the cycle is stored (it has been computed at least once). */
export async function hasResults(db: ReadDb, cycleId: number): Promise<boolean> {
  return !!(await db.selectFrom('results').select('id').where('cycle_id', '=', cycleId).limit(1).executeTakeFirst());
}

export interface StoredGroup extends Omit<GroupQuota, 'tiedAtBoundary'> {
  tiedAtBoundary: string[];
  stale: boolean;
}

export async function readGroups(db: ReadDb, cycleId: number, categoryId: number): Promise<StoredGroup[]> {
  const rows = await db
    .selectFrom('result_groups')
    .innerJoin('categories', 'categories.id', 'result_groups.category_id')
    .select(['result_groups.category_id', 'result_groups.group_key', 'result_groups.size', 'result_groups.quota', 'result_groups.input_version', 'categories.input_version as current'])
    .where('result_groups.cycle_id', '=', cycleId)
    .where('result_groups.category_id', '=', categoryId)
    .orderBy('result_groups.id')
    .execute();
  return rows.map((r) => {
    const q = parseJson(storedQuota, r.quota, '名额计算结果');
    return { categoryId: r.category_id, groupKey: r.group_key, size: r.size, top: q.top, bottom: q.bottom, tiedAtBoundary: q.tiedAtBoundary, ...(q.linkage ? { linkage: q.linkage } : {}), stale: r.input_version !== r.current };
  });
}

export interface CategoryState {
  categoryId: number;
  categoryName: string;
  kind: 'unit' | 'cadre';
  state: 'none' | 'stale' | 'current';
  computedAt: string | null;
  /** units or cadres in the category */
  members: number;
}

/** Per category of a cycle: never computed, stale (inputs changed since) or current. */
export function categoryStates(db: ReadDb, cycleId: number): CategoryState[] {
  const rows = rawOf(db)
    .prepare(
      `select c.id, c.name, c.kind, c.input_version,
              (select min(r.input_version) from results r where r.category_id = c.id) as min_v,
              (select max(r.input_version) from results r where r.category_id = c.id) as max_v,
              (select max(r.computed_at) from results r where r.category_id = c.id) as at,
              (select count(*) from units u where u.category_id = c.id) + (select count(*) from cadres d where d.category_id = c.id) as members
         from categories c where c.cycle_id = ? order by c.sort_order, c.id`,
    )
    .all(cycleId) as { id: number; name: string; kind: 'unit' | 'cadre'; input_version: number; min_v: number | null; max_v: number | null; at: string | null; members: number }[];
  return rows.map((r) => ({
    categoryId: r.id,
    categoryName: r.name,
    kind: r.kind,
    state: r.min_v === null ? 'none' : r.min_v === r.input_version && r.max_v === r.input_version ? 'current' : 'stale',
    computedAt: r.at,
    members: r.members,
  }));
}

/** Raises the input version of categories: their stored results are stale until recomputed. */
export function bumpVersions(w: WriteTx, categoryIds: Iterable<number>): Map<number, number> {
  const raw = rawOf(w.trx);
  const up = stmt(raw, 'update categories set input_version = input_version + 1 where id = ? returning input_version');
  const out = new Map<number, number>();
  for (const id of categoryIds) {
    const r = up.get(id) as { input_version: number } | undefined;
    if (r) out.set(id, r.input_version);
  }
  return out;
}

/** Current input versions of categories (for a recompute that changed no inputs). */
export function currentVersions(db: ReadDb, cycleId: number): Map<number, number> {
  const rows = stmt(rawOf(db), 'select id, input_version from categories where cycle_id = ?', 'raw').all(cycleId) as [number, number][];
  return new Map(rows);
}

export type { Flag, Restriction };
