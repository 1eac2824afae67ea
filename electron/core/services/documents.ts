// Documents issued (文书): the feedback letter (考核反馈函) of a unit, one by
// one or all of a cycle, and the register. Every figure comes from the
// engine's stored results (and the leaf traces rebuilt from the same data
// while they are current); stale results are refused. Each document issued
// gets its own number and file, never overwritten; a re-issue takes a new
// number and records the one it replaces; the register keeps each file's
// SHA-256 and says when a file no longer matches.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import dayjs from 'dayjs';
import { compute } from '../../../shared/engine/compute.ts';
import { CYCLE_STATUSES, type CycleStatus } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import { cycleAllows, lockedMessage } from '../../../shared/lifecycle.ts';
import type { DocumentSettings } from '../../../shared/ipc/contract-documents.ts';
import type { ComponentTraceDto, DocumentRow, OutputOf, ParsedInputOf, ResultRow } from '../../../shared/ipc/contract.ts';
import type { ServiceContext, WriteTx } from '../context.ts';
import { withJob } from '../jobs.ts';
import { deleteAudited, insertAudited, updateAudited } from '../repos/audited.ts';
import { listCategories } from '../repos/categories.ts';
import { requireCycle } from '../repos/cycles.ts';
import { loadEngineInput } from '../repos/engine-input.ts';
import { parseJson } from '../repos/json.ts';
import { categoryStates, storedTraces } from '../repos/results.ts';
import { getUnit, listUnits } from '../repos/subjects.ts';
import type { FeedbackIndicatorRow, FeedbackLetterData } from '../reports/feedback-data.ts';
import { feedbackLetterModel } from '../reports/feedback-letter.ts';
import { renderDocx } from '../reports/gbt9704.ts';
import type { DocModel } from '../reports/model.ts';
import { chineseDate } from '../reports/text.ts';
import { missingForLetter, readSettings, storeSettings } from './document-settings.ts';
import { listResults } from './results.ts';

type Cycle = Awaited<ReturnType<typeof requireCycle>>;

export function safeFileName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_');
}

export const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');

// ---- dates ----------------------------------------------------------------------

/** The signing date: the setting, or the day of issue. */
export function signDay(ctx: ServiceContext, s: DocumentSettings): dayjs.Dayjs {
  return s.signDate ? dayjs(s.signDate) : dayjs(ctx.now());
}

/** The rectification deadline: months after signing, dayjs semantics (31 Dec + 2 months = 28/29 Feb). */
export function deadlineFrom(ctx: ServiceContext, s: DocumentSettings): string {
  return signDay(ctx, s).add(s.rectifyMonths, 'month').format('YYYY-MM-DD');
}

export function docNumber(prefix: string, year: number, n: number): string {
  return `${prefix}〔${year}〕${n}号`;
}

// ---- the letter's content ---------------------------------------------------------

/** A unit's stored result with the traces rebuilt from the same data, as the score detail shows them. */
interface UnitResult {
  row: ResultRow;
  components: ComponentTraceDto[];
}

/**
 * The results of the units of some categories with their leaf traces: one
 * engine run per category (explaining only the units asked for), merged into
 * the stored components exactly as getResultDetail does.
 */
