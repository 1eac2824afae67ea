// The demo plan's indicator systems (考核指标体系): a three-level tree for the
// townships (经济发展 / 社会事业 / 党的建设 / 特色工作) and one for the
// departments (职能工作 / 党的建设 / 服务评价), each worth 100 points, plus the
// quarterly routine assessment. Every leaf carries its method, its
// responsible department, its rule in words, and a sampler that invents a
// plausible figure for a unit of a given quality.
import type { z } from 'zod';
import type { methodSchema } from '../../../shared/domain.ts';
import { ASSESSMENT_OFFICE, type ResponsibleDepartment } from './names.ts';
import { clamp, roundTo, type Rng } from './prng.ts';

export type MethodInput = z.input<typeof methodSchema>;

/** What a responsible department enters for one unit and one leaf. */
export interface SampledEntry {
  value: number | null;
  text?: string;
  deductions?: { points: number; reason: string }[];
  note?: string;
}

/** perf: the unit's performance on this leaf, about 0.7 (weak) to 1.0 (excellent) */
export type Sampler = (perf: number, rng: Rng, full: number) => SampledEntry;

export interface LeafSpec {
  name: string;
  points: number;
  method: MethodInput;
  dept: ResponsibleDepartment;
  description: string;
  sample: Sampler;
}

export interface NodeSpec {
  name: string;
  points: number;
  children: IndicatorSpec[];
}

export type IndicatorSpec = LeafSpec | NodeSpec;

export function isNode(s: IndicatorSpec): s is NodeSpec {
  return 'children' in s;
}

function node(name: string, points: number, children: IndicatorSpec[]): NodeSpec {
  return { name, points, children };
}

// ---- samplers --------------------------------------------------------------

/** points given directly by the responsible department, to 0.1 */
const pointsSampler: Sampler = (perf, rng, full) => ({ value: roundTo(full * clamp(perf + rng.normal(0, 0.025), 0.55, 1), 1) });

/** a figure in natural units: centre + (perf − 0.88) × slope, with noise */
function figure(centre: number, slope: number, sd: number, lo: number, hi: number, decimals: number): Sampler {
  return (perf, rng) => ({ value: roundTo(clamp(centre + (perf - 0.88) * slope + rng.normal(0, sd), lo, hi), decimals) });
}

/** a figure around a target: ratio ≈ 1 + (perf − 0.88) × 2 */
function againstTarget(target: number, decimals: number): Sampler {
  return (perf, rng) => ({ value: roundTo(target * clamp(1 + (perf - 0.88) * 2 + rng.normal(0, 0.05), 0.6, 1.3), decimals) });
}

const LETTERS = [
  { letter: '好', fraction: 1 },
  { letter: '较好', fraction: 0.85 },
  { letter: '一般', fraction: 0.7 },
  { letter: '差', fraction: 0.5 },
];
const letterSampler: Sampler = (perf, rng) => {
  const p = perf + rng.normal(0, 0.03);
  return { value: null, text: p >= 0.925 ? '好' : p >= 0.86 ? '较好' : p >= 0.78 ? '一般' : '差' };
};

/** occurrences of deductible events: more for weaker units */
function deductionSampler(kinds: { reason: string; points: number; weight: number }[], scale: number): Sampler {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  return (perf, rng) => {
    const lambda = Math.max(0, 0.955 - perf) * scale;
    const list: { points: number; reason: string }[] = [];
    for (let i = 0; i < 5; i++) {
      if (!rng.chance(lambda / 5)) continue;
      let r = rng.next() * total;
      const kind = kinds.find((k) => (r -= k.weight) < 0) ?? kinds[0]!;
      list.push({ points: kind.points, reason: kind.reason });
    }
    return { value: null, deductions: list };
  };
}

const BY_LETTER = '按“好、较好、一般、差”四个等次评定，分别按满分的100%、85%、70%、50%计分';

// ---- townships (乡镇、街道) ---------------------------------------------------

