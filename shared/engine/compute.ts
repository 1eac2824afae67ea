// The engine's entry point: scores every subject of every category, ranks
// within the comparison group and decides grades. Pure and deterministic:
// the result does not depend on the order of the input rows.
//
// Built for province scale: the cells of a category sit in one Float64Array
// (subjects × leaves), leaves are evaluated column by column, the tree is
// summed bottom-up with index arrays, and the per-leaf explanation (notes,
// paths, node sums) is produced only for the subjects `explain` asks for.
import { UNDETERMINED_GRADE, type SubjectKey } from '../domain.ts';
import { AppError } from '../errors.ts';
import { scoreBonus } from './bonus.ts';
import { scoreDemocratic } from './democratic.ts';
import { categoryDependencies } from './dependencies.ts';
import { gradeGroup, percentQuota, placesNote, rankWithin, type GradeMember, type QuotaBasis } from './grading.ts';
import { directScore, evaluateLeaf, explainLeaf, needsPeers, type PeerValues } from './methods.ts';
import { applyRounding, fmt, round4 } from './numbers.ts';

export { categoryDependencies } from './dependencies.ts';
import type {
  ComponentTrace,
  EngineCategory,
  EngineComponent,
  EngineEvent,
  EngineIndicator,
  EngineInput,
  EngineOutput,
  EngineScore,
  EngineSubject,
  Flag,
  GroupQuota,
  LeafTrace,
  NodeTrace,
  SubjectResult,
} from './types.ts';
import { validateInput } from './validate.ts';

export interface ComputeOptions {
  /** subjects whose full leaf trace (notes, paths, node sums) is wanted */
  explain?: (key: SubjectKey) => boolean;
  /** only these categories (incremental recompute); the others are skipped */
  categories?: ReadonlySet<number>;
}

function groupBy<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

const bySort = (a: { sortOrder: number; id: number }, b: { sortOrder: number; id: number }) => a.sortOrder - b.sortOrder || a.id - b.id;

/** A category's indicator trees, flattened once for all its subjects. */
export interface CategoryPlan {
  cat: EngineCategory;
  components: EngineComponent[];
  leaves: EngineIndicator[];
  leafPaths: string[][];
  leafIndex: Map<number, number>;
  /** nodes of every tree, children before parents */
  nodes: EngineIndicator[];
  nodeParent: Int32Array;
  nodeLevel: Int32Array;
  /** node index of each leaf */
  leafNode: Int32Array;
  /** per component: indexes of its root nodes */
  rootsByComponent: Map<number, number[]>;
  fullByComponent: Map<number, number>;
  leavesByComponent: Map<number, number[]>;
}

function planCategory(cat: EngineCategory, components: EngineComponent[], indicators: EngineIndicator[]): CategoryPlan {
  const children = groupBy(indicators, (i) => i.parentId);
  for (const list of children.values()) list.sort(bySort);
  const nodes: EngineIndicator[] = [];
  const parents: number[] = [];
  const levels: number[] = [];
  const leaves: EngineIndicator[] = [];
  const leafPaths: string[][] = [];
  const leafNodes: number[] = [];
  const rootsByComponent = new Map<number, number[]>();
  const fullByComponent = new Map<number, number>();
  const leavesByComponent = new Map<number, number[]>();
  const walk = (node: EngineIndicator, parentIdx: number, level: number, path: string[]): number => {
    const p = [...path, node.name];
    const kids = children.get(node.id) ?? [];
    const childIdx: number[] = [];
    const isLeaf = kids.length === 0;
    let leafNo = -1;
    if (isLeaf) {
      leafNo = leaves.length;
      leaves.push(node);
      leafPaths.push(p);
      const list = leavesByComponent.get(node.componentId) ?? [];
      list.push(leafNo);
      leavesByComponent.set(node.componentId, list);
    }
    for (const k of kids) childIdx.push(walk(k, -2, level + 1, p));
    const idx = nodes.length;
    nodes.push(node);
    parents.push(parentIdx);
    levels.push(level);
    for (const c of childIdx) parents[c] = idx;
    if (isLeaf) leafNodes[leafNo] = idx;
    return idx;
  };
  const sortedComponents = [...components].sort(bySort);
  for (const comp of sortedComponents) {
    const roots = (children.get(null) ?? []).filter((r) => r.componentId === comp.id);
    const idx = roots.map((r) => walk(r, -1, 1, []));
    rootsByComponent.set(comp.id, idx);
    fullByComponent.set(comp.id, roots.reduce((s, r) => s + r.fullPoints, 0));
  }
  return {
    cat,
    components: sortedComponents,
    leaves,
    leafPaths,
    leafIndex: new Map(leaves.map((l, i) => [l.id, i])),
    nodes,
    nodeParent: Int32Array.from(parents),
    nodeLevel: Int32Array.from(levels),
    leafNode: Int32Array.from(leafNodes),
    rootsByComponent,
    fullByComponent,
    leavesByComponent,
  };
}