export async function unitResults(ctx: ServiceContext, cycleId: number, unitIds: number[]): Promise<Map<number, UnitResult>> {
  const wanted = new Set(unitIds);
  const rows = (await listResults(ctx, { cycleId })).filter((r) => r.kind === 'unit' && wanted.has(r.id));
  const stored = await ctx.db.selectFrom('results').select(['unit_id', 'components']).where('cycle_id', '=', cycleId).where('unit_id', 'in', unitIds.length > 0 ? unitIds : [-1]).execute();
  const comps = new Map(stored.map((s) => [s.unit_id!, parseJson(storedTraces, s.components, '计算结果')]));
  const out = new Map<number, UnitResult>();
  const byCategory = new Map<number, ResultRow[]>();
  for (const r of rows) byCategory.set(r.categoryId, [...(byCategory.get(r.categoryId) ?? []), r]);
  for (const [categoryId, members] of byCategory) {
    const current = members.filter((m) => !m.stale);
    const keys = new Set(current.map((m) => m.subjectKey));
    const explained = keys.size > 0 ? compute(await loadEngineInput(ctx.db, cycleId, { categoryIds: [categoryId] }), { explain: (k) => keys.has(k), categories: new Set([categoryId]) }).results : [];
    const byKey = new Map(explained.map((e) => [e.subjectKey, e]));
    for (const m of members) {
      const base = comps.get(m.id) ?? [];
      const e = byKey.get(m.subjectKey as never);
      const components = e
        ? base.map((c) => {
            const x = e.components.find((y) => y.componentId === c.componentId);
            return x ? { ...c, leaves: x.leaves, nodes: x.nodes, democratic: x.democratic ?? c.democratic, bonus: x.bonus ?? c.bonus } : c;
          })
        : base;
      out.set(m.id, { row: m, components: components as ComponentTraceDto[] });
    }
  }
  return out;
}

/** The engine's explanation without the restated score ("…，得 2.5 分"): the letter's columns show the score. */
function lossReason(note: string): string {
  return note.replace(/[；;，,]\s*(共扣\s*[\d.]+\s*分[，,]\s*)?得\s*[\d.]+\s*分$/, '').trim();
}

function indicatorRows(c: ComponentTraceDto, notes: Map<number, string>): FeedbackIndicatorRow[] {
  if (!c.nodes || !c.leaves) return [];
  const rows: FeedbackIndicatorRow[] = [];
  const leafById = new Map(c.leaves.map((l) => [l.indicatorId, l]));
  const children = new Map<number | null, NonNullable<typeof c.nodes>>();
  for (const n of c.nodes) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const walk = (parent: number | null) => {
    for (const n of (children.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))) {
      const leaf = leafById.get(n.indicatorId);
      // direct scoring: the department's note; other methods: the engine's reason where points were lost
      const why = !leaf ? '' : leaf.method === 'direct' ? (notes.get(leaf.indicatorId) ?? '') : leaf.lost > 0 ? lossReason(leaf.note) : '';
      rows.push({ code: n.code, name: n.name, level: n.level, full: n.full, score: n.score, lost: Math.max(0, n.full - n.score), why, isLeaf: !!leaf });
      walk(n.indicatorId);
    }
  };
  walk(null);
  return rows;
}

async function previousResult(ctx: ServiceContext, year: number, unitCode: string): Promise<FeedbackLetterData['lastYear']> {
  const r = await ctx.db
    .selectFrom('results')
    .innerJoin('cycles', 'cycles.id', 'results.cycle_id')
    .innerJoin('units', 'units.id', 'results.unit_id')
    .leftJoin('adjustments', (j) => j.onRef('adjustments.unit_id', '=', 'results.unit_id'))
    .select(['results.total', 'results.rank', 'results.rank_of', 'results.computed_grade', 'adjustments.to_grade'])
    .where('cycles.year', '=', year - 1)
    .where('units.code', '=', unitCode)
    .orderBy('cycles.id', 'desc')
    .orderBy('adjustments.id', 'desc')
    .executeTakeFirst();
  return r ? { total: r.total, rank: r.rank, rankOf: r.rank_of, grade: r.to_grade ?? r.computed_grade } : null;
}

export interface LetterPlan {
  unitId: number;
  unitName: string;
  data: FeedbackLetterData;
  problems: { feedbackItemId: number; text: string; requirement: string }[];
  deadline: string;
  missing: string[];
}

