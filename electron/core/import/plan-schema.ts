// The plan format (考核方案文件): a whole year's plan with its data, written
// by hand as JSON (or read from an .xlsx workbook into the same object) and
// imported by `importPlan`. Defined once here; docs/plan.schema.json is
// generated from it (write-json-schema.ts) and docs/plan-format.md describes it.
//
// References are by code or name, never by database id: a unit names its
// category, a score names its unit and indicator codes, a ballot its rater
// group. Category settings are partial: what is left out takes the defaults
// of the category's kind (services/plan.ts `defaultSettings`).
import { z } from 'zod';
import {
  COMPONENT_KINDS,
  CYCLE_STATUSES,
  EVENT_KINDS,
  POSTS,
  SUBJECT_KINDS,
  bonusRulesSchema,
  categorySettingsSchema,
  evalLevelSchema,
  gradeRulesSchema,
  methodSchema,
  type BonusRules,
  type CategorySettings,
  type GradeRules,
  type Method,
} from '../../../shared/domain.ts';

export const PLAN_FORMAT_VERSION = 1;

const name = z.string().trim().min(1).max(100);
const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^\S+$/, { message: '代码中不能有空格' });
const text = z.string().max(2000);
const finite = z.number().finite();
const nonNegative = finite.min(0);
const count = z.number().int().min(0);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD，如 2025-06-30' });

// ---- scoring methods: the domain's schema, strict (a misspelt parameter is an error, not ignored) ----

const METHOD_DOCS: Record<Method['type'], string> = {
  direct: '直接评分：责任单位直接给出的分数，应在 0 到分值之间。无参数。',
  completion: '完成率：得分 = 分值 × min(实际值 ÷ target, cap)；lowerIsBetter 为 true 时用 target ÷ 实际值。参数 target 目标值（必填，>0），cap 上限（默认 1，1.2 表示最多按 120% 计），lowerIsBetter（默认 false）。',
  ratioToBest: '标杆比较：得分 = 分值 × 实际值 ÷ 类别内最好值（lowerIsBetter 为 true 时最好值为最低值，得分 = 分值 × 最好值 ÷ 实际值）。参数 lowerIsBetter（默认 false）。',
  rank: '位次赋分：类别内排名，得分 = 分值 − (名次 − 1) × step，不低于 min；或按 table 给出第1、2、3…名的分数。并列取较好名次。参数 step（默认 1），min（默认 0），table（可选），fromBottom 从末位起算（默认 false），lowerIsBetter 数值越低名次越好（默认 false）。',
  steps: '每…扣/加…分（如“每低于目标1个百分点扣0.5分”）：计分单位数 = 差距 ÷ unit，得分 = 基础分 ∓ 单位数 × rate，限定在 0 到 分值 + excessCap。参数 threshold 标准值，unit 每多少算一个单位（>0），rate 每单位扣/加的分数，direction：deductBelow 低于标准扣分 / deductAbove 超过标准扣分 / addAbove 超过标准加分；wholeSteps 只按整单位计（默认 false），base 基础分（默认：扣分时为分值，加分时为 0），excessCap 允许超出分值的加分（默认 0）。',
  bands: '区间赋分：bands 为分档 [{ min, max, points }]，落在 [min, max) 的得 points 分（max 省略表示“min 及以上”）；asFraction 为 true 时 points 是分值的比例（0–1）。各档应首尾相接。',
  interpolation: '插值计分：levels 为档位 [{ name, threshold, coef }]，阈值单调递增或递减；两档之间按线性插值取系数，超出两端取端点系数；得分 = 分值 × 系数。',
  letter: '定性等级：letters 为 [{ letter, fraction }]，如 好 1 / 较好 0.85 / 一般 0.7 / 差 0.5；得分 = 分值 × 比例。得分处填写等级文字。',
  deduction: '扣分制：得分 = 分值 − 各扣分事项之和，扣完为止，不倒扣。得分处填写扣分事项列表（或“事由扣X分；事由扣Y分”）。无参数。',
};

