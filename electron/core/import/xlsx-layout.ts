// The layout of the plan workbook, shared by its reader (xlsx.ts) and its
// writer (xlsx-write.ts): sheet names, columns with their Chinese headers,
// notes and drop-down lists, and the Chinese labels of the cells both ways.
import {
  COMPONENT_KIND_LABELS,
  CYCLE_STATUS_LABELS,
  EVENT_KIND_LABELS,
  POST_LABELS,
  type ComponentKind,
  type CycleStatus,
  type EventKind,
  type Post,
  type SubjectKind,
} from '../../../shared/domain.ts';
import { LEVEL_NAMES } from './plan-schema.ts';

export const SHEET = {
  readme: '说明',
  cycle: '考核年度',
  categories: '类别',
  components: '构成',
  indicators: '指标',
  departments: '责任单位',
  units: '单位',
  cadres: '干部',
  raters: '测评组',
  groups: '考核组',
  scores: '得分',
  ballots: '民主测评',
  events: '加减分',
} as const;

// ---- labels both ways ----------------------------------------------------------------------------------

export const KIND_LABELS: Record<SubjectKind, string> = { unit: '单位', cadre: '干部' };
export const ROLE_LABELS = { leader: '组长', deputy: '副组长', member_a: 'A岗组员', member_b: 'B岗组员' } as const;
export type Role = keyof typeof ROLE_LABELS;
export const ROUNDING_LABELS = { floor: '向下取整', round: '四舍五入', ceil: '向上取整' } as const;
export const COMPARE_LABELS = { category: '全类别', unit: '本单位班子' } as const;

function reverse<K extends string>(labels: Record<K, string>, extra: Record<string, K> = {}): Map<string, K> {
  const m = new Map<string, K>();
  for (const [k, v] of Object.entries(labels) as [K, string][]) {
    m.set(v, k);
    m.set(k, k);
  }
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  return m;
}

export const KIND_BY_LABEL = reverse(KIND_LABELS);
export const POST_BY_LABEL = reverse<Post>(POST_LABELS, { 正职领导: 'head', 副职领导: 'deputy' });
export const COMPONENT_BY_LABEL = reverse<ComponentKind>(COMPONENT_KIND_LABELS, { 指标: 'indicators', 实绩考核: 'indicators', 测评: 'democratic', 平时: 'routine', 引用: 'external' });
export const EVENT_BY_LABEL = reverse<EventKind>(EVENT_KIND_LABELS);
export const STATUS_BY_LABEL = reverse<CycleStatus>(CYCLE_STATUS_LABELS);
export const ROLE_BY_LABEL = reverse<Role>(ROLE_LABELS, { 组员: 'member_a' });
export const ROUNDING_BY_LABEL = reverse(ROUNDING_LABELS);
export const COMPARE_BY_LABEL = reverse(COMPARE_LABELS, { 本单位: 'unit', 类别: 'category' });
export const LEVEL_LABEL_BY_RANK = new Map<number, string>(Object.entries(LEVEL_NAMES).map(([k, v]) => [v, k]));

export const NONE = '无';

// ---- columns ---------------------------------------------------------------------------------------------

export interface Column {
  key: string;
  header: string;
  required?: boolean;
  aliases?: string[];
  width?: number;
  /** kept as text (codes such as 1.10 would otherwise become the number 1.1) */
  text?: boolean;
  /** a drop-down list of the allowed values */
  list?: readonly string[];
  /** a drop-down list from another sheet's column, e.g. the category names */
  listFrom?: string;
  note?: string;
}

export const CATEGORY_LIST = `'${SHEET.categories}'!$A$2:$A$200`;
export const YES_NO = ['是', '否'] as const;

