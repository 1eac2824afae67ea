// Documents issued: the feedback letter (考核反馈函) of a unit, written as a
// .docx into the documents folder and recorded in the register.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { ComponentTraceDto, DocumentRow, OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { listCategories } from '../repos/categories.ts';
import { requireCycle } from '../repos/cycles.ts';
import { getUnit } from '../repos/subjects.ts';
import { insertAudited } from '../repos/audited.ts';
import type { FeedbackIndicatorRow, FeedbackLetterData } from '../reports/feedback-data.ts';
import { buildFeedbackLetter } from '../reports/feedback-letter.ts';
import { addMonths, chineseDate } from './dates.ts';
import { getResultDetail } from './results.ts';

function safeFileName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_');
}

function indicatorRows(components: ComponentTraceDto[]): FeedbackIndicatorRow[] {
  const rows: FeedbackIndicatorRow[] = [];
  for (const c of components) {
    if (!c.nodes || !c.leaves) continue;
    const leafById = new Map(c.leaves.map((l) => [l.indicatorId, l]));
    const children = new Map<number | null, typeof c.nodes>();
    for (const n of c.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
    const walk = (parent: number | null) => {
      for (const n of (children.get(parent) ?? []).sort((a, b) => (a.code < b.code ? -1 : 1))) {
        const leaf = leafById.get(n.indicatorId);
        rows.push({ code: n.code, name: n.name, level: n.level, full: n.full, score: n.score, lost: Math.max(0, n.full - n.score), why: leaf && leaf.lost > 0 ? leaf.note : '', isLeaf: !!leaf });
        walk(n.indicatorId);
      }
    };
    walk(null);
  }
  return rows;
}

export async function generateFeedbackLetter(ctx: ServiceContext, input: ParsedInputOf<'generateFeedbackLetter'>): Promise<OutputOf<'generateFeedbackLetter'>> {
  const cycle = await requireCycle(ctx.db, input.cycleId);
  const unit = await getUnit(ctx.db, input.unitId);
  if (unit.cycleId !== cycle.id) throw new AppError('invalid_input', `单位“${unit.name}”不属于考核年度“${cycle.name}”。`);
  const detail = await getResultDetail(ctx, { cycleId: cycle.id, subjectKey: `unit:${unit.id}` }).catch(() => {
    throw new AppError('conflict', `“${unit.name}”还没有计算结果，请先在“计算排名”中计算后再生成反馈函。`);
  });
  if (detail.stale) throw new AppError('conflict', `“${unit.name}”的计算结果不是最新的，请先在“计算排名”中重新计算后再生成反馈函。`);
  const cat = (await listCategories(ctx.db, cycle.id)).find((c) => c.id === unit.categoryId)!;
  const items = await ctx.db.selectFrom('feedback_items').selectAll().where('cycle_id', '=', cycle.id).where('unit_id', '=', unit.id).orderBy('sort_order').orderBy('id').execute();
  const lastYear = await previousResult(ctx, cycle.year, unit.code);
  const now = ctx.now();
  const deadline = chineseDate(addMonths(now, 2));
  const issued = await ctx.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('cycle_id', '=', cycle.id).where('kind', '=', 'feedback').executeTakeFirst();
  const docNumber = `考核办函〔${cycle.year + 1}〕${Number(issued?.n ?? 0) + 1}号`;
  const organ = cycle.organ || '中共县委组织部';
  const row = detail.row;
  const democratic = detail.components.find((c) => c.democratic)?.democratic;
  const problems = items.filter((i) => i.kind === 'problem');
  const lostLeaves = detail.components.flatMap((c) => c.leaves ?? []).filter((l) => l.lost > 0).sort((a, b) => b.lost - a.lost);
  const data: FeedbackLetterData = {
    organ,
    organShort: '考核办',
    docNumber,
    cycleName: cycle.name,
    year: cycle.year,
    unitName: unit.name,
    categoryName: cat.name,
    total: row.total,
    rank: row.rank,
    rankOf: row.rankOf,
    grade: row.finalGrade,
    lastYear,
    components: detail.components.map((c) => ({ name: c.name, full: c.kind === 'bonus' ? 0 : c.full, score: c.raw, weight: c.weight, contribution: c.contribution })),
    indicators: indicatorRows(detail.components),
    bonus: detail.components.flatMap((c) => c.bonus ?? []).map((b) => ({ kind: b.kind, reason: b.reason, points: b.points, counted: b.counted, note: b.note })),
    democratic: democratic
      ? {
          groups: democratic.groups.map((g) => ({ name: g.name, valid: g.valid, rate: g.groupScore })),
          shares: Object.entries(democratic.shares).map(([level, share]) => ({ level, share })),
          validVotes: democratic.validVotes,
        }
      : null,
    strengths: items.filter((i) => i.kind === 'strength').map((i) => i.text),
    problems: problems.length > 0 ? problems.map((i) => i.text) : lostLeaves.slice(0, 3).map((l) => `“${l.path[l.path.length - 1]}”失分 ${l.lost} 分：${l.note}`),
    requirements:
      problems.filter((p) => p.requirement).map((p) => p.requirement).length > 0
        ? problems.filter((p) => p.requirement).map((p) => p.requirement)
        : ['针对反馈问题逐项制定整改措施，明确责任人和完成时限。', '对失分较多的指标深入分析原因，补齐短板弱项。', '整改情况纳入下一年度考核。'],
    deadline,
    contact: '考核办 0000-0000000',
    signDate: chineseDate(now),
    decimals: cat.settings.decimals,
  };
  const buffer = await buildFeedbackLetter(data);
  const dir = path.join(ctx.documentsDir, String(cycle.year), '反馈函');
  fs.mkdirSync(dir, { recursive: true });
  const fileName = safeFileName(`${unit.code}-${unit.name}-考核反馈函.docx`);
  const filePath = path.join(dir, fileName);
  const title = `关于${unit.name}${cycle.year}年度考核结果的反馈函`;
  const id = await ctx.write(
    { action: 'document.issue', entity: 'document', cycleId: cycle.id, scope: 'documents', detail: { kind: 'feedback', unitId: unit.id, docNumber, filePath } },
    async (w) => {
      // written once the year's state allows it (checked before this runs)
      fs.writeFileSync(filePath, buffer);
      return insertAudited(w, 'documents', 'document', { cycle_id: cycle.id, kind: 'feedback', unit_id: unit.id, doc_number: docNumber, title, file_path: filePath, issued_at: now.toISOString(), issued_by: ctx.actor.id });
    },
  );
  return { id, kind: 'feedback', unitId: unit.id, unitName: unit.name, title, docNumber, filePath, fileName, issuedAt: now.toISOString() };
}

async function previousResult(ctx: ServiceContext, year: number, unitCode: string): Promise<FeedbackLetterData['lastYear']> {
  const r = await ctx.db
    .selectFrom('results')
    .innerJoin('cycles', 'cycles.id', 'results.cycle_id')
    .innerJoin('units', 'units.id', 'results.unit_id')
    .select(['results.total', 'results.rank', 'results.computed_grade'])
    .where('cycles.year', '=', year - 1)
    .where('units.code', '=', unitCode)
    .orderBy('cycles.id', 'desc')
    .executeTakeFirst();
  return r ? { total: r.total, rank: r.rank, grade: r.computed_grade } : null;
}

export async function listDocuments(ctx: ServiceContext, cycleId: number): Promise<DocumentRow[]> {
  const rows = await ctx.db
    .selectFrom('documents')
    .leftJoin('units', 'units.id', 'documents.unit_id')
    .select(['documents.id', 'documents.kind', 'documents.unit_id', 'units.name as unit_name', 'documents.title', 'documents.doc_number', 'documents.file_path', 'documents.issued_at'])
    .where('documents.cycle_id', '=', cycleId)
    .orderBy('documents.id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, unitId: r.unit_id, unitName: r.unit_name, title: r.title, docNumber: r.doc_number, filePath: r.file_path, fileName: path.basename(r.file_path), issuedAt: r.issued_at }));
}
