// Name material of the demo plan: an invented county (清河县), its townships
// and departments as a county's assessment office would list them, and a
// generator of ordinary Chinese personal names. Places and people are
// invented; the structure and the vocabulary are those of real plans.
import type { Rng } from './prng.ts';

export const COUNTY = '清河县';
export const ORGAN = '中共清河县委组织部';
/** 县委考核办: scores routine (平时) assessment and the individual (个性) indicators */
export const ASSESSMENT_OFFICE = '县委考核办';

// ---- assessed units ------------------------------------------------------

export interface UnitSeed {
  name: string;
  /** head's title (正职), e.g. "党组书记、局长" */
  head: string;
  /** deputies' titles (副职), in order; the first n are used */
  deputies: string[];
  /** a fixed quality (0..1) for the units the demo needs strong or weak; others are drawn */
  quality?: number;
}

export interface UnitCategorySeed {
  name: string;
  kind: 'township' | 'department';
  difficulty: number;
  codePrefix: 'XZ' | 'BM';
  /** how many deputies each unit of the category has: [min, max] */
  deputies: [number, number];
  units: UnitSeed[];
}

function town(name: string, quality?: number): UnitSeed {
  const street = name.endsWith('街道');
  const xiang = name.endsWith('乡');
  if (street) {
    return {
      name,
      head: '党工委书记',
      deputies: ['党工委副书记、办事处主任', '党工委副书记', '人大工委主任', '党工委委员、纪工委书记', '党工委委员、组织委员', '党工委委员、办事处副主任', '办事处副主任'],
      quality,
    };
  }
  const chief = xiang ? '乡长' : '镇长';
  return {
    name,
    head: '党委书记',
    deputies: [`党委副书记、${chief}`, '党委副书记', '人大主席', '党委委员、纪委书记', '党委委员、组织委员', `党委委员、副${chief}`, `副${chief}`],
    quality,
  };
}

type TitleSet = 'bureau' | 'partyDept' | 'office' | 'committee' | 'league' | 'federation' | 'centre' | 'police' | 'brigade' | 'zone' | 'disabled';
const TITLES: Record<TitleSet, { head: string; deputies: string[] }> = {
  bureau: { head: '党组书记、局长', deputies: ['党组成员、副局长', '党组成员、副局长', '党组成员、副局长', '副局长', '副局长'] },
  partyDept: { head: '部长', deputies: ['常务副部长', '副部长', '副部长', '副部长', '副部长'] },
  office: { head: '主任', deputies: ['常务副主任', '副主任', '副主任', '副主任', '副主任'] },
  committee: { head: '书记', deputies: ['常务副书记', '副书记', '副书记', '委员', '委员'] },
  league: { head: '书记', deputies: ['副书记', '副书记', '副书记', '副书记', '副书记'] },
  federation: { head: '党组书记、主席', deputies: ['党组成员、副主席', '副主席', '副主席', '副主席', '副主席'] },
  centre: { head: '党组书记、主任', deputies: ['党组成员、副主任', '副主任', '副主任', '副主任', '副主任'] },
  police: { head: '党委书记、局长', deputies: ['党委委员、政治委员', '党委委员、副局长', '党委委员、副局长', '党委委员、副局长', '副局长'] },
  brigade: { head: '大队长', deputies: ['教导员', '副大队长', '副大队长', '副大队长', '副大队长'] },
  zone: { head: '党工委书记、主任', deputies: ['党工委副书记、常务副主任', '党工委委员、副主任', '党工委委员、副主任', '副主任', '副主任'] },
  disabled: { head: '党组书记、理事长', deputies: ['党组成员、副理事长', '副理事长', '副理事长', '副理事长', '副理事长'] },
};

function dept(name: string, titles: TitleSet, quality?: number): UnitSeed {
  const t = TITLES[titles];
  return { name, head: t.head, deputies: [...t.deputies], quality };
}