const methodOptions = methodSchema.options.map((o: z.ZodObject) => {
  const type = (o.shape.type as z.ZodLiteral<Method['type']>).value;
  return o.strict().describe(METHOD_DOCS[type]);
});

/** A leaf indicator's scoring method; left out, a leaf is scored directly (direct). */
export const planMethodSchema = z
  .discriminatedUnion('type', methodOptions as unknown as [z.ZodObject, ...z.ZodObject[]])
  .describe('末级指标的计分方法，type 为方法名，其余为参数。省略时为直接评分（direct）。') as unknown as z.ZodType<Method, z.input<typeof methodSchema>>;

// ---- the indicator tree, nested ------------------------------------------------------------------

export interface IndicatorNode {
  code?: string;
  name: string;
  points: number;
  method?: Method;
  department?: string;
  description?: string;
  children?: IndicatorNode[];
}

export interface IndicatorNodeInput {
  code?: string;
  name: string;
  points: number;
  method?: z.input<typeof methodSchema>;
  department?: string;
  description?: string;
  children?: IndicatorNodeInput[];
}

export const indicatorNodeSchema: z.ZodType<IndicatorNode, IndicatorNodeInput> = z
  .strictObject({
    code: code.optional().describe('指标编号；省略时按位置生成：1、1.1、1.1.1（上级编号 + “.” + 序号）'),
    name: name.describe('指标名称'),
    points: nonNegative.describe('分值（满分）'),
    method: planMethodSchema.optional(),
    department: name.optional().describe('责任单位（牵头单位）名称，须在 departments 中列出'),
    description: text.optional().describe('评分标准（原文），如“每低于目标1个百分点扣0.5分”'),
    get children() {
      return z.array(indicatorNodeSchema).optional().describe('下级指标；有下级的指标得分为下级之和，不设计分方法');
    },
  })
  .meta({ id: 'IndicatorNode', description: '一个指标（一级/二级/三级）。有 children 的是上级指标，没有的是末级指标（计分）。' });

// ---- category settings, partial ----------------------------------------------------------------

const SETTING_DOCS: Record<string, string> = {
  bonus: '加减分规则',
  kindCaps: '各类加分的上限，如 { "荣誉表彰": 3, "争先创优": 2 }',
  totalCap: '加分总上限（null 表示不设）',
  deductionCap: '扣分上限（null 表示不设）',
  grading: '等次评定规则；未写的项取默认值（单位：优秀/良好/一般/较差，干部：优秀/称职/基本称职/不称职）',
  grades: '等次名称，从高到低',
  topQuotaPercent: '第一等次（优秀）名额比例，%',
  rounding: '名额取整：floor 向下取整 / round 四舍五入 / ceil 向上取整',
  topMinTotal: '评为第一等次的最低总分（null 表示不设）',
  bands: '中间等次的分数线，如 [{ "grade": "良好", "minTotal": 80 }]',
  bottomBelowTotal: '总分低于此分定为最低等次（null 表示不设）',
  topMinComponent: '第一等次还要求某考核构成（按代码）达到的分数，如 { "component": "DJ", "min": 90 }',
  bottomQuotaPercent: '最低等次不少于的比例，%（null 表示不设）',
  voteRules: '民主测评票数规则（只作标记），可多条：[{ levels, op: above|below, share, label }]，如 不称职 above 1/3 → 不称职人选',
  sanctions: '处分类别 → 影响：not_top 不得评为优秀 / undetermined 当年不确定等次 / undetermined_two_years 当年和次年不确定等次 / bottom 定为最低等次',
  compareWithin: '干部的比较范围：category 全类别 / unit 本单位班子内',
  linkage: '干部优秀比例与所在单位等次挂钩，如 { "优秀": 20, "良好": 15 }',
  tieBreak: '总分相同时依次比较的考核构成代码',
  decimals: '显示的小数位数',
  normalizeToBest: '按类别最高分折算总分：100 × 总分 ÷ 最高分',
  multiplier: '乘数计分法：总分 = base 构成 × (factor 构成得分 ÷ reference) + 其他构成，如 { "base": "FZ", "factor": "DJ", "reference": 80 }',
  minSpread: '分差检查：同一指标 (最高 − 最低) ÷ 分值 低于此比例时提示（0–1）',
};

