// 整改台账: one row per problem of an issued letter (written when the letter
// is issued), its status 已反馈 → 整改中 → 已报告 → 已销号, shown as 逾期 once the
// deadline has passed (from the clock, with dayjs) while the unit has not
// reported; the unit's report and the closing decision; export as .xlsx; and
// open items carried into another year's plan as deduction events.
import fs from 'node:fs';
import path from 'node:path';
import dayjs from 'dayjs';
import ExcelJS from 'exceljs';
import { CYCLE_STATUSES, type CycleStatus } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { RectificationRow } from '../../../shared/ipc/contract-documents.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import { cycleAllows, lockedMessage } from '../../../shared/lifecycle.ts';
import type { ServiceContext } from '../context.ts';
import { insertAudited, updateAudited } from '../repos/audited.ts';
import { requireCycle } from '../repos/cycles.ts';
import { safeFileName } from './documents.ts';

type Status = RectificationRow['status'];
export const STATUS_LABELS: Record<Status, string> = { fed_back: '已反馈', in_progress: '整改中', reported: '已报告', closed: '已销号' };
/** forward one step (a report may come straight after the letter); a report can be sent back */
const NEXT: Record<Status, Status[]> = { fed_back: ['in_progress', 'reported'], in_progress: ['reported'], reported: ['in_progress', 'closed'], closed: [] };

function isOverdue(status: Status, deadline: string, today: string): boolean {
  return (status === 'fed_back' || status === 'in_progress') && today > deadline;
}

async function rows(ctx: ServiceContext, cycleId: number, filter: 'all' | 'open' | 'overdue', unitId?: number, ids?: number[]): Promise<RectificationRow[]> {
  let q = ctx.db
    .selectFrom('rectification_items as r')
    .innerJoin('units', 'units.id', 'r.unit_id')
    .leftJoin('documents', 'documents.id', 'r.document_id')
    .selectAll('r')
    .select(['units.name as unit_name', 'documents.doc_number'])
    .where('r.cycle_id', '=', cycleId);
  if (unitId !== undefined) q = q.where('r.unit_id', '=', unitId);
  if (ids) q = q.where('r.id', 'in', ids.length > 0 ? ids : [-1]);
  const today = dayjs(ctx.now()).format('YYYY-MM-DD');
  const list = (await q.orderBy('units.sort_order').orderBy('r.sort_order').orderBy('r.id').execute()).map((r) => {
    const overdue = isOverdue(r.status, r.deadline, today);
    return {
      id: r.id,
      cycleId: r.cycle_id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      problem: r.problem,
      requirement: r.requirement,
      deadline: r.deadline,
      status: r.status,
      statusLabel: overdue ? '逾期' : STATUS_LABELS[r.status],
      overdue,
      report: r.report,
      reportedAt: r.reported_at,
      decision: r.decision,
      closedAt: r.closed_at,
      documentId: r.document_id,
      docNumber: r.doc_number,
      carriedCycleId: r.carried_cycle_id,
      carriedEventId: r.carried_event_id,
    };
  });
  return list.filter((r) => filter === 'all' || (filter === 'open' ? r.status !== 'closed' : r.overdue));
}

export async function listRectification(ctx: ServiceContext, input: ParsedInputOf<'listRectification'>): Promise<OutputOf<'listRectification'>> {
  await requireCycle(ctx.db, input.cycleId);
  return rows(ctx, input.cycleId, input.filter, input.unitId);
}

export async function updateRectification(ctx: ServiceContext, input: ParsedInputOf<'updateRectification'>): Promise<OutputOf<'updateRectification'>> {
  const item = await ctx.db.selectFrom('rectification_items').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!item) throw new AppError('not_found', `找不到整改事项（编号 ${input.id}）。`);
  const to = input.status;
  if (to && to !== item.status && !NEXT[item.status].includes(to)) {
    throw new AppError('conflict', `整改事项状态不能从“${STATUS_LABELS[item.status]}”变为“${STATUS_LABELS[to]}”${item.status === 'closed' ? '（已销号的事项不能再修改）' : ''}。`, { kind: 'field', path: 'status' });
  }
  if (item.status === 'closed' && (input.report !== undefined || input.decision !== undefined || input.deadline !== undefined)) throw new AppError('conflict', '已销号的整改事项不能再修改。');
  const report = input.report ?? item.report;
  const decision = input.decision ?? item.decision;
  if (to === 'reported' && !report.trim()) throw new AppError('invalid_input', '标记为“已报告”须填写单位报送的整改情况。', { kind: 'field', path: 'report' });
  if (to === 'closed' && !decision.trim()) throw new AppError('invalid_input', '销号须写明销号意见。', { kind: 'field', path: 'decision' });
  await ctx.write({ action: 'rectification.update', entity: 'rectification', entityId: item.id, cycleId: item.cycle_id, scope: 'rectification', detail: { from: item.status, to: to ?? item.status } }, async (w) => {
    await updateAudited(w, 'rectification_items', 'rectification', item.id, {
      status: to,
      report: input.report,
      decision: input.decision,
      deadline: input.deadline,
      ...(to === 'reported' && item.status !== 'reported' ? { reported_at: w.at } : {}),
      ...(to === 'closed' ? { closed_at: w.at, closed_by: ctx.actor.id } : {}),
    });
  });
  return (await rows(ctx, item.cycle_id, 'all', undefined, [item.id]))[0]!;
}

