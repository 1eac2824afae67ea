// The channels of issue 8 (documents): per-cycle document settings, the
// preview of a notice or letter as plain data before any file is written, the
// notice (考核结果通报), letters one by one or all at once, ranking tables and
// cadre grade lists, the register with each file's integrity, the office's
// feedback items with the engine's suggestions, and the rectification ledger
// (整改台账). Spread into the one contract (contract.ts).
import { z } from 'zod';
import { jobIdSchema } from './contract-shell.ts';

const id = z.number().int().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const line = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);
const required = (max: number) => line(max).pipe(z.string().min(1, '不能为空'));
const fontChoice = z.strictObject({ name: required(40), fallback: line(40) });

export const documentRow = z.object({
  id,
  kind: z.string(),
  unitId: id.nullable(),
  unitName: z.string().nullable(),
  title: z.string(),
  docNumber: z.string(),
  filePath: z.string(),
  fileName: z.string(),
  issuedAt: z.string(),
  /** docx or xlsx */
  format: z.string().optional(),
  sha256: z.string().optional(),
  /** ok: the file matches the register; changed: 文件已被改动; missing: 文件已不存在 */
  integrity: z.enum(['ok', 'changed', 'missing']).optional(),
  /** the document this one replaces (a re-issue), and the one that replaced it */
  replacesId: id.nullable().optional(),
  replacedById: id.nullable().optional(),
  /** Chinese: what the register says about the document (被第N号替代, 文件已被改动…) */
  note: z.string().optional(),
});

export const documentSettings = z.strictObject({
  /** 发文机关: the letterhead and the signing of letters */
  organ: required(60),
  /** 发文机关标志 of the notice, e.g. 中共清河县委组织部文件 */
  organMark: required(60),
  /** 发文字号: prefix and the next number, per kind */
  noticePrefix: required(20),
  noticeNext: z.number().int().min(1).max(99999),
  letterPrefix: required(20),
  letterNext: z.number().int().min(1).max(99999),
  signingOrgan: required(60),
  /** null: the day the document is issued */
  signDate: isoDate.nullable(),
  mainRecipients: line(300),
  copyTo: line(300),
  printOrgan: line(60),
  contactPerson: line(20),
  contactPhone: line(30),
  /** where units report their rectification */
  reportTo: required(60),
  rectifyMonths: z.number().int().min(1).max(12),
  /** units within a grade in the notice: by score or by stroke order (笔画) */
  gradeOrder: z.enum(['score', 'stroke']),
  fonts: z.strictObject({ title: fontChoice, body: fontChoice, heading1: fontChoice, heading2: fontChoice, pageNumber: fontChoice }),
});

const tableCell = z.object({ text: z.string(), bold: z.boolean().optional(), indent: z.number().optional(), colSpan: z.number().int().optional(), rowSpan: z.number().int().optional() });
export const docBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('paragraph'), role: z.string(), text: z.string(), right: z.string().optional() }),
  z.object({
    type: z.literal('table'),
    columns: z.array(z.object({ width: z.number(), align: z.enum(['left', 'center', 'right']) })),
    header: z.array(z.array(tableCell)),
    rows: z.array(z.array(tableCell)),
  }),
]);

export const docPreview = z.object({
  format: z.enum(['document', 'letter']),
  title: z.string(),
  docNumber: z.string(),
  blocks: z.array(docBlock),
  attachment: z.array(docBlock),
  record: z.array(docBlock),
  /** settings still unset (placeholders in the preview): the document is not written until they are filled in */
  missing: z.array(z.string()),
});

export const feedbackItem = z.object({ id, unitId: id, unitName: z.string(), kind: z.enum(['strength', 'problem']), text: z.string(), requirement: z.string(), sortOrder: z.number().int() });