/** The same settings with every key optional and no defaults, so that a plan's settings can be merged over the kind's defaults. */
function partialOf(shape: Record<string, z.ZodType>, nested: Record<string, z.ZodType> = {}): z.ZodObject {
  const out: Record<string, z.ZodType> = {};
  for (const [key, s] of Object.entries(shape)) {
    let inner: z.ZodType = nested[key] ?? s;
    let optional = false;
    if (inner instanceof z.ZodDefault) inner = inner.unwrap() as z.ZodType;
    if (inner instanceof z.ZodOptional) {
      inner = inner.unwrap() as z.ZodType;
      optional = true;
    }
    const doc = SETTING_DOCS[key];
    const field = optional ? inner.nullable().optional() : inner.optional();
    out[key] = doc ? field.describe(doc) : field;
  }
  return z.strictObject(out);
}

type Loose<T> = { [K in keyof T]?: T[K] | null };
/** Settings as a plan writes them: any key may be left out; null removes an optional default (e.g. no minimum total). */
export type PartialSettings = Loose<Omit<CategorySettings, 'bonus' | 'grading'>> & { bonus?: Loose<BonusRules>; grading?: Loose<GradeRules> };

export const partialSettingsSchema = partialOf(categorySettingsSchema.shape, {
  bonus: partialOf(bonusRulesSchema.shape),
  grading: partialOf(gradeRulesSchema.shape),
}).describe('类别的计分与等次设置，只写与默认值不同的项') as unknown as z.ZodType<PartialSettings, PartialSettings>;

// ---- components ------------------------------------------------------------------------------------

export const componentSchema = z
  .strictObject({
    code: code.describe('构成代码，类别内唯一，如 SJ、MZ、PS、JJ'),
    name: name.describe('构成名称，如 实绩考核、民主测评'),
    kind: z.enum(COMPONENT_KINDS).describe('indicators 指标计分 / democratic 民主测评 / routine 平时考核（也是指标树） / bonus 加减分 / external 引用其他考核结果'),
    weight: finite.min(0).max(100).nullable().optional().describe('权重，%；各加权构成合计应为 100。省略或 null 表示得分直接计入总分（加减分总是直接计入）'),
    fullPoints: finite.positive().optional().describe('本构成满分（民主测评、引用结果用；指标计分的满分是指标树一级指标之和）。默认 100'),
    normalizeTo100: z.boolean().optional().describe('先折算为百分制再乘权重（默认 false）'),
    applyDifficulty: z.boolean().optional().describe('乘以类别的难度系数（默认 false）'),
    evalLevels: z.array(evalLevelSchema).min(1).optional().describe('民主测评的等次及系数；默认单位 好1/较好0.8/一般0.6/差0，干部 优秀1/称职0.8/基本称职0.6/不称职0'),
    source: z
      .strictObject({
        cycle: name.describe('数据库中已有的考核年度名称（同名时取最新的一个）'),
        component: code.optional().describe('引用其中某个构成（按代码）的百分制得分；省略时引用总分'),
        label: text.optional().describe('说明，如“2025年度综合考核总分”'),
      })
      .optional()
      .describe('引用其他考核结果（kind 为 external 时必填），按单位/干部代码对应'),
    codePrefix: z.string().max(20).optional().describe('自动生成指标编号的前缀；默认类别第一个有指标树的构成为空，其余为“构成代码-”'),
    indicators: z.array(indicatorNodeSchema).optional().describe('指标树（仅 indicators、routine 类型）'),
  })
  .describe('考核构成：总分的一个组成部分');