/** Targets by class of township: 一类 1, 二类 2, 三类 3. */
const TOWNSHIP_TARGETS: Record<1 | 2 | 3, { revenue: number; investment: number; capital: number }> = {
  1: { revenue: 12000, investment: 15, capital: 10 },
  2: { revenue: 6000, investment: 8, capital: 5 },
  3: { revenue: 3000, investment: 4, capital: 2.5 },
};

export function townshipTree(tier: 1 | 2 | 3): NodeSpec[] {
  const t = TOWNSHIP_TARGETS[tier];
  return [
    node('经济发展', 35, [
      node('经济运行', 15, [
        {
          name: '地区生产总值增长率',
          points: 5,
          method: { type: 'steps', threshold: 6, unit: 1, rate: 0.5, direction: 'deductBelow' },
          dept: '县统计局',
          description: '目标增长6%。完成目标得满分；每低于目标1个百分点扣0.5分，扣完为止。以县统计局反馈的年度数据为准（单位：%）。',
          sample: figure(6.2, 22, 0.8, -3, 12, 1),
        },
        {
          name: '一般公共预算收入',
          points: 5,
          method: { type: 'completion', target: t.revenue, cap: 1 },
          dept: '县财政局',
          description: `年度目标${t.revenue}万元。按完成率计分：得分=5×实际完成额÷目标额，超额完成不加分（单位：万元）。`,
          sample: againstTarget(t.revenue, 0),
        },
        {
          name: '规模以上工业增加值增长率',
          points: 5,
          method: { type: 'bands', bands: [{ min: 8, points: 5 }, { min: 6, points: 4.2 }, { min: 4, points: 3.4 }, { min: 0, points: 2.5 }, { min: -100, points: 1.5 }] },
          dept: '县科技和工业信息化局',
          description: '增长8%以上得5分；6%（含）至8%得4.2分；4%（含）至6%得3.4分；0至4%得2.5分；负增长得1.5分（单位：%）。',
          sample: figure(6.5, 30, 1.4, -4, 15, 1),
        },
      ]),
      node('项目投资', 12, [
        {
          name: '全社会固定资产投资',
          points: 6,
          method: { type: 'completion', target: t.investment, cap: 1.2 },
          dept: '县发展和改革局',
          description: `年度目标${t.investment}亿元。按完成率计分，超额完成的按比例加分，最高不超过本项分值的120%（单位：亿元）。`,
          sample: againstTarget(t.investment, 2),
        },
        {
          name: '招商引资到位资金',
          points: 6,
          method: { type: 'completion', target: t.capital, cap: 1.2 },
          dept: '县投资促进中心',
          description: `年度目标${t.capital}亿元（省外境内资金）。按完成率计分，超额完成的按比例加分，最高不超过本项分值的120%（单位：亿元）。`,
          sample: againstTarget(t.capital, 2),
        },
      ]),
      node('农业农村', 8, [
        {
          name: '粮食生产和耕地保护',
          points: 4,
          method: { type: 'direct' },
          dept: '县农业农村局',
          description: '粮食播种面积、高标准农田建设、耕地“非农化”“非粮化”整治任务完成情况，由县农业农村局会同县自然资源和规划局评分。',
          sample: pointsSampler,
        },
        {
          name: '发展壮大村级集体经济',
          points: 4,
          method: { type: 'bands', asFraction: true, bands: [{ min: 90, points: 1 }, { min: 80, points: 0.85 }, { min: 70, points: 0.7 }, { min: 0, points: 0.5 }] },
          dept: '县委组织部',
          description: '集体经济年经营性收入10万元以上村占比：90%以上得满分；80%（含）至90%得85%；70%（含）至80%得70%；70%以下得50%（单位：%）。',
          sample: figure(84, 110, 4, 40, 100, 1),
        },
      ]),
    ]),
    node('社会事业', 25, [
      node('民生保障', 10, [
        {
          name: '农村居民人均可支配收入增长率',
          points: 4,
          method: { type: 'steps', threshold: 6.5, unit: 1, rate: 0.5, direction: 'deductBelow' },
          dept: '县统计局',
          description: '目标增长6.5%。每低于目标1个百分点扣0.5分，扣完为止（单位：%）。',
          sample: figure(6.8, 18, 0.6, 0, 12, 1),
        },
        {
          name: '城乡居民基本医疗保险参保率',
          points: 3,
          method: { type: 'steps', threshold: 97, unit: 1, rate: 1, direction: 'deductBelow' },
          dept: '县医疗保障局',
          description: '参保率达到97%得满分；每低于目标1个百分点扣1分，扣完为止（单位：%）。',
          sample: figure(97.3, 16, 0.5, 90, 100, 1),
        },
        {
          name: '就业创业和社会保障',
          points: 3,
          method: { type: 'direct' },
          dept: '县人力资源和社会保障局',
          description: '城镇新增就业、农村劳动力转移就业、城乡居民养老保险扩面任务完成情况，由县人力资源和社会保障局评分。',
          sample: pointsSampler,
        },
      ]),
      node('社会治理', 10, [
        {
          name: '平安建设',
          points: 4,
          method: { type: 'direct' },
          dept: '县委政法委',
          description: '群众安全感满意度、矛盾纠纷排查化解、网格化服务管理情况，由县委政法委评分。',
          sample: pointsSampler,
        },
        {
          name: '信访工作',
          points: 3,
          method: { type: 'deduction' },
          dept: '县信访局',
          description: '实行扣分制：信访积案1件扣0.5分；发生到省进京越级访1批次扣1分；扣完为止，不倒扣。',
          sample: deductionSampler(
            [
              { reason: '信访积案1件', points: 0.5, weight: 3 },
              { reason: '发生到省越级访1批次', points: 1, weight: 1 },
            ],
            14,
          ),
        },
        {
          name: '安全生产',
          points: 3,
          method: { type: 'direct' },
          dept: '县应急管理局',
          description: '安全生产责任落实、隐患排查整治、事故控制情况，由县应急管理局评分；发生较大以上事故的另按一票否优处理。',
          sample: pointsSampler,
        },
      ]),
      node('生态环境', 5, [
        {
          name: '生态环境保护和河湖长制',
          points: 3,
          method: { type: 'direct' },
          dept: '市生态环境局清河分局',
          description: '大气、水污染防治任务和河湖长制落实情况，由市生态环境局清河分局会同县水利局评分。',
          sample: pointsSampler,
        },
        {
          name: '农村人居环境整治',
          points: 2,
          method: { type: 'letter', letters: LETTERS },
          dept: '县农业农村局',
          description: `根据季度暗访检查结果，${BY_LETTER}。`,
          sample: letterSampler,
        },
      ]),
    ]),
    node('党的建设', 30, [
      node('基层党建', 12, [
        {
          name: '抓党建促基层治理',
          points: 4,
          method: { type: 'direct' },
          dept: '县委组织部',
          description: '书记抓基层党建述职评议、党建引领网格治理、软弱涣散村党组织整顿情况，由县委组织部评分。',
          sample: pointsSampler,
        },
        {
          name: '村（社区）党组织建设',
          points: 4,
          method: { type: 'direct' },
          dept: '县委组织部',
          description: '村（社区）“两委”班子运行、党员发展和教育管理、“三会一课”落实情况，由县委组织部评分。',
          sample: pointsSampler,
        },
        {
          name: '人才工作',
          points: 4,
          method: { type: 'direct' },
          dept: '县委组织部',
          description: '人才引进培育、乡土人才队伍建设情况，由县委组织部（县委人才办）评分。',
          sample: pointsSampler,
        },
      ]),
      node('党风廉政建设', 10, [
        {
          name: '落实全面从严治党主体责任',
          points: 6,
          method: { type: 'direct' },
          dept: '县纪委监委',
          description: '党委（党工委）主体责任、书记第一责任人责任和班子成员“一岗双责”落实情况，由县纪委监委评分。',
          sample: pointsSampler,
        },
        {
          name: '清廉建设',
          points: 4,
          method: { type: 'direct' },
          dept: '县纪委监委',
          description: '清廉村居建设、村级“小微权力”清单运行、群众身边不正之风和腐败问题整治情况，由县纪委监委评分。',
          sample: pointsSampler,
        },
      ]),
      node('宣传思想和精神文明建设', 8, [
        {
          name: '意识形态工作',
          points: 4,
          method: { type: 'direct' },
          dept: '县委宣传部',
          description: '意识形态工作责任制落实、网络舆情处置情况，由县委宣传部评分。',
          sample: pointsSampler,
        },
        {
          name: '新时代文明实践',
          points: 4,
          method: { type: 'direct' },
          dept: '县委宣传部',
          description: '新时代文明实践所（站）建设和志愿服务开展情况，由县委宣传部（县文明办）评分。',
          sample: pointsSampler,
        },
      ]),
    ]),
    node('特色工作', 10, [
      node('乡村振兴', 6, [
        {
          name: '巩固拓展脱贫攻坚成果',
          points: 3,
          method: { type: 'direct' },
          dept: '县农业农村局',
          description: '防止返贫动态监测和帮扶、衔接资金项目实施情况，由县农业农村局评分。',
          sample: pointsSampler,
        },
        {
          name: '特色产业发展',
          points: 3,
          method: { type: 'rank', table: [3, 2.8, 2.6, 2.4, 2.2], min: 2.2 },
          dept: '县农业农村局',
          description: '按特色产业产值增长率在本类别中排名：第1至5名依次得3、2.8、2.6、2.4、2.2分（单位：%）。',
          sample: figure(9, 40, 2.5, -5, 30, 1),
        },
      ]),
      node('重点工作', 4, [
        {
          name: '个性指标（年初申报的特色工作）',
          points: 2,
          method: { type: 'direct' },
          dept: ASSESSMENT_OFFICE,
          description: '各乡镇（街道）年初申报1至2项特色工作（如城关镇城市更新、柳林镇文旅融合、青山乡林下经济），由县委考核办组织评审评分。',
          sample: pointsSampler,
        },
        {
          name: '县委县政府交办重点任务',
          points: 2,
          method: { type: 'direct' },
          dept: '县委督查室',
          description: '县委、县政府交办的征迁、项目攻坚等重点任务完成情况，由县委督查室评分。',
          sample: pointsSampler,
        },
      ]),
    ]),
  ];
}

