// Collected data besides score cells (issue 7): democratic-evaluation tallies
// saved as a batch checked all at once, and events — 加分, 扣分, 一票否决,
// 一票否优, 处分, 立案审查 — with their evidence. Every write touches the
// categories of the subjects it changes, so their results follow in the same
// transaction.
import { eventFields } from '../repos/events.ts';
import { z } from 'zod';
import { EVENT_KIND_LABELS, type EventKind, type SubjectKey } from '../../../shared/domain.ts';
import { AppError, notFound, type RowProblem } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { EventDetail } from '../../../shared/ipc/contract-collect.ts';
import type { Db, FieldChange, ServiceContext } from '../context.ts';
import { deleteAudited, insertAudited, updateAudited } from '../repos/audited.ts';
import { listCategories, listComponents } from '../repos/categories.ts';
import { requireCycle } from '../repos/cycles.ts';
import { parseJson } from '../repos/json.ts';
import { subjectNames } from '../repos/subjects.ts';
import { deletionOf, subjectOf } from './collect-plan.ts';

interface SubjectInfo {
  key: string;
  kind: 'unit' | 'cadre';
  id: number;
  name: string;
  cycleId: number;
  categoryId: number;
}

async function subjectInfos(db: Db, keys: string[]): Promise<Map<string, SubjectInfo>> {
  const parsed = keys.map((k) => subjectOf(k));
  const unitIds = [...new Set(parsed.filter((s) => s.kind === 'unit').map((s) => s.id))];
  const cadreIds = [...new Set(parsed.filter((s) => s.kind === 'cadre').map((s) => s.id))];
  const out = new Map<string, SubjectInfo>();
  if (unitIds.length) for (const u of await db.selectFrom('units').select(['id', 'name', 'cycle_id', 'category_id']).where('id', 'in', unitIds).execute()) out.set(`unit:${u.id}`, { key: `unit:${u.id}`, kind: 'unit', id: u.id, name: u.name, cycleId: u.cycle_id, categoryId: u.category_id });
  if (cadreIds.length) for (const c of await db.selectFrom('cadres').select(['id', 'name', 'cycle_id', 'category_id']).where('id', 'in', cadreIds).execute()) out.set(`cadre:${c.id}`, { key: `cadre:${c.id}`, kind: 'cadre', id: c.id, name: c.name, cycleId: c.cycle_id, categoryId: c.category_id });
  return out;
}

// ---- tallies -------------------------------------------------------------------------------------------

const votesSchema = z.record(z.string(), z.number());

export async function listRaterGroups(ctx: ServiceContext, cycleId: number): Promise<OutputOf<'listRaterGroups'>> {
  await requireCycle(ctx.db, cycleId);
  const rows = await ctx.db.selectFrom('rater_groups').selectAll().where('cycle_id', '=', cycleId).orderBy('subject_kind').orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, subjectKind: r.subject_kind, name: r.name, weight: r.weight, sortOrder: r.sort_order }));
}

/** The evaluation levels of each category that has a democratic component (in the plan's order). */
async function levelsByCategory(db: Db, categoryIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const cid of categoryIds) {
    const comps = (await listComponents(db, cid)).filter((c) => c.kind === 'democratic');
    if (comps.length === 0) continue;
    const names: string[] = [];
    for (const c of comps) for (const l of c.evalLevels) if (!names.includes(l.name)) names.push(l.name);
    out.set(cid, names);
  }
  return out;
}

export type BallotInput = ParsedInputOf<'saveBallots'>['ballots'][number];

