// The checks the office wants (domain: "Checks"): the spread of scores a
// responsible department gave (分差), the points-sum and weight-sum of the
// tree and components, and missing data by responsible department. Each
// item names where to look, so the screen can open the offending data.
import type { SubjectKey } from '../domain.ts';
import { leafMatrices } from './compute.ts';
import { fmt, round6, sameDecimal } from './numbers.ts';
import type { EngineInput } from './types.ts';

export type CheckKind = 'spread' | 'points' | 'weights' | 'missing';
/** What a check found, as a stable code (kind is the older, coarser name of the same). */
export type CheckCode = 'spread' | 'points_sum' | 'weights_sum' | 'missing';

export interface CheckItem {
  kind: CheckKind;
  code: CheckCode;
  severity: 'error' | 'warning';
  categoryId: number;
  categoryName: string;
  indicatorId: number | null;
  indicatorCode: string | null;
  indicatorName: string | null;
  departmentName: string | null;
  /** the subjects concerned (missing data), in the plan's order */
  subjects: { key: SubjectKey; name: string }[];
  /** the numbers behind the message, e.g. { spread, min, max, full, minSpread } */
  figures: Record<string, number>;
  message: string;
}

export function runChecks(input: EngineInput): CheckItem[] {
  const out: CheckItem[] = [];
  const dept = new Map((input.departments ?? []).map((d) => [d.id, d.name]));
  const catById = new Map(input.categories.map((c) => [c.id, c]));
  const base = (categoryId: number) => ({ categoryId, categoryName: catById.get(categoryId)?.name ?? '' });

  // points: an inner node's full points equal the sum of its children's
  const childSum = new Map<number, number>();
  for (const i of input.indicators) if (i.parentId !== null) childSum.set(i.parentId, (childSum.get(i.parentId) ?? 0) + i.fullPoints);
  for (const i of input.indicators) {
    const raw = childSum.get(i.id);
    // as decimals: 33.33 × 3 = 99.99 is not 100, but 0.1 + 0.2 is 0.3
    if (raw === undefined || sameDecimal(raw, i.fullPoints)) continue;
    const sum = round6(raw);
    out.push({
      kind: 'points',
      code: 'points_sum',
      figures: { full: i.fullPoints, sum, children: input.indicators.filter((c) => c.parentId === i.id).length },
      severity: 'error',
      ...base(i.categoryId),
      indicatorId: i.id,
      indicatorCode: i.code,
      indicatorName: i.name,
      departmentName: null,
      subjects: [],
      message: `指标“${i.code} ${i.name}”分值 ${fmt(i.fullPoints)} 分，下级指标合计 ${fmt(sum)} 分，两者应相等。`,
    });
  }

  // weights of the weighted components sum to 100%
  for (const cat of input.categories) {
    const weighted = input.components.filter((c) => c.categoryId === cat.id && c.weight !== null && c.kind !== 'bonus');
    const sum = round6(weighted.reduce((s, c) => s + (c.weight ?? 0), 0));
    if (weighted.length > 0 && !sameDecimal(sum, 100)) {
      out.push({ kind: 'weights', code: 'weights_sum', figures: { sum, components: weighted.length }, severity: 'error', ...base(cat.id), indicatorId: null, indicatorCode: null, indicatorName: null, departmentName: null, subjects: [], message: `类别“${cat.name}”各考核构成权重合计 ${fmt(sum)}%，应为 100%。` });
    }
  }

  for (const m of leafMatrices(input)) {
    const nS = m.subjects.length;
    const nL = m.plan.leaves.length;
    const minSpread = m.plan.cat.settings.minSpread;
    m.plan.leaves.forEach((leaf, li) => {
      const department = leaf.departmentId ? (dept.get(leaf.departmentId) ?? null) : null;
      const where = { ...base(m.plan.cat.id), indicatorId: leaf.id, indicatorCode: leaf.code, indicatorName: leaf.name, departmentName: department };
      // missing data, grouped by indicator (and so by its responsible department)
      const missing: CheckItem['subjects'] = [];
      let lo = Infinity;
      let hi = -Infinity;
      let n = 0;
      for (let p = 0; p < nS; p++) {
        const at = p * nL + li;
        if (m.missing[at]) {
          missing.push({ key: m.subjects[p]!.key, name: m.subjects[p]!.name });
          continue;
        }
        const v = m.scores[at]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        n++;
      }
      if (missing.length > 0) {
        const names = missing.slice(0, 5).map((x) => x.name).join('、');
        out.push({ kind: 'missing', code: 'missing', figures: { count: missing.length, of: nS }, severity: 'warning', ...where, subjects: missing, message: `${department ?? '未指定责任单位'}：指标“${leaf.code} ${leaf.name}”有 ${missing.length} 个对象未填报（${names}${missing.length > 5 ? '等' : ''}）。` });
      }
      // spread (分差) of what a responsible department scored
      if (leaf.departmentId && n >= 2 && leaf.fullPoints > 0) {
        const spread = round6((hi - lo) / leaf.fullPoints);
        if (spread < round6(minSpread)) {
          out.push({
            kind: 'spread',
            code: 'spread',
            severity: 'warning',
            ...where,
            subjects: [],
            figures: { spread, min: lo, max: hi, full: leaf.fullPoints, minSpread, count: n },
            message: `${department}：指标“${leaf.code} ${leaf.name}”在“${m.plan.cat.name}”内最高 ${fmt(hi)} 分、最低 ${fmt(lo)} 分，分差 ${fmt(spread * 100)}% 低于 ${fmt(minSpread * 100)}%。`,
          });
        }
      }
    });
  }
  return out;
}