// ---- departments (县直部门) ---------------------------------------------------

/** The core-business leaves that differ between department categories. */
export interface DepartmentVariant {
  core: LeafSpec;
  project: LeafSpec;
}

function directLeaf(name: string, points: number, dept: ResponsibleDepartment, description: string): LeafSpec {
  return { name, points, method: { type: 'direct' }, dept, description, sample: pointsSampler };
}

export const DEPARTMENT_VARIANTS: Record<string, DepartmentVariant> = {
  党群部门: {
    core: directLeaf('牵头负责的全县性重点工作', 8, ASSESSMENT_OFFICE, '按年初确定的牵头工作清单（如党建品牌创建、基层治理、统战和群团改革），由县委考核办会同分管县领导评分。'),
    project: directLeaf('服务中心大局成效', 6, ASSESSMENT_OFFICE, '围绕县委中心工作发挥职能作用情况，由县委考核办评分。'),
  },
  综合管理部门: {
    core: directLeaf('综合协调和统筹保障', 8, ASSESSMENT_OFFICE, '牵头的综合性工作（规划编制、预算管理、审计监督、统计调查等）完成情况，由县委考核办会同分管县领导评分。'),
    project: directLeaf('重大改革任务推进', 6, '县发展和改革局', '承担的重大改革任务按期完成情况，由县发展和改革局（县委改革办）评分。'),
  },
  经济发展部门: {
    core: {
      name: '牵头经济指标完成率',
      points: 8,
      method: { type: 'completion', target: 100, cap: 1.1 },
      dept: '县统计局',
      description: '牵头负责的主要经济指标平均完成率，目标100%；按完成率计分，超额完成的按比例加分，最高不超过本项分值的110%（单位：%）。',
      sample: againstTarget(100, 1),
    },
    project: {
      name: '重点项目投资完成率',
      points: 6,
      method: { type: 'completion', target: 100, cap: 1 },
      dept: '县发展和改革局',
      description: '牵头的县级重点项目年度投资计划完成率，按完成率计分，超额完成不加分（单位：%）。',
      sample: againstTarget(100, 1),
    },
  },
  社会事业部门: {
    core: {
      name: '民生实事项目完成率',
      points: 8,
      method: { type: 'completion', target: 100, cap: 1 },
      dept: '县发展和改革局',
      description: '承担的县政府十项民生实事项目完成率，按完成率计分（单位：%）。',
      sample: againstTarget(100, 1),
    },
    project: directLeaf('社会事业发展主要指标', 6, ASSESSMENT_OFFICE, '教育、卫生健康、社会保障等领域约束性指标完成情况，由县委考核办会同行业主管部门评分。'),
  },
  执法监管部门: {
    core: directLeaf('监管执法任务完成情况', 8, '县司法局', '“双随机、一公开”监管、行政执法“三项制度”落实和执法案卷评查情况，由县司法局评分。'),
    project: directLeaf('重大风险隐患排查整治', 6, '县应急管理局', '本行业领域重大风险隐患排查整治和专项整治任务完成情况，由县应急管理局会同县委政法委评分。'),
  },
};

