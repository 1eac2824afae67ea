// `importPlan`: a whole plan with its data (plan-schema.ts) into a new
// cycle. Three steps: the schema; every reference resolved by code or name
// (each problem names its path, nothing is written while there is one); then
// ONE audited transaction with bulk inserts, at the end of which the engine's
// own input is loaded back and checked with `validateInput`, so that a plan
// the engine would refuse is rolled back whole.
import fs from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'kysely';
import {
  DEFAULT_CADRE_EVAL_LEVELS,
  DEFAULT_UNIT_EVAL_LEVELS,
  categorySettingsSchema,
  type CategorySettings,
  type EvalLevel,
  type Method,
  type SubjectKind,
} from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import { fmt } from '../../../shared/engine/numbers.ts';
import { validateInput } from '../../../shared/engine/validate.ts';
import type { ServiceContext } from '../context.ts';
import type { Database, NewRow } from '../db/schema.ts';
import { loadEngineInput } from '../repos/engine-input.ts';
import { hasResults } from '../repos/results.ts';
import { defaultSettings } from '../services/plan.ts';
import { parseDeductionText, parseNumber } from './notation.ts';
import { LEVEL_NAMES, planSchema, type PartialSettings, type Plan, type PlanCategory, type ScoreCell } from './plan-schema.ts';
import { PlanImportError, describeProblem, formatPath, planErrorMap, zodProblems, type Locator, type PathKey, type Problem } from './problems.ts';
import { TREE_KINDS, flattenCategory } from './tree.ts';
import { parseJsonText, readUtf8File } from './guard.ts';

const PLAN_JSON_MAX_BYTES = 100 * 1024 * 1024;

export interface ImportCounts {
  categories: number;
  components: number;
  indicators: number;
  departments: number;
  units: number;
  cadres: number;
  raterGroups: number;
  assessmentGroups: number;
  scoreEntries: number;
  ballots: number;
  events: number;
}

export interface ImportResult {
  cycleId: number;
  cycleName: string;
  counts: ImportCounts;
  /** what is allowed but worth a look: points of a node that do not sum, a sanction type without an effect */
  warnings: string[];
}

export interface ImportOptions {
  /** names the place of a problem for the reader (the workbook reader gives sheet, row and column) */
  locate?: Locator;
}

// ---- resolved rows, referring to each other by position --------------------------------------------

interface SubjectRef {
  kind: SubjectKind;
  index: number;
}

interface Resolved {
  cycle: { name: string; year: number; organ: string; status: NewRow<'cycles'>['status'] };
  departments: { name: string; contact: string }[];
  categories: { name: string; kind: SubjectKind; difficulty: number; settings: CategorySettings }[];
  components: { category: number; code: string; name: string; kind: PlanCategory['components'][number]['kind']; weight: number | null; fullPoints: number; normalize: boolean; difficulty: boolean; params: string }[];
  indicators: { category: number; component: number; code: string; parentCode: string | null; depth: number; name: string; points: number; method: string | null; department: number | null; description: string; sortOrder: number }[];
  units: { code: string; name: string; category: number }[];
  cadres: { code: string; name: string; unit: number; category: number; post: 'head' | 'deputy'; title: string }[];
  raterGroups: { kind: SubjectKind; name: string; weight: number }[];
  groups: { name: string; members: { name: string; role: 'leader' | 'deputy' | 'member_a' | 'member_b'; affiliation: string }[]; units: number[] }[];
  scores: { category: number; code: string; subject: SubjectRef; value: number | null; text: string | null; deductions: string | null; note: string }[];
  ballots: { raterGroup: number; subject: SubjectRef; expected: number; present: number; valid: number; invalid: number; votes: string }[];
  events: { subject: SubjectRef; kind: string; type: string; honourKey: string | null; levelRank: number | null; points: number; reason: string; evidence: string; occurredOn: string | null; closedOn: string | null }[];
  warnings: Problem[];
}

const KIND_LABEL: Record<SubjectKind, string> = { unit: '单位', cadre: '干部' };

function mergeSettings(kind: SubjectKind, partial: PartialSettings | undefined): Record<string, unknown> {
  const out = structuredClone(defaultSettings(kind)) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(partial ?? {})) {
    if (value === undefined) continue;
    if ((key === 'bonus' || key === 'grading') && value !== null && typeof value === 'object') {
      const sub = { ...(out[key] as Record<string, unknown>) };
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === null) delete sub[k];
        else if (v !== undefined) sub[k] = v;
      }
      out[key] = sub;
    } else if (value === null) {
      delete out[key];
    } else {
      out[key] = value;
    }
  }
  // other grade names without bands of their own: the default bands that no longer fit are dropped
  const given = (partial?.grading ?? {}) as Record<string, unknown>;
  const grading = out.grading as { grades: string[]; bands?: { grade: string }[] };
  if (given.grades && !given.bands && Array.isArray(grading.bands)) grading.bands = grading.bands.filter((b) => grading.grades.includes(b.grade));
  return out;
}