/** The plan's unit categories, in the plan's order. */
export const UNIT_CATEGORIES: UnitCategorySeed[] = [
  {
    name: '一类乡镇',
    kind: 'township',
    difficulty: 1.0,
    codePrefix: 'XZ',
    deputies: [7, 7],
    units: [town('城关镇', 0.95), town('东城街道'), town('西城街道'), town('柳林镇', 0.955), town('河口镇')],
  },
  {
    name: '二类乡镇',
    kind: 'township',
    difficulty: 0.9,
    codePrefix: 'XZ',
    deputies: [6, 7],
    units: [town('石桥镇', 0.94), town('白马镇'), town('龙泉镇'), town('双河镇')],
  },
  {
    name: '三类乡镇',
    kind: 'township',
    difficulty: 0.8,
    codePrefix: 'XZ',
    deputies: [6, 6],
    units: [town('青山乡', 0.935), town('梨园乡'), town('桃源乡', 0.77)],
  },
  {
    name: '党群部门',
    kind: 'department',
    difficulty: 1.0,
    codePrefix: 'BM',
    deputies: [4, 5],
    units: [
      dept('县委办公室', 'office'),
      dept('县委组织部', 'partyDept', 0.95),
      dept('县委宣传部', 'partyDept'),
      dept('县委统战部', 'partyDept'),
      dept('县委政法委', 'committee'),
      dept('县直机关工委', 'committee'),
      dept('团县委', 'league'),
      dept('县妇联', 'federation'),
    ],
  },
  {
    name: '综合管理部门',
    kind: 'department',
    difficulty: 1.0,
    codePrefix: 'BM',
    deputies: [4, 5],
    units: [
      dept('县政府办公室', 'office'),
      dept('县发展和改革局', 'bureau', 0.95),
      dept('县财政局', 'bureau'),
      dept('县审计局', 'bureau'),
      dept('县统计局', 'bureau'),
      dept('县人力资源和社会保障局', 'bureau'),
      dept('县信访局', 'bureau'),
      dept('县机关事务服务中心', 'centre'),
    ],
  },
  {
    name: '经济发展部门',
    kind: 'department',
    difficulty: 1.0,
    codePrefix: 'BM',
    deputies: [4, 5],
    units: [
      dept('县科技和工业信息化局', 'bureau'),
      dept('县商务局', 'bureau', 0.945),
      dept('县农业农村局', 'bureau'),
      dept('县住房和城乡建设局', 'bureau'),
      dept('县交通运输局', 'bureau'),
      dept('县水利局', 'bureau'),
      dept('县自然资源和规划局', 'bureau'),
      dept('县投资促进中心', 'centre'),
      dept('清河经济开发区管委会', 'zone'),
    ],
  },
  {
    name: '社会事业部门',
    kind: 'department',
    difficulty: 1.0,
    codePrefix: 'BM',
    deputies: [4, 5],
    units: [
      dept('县教育局', 'bureau'),
      dept('县卫生健康局', 'bureau', 0.95),
      dept('县民政局', 'bureau'),
      dept('县文化和旅游体育局', 'bureau'),
      dept('县退役军人事务局', 'bureau'),
      dept('县医疗保障局', 'bureau'),
      dept('县融媒体中心', 'centre'),
      dept('县残疾人联合会', 'disabled'),
    ],
  },
  {
    name: '执法监管部门',
    kind: 'department',
    difficulty: 1.0,
    codePrefix: 'BM',
    deputies: [4, 5],
    units: [
      dept('县公安局', 'police'),
      dept('县司法局', 'bureau'),
      dept('县市场监督管理局', 'bureau', 0.945),
      dept('县应急管理局', 'bureau'),
      dept('县城市管理综合行政执法局', 'bureau'),
      dept('市生态环境局清河分局', 'bureau'),
      dept('县交通运输综合行政执法大队', 'brigade', 0.765),
    ],
  },
];

/** Cadre categories: [name, township?, head?] */
export const CADRE_CATEGORIES = [
  { name: '乡镇正职', township: true, post: 'head' },
  { name: '乡镇副职', township: true, post: 'deputy' },
  { name: '部门正职', township: false, post: 'head' },
  { name: '部门副职', township: false, post: 'deputy' },
] as const;

// ---- responsible departments (责任单位) ----------------------------------

/** The departments that supply indicator scores and figures. */
export const RESPONSIBLE_DEPARTMENTS = [
  ASSESSMENT_OFFICE,
  '县委督查室',
  '县委组织部',
  '县委宣传部',
  '县委统战部',
  '县委政法委',
  '县直机关工委',
  '县委保密办',
  '县纪委监委',
  '县统计局',
  '县财政局',
  '县发展和改革局',
  '县商务局',
  '县投资促进中心',
  '县科技和工业信息化局',
  '县农业农村局',
  '县人力资源和社会保障局',
  '县医疗保障局',
  '县信访局',
  '县应急管理局',
  '市生态环境局清河分局',
  '县司法局',
  '县政务服务中心',
  '县营商环境办',
] as const;
export type ResponsibleDepartment = (typeof RESPONSIBLE_DEPARTMENTS)[number];

// ---- personal names ------------------------------------------------------