export const RECTIFICATION_STATUSES = ['fed_back', 'in_progress', 'reported', 'closed'] as const;
export const rectificationRow = z.object({
  id,
  cycleId: id,
  unitId: id,
  unitName: z.string(),
  problem: z.string(),
  requirement: z.string(),
  deadline: z.string(),
  status: z.enum(RECTIFICATION_STATUSES),
  /** the status as shown: 已反馈, 整改中, 已报告, 已销号, or 逾期 past the deadline */
  statusLabel: z.string(),
  overdue: z.boolean(),
  report: z.string(),
  reportedAt: z.string().nullable(),
  decision: z.string(),
  closedAt: z.string().nullable(),
  documentId: id.nullable(),
  docNumber: z.string().nullable(),
  carriedCycleId: id.nullable(),
  carriedEventId: id.nullable(),
});

/** a folder the user chose (the native dialog answers with a full path) */
const folderPath = z.string().trim().min(1, '不能为空').max(1000, '路径过长');

const batchSummary = z.object({
  folder: z.string(),
  /** the units of the cycle: written + skipped + not started (a cancel) */
  total: z.number().int(),
  written: z.number().int(),
  cancelled: z.boolean(),
  documents: z.array(documentRow),
  skipped: z.array(z.object({ unitId: id, unitName: z.string(), reason: z.string() })),
});

export const documentChannels = {
  getDocumentSettings: { input: z.strictObject({ cycleId: id }), output: documentSettings },
  saveDocumentSettings: { input: z.strictObject({ cycleId: id, settings: documentSettings }), output: documentSettings },
  // the content of a notice or a unit's letter, before any file is written
  previewDocument: { input: z.strictObject({ cycleId: id, kind: z.enum(['notice', 'feedback']), unitId: id.optional() }), output: docPreview },
  generateNotice: { input: z.strictObject({ cycleId: id }), output: documentRow },
  // every unit's letter into a folder (default documents/<year>/反馈函), one transaction each; a cancel stops
  // between letters and the letters written by then stay issued and registered (the summary says how many)
  generateAllFeedbackLetters: { input: z.strictObject({ cycleId: id, folder: folderPath.optional(), jobId: jobIdSchema.optional() }), output: batchSummary },
  // ranking tables by category and cadre grade lists
  generateRankingTables: { input: z.strictObject({ cycleId: id, format: z.enum(['docx', 'xlsx']) }), output: z.array(documentRow) },
  listFeedbackItems: { input: z.strictObject({ cycleId: id, unitId: id.optional() }), output: z.array(feedbackItem) },
  saveFeedbackItem: {
    input: z.strictObject({ cycleId: id, unitId: id, id: id.optional(), kind: z.enum(['strength', 'problem']), text: required(1000), requirement: line(1000).optional() }),
    output: feedbackItem,
  },
  deleteFeedbackItem: { input: z.strictObject({ id }), output: z.object({ deleted: z.number().int() }) },
  // the engine's biggest losses as a starting list for 存在问题 (never printed by themselves)
  suggestFeedbackItems: {
    input: z.strictObject({ cycleId: id, unitId: id }),
    output: z.array(z.object({ kind: z.literal('problem'), text: z.string(), indicatorCode: z.string(), lost: z.number() })),
  },
  listRectification: {
    input: z.strictObject({ cycleId: id, filter: z.enum(['all', 'open', 'overdue']).default('all'), unitId: id.optional() }),
    output: z.array(rectificationRow),
  },
  updateRectification: {
    input: z.strictObject({ id, status: z.enum(RECTIFICATION_STATUSES).optional(), report: line(4000).optional(), decision: line(2000).optional(), deadline: isoDate.optional() }),
    output: rectificationRow,
  },
  exportRectification: { input: z.strictObject({ cycleId: id, filter: z.enum(['all', 'open', 'overdue']).default('all') }), output: z.object({ filePath: z.string(), fileName: z.string(), rows: z.number().int() }) },
  // open items into another year's plan as deduction events (its state must allow data)
  carryRectification: {
    input: z.strictObject({ cycleId: id, targetCycleId: id, itemIds: z.array(id).max(10000).optional(), points: z.number().finite().positive('扣分应大于0').max(100) }),
    output: z.object({ created: z.number().int(), skipped: z.array(z.object({ id, reason: z.string() })) }),
  },
} as const;

export type DocumentSettings = z.output<typeof documentSettings>;
export type RectificationRow = z.output<typeof rectificationRow>;
export type DocPreview = z.output<typeof docPreview>;
