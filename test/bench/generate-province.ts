// A generated province-scale cycle in a real SQLite file, for the benchmark
// (test/bench/run.ts): by default 3,000 subjects (1,500 units in 20 unit
// categories, 1,500 cadres in 20 cadre categories), 300 leaf indicators per
// category (900,000 score cells), 20 rater groups per subject kind (60,000
// democratic evaluation tallies) and about 3,000 bonus/deduction events.
//
// The schema comes from openDatabase (the application's own migrations); the
// rows go in through raw better-sqlite3 prepared statements in one
// transaction (kysely would take minutes for a million rows). The same
// options and seed give the same file. The JSON columns use the application's
// own schemas (categorySettingsSchema, methodSchema), as the demo plan does.
//
//   node test/bench/generate-province.ts [--subjects N] [--leaves N] [--fresh]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../electron/core/db/connection.ts';
import { createRng, type Rng } from '../../electron/core/demo/prng.ts';
import {
  DEFAULT_CADRE_EVAL_LEVELS,
  DEFAULT_CADRE_GRADE_RULES,
  DEFAULT_UNIT_EVAL_LEVELS,
  DEFAULT_UNIT_GRADE_RULES,
  categorySettingsSchema,
  methodSchema,
  type EvalLevel,
  type Method,
} from '../../shared/domain.ts';

/** Bump when the generated data changes, so that cached files are not reused. */
export const GENERATOR_VERSION = 3;

export interface ProvinceOptions {
  seed?: number;
  /** units + cadres, split half and half */
  subjects?: number;
  /** unit categories + cadre categories, split half and half */
  categories?: number;
  /** leaf indicators per category (each category has its own tree) */
  leaves?: number;
  /** rater groups per subject kind */
  raterGroups?: number;
  /** bonus/deduction events (a few of them 一票否优) */
  events?: number;
}

export type ResolvedProvinceOptions = Required<ProvinceOptions>;

export const PROVINCE_DEFAULTS: ResolvedProvinceOptions = {
  seed: 20251231,
  subjects: 3000,
  categories: 40,
  leaves: 300,
  raterGroups: 20,
  events: 3000,
};

export interface ProvinceCounts {
  unitCategories: number;
  cadreCategories: number;
  units: number;
  cadres: number;
  components: number;
  /** all nodes of all trees */
  indicators: number;
  /** leaves of all trees */
  leafIndicators: number;
  /** leaves per method type, over all trees */
  methods: Record<string, number>;
  scoreEntries: number;
  raterGroups: number;
  ballots: number;
  events: number;
  vetoTop: number;
}

export interface Province {
  file: string;
  cycleId: number;
  options: ResolvedProvinceOptions;
  counts: ProvinceCounts;
  /** seconds the generation took (when reused: the seconds it took then) */
  seconds: number;
  reused: boolean;
  /** size of the file right after generation */
  bytes: number;
}

export function resolveOptions(opts: ProvinceOptions = {}): ResolvedProvinceOptions {
  const o = { ...PROVINCE_DEFAULTS };
  for (const k of Object.keys(o) as (keyof ResolvedProvinceOptions)[]) {
    const v = opts[k];
    if (v !== undefined) {
      if (!Number.isInteger(v) || v < (k === 'events' ? 0 : 1)) throw new Error(`generateProvince: ${k} must be a positive integer, not ${v}`);
      o[k] = v;
    }
  }
  if (o.subjects < 2) throw new Error('generateProvince: at least 2 subjects (one unit, one cadre)');
  if (o.categories < 2) throw new Error('generateProvince: at least 2 categories (one of units, one of cadres)');
  return o;
}

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'electron', 'core', 'db', 'migrations');

/** The cache file in the OS temp folder for these options. */
export function cacheFile(opts: ProvinceOptions = {}): string {
  const o = resolveOptions(opts);
  // the schema is part of the key: a cached file made under other migrations is not reused
  const schema = fs.readdirSync(MIGRATIONS_DIR).sort().map((f) => fs.readFileSync(path.join(MIGRATIONS_DIR, f), 'utf8')).join('\n');
  const hash = crypto.createHash('sha256').update(JSON.stringify({ v: GENERATOR_VERSION, ...o, schema })).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `kaohe-bench-${hash}.db`);
}

