// Refusal of bad plans and bad tallies before anything is computed: each
// problem is a Chinese sentence naming the category, indicator or subject.
import { fmt, round6, sameDecimal } from './numbers.ts';
import type { EngineInput } from './types.ts';

export function validateInput(input: EngineInput): string[] {
  const problems: string[] = [];
  const catName = new Map(input.categories.map((c) => [c.id, c.name]));
  const byId = new Map(input.indicators.map((i) => [i.id, i]));
  const label = (id: number) => {
    const i = byId.get(id);
    return i ? `“${catName.get(i.categoryId) ?? ''}”的指标“${i.code} ${i.name}”` : `指标（编号 ${id}）`;
  };

  // the tree: parents exist, stay in the category and component, no cycles
  for (const ind of input.indicators) {
    if (ind.parentId === null) continue;
    const parent = byId.get(ind.parentId);
    if (!parent) {
      problems.push(`${label(ind.id)}的上级指标（编号 ${ind.parentId}）不存在。`);
      continue;
    }
    if (parent.categoryId !== ind.categoryId || parent.componentId !== ind.componentId) {
      problems.push(`${label(ind.id)}与其上级指标“${parent.code} ${parent.name}”不在同一类别或考核构成中。`);
    }
    const seen = new Set<number>([ind.id]);
    for (let p = byId.get(ind.parentId); p; p = p.parentId === null ? undefined : byId.get(p.parentId)) {
      if (seen.has(p.id)) {
        problems.push(`${label(ind.id)}的上下级关系形成了循环（经过“${p.code} ${p.name}”）。`);
        break;
      }
      seen.add(p.id);
    }
  }

  // methods whose tables must be well formed
  for (const ind of input.indicators) {
    const m = ind.method;
    if (!m) continue;
    if (m.type === 'bands') {
      const sorted = [...m.bands].sort((a, b) => a.min - b.min);
      for (let i = 0; i < sorted.length; i++) {
        const b = sorted[i]!;
        const next = sorted[i + 1];
        if (b.max !== undefined && b.max <= b.min) problems.push(`${label(ind.id)}的计分档“${fmt(b.min)}–${fmt(b.max)}”上限不大于下限。`);
        if (next && b.max !== undefined && b.max !== next.min) {
          problems.push(`${label(ind.id)}的计分档不连续：“${fmt(b.min)}–${fmt(b.max)}”之后是“${fmt(next.min)}”起，${b.max < next.min ? '中间有空档' : '两档重叠'}。`);
        }
        if (next && b.min === next.min) problems.push(`${label(ind.id)}有两个计分档都从 ${fmt(b.min)} 开始。`);
      }
    }
    if (m.type === 'interpolation') {
      const t = m.levels.map((l) => l.threshold);
      const asc = t.every((x, i) => i === 0 || x > t[i - 1]!);
      const desc = t.every((x, i) => i === 0 || x < t[i - 1]!);
      if (!asc && !desc) problems.push(`${label(ind.id)}的插值档位阈值应单调递增或递减。`);
    }
  }

  // weights of the weighted components of each category sum to 100%
  for (const cat of input.categories) {
    const weighted = input.components.filter((c) => c.categoryId === cat.id && c.weight !== null && c.kind !== 'bonus');
    // as decimals: 60 + 39.99 is not 100, 0.1 + 0.2 is 0.3
    const sum = round6(weighted.reduce((s, c) => s + (c.weight ?? 0), 0));
    if (weighted.length > 0 && !sameDecimal(sum, 100)) {
      problems.push(`类别“${cat.name}”各考核构成的权重合计为 ${fmt(sum)}%，应为 100%（${weighted.map((c) => `${c.name}${fmt(c.weight ?? 0)}%`).join('、')}）。`);
    }
    const codes = new Set(input.components.filter((c) => c.categoryId === cat.id).map((c) => c.code));
    const mult = cat.settings.multiplier;
    if (mult) {
      for (const code of [mult.base, mult.factor]) if (!codes.has(code)) problems.push(`类别“${cat.name}”的乘数计分引用了不存在的考核构成“${code}”。`);
    }
    const g = cat.settings.grading;
    for (const b of g.bands) if (!g.grades.includes(b.grade)) problems.push(`类别“${cat.name}”的分数线中的等次“${b.grade}”不在等次列表中。`);
    if (g.topMinComponent && !codes.has(g.topMinComponent.component)) problems.push(`类别“${cat.name}”的优秀条件引用了不存在的考核构成“${g.topMinComponent.component}”。`);
    for (const code of g.tieBreak) if (!codes.has(code)) problems.push(`类别“${cat.name}”的同分排序引用了不存在的考核构成“${code}”。`);
    for (const f of g.componentFlags) if (!codes.has(f.component)) problems.push(`类别“${cat.name}”的单项标记“${f.label}”引用了不存在的考核构成“${f.component}”。`);
    // a vote rule on a level nobody can vote for would never (or always) fire
    const levels = new Set(input.components.filter((c) => c.categoryId === cat.id && c.kind === 'democratic').flatMap((c) => c.evalLevels.map((l) => l.name)));
    if (levels.size > 0) {
      for (const r of g.voteRules) {
        const unknown = r.levels.filter((l) => !levels.has(l));
        if (unknown.length > 0) problems.push(`类别“${cat.name}”的测评票规则“${r.label}”引用了民主测评中没有的等次“${unknown.join('、')}”。`);
      }
    }
  }

  // democratic evaluation tallies: valid ≤ present ≤ expected, no negative votes
  const subjectName = new Map(input.subjects.map((s) => [s.key, s.name]));
  const groupName = new Map(input.raterGroups.map((g) => [g.id, g.name]));
  for (const b of input.ballots) {
    // 60,000 ballots at province scale: the sentence is only written for a bad one
    const where = () => `“${subjectName.get(b.subjectKey) ?? b.subjectKey}”的民主测评（${groupName.get(b.raterGroupId) ?? `测评组 ${b.raterGroupId}`}）`;
    let cast = 0;
    let negative: string[] | null = null;
    for (const k in b.votes) {
      const v = b.votes[k]!;
      if (v < 0 || !Number.isFinite(v)) (negative ??= []).push(k);
      else cast += v;
    }
    if (negative) problems.push(`${where()}中“${negative.join('、')}”的票数为负数或无效。`);
    if (b.expected < 0 || b.present < 0 || b.valid < 0 || b.invalid < 0) problems.push(`${where()}的应到、实到、有效或无效票数为负数。`);
    if (b.present > b.expected) problems.push(`${where()}实到 ${b.present} 人，多于应到 ${b.expected} 人。`);
    if (b.valid > b.present) problems.push(`${where()}有效票 ${b.valid} 张，多于实到 ${b.present} 人。`);
    if (!negative && cast !== b.valid) problems.push(`${where()}各等次票数合计 ${cast}，与有效票 ${b.valid} 张不符。`);
  }
  return problems;
}
