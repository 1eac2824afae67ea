// 考核年度: create, the demo plan, and the year's lifecycle (编制中 → 采集中 →
// 评定中 → 已发布 → 已归档). A step back from 已发布 needs a written reason; every
// change of state is recorded in the audit trail with it.
import { CYCLE_STATUS_LABELS, type CycleStatus } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import { transitionNeedsReason, transitionProblem } from '../../../shared/lifecycle.ts';
import type { ServiceContext } from '../context.ts';
import { getCycleSummary, listCycleSummaries, requireCycle } from '../repos/cycles.ts';
import { insertAudited, updateAudited } from '../repos/audited.ts';
import { createDemoPlan } from '../demo/demo-plan.ts';
import { categoryStates } from '../repos/results.ts';

export function listCycles(ctx: ServiceContext): Promise<OutputOf<'listCycles'>> {
  return listCycleSummaries(ctx.db);
}

export async function createCycle(ctx: ServiceContext, input: ParsedInputOf<'createCycle'>): Promise<OutputOf<'createCycle'>> {
  const id = await ctx.write({ action: 'cycle.create', entity: 'cycle', cycleId: null, scope: null, detail: { name: input.name, year: input.year } }, async (w) => {
    const cycleId = await insertAudited(w, 'cycles', 'cycle', { name: input.name, year: input.year, organ: input.organ ?? '', status: 'draft', copied_from: null, created_at: w.at });
    w.identify({ cycleId, entityId: cycleId });
    return cycleId;
  });
  return getCycleSummary(ctx.db, id);
}

export async function loadDemo(ctx: ServiceContext): Promise<OutputOf<'loadDemo'>> {
  const id = await createDemoPlan(ctx);
  return getCycleSummary(ctx.db, id);
}

export async function setCycleStatus(ctx: ServiceContext, input: ParsedInputOf<'setCycleStatus'>): Promise<OutputOf<'setCycleStatus'>> {
  const cycle = await requireCycle(ctx.db, input.cycleId);
  const from = cycle.status as CycleStatus;
  const to = input.status;
  const problem = transitionProblem(from, to);
  if (problem) throw new AppError('conflict', problem, { kind: 'field', path: 'status' });
  if (to === 'published') {
    // what is published is what the engine computed from the data as it stands
    const notCurrent = categoryStates(ctx.db, cycle.id).filter((s) => s.members > 0 && s.state !== 'current');
    if (notCurrent.length > 0) {
      throw new AppError('conflict', `考核类别${notCurrent.map((s) => `“${s.categoryName}”`).join('、')}${notCurrent.some((s) => s.state === 'none') ? '还没有计算结果或' : ''}计算结果不是最新的，请先在“计算排名”中计算后再发布。`);
    }
  }
  const reason = input.reason?.trim() ?? '';
  if (transitionNeedsReason(from, to) && reason.length < 4) {
    throw new AppError('invalid_input', `考核年度“${cycle.name}”${CYCLE_STATUS_LABELS[from]}，退回“${CYCLE_STATUS_LABELS[to]}”须写明理由（至少4个字），理由将记入审计日志。`, { kind: 'field', path: 'reason' });
  }
  await ctx.write({ action: 'cycle.status', entity: 'cycle', entityId: cycle.id, cycleId: cycle.id, scope: null, detail: { from, to, ...(reason ? { reason } : {}) } }, async (w) => {
    await updateAudited(w, 'cycles', 'cycle', cycle.id, { status: to });
  });
  return getCycleSummary(ctx.db, cycle.id);
}