// By rough frequency: the first ones are drawn more often.
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗',
  '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '肖', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕',
  '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎', '余', '潘', '杜', '戴', '夏', '钟', '汪', '田', '任', '姜',
  '范', '方', '石', '姚', '谭', '廖', '邹', '熊', '金', '陆', '郝', '孔', '白', '崔', '康', '毛', '邱', '秦', '江', '史',
  '顾', '侯', '邵', '孟', '龙', '万', '段', '雷', '钱', '汤', '尹', '黎', '易', '常', '武', '乔', '贺', '赖', '龚', '文',
];
const MALE_FIRST = ['建', '国', '志', '文', '明', '永', '海', '春', '立', '新', '学', '宏', '德', '振', '家', '庆', '长', '成', '东', '光', '卫', '世', '晓', '俊', '天', '云', '浩', '子', '正', '向', '鸿', '少', '红', '玉', '金', '兴', '继', '启', '广', '胜'];
const MALE_SECOND = ['军', '华', '平', '强', '峰', '涛', '斌', '辉', '刚', '勇', '杰', '鹏', '飞', '龙', '磊', '洋', '宇', '东', '林', '波', '明', '亮', '超', '伟', '锋', '坤', '健', '彬', '凯', '忠', '民', '生', '荣', '贵', '山', '松', '良', '军', '进', '武'];
const FEMALE_FIRST = ['秀', '玉', '丽', '晓', '雪', '海', '红', '春', '美', '桂', '淑', '丹', '文', '静', '艳', '慧', '思', '雅', '婉', '彩', '爱', '凤', '银', '翠', '金', '小', '亚', '晶', '冬', '月'];
const FEMALE_SECOND = ['芳', '敏', '静', '燕', '霞', '娟', '婷', '琳', '颖', '蕾', '洁', '梅', '兰', '萍', '英', '华', '玲', '丽', '娜', '红', '莉', '琴', '云', '青', '霞', '欣', '倩', '瑶', '慧', '荣'];

// Names of well-known people (leaders past and present, officials in the
// news, athletes, artists, entrepreneurs) that the material below could
// produce: the generator never gives them.
const AVOID = new Set([
  '李强', '王毅', '王勇', '王晨', '李希', '蔡奇', '韩正', '汪洋', '刘鹤', '李鹏', '王岐山', '胡春华', '孙春兰', '张国清', '贺国强',
  '黄坤明', '陈敏尔', '李鸿忠', '马兴瑞', '王小洪', '尹力', '何立峰', '刘国中', '陈吉宁', '袁家军', '李干杰', '石泰峰', '李书磊',
  '王建国', '李建国', '张军', '周强', '曹建明', '张平', '马凯', '王刚', '范长龙', '郭金龙', '王东明', '李金华', '秦刚', '董军',
  '何卫东', '王文涛', '王志刚', '王广华', '王晓萍', '王凯', '沈晓明', '林武', '陈刚', '刘志军', '万庆良', '苏荣', '李东生', '陈云',
  '江青', '贺龙', '叶飞', '杨勇', '王平', '王震', '史良', '黄华', '余华', '杨丽萍', '高晓松', '崔健', '韩红', '谢娜', '张杰',
  '杨洋', '朱军', '李健', '汪峰', '周涛', '刘涛', '陈红', '董洁', '黄磊', '陈坤', '胡军', '邓超', '田华', '马云', '雷军', '丁磊',
  '郎平', '李娜', '姚明', '刘翔', '成龙', '莫言', '王菲', '刘德华', '张艺谋', '黄晓明', '孙俪', '杨利伟', '王亚平', '刘洋', '刘伟',
  '张勇', '王兵', '孙杨', '林丹', '马龙', '刘国梁', '邓亚萍', '王楠', '张怡宁', '丁宁', '许海峰', '李宁', '朱婷', '田亮',
]);

export interface NameMaker {
  /** a new, unused personal name */
  next(female?: boolean): string;
}

/** `used` may be shared between makers so that no two people of the plan have the same name. */
export function nameMaker(rng: Rng, used: Set<string> = new Set()): NameMaker {
  const draw = (female: boolean): string => {
    // skewed towards the common surnames
    const surname = SURNAMES[Math.floor(SURNAMES.length * rng.next() ** 1.7)] as string;
    const first = female ? FEMALE_FIRST : MALE_FIRST;
    const second = female ? FEMALE_SECOND : MALE_SECOND;
    const given = rng.chance(0.15) ? rng.pick(second) : rng.pick(first) + rng.pick(second);
    return surname + given;
  };
  return {
    next(female = false) {
      for (let i = 0; i < 1000; i++) {
        const n = draw(female);
        if (!used.has(n) && !AVOID.has(n) && n[1] !== n[2]) {
          used.add(n);
          return n;
        }
      }
      throw new Error('name pool exhausted');
    },
  };
}

/** An office telephone number of the county (fictitious). */
export function phone(rng: Rng): string {
  return `${rng.int(6012000, 6098999)}`;
}
