// Loads one cycle from the database into the engine's plain input.
import { z } from 'zod';
import { methodSchema, type SubjectKey } from '../../../shared/domain.ts';
import type { EngineEvent, EngineInput } from '../../../shared/engine/types.ts';
import type { Db } from '../context.ts';
import { listCategories, toComponent } from '../repos/categories.ts';
import { requireCycle } from '../repos/cycles.ts';
import { parseJson } from '../repos/json.ts';

const deductionsSchema = z.array(z.object({ points: z.number(), reason: z.string() }));
const votesSchema = z.record(z.string(), z.number());

function keyOf(r: { unit_id: number | null; cadre_id: number | null }): SubjectKey {
  return r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id as number}`;
}

export async function loadEngineInput(db: Db, cycleId: number): Promise<EngineInput> {
  await requireCycle(db, cycleId);
  const categories = await listCategories(db, cycleId);
  const catKind = new Map(categories.map((c) => [c.id, c.kind]));
  const catIds = categories.map((c) => c.id);
  const none = catIds.length === 0;
  const componentRows = none ? [] : await db.selectFrom('components').selectAll().where('category_id', 'in', catIds).execute();
  const indicatorRows = none ? [] : await db.selectFrom('indicators').selectAll().where('category_id', 'in', catIds).execute();
  const units = await db.selectFrom('units').select(['id', 'code', 'name', 'category_id', 'sort_order']).where('cycle_id', '=', cycleId).execute();
  const cadres = await db.selectFrom('cadres').select(['id', 'code', 'name', 'category_id', 'sort_order', 'post', 'unit_id']).where('cycle_id', '=', cycleId).execute();
  const raterGroups = await db.selectFrom('rater_groups').select(['id', 'name', 'weight']).where('cycle_id', '=', cycleId).execute();
  const scoreRows = none
    ? []
    : await db
        .selectFrom('score_entries')
        .innerJoin('indicators', 'indicators.id', 'score_entries.indicator_id')
        .select(['score_entries.indicator_id', 'score_entries.unit_id', 'score_entries.cadre_id', 'score_entries.value', 'score_entries.text_value', 'score_entries.deductions'])
        .where('indicators.category_id', 'in', catIds)
        .execute();
  const ballotRows = await db
    .selectFrom('eval_ballots')
    .innerJoin('rater_groups', 'rater_groups.id', 'eval_ballots.rater_group_id')
    .select(['eval_ballots.rater_group_id', 'eval_ballots.unit_id', 'eval_ballots.cadre_id', 'expected', 'present', 'valid', 'invalid', 'votes'])
    .where('rater_groups.cycle_id', '=', cycleId)
    .execute();
  const eventRows = await db.selectFrom('events').selectAll().where('cycle_id', '=', cycleId).execute();

  return {
    categories: categories.map((c) => ({ id: c.id, name: c.name, kind: c.kind, difficulty: c.difficulty, sortOrder: c.sortOrder, settings: c.settings })),
    components: componentRows.map((r) => toComponent(r, catKind.get(r.category_id) ?? 'unit')),
    indicators: indicatorRows.map((r) => ({
      id: r.id,
      categoryId: r.category_id,
      componentId: r.component_id,
      parentId: r.parent_id,
      code: r.code,
      name: r.name,
      fullPoints: r.full_points,
      method: r.method === null ? null : parseJson(methodSchema, r.method, `指标“${r.name}”的计分方法`),
      sortOrder: r.sort_order,
    })),
    raterGroups,
    subjects: [
      ...units.map((u) => ({ key: `unit:${u.id}` as SubjectKey, kind: 'unit' as const, id: u.id, code: u.code, name: u.name, categoryId: u.category_id, sortOrder: u.sort_order })),
      ...cadres.map((c) => ({
        key: `cadre:${c.id}` as SubjectKey,
        kind: 'cadre' as const,
        id: c.id,
        code: c.code,
        name: c.name,
        categoryId: c.category_id,
        sortOrder: c.sort_order,
        post: c.post,
        unitKey: `unit:${c.unit_id}` as SubjectKey,
      })),
    ],
    scores: scoreRows.map((r) => ({
      indicatorId: r.indicator_id,
      subjectKey: keyOf(r),
      value: r.value,
      text: r.text_value,
      deductions: r.deductions ? parseJson(deductionsSchema, r.deductions, '扣分明细') : undefined,
    })),
    ballots: ballotRows.map((r) => ({
      subjectKey: keyOf(r),
      raterGroupId: r.rater_group_id,
      expected: r.expected,
      present: r.present,
      valid: r.valid,
      invalid: r.invalid,
      votes: parseJson(votesSchema, r.votes, '测评票数'),
    })),
    // a closed investigation no longer holds the grade back
    events: eventRows.filter((r) => !(r.kind === 'investigation' && r.closed_on !== null)).map(
      (r): EngineEvent => ({
        id: r.id,
        subjectKey: keyOf(r),
        kind: r.kind as EngineEvent['kind'],
        type: r.type,
        honourKey: r.honour_key,
        levelRank: r.level_rank,
        points: r.points,
        reason: r.reason,
      }),
    ),
  };
}