/** The cells of one category: values[subject × leaves + leaf], NaN when empty. */
interface CategoryCells {
  values: Float64Array;
  entries: Map<number, EngineScore>;
}

function placeCells(input: EngineInput, plans: Map<number, CategoryPlan>, subjectsByCat: Map<number, EngineSubject[]>): Map<number, CategoryCells> {
  const cells = new Map<number, CategoryCells>();
  // lookups in typed arrays, by subject index and indicator id: the score table's loop runs once per cell
  const catValues: CategoryCells[] = [];
  const catWidth: number[] = [];
  const subjCatNo = new Int32Array(input.subjects.length).fill(-1);
  const posOfIndex = new Int32Array(input.subjects.length);
  const indexOfKey = new Map(input.subjects.map((s, i) => [s.key, i]));
  let maxId = 0;
  for (const plan of plans.values()) for (const l of plan.leaves) if (l.id > maxId) maxId = l.id;
  const leafCatOf = new Int32Array(maxId + 1).fill(-1);
  const leafNoOf = new Int32Array(maxId + 1);
  for (const [catId, plan] of plans) {
    const subjects = subjectsByCat.get(catId) ?? [];
    const c: CategoryCells = { values: new Float64Array(subjects.length * plan.leaves.length).fill(NaN), entries: new Map() };
    const no = catValues.length;
    cells.set(catId, c);
    catValues.push(c);
    catWidth.push(plan.leaves.length);
    subjects.forEach((s, pos) => {
      const i = indexOfKey.get(s.key)!;
      subjCatNo[i] = no;
      posOfIndex[i] = pos;
    });
    plan.leaves.forEach((l, li) => {
      leafCatOf[l.id] = no;
      leafNoOf[l.id] = li;
    });
  }
  /** where a cell goes, or -1 when it belongs to another category (or none computed here) */
  const slot = (ind: number, si: number): number => {
    if (ind > maxId || si < 0) return -1;
    const no = leafCatOf[ind]!;
    return no >= 0 && subjCatNo[si] === no ? posOfIndex[si]! * catWidth[no]! + leafNoOf[ind]! : -1;
  };

  const t = input.scoreTable;
  if (t) {
    const len = t.value.length;
    for (let i = 0; i < len; i++) {
      const ind = t.indicatorId[i] as number;
      const at = slot(ind, t.subject[i] as number);
      if (at >= 0) catValues[leafCatOf[ind]!]!.values[at] = t.value[i] as number;
    }
  }
  for (const e of input.scores) {
    const at = slot(e.indicatorId, indexOfKey.get(e.subjectKey) ?? -1);
    if (at < 0) continue;
    const c = catValues[leafCatOf[e.indicatorId]!]!;
    c.values[at] = e.value === null || e.value === undefined || !Number.isFinite(e.value) ? NaN : e.value;
    c.entries.set(at, e);
  }
  return cells;
}

function prepare(input: EngineInput, only?: ReadonlySet<number>) {
  const componentsByCategory = groupBy(input.components, (c) => c.categoryId);
  const indicatorsByCategory = groupBy(input.indicators, (i) => i.categoryId);
  const subjectsByCat = groupBy(input.subjects, (s) => s.categoryId);
  for (const list of subjectsByCat.values()) list.sort(bySort);
  const categories = [...input.categories].filter((c) => !only || only.has(c.id)).sort(bySort);
  const plans = new Map<number, CategoryPlan>();
  for (const cat of categories) plans.set(cat.id, planCategory(cat, componentsByCategory.get(cat.id) ?? [], indicatorsByCategory.get(cat.id) ?? []));
  const cells = placeCells(input, plans, subjectsByCat);
  return { categories, plans, cells, subjectsByCat };
}

