// The engine's entry point: scores every subject of every category, ranks
// within the category and decides grades. Pure and deterministic: the result
// does not depend on the order of the input rows.
import type { SubjectKey } from '../domain.ts';
import { scoreBonus } from './bonus.ts';
import { scoreDemocratic } from './democratic.ts';
import { gradeGroup, rankWithin } from './grading.ts';
import { scoreLeaf, type PeerValues } from './methods.ts';
import { fmt, round4 } from './numbers.ts';
import type {
  ComponentTrace,
  EngineBallot,
  EngineComponent,
  EngineEvent,
  EngineIndicator,
  EngineInput,
  EngineOutput,
  EngineScore,
  EngineSubject,
  LeafTrace,
  NodeTrace,
  SubjectResult,
} from './types.ts';

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

interface Tree {
  roots: EngineIndicator[];
  children: Map<number, EngineIndicator[]>;
  leaves: { ind: EngineIndicator; path: string[] }[];
}

function buildTree(indicators: EngineIndicator[]): Tree {
  const bySort = (a: EngineIndicator, b: EngineIndicator) => a.sortOrder - b.sortOrder || a.id - b.id;
  const children = groupBy(indicators, (i) => i.parentId);
  for (const list of children.values()) list.sort(bySort);
  const roots = children.get(null) ?? [];
  const leaves: Tree['leaves'] = [];
  const walk = (node: EngineIndicator, path: string[]) => {
    const kids = children.get(node.id);
    const p = [...path, node.name];
    if (!kids || kids.length === 0) leaves.push({ ind: node, path: p });
    else for (const k of kids) walk(k, p);
  };
  for (const r of roots) walk(r, []);
  return { roots, children: new Map([...children].filter(([k]) => k !== null) as [number, EngineIndicator[]][]), leaves };
}