/** Everything one unit's letter says, from stored results, the office's entries and the settings. */
export async function letterPlan(ctx: ServiceContext, cycle: Cycle, settings: DocumentSettings, unitId: number, result: UnitResult | undefined, number: string): Promise<LetterPlan> {
  const unit = await getUnit(ctx.db, unitId);
  if (unit.cycleId !== cycle.id) throw new AppError('invalid_input', `单位“${unit.name}”不属于考核年度“${cycle.name}”。`);
  if (!result) throw new AppError('conflict', `“${unit.name}”还没有计算结果，请先在“计算排名”中计算后再生成反馈函。`);
  if (result.row.stale) throw new AppError('conflict', `“${unit.name}”的计算结果不是最新的，请先在“计算排名”中重新计算后再生成反馈函。`);
  const { row, components } = result;
  const cat = (await listCategories(ctx.db, cycle.id)).find((c) => c.id === unit.categoryId)!;
  const items = await ctx.db.selectFrom('feedback_items').selectAll().where('cycle_id', '=', cycle.id).where('unit_id', '=', unit.id).orderBy('sort_order').orderBy('id').execute();
  const noteRows = await ctx.db.selectFrom('score_entries').select(['indicator_id', 'note']).where('unit_id', '=', unit.id).where('note', '<>', '').execute();
  const notes = new Map(noteRows.map((n) => [n.indicator_id, n.note.trim()]));
  const problems = items.filter((i) => i.kind === 'problem');
  const deadline = deadlineFrom(ctx, settings);
  const componentRow = (c: ComponentTraceDto) => ({ name: c.name, kind: c.kind, full: c.kind === 'bonus' ? null : c.full, score: c.raw, weight: c.weight, contribution: c.contribution });
  const routine = components.find((c) => c.kind === 'routine');
  const bonus = components.find((c) => c.kind === 'bonus');
  const democratic = components.find((c) => c.democratic)?.democratic;
  const adj = row.adjustment ? { from: row.computedGrade, to: row.adjustment.toGrade, reason: row.adjustment.reason } : null;
  const data: FeedbackLetterData = {
    organ: settings.organ,
    docNumber: number,
    cycleName: cycle.name,
    year: cycle.year,
    unitName: unit.name,
    categoryName: cat.name,
    total: row.total,
    rank: row.rank,
    rankOf: row.rankOf,
    grade: row.finalGrade,
    computedGrade: row.computedGrade,
    restriction: row.restriction,
    adjustment: adj,
    // "1人×34%=0.34，向下取整为0个，无“优秀”名额；…": a grade no rank could reach, said in the letter
    quotaNote: row.restriction ? null : (/^([^；]*无“[^”]+”名额)/.exec(row.gradeNote)?.[1] ?? null),
    lastYear: await previousResult(ctx, cycle.year, unit.code),
    components: components.map(componentRow),
    indicators: components.filter((c) => c.kind === 'indicators').flatMap((c) => indicatorRows(c, notes)),
    routine: routine ? { component: componentRow(routine), items: indicatorRows(routine, notes).filter((r) => r.isLeaf) } : null,
    bonus: bonus
      ? {
          items: (bonus.bonus ?? []).map((b) => ({ kind: b.kind, type: b.type, reason: b.reason, points: b.points, counted: b.counted, note: b.note })),
          kindCaps: cat.settings.bonus.kindCaps,
          totalCap: cat.settings.bonus.totalCap ?? null,
          deductionCap: cat.settings.bonus.deductionCap ?? null,
          contribution: bonus.contribution,
        }
      : null,
    democratic: democratic
      ? {
          groups: democratic.groups.map((g) => ({ name: g.name, valid: g.valid, rate: g.groupScore })),
          shares: Object.entries(democratic.shares).map(([level, share]) => ({ level, share })),
          validVotes: democratic.validVotes,
        }
      : null,
    strengths: items.filter((i) => i.kind === 'strength').map((i) => i.text),
    problems: problems.map((i) => ({ text: i.text, requirement: i.requirement })),
    deadline: chineseDate(deadline),
    reportTo: settings.reportTo,
    contactPerson: settings.contactPerson.trim() || '【联系人】',
    contactPhone: settings.contactPhone.trim() || '【联系电话】',
    signOrgan: settings.signingOrgan,
    signDate: chineseDate(signDay(ctx, settings).toDate()),
    decimals: cat.settings.decimals,
  };
  return {
    unitId: unit.id,
    unitName: unit.name,
    data,
    problems: problems.map((i) => ({ feedbackItemId: i.id, text: i.text, requirement: i.requirement })),
    deadline,
    missing: missingForLetter(settings),
  };
}