/** The leaf scores of every category, without totals or grades: what the checks look at. */
export function leafMatrices(input: EngineInput): LeafMatrix[] {
  const { categories, plans, cells, subjectsByCat } = prepare(input);
  return categories.map((c) => scoreLeafMatrix(plans.get(c.id)!, subjectsByCat.get(c.id) ?? [], cells.get(c.id)!));
}

export function compute(input: EngineInput, opts: ComputeOptions = {}): EngineOutput {
  const problems = validateInput(input);
  if (problems.length > 0) {
    throw new AppError('invalid_plan', `考核方案或数据有误，无法计算：\n${problems.slice(0, 20).join('\n')}${problems.length > 20 ? `\n……另有 ${problems.length - 20} 处` : ''}`);
  }
  const explain = opts.explain ?? (() => false);
  const groups = new Map(input.raterGroups.map((g) => [g.id, g]));
  // fixed orders, so that sums and notes do not follow the order of the input rows
  const ballotsBySubject = groupBy(input.ballots, (b) => b.subjectKey);
  for (const list of ballotsBySubject.values()) if (list.length > 1) list.sort((a, b) => a.raterGroupId - b.raterGroupId);
  const eventsBySubject = groupBy(input.events, (e) => e.subjectKey);
  for (const list of eventsBySubject.values()) if (list.length > 1) list.sort((a, b) => a.id - b.id);
  const externalBy = new Map((input.external ?? []).map((x) => [`${x.componentId}|${x.subjectKey}`, x]));
  const { categories, plans, cells, subjectsByCat } = prepare(input, opts.categories);

  // units first: cadres' quotas may depend on their unit's final grade
  const ordered = [...categories.filter((c) => c.kind === 'unit'), ...categories.filter((c) => c.kind === 'cadre')];
  const unitGrades = new Map<SubjectKey, string>(Object.entries(input.unitGrades ?? {}) as [SubjectKey, string][]);
  const results: SubjectResult[] = [];
  const quotas: GroupQuota[] = [];
  for (const cat of ordered) {
    const plan = plans.get(cat.id)!;
    const subjects = subjectsByCat.get(cat.id) ?? [];
    const catResults = scoreCategory(plan, subjects, cells.get(cat.id)!, { ballotsBySubject, eventsBySubject, groups, externalBy, explain });
    quotas.push(...gradeCategory(cat, subjects, catResults, eventsBySubject, unitGrades, input.adjustedGrades ?? {}));
    if (cat.kind === 'unit') for (const r of catResults) unitGrades.set(r.subjectKey, input.adjustedGrades?.[r.subjectKey] ?? r.grade.grade);
    for (const r of catResults) results.push(r);
  }
  const computed = new Set(categories.map((c) => c.id));
  return { results, groups: quotas, dependencies: categoryDependencies(input).filter((d) => computed.has(d.categoryId)) };
}

interface Shared {
  ballotsBySubject: Map<SubjectKey, EngineInput['ballots']>;
  eventsBySubject: Map<SubjectKey, EngineEvent[]>;
  groups: Map<number, EngineInput['raterGroups'][number]>;
  externalBy: Map<string, NonNullable<EngineInput['external']>[number]>;
  explain: (key: SubjectKey) => boolean;
}

/** Every leaf of a category scored for every subject: scores[subject × leaves + leaf]. */
export interface LeafMatrix {
  plan: CategoryPlan;
  subjects: EngineSubject[];
  scores: Float64Array;
  /** 1 where the cell has no usable data */
  missing: Uint8Array;
}

