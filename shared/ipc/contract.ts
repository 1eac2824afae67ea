// The one IPC contract: every channel with the schema of its input and of its
// output. Channel names and TypeScript types are derived from this object;
// nothing else declares a channel.
import { z } from 'zod';
import {
  COMPONENT_KINDS,
  CYCLE_STATUSES,
  EVENT_KINDS,
  SUBJECT_KINDS,
  categorySettingsSchema,
  evalLevelSchema,
  methodSchema,
} from '../domain.ts';
import { securityChannels } from './contract-security.ts';
import { documentChannels, documentRow } from './contract-documents.ts';
import { cadreRow, collectChannels } from './contract-collect.ts';
import { jobIdSchema, shellChannels } from './contract-shell.ts';

export { jobIdSchema };

const id = z.number().int().positive();
const name = z.string().trim().min(1, '不能为空').max(100, '不能超过100个字');
const code = z.string().trim().min(1, '不能为空').max(40, '不能超过40个字符');
const subjectKey = z.string().regex(/^(unit|cadre):\d+$/, '被考核对象编号格式应为 unit:数字 或 cadre:数字');
const points = z.number().finite().min(0, '不能为负数').max(100000, '数值过大');
const reason = z.string().trim().max(500, '不能超过500个字');
const grade = z.string().trim().min(1).max(20);
/** a list of ids from a selection: bounded, so a request cannot be made arbitrarily large */
const ids = z.array(id).max(10000, '一次最多选择10000项');
const subjectKind = z.enum(SUBJECT_KINDS);

// ---- shared shapes ------------------------------------------------------------