// ---- the register -----------------------------------------------------------------

export interface IssueRequest {
  cycle: Cycle;
  kind: 'notice' | 'feedback' | 'ranking' | 'cadre_list';
  unitId: number | null;
  /** which number sequence, or none (tables: named by the register's id) */
  sequence: 'notice' | 'letter' | null;
  title: string;
  folder: string;
  /** the file name without the number and extension */
  name: string;
  format: 'docx' | 'xlsx';
  /** what a re-issue replaces: the latest document of the same kind and unit (and title) */
  sameAs: { kind: string; unitId: number | null; title?: string };
  build: (number: string) => Promise<Buffer>;
  /** more writes in the same transaction (the ledger rows of a letter) */
  after?: (w: WriteTx, documentId: number) => Promise<void>;
}

/**
 * Issues one document: a new number from the settings' sequence (skipping any
 * taken), its own file (never overwriting one), the register row with the
 * file's SHA-256 and the document it replaces. The file is removed if the
 * transaction does not commit, so the register and the folder agree.
 */
export async function issueDocument(ctx: ServiceContext, req: IssueRequest): Promise<DocumentRow> {
  let written: string | null = null;
  try {
    return await ctx.write({ action: 'document.issue', entity: 'document', cycleId: req.cycle.id, scope: 'documents', detail: { kind: req.kind, unitId: req.unitId, title: req.title } }, async (w) => {
      const settings = await readSettings(w.trx, req.cycle.id);
      let number = '';
      if (req.sequence) {
        const prefix = req.sequence === 'notice' ? settings.noticePrefix : settings.letterPrefix;
        const year = signDay(ctx, settings).year();
        let n = req.sequence === 'notice' ? settings.noticeNext : settings.letterNext;
        const taken = new Set((await w.trx.selectFrom('documents').select('doc_number').where('cycle_id', '=', req.cycle.id).execute()).map((d) => d.doc_number));
        while (taken.has(docNumber(prefix, year, n))) n++;
        number = docNumber(prefix, year, n);
        await storeSettings(w, req.cycle.id, settings, { ...settings, ...(req.sequence === 'notice' ? { noticeNext: n + 1 } : { letterNext: n + 1 }) });
      }
      let q = w.trx.selectFrom('documents').select(['id']).where('cycle_id', '=', req.cycle.id).where('kind', '=', req.sameAs.kind as never);
      q = req.sameAs.unitId === null ? q.where('unit_id', 'is', null) : q.where('unit_id', '=', req.sameAs.unitId);
      if (req.sameAs.title) q = q.where('title', '=', req.sameAs.title);
      const previous = await q.where('format', '=', req.format).orderBy('id', 'desc').executeTakeFirst();
      const buffer = await req.build(number);
      const id = await insertAudited(w, 'documents', 'document', {
        cycle_id: req.cycle.id,
        kind: req.kind,
        unit_id: req.unitId,
        doc_number: number,
        title: req.title,
        file_path: '',
        issued_at: w.at,
        issued_by: ctx.actor.id,
        sha256: sha256(buffer),
        replaces_id: previous?.id ?? null,
        format: req.format,
      });
      fs.mkdirSync(req.folder, { recursive: true });
      const fileName = safeFileName(`${number || `第${id}号`}-${req.name}.${req.format}`);
      const filePath = path.join(req.folder, fileName);
      // 'wx': an issued file is never overwritten
      fs.writeFileSync(filePath, buffer, { flag: 'wx' });
      written = filePath;
      await w.trx.updateTable('documents').set({ file_path: filePath }).where('id', '=', id).execute();
      w.identify({ entityId: id });
      w.note({ docNumber: number, filePath, sha256: sha256(buffer), replaces: previous?.id ?? null });
      if (req.after) await req.after(w, id);
      return { id, kind: req.kind, unitId: req.unitId, unitName: null, title: req.title, docNumber: number, filePath, fileName, issuedAt: w.at, format: req.format, sha256: sha256(buffer), integrity: 'ok' as const, replacesId: previous?.id ?? null, replacedById: null };
    });
  } catch (e) {
    if (written) fs.rmSync(written, { force: true });
    throw e;
  }
}

