// Ranking within a comparison group and grades under the plan's rules
// (domain: "Grading"), in the domain's order: vetoes and sanctions, then
// eligibility thresholds, then quotas for the top grade (with give-way to
// the next eligible) and the bottom grade, bands for the middle grades.
// Nothing here depends on the order of subjects that share a rank: who is
// tied across a quota boundary is treated alike (tieAtQuota).
import { UNDETERMINED_GRADE, type GradeRules, type Rounding, type SanctionEffect } from '../domain.ts';
import { applyRounding, fmt, ROUNDING_WORDS, round6 } from './numbers.ts';
import type { EngineEvent, Flag, GradeDecision, QuotaDecision, Restriction } from './types.ts';

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

/** The first of the events of a kind by id, so that the input's order does not choose the reason. */
function firstOf(events: EngineEvent[], kind: EngineEvent['kind']): EngineEvent | undefined {
  let best: EngineEvent | undefined;
  for (const e of events) if (e.kind === kind && (!best || e.id < best.id)) best = e;
  return best;
}

/** What vetoes, investigations and sanctions allow; the heaviest wins. */
export function restrictionOf(events: EngineEvent[], rules: GradeRules): Restriction | null {
  const top = rules.grades[0] as string;
  const bottom = rules.grades[rules.grades.length - 1] as string;
  const veto = firstOf(events, 'veto');
  if (veto) return { kind: 'forced', grade: bottom, rule: 'veto', reason: `一票否决：${veto.reason}，定为“${bottom}”`, eventId: veto.id };
  let heaviest: { e: EngineEvent; effect: SanctionEffect } | null = null;
  for (const e of events) {
    if (e.kind !== 'sanction') continue;
    // a sanction carried from last year holds this year's grade as undetermined
    const effect: SanctionEffect = e.carried ? 'undetermined' : (rules.sanctions[e.type] ?? 'not_top');
    const w = EFFECT_WEIGHT[effect];
    if (!heaviest || w > EFFECT_WEIGHT[heaviest.effect] || (w === EFFECT_WEIGHT[heaviest.effect] && e.id < heaviest.e.id)) heaviest = { e, effect };
  }
  if (heaviest?.effect === 'bottom') {
    return { kind: 'forced', grade: bottom, rule: 'sanction', reason: `${heaviest.e.reason}（${heaviest.e.type || '处分'}），按处分影响表定为“${bottom}”`, eventId: heaviest.e.id };
  }
  if (heaviest && heaviest.effect !== 'not_top') {
    const when = heaviest.e.carried ? '上年处分影响期内' : heaviest.effect === 'undetermined_two_years' ? '当年和次年' : '当年';
    return { kind: 'forced', grade: UNDETERMINED_GRADE, rule: 'sanction', reason: `${heaviest.e.reason}（${heaviest.e.type || '处分'}），${when}不确定等次`, eventId: heaviest.e.id };
  }
  const inv = firstOf(events, 'investigation');
  if (inv) return { kind: 'forced', grade: UNDETERMINED_GRADE, rule: 'investigation', reason: `立案审查未结案：${inv.reason}，暂不确定等次`, eventId: inv.id };
  if (heaviest) return { kind: 'not_top', grade: null, rule: 'sanction', reason: `受处分：${heaviest.e.reason}，不得评为“${top}”`, eventId: heaviest.e.id };
  const vetoTop = firstOf(events, 'veto_top');
  if (vetoTop) return { kind: 'not_top', grade: null, rule: 'veto_top', reason: `一票否优：${vetoTop.reason}，不得评为“${top}”`, eventId: vetoTop.id };
  return null;
}

export interface GradeMember {
  key: string;
  total: number;
  /** the scaled score of each component by code, for component thresholds */
  components?: Record<string, number>;
  /** the shared rank after tie-breaks (equal ranks are tied); without it, equal totals are tied */
  rank?: number;
}

/** A quota's places before it is handed out. */
export type QuotaBasis = Pick<QuotaDecision, 'places' | 'basis' | 'percent' | 'exact' | 'note'>;

/** places = rounding(size × percent / 100), with the note that says so. */
export function percentQuota(size: number, percent: number, rounding: Rounding, grade: string): QuotaBasis {
  const exact = (size * percent) / 100;
  const places = quotaOf(size, percent, rounding);
  return { places, basis: 'percent', percent, exact, note: placesNote(`${size}人×${fmt(percent)}%`, exact, places, rounding, grade) };
}

/** "12人×20%=2.4，向下取整为2个"; a whole number is not said to be rounded; no places is said plainly. */
export function placesNote(product: string, exact: number, places: number, rounding: Rounding, grade: string): string {
  const whole = Number.isInteger(round6(exact));
  const head = whole ? `${product}=${fmt(exact)}个` : `${product}=${fmt(exact)}，${ROUNDING_WORDS[rounding]}为${places}个`;
  const capped = whole && round6(exact) !== places ? `，以${places}个为限` : '';
  return places === 0 ? `${head}${capped}，无“${grade}”名额` : `${head}${capped}`;
}