export const COLUMNS = {
  categories: [
    { key: 'name', header: '类别名称', required: true, width: 16 },
    { key: 'kind', header: '对象类型', required: true, width: 10, list: Object.values(KIND_LABELS), note: '单位（领导班子）或干部' },
    { key: 'difficulty', header: '难度系数', width: 10, note: '默认 1，只作用于“乘难度系数”为“是”的构成' },
    { key: 'grades', header: '等次', width: 22, note: '从高到低，用“、”分隔；不填为默认：单位 优秀、良好、一般、较差，干部 优秀、称职、基本称职、不称职' },
    { key: 'topQuotaPercent', header: '优秀比例（%）', width: 12, note: '第一等次名额占本类别的百分比，默认 20' },
    { key: 'rounding', header: '名额取整', width: 10, list: Object.values(ROUNDING_LABELS), note: '默认 向下取整' },
    { key: 'topMinTotal', header: '优秀最低分', width: 10, note: '评为第一等次的最低总分，默认 85；“无”表示不设' },
    { key: 'bands', header: '等次分数线', width: 18, note: '中间等次的分数线，如“良好:80”；默认单位 良好:80，干部 称职:70；“无”表示不设' },
    { key: 'bottomBelowTotal', header: '末等分数线', width: 10, note: '总分低于此分定为最低等次，默认 60；“无”表示不设' },
    { key: 'bottomQuotaPercent', header: '末等比例（%）', width: 12, note: '最低等次不少于的百分比（不填为不设）' },
    { key: 'topMinComponent', header: '优秀须构成达到', width: 14, note: '第一等次还要求某构成的百分制得分，如“DJ:90”' },
    { key: 'tieBreak', header: '同分比较构成', width: 14, note: '总分相同时依次比较的构成代码，如“SJ、MZ”' },
    { key: 'compareWithin', header: '比较范围', width: 12, list: Object.values(COMPARE_LABELS), note: '干部：全类别比较，或在本单位班子内比较（副职）' },
    { key: 'linkage', header: '挂钩比例（%）', width: 22, note: '干部优秀比例与所在单位等次挂钩，如“优秀:20；良好:15；一般:12；较差:10”' },
    { key: 'voteRules', header: '测评票规则', width: 24, note: '如“不称职>1/3:不称职人选；优秀<1/2:不宜提拔；优秀+称职<2/3:诫勉”（干部默认如此）；“无”表示不设' },
    { key: 'sanctions', header: '处分影响', width: 30, note: '如“警告:不得评为优秀；记过:当年不确定等次；记大过:当年和次年不确定等次；撤职:定为最低等次”' },
    { key: 'kindCaps', header: '分类加分上限', width: 22, note: '如“荣誉表彰:3；争先创优:2”' },
    { key: 'totalCap', header: '加分总上限', width: 10, note: '不填为不设' },
    { key: 'deductionCap', header: '扣分上限', width: 10, note: '不填为不设' },
    { key: 'decimals', header: '小数位数', width: 10, note: '默认 2' },
    { key: 'normalizeToBest', header: '按最高分折算', width: 12, list: YES_NO, note: '总分 = 100 × 本单位总分 ÷ 类别最高分，默认 否' },
    { key: 'multiplier', header: '乘数计分', width: 14, note: '乘数计分法，如“FZ×DJ÷80”：发展构成 × 党建构成得分 ÷ 80' },
    { key: 'minSpread', header: '分差下限（%）', width: 12, note: '同一指标最高与最低分之差占分值的比例低于此值时提示，默认 30' },
  ],
  components: [
    { key: 'category', header: '考核类别', required: true, width: 14, listFrom: CATEGORY_LIST },
    { key: 'code', header: '构成代码', text: true, required: true, width: 10, note: '类别内唯一，如 SJ、MZ、PS、JJ' },
    { key: 'name', header: '构成名称', required: true, width: 14 },
    { key: 'kind', header: '构成类型', required: true, width: 16, list: Object.values(COMPONENT_KIND_LABELS) },
    { key: 'weight', header: '权重（%）', width: 10, note: '各加权构成合计 100；不填表示得分直接计入总分（加减分总是直接计入）' },
    { key: 'fullPoints', header: '满分', width: 8, note: '民主测评、引用结果的满分，默认 100；指标计分的满分为一级指标之和' },
    { key: 'normalizeTo100', header: '折算百分制', width: 10, list: YES_NO, note: '先折算为百分制再乘权重，默认 否' },
    { key: 'applyDifficulty', header: '乘难度系数', width: 10, list: YES_NO, note: '默认 否' },
    { key: 'evalLevels', header: '测评等次及系数', width: 26, note: '民主测评用，如“好:1；较好:0.8；一般:0.6；差:0”；不填为默认' },
    { key: 'sourceCycle', header: '引用考核年度', width: 18, note: '引用其他考核结果：数据库中已有的考核年度名称' },
    { key: 'sourceComponent', header: '引用构成代码', width: 12, note: '引用其中某构成的百分制得分；不填为引用总分' },
    { key: 'sourceLabel', header: '引用说明', width: 18 },
    { key: 'codePrefix', header: '指标编号前缀', width: 12, note: '只影响 JSON 中省略的编号，工作簿中指标编号都要填写' },
  ],
  indicators: [
    { key: 'category', header: '考核类别', required: true, width: 12, listFrom: CATEGORY_LIST },
    { key: 'component', header: '构成代码', required: true, width: 10 },
    { key: 'code', header: '编号', text: true, required: true, width: 8, note: '如 1、1.1、1.1.1；类别内唯一，得分表的列以此为准' },
    { key: 'parent', header: '上级编号', text: true, width: 10, note: '不填时，编号 1.2.3 的上级是 1.2（若存在），否则为一级指标' },
    { key: 'name', header: '指标名称', required: true, width: 22 },
    { key: 'points', header: '分值', required: true, width: 8 },
    { key: 'method', header: '计分方法', width: 14, list: Object.values({ d: '直接评分', c: '完成率', r: '标杆比较', k: '位次赋分', s: '每…扣/加…分', b: '区间赋分', i: '插值计分', l: '定性等级', x: '扣分制' }), note: '末级指标的计分方法，不填为直接评分；上级指标不填' },
    { key: 'params', header: '计分参数', width: 34, note: '如 完成率“目标=100；上限=1.2”，每…扣分“低于=6.5；每=0.5；扣=1”，区间“档=0~80:4，80~90:6，90~:10”，等级“等级=好:1，较好:0.85，一般:0.7，差:0.5”；详见“说明”' },
    { key: 'department', header: '责任单位', width: 16 },
    { key: 'description', header: '评分标准', width: 40 },
  ],
  departments: [
    { key: 'name', header: '责任单位名称', required: true, aliases: ['名称'], width: 20 },
    { key: 'contact', header: '联系人及电话', aliases: ['联系人'], width: 24 },
  ],
  units: [
    { key: 'code', header: '单位代码', text: true, required: true, width: 10 },
    { key: 'name', header: '单位名称', required: true, width: 22 },
    { key: 'category', header: '考核类别', required: true, width: 14, listFrom: CATEGORY_LIST },
    { key: 'group', header: '考核组', width: 14 },
  ],
  cadres: [
    { key: 'code', header: '干部代码', text: true, required: true, width: 10 },
    { key: 'name', header: '姓名', required: true, width: 10 },
    { key: 'unit', header: '所在单位代码', text: true, required: true, aliases: ['所在单位'], width: 12, note: '单位代码（也可填单位名称）' },
    { key: 'category', header: '考核类别', required: true, width: 14, listFrom: CATEGORY_LIST },
    { key: 'post', header: '职务类型', required: true, width: 10, list: Object.values(POST_LABELS) },
    { key: 'title', header: '职务', width: 18 },
  ],
  raters: [
    { key: 'kind', header: '对象类型', required: true, width: 10, list: Object.values(KIND_LABELS) },
    { key: 'name', header: '测评组名称', required: true, width: 24 },
    { key: 'weight', header: '权重', required: true, width: 8, note: '各组按权重加权平均' },
  ],
  groups: [
    { key: 'group', header: '考核组', required: true, width: 14 },
    { key: 'name', header: '姓名', required: true, width: 10 },
    { key: 'role', header: '角色', required: true, width: 10, list: Object.values(ROLE_LABELS) },
    { key: 'affiliation', header: '工作单位及职务', width: 26 },
  ],
  ballots: [
    { key: 'subject', header: '对象代码', text: true, required: true, aliases: ['单位代码', '干部代码', '代码'], width: 10, note: '单位或干部代码（也可填名称）' },
    { key: 'subjectName', header: '对象名称', aliases: ['单位名称', '姓名', '名称'], width: 16, note: '只供核对，导入时不读' },
    { key: 'group', header: '测评组', required: true, width: 20 },
    { key: 'expected', header: '应到人数', required: true, aliases: ['应到'], width: 9 },
    { key: 'present', header: '实到人数', required: true, aliases: ['实到'], width: 9 },
    { key: 'valid', header: '有效票', required: true, width: 8 },
    { key: 'invalid', header: '无效票', width: 8, note: '不填为 实到 − 有效票' },
  ],
  events: [
    { key: 'subject', header: '对象代码', text: true, required: true, aliases: ['单位代码', '干部代码', '代码'], width: 10, note: '单位或干部代码（也可填名称）' },
    { key: 'subjectName', header: '对象名称', aliases: ['单位名称', '姓名', '名称'], width: 16, note: '只供核对，导入时不读' },
    { key: 'kind', header: '类型', required: true, width: 10, list: Object.values(EVENT_KIND_LABELS) },
    { key: 'type', header: '事项类别', width: 12, note: '加减分类别（如 荣誉表彰，对应分类加分上限）或处分类别（如 记过）' },
    { key: 'points', header: '分值', width: 8, note: '加分、扣分填正数' },
    { key: 'reason', header: '事由', required: true, width: 36 },
    { key: 'honourKey', header: '同一荣誉', width: 14, note: '同一荣誉多个级别只计最高级：填相同的名称' },
    { key: 'level', header: '级别', width: 8, list: Object.keys(LEVEL_NAMES) },
    { key: 'evidence', header: '依据文件', width: 30 },
    { key: 'date', header: '发生日期', width: 12 },
    { key: 'closedOn', header: '结案日期', width: 12, note: '立案审查已结案时填写' },
  ],
} satisfies Record<string, Column[]>;

export const SUBJECT_CODE_HEADERS = new Set(['代码', '单位代码', '干部代码', '对象代码']);
export const SUBJECT_NAME_HEADERS = new Set(['名称', '单位名称', '姓名', '对象名称', '单位', '干部']);
export const CYCLE_LABELS = { name: '名称', year: '年度', organ: '组织单位', status: '状态' } as const;

/** “优秀比例（%）*” → “优秀比例” */
export function normHeader(s: string): string {
  return s
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[*＊\s]/g, '')
    .trim();
}