type CellOutcome = { value: number | null; text: string | null; deductions: { points: number; reason: string }[] | null; note: string } | string;

/** One score cell under its leaf's method: a number, a letter, or deductions. A string is the problem. */
function resolveCell(method: Method, full: number, cell: Exclude<ScoreCell, null>): CellOutcome {
  const obj = typeof cell === 'object' && !Array.isArray(cell) ? cell : null;
  const note = obj?.note ?? '';
  if (method.type === 'deduction') {
    if (Array.isArray(cell)) return { value: null, text: null, deductions: cell, note };
    if (typeof cell === 'number') return cell < 0 ? `扣分 ${fmt(cell)} 不能为负数` : { value: null, text: null, deductions: cell === 0 ? [] : [{ points: cell, reason: '扣分' }], note };
    if (typeof cell === 'string') {
      const parsed = parseDeductionText(cell);
      return typeof parsed === 'string' ? parsed : { value: null, text: null, deductions: parsed, note };
    }
    if (obj!.value !== undefined && obj!.value !== null && !obj!.deductions) {
      const out = resolveCell(method, full, obj!.value);
      return typeof out === 'string' ? out : { ...out, note };
    }
    return { value: null, text: null, deductions: obj!.deductions ?? null, note };
  }
  if (method.type === 'letter') {
    const letter = typeof cell === 'string' ? cell.trim() : obj ? (obj.text?.trim() ?? '') : null;
    if (letter === null) return `定性等级指标应填写等级文字（${method.letters.map((l) => l.letter).join('、')}），实际是${Array.isArray(cell) ? '列表' : `数字 ${String(cell)}`}`;
    if (letter === '') return { value: null, text: null, deductions: null, note };
    if (!method.letters.some((l) => l.letter === letter)) return `等级“${letter}”无效，应为 ${method.letters.map((l) => l.letter).join('、')} 之一`;
    return { value: null, text: letter, deductions: null, note };
  }
  let value: number | null;
  if (typeof cell === 'number') value = cell;
  else if (typeof cell === 'string') {
    const t = cell.trim();
    if (t === '') return { value: null, text: null, deductions: null, note };
    value = parseNumber(t);
    if (value === null) return `“${cell}”不是数字`;
  } else if (Array.isArray(cell)) return '只有扣分制指标可以填写扣分事项列表';
  else value = obj!.value ?? null;
  if (value !== null) {
    if (method.type === 'direct' && (value < 0 || value > full)) return `得分 ${fmt(value)} 超出范围，应在 0 到 ${fmt(full)} 分之间`;
    if ((method.type === 'completion' || method.type === 'ratioToBest') && value < 0) return `实际值 ${fmt(value)} 不能为负数`;
  }
  return { value, text: null, deductions: null, note };
}