export const cycleSummary = z.object({
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

export const category = z.object({
  id,
  cycleId: id,
  kind: subjectKind,
  name: z.string(),
  difficulty: z.number(),
  sortOrder: z.number().int(),
  settings: categorySettingsSchema,
  memberCount: z.number().int(),
});

export const component = z.object({
  id,
  categoryId: id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(COMPONENT_KINDS),
  weight: z.number().nullable(),
  fullPoints: z.number(),
  normalizeTo100: z.boolean(),
  applyDifficulty: z.boolean(),
  evalLevels: z.array(evalLevelSchema),
  sortOrder: z.number().int(),
});

export const unit = z.object({
  id,
  cycleId: id,
  categoryId: id,
  categoryName: z.string(),
  code: z.string(),
  name: z.string(),
  sortOrder: z.number().int(),
  cadreCount: z.number().int(),
});

// the cadre's shape is declared with the collection channels that write it
export const cadre = cadreRow;

export const indicator = z.object({
  id,
  categoryId: id,
  componentId: id,
  componentName: z.string(),
  parentId: id.nullable(),
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  fullPoints: z.number(),
  method: methodSchema.nullable(),
  departmentId: id.nullable(),
  departmentName: z.string().nullable(),
  description: z.string(),
  sortOrder: z.number().int(),
  isLeaf: z.boolean(),
});

export const department = z.object({ id, name: z.string() });

export const matrixSubject = z.object({ key: subjectKey, id, code: z.string(), name: z.string() });
export const matrixCell = z.object({ subjectKey, indicatorId: id, value: z.number().nullable(), text: z.string().nullable() });

const leafTrace = z.object({
  indicatorId: id,
  code: z.string(),
  path: z.array(z.string()),
  method: z.string(),
  inputs: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  raw: z.number().nullable(),
  score: z.number(),
  full: z.number(),
  lost: z.number(),
  note: z.string(),
  missing: z.boolean(),
});
const nodeTrace = z.object({ indicatorId: id, code: z.string(), name: z.string(), parentId: id.nullable(), level: z.number().int(), full: z.number(), score: z.number() });
const democraticTrace = z.object({
  groups: z.array(z.object({ raterGroupId: id, name: z.string(), weight: z.number(), valid: z.number(), groupScore: z.number(), votes: z.record(z.string(), z.number()) })),
  shares: z.record(z.string(), z.number()),
  validVotes: z.number(),
});
const bonusTrace = z.object({ eventId: id, kind: z.enum(['bonus', 'deduction']), type: z.string(), points: z.number(), counted: z.number(), reason: z.string(), note: z.string() });
export const componentTrace = z.object({
  componentId: id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(COMPONENT_KINDS),
  raw: z.number(),
  full: z.number(),
  scaled: z.number(),
  weight: z.number().nullable(),
  difficulty: z.number(),
  contribution: z.number(),
  note: z.string(),
  leaves: z.array(leafTrace).optional(),
  nodes: z.array(nodeTrace).optional(),
  democratic: democraticTrace.optional(),
  bonus: z.array(bonusTrace).optional(),
});

export const resultRow = z.object({
  subjectKey,
  kind: subjectKind,
  id,
  code: z.string(),
  name: z.string(),
  unitName: z.string().nullable(),
  categoryId: id,
  categoryName: z.string(),
  total: z.number(),
  rank: z.number().int(),
  rankOf: z.number().int(),
  components: z.array(z.object({ componentId: id, name: z.string(), contribution: z.number() })),
  computedGrade: z.string(),
  gradeRule: z.string(),
  gradeNote: z.string(),
  finalGrade: z.string(),
  adjustment: z.object({ toGrade: z.string(), reason: z.string(), decidedAt: z.string() }).nullable(),
  /** the engine's flags, each with its code and the one Chinese rendering */
  flags: z.array(z.object({ code: z.string(), text: z.string() })),
  /** what vetoes, sanctions and investigations allowed, as the engine decided it */
  restriction: z.object({ kind: z.enum(['forced', 'not_top']), grade: z.string().nullable(), rule: z.string(), reason: z.string() }).nullable(),
  /** the comparison group: 'all' or the unit whose team the deputy is compared in */
  groupKey: z.string(),
  /** computed from inputs that have changed since (the recompute did not finish): not current */
  stale: z.boolean(),
});

const quotaDecision = z.object({
  grade: z.string(),
  places: z.number().int(),
  basis: z.enum(['percent', 'linkage']),
  percent: z.number(),
  exact: z.number(),
  rounding: z.enum(['floor', 'round', 'ceil']),
  given: z.number().int(),
  note: z.string(),
});
export const groupQuota = z.object({
  categoryId: id,
  groupKey: z.string(),
  /** the category, or the unit whose team it is */
  groupName: z.string(),
  size: z.number().int(),
  top: quotaDecision,
  bottom: quotaDecision.nullable(),
  tiedAtBoundary: z.array(z.object({ key: subjectKey, name: z.string() })),
  stale: z.boolean(),
});

export const categoryResultState = z.object({
  categoryId: id,
  categoryName: z.string(),
  kind: subjectKind,
  /** none: never computed; stale: inputs changed since; current: results match the data */
  state: z.enum(['none', 'stale', 'current']),
  computedAt: z.string().nullable(),
});

export const auditRow = z.object({
  id,
  at: z.string(),
  userName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityKey: z.string().nullable(),
  field: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  cycleId: id.nullable(),
  detail: z.string(),
});

export const eventRow = z.object({
  id,
  subjectKey,
  subjectName: z.string(),
  kind: z.enum(EVENT_KINDS),
  type: z.string(),
  points: z.number(),
  reason: z.string(),
  evidence: z.string(),
  occurredOn: z.string().nullable(),
});

export const ballotRow = z.object({
  subjectKey,
  subjectName: z.string(),
  raterGroupId: id,
  raterGroupName: z.string(),
  expected: z.number().int(),
  present: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  votes: z.record(z.string(), z.number()),
});

export { documentRow };

export const checkItem = z.object({
  /** stable code of the check, e.g. spread, points_sum, missing */
  code: z.string(),
  /** the figures behind the message */
  figures: z.record(z.string(), z.union([z.number(), z.string()])),
  kind: z.enum(['spread', 'points', 'weights', 'missing']),
  severity: z.enum(['error', 'warning']),
  categoryId: id,
  categoryName: z.string(),
  indicatorId: id.nullable(),
  indicatorCode: z.string().nullable(),
  indicatorName: z.string().nullable(),
  departmentName: z.string().nullable(),
  subjects: z.array(z.object({ key: subjectKey, name: z.string() })),
  message: z.string(),
});

const nothing = z.strictObject({});
const byCycle = z.strictObject({ cycleId: id });
const byCategory = z.strictObject({ categoryId: id });

// ---- the channels ------------------------------------------------------------

export const contract = {
  appInfo: {
    input: nothing,
    output: z.object({ version: z.string(), dbFile: z.string(), userName: z.string(), host: z.enum(['electron', 'chromium', 'test']), documentsDir: z.string() }),
  },
  listCycles: { input: nothing, output: z.array(cycleSummary) },
  createCycle: {
    input: z.strictObject({ name, year: z.number().int().min(2000, '年度应在2000年以后').max(2100, '年度不应晚于2100年'), organ: z.string().max(100).optional() }),
    output: cycleSummary,
  },
  loadDemo: { input: nothing, output: cycleSummary },
  // going back from published needs a reason; every change of status is recorded
  setCycleStatus: { input: z.strictObject({ cycleId: id, status: z.enum(CYCLE_STATUSES), reason: reason.optional() }), output: cycleSummary },

  listCategories: { input: byCycle, output: z.array(category) },
  createCategory: {
    input: z.strictObject({ cycleId: id, kind: subjectKind, name, difficulty: z.number().finite().positive('难度系数应大于0').max(5, '难度系数不应大于5').optional() }),
    output: category,
  },
  updateCategory: {
    input: z.strictObject({ id, name: name.optional(), difficulty: z.number().finite().positive('难度系数应大于0').max(5).optional(), settings: categorySettingsSchema.optional() }),
    output: category,
  },
  listComponents: { input: byCategory, output: z.array(component) },
  saveComponent: {
    input: z.strictObject({
      categoryId: id,
      id: id.optional(),
      code,
      name,
      kind: z.enum(COMPONENT_KINDS),
      weight: z.number().finite().min(0).max(100).nullable(),
      fullPoints: points,
      normalizeTo100: z.boolean(),
      applyDifficulty: z.boolean(),
    }),
    output: component,
  },

  listUnits: { input: z.strictObject({ cycleId: id, categoryId: id.optional() }), output: z.array(unit) },
  saveUnit: { input: z.strictObject({ cycleId: id, id: id.optional(), categoryId: id, code: code.optional(), name }), output: unit },
  deleteUnits: { input: z.strictObject({ ids: ids.min(1, '请至少选择一个单位') }), output: z.object({ deleted: z.number().int() }) },
  listCadres: { input: z.strictObject({ cycleId: id, unitId: id.optional() }), output: z.array(cadre) },
  listDepartments: { input: byCycle, output: z.array(department) },

  listIndicators: { input: byCategory, output: z.object({ indicators: z.array(indicator), checks: z.array(z.string()) }) },
  saveIndicator: {
    input: z.strictObject({
      categoryId: id,
      id: id.optional(),
      parentId: id.nullable(),
      componentId: id.optional(),
      code: code.optional(),
      name,
      fullPoints: points,
      method: methodSchema.nullable().optional(),
      departmentId: id.nullable().optional(),
      description: z.string().max(2000).optional(),
    }),
    output: indicator,
  },
  deleteIndicator: { input: z.strictObject({ id }), output: z.object({ deleted: z.number().int() }) },

  getScoreMatrix: {
    input: z.strictObject({ categoryId: id, componentId: id.optional() }),
    output: z.object({ indicators: z.array(indicator), subjects: z.array(matrixSubject), cells: z.array(matrixCell) }),
  },
  setScores: {
    input: z.strictObject({
      cells: z
        // text: a letter grade, or a 扣分制 cell's occurrences (“迟报扣1分；漏报扣0.5分”)
        .array(z.strictObject({ indicatorId: id, subjectKey, value: z.number().finite().nullable(), text: z.string().max(500).nullable().optional() }))
        .min(1, '没有要保存的分数')
        .max(200000, '一次保存的单元格过多'),
      // a bulk save runs in a worker and can be followed and cancelled (contract-shell.ts)
      jobId: jobIdSchema.optional(),
    }),
    // saving recomputes what depends on the cells where results exist
    output: z.object({ saved: z.number().int(), recomputed: z.boolean(), warning: z.string().nullable() }),
  },
  listBallots: { input: byCategory, output: z.array(ballotRow) },
  listEvents: { input: byCycle, output: z.array(eventRow) },

  computeCycle: {
    input: z.strictObject({ cycleId: id, jobId: jobIdSchema.optional() }),
    output: z.object({ subjects: z.number().int(), categories: z.number().int(), computedAt: z.string(), missingCells: z.number().int() }),
  },
  // spread (分差), points and weight sums, missing data by responsible department
  listChecks: { input: z.strictObject({ cycleId: id, categoryId: id.optional() }), output: z.array(checkItem) },
  listResults: { input: z.strictObject({ cycleId: id, categoryId: id.optional() }), output: z.array(resultRow) },
  // the quota of each comparison group as the engine decided and stored it
  listQuotas: { input: z.strictObject({ cycleId: id, categoryId: id }), output: z.array(groupQuota) },
  // per category: computed, current or stale
  resultsState: { input: byCycle, output: z.array(categoryResultState) },
  getResultDetail: {
    input: z.strictObject({ cycleId: id, subjectKey }),
    output: z.object({ row: resultRow, components: z.array(componentTrace), totalNote: z.string(), stale: z.boolean() }),
  },
  adjustGrade: {
    input: z.strictObject({ cycleId: id, subjectKey, toGrade: grade, reason: reason.pipe(z.string().min(4, '调整理由至少4个字')) }),
    output: z.object({ row: resultRow, warnings: z.array(z.string()) }),
  },

  generateFeedbackLetter: { input: z.strictObject({ cycleId: id, unitId: id }), output: documentRow },
  listDocuments: { input: byCycle, output: z.array(documentRow) },

  // the audit trail: one row per changed field, with old and new values
  listAudit: {
    input: z.strictObject({ cycleId: id.optional(), entity: z.string().max(40).optional(), limit: z.number().int().min(1).max(5000).default(500) }),
    output: z.array(auditRow),
  },
  ...securityChannels,
  ...documentChannels,
  ...collectChannels,
  ...shellChannels,
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends Channel> = z.output<Contract[C]['input']>;
export type OutputOf<C extends Channel> = z.output<Contract[C]['output']>;
export const CHANNELS = Object.keys(contract) as Channel[];

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(contract, x);
}

export type CycleSummary = z.output<typeof cycleSummary>;
export type Category = z.output<typeof category>;
export type Component = z.output<typeof component>;
export type Unit = z.output<typeof unit>;
export type Cadre = z.output<typeof cadre>;
export type Indicator = z.output<typeof indicator>;
export type ResultRow = z.output<typeof resultRow>;
export type ComponentTraceDto = z.output<typeof componentTrace>;
export type DocumentRow = z.output<typeof documentRow>;
export type EventRow = z.output<typeof eventRow>;
export type BallotRow = z.output<typeof ballotRow>;
export type CheckItemDto = z.output<typeof checkItem>;
export type GroupQuotaDto = z.output<typeof groupQuota>;
export type CategoryResultState = z.output<typeof categoryResultState>;
export type AuditRow = z.output<typeof auditRow>;
