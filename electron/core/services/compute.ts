// 计算排名: the full computation of a cycle (through the one write path, so it
// is refused in a frozen year and audited), the checks, and the leaf trace of
// one subject rebuilt on demand from the same data the stored result came from.
import { runChecks } from '../../../shared/engine/checks.ts';
import { compute } from '../../../shared/engine/compute.ts';
import type { SubjectResult } from '../../../shared/engine/types.ts';
import type { SubjectKey } from '../../../shared/domain.ts';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { requireCycle } from '../repos/cycles.ts';
import { loadEngineInput } from '../repos/engine-input.ts';
import { currentVersions } from '../repos/results.ts';
import { computeInto } from './recompute.ts';

export interface ComputeSummary {
  subjects: number;
  categories: number;
  computedAt: string;
  missingCells: number;
}

export async function computeCycle(ctx: ServiceContext, cycleId: number): Promise<OutputOf<'computeCycle'>> {
  await requireCycle(ctx.db, cycleId);
  return ctx.write({ action: 'compute.full', entity: 'results', cycleId, scope: 'compute' }, async (w) => {
    const out = await computeInto(w, cycleId, null, currentVersions(w.trx, cycleId));
    const missingCells = out.results.reduce((s, r) => s + r.missingCount, 0);
    const categories = new Set(out.results.map((r) => r.categoryId)).size;
    w.note({ subjects: out.results.length, missingCells, categories });
    return { subjects: out.results.length, categories, computedAt: w.at, missingCells };
  });
}

/** The full explanation of one subject: its category computed again with the leaf trace. */
export async function explainSubject(ctx: ServiceContext, cycleId: number, key: SubjectKey, categoryId: number): Promise<SubjectResult | undefined> {
  const input = await loadEngineInput(ctx.db, cycleId, { categoryIds: [categoryId] });
  return compute(input, { explain: (k) => k === key, categories: new Set([categoryId]) }).results.find((r) => r.subjectKey === key);
}

/** The checks of a cycle (or one category), from the same input the engine computes on. */
export async function listChecks(ctx: ServiceContext, cycleId: number, categoryId?: number): Promise<OutputOf<'listChecks'>> {
  const input = await loadEngineInput(ctx.db, cycleId, categoryId !== undefined ? { categoryIds: [categoryId] } : {});
  return runChecks(input);
}
