// The short notations of the workbook's cells, both ways: a method's
// parameters (“低于=6.5；每=0.5；扣=1”), lists (“优秀、良好、一般、较差”),
// pairs (“荣誉表彰:3；争先创优:2”), yes/no. Each parser returns the value
// or a Chinese sentence saying what is wrong; each formatter writes what
// its parser reads back.
import { formatDeductions, parseDeductions } from '../../../shared/deductions.ts';
import { METHOD_LABELS, SANCTION_EFFECT_LABELS, type Method, type SanctionEffect } from '../../../shared/domain.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

/** Numbers are written as given, not rounded for display, so that they read back the same. */
const fmt = (x: number): string => String(x);

const NUM = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (NUM.test(t)) return Number(t);
  return null;
}

/** 1/3, 33.3%, 0.3333 → a share 0..1 */
function parseShare(text: string): number | null {
  const t = text.trim();
  const frac = /^(\d+)\s*\/\s*(\d+)$/.exec(t);
  if (frac) return Number(frac[1]) / Number(frac[2]);
  if (/[%％]$/.test(t)) {
    const n = parseNumber(t.slice(0, -1));
    return n === null ? null : n / 100;
  }
  return parseNumber(t);
}

function formatShare(x: number): string {
  for (const d of [2, 3, 4, 5, 6]) for (let n = 1; n < d; n++) if (Math.abs(x - n / d) < 1e-9) return `${n}/${d}`;
  return `${String(Number((x * 100).toPrecision(12)))}%`;
}

const YES = new Set(['是', 'true', '1', 'y', 'yes', '√', '✓', '对']);
const NO = new Set(['否', 'false', '0', 'n', 'no', '×', '✗', '不']);

export function parseBool(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return null;
}

export const formatBool = (b: boolean): string => (b ? '是' : '否');

