import type { InputOf, OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { getCycleSummary, listCycleSummaries, requireCycle } from '../repos/cycles.ts';
import { createDemoPlan } from '../demo/demo-plan.ts';

export function listCycles(ctx: ServiceContext): Promise<OutputOf<'listCycles'>> {
  return listCycleSummaries(ctx.db);
}

export async function createCycle(ctx: ServiceContext, input: ParsedInputOf<'createCycle'>): Promise<OutputOf<'createCycle'>> {
  const id = await ctx.write(
    (cycleId: number) => ({ action: 'cycle.create', entity: 'cycle', entityId: cycleId, cycleId, detail: { name: input.name, year: input.year } }),
    async (trx) => {
      const row = await trx
        .insertInto('cycles')
        .values({ name: input.name, year: input.year, organ: input.organ ?? '', status: 'draft', copied_from: null, created_at: ctx.now().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  );
  return getCycleSummary(ctx.db, id);
}

export async function loadDemo(ctx: ServiceContext): Promise<OutputOf<'loadDemo'>> {
  const id = await createDemoPlan(ctx);
  return getCycleSummary(ctx.db, id);
}

export async function setCycleStatus(ctx: ServiceContext, input: InputOf<'setCycleStatus'>): Promise<OutputOf<'setCycleStatus'>> {
  const cycle = await requireCycle(ctx.db, input.cycleId);
  await ctx.write({ action: 'cycle.status', entity: 'cycle', entityId: cycle.id, cycleId: cycle.id, detail: { from: cycle.status, to: input.status } }, (trx) =>
    trx.updateTable('cycles').set({ status: input.status }).where('id', '=', cycle.id).execute(),
  );
  return getCycleSummary(ctx.db, cycle.id);
}