export async function exportRectification(ctx: ServiceContext, input: ParsedInputOf<'exportRectification'>): Promise<OutputOf<'exportRectification'>> {
  const cycle = await requireCycle(ctx.db, input.cycleId);
  const list = await rows(ctx, cycle.id, input.filter);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('整改台账', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' } });
  const header = ['序号', '单位', '反馈问题', '整改要求', '整改时限', '状态', '整改情况', '报告时间', '销号意见', '销号时间', '反馈函文号'];
  ws.addRow([`${cycle.name}整改台账`]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow(header).font = { bold: true };
  list.forEach((r, i) => ws.addRow([i + 1, r.unitName, r.problem, r.requirement, r.deadline, r.statusLabel, r.report, r.reportedAt?.slice(0, 10) ?? '', r.decision, r.closedAt?.slice(0, 10) ?? '', r.docNumber ?? '']));
  [6, 18, 40, 40, 12, 8, 36, 12, 24, 12, 20].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.eachRow((row, n) => {
    if (n < 2) return;
    row.alignment = { wrapText: true, vertical: 'top' };
    row.eachCell((c) => (c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } }));
  });
  ws.views = [{ state: 'frozen', ySplit: 2 }];
  const dir = path.join(ctx.documentsDir, String(cycle.year), '整改台账');
  fs.mkdirSync(dir, { recursive: true });
  const fileName = safeFileName(`${cycle.name}整改台账-${dayjs(ctx.now()).format('YYYYMMDD-HHmmss')}.xlsx`);
  const filePath = path.join(dir, fileName);
  fs.writeFileSync(filePath, Buffer.from(await wb.xlsx.writeBuffer()), { flag: 'wx' });
  return { filePath, fileName, rows: list.length };
}

/**
 * Open items into another year's plan as deduction events of the same unit
 * (by its code): the target year's state must allow data (checked by the
 * write), the source's must allow rectification; the target's categories are
 * touched so they recompute in the same transaction.
 */
export async function carryRectification(ctx: ServiceContext, input: ParsedInputOf<'carryRectification'>): Promise<OutputOf<'carryRectification'>> {
  const source = await requireCycle(ctx.db, input.cycleId);
  const target = await requireCycle(ctx.db, input.targetCycleId);
  if (source.id === target.id) throw new AppError('invalid_input', '整改事项应转入另一个考核年度。', { kind: 'field', path: 'targetCycleId' });
  const status = ((CYCLE_STATUSES as readonly string[]).includes(source.status) ? source.status : 'draft') as CycleStatus;
  if (!cycleAllows(status, 'rectification')) throw new AppError('locked', lockedMessage(source.name, status, 'rectification'));
  const open = (await rows(ctx, source.id, 'open', undefined, input.itemIds)).filter((r) => r.status !== 'closed');
  const skipped: { id: number; reason: string }[] = [];
  const targetUnits = await ctx.db.selectFrom('units').select(['id', 'code', 'category_id']).where('cycle_id', '=', target.id).execute();
  const sourceUnits = await ctx.db.selectFrom('units').select(['id', 'code']).where('cycle_id', '=', source.id).execute();
  const codeOf = new Map(sourceUnits.map((u) => [u.id, u.code]));
  const byCode = new Map(targetUnits.map((u) => [u.code, u]));
  const created = await ctx.write({ action: 'rectification.carry', entity: 'event', cycleId: target.id, scope: 'data', detail: { from: source.id, points: input.points } }, async (w) => {
    let n = 0;
    const touched = new Set<number>();
    for (const r of open) {
      if (r.carriedEventId !== null) {
        skipped.push({ id: r.id, reason: '已转入过考核年度' });
        continue;
      }
      const unit = byCode.get(codeOf.get(r.unitId) ?? '');
      if (!unit) {
        skipped.push({ id: r.id, reason: `“${r.unitName}”不在目标考核年度中` });
        continue;
      }
      const eventId = await insertAudited(w, 'events', 'event', {
        cycle_id: target.id,
        unit_id: unit.id,
        cadre_id: null,
        kind: 'deduction',
        type: '整改不到位',
        honour_key: null,
        level_rank: null,
        points: input.points,
        reason: `${source.year}年度考核反馈问题未按期整改销号：${r.problem}`.slice(0, 500),
        evidence: r.docNumber ? `${r.docNumber}（整改台账第${r.id}项）` : `整改台账第${r.id}项`,
        occurred_on: dayjs(ctx.now()).format('YYYY-MM-DD'),
        closed_on: null,
        created_at: w.at,
      });
      await updateAudited(w, 'rectification_items', 'rectification', r.id, { carried_event_id: eventId, carried_cycle_id: target.id });
      touched.add(unit.category_id);
      n++;
    }
    w.touch(touched, target.id);
    return n;
  });
  return { created, skipped };
}