/** Items of a cell: separated by “；”, “;” or line breaks. */
export function splitItems(text: string): string[] {
  return text
    .split(/[；;\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A list inside one item: separated by “，”, “,”, “、” (or “；”). */
export function splitList(text: string): string[] {
  return text
    .split(/[，,、；;\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** “key:value” (or “：”, “=”) split at the first separator. */
function splitPair(item: string): [string, string] | null {
  const m = /^(.*?)\s*[=＝:：]\s*(.*)$/.exec(item);
  return m ? [m[1]!.trim(), m[2]!.trim()] : null;
}

/** “荣誉表彰:3；争先创优:2” → { 荣誉表彰: 3, 争先创优: 2 } */
export function parseNumberPairs(text: string): Parsed<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const item of splitList(text)) {
    const pair = splitPair(item);
    const n = pair ? parseNumber(pair[1].replace(/[%％]$/, '')) : null;
    if (!pair || pair[0] === '' || n === null) return fail(`“${item}”应写成“名称:数字”，多项之间用“；”分隔`);
    out[pair[0]] = n;
  }
  return ok(out);
}

export function formatNumberPairs(pairs: Record<string, number>): string {
  return Object.entries(pairs)
    .map(([k, v]) => `${k}:${fmt(v)}`)
    .join('；');
}

// ---- deduction lists (扣分制) ---------------------------------------------------------------------

/** “迟报材料扣0.5分；通报批评扣1分” → occurrences, or what is wrong (shared/deductions.ts) */
export function parseDeductionText(text: string): { points: number; reason: string }[] | string {
  const r = parseDeductions(text);
  return r.ok ? r.items : r.message;
}

export { formatDeductions };

// ---- settings notations ----------------------------------------------------------------------------

/** “良好:80；一般:60” → bands of the total */
export function parseBands(text: string): Parsed<{ grade: string; minTotal: number }[]> {
  const pairs = parseNumberPairs(text);
  if (!pairs.ok) return fail(pairs.error.replace('名称', '等次'));
  return ok(Object.entries(pairs.value).map(([grade, minTotal]) => ({ grade, minTotal })));
}

export const formatBands = (bands: { grade: string; minTotal: number }[]): string => bands.map((b) => `${b.grade}:${fmt(b.minTotal)}`).join('；');

/** “DJ:90” */
export function parseComponentMin(text: string): Parsed<{ component: string; min: number }> {
  const pair = splitPair(text.trim());
  const n = pair ? parseNumber(pair[1]) : null;
  if (!pair || n === null || pair[0] === '') return fail(`“${text}”应写成“构成代码:最低分”，如 DJ:90`);
  return ok({ component: pair[0], min: n });
}

/** “FZ×DJ÷80”: base × factor ÷ reference */
export function parseMultiplier(text: string): Parsed<{ base: string; factor: string; reference: number }> {
  const m = /^\s*([^\s×xX*÷/]+)\s*[×xX*]\s*[（(]?\s*([^\s×xX*÷/()（）]+)\s*[÷/]\s*([\d.]+)\s*[)）]?\s*$/.exec(text);
  if (!m) return fail(`“${text}”应写成“基础构成代码×系数构成代码÷基准分”，如 FZ×DJ÷80`);
  return ok({ base: m[1]!, factor: m[2]!, reference: Number(m[3]) });
}

export const formatMultiplier = (m: { base: string; factor: string; reference: number }): string => `${m.base}×${m.factor}÷${fmt(m.reference)}`;

type VoteRule = { levels: string[]; op: 'above' | 'below'; share: number; label: string };

/** “不称职>1/3:不称职人选；优秀<1/2:不宜提拔；优秀+称职<2/3:诫勉” (the label after the colon may be left out) */
export function parseVoteRules(text: string): Parsed<VoteRule[]> {
  const out: VoteRule[] = [];
  for (const item of splitItems(text)) {
    const m = /^(.+?)\s*([>＞<＜])\s*([^:：]+?)\s*(?:[:：]\s*(.+))?$/.exec(item);
    const share = m ? parseShare(m[3]!) : null;
    if (!m || share === null) return fail(`“${item}”应写成“不称职>1/3:不称职人选”或“优秀+称职<2/3:诫勉”`);
    const levels = m[1]!.split(/[+＋]/).map((x) => x.trim()).filter(Boolean);
    const op = m[2] === '>' || m[2] === '＞' ? 'above' : 'below';
    out.push({ levels, op, share, label: m[4]?.trim() || `${levels.join('+')}票${op === 'above' ? '过多' : '不足'}` });
  }
  return ok(out);
}

export const formatVoteRules = (rules: VoteRule[]): string =>
  rules.length === 0 ? '无' : rules.map((r) => `${r.levels.join('+')}${r.op === 'above' ? '>' : '<'}${formatShare(r.share)}:${r.label}`).join('；');

const EFFECT_BY_LABEL = new Map<string, SanctionEffect>(Object.entries(SANCTION_EFFECT_LABELS).flatMap(([k, v]) => [[v, k as SanctionEffect], [k, k as SanctionEffect]]));

/** “警告:不得评为优秀；记过:当年不确定等次” */
export function parseSanctions(text: string): Parsed<Record<string, SanctionEffect>> {
  const out: Record<string, SanctionEffect> = {};
  for (const item of splitItems(text)) {
    const pair = splitPair(item);
    const effect = pair ? EFFECT_BY_LABEL.get(pair[1]) : undefined;
    if (!pair || !effect) return fail(`“${item}”应写成“处分类别:影响”，影响为 ${Object.values(SANCTION_EFFECT_LABELS).join('、')} 之一`);
    out[pair[0]] = effect;
  }
  return ok(out);
}

export const formatSanctions = (s: Record<string, SanctionEffect>): string =>
  Object.entries(s)
    .map(([k, v]) => `${k}:${SANCTION_EFFECT_LABELS[v]}`)
    .join('；');

/** “好:1；较好:0.8；一般:0.6；差:0” → eval levels */
export function parseEvalLevels(text: string): Parsed<{ name: string; coef: number }[]> {
  const pairs = parseNumberPairs(text);
  if (!pairs.ok) return fail(pairs.error.replace('名称', '等次'));
  return ok(Object.entries(pairs.value).map(([name, coef]) => ({ name, coef })));
}

export const formatEvalLevels = (levels: { name: string; coef: number }[]): string => levels.map((l) => `${l.name}:${fmt(l.coef)}`).join('；');

// ---- scoring methods -----------------------------------------------------------------------------------

const METHOD_ALIASES: Record<string, Method['type']> = {
  直接评分: 'direct',
  直接打分: 'direct',
  直接: 'direct',
  完成率: 'completion',
  标杆比较: 'ratioToBest',
  标杆: 'ratioToBest',
  位次赋分: 'rank',
  位次: 'rank',
  排名: 'rank',
  '每…扣/加…分': 'steps',
  '每...扣/加...分': 'steps',
  每扣加分: 'steps',
  按步长: 'steps',
  阶梯扣分: 'steps',
  区间赋分: 'bands',
  区间: 'bands',
  分档: 'bands',
  插值计分: 'interpolation',
  插值: 'interpolation',
  定性等级: 'letter',
  等级: 'letter',
  扣分制: 'deduction',
  扣分: 'deduction',
};
for (const [type, label] of Object.entries(METHOD_LABELS)) METHOD_ALIASES[label] = type as Method['type'];
for (const type of Object.keys(METHOD_LABELS)) METHOD_ALIASES[type] = type as Method['type'];

export function parseMethodType(text: string): Method['type'] | null {
  return METHOD_ALIASES[text.trim()] ?? METHOD_ALIASES[text.trim().toLowerCase()] ?? null;
}

export const methodLabel = (type: Method['type']): string => METHOD_LABELS[type];

const KEY_ALIASES: Record<string, string> = {
  目标: 'target',
  目标值: 'target',
  上限: 'cap',
  越低越好: 'lowerIsBetter',
  步长: 'step',
  最低: 'min',
  最低分: 'min',
  分值表: 'table',
  倒数: 'fromBottom',
  从末位: 'fromBottom',
  标准: 'threshold',
  标准值: 'threshold',
  阈值: 'threshold',
  每: 'unit',
  单位: 'unit',
  方向: 'direction',
  整步: 'wholeSteps',
  基础分: 'base',
  超额上限: 'excessCap',
  档: 'bands',
  分档: 'bands',
  按比例: 'asFraction',
  档位: 'levels',
  等级: 'letters',
};

const DIRECTIONS: Record<string, 'deductBelow' | 'deductAbove' | 'addAbove'> = {
  低于扣分: 'deductBelow',
  高于扣分: 'deductAbove',
  超过扣分: 'deductAbove',
  高于加分: 'addAbove',
  超过加分: 'addAbove',
  deductBelow: 'deductBelow',
  deductAbove: 'deductAbove',
  addAbove: 'addAbove',
};

const BOOL_KEYS = new Set(['lowerIsBetter', 'fromBottom', 'wholeSteps', 'asFraction']);
const NUMBER_KEYS = new Set(['target', 'cap', 'step', 'min', 'threshold', 'unit', 'rate', 'base', 'excessCap']);

/**
 * The parameters of a method as the workbook writes them, into the method
 * object (not yet validated: the plan schema does that, naming the cell).
 * JSON (“{ "target": 100 }”) is read too.
 */
export function parseMethodParams(type: Method['type'], text: string): Parsed<Record<string, unknown>> {
  const out: Record<string, unknown> = { type };
  const t = text.trim();
  if (t === '') return ok(out);
  if (t.startsWith('{')) {
    try {
      const obj = JSON.parse(t) as Record<string, unknown>;
      return ok({ ...obj, type });
    } catch {
      return fail(`参数“${t}”不是有效的 JSON`);
    }
  }
  let rateSign: 'deduct' | 'add' | null = null;
  let side: 'below' | 'above' | null = null;
  for (const item of splitItems(t)) {
    const pair = splitPair(item);
    if (!pair) return fail(`参数“${item}”应写成“名称=值”，多项之间用“；”分隔`);
    const [rawKey, value] = pair;
    let key = KEY_ALIASES[rawKey] ?? rawKey;
    if (rawKey === '低于' || rawKey === '高于' || rawKey === '超过') {
      side = rawKey === '低于' ? 'below' : 'above';
      key = 'threshold';
    }
    if (rawKey === '扣' || rawKey === '加' || rawKey === '扣分' || rawKey === '加分' || rawKey === '每单位分') {
      rateSign = rawKey.startsWith('加') ? 'add' : rawKey.startsWith('扣') ? 'deduct' : rateSign;
      key = 'rate';
    }
    if (BOOL_KEYS.has(key)) {
      const b = parseBool(value);
      if (b === null) return fail(`参数“${rawKey}”应为“是”或“否”，实际是“${value}”`);
      out[key] = b;
    } else if (NUMBER_KEYS.has(key)) {
      const n = key === 'cap' && /[%％]$/.test(value) ? (parseNumber(value.slice(0, -1)) ?? NaN) / 100 : parseNumber(value);
      if (n === null || Number.isNaN(n)) return fail(`参数“${rawKey}”应为数字，实际是“${value}”`);
      out[key] = n;
    } else if (key === 'direction') {
      const d = DIRECTIONS[value];
      if (!d) return fail(`参数“方向”应为 低于扣分、高于扣分、高于加分 之一，实际是“${value}”`);
      out.direction = d;
    } else if (key === 'table') {
      const nums = splitList(value).map(parseNumber);
      if (nums.some((n) => n === null)) return fail(`参数“分值表”应为用“，”分隔的数字，如 10，9，8，实际是“${value}”`);
      out.table = nums;
    } else if (key === 'bands') {
      const bands: { min: number; max?: number; points: number }[] = [];
      for (const b of splitList(value)) {
        const m = /^([-+]?[\d.]+)\s*[~～至]\s*([-+]?[\d.]+)?\s*[:：]\s*([\d.]+)$/.exec(b);
        if (!m) return fail(`分档“${b}”应写成“下限~上限:分数”，最高一档可省略上限，如 95~:10`);
        bands.push({ min: Number(m[1]), ...(m[2] !== undefined ? { max: Number(m[2]) } : {}), points: Number(m[3]) });
      }
      out.bands = bands;
    } else if (key === 'levels') {
      const levels: { name: string; threshold: number; coef: number }[] = [];
      for (const l of splitList(value)) {
        const parts = l.split(/[:：]/).map((s) => s.trim());
        const [name, th, coef] = parts.length === 3 ? parts : ['', parts[0], parts[1]];
        const thn = parseNumber(th ?? '');
        const cn = parseNumber(coef ?? '');
        if (parts.length < 2 || parts.length > 3 || thn === null || cn === null) return fail(`档位“${l}”应写成“名称:阈值:系数”，如 A:80:1`);
        levels.push({ name: name ?? '', threshold: thn, coef: cn });
      }
      out.levels = levels;
    } else if (key === 'letters') {
      const letters = parseNumberPairs(value);
      if (!letters.ok) return fail(letters.error.replace('名称', '等级'));
      out.letters = Object.entries(letters.value).map(([letter, fraction]) => ({ letter, fraction }));
    } else {
      return fail(`不认识的参数“${rawKey}”（${METHOD_LABELS[type]}）`);
    }
  }
  if (type === 'steps' && out.direction === undefined) {
    if (side === 'below') out.direction = 'deductBelow';
    else if (side === 'above') out.direction = rateSign === 'add' ? 'addAbove' : 'deductAbove';
  }
  return ok(out);
}

/** A method's parameters in the workbook's notation (only what differs from the defaults). */
export function formatMethodParams(m: Method): string {
  const parts: string[] = [];
  const yes = (label: string, b: boolean | undefined) => {
    if (b) parts.push(`${label}=是`);
  };
  switch (m.type) {
    case 'direct':
    case 'deduction':
      break;
    case 'completion':
      parts.push(`目标=${fmt(m.target)}`);
      if (m.cap !== 1) parts.push(`上限=${fmt(m.cap)}`);
      yes('越低越好', m.lowerIsBetter);
      break;
    case 'ratioToBest':
      yes('越低越好', m.lowerIsBetter);
      break;
    case 'rank':
      if (m.step !== 1) parts.push(`步长=${fmt(m.step)}`);
      if (m.min !== 0) parts.push(`最低=${fmt(m.min)}`);
      if (m.table && m.table.length > 0) parts.push(`分值表=${m.table.map(fmt).join('，')}`);
      yes('倒数', m.fromBottom);
      yes('越低越好', m.lowerIsBetter);
      break;
    case 'steps':
      parts.push(`${m.direction === 'deductBelow' ? '低于' : '高于'}=${fmt(m.threshold)}`, `每=${fmt(m.unit)}`, `${m.direction === 'addAbove' ? '加' : '扣'}=${fmt(m.rate)}`);
      yes('整步', m.wholeSteps);
      if (m.base !== undefined) parts.push(`基础分=${fmt(m.base)}`);
      if (m.excessCap !== 0) parts.push(`超额上限=${fmt(m.excessCap)}`);
      break;
    case 'bands':
      parts.push(`档=${m.bands.map((b) => `${fmt(b.min)}~${b.max === undefined ? '' : fmt(b.max)}:${fmt(b.points)}`).join('，')}`);
      yes('按比例', m.asFraction);
      break;
    case 'interpolation':
      parts.push(`档位=${m.levels.map((l) => `${l.name}:${fmt(l.threshold)}:${fmt(l.coef)}`).join('，')}`);
      break;
    case 'letter':
      parts.push(`等级=${m.letters.map((l) => `${l.letter}:${fmt(l.fraction)}`).join('，')}`);
      break;
  }
  return parts.join('；');
}
