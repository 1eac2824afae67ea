// Channels of data collection for the whole year (issue 7): the plan's
// people and parts that were read-only until now (cadres, responsible
// departments, assessment groups, components), the democratic-evaluation
// tallies, events with their evidence, cycles copied from last year, and the
// department workbooks. Every delete first answers with a preview of what
// goes with it (dryRun: true), so the UI can ask before it deletes.
import { z } from 'zod';
import { CYCLE_STATUSES, EVENT_KINDS, POSTS, SUBJECT_KINDS } from '../domain.ts';
import { jobIdSchema } from './contract-shell.ts';

const id = z.number().int().positive();
const name = z.string().trim().min(1, '不能为空').max(100, '不能超过100个字');
const shortText = z.string().trim().max(200, '不能超过200个字');
const longText = z.string().trim().max(2000, '不能超过2000个字');
const code = z.string().trim().min(1, '不能为空').max(40, '不能超过40个字符');
const subjectKey = z.string().regex(/^(unit|cadre):\d+$/, '被考核对象编号格式应为 unit:数字 或 cadre:数字');
const ids = z.array(id).max(10000, '一次最多选择10000项');
const dryRun = z.boolean().optional();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2025-06-30');
const count = z.number().int('应为整数').min(0, '不能为负数').max(1000000, '数值过大');
const filePath = z.string().trim().min(1, '不能为空').max(1000, '路径过长').regex(/\.xlsx$/i, '应为 .xlsx 文件');

/** What a delete removes (or would remove, for a dry run), counted by kind, and the same in one Chinese sentence. */
export const deletion = z.object({
  dryRun: z.boolean(),
  deleted: z.number().int(),
  goesWith: z.record(z.string(), z.number().int()),
  message: z.string(),
});

export const cadreRow = z.object({
  id,
  unitId: id,
  unitName: z.string(),
  categoryId: id,
  categoryName: z.string(),
  code: z.string(),
  name: z.string(),
  post: z.enum(POSTS),
  title: z.string(),
  sortOrder: z.number().int(),
});

// fillableCount: the leaves its collection workbook holds (扣分制 leaves stay with the office)
export const departmentDetail = z.object({ id, name: z.string(), contact: z.string(), indicatorCount: z.number().int(), fillableCount: z.number().int() });

const memberRole = z.enum(['leader', 'deputy', 'member_a', 'member_b']);
export const assessmentGroup = z.object({
  id,
  name: z.string(),
  sortOrder: z.number().int(),
  members: z.array(z.object({ id, name: z.string(), role: memberRole, affiliation: z.string() })),
  units: z.array(z.object({ id, name: z.string() })),
});

export const raterGroupRow = z.object({ id, subjectKind: z.enum(SUBJECT_KINDS), name: z.string(), weight: z.number(), sortOrder: z.number().int() });

export const eventDetail = z.object({
  id,
  subjectKey,
  subjectName: z.string(),
  categoryId: id,
  kind: z.enum(EVENT_KINDS),
  type: z.string(),
  points: z.number(),
  reason: z.string(),
  evidence: z.string(),
  docNumber: z.string(),
  docDate: z.string().nullable(),
  level: z.string(),
  issuer: z.string(),
  honourKey: z.string().nullable(),
  levelRank: z.number().int().nullable(),
  occurredOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  outcome: z.string(),
});

const indicatorFacts = z.object({ fullPoints: z.number(), method: z.string(), department: z.string().nullable() });
export const cycleDiff = z.object({
  fromCycleId: id,
  toCycleId: id,
  /** indicators matched by category name and indicator code */
  added: z.array(z.object({ categoryName: z.string(), code: z.string(), name: z.string(), fullPoints: z.number() })),
  removed: z.array(z.object({ categoryName: z.string(), code: z.string(), name: z.string(), fullPoints: z.number() })),
  changed: z.array(z.object({ categoryName: z.string(), code: z.string(), name: z.string(), fields: z.array(z.enum(['name', 'fullPoints', 'method', 'department'])), before: indicatorFacts.extend({ name: z.string() }), after: indicatorFacts.extend({ name: z.string() }) })),
  categoriesAdded: z.array(z.string()),
  categoriesRemoved: z.array(z.string()),
});

export const copyCounts = z.object({
  categories: z.number().int(),
  components: z.number().int(),
  indicators: z.number().int(),
  departments: z.number().int(),
  units: z.number().int(),
  cadres: z.number().int(),
  raterGroups: z.number().int(),
  assessmentGroups: z.number().int(),
});

const cycleSummaryOut = z.object({
  id,
  name: z.string(),
  year: z.number().int(),
  status: z.enum(CYCLE_STATUSES),
  organ: z.string(),
  categoryCount: z.number().int(),
  unitCount: z.number().int(),
  cadreCount: z.number().int(),
  createdAt: z.string(),
});

