// Recompute: load, run the pure engine, write the results (with their
// component traces and leaf scores) back in one transaction. A full
// recompute covers the cycle; after an edit only the categories that depend
// on the edited cells are recomputed.
import { runChecks } from '../../../shared/engine/checks.ts';
import { compute } from '../../../shared/engine/compute.ts';
import type { SubjectResult } from '../../../shared/engine/types.ts';
import { parseSubjectKey, type SubjectKey } from '../../../shared/domain.ts';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import type { Db, ServiceContext } from '../context.ts';
import { loadEngineInput } from './engine-input.ts';

export interface ComputeSummary {
  subjects: number;
  categories: number;
  computedAt: string;
  missingCells: number;
}

/** Writes results with raw prepared statements: thousands of rows with their traces. */
function writeResults(ctx: ServiceContext, cycleId: number, categoryIds: number[] | null, results: SubjectResult[], at: string): void {
  const raw = ctx.store.raw;
  if (categoryIds) {
    const del = raw.prepare('delete from results where cycle_id = ? and category_id = ?');
    for (const id of categoryIds) del.run(cycleId, id);
  } else {
    raw.prepare('delete from results where cycle_id = ?').run(cycleId);
  }
  const ins = raw.prepare(
    `insert into results (cycle_id, unit_id, cadre_id, category_id, total, rank, rank_of, computed_grade, grade_rule, grade_note, total_note, components, flags, computed_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of results) {
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
      at,
    );
  }
}

async function run(ctx: ServiceContext, cycleId: number, categoryIds: number[] | null, action: string): Promise<ComputeSummary> {
  const input = await loadEngineInput(ctx.db, ctx.store.raw, cycleId, categoryIds ? { categoryIds } : {});
  const { results } = compute(input);
  const at = ctx.now().toISOString();
  const missingCells = results.reduce((s, r) => s + r.missingCount, 0);
  await ctx.write({ action, entity: 'results', cycleId, detail: { subjects: results.length, missingCells, categories: categoryIds ?? 'all' } }, async () => {
    writeResults(ctx, cycleId, categoryIds, results, at);
  });
  return { subjects: results.length, categories: input.categories.length, computedAt: at, missingCells };
}

export function computeCycle(ctx: ServiceContext, cycleId: number): Promise<OutputOf<'computeCycle'>> {
  return run(ctx, cycleId, null, 'compute.full');
}

/** Recomputes some categories of a cycle, and the cadre categories whose quotas follow their units' grades. */
export async function recomputeCategories(ctx: ServiceContext, cycleId: number, categoryIds: number[]): Promise<ComputeSummary> {
  const cats = await ctx.db.selectFrom('categories').select(['id', 'kind', 'settings']).where('cycle_id', '=', cycleId).execute();
  const wanted = new Set(categoryIds);
  if (cats.some((c) => wanted.has(c.id) && c.kind === 'unit')) {
    for (const c of cats) if (c.kind === 'cadre' && (JSON.parse(c.settings) as { grading?: { linkage?: unknown } }).grading?.linkage) wanted.add(c.id);
  }
  return run(ctx, cycleId, [...wanted], 'compute.incremental');
}

export async function hasResults(db: Db, cycleId: number): Promise<boolean> {
  return !!(await db.selectFrom('results').select('id').where('cycle_id', '=', cycleId).limit(1).executeTakeFirst());
}

/**
 * After cells were edited: recompute only what depends on them (their
 * categories; ranks and grades there can change), if the cycle has results.
 */
export async function recomputeAfterEdit(ctx: ServiceContext, input: { cycleId: number; cells: { indicatorId: number }[] }): Promise<ComputeSummary | null> {
  if (!(await hasResults(ctx.db, input.cycleId))) return null;
  const ids = [...new Set(input.cells.map((c) => c.indicatorId))];
  const cats = await ctx.db.selectFrom('indicators').select('category_id').distinct().where('id', 'in', ids).execute();
  return recomputeCategories(ctx, input.cycleId, cats.map((c) => c.category_id));
}

/** The full explanation of one subject: its category computed again with the leaf trace. */
export async function explainSubject(ctx: ServiceContext, cycleId: number, key: SubjectKey, categoryId: number): Promise<SubjectResult | undefined> {
  const input = await loadEngineInput(ctx.db, ctx.store.raw, cycleId, { categoryIds: [categoryId] });
  return compute(input, { explain: (k) => k === key, categories: new Set([categoryId]) }).results.find((r) => r.subjectKey === key);
}

/** The checks of a cycle (or one category), from the same input the engine computes on. */
export async function listChecks(ctx: ServiceContext, cycleId: number, categoryId?: number): Promise<OutputOf<'listChecks'>> {
  const input = await loadEngineInput(ctx.db, ctx.store.raw, cycleId, categoryId !== undefined ? { categoryIds: [categoryId] } : {});
  return runChecks(input);
}
