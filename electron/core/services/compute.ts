// Full recompute of a cycle: load, run the pure engine, write the results
// (with their traces) back in one transaction.
import { compute } from '../../../shared/engine/compute.ts';
import type { SubjectResult } from '../../../shared/engine/types.ts';
import { parseSubjectKey } from '../../../shared/domain.ts';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { loadEngineInput } from './engine-input.ts';

function resultRow(cycleId: number, r: SubjectResult, at: string) {
  const s = parseSubjectKey(r.subjectKey)!;
  return {
    cycle_id: cycleId,
    unit_id: s.kind === 'unit' ? s.id : null,
    cadre_id: s.kind === 'cadre' ? s.id : null,
    category_id: r.categoryId,
    total: r.total,
    rank: r.rank,
    computed_grade: r.grade.grade,
    grade_rule: r.grade.rule,
    grade_note: r.grade.note,
    components: JSON.stringify(r.components),
    flags: JSON.stringify(r.flags),
    computed_at: at,
  };
}

export async function computeCycle(ctx: ServiceContext, cycleId: number): Promise<OutputOf<'computeCycle'>> {
  const input = await loadEngineInput(ctx.db, cycleId);
  const { results } = compute(input);
  const at = ctx.now().toISOString();
  const missingCells = results.reduce((s, r) => s + r.missingCount, 0);
  await ctx.write({ action: 'compute.full', entity: 'results', cycleId, detail: { subjects: results.length, missingCells } }, async (trx) => {
    await trx.deleteFrom('results').where('cycle_id', '=', cycleId).execute();
    const rows = results.map((r) => resultRow(cycleId, r, at));
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('results').values(rows.slice(i, i + 200)).execute();
  });
  return { subjects: results.length, categories: input.categories.length, computedAt: at, missingCells };
}
