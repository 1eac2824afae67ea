// Event, assessment-group and feedback material of the demo plan: honours
// and criticisms as a county office records them (with the document they
// come from), one 一票否优, one cadre sanction, the six assessment groups and
// the feedback letters' strengths and problems of four units.
// Dates are month-day; the year is the plan's.

export interface EventSeed {
  unit: string;
  kind: 'bonus' | 'deduction' | 'veto_top';
  type: string;
  /** the same honour at several levels counts once, at its highest */
  honourKey?: string;
  /** 国家级 3, 省级 2, 市级 1 */
  levelRank?: number;
  points: number;
  reason: string;
  /** the document, with {y} for the year */
  evidence: string;
  on: string;
}

const HONOUR = '荣誉表彰';
const MERIT = '争先创优';
const CRITICISM = '通报批评';
const ACCOUNTABILITY = '督查问责';

export const UNIT_EVENTS: EventSeed[] = [
  // honours at several levels of the same work: only the highest counts
  { unit: '城关镇', kind: 'bonus', type: HONOUR, honourKey: '乡村治理示范乡镇', levelRank: 3, points: 2, reason: '被评为全国乡村治理示范乡镇', evidence: '中央农办、农业农村部命名文件（{y}年）', on: '11-20' },
  { unit: '城关镇', kind: 'bonus', type: HONOUR, honourKey: '乡村治理示范乡镇', levelRank: 2, points: 1, reason: '被评为省级乡村治理示范乡镇', evidence: '省委农办、省农业农村厅通报（{y}年第3号）', on: '05-18' },
  { unit: '城关镇', kind: 'bonus', type: MERIT, levelRank: 1, points: 0.5, reason: '承办全市城市更新工作现场推进会', evidence: '市委办公室会议通知（{y}年第26号）', on: '09-08' },
  { unit: '柳林镇', kind: 'bonus', type: HONOUR, honourKey: '文旅特色小镇', levelRank: 2, points: 1, reason: '被命名为省级文化和旅游特色小镇', evidence: '省文化和旅游厅公告（{y}年第7号）', on: '07-02' },
  { unit: '柳林镇', kind: 'bonus', type: MERIT, levelRank: 2, points: 1, reason: '文旅融合发展经验被省委改革办《改革情况交流》刊发推广', evidence: '《改革情况交流》{y}年第41期', on: '10-15' },
  { unit: '东城街道', kind: 'bonus', type: HONOUR, levelRank: 1, points: 0.5, reason: '被评为全市文明社区建设示范街道', evidence: '市文明委通报（{y}年第2号）', on: '12-05' },
  { unit: '石桥镇', kind: 'bonus', type: HONOUR, honourKey: '一村一品示范村镇', levelRank: 3, points: 2, reason: '被认定为全国“一村一品”示范村镇（石桥葡萄）', evidence: '农业农村部公示名单（{y}年）', on: '12-10' },
  { unit: '石桥镇', kind: 'bonus', type: MERIT, levelRank: 1, points: 0.5, reason: '在全市乡镇党委书记抓基层党建述职评议中获“好”等次', evidence: '市委组织部通报（{y}年第4号）', on: '02-27' },
  { unit: '青山乡', kind: 'bonus', type: HONOUR, levelRank: 2, points: 1, reason: '被评为省级森林乡镇', evidence: '省林业局公告（{y}年第11号）', on: '08-16' },
  { unit: '青山乡', kind: 'bonus', type: MERIT, levelRank: 1, points: 0.5, reason: '林下经济发展经验在全市农村工作会议上作典型发言', evidence: '市委农村工作会议材料汇编（{y}年）', on: '03-21' },
  { unit: '河口镇', kind: 'bonus', type: MERIT, levelRank: 1, points: 0.5, reason: '承办全市农村人居环境整治现场会', evidence: '市农村人居环境整治领导小组办公室通知（{y}年第5号）', on: '06-12' },
  { unit: '龙泉镇', kind: 'bonus', type: HONOUR, levelRank: 1, points: 0.5, reason: '被评为全市平安乡镇', evidence: '市委平安建设领导小组通报（{y}年第1号）', on: '01-25' },
  { unit: '县委组织部', kind: 'bonus', type: HONOUR, levelRank: 2, points: 1, reason: '被评为全省干部监督工作先进集体', evidence: '省委组织部通报（{y}年第9号）', on: '11-03' },
  { unit: '县委组织部', kind: 'bonus', type: MERIT, levelRank: 2, points: 1, reason: '党建引领基层治理经验被省委组织部《组工信息》刊发', evidence: '《组工信息》{y}年第58期', on: '06-30' },
  { unit: '县委宣传部', kind: 'bonus', type: HONOUR, levelRank: 2, points: 1, reason: '被评为全省新时代文明实践工作先进单位', evidence: '省委宣传部、省文明办通报（{y}年第6号）', on: '10-09' },
  { unit: '团县委', kind: 'bonus', type: HONOUR, levelRank: 2, points: 1, reason: '被授予全省五四红旗团委', evidence: '共青团省委表彰决定（{y}年第2号）', on: '05-04' },
  { unit: '县发展和改革局', kind: 'bonus', type: HONOUR, levelRank: 2, points: 1, reason: '被评为全省发展改革系统先进集体', evidence: '省发展改革委表彰通报（{y}年第4号）', on: '12-18' },
  { unit: '县发展和改革局', kind: 'bonus', type: MERIT, levelRank: 1, points: 0.5, reason: '争取上级资金和专项债券工作在全市考核中位列第一', evidence: '市发展改革委通报（{y}年第12号）', on: '12-22' },
  { unit: '县财政局', kind: 'bonus', type: MERIT, levelRank: 2, points: 1, reason: '预算绩效管理改革经验被省财政厅推广', evidence: '省财政厅《财政工作简报》{y}年第17期', on: '09-25' },
  { unit: '县商务局', kind: 'bonus', type: HONOUR, levelRank: 2, points: 1, reason: '被评为全省外贸稳规模优结构工作先进集体', evidence: '省商务厅通报（{y}年第3号）', on: '04-19' },
  { unit: '县商务局', kind: 'bonus', type: MERIT, levelRank: 1, points: 0.5, reason: '在全市招商引资“比学赶超”擂台赛中获一等奖', evidence: '市委、市政府通报（{y}年第15号）', on: '11-11' },
  { unit: '县卫生健康局', kind: 'bonus', type: HONOUR, honourKey: '卫生健康先进集体', levelRank: 2, points: 1, reason: '被评为全省卫生健康系统先进集体', evidence: '省卫生健康委表彰决定（{y}年第1号）', on: '12-01' },
  { unit: '县卫生健康局', kind: 'bonus', type: HONOUR, honourKey: '卫生健康先进集体', levelRank: 1, points: 0.5, reason: '被评为全市卫生健康工作先进集体', evidence: '市卫生健康委通报（{y}年第8号）', on: '03-08' },
  { unit: '县教育局', kind: 'bonus', type: HONOUR, levelRank: 2, points: 1, reason: '被评为全省教育系统先进集体', evidence: '省教育厅、省人力资源社会保障厅表彰决定（{y}年）', on: '09-10' },
  { unit: '县市场监督管理局', kind: 'bonus', type: HONOUR, levelRank: 3, points: 2, reason: '被评为全国市场监管系统先进集体', evidence: '人力资源社会保障部、国家市场监督管理总局表彰决定（{y}年）', on: '10-28' },
  { unit: '县市场监督管理局', kind: 'bonus', type: MERIT, levelRank: 1, points: 0.5, reason: '食品安全示范创建工作在全市考核中位列第一', evidence: '市食品安全委员会办公室通报（{y}年第6号）', on: '12-16' },
  { unit: '县应急管理局', kind: 'bonus', type: MERIT, levelRank: 1, points: 0.5, reason: '全市安全生产和消防工作考核获优秀等次', evidence: '市安委会通报（{y}年第3号）', on: '02-20' },

  // deductions
  { unit: '白马镇', kind: 'deduction', type: CRITICISM, points: 1, reason: '秸秆禁烧工作不力，被市委、市政府督查室通报批评', evidence: '市委、市政府督查通报（{y}年第11期）', on: '06-14' },
  { unit: '双河镇', kind: 'deduction', type: CRITICISM, points: 0.5, reason: '安全生产大检查中发现问题整改不及时，被县安委会通报批评', evidence: '县安委会办公室通报（{y}年第4号）', on: '04-09' },
  { unit: '梨园乡', kind: 'deduction', type: CRITICISM, points: 0.5, reason: '森林防灭火检查中发现责任落实不到位，被县森防指通报', evidence: '县森林防灭火指挥部通报（{y}年第2号）', on: '03-30' },
  { unit: '桃源乡', kind: 'deduction', type: ACCOUNTABILITY, points: 1, reason: '生态环境保护督察反馈问题整改不力，主要负责人被县委约谈', evidence: '县委督查室督查问责通知（{y}年第3号）', on: '08-05' },
  { unit: '桃源乡', kind: 'deduction', type: CRITICISM, points: 0.5, reason: '防止返贫监测帮扶工作在市级暗访中发现问题，被市级通报', evidence: '市农业农村局暗访通报（{y}年第7期）', on: '10-21' },
  { unit: '县住房和城乡建设局', kind: 'deduction', type: CRITICISM, points: 0.5, reason: '工程建设领域拖欠农民工工资问题被市根治欠薪办通报', evidence: '市根治拖欠农民工工资工作领导小组办公室通报（{y}年第5号）', on: '01-17' },
  { unit: '县自然资源和规划局', kind: 'deduction', type: ACCOUNTABILITY, points: 1, reason: '违法用地图斑整改滞后，被省自然资源厅约谈', evidence: '省自然资源厅约谈通知（{y}年第14号）', on: '07-23' },
  { unit: '县机关事务服务中心', kind: 'deduction', type: CRITICISM, points: 0.5, reason: '公务用车管理不规范，被县纪委监委通报', evidence: '县纪委监委通报（{y}年第5号）', on: '05-27' },
  { unit: '县城市管理综合行政执法局', kind: 'deduction', type: CRITICISM, points: 0.5, reason: '市容环境卫生暗访检查排名靠后，被县委督查室通报', evidence: '县委督查室通报（{y}年第9期）', on: '09-19' },
  { unit: '县交通运输综合行政执法大队', kind: 'deduction', type: ACCOUNTABILITY, points: 1, reason: '超限超载治理不力，被市交通运输局督查问责', evidence: '市交通运输局督查问责通知（{y}年第2号）', on: '05-09' },
  { unit: '县交通运输综合行政执法大队', kind: 'deduction', type: CRITICISM, points: 1, reason: '执法人员作风粗暴被媒体曝光，造成不良社会影响', evidence: '县委宣传部舆情专报（{y}年第33期）', on: '11-26' },

  // a red line
  { unit: '柳林镇', kind: 'veto_top', type: '安全生产', points: 0, reason: '辖区内发生1起较大生产安全事故，按规定实行一票否优', evidence: '县安委会办公室认定意见（清安办〔{y}〕21号）', on: '08-27' },
];