/** Every reference resolved, or every problem found. External sources are looked up by name beforehand. */
function resolvePlan(plan: Plan, sourceCycles: Map<string, { id: number; computed: boolean }>): { resolved: Resolved; problems: Problem[] } {
  const problems: Problem[] = [];
  const bad = (p: PathKey[], message: string) => problems.push({ path: p, message });
  const warnings: Problem[] = [];
  const r: Resolved = {
    cycle: { name: plan.cycle.name, year: plan.cycle.year, organ: plan.cycle.organ ?? '', status: plan.cycle.status ?? 'collecting' },
    departments: [],
    categories: [],
    components: [],
    indicators: [],
    units: [],
    cadres: [],
    raterGroups: [],
    groups: [],
    scores: [],
    ballots: [],
    events: [],
    warnings,
  };

  // departments (责任单位)
  const deptIndex = new Map<string, number>();
  (plan.departments ?? []).forEach((d, i) => {
    const dep = typeof d === 'string' ? { name: d, contact: '' } : { name: d.name, contact: d.contact ?? '' };
    if (deptIndex.has(dep.name)) return bad(['departments', i], `责任单位“${dep.name}”重复`);
    deptIndex.set(dep.name, r.departments.length);
    r.departments.push(dep);
  });

  // categories, components, indicator trees
  const catIndex = new Map<string, number>();
  /** per category: indicator code → its leaf status, method and points */
  const leavesOf: Map<string, { isLeaf: boolean; method: Method; points: number; name: string }>[] = [];
  const evalLevelsOf: (EvalLevel[] | null)[] = [];
  plan.categories.forEach((cat, ci) => {
    const cp: PathKey[] = ['categories', ci];
    if (catIndex.has(cat.name)) bad([...cp, 'name'], `类别“${cat.name}”重复`);
    catIndex.set(cat.name, ci);
    const parsed = categorySettingsSchema.safeParse(mergeSettings(cat.kind, cat.settings), { error: planErrorMap });
    let settings = defaultSettings(cat.kind);
    if (!parsed.success) for (const p of zodProblems(parsed.error, cat.settings)) bad([...cp, 'settings', ...p.path], p.message);
    else settings = parsed.data;
    const grades = settings.grading.grades;
    if (new Set(grades).size !== grades.length) bad([...cp, 'settings', 'grading', 'grades'], `等次名称有重复（${grades.join('、')}）`);
    r.categories.push({ name: cat.name, kind: cat.kind, difficulty: cat.difficulty ?? 1, settings });

    const compCodes = new Map<string, number>();
    const firstComponent = r.components.length;
    let levels: EvalLevel[] | null = null;
    cat.components.forEach((comp, k) => {
      const mp: PathKey[] = [...cp, 'components', k];
      if (compCodes.has(comp.code)) bad([...mp, 'code'], `类别“${cat.name}”中考核构成代码“${comp.code}”重复`);
      compCodes.set(comp.code, k);
      const tree = TREE_KINDS.has(comp.kind);
      if (comp.indicators && !tree) bad([...mp, 'indicators'], `“${comp.name}”是${comp.kind}类构成，只有 indicators、routine 类构成可以有指标树`);
      if (tree && (comp.indicators ?? []).length === 0) warnings.push({ path: mp, message: `考核构成“${comp.name}”没有指标，得分为0` });
      if (comp.evalLevels && comp.kind !== 'democratic') bad([...mp, 'evalLevels'], '只有民主测评（democratic）构成可以设置测评等次');
      if (comp.kind === 'external' && !comp.source) bad([...mp, 'source'], '引用其他考核结果（external）的构成须写明 source（引用哪个考核年度）');
      if (comp.source && comp.kind !== 'external') bad([...mp, 'source'], '只有 external 类构成可以设置 source');
      const params: Record<string, unknown> = {};
      if (comp.kind === 'democratic') {
        const ev = comp.evalLevels ?? (cat.kind === 'unit' ? DEFAULT_UNIT_EVAL_LEVELS : DEFAULT_CADRE_EVAL_LEVELS);
        if (new Set(ev.map((l) => l.name)).size !== ev.length) bad([...mp, 'evalLevels'], '测评等次名称有重复');
        params.evalLevels = ev;
        levels = [...(levels ?? []), ...ev.filter((l) => !(levels ?? []).some((x) => x.name === l.name))];
      }
      if (comp.kind === 'external' && comp.source) {
        const found = sourceCycles.get(comp.source.cycle);
        if (found === undefined) bad([...mp, 'source', 'cycle'], `数据库中没有名为“${comp.source.cycle}”的考核年度，无法引用其结果`);
        else if (!found.computed) bad([...mp, 'source', 'cycle'], `考核年度“${comp.source.cycle}”还没有计算结果，无法引用；请先计算该年度`);
        else {
          params.sourceCycleId = found.id;
          if (comp.source.component) params.sourceComponent = comp.source.component;
          if (comp.source.label) params.label = comp.source.label;
        }
      }
      const treeFull = (comp.indicators ?? []).reduce((s, n) => s + n.points, 0);
      const bonusCap = settings.bonus.totalCap;
      r.components.push({
        category: ci,
        code: comp.code,
        name: comp.name,
        kind: comp.kind,
        weight: comp.weight ?? null,
        fullPoints: comp.fullPoints ?? (tree && treeFull > 0 ? treeFull : comp.kind === 'bonus' ? (bonusCap ?? 0) : 100),
        normalize: comp.normalizeTo100 ?? false,
        difficulty: comp.applyDifficulty ?? false,
        params: JSON.stringify(params),
      });
    });
    evalLevelsOf.push(levels);

    const leaves = new Map<string, { isLeaf: boolean; method: Method; points: number; name: string }>();
    const seenAt = new Map<string, PathKey[]>();
    for (const f of flattenCategory(cat, cp)) {
      const n = f.node;
      if (seenAt.has(f.code)) {
        bad(n.code !== undefined ? [...f.path, 'code'] : f.path, `类别“${cat.name}”中指标编号“${f.code}”重复（另一个在 ${formatPath(seenAt.get(f.code)!)}）`);
        continue;
      }
      seenAt.set(f.code, f.path);
      if (!f.isLeaf && n.method) bad([...f.path, 'method'], `指标“${n.name}”有下级指标，得分为下级之和，不能设置计分方法`);
      let department: number | null = null;
      if (n.department !== undefined) {
        const d = deptIndex.get(n.department);
        if (d === undefined) bad([...f.path, 'department'], `责任单位“${n.department}”不在责任单位名单（departments）中`);
        else department = d;
      }
      if (!f.isLeaf) {
        const sum = (n.children ?? []).reduce((s, c) => s + c.points, 0);
        if (Math.abs(sum - n.points) > 1e-6) warnings.push({ path: f.path, message: `指标“${f.code} ${n.name}”分值 ${fmt(n.points)} 分，下级指标合计 ${fmt(sum)} 分` });
      }
      const method: Method = n.method ?? { type: 'direct' };
      leaves.set(f.code, { isLeaf: f.isLeaf, method, points: n.points, name: n.name });
      r.indicators.push({
        category: ci,
        component: firstComponent + f.componentIndex,
        code: f.code,
        parentCode: f.parentCode,
        depth: f.depth,
        name: n.name,
        points: n.points,
        method: f.isLeaf ? JSON.stringify(method) : null,
        department,
        description: n.description ?? '',
        sortOrder: f.sortOrder,
      });
    }
    leavesOf.push(leaves);
  });

  const categoryOf = (name: string, kind: SubjectKind, p: PathKey[]): number | null => {
    const ci = catIndex.get(name);
    if (ci === undefined) {
      bad(p, `类别“${name}”不存在`);
      return null;
    }
    if (plan.categories[ci]!.kind !== kind) {
      bad(p, `类别“${name}”是${KIND_LABEL[plan.categories[ci]!.kind]}类别，${KIND_LABEL[kind]}应归入${KIND_LABEL[kind]}类别`);
      return null;
    }
    return ci;
  };

  // units and cadres: one code space, so that scores, ballots and events can name either
  const subjects = new Map<string, SubjectRef>();
  const subjectCategory: number[][] = [[], []];
  (plan.units ?? []).forEach((u, i) => {
    const p: PathKey[] = ['units', i];
    const ci = categoryOf(u.category, 'unit', [...p, 'category']);
    if (subjects.has(u.code)) bad([...p, 'code'], `单位代码“${u.code}”重复`);
    else subjects.set(u.code, { kind: 'unit', index: r.units.length });
    subjectCategory[0]!.push(ci ?? -1);
    r.units.push({ code: u.code, name: u.name, category: ci ?? 0 });
  });
  (plan.cadres ?? []).forEach((c, i) => {
    const p: PathKey[] = ['cadres', i];
    const clash = subjects.get(c.code);
    if (clash) bad([...p, 'code'], clash.kind === 'unit' ? `代码“${c.code}”已被单位使用，干部代码不能与单位代码相同` : `干部代码“${c.code}”重复`);
    const ci = categoryOf(c.category, 'cadre', [...p, 'category']);
    const unit = subjects.get(c.unit);
    if (!unit || unit.kind !== 'unit') bad([...p, 'unit'], `单位代码“${c.unit}”不存在`);
    if (!clash) subjects.set(c.code, { kind: 'cadre', index: r.cadres.length });
    subjectCategory[1]!.push(ci ?? -1);
    r.cadres.push({ code: c.code, name: c.name, unit: unit?.kind === 'unit' ? unit.index : 0, category: ci ?? 0, post: c.post, title: c.title ?? '' });
  });
  const catOfSubject = (s: SubjectRef) => subjectCategory[s.kind === 'unit' ? 0 : 1]![s.index]!;
  const subjectName = (s: SubjectRef) => (s.kind === 'unit' ? r.units[s.index]!.name : r.cadres[s.index]!.name);
  const subjectOf = (code: string, p: PathKey[]): SubjectRef | null => {
    const s = subjects.get(code);
    if (!s) bad(p, `单位或干部代码“${code}”不存在`);
    return s ?? null;
  };

  // rater groups
  const raterIndex = new Map<string, number>();
  (plan.raterGroups ?? []).forEach((g, i) => {
    const key = `${g.kind}:${g.name}`;
    if (raterIndex.has(key)) bad(['raterGroups', i, 'name'], `${KIND_LABEL[g.kind]}的测评组“${g.name}”重复`);
    raterIndex.set(key, r.raterGroups.length);
    r.raterGroups.push({ kind: g.kind, name: g.name, weight: g.weight });
  });

  // assessment groups
  const groupNames = new Set<string>();
  (plan.assessmentGroups ?? []).forEach((g, i) => {
    if (groupNames.has(g.name)) bad(['assessmentGroups', i, 'name'], `考核组“${g.name}”重复`);
    groupNames.add(g.name);
    const units: number[] = [];
    (g.units ?? []).forEach((code, k) => {
      const s = subjects.get(code);
      if (!s || s.kind !== 'unit') bad(['assessmentGroups', i, 'units', k], `单位代码“${code}”不存在`);
      else if (units.includes(s.index)) bad(['assessmentGroups', i, 'units', k], `单位代码“${code}”重复`);
      else units.push(s.index);
    });
    r.groups.push({ name: g.name, members: (g.members ?? []).map((m) => ({ name: m.name, role: m.role, affiliation: m.affiliation ?? '' })), units });
  });

  // scores
  for (const [code, cells] of Object.entries(plan.scores ?? {})) {
    const s = subjectOf(code, ['scores', code]);
    if (!s) continue;
    const ci = catOfSubject(s);
    if (ci < 0) continue;
    const leaves = leavesOf[ci]!;
    for (const [indCode, cell] of Object.entries(cells)) {
      const p: PathKey[] = ['scores', code, indCode];
      if (cell === null) continue;
      const leaf = leaves.get(indCode);
      if (!leaf) {
        bad(p, `类别“${plan.categories[ci]!.name}”中没有编号为“${indCode}”的指标`);
        continue;
      }
      if (!leaf.isLeaf) {
        bad(p, `指标“${indCode} ${leaf.name}”有下级指标，得分应填到末级指标`);
        continue;
      }
      const out = resolveCell(leaf.method, leaf.points, cell);
      if (typeof out === 'string') {
        bad(p, `“${subjectName(s)}”的指标“${indCode} ${leaf.name}”：${out}`);
        continue;
      }
      if (out.value === null && out.text === null && out.deductions === null && out.note === '') continue;
      r.scores.push({ category: ci, code: indCode, subject: s, value: out.value, text: out.text, deductions: out.deductions ? JSON.stringify(out.deductions) : null, note: out.note });
    }
  }

  // ballots (民主测评)
  const ballotSeen = new Set<string>();
  (plan.ballots ?? []).forEach((b, i) => {
    const p: PathKey[] = ['ballots', i];
    const s = subjectOf(b.subject, [...p, 'subject']);
    if (!s) return;
    const rg = raterIndex.get(`${s.kind}:${b.group}`);
    if (rg === undefined) {
      const other = raterIndex.has(`${s.kind === 'unit' ? 'cadre' : 'unit'}:${b.group}`);
      return void bad([...p, 'group'], `${KIND_LABEL[s.kind]}的测评组“${b.group}”不存在${other ? `（它是${KIND_LABEL[s.kind === 'unit' ? 'cadre' : 'unit']}的测评组）` : ''}`);
    }
    const key = `${s.kind}:${s.index}:${rg}`;
    if (ballotSeen.has(key)) return void bad(p, `“${subjectName(s)}”的“${b.group}”测评票重复`);
    ballotSeen.add(key);
    const who = `“${subjectName(s)}”的“${b.group}”测评`;
    const before = problems.length;
    if (b.present > b.expected) bad([...p, 'present'], `${who}实到 ${b.present} 人，多于应到 ${b.expected} 人`);
    if (b.valid > b.present) bad([...p, 'valid'], `${who}有效票 ${b.valid} 张，多于实到 ${b.present} 人`);
    const invalid = b.invalid ?? Math.max(0, b.present - b.valid);
    if (b.valid <= b.present && b.valid + invalid > b.present) bad([...p, 'invalid'], `${who}有效票 ${b.valid} 张加无效票 ${invalid} 张，多于实到 ${b.present} 人`);
    const ci = catOfSubject(s);
    const levels = ci >= 0 ? evalLevelsOf[ci] : null;
    let cast = 0;
    for (const [level, n] of Object.entries(b.votes)) {
      if (levels && !levels.some((l) => l.name === level)) {
        bad([...p, 'votes', level], `测评等次“${level}”不在类别“${plan.categories[ci]!.name}”的民主测评等次（${levels.map((l) => l.name).join('、')}）中`);
      }
      cast += n;
    }
    if (cast !== b.valid) bad([...p, 'votes'], `${who}各等次票数合计 ${cast}，与有效票 ${b.valid} 张不符`);
    const ok = problems.length === before;
    if (ok) r.ballots.push({ raterGroup: rg, subject: s, expected: b.expected, present: b.present, valid: b.valid, invalid, votes: JSON.stringify(b.votes) });
  });

  // events
  (plan.events ?? []).forEach((e, i) => {
    const p: PathKey[] = ['events', i];
    const s = subjectOf(e.subject, [...p, 'subject']);
    if (!s) return;
    const points = e.points ?? 0;
    if ((e.kind === 'bonus' || e.kind === 'deduction') && !(points > 0)) bad([...p, 'points'], `${e.kind === 'bonus' ? '加分' : '扣分'}事项应填写大于0的分值`);
    if (e.kind === 'sanction') {
      const ci = catOfSubject(s);
      const table = ci >= 0 ? r.categories[ci]!.settings.grading.sanctions : {};
      if (!e.type || table[e.type] === undefined) {
        warnings.push({ path: [...p, 'type'], message: `处分类别“${e.type ?? ''}”不在类别的处分影响表（${Object.keys(table).join('、') || '空'}）中，按“不得评为优秀”处理` });
      }
    }
    const levelRank = e.level === undefined ? null : typeof e.level === 'number' ? e.level : LEVEL_NAMES[e.level];
    r.events.push({
      subject: s,
      kind: e.kind,
      type: e.type ?? '',
      honourKey: e.honourKey ?? null,
      levelRank,
      points,
      reason: e.reason,
      evidence: e.evidence ?? '',
      occurredOn: e.date ?? null,
      closedOn: e.closedOn ?? null,
    });
  });

  return { resolved: r, problems };
}