export const categorySchema = z
  .strictObject({
    name: name.describe('类别名称，如 一类乡镇、县直部门、乡镇党政正职'),
    kind: z.enum(SUBJECT_KINDS).describe('unit 单位（领导班子） / cadre 干部'),
    difficulty: finite.positive().optional().describe('难度系数（默认 1），只作用于 applyDifficulty 的构成'),
    settings: partialSettingsSchema.optional(),
    components: z.array(componentSchema).min(1).describe('考核构成及各自的指标树'),
  })
  .describe('考核类别：在类别内排名、评定等次');

// ---- subjects, groups ----------------------------------------------------------------------------------

export const unitSchema = z.strictObject({
  code: code.describe('单位代码，全方案唯一（不能与干部代码相同）'),
  name: name.describe('单位名称'),
  category: name.describe('考核类别名称（单位类别）'),
});

export const cadreSchema = z.strictObject({
  code: code.describe('干部代码，全方案唯一（不能与单位代码相同）'),
  name: name.describe('姓名'),
  unit: code.describe('所在单位的代码'),
  category: name.describe('考核类别名称（干部类别）'),
  post: z.enum(POSTS).describe('head 正职 / deputy 副职'),
  title: z.string().max(100).optional().describe('职务，如 党委书记'),
});

export const raterGroupSchema = z.strictObject({
  kind: z.enum(SUBJECT_KINDS).describe('测评哪类对象：unit 单位 / cadre 干部'),
  name: name.describe('测评组名称，如 县领导、班子成员、服务对象'),
  weight: nonNegative.describe('权重（各组按权重加权平均，不必合计为 100）'),
});

export const assessmentGroupSchema = z.strictObject({
  name: name.describe('考核组名称'),
  members: z
    .array(
      z.strictObject({
        name: name.describe('姓名'),
        role: z.enum(['leader', 'deputy', 'member_a', 'member_b']).describe('leader 组长 / deputy 副组长 / member_a A岗组员 / member_b B岗组员'),
        affiliation: z.string().max(100).optional().describe('工作单位及职务'),
      }),
    )
    .optional(),
  units: z.array(code).optional().describe('负责考核的单位代码'),
});

export const departmentSchema = z.union([
  name.describe('责任单位名称'),
  z.strictObject({ name: name.describe('责任单位名称'), contact: z.string().max(200).optional().describe('联系人及电话') }),
]);

// ---- data ----------------------------------------------------------------------------------------------------

export const deductionItemSchema = z.strictObject({ points: nonNegative.describe('扣分'), reason: z.string().max(500).describe('事由') });

export const scoreCellSchema = z
  .union([
    finite.describe('数值：得分或实际值（按指标的计分方法）'),
    z.string().max(2000).describe('定性等级的等级文字（如“较好”）；扣分制指标可写“事由扣X分；事由扣Y分”；数字文本按数字处理'),
    z.array(deductionItemSchema).describe('扣分制指标的扣分事项'),
    z.strictObject({
      value: finite.nullable().optional(),
      text: z.string().max(200).optional(),
      deductions: z.array(deductionItemSchema).optional(),
      note: z.string().max(500).optional().describe('备注'),
    }),
    z.null().describe('未填报'),
  ])
  .describe('一个单元格：数值、等级文字、扣分事项列表，或带备注的对象');

export const ballotSchema = z.strictObject({
  subject: code.describe('被测评单位或干部的代码'),
  group: name.describe('测评组名称（对应对象类型的 raterGroups）'),
  expected: count.describe('应到人数'),
  present: count.describe('实到人数（不多于应到）'),
  valid: count.describe('有效票（不多于实到）'),
  invalid: count.optional().describe('无效票（默认 实到 − 有效）'),
  votes: z.record(z.string(), count).describe('各等次票数，如 { "好": 20, "较好": 5, "一般": 1, "差": 0 }，合计应等于有效票'),
});

