// Ranking within a comparison group and grades under the plan's rules
// (domain: "Grading"), in the domain's order: vetoes and sanctions, then
// eligibility thresholds, then quotas for the top grade (with give-way to
// the next eligible) and the bottom grade, bands for the middle grades.
import { UNDETERMINED_GRADE, type GradeRules, type Rounding, type SanctionEffect } from '../domain.ts';
import { applyRounding, fmt } from './numbers.ts';
import type { EngineEvent, GradeDecision } from './types.ts';

export interface Rankable {
  key: string;
  total: number;
  sortOrder: number;
  /** tie-break values, best first (higher is better), in the plan's order */
  tieBreak?: number[];
}

function compareTie(a: Rankable, b: Rankable): number {
  if (b.total !== a.total) return b.total - a.total;
  const ta = a.tieBreak ?? [];
  const tb = b.tieBreak ?? [];
  for (let i = 0; i < Math.max(ta.length, tb.length); i++) {
    const d = (tb[i] ?? 0) - (ta[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Orders by total, best first, then by the tie-break values; what is still
 * equal shares the better rank and is listed in the plan's order.
 */
export function rankWithin<T extends Rankable>(items: T[]): { ordered: T[]; ranks: Map<string, number> } {
  const ordered = [...items].sort((a, b) => compareTie(a, b) || a.sortOrder - b.sortOrder || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ranks = new Map<string, number>();
  ordered.forEach((it, i) => {
    const prev = ordered[i - 1];
    ranks.set(it.key, prev && compareTie(prev, it) === 0 ? (ranks.get(prev.key) as number) : i + 1);
  });
  return { ordered, ranks };
}

export function quotaOf(count: number, percent: number, rounding: Rounding): number {
  return Math.max(0, Math.min(count, applyRounding((count * percent) / 100, rounding)));
}

export function topQuota(count: number, rules: GradeRules): number {
  return quotaOf(count, rules.topQuotaPercent, rules.rounding);
}

const EFFECT_WEIGHT: Record<SanctionEffect, number> = { not_top: 1, undetermined: 2, undetermined_two_years: 3, bottom: 4 };

interface Restriction {
  forced?: GradeDecision;
  notTop?: string;
}

/** What vetoes, investigations and sanctions allow; the heaviest wins. */
export function restrictionOf(events: EngineEvent[], rules: GradeRules): Restriction {
  const top = rules.grades[0] as string;
  const bottom = rules.grades[rules.grades.length - 1] as string;
  const veto = events.find((e) => e.kind === 'veto');
  if (veto) return { forced: { grade: bottom, rule: 'veto', note: `一票否决：${veto.reason}，定为“${bottom}”` } };
  let heaviest: { e: EngineEvent; effect: SanctionEffect } | null = null;
  for (const e of events) {
    if (e.kind !== 'sanction') continue;
    // a sanction carried from last year holds this year's grade as undetermined
    const effect: SanctionEffect = e.carried ? 'undetermined' : (rules.sanctions[e.type] ?? 'not_top');
    if (!heaviest || EFFECT_WEIGHT[effect] > EFFECT_WEIGHT[heaviest.effect]) heaviest = { e, effect };
  }
  if (heaviest?.effect === 'bottom') {
    return { forced: { grade: bottom, rule: 'sanction', note: `${heaviest.e.reason}（${heaviest.e.type || '处分'}），按处分影响表定为“${bottom}”` } };
  }
  if (heaviest && heaviest.effect !== 'not_top') {
    const when = heaviest.e.carried ? '上年处分影响期内' : heaviest.effect === 'undetermined_two_years' ? '当年和次年' : '当年';
    return { forced: { grade: UNDETERMINED_GRADE, rule: 'sanction', note: `${heaviest.e.reason}（${heaviest.e.type || '处分'}），${when}不确定等次` } };
  }
  const inv = events.find((e) => e.kind === 'investigation');
  if (inv) return { forced: { grade: UNDETERMINED_GRADE, rule: 'investigation', note: `立案审查未结案：${inv.reason}，暂不确定等次` } };
  if (heaviest) return { notTop: `受处分：${heaviest.e.reason}，不得评为“${top}”` };
  const vetoTop = events.find((e) => e.kind === 'veto_top');
  if (vetoTop) return { notTop: `一票否优：${vetoTop.reason}，不得评为“${top}”` };
  return {};
}

export interface GradeMember {
  key: string;
  total: number;
  /** the scaled score of each component by code, for component thresholds */
  components?: Record<string, number>;
}

export interface GroupOptions {
  /** top-grade quota in places, when the plan's percentage does not apply (linkage) */
  topQuota?: number;
  /** how the quota came about, for the note */
  quotaNote?: string;
}

/** Grades for one comparison group, given in rank order. */
export function gradeGroup(ordered: GradeMember[], eventsByKey: Map<string, EngineEvent[]>, rules: GradeRules, opts: GroupOptions = {}): Map<string, GradeDecision> {
  const out = new Map<string, GradeDecision>();
  const top = rules.grades[0] as string;
  const bottom = rules.grades[rules.grades.length - 1] as string;
  const defaultMiddle = rules.grades[rules.grades.length - 2] as string;
  const quota = opts.topQuota ?? topQuota(ordered.length, rules);
  const quotaText = `“${top}”名额${quota}个${opts.quotaNote ?? ''}`;
  const bands = [...rules.bands].filter((b) => b.grade !== top).sort((a, b) => b.minTotal - a.minTotal);
  let given = 0;
  let skipped = 0;
  ordered.forEach((s, i) => {
    const r = restrictionOf(eventsByKey.get(s.key) ?? [], rules);
    if (r.forced) {
      out.set(s.key, r.forced);
      return;
    }
    let why = r.notTop ? `${r.notTop}；` : '';
    if (given < quota) {
      const comp = rules.topMinComponent;
      const compScore = comp ? s.components?.[comp.component] : undefined;
      if (r.notTop) {
        skipped++;
      } else if (rules.topMinTotal !== undefined && s.total < rules.topMinTotal) {
        why = `总分未达“${top}”最低分 ${fmt(rules.topMinTotal)}；`;
      } else if (comp && (compScore === undefined || compScore < comp.min)) {
        skipped++;
        why = `“${comp.component}”得分 ${compScore === undefined ? '无' : fmt(compScore)} 低于“${top}”要求的 ${fmt(comp.min)} 分；`;
      } else {
        given++;
        const gave = skipped > 0 ? `，前序${skipped}个对象不符合条件依次递补` : '';
        out.set(s.key, { grade: top, rule: 'quota', note: `排名第${i + 1}位，在${quotaText}之内（第${given}个）${gave}` });
        return;
      }
    } else if (!r.notTop) {
      why = `${quotaText}已满；`;
    }
    if (rules.bottomBelowTotal !== undefined && s.total < rules.bottomBelowTotal) {
      out.set(s.key, { grade: bottom, rule: 'bottom', note: `${why}总分 ${fmt(s.total)} 低于 ${fmt(rules.bottomBelowTotal)} 分，定为“${bottom}”` });
      return;
    }
    const band = bands.find((b) => s.total >= b.minTotal);
    if (band) {
      out.set(s.key, { grade: band.grade, rule: 'band', note: `${why}总分 ${fmt(s.total)} ≥ ${fmt(band.minTotal)}，定为“${band.grade}”` });
      return;
    }
    out.set(s.key, { grade: defaultMiddle, rule: 'default', note: `${why}总分 ${fmt(s.total)}，定为“${defaultMiddle}”` });
  });
  // the bottom grade for at least q% of the group, from the bottom of the ranking up
  if (rules.bottomQuotaPercent !== undefined && rules.bottomQuotaPercent > 0) {
    const need = quotaOf(ordered.length, rules.bottomQuotaPercent, rules.rounding);
    let have = [...out.values()].filter((d) => d.grade === bottom).length;
    for (let i = ordered.length - 1; i >= 0 && have < need; i--) {
      const s = ordered[i]!;
      const d = out.get(s.key)!;
      if (d.grade === bottom || d.grade === UNDETERMINED_GRADE || d.grade === top) continue;
      out.set(s.key, { grade: bottom, rule: 'bottom_quota', note: `排名第${i + 1}位，按末位不少于${fmt(rules.bottomQuotaPercent)}%（${need}个）的规定定为“${bottom}”` });
      have++;
    }
  }
  return out;
}