export function compute(input: EngineInput): EngineOutput {
  const groups = new Map(input.raterGroups.map((g) => [g.id, g]));
  const scoresBySubject = groupBy(input.scores, (s) => s.subjectKey);
  const ballotsBySubject = groupBy(input.ballots, (b) => b.subjectKey);
  const eventsBySubject = groupBy(input.events, (e) => e.subjectKey);
  const subjectsByCategory = groupBy(input.subjects, (s) => s.categoryId);
  const componentsByCategory = groupBy(input.components, (c) => c.categoryId);
  const indicatorsByComponent = groupBy(input.indicators, (i) => i.componentId);

  const results: SubjectResult[] = [];
  const categories = [...input.categories].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  for (const cat of categories) {
    const subjects = [...(subjectsByCategory.get(cat.id) ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
    const components = [...(componentsByCategory.get(cat.id) ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
    const entryIndex = new Map<SubjectKey, Map<number, EngineScore>>();
    for (const s of subjects) entryIndex.set(s.key, new Map((scoresBySubject.get(s.key) ?? []).map((e) => [e.indicatorId, e])));

    const perSubject = new Map<SubjectKey, { components: ComponentTrace[]; total: number; missing: number; flags: string[] }>();
    for (const s of subjects) perSubject.set(s.key, { components: [], total: 0, missing: 0, flags: [] });

    for (const comp of components) {
      const traces = scoreComponent(comp, cat.difficulty, subjects, entryIndex, indicatorsByComponent.get(comp.id) ?? [], ballotsBySubject, groups, eventsBySubject, cat.settings.bonus);
      for (const s of subjects) {
        const t = traces.get(s.key) as ComponentTrace;
        const acc = perSubject.get(s.key)!;
        acc.components.push(t);
        acc.total += t.contribution;
        acc.missing += (t.leaves ?? []).filter((l) => l.missing).length + (t.democratic && t.democratic.validVotes === 0 ? 1 : 0);
      }
    }

    const rankables = subjects.map((s) => ({ key: s.key, total: round4(perSubject.get(s.key)!.total), sortOrder: s.sortOrder }));
    const { ordered, ranks } = rankWithin(rankables);
    const grades = gradeGroup(ordered, eventsBySubject as Map<string, EngineEvent[]>, cat.settings.grading);
    for (const s of subjects) {
      const acc = perSubject.get(s.key)!;
      if (acc.missing > 0) acc.flags.push(`缺数据${acc.missing}项`);
      for (const e of eventsBySubject.get(s.key) ?? []) {
        if (e.kind === 'veto') acc.flags.push('一票否决');
        if (e.kind === 'veto_top') acc.flags.push('一票否优');
        if (e.kind === 'sanction') acc.flags.push('受处分');
        if (e.kind === 'investigation') acc.flags.push('立案审查');
      }
      results.push({
        subjectKey: s.key,
        kind: s.kind,
        categoryId: cat.id,
        total: round4(acc.total),
        rank: ranks.get(s.key) as number,
        components: acc.components,
        grade: grades.get(s.key)!,
        flags: acc.flags,
        missingCount: acc.missing,
      });
    }
  }
  return { results };
}

function finishComponent(comp: EngineComponent, raw: number, full: number, difficulty: number, note: string): Omit<ComponentTrace, 'leaves' | 'nodes' | 'democratic' | 'bonus'> {
  const scaled = comp.normalizeTo100 && full > 0 ? (raw * 100) / full : raw;
  const d = comp.applyDifficulty ? difficulty : 1;
  const weighted = comp.weight === null ? scaled : (scaled * comp.weight) / 100;
  const contribution = round4(weighted * d);
  const parts = [note];
  if (comp.normalizeTo100 && full > 0 && full !== 100) parts.push(`折算为百分制 ${fmt(scaled)}`);
  if (comp.weight !== null) parts.push(`× 权重 ${fmt(comp.weight)}%`);
  if (comp.applyDifficulty && d !== 1) parts.push(`× 难度系数 ${fmt(d)}`);
  parts.push(`计入总分 ${fmt(contribution)} 分`);
  return {
    componentId: comp.id,
    code: comp.code,
    name: comp.name,
    kind: comp.kind,
    raw: round4(raw),
    full,
    scaled: round4(scaled),
    weight: comp.weight,
    difficulty: d,
    contribution,
    note: parts.join('；'),
  };
}

function scoreComponent(
  comp: EngineComponent,
  difficulty: number,
  subjects: EngineSubject[],
  entries: Map<SubjectKey, Map<number, EngineScore>>,
  indicators: EngineIndicator[],
  ballots: Map<SubjectKey, EngineBallot[]>,
  groups: Map<number, import('./types.ts').EngineRaterGroup>,
  events: Map<SubjectKey, EngineEvent[]>,
  bonusRules: import('../domain.ts').BonusRules,
): Map<SubjectKey, ComponentTrace> {
  const out = new Map<SubjectKey, ComponentTrace>();
  if (comp.kind === 'democratic') {
    for (const s of subjects) {
      const d = scoreDemocratic(comp.fullPoints, comp.evalLevels, ballots.get(s.key) ?? [], groups);
      out.set(s.key, { ...finishComponent(comp, d.score, comp.fullPoints, difficulty, d.note), democratic: d.trace });
    }
    return out;
  }
  if (comp.kind === 'bonus') {
    for (const s of subjects) {
      const b = scoreBonus(events.get(s.key) ?? [], bonusRules);
      // bonus points are added as they are: no weight, no normalisation
      const t = finishComponent({ ...comp, weight: null, normalizeTo100: false, applyDifficulty: false }, b.net, 0, 1, b.note);
      out.set(s.key, { ...t, weight: comp.weight, bonus: b.items });
    }
    return out;
  }
  // indicator-based components (实绩, 平时考核, …): score leaves, sum up the tree
  const tree = buildTree(indicators);
  const full = tree.roots.reduce((s, r) => s + r.fullPoints, 0);
  const peers = new Map<number, PeerValues>();
  for (const { ind } of tree.leaves) {
    const t = ind.method?.type;
    if (t === 'ratioToBest' || t === 'rank') {
      const values: number[] = [];
      for (const s of subjects) {
        const v = entries.get(s.key)?.get(ind.id)?.value;
        if (v !== null && v !== undefined && Number.isFinite(v)) values.push(v);
      }
      peers.set(ind.id, { values });
    }
  }
  const noPeers: PeerValues = { values: [] };
  for (const s of subjects) {
    const mine = entries.get(s.key) ?? new Map<number, EngineScore>();
    const leafScores = new Map<number, number>();
    const leaves: LeafTrace[] = tree.leaves.map(({ ind, path }) => {
      const method = ind.method ?? { type: 'direct' as const };
      const o = scoreLeaf(method, ind.fullPoints, mine.get(ind.id), peers.get(ind.id) ?? noPeers);
      const score = round4(o.score);
      leafScores.set(ind.id, score);
      return {
        indicatorId: ind.id,
        code: ind.code,
        path,
        method: method.type,
        inputs: o.inputs,
        raw: o.raw,
        score,
        full: ind.fullPoints,
        lost: round4(Math.max(0, ind.fullPoints - score)),
        note: o.note,
        missing: o.missing,
      };
    });
    const nodes: NodeTrace[] = [];
    const sumNode = (node: EngineIndicator, level: number): number => {
      const kids = tree.children.get(node.id);
      const score = kids && kids.length > 0 ? kids.reduce((acc, k) => acc + sumNode(k, level + 1), 0) : (leafScores.get(node.id) ?? 0);
      nodes.push({ indicatorId: node.id, code: node.code, name: node.name, parentId: node.parentId, level, full: node.fullPoints, score: round4(score) });
      return score;
    };
    const raw = tree.roots.reduce((acc, r) => acc + sumNode(r, 1), 0);
    const lost = leaves.filter((l) => l.lost > 0).length;
    const note = `${tree.leaves.length}项指标合计 ${fmt(raw)} / ${fmt(full)} 分${lost > 0 ? `（${lost}项失分）` : ''}`;
    out.set(s.key, { ...finishComponent(comp, raw, full, difficulty, note), leaves, nodes });
  }
  return out;
}