/** Every problem of a batch of ballots, each with its row and field; nothing is written while there is one. */
export async function checkBallots(db: Db, ballots: BallotInput[]): Promise<{ problems: RowProblem[]; subjects: Map<string, SubjectInfo>; levels: Map<number, string[]>; cycleId: number | null; groupNames: Map<number, string> }> {
  const subjects = await subjectInfos(db, ballots.map((b) => b.subjectKey));
  const groupIds = [...new Set(ballots.map((b) => b.raterGroupId))];
  const groups = new Map((await db.selectFrom('rater_groups').selectAll().where('id', 'in', groupIds).execute()).map((g) => [g.id, g]));
  const levels = await levelsByCategory(db, [...new Set([...subjects.values()].map((s) => s.categoryId))]);
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  const cycles = new Set<number>();
  ballots.forEach((b, index) => {
    const bad = (field: string, message: string) => problems.push({ index, field, message });
    const s = subjects.get(b.subjectKey);
    const g = groups.get(b.raterGroupId);
    if (!s) return bad('subjectKey', '找不到被考核对象');
    if (!g) return bad('raterGroupId', `找不到测评组（编号 ${b.raterGroupId}）`);
    cycles.add(s.cycleId);
    if (g.cycle_id !== s.cycleId) return bad('raterGroupId', `测评组“${g.name}”不属于“${s.name}”所在的考核年度`);
    if (g.subject_kind !== s.kind) return bad('raterGroupId', `测评组“${g.name}”测评的是${g.subject_kind === 'unit' ? '领导班子' : '领导干部'}，不能为“${s.name}”录入`);
    const pair = `${b.subjectKey}|${b.raterGroupId}`;
    if (seen.has(pair)) return bad('subjectKey', `“${s.name}”的测评组“${g.name}”在本批中重复`);
    seen.add(pair);
    const lv = levels.get(s.categoryId);
    if (!lv) return bad('votes', `“${s.name}”所在类别没有民主测评构成，不能录入测评票数`);
    if (b.present > b.expected) bad('present', `“${s.name}”（${g.name}）实到 ${b.present} 人，超过应到 ${b.expected} 人`);
    if (b.valid > b.present) bad('valid', `“${s.name}”（${g.name}）有效票 ${b.valid} 张，超过实到 ${b.present} 人`);
    else if (b.valid + b.invalid > b.present) bad('invalid', `“${s.name}”（${g.name}）有效票与无效票共 ${b.valid + b.invalid} 张，超过实到 ${b.present} 人`);
    let sum = 0;
    for (const [level, n] of Object.entries(b.votes)) {
      if (!lv.includes(level)) bad(`votes.${level}`, `“${s.name}”（${g.name}）的测评等次“${level}”不存在，应为 ${lv.join('、')} 之一`);
      sum += n;
    }
    if (sum !== b.valid) bad('votes', `“${s.name}”（${g.name}）各等次票数合计 ${sum} 张，与有效票 ${b.valid} 张不符`);
  });
  return { problems, subjects, levels, cycleId: cycles.size === 1 ? [...cycles][0]! : null, groupNames: new Map([...groups.values()].map((g) => [g.id, g.name])) };
}

export function ballotRefusal(problems: RowProblem[], where: (p: RowProblem) => string = (p) => `第${p.index + 1}条`): AppError {
  const listed = problems.slice(0, 10).map((p) => `${where(p)}：${p.message}`).join('；');
  return new AppError('invalid_input', `${problems.length}处测评票数有误，本次录入均未保存：${listed}${problems.length > 10 ? `；另有 ${problems.length - 10} 处` : ''}。`, { kind: 'rows', rows: problems });
}

export async function saveBallots(ctx: ServiceContext, input: ParsedInputOf<'saveBallots'>): Promise<OutputOf<'saveBallots'>> {
  const checked = await checkBallots(ctx.db, input.ballots);
  if (checked.problems.length > 0) throw ballotRefusal(checked.problems);
  if (checked.cycleId === null) throw new AppError('invalid_input', '一次保存的测评票数须属于同一考核年度，未保存任何票数。', { kind: 'field', path: 'ballots' });
  const { value, recompute } = await ctx.writeWithOutcome({ action: 'ballot.set', entity: 'ballot', cycleId: checked.cycleId, scope: 'data' }, async (w) => {
    const touched = new Set<number>();
    let changed = 0;
    for (const b of input.ballots) {
      const s = checked.subjects.get(b.subjectKey)!;
      const n = await writeBallot(w.trx as unknown as WriteTrx, b, s, checked.levels.get(s.categoryId)!, w.at);
      if (n.length) {
        changed++;
        touched.add(s.categoryId);
        w.changed(n);
      }
    }
    if (touched.size) w.touch(touched);
    w.note({ ballots: input.ballots.length, changed });
    return changed;
  });
  return { saved: input.ballots.length, changed: value, recomputed: !!recompute && recompute.categories.length > 0 && !recompute.warning, warning: recompute?.warning ?? null };
}

type WriteTrx = import('kysely').Transaction<import('../db/schema.ts').Database>;

