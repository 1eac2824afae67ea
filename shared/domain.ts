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

export const COMPONENT_KINDS = ['indicators', 'democratic', 'routine', 'bonus', 'external'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];
export const COMPONENT_KIND_LABELS: Record<ComponentKind, string> = {
  indicators: '指标计分',
  democratic: '民主测评',
  routine: '平时考核',
  bonus: '加减分',
  external: '引用其他考核结果',
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

export const SANCTION_EFFECTS = ['not_top', 'undetermined', 'undetermined_two_years', 'bottom'] as const;
export type SanctionEffect = (typeof SANCTION_EFFECTS)[number];
export const SANCTION_EFFECT_LABELS: Record<SanctionEffect, string> = {
  not_top: '不得评为优秀',
  undetermined: '当年不确定等次',
  undetermined_two_years: '当年和次年不确定等次',
  bottom: '定为最低等次',
};

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
    // [min, max) ranges; max may be left out for "min and above". Where maxes
    // are given, the ranges must join without gaps or overlaps.
    bands: z.array(z.object({ min: finite, max: finite.optional(), points: finite.nonnegative() })).min(1),
    asFraction: z.boolean().default(false),
  }),
  z.object({
    type: z.literal('interpolation'),
    // levels (A/B/C/D) as thresholds with coefficients: linear between them, clamped outside
    levels: z.array(z.object({ name: z.string().default(''), threshold: finite, coef: finite.min(0).max(2) })).min(2),
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
  interpolation: '插值计分',
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

export const voteRuleSchema = z.object({
  // levels whose votes are added up (counts, not rounded shares), e.g. ['优秀', '称职']
  levels: z.array(z.string().min(1)).min(1),
  op: z.enum(['above', 'below']),
  share: finite.min(0).max(1),
  // what the rule means, e.g. 不称职人选, 不宜提拔, 诫勉
  label: z.string().min(1),
});
export type VoteRule = z.infer<typeof voteRuleSchema>;

/** Stored settings and plan files hold the old object form {unfitLevel, unfitAbove, fitLevels, fitBelow}: read it as two rules. */
function legacyVoteRules(v: unknown): unknown {
  if (v === null) return [];
  if (typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as { unfitLevel?: unknown; unfitAbove?: unknown; fitLevels?: unknown; fitBelow?: unknown };
  if (o.unfitLevel === undefined && o.fitLevels === undefined) return v;
  const out: unknown[] = [];
  if (o.unfitLevel !== undefined) out.push({ levels: [o.unfitLevel], op: 'above', share: o.unfitAbove ?? 1 / 3, label: `${String(o.unfitLevel)}人选` });
  if (o.fitLevels !== undefined) out.push({ levels: o.fitLevels, op: 'below', share: o.fitBelow ?? 2 / 3, label: '诫勉' });
  return out;
}

export const gradeRulesSchema = z.object({
  grades: z.array(z.string().min(1)).min(2),
  topQuotaPercent: finite.min(0).max(100),
  rounding: roundingSchema.default('floor'),
  topMinTotal: finite.optional(),
  // middle grades by bands of the total, best first, e.g. 良好 from 85
  bands: z.array(z.object({ grade: z.string().min(1), minTotal: finite })).default([]),
  // the bottom grade for totals below this
  bottomBelowTotal: finite.optional(),
  // the top grade also needs this component (by code) at or above a minimum
  topMinComponent: z.object({ component: z.string().min(1), min: finite }).optional(),
  // at least this share gets the bottom grade (where the plan says so)
  bottomQuotaPercent: finite.min(0).max(100).optional(),
  // vote-share rules of democratic evaluation, reported as flags, several at once
  // (不称职 > ⅓ → 不称职人选; 优秀 < ½ → 不宜提拔; 优秀+称职 < ⅔ → 诫勉)
  voteRules: z.preprocess(legacyVoteRules, z.array(voteRuleSchema)).default([]),
  // a component (by code) below a threshold raises a flag, e.g. 政治素质 < 80 → 重点考察
  componentFlags: z.array(z.object({ component: z.string().min(1), below: finite, label: z.string().min(1) })).default([]),
  // subjects still tied across a quota boundary after the tie-breaks: the committee decides, or all get the grade
  tieAtQuota: z.enum(['committee', 'all']).default('committee'),
  // whether subjects already at the bottom grade by veto or sanction count towards bottomQuotaPercent
  bottomQuotaCountsForced: z.boolean().default(true),
  // sanction type (警告, 记过, 撤职…) → its effect; the heaviest wins
  sanctions: z.record(z.string(), z.enum(['not_top', 'undetermined', 'undetermined_two_years', 'bottom'])).default({}),
  // cadres: compare within the whole category (heads) or within their unit's team (deputies)
  compareWithin: z.enum(['category', 'unit']).default('category'),
  // cadres: the top-grade quota in percent by their unit's final grade (三个挂钩)
  linkage: z.record(z.string(), finite.min(0).max(100)).optional(),
  // the order of components (by code) that breaks ties of the total
  tieBreak: z.array(z.string().min(1)).default([]),
});
export type GradeRules = z.infer<typeof gradeRulesSchema>;

export const DEFAULT_UNIT_GRADE_RULES: GradeRules = {
  grades: [...UNIT_GRADES],
  topQuotaPercent: 20,
  rounding: 'floor',
  topMinTotal: 85,
  bands: [{ grade: '良好', minTotal: 80 }],
  bottomBelowTotal: 60,
  voteRules: [],
  componentFlags: [],
  tieAtQuota: 'committee',
  bottomQuotaCountsForced: true,
  sanctions: {},
  compareWithin: 'category',
  tieBreak: [],
};
export const DEFAULT_CADRE_GRADE_RULES: GradeRules = {
  grades: [...CADRE_GRADES],
  topQuotaPercent: 20,
  rounding: 'floor',
  topMinTotal: 85,
  bands: [{ grade: '称职', minTotal: 70 }],
  bottomBelowTotal: 60,
  voteRules: [
    { levels: ['不称职'], op: 'above', share: 1 / 3, label: '不称职人选' },
    { levels: ['优秀'], op: 'below', share: 1 / 2, label: '不宜提拔' },
    { levels: ['优秀', '称职'], op: 'below', share: 2 / 3, label: '诫勉' },
  ],
  componentFlags: [],
  tieAtQuota: 'committee',
  bottomQuotaCountsForced: true,
  sanctions: { 警告: 'not_top', 严重警告: 'undetermined', 记过: 'undetermined', 记大过: 'undetermined_two_years', 撤职: 'bottom' },
  compareWithin: 'category',
  tieBreak: [],
};

export const categorySettingsSchema = z.object({
  bonus: bonusRulesSchema.default({ kindCaps: {} }),
  grading: gradeRulesSchema,
  decimals: z.number().int().min(0).max(4).default(2),
  // 100 × total / best of the category
  normalizeToBest: z.boolean().default(false),
  // 乘数计分法: total = base × (factor / reference) + the other components
  multiplier: z.object({ base: z.string().min(1), factor: z.string().min(1), reference: finite.positive() }).optional(),
  // spread check (分差): flag indicators whose (max − min) / full is below this
  minSpread: finite.min(0).max(1).default(0.3),
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