function integrityOf(filePath: string, expected: string): 'ok' | 'changed' | 'missing' {
  if (!filePath || !fs.existsSync(filePath)) return 'missing';
  if (!expected) return 'ok'; // issued before the register kept hashes
  return sha256(fs.readFileSync(filePath)) === expected ? 'ok' : 'changed';
}

export async function listDocuments(ctx: ServiceContext, cycleId: number): Promise<DocumentRow[]> {
  await requireCycle(ctx.db, cycleId);
  const rows = await ctx.db
    .selectFrom('documents')
    .leftJoin('units', 'units.id', 'documents.unit_id')
    .select(['documents.id', 'documents.kind', 'documents.unit_id', 'units.name as unit_name', 'documents.title', 'documents.doc_number', 'documents.file_path', 'documents.issued_at', 'documents.sha256', 'documents.replaces_id', 'documents.format'])
    .where('documents.cycle_id', '=', cycleId)
    .orderBy('documents.id', 'desc')
    .execute();
  const replacedBy = new Map<number, { id: number; number: string }>();
  for (const r of rows) if (r.replaces_id !== null) replacedBy.set(r.replaces_id, { id: r.id, number: r.doc_number });
  const numberOf = new Map(rows.map((r) => [r.id, r.doc_number || `第${r.id}号`]));
  return rows.map((r) => {
    const integrity = integrityOf(r.file_path, r.sha256);
    const by = replacedBy.get(r.id);
    const notes = [
      ...(integrity === 'changed' ? ['文件已被改动'] : integrity === 'missing' ? ['文件已不存在'] : []),
      ...(by ? [`已被${by.number || `第${by.id}号`}替代`] : []),
      ...(r.replaces_id !== null ? [`替代${numberOf.get(r.replaces_id) ?? `第${r.replaces_id}号`}`] : []),
    ];
    return {
      id: r.id,
      kind: r.kind,
      unitId: r.unit_id,
      unitName: r.unit_name,
      title: r.title,
      docNumber: r.doc_number,
      filePath: r.file_path,
      fileName: path.basename(r.file_path),
      issuedAt: r.issued_at,
      format: r.format,
      sha256: r.sha256,
      integrity,
      replacesId: r.replaces_id,
      replacedById: by?.id ?? null,
      note: notes.join('；'),
    };
  });
}

// ---- letters ------------------------------------------------------------------------

/** The year's state first: a letter of an archived year is refused as locked, whatever else is missing. */
export function requireDocumentsAllowed(cycle: Cycle): void {
  const status = ((CYCLE_STATUSES as readonly string[]).includes(cycle.status) ? cycle.status : 'draft') as CycleStatus;
  if (!cycleAllows(status, 'documents')) throw new AppError('locked', lockedMessage(cycle.name, status, 'documents'));
}

function refuseMissing(missing: string[], what: string): void {
  if (missing.length > 0) throw new AppError('conflict', `${what}还缺少文书设置中的${missing.map((m) => `“${m}”`).join('、')}，请先在“文书设置”中填写后再生成。`, { kind: 'field', path: 'settings' });
}

/** Where letters go unless the caller picked a folder. */
const lettersFolder = (ctx: ServiceContext, cycle: Cycle): string => path.join(ctx.documentsDir, String(cycle.year), '反馈函');