const copyInput = {
  sourceCycleId: id,
  name,
  year: z.number().int().min(2000, '年度应在2000年以后').max(2100, '年度不应晚于2100年'),
  organ: z.string().trim().max(100, '不能超过100个字').optional(),
};

// a whole plan file (docs/plan-format.md): .json or .xlsx
const planFilePath = z.string().trim().min(1, '不能为空').max(1000, '路径过长').regex(/\.(json|xlsx)$/i, '应为 .json 或 .xlsx 文件');

export const planImportCounts = copyCounts.extend({ scoreEntries: z.number().int(), ballots: z.number().int(), events: z.number().int() });

export const collectStamp = z.object({
  cycleId: id,
  cycleName: z.string(),
  kind: z.enum(['scores', 'tallies']),
  departmentId: id.nullable(),
  departmentName: z.string().nullable(),
  raterGroupId: id.nullable(),
  raterGroupName: z.string().nullable(),
  version: z.number().int(),
});

export const collectChange = z.object({
  /** the place in the workbook, e.g. 一类乡镇!D7 */
  cell: z.string(),
  subjectKey,
  subjectName: z.string(),
  /** the indicator (scores) or the rater group and field (tallies), as the user reads it */
  what: z.string(),
  old: z.string(),
  new: z.string(),
});

const cadreFields = { id: id.optional(), unitId: id, categoryId: id, code: code.optional(), name, post: z.enum(POSTS), title: shortText.optional() };
const departmentFields = { id: id.optional(), name, contact: shortText.optional() };