function scoreLeafMatrix(plan: CategoryPlan, subjects: EngineSubject[], cells: CategoryCells): LeafMatrix {
  const nS = subjects.length;
  const nL = plan.leaves.length;
  const scores = new Float64Array(nS * nL);
  const missing = new Uint8Array(nS * nL);
  // leaves column by column: peers are the category's values of that indicator
  for (let li = 0; li < nL; li++) {
    const leaf = plan.leaves[li]!;
    const method = leaf.method ?? { type: 'direct' as const };
    if (method.type === 'direct') {
      // the common case, without a figures object per cell
      for (let p = 0; p < nS; p++) {
        const at = p * nL + li;
        const v = cells.values[at]!;
        if (Number.isNaN(v)) missing[at] = 1;
        else scores[at] = round4(directScore(v, leaf.fullPoints));
      }
      continue;
    }
    const peers = needsPeers(method) ? peerValues(cells, nL, li, nS) : null;
    for (let p = 0; p < nS; p++) {
      const at = p * nL + li;
      const f = evaluateLeaf(method, leaf.fullPoints, cells.values[at]!, cells.entries.get(at), peers);
      scores[at] = round4(f.score);
      if (f.missing) missing[at] = 1;
    }
  }
  return { plan, subjects, scores, missing };
}

function scoreCategory(plan: CategoryPlan, subjects: EngineSubject[], cells: CategoryCells, sh: Shared): SubjectResult[] {
  const nS = subjects.length;
  const nL = plan.leaves.length;
  const { scores, missing: missingCells } = scoreLeafMatrix(plan, subjects, cells);
  const missingBySubject = new Int32Array(nS);
  for (let p = 0; p < nS; p++) for (let li = 0; li < nL; li++) missingBySubject[p]! += missingCells[p * nL + li]!;

  const nN = plan.nodes.length;
  const nodeScore = new Float64Array(nN);
  const out: SubjectResult[] = [];
  for (let p = 0; p < nS; p++) {
    const s = subjects[p]!;
    nodeScore.fill(0);
    for (let li = 0; li < nL; li++) nodeScore[plan.leafNode[li]!] = scores[p * nL + li]!;
    // children come before their parents: one pass sums the tree
    for (let n = 0; n < nN; n++) {
      const parent = plan.nodeParent[n]!;
      if (parent >= 0) nodeScore[parent]! += nodeScore[n]!;
    }
    const wantTrace = sh.explain(s.key);
    const comps: ComponentTrace[] = [];
    const flags: Flag[] = [];
    let missing = missingBySubject[p]!;
    for (const comp of plan.components) {
      const t = scoreComponent(comp, plan, s, p, scores, nodeScore, cells, wantTrace, sh);
      if (t.democratic && t.democratic.validVotes === 0) missing++;
      if (comp.kind === 'external' && !sh.externalBy.has(`${comp.id}|${s.key}`)) {
        // never a silent 0: the cited result is missing data, and says so
        missing++;
        flags.push({ code: 'external_missing', figures: { component: comp.name, source: comp.source?.cycleId ?? '' } });
      }
      comps.push(t);
    }
    out.push({
      subjectKey: s.key,
      kind: s.kind,
      categoryId: plan.cat.id,
      total: 0,
      totalNote: '',
      rank: 0,
      rankOf: 0,
      groupKey: 'all',
      components: comps,
      grade: { grade: '', rule: 'default', note: '' },
      restriction: null,
      flags,
      missingCount: missing,
    });
  }
  combineTotals(plan, out);
  return out;
}

function finishComponent(comp: EngineComponent, raw: number, full: number, difficulty: number, note: string): ComponentTrace {
  const scaled = comp.normalizeTo100 && full > 0 ? (raw * 100) / full : raw;
  const d = comp.applyDifficulty ? difficulty : 1;
  const weighted = comp.weight === null ? scaled : (scaled * comp.weight) / 100;
  const contribution = round4(weighted * d);
  const parts = [note];
  if (comp.normalizeTo100 && full > 0 && full !== 100) parts.push(`折算为百分制 ${fmt(scaled)}`);
  if (comp.weight !== null) parts.push(`× 权重 ${fmt(comp.weight)}%`);
  if (comp.applyDifficulty && d !== 1) parts.push(`× 难度系数 ${fmt(d)}`);
  parts.push(`计入总分 ${fmt(contribution)} 分`);
  return { componentId: comp.id, code: comp.code, name: comp.name, kind: comp.kind, raw: round4(raw), full, scaled: round4(scaled), weight: comp.weight, difficulty: d, contribution, note: parts.join('；') };
}