async function writeLetter(ctx: ServiceContext, cycle: Cycle, settings: DocumentSettings, unitId: number, result: UnitResult | undefined, folder = lettersFolder(ctx, cycle)): Promise<DocumentRow> {
  requireDocumentsAllowed(cycle);
  // checked before a number is taken: the plan is rebuilt with the number inside the write
  const draft = await letterPlan(ctx, cycle, settings, unitId, result, '');
  refuseMissing(draft.missing, `“${draft.unitName}”的反馈函`);
  let plan = draft;
  const title = `关于${draft.unitName}${cycle.year}年度考核结果的反馈函`;
  const doc = await issueDocument(ctx, {
    cycle,
    kind: 'feedback',
    unitId,
    sequence: 'letter',
    title,
    folder,
    name: `${draft.unitName}-考核反馈函`,
    format: 'docx',
    sameAs: { kind: 'feedback', unitId },
    build: async (number) => {
      plan = { ...draft, data: { ...draft.data, docNumber: number } };
      return renderDocx(feedbackLetterModel(plan.data, settings.fonts));
    },
    after: (w, documentId) => ledgerRows(w, cycle.id, unitId, documentId, plan),
  });
  return { ...doc, unitName: draft.unitName };
}

/** Each problem of the letter becomes (or stays) one row of the rectification ledger. */
async function ledgerRows(w: WriteTx, cycleId: number, unitId: number, documentId: number, plan: LetterPlan): Promise<void> {
  let order = 0;
  for (const pr of plan.problems) {
    order++;
    const existing = await w.trx.selectFrom('rectification_items').select(['id', 'status']).where('cycle_id', '=', cycleId).where('feedback_item_id', '=', pr.feedbackItemId).executeTakeFirst();
    if (existing) {
      // a re-issued letter: the row follows the new letter; its progress stays
      await updateAudited(w, 'rectification_items', 'rectification', existing.id, { document_id: documentId, problem: pr.text, requirement: pr.requirement, ...(existing.status === 'fed_back' ? { deadline: plan.deadline } : {}) });
    } else {
      await insertAudited(w, 'rectification_items', 'rectification', {
        cycle_id: cycleId,
        unit_id: unitId,
        feedback_item_id: pr.feedbackItemId,
        document_id: documentId,
        problem: pr.text,
        requirement: pr.requirement,
        deadline: plan.deadline,
        status: 'fed_back',
        created_at: w.at,
        sort_order: order,
      });
    }
  }
}

export async function generateFeedbackLetter(ctx: ServiceContext, input: ParsedInputOf<'generateFeedbackLetter'>): Promise<OutputOf<'generateFeedbackLetter'>> {
  const cycle = await requireCycle(ctx.db, input.cycleId);
  const unit = await getUnit(ctx.db, input.unitId);
  if (unit.cycleId !== cycle.id) throw new AppError('invalid_input', `单位“${unit.name}”不属于考核年度“${cycle.name}”。`);
  const settings = await readSettings(ctx.db, cycle.id);
  const results = await unitResults(ctx, cycle.id, [unit.id]);
  return writeLetter(ctx, cycle, settings, unit.id, results.get(unit.id));
}

export interface BatchOptions {
  onProgress?: (p: { done: number; total: number; unitName: string }) => void;
  signal?: AbortSignal;
  /** the folder of this batch when the input names none; default documents/<year>/反馈函 */
  folder?: string;
}

/** A folder chosen by the user: a full path, created if missing, that can be written to. */
function batchFolder(folder: string): string {
  if (!path.isAbsolute(folder)) throw new AppError('invalid_input', `保存位置“${folder}”不是完整的文件夹路径，请重新选择文件夹。`, { kind: 'field', path: 'folder' });
  const dir = path.resolve(folder);
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new AppError('invalid_input', `无法写入文件夹“${dir}”，请选择其他文件夹。`, { kind: 'field', path: 'folder' });
  }
  return dir;
}

/**
 * All letters of a cycle into one folder (the one picked, or
 * documents/<year>/反馈函): refused as a whole when a category's results are
 * stale or a setting is missing; progress per letter (the job's and
 * `onProgress`); stopped between letters when the job is cancelled or the
 * signal aborts. Each letter is issued in its own transaction, so the
 * letters written before a cancel stay issued — numbered, registered, their
 * problems in the ledger — and the summary counts them; none is half-written
 * (a file whose transaction does not commit is removed).
 */