export const collectChannels = {
  // ---- cadres (领导干部): unit, 正职/副职, title, category ----
  saveCadre: { input: z.strictObject({ cycleId: id, ...cadreFields }), output: cadreRow },
  // an edited sheet of cadres in one transaction; the bad rows are named at once (location rows) and nothing is saved
  saveCadres: { input: z.strictObject({ cycleId: id, rows: z.array(z.strictObject(cadreFields)).min(1, '没有要保存的行').max(2000, '一次最多保存2000行') }), output: z.object({ saved: z.array(cadreRow) }) },
  // with them go their scores, tallies, events, adjustments and results
  deleteCadres: { input: z.strictObject({ ids: ids.min(1, '请至少选择一名干部'), dryRun }), output: deletion },

  // ---- responsible departments (责任单位) ----
  listDepartmentDetails: { input: z.strictObject({ cycleId: id }), output: z.array(departmentDetail) },
  saveDepartment: { input: z.strictObject({ cycleId: id, ...departmentFields }), output: departmentDetail },
  saveDepartments: { input: z.strictObject({ cycleId: id, rows: z.array(z.strictObject(departmentFields)).min(1, '没有要保存的行').max(2000, '一次最多保存2000行') }), output: z.object({ saved: z.array(departmentDetail) }) },
  // refused while indicators name the department, unless clearIndicators: those indicators are left without one
  deleteDepartment: { input: z.strictObject({ id, dryRun, clearIndicators: z.boolean().optional() }), output: deletion },

  // ---- assessment groups (考核组): 组长, 副组长, A/B 岗, their units ----
  listAssessmentGroups: { input: z.strictObject({ cycleId: id }), output: z.array(assessmentGroup) },
  saveAssessmentGroup: {
    input: z.strictObject({
      cycleId: id,
      id: id.optional(),
      name,
      members: z.array(z.strictObject({ name, role: memberRole, affiliation: shortText.optional() })).max(100, '成员不能超过100人'),
      unitIds: ids,
    }),
    output: assessmentGroup,
  },
  deleteAssessmentGroup: { input: z.strictObject({ id, dryRun }), output: deletion },

  // ---- components (考核构成): with one go its indicators and their scores ----
  deleteComponent: { input: z.strictObject({ id, dryRun }), output: deletion },

  // ---- democratic evaluation (民主测评) ----
  listRaterGroups: { input: z.strictObject({ cycleId: id }), output: z.array(raterGroupRow) },
  // a batch checked all at once (every bad row as data, location kind 'rows'), saved in one transaction
  saveBallots: {
    input: z.strictObject({
      ballots: z
        .array(z.strictObject({ subjectKey, raterGroupId: id, expected: count, present: count, valid: count, invalid: count, votes: z.record(z.string().max(20), count) }))
        .min(1, '没有要保存的测评票数')
        .max(10000, '一次最多保存10000条'),
    }),
    output: z.object({ saved: z.number().int(), changed: z.number().int(), recomputed: z.boolean(), warning: z.string().nullable() }),
  },

  // ---- events: 加分, 扣分, 一票否决, 一票否优, 处分, 立案审查, with their evidence ----
  listEventDetails: { input: z.strictObject({ cycleId: id, subjectKey: subjectKey.optional() }), output: z.array(eventDetail) },
  saveEvent: {
    input: z.strictObject({
      cycleId: id,
      id: id.optional(),
      subjectKey,
      kind: z.enum(EVENT_KINDS),
      type: shortText.optional(),
      points: z.number().finite().min(0, '不能为负数').max(1000, '数值过大').optional(),
      reason: z.string().trim().min(1, '不能为空').max(500, '不能超过500个字'),
      evidence: longText.optional(),
      docNumber: shortText.optional(),
      docDate: date.nullable().optional(),
      level: z.string().trim().max(20, '不能超过20个字').optional(),
      issuer: shortText.optional(),
      honourKey: z.string().trim().max(100).nullable().optional(),
      levelRank: z.number().int().min(0).max(100).nullable().optional(),
      occurredOn: date.nullable().optional(),
    }),
    output: eventDetail,
  },
  deleteEvent: { input: z.strictObject({ id, dryRun }), output: deletion },
  // an investigation closed with its outcome no longer holds the grade back
  closeInvestigation: { input: z.strictObject({ id, closedOn: date, outcome: z.string().trim().min(1, '不能为空').max(500, '不能超过500个字') }), output: eventDetail },

  // ---- cycles: details, copy from last year, the diff of two indicator systems ----
  updateCycle: {
    input: z.strictObject({ cycleId: id, name: name.optional(), year: copyInput.year.optional(), organ: z.string().trim().max(100, '不能超过100个字').optional() }),
    output: cycleSummaryOut,
  },
  diffCycles: { input: z.strictObject({ fromCycleId: id, toCycleId: id }), output: cycleDiff },
  // what a copy would hold, and the indicators' diff against the chosen cycle (default: the source's own source)
  previewCopyCycle: { input: z.strictObject({ ...copyInput, compareWithCycleId: id.optional() }), output: z.object({ counts: copyCounts, diff: cycleDiff.nullable() }) },
  // the plan without scores, tallies, events or results, in one transaction
  copyCycle: { input: z.strictObject(copyInput), output: z.object({ cycle: cycleSummaryOut, counts: copyCounts }) },

  // a plan file into a new cycle: parsed in a worker (progress, cancel with jobId), written in one transaction;
  // name: the new year's name instead of the file's (which may already be taken)
  importPlan: {
    input: z.strictObject({ filePath: planFilePath, name: name.optional(), jobId: jobIdSchema.optional() }),
    output: z.object({ cycleId: id, cycle: cycleSummaryOut, counts: planImportCounts, warnings: z.array(z.string()) }),
  },

  // ---- department workbooks (scores) and tally workbooks ----
  writeCollectTemplate: {
    input: z.strictObject({ cycleId: id, kind: z.enum(['scores', 'tallies']), departmentId: id.optional(), raterGroupId: id.optional(), filePath }),
    output: z.object({ filePath: z.string(), sheets: z.array(z.string()), cells: z.number().int() }),
  },
  // cycleId / departmentId: what the caller expects the workbook to be for; another cycle's or department's workbook is refused
  previewCollect: {
    input: z.strictObject({ filePath, cycleId: id.optional(), departmentId: id.optional(), jobId: jobIdSchema.optional() }),
    output: z.object({ stamp: collectStamp, changes: z.array(collectChange), total: z.number().int(), unchanged: z.number().int() }),
  },
  applyCollect: {
    input: z.strictObject({ filePath, cycleId: id.optional(), departmentId: id.optional(), jobId: jobIdSchema.optional() }),
    output: z.object({ stamp: collectStamp, changed: z.number().int(), recomputed: z.boolean(), warning: z.string().nullable() }),
  },

  // ---- the score grid as an .xlsx (the columns the grid shows; department: the grid's filter, by name) ----
  exportScoreGrid: {
    input: z.strictObject({ categoryId: id, componentId: id.optional(), department: z.string().trim().min(1, '不能为空').max(100, '不能超过100个字').optional(), filePath }),
    output: z.object({ filePath: z.string(), rows: z.number().int(), columns: z.number().int() }),
  },
} as const;

export type CollectStamp = z.output<typeof collectStamp>;
export type CollectChange = z.output<typeof collectChange>;
export type Deletion = z.output<typeof deletion>;
export type EventDetail = z.output<typeof eventDetail>;
export type CycleDiff = z.output<typeof cycleDiff>;
export type CopyCounts = z.output<typeof copyCounts>;
export type PlanImportCounts = z.output<typeof planImportCounts>;
export type AssessmentGroupDto = z.output<typeof assessmentGroup>;
