// Read views of collected data besides scores: evaluation ballots and events.
import { z } from 'zod';
import type { BallotRow, EventRow } from '../../../shared/ipc/contract.ts';
import type { EventKind } from '../../../shared/domain.ts';
import type { ServiceContext } from '../context.ts';
import { getCategory } from '../repos/categories.ts';
import { parseJson } from '../repos/json.ts';
import { subjectNames } from '../repos/subjects.ts';

const votes = z.record(z.string(), z.number());

export async function listBallots(ctx: ServiceContext, categoryId: number): Promise<BallotRow[]> {
  const cat = await getCategory(ctx.db, categoryId);
  const names = await subjectNames(ctx.db, cat.cycleId);
  // subjects of the category, in the plan's order
  const members =
    cat.kind === 'unit'
      ? await ctx.db.selectFrom('units').select(['id', 'sort_order']).where('category_id', '=', cat.id).execute()
      : await ctx.db.selectFrom('cadres').select(['id', 'sort_order']).where('category_id', '=', cat.id).execute();
  const order = new Map(members.map((m) => [m.id, m.sort_order]));
  const ids = members.map((m) => m.id);
  if (ids.length === 0) return [];
  const rows = (
    await ctx.db
      .selectFrom('eval_ballots')
      .innerJoin('rater_groups', 'rater_groups.id', 'eval_ballots.rater_group_id')
      .select(['eval_ballots.unit_id', 'eval_ballots.cadre_id', 'eval_ballots.rater_group_id', 'rater_groups.name as group_name', 'rater_groups.sort_order as group_order', 'expected', 'present', 'valid', 'invalid', 'votes'])
      .where(cat.kind === 'unit' ? 'eval_ballots.unit_id' : 'eval_ballots.cadre_id', 'in', ids)
      .execute()
  ).sort((a, b) => {
    const sa = (a.unit_id ?? a.cadre_id)!;
    const sb = (b.unit_id ?? b.cadre_id)!;
    return order.get(sa)! - order.get(sb)! || sa - sb || a.group_order - b.group_order;
  });
  return rows.map((r) => {
    const key = (r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id}`) as `unit:${number}`;
    return {
      subjectKey: key,
      subjectName: names.get(key)?.name ?? '',
      raterGroupId: r.rater_group_id,
      raterGroupName: r.group_name,
      expected: r.expected,
      present: r.present,
      valid: r.valid,
      invalid: r.invalid,
      votes: parseJson(votes, r.votes, '测评票数'),
    };
  });
}

export async function listEvents(ctx: ServiceContext, cycleId: number): Promise<EventRow[]> {
  const names = await subjectNames(ctx.db, cycleId);
  const rows = await ctx.db.selectFrom('events').selectAll().where('cycle_id', '=', cycleId).orderBy('id').execute();
  return rows.map((r) => {
    const key = (r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id}`) as `unit:${number}`;
    const n = names.get(key);
    return {
      id: r.id,
      subjectKey: key,
      subjectName: n ? (n.unitName ? `${n.name}（${n.unitName}）` : n.name) : '',
      kind: r.kind as EventKind,
      type: r.type,
      points: r.points,
      reason: r.reason,
      evidence: r.evidence,
      occurredOn: r.occurred_on,
    };
  });
}

export async function listDepartments(ctx: ServiceContext, cycleId: number): Promise<{ id: number; name: string }[]> {
  return ctx.db.selectFrom('departments').select(['id', 'name']).where('cycle_id', '=', cycleId).orderBy('id').execute();
}