export async function generateAllFeedbackLetters(ctx: ServiceContext, input: ParsedInputOf<'generateAllFeedbackLetters'>, opts: BatchOptions = {}): Promise<OutputOf<'generateAllFeedbackLetters'>> {
  return withJob(input.jobId, async (job) => {
    const cycle = await requireCycle(ctx.db, input.cycleId);
    const settings = await readSettings(ctx.db, cycle.id);
    requireDocumentsAllowed(cycle);
    refuseMissing(missingForLetter(settings), '反馈函');
    const notCurrent = categoryStates(ctx.db, cycle.id).filter((s) => s.kind === 'unit' && s.members > 0 && s.state !== 'current');
    if (notCurrent.length > 0) throw new AppError('conflict', `考核类别${notCurrent.map((s) => `“${s.categoryName}”`).join('、')}的计算结果不是最新的，请先在“计算排名”中计算后再生成反馈函。`);
    const folder = input.folder !== undefined ? batchFolder(input.folder) : (opts.folder ?? lettersFolder(ctx, cycle));
    const units = await listUnits(ctx.db, cycle.id);
    job.progress(0, units.length, '正在读取计算结果…');
    const results = await unitResults(ctx, cycle.id, units.map((u) => u.id));
    const documents: DocumentRow[] = [];
    const skipped: { unitId: number; unitName: string; reason: string }[] = [];
    let cancelled = false;
    for (const u of units) {
      // a turn of the event loop between letters: the caller's progress questions and 取消 are answered meanwhile
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.signal?.aborted || job.signal.aborted) {
        cancelled = true;
        break;
      }
      job.progress(documents.length + skipped.length, units.length, `正在生成：${u.name}`);
      try {
        const doc = await writeLetter(ctx, cycle, settings, u.id, results.get(u.id), folder);
        documents.push(doc);
      } catch (e) {
        if (!(e instanceof AppError) || e.code === 'locked') throw e;
        skipped.push({ unitId: u.id, unitName: u.name, reason: e.message });
      }
      const done = documents.length + skipped.length;
      job.progress(done, units.length, `已生成 ${documents.length} 份`);
      opts.onProgress?.({ done, total: units.length, unitName: u.name });
    }
    return { folder, total: units.length, written: documents.length, cancelled, documents, skipped };
  });
}

/** A letter's content with placeholders where settings are missing: nothing is written, no number taken. */
export async function previewLetter(ctx: ServiceContext, cycleId: number, unitId: number): Promise<{ model: DocModel; missing: string[]; docNumber: string }> {
  const cycle = await requireCycle(ctx.db, cycleId);
  const settings = await readSettings(ctx.db, cycle.id);
  const results = await unitResults(ctx, cycle.id, [unitId]);
  const number = docNumber(settings.letterPrefix, signDay(ctx, settings).year(), settings.letterNext);
  const plan = await letterPlan(ctx, cycle, settings, unitId, results.get(unitId), number);
  return { model: feedbackLetterModel(plan.data, settings.fonts), missing: plan.missing, docNumber: number };
}

// ---- the office's feedback items and the engine's suggestions ----------------------------

export async function suggestFeedbackItems(ctx: ServiceContext, input: ParsedInputOf<'suggestFeedbackItems'>): Promise<OutputOf<'suggestFeedbackItems'>> {
  const unit = await getUnit(ctx.db, input.unitId);
  if (unit.cycleId !== input.cycleId) throw new AppError('invalid_input', `单位“${unit.name}”不属于该考核年度。`);
  const r = (await unitResults(ctx, input.cycleId, [unit.id])).get(unit.id);
  if (!r) throw new AppError('conflict', `“${unit.name}”还没有计算结果，请先计算。`);
  if (r.row.stale) throw new AppError('conflict', `“${unit.name}”的计算结果不是最新的，请先重新计算。`);
  return r.components
    .flatMap((c) => c.leaves ?? [])
    .filter((l) => l.lost > 0)
    .sort((a, b) => b.lost - a.lost || a.code.localeCompare(b.code))
    .slice(0, 5)
    .map((l) => ({ kind: 'problem' as const, text: `“${l.path[l.path.length - 1]}”失分${l.lost}分${l.method === 'direct' ? '' : `：${lossReason(l.note)}`}`, indicatorCode: l.code, lost: l.lost }));
}