function scoreComponent(
  comp: EngineComponent,
  plan: CategoryPlan,
  s: EngineSubject,
  p: number,
  scores: Float64Array,
  nodeScore: Float64Array,
  cells: CategoryCells,
  wantTrace: boolean,
  sh: Shared,
): ComponentTrace {
  const difficulty = plan.cat.difficulty;
  switch (comp.kind) {
    case 'democratic': {
      const d = scoreDemocratic(comp.fullPoints, comp.evalLevels, sh.ballotsBySubject.get(s.key) ?? [], sh.groups, wantTrace);
      return { ...finishComponent(comp, d.score, comp.fullPoints, difficulty, d.note), democratic: d.trace };
    }
    case 'bonus': {
      const b = scoreBonus(sh.eventsBySubject.get(s.key) ?? [], plan.cat.settings.bonus);
      // bonus points are added as they are: no weight, no normalisation
      const t = finishComponent({ ...comp, weight: null, normalizeTo100: false, applyDifficulty: false }, b.net, 0, 1, b.note);
      return { ...t, weight: comp.weight, bonus: b.items };
    }
    case 'external': {
      const x = sh.externalBy.get(`${comp.id}|${s.key}`);
      const note = x ? `引用${x.source} ${fmt(x.value)} 分` : `引用的考核结果尚未计算${comp.source ? `（考核年度编号 ${comp.source.cycleId}）` : ''}，暂按0分计，计为缺数据`;
      return finishComponent(comp, x ? x.value : 0, comp.fullPoints, difficulty, note);
    }
    default: {
      // indicator-based components (实绩, 平时考核, …): the tree summed bottom-up
      const roots = plan.rootsByComponent.get(comp.id) ?? [];
      const full = plan.fullByComponent.get(comp.id) ?? 0;
      let raw = 0;
      for (const r of roots) raw += nodeScore[r]!;
      const nL = plan.leaves.length;
      const mine = plan.leavesByComponent.get(comp.id) ?? [];
      let lostCount = 0;
      for (const li of mine) if (scores[p * nL + li]! < plan.leaves[li]!.fullPoints - 1e-9) lostCount++;
      const note = `${mine.length}项指标合计 ${fmt(raw)} / ${fmt(full)} 分${lostCount > 0 ? `（${lostCount}项失分）` : ''}`;
      const t: ComponentTrace = finishComponent(comp, raw, full, difficulty, note);
      if (wantTrace) {
        t.leaves = mine.map((li): LeafTrace => {
          const leaf = plan.leaves[li]!;
          const method = leaf.method ?? { type: 'direct' as const };
          const at = p * nL + li;
          const value = cells.values[at]!;
          const entry = cells.entries.get(at);
          const peers = needsPeers(method) ? peerValues(cells, nL, li, scores.length / nL) : null;
          const f = evaluateLeaf(method, leaf.fullPoints, value, entry, peers);
          const o = explainLeaf(method, leaf.fullPoints, value, entry, f);
          const score = scores[at]!;
          return { indicatorId: leaf.id, code: leaf.code, path: plan.leafPaths[li]!, method: method.type, inputs: o.inputs, raw: o.raw, score, full: leaf.fullPoints, lost: round4(Math.max(0, leaf.fullPoints - score)), note: o.note, missing: o.missing };
        });
        t.nodes = [];
        for (let n = 0; n < plan.nodes.length; n++) {
          const node = plan.nodes[n]!;
          if (node.componentId !== comp.id) continue;
          t.nodes.push({ indicatorId: node.id, code: node.code, name: node.name, parentId: node.parentId, level: plan.nodeLevel[n]!, full: node.fullPoints, score: round4(nodeScore[n]!) } satisfies NodeTrace);
        }
      }
      return t;
    }
  }
}

function peerValues(cells: CategoryCells, nL: number, li: number, nS: number): PeerValues {
  const vals: number[] = [];
  for (let p = 0; p < nS; p++) {
    const v = cells.values[p * nL + li]!;
    if (!Number.isNaN(v)) vals.push(v);
  }
  return { sorted: Float64Array.from(vals).sort() };
}