export const LEVEL_NAMES = { 国家级: 3, 省级: 2, 市级: 1, 县级: 0 } as const;

export const eventSchema = z.strictObject({
  subject: code.describe('单位或干部的代码'),
  kind: z.enum(EVENT_KINDS).describe('bonus 加分 / deduction 扣分 / veto 一票否决 / veto_top 一票否优 / sanction 处分 / investigation 立案审查'),
  type: z.string().max(100).optional().describe('加减分类别（如 荣誉表彰，对应 kindCaps）或处分类别（如 记过，对应 sanctions）'),
  points: nonNegative.optional().describe('分值（加分、扣分必填，正数）'),
  reason: z.string().trim().min(1).max(500).describe('事由'),
  honourKey: z.string().max(100).optional().describe('同一荣誉的标识：同一荣誉多个级别只计最高级'),
  level: z
    .union([z.number().int().min(0).max(9), z.enum(Object.keys(LEVEL_NAMES) as [keyof typeof LEVEL_NAMES, ...(keyof typeof LEVEL_NAMES)[]])])
    .optional()
    .describe('级别：国家级 / 省级 / 市级 / 县级，或数字（越大越高，国家级 3）'),
  evidence: z.string().max(500).optional().describe('依据文件'),
  date: date.optional().describe('发生日期'),
  closedOn: date.optional().describe('结案日期（立案审查已结案时填写，不再影响等次）'),
});

// ---- the plan ------------------------------------------------------------------------------------------------

export const planSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON Schema 的位置，编辑器校验用，导入时忽略'),
    version: z.literal(PLAN_FORMAT_VERSION).optional().describe('格式版本，目前为 1'),
    cycle: z
      .strictObject({
        name: name.describe('考核年度（方案）名称，如 2025年度综合考核'),
        year: z.number().int().min(1990).max(2100).describe('年度'),
        organ: z.string().max(100).optional().describe('组织单位，如 中共××县委组织部'),
        status: z.enum(CYCLE_STATUSES).optional().describe('状态（默认 collecting 采集中）'),
      })
      .describe('考核年度；每次导入都新建一个'),
    departments: z.array(departmentSchema).optional().describe('责任单位（牵头单位），指标的 department 引用这里的名称'),
    categories: z.array(categorySchema).min(1).describe('考核类别'),
    raterGroups: z.array(raterGroupSchema).optional().describe('民主测评的测评组（按对象类型）'),
    units: z.array(unitSchema).optional().describe('被考核单位'),
    cadres: z.array(cadreSchema).optional().describe('被考核干部'),
    assessmentGroups: z.array(assessmentGroupSchema).optional().describe('考核组'),
    scores: z
      .record(z.string(), z.record(z.string(), scoreCellSchema))
      .optional()
      .describe('得分：{ 单位或干部代码: { 指标编号: 值 } }，指标编号在对象所属类别中查找，只填末级指标'),
    ballots: z.array(ballotSchema).optional().describe('民主测评票数：每个对象每个测评组一条'),
    events: z.array(eventSchema).optional().describe('加减分、一票否决、一票否优、处分、立案审查事项'),
  })
  .describe('考核方案文件：一个考核年度的方案及其数据');

export type Plan = z.output<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type PlanCategory = Plan['categories'][number];
export type PlanComponent = PlanCategory['components'][number];
export type ScoreCell = z.output<typeof scoreCellSchema>;
export type PlanEvent = z.output<typeof eventSchema>;

/** The JSON Schema of the format (docs/plan.schema.json), describing what a person writes. */
export function planJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(planSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $schema, $id: 'https://kaohe-desk.local/plan.schema.json', title: '考核方案文件（kaohe import）', ...rest };
}