export async function listFeedbackItems(ctx: ServiceContext, input: ParsedInputOf<'listFeedbackItems'>): Promise<OutputOf<'listFeedbackItems'>> {
  await requireCycle(ctx.db, input.cycleId);
  let q = ctx.db
    .selectFrom('feedback_items')
    .innerJoin('units', 'units.id', 'feedback_items.unit_id')
    .select(['feedback_items.id', 'feedback_items.unit_id', 'units.name as unit_name', 'feedback_items.kind', 'feedback_items.text', 'feedback_items.requirement', 'feedback_items.sort_order'])
    .where('feedback_items.cycle_id', '=', input.cycleId);
  if (input.unitId !== undefined) q = q.where('feedback_items.unit_id', '=', input.unitId);
  const rows = await q.orderBy('units.sort_order').orderBy('feedback_items.sort_order').orderBy('feedback_items.id').execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.unit_name, kind: r.kind, text: r.text, requirement: r.requirement, sortOrder: r.sort_order }));
}

export async function saveFeedbackItem(ctx: ServiceContext, input: ParsedInputOf<'saveFeedbackItem'>): Promise<OutputOf<'saveFeedbackItem'>> {
  const unit = await getUnit(ctx.db, input.unitId);
  if (unit.cycleId !== input.cycleId) throw new AppError('invalid_input', `单位“${unit.name}”不属于该考核年度。`);
  const id = await ctx.write({ action: input.id ? 'feedback.update' : 'feedback.create', entity: 'feedback_item', entityId: input.id ?? null, cycleId: input.cycleId, scope: 'documents' }, async (w) => {
    if (input.id) {
      const old = await w.trx.selectFrom('feedback_items').select(['id', 'unit_id']).where('id', '=', input.id).executeTakeFirst();
      if (!old || old.unit_id !== unit.id) throw new AppError('not_found', `找不到该单位的反馈事项（编号 ${input.id}）。`);
      await updateAudited(w, 'feedback_items', 'feedback_item', input.id, { kind: input.kind, text: input.text, requirement: input.requirement ?? '' });
      return input.id;
    }
    const last = await w.trx.selectFrom('feedback_items').select((eb) => eb.fn.max('sort_order').as('m')).where('unit_id', '=', unit.id).executeTakeFirst();
    return insertAudited(w, 'feedback_items', 'feedback_item', {
      cycle_id: input.cycleId,
      unit_id: unit.id,
      kind: input.kind,
      text: input.text,
      requirement: input.requirement ?? '',
      deadline: null,
      status: 'fed_back',
      closed_at: null,
      closed_by: null,
      sort_order: Number(last?.m ?? 0) + 1,
    });
  });
  return (await listFeedbackItems(ctx, { cycleId: input.cycleId, unitId: unit.id })).find((x) => x.id === id)!;
}

export async function deleteFeedbackItem(ctx: ServiceContext, input: ParsedInputOf<'deleteFeedbackItem'>): Promise<OutputOf<'deleteFeedbackItem'>> {
  const row = await ctx.db.selectFrom('feedback_items').select(['id', 'cycle_id']).where('id', '=', input.id).executeTakeFirst();
  if (!row) throw new AppError('not_found', `找不到反馈事项（编号 ${input.id}）。`);
  return ctx.write({ action: 'feedback.delete', entity: 'feedback_item', entityId: row.id, cycleId: row.cycle_id, scope: 'documents' }, async (w) => {
    return { deleted: await deleteAudited(w, 'feedback_items', 'feedback_item', [row.id]) };
  });
}