export function departmentTree(variant: DepartmentVariant): NodeSpec[] {
  return [
    node('职能工作', 50, [
      node('年度重点目标任务', 28, [
        directLeaf('县委县政府重点工作任务', 10, '县委督查室', '县委、县政府年度重点工作任务分解到本部门的事项完成情况，由县委督查室根据督查台账评分。'),
        variant.core,
        variant.project,
        directLeaf('人大代表建议和政协提案办理', 4, '县委督查室', '按期办结率和代表委员满意率，由县委督查室会同县人大、县政协有关委室评分。'),
      ]),
      node('上级考核评价', 12, [
        {
          name: '对口上级部门评价',
          points: 6,
          method: { type: 'letter', letters: LETTERS },
          dept: ASSESSMENT_OFFICE,
          description: `依据市级对口部门年度考核或评价结果，${BY_LETTER}。`,
          sample: letterSampler,
        },
        directLeaf('工作创新和经验推广', 6, ASSESSMENT_OFFICE, '工作创新成效，以及经验做法被上级刊发推广情况，由县委考核办评分。'),
      ]),
      node('依法行政和营商环境', 10, [
        directLeaf('法治政府建设', 4, '县司法局', '依法决策、规范性文件合法性审核、行政复议和应诉情况，由县司法局评分。'),
        {
          name: '营商环境评价',
          points: 3,
          method: { type: 'rank', step: 0.3, min: 1 },
          dept: '县营商环境办',
          description: '按全县营商环境评价中本部门得分在本类别中排名，第1名得3分，每后移一位减0.3分，最低得1分。',
          sample: figure(88, 60, 2, 60, 100, 2),
        },
        directLeaf('政务公开和政务服务', 3, '县政务服务中心', '政务公开、“一网通办”和事项办理时限情况，由县政务服务中心评分。'),
      ]),
    ]),
    node('党的建设', 30, [
      node('机关党建', 12, [
        directLeaf('落实党建工作责任制', 4, '县直机关工委', '党组（党委）书记抓党建述职评议、党建和业务融合情况，由县直机关工委评分。'),
        directLeaf('基层党组织标准化规范化建设', 4, '县直机关工委', '机关支部“三会一课”、主题党日和党员教育管理情况，由县直机关工委评分。'),
        directLeaf('干部队伍建设和人才工作', 4, '县委组织部', '干部选拔任用、日常管理监督、年轻干部培养和人才工作情况，由县委组织部评分。'),
      ]),
      node('党风廉政建设', 10, [
        directLeaf('落实全面从严治党主体责任', 6, '县纪委监委', '主体责任清单落实、廉政风险防控和作风建设情况，由县纪委监委评分。'),
        {
          name: '违纪违法问题',
          points: 4,
          method: { type: 'deduction' },
          dept: '县纪委监委',
          description: '实行扣分制：班子成员受党纪政务处分的每人次扣2分；其他干部受党纪政务处分的每人次扣1分；被通报典型问题1起扣0.5分；扣完为止。',
          sample: deductionSampler(
            [
              { reason: '干部受党纪政务处分1人次', points: 1, weight: 1 },
              { reason: '被县纪委监委通报典型问题1起', points: 0.5, weight: 3 },
            ],
            10,
          ),
        },
      ]),
      node('意识形态和精神文明建设', 8, [
        directLeaf('意识形态工作责任制', 4, '县委宣传部', '意识形态工作责任制落实和阵地管理情况，由县委宣传部评分。'),
        directLeaf('文明单位创建', 2, '县委宣传部', '文明单位创建和志愿服务情况，由县委宣传部（县文明办）评分。'),
        directLeaf('统一战线工作', 2, '县委统战部', '落实统战工作责任制、党外干部培养使用情况，由县委统战部评分。'),
      ]),
    ]),
    node('服务评价', 20, [
      node('服务对象满意度', 12, [
        {
          name: '服务对象满意度测评',
          points: 8,
          method: { type: 'bands', asFraction: true, bands: [{ min: 95, points: 1 }, { min: 90, points: 0.9 }, { min: 85, points: 0.8 }, { min: 80, points: 0.7 }, { min: 0, points: 0.5 }] },
          dept: '县统计局',
          description: '委托县社情民意调查中心电话调查。满意率95%以上得满分；90%（含）至95%得90%；85%（含）至90%得80%；80%（含）至85%得70%；80%以下得50%（单位：%）。',
          sample: figure(92, 45, 1.5, 70, 99.5, 1),
        },
        {
          name: '12345政务服务便民热线办理',
          points: 4,
          method: { type: 'steps', threshold: 98, unit: 1, rate: 0.5, direction: 'deductBelow' },
          dept: '县政务服务中心',
          description: '工单按期办结率目标98%，每低于目标1个百分点扣0.5分，扣完为止（单位：%）。',
          sample: figure(98.2, 14, 0.6, 85, 100, 1),
        },
      ]),
      node('协同配合', 8, [
        {
          name: '信访工作',
          points: 3,
          method: { type: 'deduction' },
          dept: '县信访局',
          description: '实行扣分制：本系统信访积案1件扣0.5分；信访事项未按期办结1件扣0.2分；扣完为止，不倒扣。',
          sample: deductionSampler(
            [
              { reason: '信访积案1件', points: 0.5, weight: 2 },
              { reason: '信访事项未按期办结1件', points: 0.2, weight: 3 },
            ],
            12,
          ),
        },
        directLeaf('安全生产和应急管理', 3, '县应急管理局', '行业安全生产监管责任落实情况，由县应急管理局评分。'),
        directLeaf('保密和档案工作', 2, '县委保密办', '保密自查自评和档案管理情况，由县委保密办会同县档案馆评分。'),
      ]),
    ]),
  ];
}

