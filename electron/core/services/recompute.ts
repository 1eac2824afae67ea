// The one recompute path. A write says which categories' inputs it touched;
// before its transaction commits, those categories and every category that
// depends on them (cadre categories whose quotas follow their units' grades,
// categories of other cycles citing this one) get a new input version and,
// where the cycle has results, are computed again and written back — in the
// same transaction, so no reader ever sees data and results disagree. When
// the engine refuses the plan (e.g. mid-way through editing a tree), the write
// still commits and the results stay stamped with the older version: readers
// then show them as stale, never as current.
import { compute } from '../../../shared/engine/compute.ts';
import { categoryDependencies } from '../../../shared/engine/dependencies.ts';
import type { EngineOutput } from '../../../shared/engine/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { CYCLE_STATUSES, type CycleStatus } from '../../../shared/domain.ts';
import { cycleAllows } from '../../../shared/lifecycle.ts';
import type { WriteTx } from '../context.ts';
import type { ReadDb } from '../db/handles.ts';
import { citingCycles, loadDependencyInput, loadEngineInput } from '../repos/engine-input.ts';
import { bumpVersions, currentVersions, hasResults, writeResults } from '../repos/results.ts';

export interface RecomputeOutcome {
  /** categories recomputed (or, with a warning, left stale) */
  categories: number[];
  subjects: number;
  /** set when the engine refused: the results of these categories are stale */
  warning: string | null;
}

export interface Touched {
  /** categories whose inputs changed */
  inputs: Set<number>;
  /** categories whose final grades changed (adjustments): only their dependents follow */
  dependents: Set<number>;
}

/** Every category that depends, directly or not, on the given ones (the given ones not included). */
async function dependentsOf(db: ReadDb, cycleId: number, ids: Set<number>): Promise<Set<number>> {
  if (ids.size === 0) return new Set();
  const deps = categoryDependencies(await loadDependencyInput(db, cycleId));
  const out = new Set<number>();
  let frontier = [...ids];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const d of deps) {
      if (out.has(d.categoryId) || ids.has(d.categoryId)) continue;
      if (d.onCategories.some((c) => frontier.includes(c))) {
        out.add(d.categoryId);
        next.push(d.categoryId);
      }
    }
    frontier = next;
  }
  return out;
}

async function cycleStatus(db: ReadDb, cycleId: number): Promise<CycleStatus> {
  const r = await db.selectFrom('cycles').select('status').where('id', '=', cycleId).executeTakeFirst();
  return r && (CYCLE_STATUSES as readonly string[]).includes(r.status) ? (r.status as CycleStatus) : 'draft';
}

/** Runs the engine on some categories and writes their results; the caller's transaction holds it all. */
export async function computeInto(w: WriteTx, cycleId: number, categoryIds: number[] | null, versions: Map<number, number>): Promise<EngineOutput> {
  // the input is not held while the results are written: at province scale it is some 30 MiB the collector may take back
  const out = compute(await loadEngineInput(w.trx, cycleId, categoryIds ? { categoryIds } : {}), categoryIds ? { categories: new Set(categoryIds) } : {});
  writeResults(w, cycleId, categoryIds, out, versions);
  return out;
}

export async function recomputeTouched(w: WriteTx, touched: Map<number, Touched>): Promise<RecomputeOutcome> {
  const outcome: RecomputeOutcome = { categories: [], subjects: 0, warning: null };
  const queue = [...touched.entries()];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const [cycleId, t] = queue.shift()!;
    if (seen.has(cycleId)) continue;
    seen.add(cycleId);
    const closure = new Set([...t.inputs, ...(await dependentsOf(w.trx, cycleId, new Set([...t.inputs, ...t.dependents])))]);
    if (closure.size === 0) continue;
    const versions = bumpVersions(w, closure);
    // categories of other cycles citing this one follow, unless their year is frozen (published, archived)
    for (const c of await citingCycles(w.trx, cycleId)) {
      if (!seen.has(c.cycleId) && cycleAllows(await cycleStatus(w.trx, c.cycleId), 'compute')) queue.push([c.cycleId, { inputs: new Set(c.categoryIds), dependents: new Set() }]);
    }
    if (!(await hasResults(w.trx, cycleId))) continue;
    const ids = [...closure];
    outcome.categories.push(...ids);
    try {
      const all = new Map([...currentVersions(w.trx, cycleId), ...versions]);
      const out = await computeInto(w, cycleId, ids, all);
      outcome.subjects += out.results.length;
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'invalid_plan') throw e;
      outcome.warning = `已保存，但无法重新计算（结果已标记为“不是最新”）：${e.message}`;
    }
  }
  return outcome;
}