/** One ballot upserted; the changed fields (none when it was already so). */
export async function writeBallot(trx: WriteTrx, b: BallotInput, s: SubjectInfo, levels: string[], at: string): Promise<FieldChange[]> {
  const col = s.kind === 'unit' ? 'unit_id' : 'cadre_id';
  const before = await trx.selectFrom('eval_ballots').selectAll().where(col, '=', s.id).where('rater_group_id', '=', b.raterGroupId).executeTakeFirst();
  // votes in the levels' order, every level present: the same tally is always the same text
  const votes: Record<string, number> = {};
  for (const l of levels) votes[l] = b.votes[l] ?? 0;
  const next = { expected: b.expected, present: b.present, valid: b.valid, invalid: b.invalid, votes: JSON.stringify(votes) };
  const key = `${s.key}|rater_group:${b.raterGroupId}`;
  const changes: FieldChange[] = [];
  if (before) {
    const oldVotes = parseJson(votesSchema, before.votes, '测评票数');
    const sameVotes = levels.every((l) => (oldVotes[l] ?? 0) === votes[l]) && Object.keys(oldVotes).every((k) => levels.includes(k) || oldVotes[k] === 0);
    for (const f of ['expected', 'present', 'valid', 'invalid'] as const) if (before[f] !== next[f]) changes.push({ entity: 'ballot', key, field: f, old: before[f], new: next[f] });
    if (!sameVotes) changes.push({ entity: 'ballot', key, field: 'votes', old: before.votes, new: next.votes });
    if (changes.length) await trx.updateTable('eval_ballots').set({ ...next, updated_at: at }).where('id', '=', before.id).execute();
  } else {
    await trx.insertInto('eval_ballots').values({ rater_group_id: b.raterGroupId, unit_id: s.kind === 'unit' ? s.id : null, cadre_id: s.kind === 'cadre' ? s.id : null, ...next, updated_at: at }).execute();
    for (const [f, v] of Object.entries(next)) changes.push({ entity: 'ballot', key, field: f, old: null, new: v });
  }
  return changes;
}

// ---- events --------------------------------------------------------------------------------------------

type EventRowDb = Awaited<ReturnType<typeof eventQuery>>[number];
function eventQuery(db: Db, cycleId: number) {
  return db.selectFrom('events').selectAll().where('cycle_id', '=', cycleId).orderBy('id').execute();
}