export interface GroupOptions {
  /** the top-grade quota, when the plan's percentage does not apply (linkage) */
  topQuota?: QuotaBasis;
}

export interface GroupOutcome {
  decisions: Map<string, GradeDecision>;
  restrictions: Map<string, Restriction>;
  top: QuotaDecision;
  bottom: QuotaDecision | null;
  /** subjects tied across the top-quota boundary, in rank order */
  tiedAtBoundary: string[];
  /** the tie_at_quota flags (committee setting), by subject */
  tieFlags: Map<string, Flag>;
}

type Why = 'forced' | 'not_top' | 'min_total' | 'min_component';
const WHY_WORDS: Record<Why, string> = { forced: '否决或处分定等', not_top: '不得评优', min_total: '总分未达线', min_component: '单项未达线' };

/** Grades for one comparison group, given in rank order. */
export function gradeGroup(ordered: GradeMember[], eventsByKey: Map<string, EngineEvent[]>, rules: GradeRules, opts: GroupOptions = {}): GroupOutcome {
  const n = ordered.length;
  const out = new Map<string, GradeDecision>();
  const restrictions = new Map<string, Restriction>();
  const tieFlags = new Map<string, Flag>();
  const top = rules.grades[0] as string;
  const next = rules.grades[1] as string;
  const bottom = rules.grades[rules.grades.length - 1] as string;
  const defaultMiddle = rules.grades[rules.grades.length - 2] as string;
  const committee = rules.tieAtQuota !== 'all';
  const tq = opts.topQuota ?? percentQuota(n, rules.topQuotaPercent, rules.rounding, top);
  const places = tq.places;
  const bands = [...rules.bands].filter((b) => b.grade !== top).sort((a, b) => b.minTotal - a.minTotal);

  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = ordered[i]!;
    rank[i] = s.rank ?? (i > 0 && ordered[i - 1]!.total === s.total ? rank[i - 1]! : i + 1);
  }

  // 1. vetoes, sanctions and eligibility thresholds for the top grade
  const why: (Why | null)[] = new Array(n).fill(null);
  const whyText: string[] = new Array(n).fill('');
  const eligible: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = ordered[i]!;
    const r = restrictionOf(eventsByKey.get(s.key) ?? [], rules);
    if (r) restrictions.set(s.key, r);
    const comp = rules.topMinComponent;
    const compScore = comp ? s.components?.[comp.component] : undefined;
    if (r?.kind === 'forced') {
      why[i] = 'forced';
      out.set(s.key, { grade: r.grade!, rule: r.rule as GradeDecision['rule'], note: r.reason });
    } else if (r) {
      why[i] = 'not_top';
      whyText[i] = `${r.reason}；`;
    } else if (rules.topMinTotal !== undefined && s.total < rules.topMinTotal) {
      why[i] = 'min_total';
      whyText[i] = `总分未达“${top}”最低分 ${fmt(rules.topMinTotal)}；`;
    } else if (comp && (compScore === undefined || compScore < comp.min)) {
      why[i] = 'min_component';
      whyText[i] = `“${comp.component}”得分 ${compScore === undefined ? '无' : fmt(compScore)} 低于“${top}”要求的 ${fmt(comp.min)} 分；`;
    } else eligible.push(i);
  }

  // 2. the top-grade quota over the eligible, in rank order; a tie across its boundary is not cut by listing order
  const winner = new Uint8Array(n);
  const tied: number[] = [];
  if (places > 0) {
    if (eligible.length <= places) for (const i of eligible) winner[i] = 1;
    else {
      const edge = rank[eligible[places - 1]!]!;
      const tieAcross = rank[eligible[places]!]! === edge;
      for (const i of eligible) {
        if (rank[i]! < edge || (!tieAcross && rank[i] === edge)) winner[i] = 1;
        else if (tieAcross && rank[i] === edge) tied.push(i);
      }
      if (!committee) for (const i of tied) winner[i] = 1;
    }
  }
  const isTied = new Uint8Array(n);
  for (const i of tied) isTied[i] = 1;
  let given = 0;
  for (let i = 0; i < n; i++) given += winner[i]!;
  const quotaText = places === 0 ? tq.note : `“${top}”名额${places}个（${tq.note}）`;

  // who gave way ahead of a winner: everyone ranked as well or better who did not get the grade, by reason
  const gaveWay = (i: number): string => {
    const counts = new Map<Why, number>();
    let total = 0;
    for (let j = 0; j < n && rank[j]! <= rank[i]!; j++) {
      const w = why[j];
      if (j === i || winner[j] || !w) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
      total++;
    }
    if (total === 0) return '';
    const parts = (Object.keys(WHY_WORDS) as Why[]).filter((w) => counts.has(w)).map((w) => `${WHY_WORDS[w]}${counts.get(w)}个`);
    return `，排名在前的${total}个对象不符合条件（${parts.join('、')}），依次递补`;
  };

  // 3. everyone else: bottom by total, bands, the default middle grade
  for (let i = 0; i < n; i++) {
    const s = ordered[i]!;
    if (why[i] === 'forced') continue;
    const at = `排名第${rank[i]}位`;
    if (winner[i]) {
      const over = isTied[i] ? `，与另${tied.length - 1}个对象并列处于${quotaText}的边界，按方案并列者均评为“${top}”，共${given}个，超出名额${given - places}个` : `，在${quotaText}之内${gaveWay(i)}`;
      out.set(s.key, { grade: top, rule: 'quota', note: `${at}${over}` });
      continue;
    }
    if (isTied[i]) {
      const open = places - given;
      out.set(s.key, { grade: next, rule: 'tie_at_quota', note: `${at}，${tied.length}个对象并列争${quotaText}中剩余的${open}个，暂定为“${next}”，由考核委员会确定` });
      tieFlags.set(s.key, { code: 'tie_at_quota', figures: { places, tied: tied.length, rank: rank[i]!, grade: top, boundary: 'top' } });
      continue;
    }
    const because = whyText[i] || (places === 0 ? `${quotaText}；` : `${at}，${quotaText}已满；`);
    if (rules.bottomBelowTotal !== undefined && s.total < rules.bottomBelowTotal) {
      out.set(s.key, { grade: bottom, rule: 'bottom', note: `${because}总分 ${fmt(s.total)} 低于 ${fmt(rules.bottomBelowTotal)} 分，定为“${bottom}”` });
      continue;
    }
    const band = bands.find((b) => s.total >= b.minTotal);
    if (band) {
      out.set(s.key, { grade: band.grade, rule: 'band', note: `${because}总分 ${fmt(s.total)} ≥ ${fmt(band.minTotal)}，定为“${band.grade}”` });
      continue;
    }
    out.set(s.key, { grade: defaultMiddle, rule: 'default', note: `${because}总分 ${fmt(s.total)}，定为“${defaultMiddle}”` });
  }
  const topDecision: QuotaDecision = { grade: top, places, basis: tq.basis, percent: tq.percent, exact: tq.exact, rounding: rules.rounding, given, note: tq.note };

  // 4. the bottom grade for at least q% of the group, from the bottom of the ranking up
  let bottomDecision: QuotaDecision | null = null;
  if (rules.bottomQuotaPercent !== undefined && rules.bottomQuotaPercent > 0) {
    const bq = percentQuota(n, rules.bottomQuotaPercent, rules.rounding, bottom);
    const counts = (d: GradeDecision) => d.grade === bottom && (rules.bottomQuotaCountsForced || (d.rule !== 'veto' && d.rule !== 'sanction'));
    let have = 0;
    for (const d of out.values()) if (counts(d)) have++;
    const need = bq.places - have;
    const candidates: number[] = [];
    for (let i = n - 1; i >= 0; i--) {
      const d = out.get(ordered[i]!.key)!;
      if (d.grade !== bottom && d.grade !== UNDETERMINED_GRADE && d.grade !== top && d.rule !== 'tie_at_quota') candidates.push(i);
    }
    const take: number[] = [];
    const tiedBottom: number[] = [];
    if (need > 0) {
      if (candidates.length <= need) take.push(...candidates);
      else {
        const edge = rank[candidates[need - 1]!]!;
        const tieAcross = rank[candidates[need]!]! === edge;
        for (const i of candidates) {
          if (rank[i]! > edge || (!tieAcross && rank[i] === edge)) take.push(i);
          else if (tieAcross && rank[i] === edge) (committee ? tiedBottom : take).push(i);
        }
      }
    }
    const rule = `按末位不少于${fmt(rules.bottomQuotaPercent)}%（${bq.places}个）的规定`;
    const over = take.length > Math.max(0, need) ? `；末位名额边界并列者同等对待，共${take.length}个，超出${take.length - need}个` : '';
    for (const i of take) out.set(ordered[i]!.key, { grade: bottom, rule: 'bottom_quota', note: `排名第${rank[i]}位，${rule}定为“${bottom}”${over}` });
    for (const i of tiedBottom) {
      const s = ordered[i]!;
      const d = out.get(s.key)!;
      out.set(s.key, { grade: d.grade, rule: 'tie_at_quota', note: `${d.note}；排名第${rank[i]}位，${tiedBottom.length}个对象并列处于末位名额边界（还需${need - take.length}个），是否定为“${bottom}”由考核委员会确定` });
      tieFlags.set(s.key, { code: 'tie_at_quota', figures: { places: bq.places, tied: tiedBottom.length, rank: rank[i]!, grade: bottom, boundary: 'bottom' } });
    }
    bottomDecision = { grade: bottom, places: bq.places, basis: 'percent', percent: bq.percent, exact: bq.exact, rounding: rules.rounding, given: have + take.length, note: `${bq.note}${rules.bottomQuotaCountsForced ? '' : '（因否决或处分定为“' + bottom + '”的不计入）'}` };
  }
  return { decisions: out, restrictions, top: topDecision, bottom: bottomDecision, tiedAtBoundary: tied.map((i) => ordered[i]!.key), tieFlags };
}