// ---- writing ------------------------------------------------------------------------------------------

const CHUNK = 500;

async function insertChunks<R>(rows: R[], run: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await run(rows.slice(i, i + CHUNK));
}

/**
 * Inserts in chunks and gives every input row its id, matched by a natural
 * key of the row (SQLite does not promise RETURNING's rows in insert order).
 */
async function insertIds<R, O extends { id: number }>(rows: R[], run: (chunk: R[]) => Promise<O[]>, rowKey: (r: R) => string, outKey: (o: O) => string): Promise<number[]> {
  const byKey = new Map<string, number>();
  for (let i = 0; i < rows.length; i += CHUNK) for (const o of await run(rows.slice(i, i + CHUNK))) byKey.set(outKey(o), o.id);
  return rows.map((row) => byKey.get(rowKey(row))!);
}

async function writePlan(trx: Transaction<Database>, r: Resolved, at: string, userId: number): Promise<{ cycleId: number; counts: ImportCounts }> {
  // (every multi-row insert names every column: SQLite writes NULL, not the default, for a missing one)
  const cycle = await trx
    .insertInto('cycles')
    .values({ name: r.cycle.name, year: r.cycle.year, organ: r.cycle.organ, status: r.cycle.status, copied_from: null, settings: '{}', created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cycleId = cycle.id;

  const deptIds = await insertIds(
    r.departments.map((d) => ({ cycle_id: cycleId, name: d.name, contact: d.contact })),
    (c) => trx.insertInto('departments').values(c).returning(['id', 'name']).execute(),
    (d) => d.name,
    (o) => o.name,
  );
  const catIds = await insertIds(
    r.categories.map((k, i) => ({ cycle_id: cycleId, kind: k.kind, name: k.name, difficulty: k.difficulty, sort_order: i + 1, settings: JSON.stringify(k.settings) })),
    (c) => trx.insertInto('categories').values(c).returning(['id', 'name']).execute(),
    (k) => k.name,
    (o) => o.name,
  );

  const firstOf = new Map<number, number>();
  r.components.forEach((c, i) => {
    if (!firstOf.has(c.category)) firstOf.set(c.category, i);
  });
  const compRows: NewRow<'components'>[] = r.components.map((c, i) => ({
    category_id: catIds[c.category]!,
    code: c.code,
    name: c.name,
    kind: c.kind,
    weight: c.weight,
    full_points: c.fullPoints,
    normalize_to_100: c.normalize ? 1 : 0,
    apply_difficulty: c.difficulty ? 1 : 0,
    params: c.params,
    sort_order: i + 1 - firstOf.get(c.category)!,
  }));
  const compIds = await insertIds(
    compRows,
    (c) => trx.insertInto('components').values(c).returning(['id', 'category_id', 'code']).execute(),
    (k) => `${k.category_id}:${k.code}`,
    (o) => `${o.category_id}:${o.code}`,
  );

  // indicators level by level, so that every parent has its id first
  const indicatorId = new Map<string, number>();
  const maxDepth = r.indicators.reduce((m, i) => Math.max(m, i.depth), 0);
  for (let depth = 1; depth <= maxDepth; depth++) {
    const level = r.indicators.filter((i) => i.depth === depth);
    const rows: NewRow<'indicators'>[] = level.map((i) => ({
      category_id: catIds[i.category]!,
      component_id: compIds[i.component]!,
      parent_id: i.parentCode === null ? null : indicatorId.get(`${i.category}:${i.parentCode}`)!,
      code: i.code,
      name: i.name,
      full_points: i.points,
      method: i.method,
      department_id: i.department === null ? null : deptIds[i.department]!,
      description: i.description,
      sort_order: i.sortOrder,
    }));
    const ids = await insertIds(
      rows,
      (c) => trx.insertInto('indicators').values(c).returning(['id', 'category_id', 'code']).execute(),
      (k) => `${k.category_id}:${k.code}`,
      (o) => `${o.category_id}:${o.code}`,
    );
    level.forEach((i, k) => indicatorId.set(`${i.category}:${i.code}`, ids[k]!));
  }

  const unitIds = await insertIds(
    r.units.map((u, i) => ({ cycle_id: cycleId, category_id: catIds[u.category]!, code: u.code, name: u.name, sort_order: i + 1 })),
    (c) => trx.insertInto('units').values(c).returning(['id', 'code']).execute(),
    (u) => u.code,
    (o) => o.code,
  );
  const cadreIds = await insertIds(
    r.cadres.map((c, i) => ({ cycle_id: cycleId, unit_id: unitIds[c.unit]!, category_id: catIds[c.category]!, code: c.code, name: c.name, post: c.post, title: c.title, sort_order: i + 1 })),
    (c) => trx.insertInto('cadres').values(c).returning(['id', 'code']).execute(),
    (c) => c.code,
    (o) => o.code,
  );
  const subjectCols = (s: SubjectRef) => (s.kind === 'unit' ? { unit_id: unitIds[s.index]!, cadre_id: null } : { unit_id: null, cadre_id: cadreIds[s.index]! });

  const raterIds = await insertIds(
    r.raterGroups.map((g, i) => ({ cycle_id: cycleId, subject_kind: g.kind, name: g.name, weight: g.weight, sort_order: i + 1 })),
    (c) => trx.insertInto('rater_groups').values(c).returning(['id', 'subject_kind', 'name']).execute(),
    (g) => `${g.subject_kind}:${g.name}`,
    (o) => `${o.subject_kind}:${o.name}`,
  );

  const groupIds = await insertIds(
    r.groups.map((g, i) => ({ cycle_id: cycleId, name: g.name, sort_order: i + 1 })),
    (c) => trx.insertInto('assessment_groups').values(c).returning(['id', 'name']).execute(),
    (g) => g.name,
    (o) => o.name,
  );
  const members = r.groups.flatMap((g, i) => g.members.map((m) => ({ group_id: groupIds[i]!, name: m.name, role: m.role, affiliation: m.affiliation })));
  await insertChunks(members, (c) => trx.insertInto('group_members').values(c).execute());
  const groupUnits = r.groups.flatMap((g, i) => g.units.map((u) => ({ group_id: groupIds[i]!, unit_id: unitIds[u]! })));
  await insertChunks(groupUnits, (c) => trx.insertInto('group_units').values(c).execute());

  const scoreRows: NewRow<'score_entries'>[] = r.scores.map((s) => ({
    indicator_id: indicatorId.get(`${s.category}:${s.code}`)!,
    ...subjectCols(s.subject),
    value: s.value,
    text_value: s.text,
    deductions: s.deductions,
    note: s.note,
    updated_at: at,
    updated_by: userId,
  }));
  await insertChunks(scoreRows, (c) => trx.insertInto('score_entries').values(c).execute());

  const ballotRows: NewRow<'eval_ballots'>[] = r.ballots.map((b) => ({
    rater_group_id: raterIds[b.raterGroup]!,
    ...subjectCols(b.subject),
    expected: b.expected,
    present: b.present,
    valid: b.valid,
    invalid: b.invalid,
    votes: b.votes,
    updated_at: at,
  }));
  await insertChunks(ballotRows, (c) => trx.insertInto('eval_ballots').values(c).execute());

  const eventRows: NewRow<'events'>[] = r.events.map((e) => ({
    cycle_id: cycleId,
    ...subjectCols(e.subject),
    kind: e.kind,
    type: e.type,
    honour_key: e.honourKey,
    level_rank: e.levelRank,
    points: e.points,
    reason: e.reason,
    evidence: e.evidence,
    occurred_on: e.occurredOn,
    closed_on: e.closedOn,
    created_at: at,
  }));
  await insertChunks(eventRows, (c) => trx.insertInto('events').values(c).execute());

  return {
    cycleId,
    counts: {
      categories: r.categories.length,
      components: r.components.length,
      indicators: r.indicators.length,
      departments: r.departments.length,
      units: r.units.length,
      cadres: r.cadres.length,
      raterGroups: r.raterGroups.length,
      assessmentGroups: r.groups.length,
      scoreEntries: scoreRows.length,
      ballots: ballotRows.length,
      events: eventRows.length,
    },
  };
}

// ---- entry points ---------------------------------------------------------------------------------------

/** Validates the plan against the schema; the problems name their paths. */
export function parsePlan(plan: unknown, opts: ImportOptions = {}): Plan {
  const parsed = planSchema.safeParse(plan, { error: planErrorMap });
  if (!parsed.success) {
    throw new PlanImportError('考核方案的格式有误，没有导入任何内容：', zodProblems(parsed.error, plan).map((p) => describeProblem(p, opts.locate)));
  }
  return parsed.data;
}

/**
 * Imports a whole plan with its data into a new cycle, in one transaction.
 * `source` (the file name) is recorded in the audit trail.
 */
export async function importPlan(ctx: ServiceContext, plan: unknown, source: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const parsed = parsePlan(plan, opts);

  const sourceNames = [...new Set(parsed.categories.flatMap((c) => c.components.flatMap((k) => (k.source ? [k.source.cycle] : []))))];
  const sourceCycles = new Map<string, { id: number; computed: boolean }>();
  if (sourceNames.length > 0) {
    const rows = await ctx.db.selectFrom('cycles').select(['id', 'name']).where('name', 'in', sourceNames).orderBy('id').execute();
    // the newest of a name wins
    for (const row of rows) sourceCycles.set(row.name, { id: row.id, computed: await hasResults(ctx.db, row.id) });
  }

  const { resolved, problems } = resolvePlan(parsed, sourceCycles);
  if (problems.length > 0) {
    throw new PlanImportError('考核方案有误，没有导入任何内容：', problems.map((p) => describeProblem(p, opts.locate)));
  }

  const at = ctx.now().toISOString();
  // a new cycle: recorded as one operation with its counts (there are no old values to keep)
  const written = await ctx.write({ action: 'plan.import', entity: 'cycle', cycleId: null, scope: null, detail: { source } }, async (w) => {
    const r = await writePlan(w.trx, resolved, at, ctx.actor.id);
    // the engine's own check on what was written, before it is committed
    const input = await loadEngineInput(w.trx, r.cycleId);
    const engineProblems = validateInput(input);
    if (engineProblems.length > 0) throw new PlanImportError('考核方案未通过计算前的检查，没有导入任何内容：', engineProblems);
    w.identify({ cycleId: r.cycleId, entityId: r.cycleId });
    w.note({ ...r.counts });
    return r;
  });
  return { cycleId: written.cycleId, cycleName: resolved.cycle.name, counts: written.counts, warnings: resolved.warnings.map((w) => describeProblem(w, opts.locate)) };
}

/** Reads a plan file (.json, or .xlsx through the workbook reader) and imports it. */
export async function importPlanFile(ctx: ServiceContext, file: string): Promise<ImportResult> {
  if (!fs.existsSync(file)) throw new AppError('not_found', `方案文件“${file}”不存在。`);
  const ext = path.extname(file).toLowerCase();
  const name = path.basename(file);
  if (ext === '.xlsx') {
    const { readPlanWorkbook } = await import('./xlsx.ts');
    const { plan, locate } = await readPlanWorkbook(file);
    return importPlan(ctx, plan, name, { locate });
  }
  if (ext !== '.json') throw new AppError('invalid_input', `不支持的方案文件“${name}”：只能导入 .json 或 .xlsx 文件。`);
  // UTF-8 only (UTF-16 and stray bytes are refused by name), and a Chinese word on a syntax error
  const plan = parseJsonText(readUtf8File(file, PLAN_JSON_MAX_BYTES, '方案文件'), name, '方案文件');
  return importPlan(ctx, plan, name);
}
