// Bonus and deduction events (加减分): per-kind caps, only the highest level
// of the same honour, a total bonus cap, an optional deduction cap.
import type { BonusRules } from '../domain.ts';
import { fmt } from './numbers.ts';
import type { BonusItemTrace, EngineEvent } from './types.ts';

export interface BonusOutcome {
  net: number;
  bonus: number;
  deduction: number;
  items: BonusItemTrace[];
  note: string;
}

export function scoreBonus(events: EngineEvent[], rules: BonusRules): BonusOutcome {
  const items: BonusItemTrace[] = [];
  const bonuses = events.filter((e) => e.kind === 'bonus').sort((a, b) => (b.levelRank ?? 0) - (a.levelRank ?? 0) || b.points - a.points || a.id - b.id);
  const seenHonour = new Set<string>();
  const perKind = new Map<string, number>();
  let bonus = 0;
  for (const e of bonuses) {
    let counted = e.points;
    let note = '';
    if (e.honourKey) {
      if (seenHonour.has(e.honourKey)) {
        counted = 0;
        note = '同一荣誉只计最高级别';
      }
      seenHonour.add(e.honourKey);
    }
    const cap = rules.kindCaps[e.type];
    if (counted > 0 && cap !== undefined) {
      const used = perKind.get(e.type) ?? 0;
      if (used + counted > cap) {
        counted = Math.max(0, cap - used);
        note = `“${e.type}”类加分上限 ${fmt(cap)} 分`;
      }
      perKind.set(e.type, used + counted);
    }
    if (counted > 0 && rules.totalCap !== undefined && bonus + counted > rules.totalCap) {
      counted = Math.max(0, rules.totalCap - bonus);
      note = `加分总上限 ${fmt(rules.totalCap)} 分`;
    }
    bonus += counted;
    items.push({ eventId: e.id, kind: 'bonus', type: e.type, points: e.points, counted, reason: e.reason, note });
  }
  let deduction = 0;
  for (const e of events.filter((x) => x.kind === 'deduction').sort((a, b) => a.id - b.id)) {
    let counted = e.points;
    let note = '';
    if (rules.deductionCap !== undefined && deduction + counted > rules.deductionCap) {
      counted = Math.max(0, rules.deductionCap - deduction);
      note = `扣分上限 ${fmt(rules.deductionCap)} 分`;
    }
    deduction += counted;
    items.push({ eventId: e.id, kind: 'deduction', type: e.type, points: e.points, counted, reason: e.reason, note });
  }
  const net = bonus - deduction;
  return {
    net,
    bonus,
    deduction,
    items,
    note: items.length === 0 ? '无加减分事项' : `加分 ${fmt(bonus)} 分，扣分 ${fmt(deduction)} 分，合计 ${net >= 0 ? '+' : ''}${fmt(net)} 分`,
  };
}