/** A sanction on one cadre: the unit and the deputy's position in its team (0 = first deputy). */
export const CADRE_SANCTION = {
  unit: '白马镇',
  deputyIndex: 5,
  type: '警告',
  reason: '受党内警告处分',
  evidence: '县纪委监委处分决定（清纪处〔{y}〕6号）',
  on: '09-12',
};

// ---- assessment groups (考核组) -----------------------------------------------

export const GROUP_NAMES = ['第一考核组', '第二考核组', '第三考核组', '第四考核组', '第五考核组', '第六考核组'];

/** 组长: leaders of the organization, discipline, propaganda, united-front and political-legal departments */
export const GROUP_LEADERS = ['县委组织部副部长、县委考核办主任', '县纪委副书记、县监委副主任', '县委宣传部副部长', '县委统战部副部长', '县委政法委副书记', '县委组织部副部长'];
/** 副组长: section chiefs */
export const GROUP_DEPUTIES = ['县委考核办副主任', '县委组织部干部监督科科长', '县委组织部组织科科长', '县委组织部干部一科科长', '县委组织部干部二科科长', '县委组织部公务员科科长'];
/** A岗: organization and personnel work; two per group */
export const GROUP_A_POSTS = [
  '县委组织部干部一科副科长', '县委考核办四级主任科员',
  '县委组织部组织科副科长', '县委组织部干部二科四级主任科员',
  '县纪委监委党风政风监督室副主任', '县委组织部公务员科副科长',
  '县委宣传部干部科科长', '县委组织部人才科副科长',
  '县委统战部干部科科长', '县委组织部干部监督科四级主任科员',
  '县委政法委政治部副主任', '县人力资源和社会保障局人事股股长',
];
/** B岗: finance, commerce, agriculture, housing, industry; and experienced cadres who left leading posts */
export const GROUP_B_POSTS = [
  '县财政局预算股股长', '原县人大常委会副主任（已退出领导岗位）',
  '县发展和改革局综合股股长', '县农业农村局计划财务股股长',
  '县住房和城乡建设局村镇建设股股长', '原县政协副主席（已退出领导岗位）',
  '县科技和工业信息化局工业股股长', '县商务局外经外贸股股长',
  '县统计局综合股股长', '县审计局经济责任审计股股长',
  '县自然资源和规划局耕地保护股股长', '县市场监督管理局综合股股长',
];