function sidecar(file: string): string {
  return `${file}.json`;
}

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, sidecar(file)]) fs.rmSync(f, { force: true });
}

/**
 * Reuses the cached file for these options when it exists and is complete,
 * else generates it (also when `fresh`).
 */
export async function ensureProvince(opts: ProvinceOptions = {}, fresh = false): Promise<Province> {
  const o = resolveOptions(opts);
  const file = cacheFile(o);
  if (!fresh && fs.existsSync(file) && fs.existsSync(sidecar(file))) {
    try {
      const meta = JSON.parse(fs.readFileSync(sidecar(file), 'utf8')) as Omit<Province, 'file' | 'reused'> & { version: number };
      if (meta.version === GENERATOR_VERSION && JSON.stringify(meta.options) === JSON.stringify(o)) {
        return { file, cycleId: meta.cycleId, options: o, counts: meta.counts, seconds: meta.seconds, reused: true, bytes: meta.bytes };
      }
    } catch {
      // a damaged sidecar: generate again
    }
  }
  return generateProvince(file, o);
}

// ---- names and constants -------------------------------------------------------

const PREFECTURES = ['江城', '临川', '青州', '云岭', '安平', '东湖', '石门', '白水', '龙泉', '南山', '北固', '西岭', '长宁', '永安', '清源', '新丰'];
const UNIT_TIERS = ['一类市州', '二类市州', '一类县（市、区）', '二类县（市、区）', '三类县（市、区）', '省直党群部门', '省直经济部门', '省直社会事业部门', '省直执法监管部门', '省属企业'];
const CADRE_TIERS = ['市州党政正职', '市州党政副职', '县（市、区）党政正职', '县（市、区）党政副职', '省直部门正职', '省直部门副职', '省属企业正职', '省属企业副职'];
const UNIT_RATERS = ['省领导', '省直部门负责人', '市州领导', '班子成员', '中层干部', '下属单位负责人', '党代表', '人大代表', '政协委员', '服务对象', '群众代表', '离退休干部'];
const CADRE_RATERS = ['上级领导', '班子成员', '中层干部', '下属单位负责人', '服务对象', '党代表', '人大代表', '政协委员', '群众代表', '离退休干部'];
const L1_NAMES = ['经济发展', '改革创新', '社会民生', '生态环保', '党的建设', '安全稳定', '乡村振兴', '营商环境'];
const L2_NAMES = ['总量指标', '增速指标', '质量效益', '重点任务', '创新举措', '制度建设', '群众满意', '风险防控'];
const DEPARTMENTS = ['省发展改革委', '省统计局', '省财政厅', '省生态环境厅', '省人力资源社会保障厅', '省住房城乡建设厅', '省农业农村厅', '省商务厅', '省市场监管局', '省应急管理厅', '省委组织部', '省委宣传部'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华文斌辉建国红梅玉兰志宏海波晓东春林立新晨阳浩宇欣怡子涵俊峰';

// 加减分: per-kind caps of the bonus, a total cap, a deduction cap. The 加减分
// component's full points are the total bonus cap.
const BONUS_RULES = { kindCaps: { 荣誉表彰: 3, 争先创优: 2, 创新成果: 2 }, totalCap: 5, deductionCap: 10 };
const HONOURS = ['全国文明城市', '平安建设先进', '脱贫攻坚先进集体', '法治建设示范', '营商环境标杆', '生态文明示范', '五一劳动奖状', '三八红旗集体', '先进基层党组织', '民族团结进步示范'];
const LEVEL_NAMES = ['', '市级', '省级', '国家级'];
const DEDUCTION_TYPES = ['通报批评', '约谈问责', '督查问题', '安全生产事故', '信访问题'];

function named(base: readonly string[], i: number): string {
  const b = base[i % base.length]!;
  const round = Math.floor(i / base.length);
  return round === 0 ? b : `${b}（${round + 1}）`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Splits n into `parts` sizes that differ by at most one. */
function split(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(((i + 1) * n) / parts) - Math.floor((i * n) / parts));
}

// ---- leaf methods and their values ------------------------------------------------

function drawMethod(rng: Rng, full: number): Method {
  const u = rng.next();
  let m: unknown;
  if (u < 0.8) m = { type: 'direct' };
  else if (u < 0.85) m = { type: 'completion', target: rng.pick([100, 500, 1200]), cap: rng.chance(0.2) ? 1.1 : 1, lowerIsBetter: rng.chance(0.15) };
  else if (u < 0.89) m = { type: 'steps', threshold: 95, unit: 1, rate: round2(full / 10), direction: 'deductBelow', wholeSteps: rng.chance(0.5) };
  else if (u < 0.93)
    m = {
      type: 'bands',
      bands: [
        { min: 95, points: 1 },
        { min: 85, points: 0.8 },
        { min: 70, points: 0.6 },
        { min: 0, points: 0.3 },
      ],
      asFraction: true,
    };
  else if (u < 0.96) m = { type: 'ratioToBest', lowerIsBetter: rng.chance(0.2) };
  else m = rng.chance(0.5) ? { type: 'rank', step: round2(full / 50), min: round2(full * 0.4) } : { type: 'rank', table: [full, full * 0.95, full * 0.9, full * 0.85, full * 0.8].map(round2), min: round2(full * 0.6) };
  return methodSchema.parse(m);
}

/** A cell's value for a subject performing at `perf` (about 0.7–1.0). */
function drawValue(rng: Rng, m: Method, full: number, perf: number): number {
  switch (m.type) {
    case 'direct':
      return round2(full * Math.min(1, perf));
    case 'completion':
      return round2(m.lowerIsBetter ? m.target / Math.max(0.3, perf) : m.target * perf * rng.uniform(0.95, 1.08));
    case 'ratioToBest':
      return round2((m.lowerIsBetter ? 1 / perf : perf) * rng.uniform(600, 900));
    default: // steps, bands, rank: a percentage-like figure
      return round2(100 * perf * rng.uniform(0.97, 1.03));
  }
}

/** Votes for the levels: the top level with probability p1, the rest split by `rest`. */
function drawVotes(rng: Rng, levels: EvalLevel[], p1: number, valid: number): string {
  const rest = [0.78, 0.18, 0.04];
  const probs = [p1, ...rest.map((r) => r * (1 - p1))];
  const counts = levels.map(() => 0);
  for (let i = 0; i < valid; i++) {
    let u = rng.next();
    let k = 0;
    while (k < probs.length - 1 && (u -= probs[k]!) >= 0) k++;
    counts[k]!++;
  }
  const votes: Record<string, number> = {};
  levels.forEach((l, i) => (votes[l.name] = counts[i]!));
  return JSON.stringify(votes);
}

// ---- generation ---------------------------------------------------------------------

/**
 * Generates the province into `file` (replacing it): schema through
 * openDatabase, rows through raw prepared statements in one transaction.
 * Writes to a temporary name first and renames at the end, so an interrupted
 * run never leaves a half-filled file under the cache name.
 */
export async function generateProvince(file: string, opts: ProvinceOptions = {}): Promise<Province> {
  const o = resolveOptions(opts);
  const t0 = performance.now();
  const tmp = `${file}.tmp-${process.pid}`;
  removeDb(tmp);
  const store = await openDatabase(tmp);
  const raw = store.raw;
  const rng = createRng(o.seed);
  const now = '2025-12-31T08:00:00.000Z';

  const ins = {
    // 编制中 (draft): the only state that allows plan edits, which the benchmark times too
    cycle: raw.prepare(`insert into cycles (name, year, status, organ, settings, created_at) values (?, 2025, 'draft', ?, '{}', ?)`),
    department: raw.prepare(`insert into departments (cycle_id, name, contact) values (?, ?, '')`),
    category: raw.prepare(`insert into categories (cycle_id, kind, name, difficulty, sort_order, settings) values (?, ?, ?, ?, ?, ?)`),
    component: raw.prepare(
      `insert into components (category_id, code, name, kind, weight, full_points, normalize_to_100, apply_difficulty, params, sort_order) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    ),
    indicator: raw.prepare(
      `insert into indicators (category_id, component_id, parent_id, code, name, full_points, method, department_id, description, sort_order) values (?, ?, ?, ?, ?, ?, ?, ?, '', ?)`,
    ),
    unit: raw.prepare(`insert into units (cycle_id, category_id, code, name, sort_order) values (?, ?, ?, ?, ?)`),
    cadre: raw.prepare(`insert into cadres (cycle_id, unit_id, category_id, code, name, post, title, sort_order) values (?, ?, ?, ?, ?, ?, ?, ?)`),
    score: raw.prepare(`insert into score_entries (indicator_id, unit_id, cadre_id, value, text_value, deductions, note, updated_at, updated_by) values (?, ?, ?, ?, null, null, '', ?, null)`),
    raterGroup: raw.prepare(`insert into rater_groups (cycle_id, subject_kind, name, weight, sort_order) values (?, ?, ?, ?, ?)`),
    ballot: raw.prepare(
      `insert into eval_ballots (rater_group_id, unit_id, cadre_id, expected, present, valid, invalid, votes, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    event: raw.prepare(
      `insert into events (cycle_id, unit_id, cadre_id, kind, type, honour_key, level_rank, points, reason, evidence, occurred_on, closed_on, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)`,
    ),
  };
  const id = (r: { lastInsertRowid: number | bigint }) => Number(r.lastInsertRowid);

  const build = raw.transaction((): { cycleId: number; counts: ProvinceCounts } => {
    const cycleId = id(ins.cycle.run('2025年度全省综合考核（基准测试）', '中共某某省委组织部', now));
    const deptIds = DEPARTMENTS.map((name) => id(ins.department.run(cycleId, name)));

    const unitCats = Math.ceil(o.categories / 2);
    const cadreCats = o.categories - unitCats;
    const unitCount = Math.ceil(o.subjects / 2);
    const cadreCount = o.subjects - unitCount;
    const unitSettings = JSON.stringify(categorySettingsSchema.parse({ bonus: BONUS_RULES, grading: { ...DEFAULT_UNIT_GRADE_RULES, rounding: 'round' }, decimals: 2 }));
    const cadreSettings = JSON.stringify(categorySettingsSchema.parse({ bonus: BONUS_RULES, grading: DEFAULT_CADRE_GRADE_RULES, decimals: 2 }));
    const unitLevels = JSON.stringify({ evalLevels: DEFAULT_UNIT_EVAL_LEVELS });
    const cadreLevels = JSON.stringify({ evalLevels: DEFAULT_CADRE_EVAL_LEVELS });

    // categories, each with 实绩考核 (indicators, 70%, normalised to 100), 民主测评 (30%) and 加减分
    interface Cat {
      id: number;
      kind: 'unit' | 'cadre';
      post: 'head' | 'deputy';
      indicatorsComponent: number;
    }
    const cats: Cat[] = [];
    let components = 0;
    const catRng = rng.fork('categories');
    for (let i = 0; i < o.categories; i++) {
      const kind = i < unitCats ? 'unit' : 'cadre';
      const k = kind === 'unit' ? i : i - unitCats;
      const name = kind === 'unit' ? named(UNIT_TIERS, k) : named(CADRE_TIERS, k);
      const difficulty = kind === 'unit' ? round2(catRng.uniform(0.95, 1.05)) : 1;
      const catId = id(ins.category.run(cycleId, kind, name, difficulty, i + 1, kind === 'unit' ? unitSettings : cadreSettings));
      const sj = id(ins.component.run(catId, 'SJ', '实绩考核', 'indicators', 70, 100, 1, '{}', 1));
      ins.component.run(catId, 'MZ', '民主测评', 'democratic', 30, 100, 0, kind === 'unit' ? unitLevels : cadreLevels, 2);
      ins.component.run(catId, 'JJ', '加减分', 'bonus', null, BONUS_RULES.totalCap, 0, '{}', 3);
      components += 3;
      cats.push({ id: catId, kind, post: k % 2 === 0 ? 'head' : 'deputy', indicatorsComponent: sj });
    }

    // indicator trees: up to 6 level-1 × 5 level-2 nodes, the leaves spread
    // over the level-2 nodes (300 leaves: 6 × 5 × 10); integer leaf points,
    // inner nodes the exact sum of their children
    const treeRng = rng.fork('indicators');
    const leavesOf = new Map<number, { id: number; full: number; method: Method }[]>();
    const methods: Record<string, number> = {};
    let indicators = 0;
    for (const cat of cats) {
      const nL2 = Math.min(30, o.leaves);
      const nL1 = Math.min(6, nL2);
      const l2PerL1 = split(nL2, nL1);
      const leavesPerL2 = split(o.leaves, nL2);
      const leafFull: number[][] = leavesPerL2.map((n) => Array.from({ length: n }, () => treeRng.int(1, 6)));
      const leafMethods: Method[][] = leafFull.map((row) => row.map((full) => drawMethod(treeRng, full)));
      const leaves: { id: number; full: number; method: Method }[] = [];
      let l2 = 0;
      for (let a = 0; a < nL1; a++) {
        const l2s = Array.from({ length: l2PerL1[a]! }, (_, b) => l2 + b);
        const fullA = l2s.reduce((s, j) => s + leafFull[j]!.reduce((x, y) => x + y, 0), 0);
        const codeA = `${a + 1}`;
        const idA = id(ins.indicator.run(cat.id, cat.indicatorsComponent, null, codeA, named(L1_NAMES, a), fullA, null, null, a + 1));
        indicators++;
        l2s.forEach((j, b) => {
          const fullB = leafFull[j]!.reduce((x, y) => x + y, 0);
          const codeB = `${codeA}.${b + 1}`;
          const idB = id(ins.indicator.run(cat.id, cat.indicatorsComponent, idA, codeB, `${named(L1_NAMES, a)}${named(L2_NAMES, b)}`, fullB, null, null, b + 1));
          indicators++;
          leafFull[j]!.forEach((full, c) => {
            const method = leafMethods[j]![c]!;
            const codeC = `${codeB}.${c + 1}`;
            const dept = deptIds[(a * 7 + b * 3 + c) % deptIds.length]!;
            const leafId = id(ins.indicator.run(cat.id, cat.indicatorsComponent, idB, codeC, `指标${codeC}`, full, JSON.stringify(method), dept, c + 1));
            indicators++;
            methods[method.type] = (methods[method.type] ?? 0) + 1;
            leaves.push({ id: leafId, full, method });
          });
        });
        l2 += l2PerL1[a]!;
      }
      leavesOf.set(cat.id, leaves);
    }

    // units, then cadres (each belongs to a unit)
    const unitCatList = cats.filter((c) => c.kind === 'unit');
    const cadreCatList = cats.filter((c) => c.kind === 'cadre');
    const nameRng = rng.fork('names');
    const surnames = [...SURNAMES];
    const given = [...GIVEN];
    const personName = () => nameRng.pick(surnames) + nameRng.pick(given) + (nameRng.chance(0.6) ? nameRng.pick(given) : '');
    interface Subject {
      kind: 'unit' | 'cadre';
      id: number;
      categoryId: number;
      quality: number;
    }
    const subjects: Subject[] = [];
    const qualityRng = rng.fork('quality');
    const unitIds: number[] = [];
    let sort = 0;
    split(unitCount, unitCats).forEach((n, ci) => {
      const cat = unitCatList[ci]!;
      for (let j = 0; j < n; j++) {
        const no = unitIds.length + 1;
        const uid = id(ins.unit.run(cycleId, cat.id, `DW${String(no).padStart(4, '0')}`, `${named(PREFECTURES, no - 1)}第${Math.floor((no - 1) / PREFECTURES.length) + 1}单位`, ++sort));
        unitIds.push(uid);
        subjects.push({ kind: 'unit', id: uid, categoryId: cat.id, quality: qualityRng.uniform(0.78, 0.96) });
      }
    });
    let cadreNo = 0;
    split(cadreCount, Math.max(1, cadreCats)).forEach((n, ci) => {
      const cat = cadreCatList[ci]!;
      for (let j = 0; j < n; j++) {
        cadreNo++;
        const unitId = unitIds[(cadreNo - 1) % unitIds.length]!;
        const title = cat.post === 'head' ? '党委（党组）书记' : '党委（党组）成员、副职';
        const cid = id(ins.cadre.run(cycleId, unitId, cat.id, `GB${String(cadreNo).padStart(5, '0')}`, personName(), cat.post, title, cadreNo));
        subjects.push({ kind: 'cadre', id: cid, categoryId: cat.id, quality: qualityRng.uniform(0.78, 0.96) });
      }
    });

    // score cells: every leaf of its category for every subject
    const scoreRng = rng.fork('scores');
    let scoreEntries = 0;
    for (const s of subjects) {
      const uid = s.kind === 'unit' ? s.id : null;
      const cid = s.kind === 'cadre' ? s.id : null;
      for (const leaf of leavesOf.get(s.categoryId)!) {
        const perf = clamp(s.quality + scoreRng.normal(0, 0.04), 0.4, 1.02);
        ins.score.run(leaf.id, uid, cid, drawValue(scoreRng, leaf.method, leaf.full, perf), now);
        scoreEntries++;
      }
    }

    // rater groups (per subject kind) and one ballot per subject and group of its kind
    const raterRng = rng.fork('raters');
    const raterIds = { unit: [] as number[], cadre: [] as number[] };
    for (const kind of ['unit', 'cadre'] as const) {
      for (let g = 0; g < o.raterGroups; g++) {
        const name = kind === 'unit' ? named(UNIT_RATERS, g) : named(CADRE_RATERS, g);
        raterIds[kind].push(id(ins.raterGroup.run(cycleId, kind, name, raterRng.int(5, 30), g + 1)));
      }
    }
    const voteRng = rng.fork('ballots');
    let ballots = 0;
    for (const s of subjects) {
      const levels = s.kind === 'unit' ? DEFAULT_UNIT_EVAL_LEVELS : DEFAULT_CADRE_EVAL_LEVELS;
      for (const rg of raterIds[s.kind]) {
        const expected = voteRng.int(8, 40);
        const present = expected - (voteRng.chance(0.5) ? voteRng.int(0, Math.floor(expected * 0.1)) : 0);
        const invalid = voteRng.chance(0.2) ? 1 : 0;
        const valid = present - invalid;
        const p1 = clamp(0.3 + (s.quality - 0.8) * 3 + voteRng.normal(0, 0.05), 0.08, 0.95);
        ins.ballot.run(rg, s.kind === 'unit' ? s.id : null, s.kind === 'cadre' ? s.id : null, expected, present, valid, invalid, drawVotes(voteRng, levels, p1, valid), now);
        ballots++;
      }
    }

    // events: bonuses of the capped kinds (honours at several levels), deductions, a few 一票否优
    const eventRng = rng.fork('events');
    const vetoTop = o.events === 0 ? 0 : Math.max(1, Math.round(o.events / 600));
    for (let e = 0; e < o.events; e++) {
      const s = eventRng.pick(subjects);
      const uid = s.kind === 'unit' ? s.id : null;
      const cid = s.kind === 'cadre' ? s.id : null;
      const on = `2025-${String(eventRng.int(1, 12)).padStart(2, '0')}-${String(eventRng.int(1, 28)).padStart(2, '0')}`;
      const evidence = `某办发〔2025〕${eventRng.int(1, 200)}号`;
      if (e < vetoTop) {
        ins.event.run(cycleId, uid, cid, 'veto_top', '一票否优', null, null, 0, '发生较大负面事件，实行一票否优', evidence, on, now);
        continue;
      }
      const u = eventRng.next();
      if (u < 0.3) {
        const honour = eventRng.pick(HONOURS);
        const level = eventRng.int(1, 3);
        ins.event.run(cycleId, uid, cid, 'bonus', '荣誉表彰', honour, level, level, `获${LEVEL_NAMES[level]}“${honour}”表彰`, evidence, on, now);
      } else if (u < 0.45) {
        ins.event.run(cycleId, uid, cid, 'bonus', '争先创优', null, null, eventRng.pick([0.5, 1, 1.5]), '工作获上级通报表扬', evidence, on, now);
      } else if (u < 0.55) {
        ins.event.run(cycleId, uid, cid, 'bonus', '创新成果', null, null, eventRng.pick([0.5, 1]), '改革创新经验在全省推广', evidence, on, now);
      } else {
        const type = eventRng.pick(DEDUCTION_TYPES);
        ins.event.run(cycleId, uid, cid, 'deduction', type, null, null, eventRng.pick([0.5, 1, 2, 3]), `${type}，按规定扣分`, evidence, on, now);
      }
    }

    return {
      cycleId,
      counts: {
        unitCategories: unitCats,
        cadreCategories: cadreCats,
        units: unitCount,
        cadres: cadreCount,
        components,
        indicators,
        leafIndicators: [...leavesOf.values()].reduce((s, l) => s + l.length, 0),
        methods,
        scoreEntries,
        raterGroups: 2 * o.raterGroups,
        ballots,
        events: o.events,
        vetoTop,
      },
    };
  });

  let built: { cycleId: number; counts: ProvinceCounts };
  try {
    built = build();
    // bulk inserts with the indexes in place interleave table and index pages;
    // a vacuumed file is what a database looks like after the office's routine
    // maintenance, and what both the reference and the recompute then read
    raw.exec('VACUUM; ANALYZE');
    raw.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await store.close();
  }
  removeDb(file);
  fs.renameSync(tmp, file);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${tmp}${suffix}`, { force: true });
  const seconds = (performance.now() - t0) / 1000;
  const bytes = fs.statSync(file).size;
  const province: Province = { file, cycleId: built.cycleId, options: o, counts: built.counts, seconds, reused: false, bytes };
  fs.writeFileSync(sidecar(file), JSON.stringify({ version: GENERATOR_VERSION, cycleId: built.cycleId, options: o, counts: built.counts, seconds, bytes }, null, 2));
  return province;
}

// ---- command line ---------------------------------------------------------------------

/** --subjects N --categories N --leaves N --rater-groups N --events N --seed N */
export function optionsFromArgs(argv: string[]): ProvinceOptions {
  const opts: ProvinceOptions = {};
  const flags: Record<string, keyof ProvinceOptions> = {
    '--subjects': 'subjects',
    '--categories': 'categories',
    '--leaves': 'leaves',
    '--rater-groups': 'raterGroups',
    '--events': 'events',
    '--seed': 'seed',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const key = flags[flag];
    if (!key) continue;
    const text = inline ?? argv[++i];
    const n = Number(text);
    if (!Number.isInteger(n)) throw new Error(`${flag} wants an integer, not ${text}`);
    opts[key] = n;
  }
  return opts;
}

export function describeProvince(p: Province): string {
  const c = p.counts;
  const methods = Object.entries(c.methods)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `${p.reused ? 'reused' : 'generated'} ${p.file} (${(p.bytes / 2 ** 20).toFixed(0)} MiB), cycle ${p.cycleId}, generation ${p.seconds.toFixed(1)} s${p.reused ? ' when it was made' : ''}`,
    `  ${c.units} units in ${c.unitCategories} categories, ${c.cadres} cadres in ${c.cadreCategories} categories; ${c.indicators} indicators (${c.leafIndicators} leaves: ${methods})`,
    `  ${c.scoreEntries} score cells, ${c.raterGroups} rater groups, ${c.ballots} ballots, ${c.events} events (${c.vetoTop} 一票否优)`,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const p = await ensureProvince(optionsFromArgs(process.argv.slice(2)), process.argv.includes('--fresh'));
  console.log(describeProvince(p));
}
