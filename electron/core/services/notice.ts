// 考核结果通报: the grades of every category as the engine stored them (the
// committee's adjustments included), in the plan's order, units within a
// grade by score or by stroke order (a setting). Refused while any category's
// results are stale or missing.
import path from 'node:path';
import { UNDETERMINED_GRADE } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { DocumentSettings } from '../../../shared/ipc/contract-documents.ts';
import type { DocumentRow, ResultRow } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { listCategories } from '../repos/categories.ts';
import { requireCycle } from '../repos/cycles.ts';
import { categoryStates } from '../repos/results.ts';
import { renderDocx } from '../reports/gbt9704.ts';
import type { DocModel } from '../reports/model.ts';
import { noticeModel, type NoticeCategory, type NoticeData } from '../reports/notice.ts';
import { chineseDate } from '../reports/text.ts';
import { missingForNotice, readSettings } from './document-settings.ts';
import { deadlineFrom, docNumber, issueDocument, requireDocumentsAllowed, signDay } from './documents.ts';
import { listResults } from './results.ts';

const stroke = new Intl.Collator('zh-CN-u-co-stroke');

/** Every category's results, refused unless all are current. */
export async function currentResults(ctx: ServiceContext, cycleId: number, what: string): Promise<{ categories: Awaited<ReturnType<typeof listCategories>>; rows: ResultRow[]; bonus: Set<number> }> {
  const bad = categoryStates(ctx.db, cycleId).filter((s) => s.members > 0 && s.state !== 'current');
  if (bad.length > 0) {
    throw new AppError('conflict', `考核类别${bad.map((s) => `“${s.categoryName}”`).join('、')}${bad.some((s) => s.state === 'none') ? '还没有计算结果或' : ''}计算结果不是最新的，请先在“计算排名”中计算后再生成${what}。`);
  }
  // the 加减分 components, whose figures are printed with their sign
  const bonus = await ctx.db.selectFrom('components').innerJoin('categories', 'categories.id', 'components.category_id').select('components.id').where('categories.cycle_id', '=', cycleId).where('components.kind', '=', 'bonus').execute();
  return { categories: await listCategories(ctx.db, cycleId), rows: await listResults(ctx, { cycleId }), bonus: new Set(bonus.map((b) => b.id)) };
}

export function noticeCategories(categories: Awaited<ReturnType<typeof listCategories>>, rows: ResultRow[], order: DocumentSettings['gradeOrder'], bonus: ReadonlySet<number> = new Set()): NoticeCategory[] {
  return categories
    .map((c) => {
      const members = rows.filter((r) => r.categoryId === c.id);
      const components = members[0]?.components.map((x) => x.name) ?? [];
      const grades = [...c.settings.grading.grades, UNDETERMINED_GRADE].map((grade) => {
        const list = members.filter((m) => m.finalGrade === grade);
        if (order === 'stroke') list.sort((a, b) => stroke.compare(a.name, b.name));
        return { grade, names: list.map((m) => m.name) };
      });
      return {
        name: c.name,
        kind: c.kind,
        decimals: c.settings.decimals,
        grades,
        components,
        signed: members[0]?.components.map((x) => bonus.has(x.componentId)) ?? [],
        rows: members.map((m) => ({ rank: m.rank, name: m.name, unitName: m.unitName, contributions: m.components.map((x) => x.contribution), total: m.total, grade: m.finalGrade })),
      };
    })
    .filter((c) => c.rows.length > 0);
}

async function noticeData(ctx: ServiceContext, cycleId: number, number: string): Promise<{ data: NoticeData; settings: DocumentSettings; missing: string[] }> {
  const cycle = await requireCycle(ctx.db, cycleId);
  const settings = await readSettings(ctx.db, cycleId);
  const { categories, rows, bonus } = await currentResults(ctx, cycleId, '考核结果通报');
  const date = chineseDate(signDay(ctx, settings).toDate());
  const data: NoticeData = {
    organMark: settings.organMark,
    docNumber: number,
    title: `关于${cycle.name}结果的通报`,
    recipients: settings.mainRecipients.trim() || '【主送机关】',
    cycleName: cycle.name,
    year: cycle.year,
    categories: noticeCategories(categories, rows, settings.gradeOrder, bonus),
    requirement: `各单位要正确对待考核结果，对照考核反馈意见认真抓好整改，整改情况于${chineseDate(deadlineFrom(ctx, settings))}前书面报送${settings.reportTo}。`,
    signOrgan: settings.signingOrgan,
    signDate: date,
    copyTo: settings.copyTo,
    printOrgan: settings.printOrgan || settings.signingOrgan,
    printDate: date,
  };
  return { data, settings, missing: missingForNotice(settings) };
}

export async function previewNotice(ctx: ServiceContext, cycleId: number): Promise<{ model: DocModel; missing: string[]; docNumber: string }> {
  const settings = await readSettings(ctx.db, cycleId);
  const number = docNumber(settings.noticePrefix, signDay(ctx, settings).year(), settings.noticeNext);
  const { data, missing } = await noticeData(ctx, cycleId, number);
  return { model: noticeModel(data, settings.fonts), missing, docNumber: number };
}

export async function generateNotice(ctx: ServiceContext, cycleId: number): Promise<DocumentRow> {
  const cycle = await requireCycle(ctx.db, cycleId);
  requireDocumentsAllowed(cycle);
  const first = await noticeData(ctx, cycleId, '');
  if (first.missing.length > 0) throw new AppError('conflict', `考核结果通报还缺少文书设置中的${first.missing.map((m) => `“${m}”`).join('、')}，请先在“文书设置”中填写后再生成。`);
  return issueDocument(ctx, {
    cycle,
    kind: 'notice',
    unitId: null,
    sequence: 'notice',
    title: first.data.title,
    folder: path.join(ctx.documentsDir, String(cycle.year), '通报'),
    name: `${cycle.name}结果通报`,
    format: 'docx',
    sameAs: { kind: 'notice', unitId: null },
    build: (number) => renderDocx(noticeModel({ ...first.data, docNumber: number }, first.settings.fonts)),
  });
}
