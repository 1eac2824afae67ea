// Domain vocabulary shared by both processes. Names are English; the labels a
// user sees are in LABELS below. See ../shared/domain.md (outside the repo).
import { z } from 'zod';

export const SUBJECT_KINDS = ['unit', 'cadre'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const CYCLE_STATUSES = ['draft', 'collecting', 'grading', 'published', 'archived'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];
export const CYCLE_STATUS_LABELS: Record<CycleStatus, string> = {
  draft: '编制中',
  collecting: '采集中',
  grading: '评定中',
  published: '已发布',
  archived: '已归档',
};

export const POSTS = ['head', 'deputy'] as const;
export type Post = (typeof POSTS)[number];
export const POST_LABELS: Record<Post, string> = { head: '正职', deputy: '副职' };

export const COMPONENT_KINDS = ['indicators', 'democratic', 'routine', 'bonus'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];
export const COMPONENT_KIND_LABELS: Record<ComponentKind, string> = {
  indicators: '指标计分',
  democratic: '民主测评',
  routine: '平时考核',
  bonus: '加减分',
};

export const EVENT_KINDS = ['bonus', 'deduction', 'veto', 'veto_top', 'sanction', 'investigation'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  bonus: '加分',
  deduction: '扣分',
  veto: '一票否决',
  veto_top: '一票否优',
  sanction: '处分',
  investigation: '立案审查',
};

export const UNIT_GRADES = ['优秀', '良好', '一般', '较差'] as const;
export const CADRE_GRADES = ['优秀', '称职', '基本称职', '不称职'] as const;
export const UNDETERMINED_GRADE = '不确定等次';

// ---- scoring methods of a leaf indicator -------------------------------

export const roundingSchema = z.enum(['floor', 'round', 'ceil']);
export type Rounding = z.infer<typeof roundingSchema>;

const finite = z.number().finite();

export const methodSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('direct') }),
  z.object({
    type: z.literal('completion'),
    target: finite.positive(),
    cap: finite.positive().default(1),
    lowerIsBetter: z.boolean().default(false),
  }),
  z.object({ type: z.literal('ratioToBest'), lowerIsBetter: z.boolean().default(false) }),
  z.object({
    type: z.literal('rank'),
    step: finite.nonnegative().default(1),
    min: finite.nonnegative().default(0),
    table: z.array(finite.nonnegative()).optional(),
    fromBottom: z.boolean().default(false),
    lowerIsBetter: z.boolean().default(false),
  }),
  z.object({
    type: z.literal('steps'),
    threshold: finite,
    unit: finite.positive(),
    rate: finite.nonnegative(),
    direction: z.enum(['deductBelow', 'deductAbove', 'addAbove']),
    wholeSteps: z.boolean().default(false),
    base: finite.nonnegative().optional(),
    excessCap: finite.nonnegative().default(0),
  }),
  z.object({
    type: z.literal('bands'),
    bands: z.array(z.object({ min: finite, points: finite.nonnegative() })).min(1),
    asFraction: z.boolean().default(false),
  }),
  z.object({
    type: z.literal('letter'),
    letters: z.array(z.object({ letter: z.string().min(1), fraction: finite.min(0).max(1) })).min(1),
  }),
  z.object({ type: z.literal('deduction') }),
]);
export type Method = z.infer<typeof methodSchema>;
export type MethodType = Method['type'];
export const METHOD_LABELS: Record<MethodType, string> = {
  direct: '直接评分',
  completion: '完成率',
  ratioToBest: '标杆比较',
  rank: '位次赋分',
  steps: '每…扣/加…分',
  bands: '区间赋分',
  letter: '定性等级',
  deduction: '扣分制',
};

// ---- democratic evaluation ------------------------------------------------

export const evalLevelSchema = z.object({ name: z.string().min(1), coef: finite.min(0).max(1) });
export type EvalLevel = z.infer<typeof evalLevelSchema>;
export const DEFAULT_UNIT_EVAL_LEVELS: EvalLevel[] = [
  { name: '好', coef: 1 },
  { name: '较好', coef: 0.8 },
  { name: '一般', coef: 0.6 },
  { name: '差', coef: 0 },
];
export const DEFAULT_CADRE_EVAL_LEVELS: EvalLevel[] = [
  { name: '优秀', coef: 1 },
  { name: '称职', coef: 0.8 },
  { name: '基本称职', coef: 0.6 },
  { name: '不称职', coef: 0 },
];

// ---- category settings (components, bonus caps, grading) -----------------

export const bonusRulesSchema = z.object({
  // cap per bonus kind, e.g. { 荣誉表彰: 5, 排名通报: 15 }
  kindCaps: z.record(z.string(), finite.nonnegative()).default({}),
  totalCap: finite.nonnegative().optional(),
  deductionCap: finite.nonnegative().optional(),
});
export type BonusRules = z.infer<typeof bonusRulesSchema>;

export const gradeRulesSchema = z.object({
  grades: z.array(z.string().min(1)).min(2),
  topQuotaPercent: finite.min(0).max(100),
  rounding: roundingSchema.default('floor'),
  topMinTotal: finite.optional(),
  // middle grades by bands of the total, best first, e.g. 良好 from 85
  bands: z.array(z.object({ grade: z.string().min(1), minTotal: finite })).default([]),
  // the bottom grade for totals below this
  bottomBelowTotal: finite.optional(),
});
export type GradeRules = z.infer<typeof gradeRulesSchema>;

export const DEFAULT_UNIT_GRADE_RULES: GradeRules = {
  grades: [...UNIT_GRADES],
  topQuotaPercent: 20,
  rounding: 'floor',
  topMinTotal: 85,
  bands: [{ grade: '良好', minTotal: 80 }],
  bottomBelowTotal: 60,
};
export const DEFAULT_CADRE_GRADE_RULES: GradeRules = {
  grades: [...CADRE_GRADES],
  topQuotaPercent: 20,
  rounding: 'floor',
  topMinTotal: 85,
  bands: [{ grade: '称职', minTotal: 70 }],
  bottomBelowTotal: 60,
};

export const categorySettingsSchema = z.object({
  bonus: bonusRulesSchema.default({ kindCaps: {} }),
  grading: gradeRulesSchema,
  decimals: z.number().int().min(0).max(4).default(2),
});
export type CategorySettings = z.infer<typeof categorySettingsSchema>;

// Stable key of an assessed subject across both kinds: "unit:12", "cadre:7".
export type SubjectKey = `${SubjectKind}:${number}`;
export function subjectKey(kind: SubjectKind, id: number): SubjectKey {
  return `${kind}:${id}`;
}
export function parseSubjectKey(key: string): { kind: SubjectKind; id: number } | null {
  const m = /^(unit|cadre):(\d+)$/.exec(key);
  return m ? { kind: m[1] as SubjectKind, id: Number(m[2]) } : null;
}