/** Components into the total: a sum of contributions, or the multiplier composition; then the optional normalisation to the best. */
function combineTotals(plan: CategoryPlan, results: SubjectResult[]): void {
  const mult = plan.cat.settings.multiplier;
  for (const r of results) {
    if (mult) {
      const base = r.components.find((c) => c.code === mult.base)!;
      const factor = r.components.find((c) => c.code === mult.factor)!;
      const others = r.components.filter((c) => c !== base && c !== factor);
      const product = (base.contribution * factor.scaled) / mult.reference;
      const rest = others.reduce((s, c) => s + c.contribution, 0);
      r.total = round4(product + rest);
      r.totalNote = `乘数计分：${base.name} ${fmt(base.contribution)} × （${factor.name} ${fmt(factor.scaled)} ÷ ${fmt(mult.reference)}）= ${fmt(product)}${others.map((c) => ` ${c.contribution >= 0 ? '+' : '−'} ${c.name} ${fmt(Math.abs(c.contribution))}`).join('')} = ${fmt(r.total)} 分`;
    } else {
      const total = r.components.reduce((s, c) => s + c.contribution, 0);
      r.total = round4(total);
      r.totalNote = `${r.components.map((c, i) => `${i === 0 ? '' : c.contribution >= 0 ? ' + ' : ' − '}${c.name} ${fmt(i === 0 ? c.contribution : Math.abs(c.contribution))}`).join('')} = ${fmt(r.total)} 分`;
    }
  }
  if (plan.cat.settings.normalizeToBest && results.length > 0) {
    const best = Math.max(...results.map((r) => r.total));
    if (best > 0) {
      for (const r of results) {
        const before = r.total;
        r.total = round4((100 * before) / best);
        r.totalNote += `；按类别最高分 ${fmt(best)} 折算：100 × ${fmt(before)} ÷ ${fmt(best)} = ${fmt(r.total)} 分`;
      }
    }
  }
}

function scaledByCode(r: SubjectResult): Record<string, number> {
  const m: Record<string, number> = {};
  for (const c of r.components) m[c.code] = c.scaled;
  return m;
}

/** Ranks and grades of a category: comparison groups, quotas (with linkage), flags. Returns the groups' quotas. */
function gradeCategory(
  cat: EngineCategory,
  subjects: EngineSubject[],
  results: SubjectResult[],
  eventsBySubject: Map<SubjectKey, EngineEvent[]>,
  unitGrades: Map<SubjectKey, string>,
  adjusted: Partial<Record<SubjectKey, string>>,
): GroupQuota[] {
  const rules = cat.settings.grading;
  const top = rules.grades[0] as string;
  const bySubject = new Map(subjects.map((s) => [s.key, s]));
  const quotas: GroupQuota[] = [];
  const tieFlags = new Map<string, Flag>();
  // comparison groups: the whole category, or each unit's team (deputies); in plan order since results are
  const groupsOf: Map<string, SubjectResult[]> =
    cat.kind === 'cadre' && rules.compareWithin === 'unit' ? groupBy(results, (r) => (bySubject.get(r.subjectKey)?.unitKey ?? r.subjectKey) as string) : new Map([['all', results]]);
  for (const [groupKey, members] of groupsOf) {
    const rankables = members.map((r) => ({
      key: r.subjectKey as string,
      total: r.total,
      sortOrder: bySubject.get(r.subjectKey)!.sortOrder,
      tieBreak: rules.tieBreak.map((code) => r.components.find((c) => c.code === code)?.contribution ?? 0),
    }));
    const { ordered, ranks } = rankWithin(rankables);
    const byKey = new Map(members.map((r) => [r.subjectKey as string, r]));
    const gm: GradeMember[] = ordered.map((o) => ({ key: o.key, total: o.total, components: scaledByCode(byKey.get(o.key)!), rank: ranks.get(o.key)! }));
    let quota: QuotaBasis | undefined;
    let linkageRows: GroupQuota['linkage'];
    if (cat.kind === 'cadre' && rules.linkage) {
      // 三个挂钩: the top-grade share follows the grade of the cadres' units
      const linkage = rules.linkage;
      const gradeOf = (unitKey: SubjectKey | undefined) => (unitKey ? (adjusted[unitKey] ?? unitGrades.get(unitKey) ?? null) : null);
      const pctOf = (g: string | null) => (g !== null && linkage[g] !== undefined ? linkage[g]! : rules.topQuotaPercent);
      if (groupKey !== 'all') {
        const g = gradeOf(groupKey as SubjectKey);
        const pct = pctOf(g);
        const p = percentQuota(members.length, pct, rules.rounding, top);
        quota = { ...p, basis: 'linkage', note: `所在单位${g ? `为“${g}”` : '等次未定'}，比例 ${fmt(pct)}%：${p.note}` };
        linkageRows = [{ unitKey: groupKey, unitGrade: g, percent: pct }];
      } else {
        linkageRows = members.map((r) => {
          const unitKey = bySubject.get(r.subjectKey)?.unitKey;
          const g = gradeOf(unitKey);
          return { unitKey: unitKey ?? null, unitGrade: g, percent: pctOf(g) };
        });
        const sumPct = linkageRows.reduce((s, x) => s + x.percent, 0);
        const exact = sumPct / 100;
        const places = Math.max(0, Math.min(members.length, applyRounding(exact, rules.rounding)));
        quota = { places, basis: 'linkage', percent: sumPct, exact, note: `按各人所在单位等次对应比例合计 ${fmt(sumPct)}%：${placesNote(`${fmt(sumPct)}%÷100`, exact, places, rules.rounding, top)}` };
      }
    }
    const g = gradeGroup(gm, eventsBySubject as Map<string, EngineEvent[]>, rules, { topQuota: quota });
    for (const r of members) {
      r.rank = ranks.get(r.subjectKey)!;
      r.rankOf = members.length;
      r.groupKey = groupKey;
      r.grade = g.decisions.get(r.subjectKey)!;
      r.restriction = g.restrictions.get(r.subjectKey) ?? null;
    }
    for (const [k, f] of g.tieFlags) tieFlags.set(k, f);
    const tied = new Set(g.tiedAtBoundary);
    const q: GroupQuota = { categoryId: cat.id, groupKey, size: members.length, top: g.top, bottom: g.bottom, tiedAtBoundary: members.filter((r) => tied.has(r.subjectKey)).map((r) => r.subjectKey) };
    if (linkageRows) q.linkage = linkageRows;
    quotas.push(q);
  }
  for (const r of results) r.flags = subjectFlags(r, eventsBySubject.get(r.subjectKey) ?? [], rules, tieFlags.get(r.subjectKey));
  return quotas;
}