async function toDetails(db: Db, cycleId: number, rows: EventRowDb[]): Promise<EventDetail[]> {
  const names = await subjectNames(db, cycleId);
  const cats = new Map<string, number>();
  for (const u of await db.selectFrom('units').select(['id', 'category_id']).where('cycle_id', '=', cycleId).execute()) cats.set(`unit:${u.id}`, u.category_id);
  for (const c of await db.selectFrom('cadres').select(['id', 'category_id']).where('cycle_id', '=', cycleId).execute()) cats.set(`cadre:${c.id}`, c.category_id);
  return rows.map((r) => {
    const key = (r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id}`) as SubjectKey;
    const n = names.get(key);
    return {
      id: r.id,
      subjectKey: key,
      subjectName: n ? (n.unitName ? `${n.name}（${n.unitName}）` : n.name) : '',
      categoryId: cats.get(key)!,
      ...eventFields(r),
    };
  });
}

export async function listEventDetails(ctx: ServiceContext, input: ParsedInputOf<'listEventDetails'>): Promise<OutputOf<'listEventDetails'>> {
  await requireCycle(ctx.db, input.cycleId);
  let rows = await eventQuery(ctx.db, input.cycleId);
  if (input.subjectKey) {
    const s = subjectOf(input.subjectKey);
    rows = rows.filter((r) => (s.kind === 'unit' ? r.unit_id : r.cadre_id) === s.id);
  }
  return toDetails(ctx.db, input.cycleId, rows);
}

async function eventDetail(db: Db, id: number): Promise<EventDetail> {
  const r = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('事项', id);
  return (await toDetails(db, r.cycle_id, [r]))[0]!;
}

export async function saveEvent(ctx: ServiceContext, input: ParsedInputOf<'saveEvent'>): Promise<OutputOf<'saveEvent'>> {
  await requireCycle(ctx.db, input.cycleId);
  const s = (await subjectInfos(ctx.db, [input.subjectKey])).get(input.subjectKey);
  if (!s) throw new AppError('not_found', '找不到被考核对象，可能已被删除。', { kind: 'field', path: 'subjectKey' });
  if (s.cycleId !== input.cycleId) throw new AppError('invalid_input', `“${s.name}”不属于当前考核年度。`, { kind: 'field', path: 'subjectKey' });
  const existing = input.id !== undefined ? await ctx.db.selectFrom('events').selectAll().where('id', '=', input.id).executeTakeFirst() : undefined;
  if (input.id !== undefined && (!existing || existing.cycle_id !== input.cycleId)) throw notFound('事项', input.id);
  const label = EVENT_KIND_LABELS[input.kind];
  const points = input.points ?? 0;
  if ((input.kind === 'bonus' || input.kind === 'deduction') && !(points > 0)) throw new AppError('invalid_input', `${label}的分值应大于0。`, { kind: 'field', path: 'points' });
  if (input.kind !== 'bonus' && input.kind !== 'deduction' && points !== 0) throw new AppError('invalid_input', `${label}不计分值，请不要填写分值。`, { kind: 'field', path: 'points' });
  const type = input.type ?? existing?.type ?? '';
  if (input.kind === 'sanction') {
    if (s.kind !== 'cadre') throw new AppError('invalid_input', '处分只能登记在领导干部名下。', { kind: 'field', path: 'kind' });
    const cat = (await listCategories(ctx.db, input.cycleId)).find((c) => c.id === s.categoryId)!;
    const known = Object.keys(cat.settings.grading.sanctions);
    if (type === '') throw new AppError('invalid_input', `请填写处分种类${known.length ? `（${known.join('、')}）` : ''}。`, { kind: 'field', path: 'type' });
    if (known.length > 0 && !known.includes(type)) throw new AppError('invalid_input', `处分种类“${type}”不在类别“${cat.name}”的处分影响表中（${known.join('、')}），不会影响等次。请改选或先在类别设置中补充。`, { kind: 'field', path: 'type' });
  }
  const values = {
    unit_id: s.kind === 'unit' ? s.id : null,
    cadre_id: s.kind === 'cadre' ? s.id : null,
    kind: input.kind,
    type,
    points,
    reason: input.reason,
    evidence: input.evidence ?? existing?.evidence ?? '',
    doc_number: input.docNumber ?? existing?.doc_number ?? '',
    doc_date: input.docDate !== undefined ? input.docDate : (existing?.doc_date ?? null),
    level: input.level ?? existing?.level ?? '',
    issuer: input.issuer ?? existing?.issuer ?? '',
    honour_key: input.honourKey !== undefined ? input.honourKey : (existing?.honour_key ?? null),
    level_rank: input.levelRank !== undefined ? input.levelRank : (existing?.level_rank ?? null),
    occurred_on: input.occurredOn !== undefined ? input.occurredOn : (existing?.occurred_on ?? null),
  };
  const id = await ctx.write({ action: existing ? 'event.update' : 'event.create', entity: 'event', entityId: existing?.id ?? null, cycleId: input.cycleId, scope: 'data', detail: { kind: input.kind, subject: input.subjectKey } }, async (w) => {
    w.touch([s.categoryId]);
    if (existing) {
      // an event moved to another subject changes that subject's category too
      const prevKey = existing.unit_id !== null ? `unit:${existing.unit_id}` : `cadre:${existing.cadre_id}`;
      if (prevKey !== s.key) {
        const prev = (await subjectInfos(w.trx, [prevKey])).get(prevKey);
        if (prev) w.touch([prev.categoryId]);
      }
      await updateAudited(w, 'events', 'event', existing.id, values);
      return existing.id;
    }
    return insertAudited(w, 'events', 'event', { cycle_id: input.cycleId, ...values, created_at: w.at });
  });
  return eventDetail(ctx.db, id);
}

export async function deleteEvent(ctx: ServiceContext, input: ParsedInputOf<'deleteEvent'>): Promise<OutputOf<'deleteEvent'>> {
  const e = await ctx.db.selectFrom('events').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!e) throw notFound('事项', input.id);
  const d = await eventDetail(ctx.db, e.id);
  const what = `“${d.subjectName}”的${EVENT_KIND_LABELS[d.kind]}事项`;
  if (input.dryRun) return deletionOf(what, [d.reason], 1, {}, true);
  return ctx.write({ action: 'event.delete', entity: 'event', entityId: e.id, cycleId: e.cycle_id, scope: 'data', detail: { kind: e.kind, subject: d.subjectKey } }, async (w) => {
    w.touch([d.categoryId]);
    const deleted = await deleteAudited(w, 'events', 'event', [e.id]);
    return deletionOf(what, [d.reason], deleted, {}, false);
  });
}

export async function closeInvestigation(ctx: ServiceContext, input: ParsedInputOf<'closeInvestigation'>): Promise<OutputOf<'closeInvestigation'>> {
  const e = await ctx.db.selectFrom('events').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!e) throw notFound('事项', input.id);
  if (e.kind !== 'investigation') throw new AppError('invalid_input', `该事项是“${EVENT_KIND_LABELS[e.kind as EventKind] ?? e.kind}”，只有立案审查可以结案。`, { kind: 'field', path: 'id' });
  const d = await eventDetail(ctx.db, e.id);
  await ctx.write({ action: 'event.close', entity: 'event', entityId: e.id, cycleId: e.cycle_id, scope: 'data', detail: { closedOn: input.closedOn } }, async (w) => {
    // a closed case no longer holds the grade at 不确定等次: the category is computed again
    w.touch([d.categoryId]);
    await updateAudited(w, 'events', 'event', e.id, { closed_on: input.closedOn, outcome: input.outcome });
  });
  return eventDetail(ctx.db, e.id);
}
