// Democratic evaluation (民主测评): groupScore = Σ votes_l × coef_l / valid;
// score = full × Σ weight_g × groupScore_g / Σ weight_g.
import type { EvalLevel } from '../domain.ts';
import { fmt, round4 } from './numbers.ts';
import type { DemocraticTrace, EngineBallot, EngineRaterGroup } from './types.ts';

export interface DemocraticOutcome {
  score: number;
  trace: DemocraticTrace;
  note: string;
  missing: boolean;
}

export function scoreDemocratic(
  full: number,
  levels: EvalLevel[],
  ballots: EngineBallot[],
  groups: Map<number, EngineRaterGroup>,
  /** the per-group detail is kept only where the explanation is wanted */
  withGroups = true,
): DemocraticOutcome {
  const totals: Record<string, number> = {};
  for (const l of levels) totals[l.name] = 0;
  let weighted = 0;
  let weightSum = 0;
  let validAll = 0;
  const traceGroups: DemocraticTrace['groups'] = [];
  for (const b of ballots) {
    const g = groups.get(b.raterGroupId);
    if (!g || b.valid <= 0) continue;
    let sum = 0;
    for (const l of levels) {
      const v = b.votes[l.name] ?? 0;
      sum += v * l.coef;
      totals[l.name] = (totals[l.name] ?? 0) + v;
    }
    const groupScore = sum / b.valid;
    weighted += g.weight * groupScore;
    weightSum += g.weight;
    validAll += b.valid;
    if (withGroups) traceGroups.push({ raterGroupId: g.id, name: g.name, weight: g.weight, valid: b.valid, groupScore: round4(groupScore), votes: { ...b.votes } });
  }
  const shares: Record<string, number> = {};
  for (const l of levels) shares[l.name] = validAll > 0 ? round4((totals[l.name] ?? 0) / validAll) : 0;
  if (weightSum === 0) {
    return { score: 0, trace: { groups: [], shares, counts: totals, validVotes: 0 }, note: '无有效测评票，得0分', missing: true };
  }
  const ratio = weighted / weightSum;
  const score = full * ratio;
  const parts = withGroups ? `${traceGroups.map((g) => `${g.name}(权重${fmt(g.weight)})${fmt(g.groupScore * 100)}%`).join('，')}；` : '';
  return {
    score,
    trace: { groups: traceGroups, shares, counts: totals, validVotes: validAll },
    note: `${parts}加权得分率 ${fmt(ratio * 100)}%，${fmt(full)} × ${fmt(ratio * 100)}% = ${fmt(score)} 分`,
    missing: false,
  };
}