/** The flags of a subject, in a fixed order: data, events, grade, vote shares, components, quota ties. */
function subjectFlags(r: SubjectResult, events: EngineEvent[], rules: EngineCategory['settings']['grading'], tie: Flag | undefined): Flag[] {
  const flags: Flag[] = [];
  if (r.missingCount > 0) flags.push({ code: 'missing_data', figures: { count: r.missingCount } });
  for (const f of r.flags) flags.push(f); // external_missing, from scoring
  for (const e of events) {
    if (e.kind === 'veto' || e.kind === 'veto_top' || e.kind === 'investigation') flags.push({ code: e.kind, figures: { eventId: e.id, reason: e.reason } });
    else if (e.kind === 'sanction') flags.push({ code: e.carried ? 'sanction_carried' : 'sanction', figures: { eventId: e.id, type: e.type, reason: e.reason } });
  }
  if (r.grade.grade === UNDETERMINED_GRADE) flags.push({ code: 'undetermined', figures: {} });
  if (rules.voteRules.length > 0) {
    const d = r.components.find((c) => c.democratic && c.democratic.validVotes > 0)?.democratic;
    if (d) {
      for (const vr of rules.voteRules) {
        // from the counts: Σ votes of the levels ÷ Σ valid, rounded only when written
        let votes = 0;
        for (const l of vr.levels) votes += d.counts[l] ?? 0;
        const share = votes / d.validVotes;
        if (vr.op === 'above' ? share > vr.share : share < vr.share) {
          flags.push({ code: 'vote_rule', figures: { label: vr.label, levels: vr.levels.join('+'), share, limit: vr.share, op: vr.op, votes, valid: d.validVotes } });
        }
      }
    }
  }
  for (const cf of rules.componentFlags) {
    const c = r.components.find((x) => x.code === cf.component);
    if (c && c.scaled < cf.below) flags.push({ code: 'component_threshold', figures: { label: cf.label, component: c.name, code: c.code, score: c.scaled, below: cf.below } });
  }
  if (tie) flags.push(tie);
  return flags;
}