// ---- feedback letters (反馈问题) ----------------------------------------------

export interface FeedbackSeed {
  unit: string;
  strengths: string[];
  problems: { text: string; requirement: string }[];
}

export const FEEDBACK: FeedbackSeed[] = [
  {
    unit: '城关镇',
    strengths: [
      '城市更新和老旧小区改造推进有力，全年完成改造小区12个、惠及群众3100余户，群众获得感明显增强。',
      '抓党建促基层治理成效突出，“党建+网格”服务管理经验在全市推广，获评全国乡村治理示范乡镇。',
    ],
    problems: [
      {
        text: '招商引资到位资金中省外境内资金占比偏低，亿元以上产业项目储备不足。',
        requirement: '聚焦主导产业开展产业链精准招商，建立重大项目储备库，明年新签约亿元以上产业项目不少于3个。',
      },
      {
        text: '信访积案化解进度偏慢，个别积案超过办理时限。',
        requirement: '逐案落实包案领导和化解措施，限期化解存量积案，建立信访事项办理时限预警机制。',
      },
    ],
  },
  {
    unit: '桃源乡',
    strengths: ['林下中药材和特色种植初具规模，带动脱贫户和监测户稳定增收。'],
    problems: [
      {
        text: '地区生产总值、农村居民人均可支配收入增速低于全县目标，经济发展后劲不足。',
        requirement: '认真分析指标滞后原因，制定针对性措施，培育壮大特色产业，确保主要经济指标达到全县平均水平。',
      },
      {
        text: '生态环境保护督察反馈问题整改不力，主要负责人被县委约谈。',
        requirement: '对照反馈问题清单逐项整改销号，落实整改责任人和时限，整改情况经验收合格后报县委督查室。',
      },
      {
        text: '农村人居环境整治长效管护机制不健全，季度暗访中发现问题较多。',
        requirement: '健全村庄保洁和设施管护制度，落实村级网格员日常巡查责任，杜绝问题反弹。',
      },
    ],
  },
  {
    unit: '县发展和改革局',
    strengths: [
      '争取上级资金和专项债券成效明显，工作在全市考核中位列第一。',
      '重大项目要素保障有力，县级重点项目年度投资计划全面完成。',
    ],
    problems: [
      {
        text: '营商环境评价中，企业对涉企审批事项办理时限的满意度偏低。',
        requirement: '牵头梳理涉企审批事项清单，压缩办理时限，推行“一件事一次办”，明年企业满意度提高到95%以上。',
      },
    ],
  },
  {
    unit: '县交通运输综合行政执法大队',
    strengths: ['农村公路路政巡查实现全覆盖，路域环境整治取得一定成效。'],
    problems: [
      {
        text: '超限超载治理不力，被市交通运输局督查问责。',
        requirement: '完善源头治超和路面联合执法机制，建立重点货运源头企业监管台账，实现超限率明显下降。',
      },
      {
        text: '执法规范化建设不到位，执法人员作风问题被媒体曝光，服务对象满意度低于全县平均水平。',
        requirement: '开展执法作风专项整顿，严格落实行政执法“三项制度”，加强执法人员教育培训和日常监督。',
      },
    ],
  },
];
