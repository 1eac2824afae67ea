// Ranking within a category and grades under quota (domain: "Grading").
// Rules in order: vetoes and sanctions, thresholds, the top-grade quota with
// give-way to the next eligible, the bottom threshold, middle bands.
import { UNDETERMINED_GRADE, type GradeRules } from '../domain.ts';
import { applyRounding, fmt } from './numbers.ts';
import type { EngineEvent, GradeDecision } from './types.ts';

export interface Rankable {
  key: string;
  total: number;
  sortOrder: number;
}

/** Orders by total (best first), ties by the plan's order; returns ranks where ties share the better rank. */
export function rankWithin<T extends Rankable>(items: T[]): { ordered: T[]; ranks: Map<string, number> } {
  const ordered = [...items].sort((a, b) => b.total - a.total || a.sortOrder - b.sortOrder || (a.key < b.key ? -1 : 1));
  const ranks = new Map<string, number>();
  ordered.forEach((it, i) => {
    const prev = ordered[i - 1];
    ranks.set(it.key, prev && prev.total === it.total ? (ranks.get(prev.key) as number) : i + 1);
  });
  return { ordered, ranks };
}

export function topQuota(count: number, rules: GradeRules): number {
  return Math.max(0, Math.min(count, applyRounding((count * rules.topQuotaPercent) / 100, rules.rounding)));
}

interface Restriction {
  forced?: GradeDecision;
  notTop?: string;
}

function restrictionOf(events: EngineEvent[], rules: GradeRules): Restriction {
  const bottom = rules.grades[rules.grades.length - 1] as string;
  const veto = events.find((e) => e.kind === 'veto');
  if (veto) return { forced: { grade: bottom, rule: 'veto', note: `一票否决：${veto.reason}，定为“${bottom}”` } };
  const inv = events.find((e) => e.kind === 'investigation');
  if (inv) return { forced: { grade: UNDETERMINED_GRADE, rule: 'investigation', note: `立案审查未结案：${inv.reason}，暂不确定等次` } };
  const sanction = events.find((e) => e.kind === 'sanction');
  if (sanction) return { notTop: `受处分：${sanction.reason}，不得评为“${rules.grades[0]}”` };
  const vetoTop = events.find((e) => e.kind === 'veto_top');
  if (vetoTop) return { notTop: `一票否优：${vetoTop.reason}，不得评为“${rules.grades[0]}”` };
  return {};
}

/**
 * Grades for one comparison group, given in rank order.
 */
export function gradeGroup(
  ordered: { key: string; total: number }[],
  eventsByKey: Map<string, EngineEvent[]>,
  rules: GradeRules,
): Map<string, GradeDecision> {
  const out = new Map<string, GradeDecision>();
  const top = rules.grades[0] as string;
  const bottom = rules.grades[rules.grades.length - 1] as string;
  const defaultMiddle = rules.grades[rules.grades.length - 2] as string;
  const quota = topQuota(ordered.length, rules);
  let given = 0;
  const skipped: string[] = [];
  ordered.forEach((s, i) => {
    const r = restrictionOf(eventsByKey.get(s.key) ?? [], rules);
    if (r.forced) {
      out.set(s.key, r.forced);
      return;
    }
    const position = `排名第${i + 1}位`;
    if (given < quota) {
      if (r.notTop) {
        skipped.push(s.key);
      } else if (rules.topMinTotal !== undefined && s.total < rules.topMinTotal) {
        // below the threshold: no one further down can qualify either
      } else {
        given++;
        const gave = skipped.length > 0 ? `，前序${skipped.length}个单位不符合条件依次递补` : '';
        out.set(s.key, { grade: top, rule: 'quota', note: `${position}，在“${top}”名额${quota}个之内（第${given}个）${gave}` });
        return;
      }
    }
    if (rules.bottomBelowTotal !== undefined && s.total < rules.bottomBelowTotal) {
      out.set(s.key, { grade: bottom, rule: 'bottom', note: `总分 ${fmt(s.total)} 低于 ${fmt(rules.bottomBelowTotal)} 分，定为“${bottom}”` });
      return;
    }
    const why = r.notTop ? `${r.notTop}；` : given >= quota ? `“${top}”名额${quota}个已满；` : rules.topMinTotal !== undefined && s.total < rules.topMinTotal ? `总分未达“${top}”最低分 ${fmt(rules.topMinTotal)}；` : '';
    const band = [...rules.bands].sort((a, b) => b.minTotal - a.minTotal).find((b) => s.total >= b.minTotal && b.grade !== top);
    if (band) {
      out.set(s.key, { grade: band.grade, rule: 'band', note: `${why}总分 ${fmt(s.total)} ≥ ${fmt(band.minTotal)}，定为“${band.grade}”` });
      return;
    }
    out.set(s.key, { grade: defaultMiddle, rule: 'default', note: `${why}总分 ${fmt(s.total)}，定为“${defaultMiddle}”` });
  });
  return out;
}