// ---- routine (平时) assessment -------------------------------------------

export const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'] as const;

/** quarterly scores are high and close together, as they are in practice */
const routineSampler: Sampler = (perf, rng, full) => ({ value: roundTo(full * clamp(0.9 + (perf - 0.88) * 0.8 + rng.normal(0, 0.015), 0.7, 1), 1) });

export function routineLeaves(kind: 'unit' | 'cadre'): LeafSpec[] {
  return QUARTERS.map((q) => ({
    name: q,
    points: 25,
    method: { type: 'direct' },
    dept: ASSESSMENT_OFFICE,
    description:
      kind === 'unit'
        ? `${q}平时考核：根据季度重点工作推进、督查通报和日常表现，由县委考核办评分，满分25分。`
        : `${q}平时考核：根据干部季度工作纪实、分管县领导评价和日常表现，由县委考核办评分，满分25分。`,
    sample: routineSampler,
  }));
}

/** Checks that every inner node's points equal the sum of its children's. */
export function checkTree(nodes: IndicatorSpec[], where: string): void {
  for (const n of nodes) {
    if (!isNode(n)) continue;
    const sum = n.children.reduce((s, c) => s + c.points, 0);
    if (Math.abs(sum - n.points) > 1e-9) throw new Error(`demo plan: ${where} / ${n.name} is ${n.points} points but its children sum to ${sum}`);
    checkTree(n.children, `${where} / ${n.name}`);
  }
}
