// Scoring methods of a leaf indicator (domain: "Scoring methods of a leaf indicator").
// Each returns the score clamped to [0, full] (or the allowed excess) and a
// Chinese note that says how the score came about.
import type { Method } from '../domain.ts';
import { fmt, round4 } from './numbers.ts';
import type { EngineScore } from './types.ts';

export interface LeafOutcome {
  raw: number | null;
  score: number;
  inputs: Record<string, number | string | null>;
  note: string;
  missing: boolean;
}

/** What methods comparing subjects need: the values of every subject of the category. */
export interface PeerValues {
  values: number[];
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function missing(full: number): LeafOutcome {
  return { raw: null, score: 0, inputs: { value: null }, note: `未填报，得0分（满分${fmt(full)}）`, missing: true };
}

/** Standard competition ranking: ties share the better rank (1, 1, 3). */
export function rankOf(value: number, values: number[], lowerIsBetter: boolean): number {
  let better = 0;
  for (const v of values) if (lowerIsBetter ? v < value : v > value) better++;
  return better + 1;
}

export function scoreLeaf(method: Method, full: number, entry: EngineScore | undefined, peers: PeerValues): LeafOutcome {
  if (method.type === 'deduction') return deductionList(full, entry);
  if (method.type === 'letter') return letterGrade(method, full, entry);
  const value = entry?.value;
  if (value === null || value === undefined || !Number.isFinite(value)) return missing(full);
  switch (method.type) {
    case 'direct': {
      const score = clamp(value, 0, full);
      const note = score === value ? `直接评分 ${fmt(value)} 分` : `直接评分 ${fmt(value)} 分，限定在 0–${fmt(full)} 分`;
      return { raw: value, score, inputs: { value }, note, missing: false };
    }
    case 'completion': {
      if (value < 0) return { raw: value, score: 0, inputs: { value, target: method.target }, note: '完成值为负，得0分', missing: false };
      const ratio = method.lowerIsBetter ? (value === 0 ? method.cap : method.target / value) : value / method.target;
      const capped = Math.min(ratio, method.cap);
      const score = clamp(full * capped, 0, full * method.cap);
      const what = method.lowerIsBetter ? `目标值 ${fmt(method.target)} ÷ 实际值 ${fmt(value)}` : `实际值 ${fmt(value)} ÷ 目标值 ${fmt(method.target)}`;
      const capNote = ratio > method.cap ? `，超过上限按 ${fmt(method.cap * 100)}% 计` : '';
      return {
        raw: value,
        score,
        inputs: { value, target: method.target, ratio: round4(ratio), cap: method.cap },
        note: `完成率 = ${what} = ${fmt(ratio * 100)}%${capNote}；${fmt(full)} × ${fmt(capped * 100)}% = ${fmt(score)} 分`,
        missing: false,
      };
    }
    case 'ratioToBest': {
      const vals = peers.values;
      const best = vals.length === 0 ? value : method.lowerIsBetter ? Math.min(...vals) : Math.max(...vals);
      let ratio: number;
      if (method.lowerIsBetter) ratio = value <= 0 ? 1 : best / value;
      else ratio = best <= 0 ? 0 : value / best;
      const score = clamp(full * ratio, 0, full);
      return {
        raw: value,
        score,
        inputs: { value, best },
        note: `标杆值 ${fmt(best)}，本单位 ${fmt(value)}；${fmt(full)} × ${fmt(ratio * 100)}% = ${fmt(score)} 分`,
        missing: false,
      };
    }
    case 'rank': {
      const n = peers.values.length;
      const r = rankOf(value, peers.values, method.lowerIsBetter);
      const pos = method.fromBottom ? n - r + 1 : r; // position counted from the scored end
      let score: number;
      if (method.table && method.table.length > 0) {
        score = method.table[Math.min(pos, method.table.length) - 1] ?? 0;
      } else {
        score = full - (pos - 1) * method.step;
      }
      score = clamp(Math.max(score, method.min), 0, full);
      const where = method.fromBottom ? `倒数第${pos}名` : `第${r}名`;
      return { raw: value, score, inputs: { value, rank: r, count: n }, note: `在${n}个单位中位列${where}，得 ${fmt(score)} 分`, missing: false };
    }
    case 'steps': {
      const gap =
        method.direction === 'deductBelow' ? method.threshold - value : value - method.threshold;
      let units = Math.max(0, gap / method.unit);
      if (method.wholeSteps) units = Math.floor(units + 1e-9);
      const base = method.base ?? (method.direction === 'addAbove' ? 0 : full);
      const delta = units * method.rate;
      const rawScore = method.direction === 'addAbove' ? base + delta : base - delta;
      const score = clamp(rawScore, 0, full + method.excessCap);
      const verb = method.direction === 'addAbove' ? '加' : '扣';
      const side = method.direction === 'deductBelow' ? '低于' : '超过';
      return {
        raw: value,
        score,
        inputs: { value, threshold: method.threshold, steps: round4(units) },
        note:
          units === 0
            ? `实际值 ${fmt(value)}，未${side}标准 ${fmt(method.threshold)}，得 ${fmt(score)} 分`
            : `实际值 ${fmt(value)}，${side}标准 ${fmt(method.threshold)} 共 ${fmt(units)} 个计分单位，每个${verb} ${fmt(method.rate)} 分，得 ${fmt(score)} 分`,
        missing: false,
      };
    }
    case 'bands': {
      const sorted = [...method.bands].sort((a, b) => b.min - a.min);
      const band = sorted.find((b) => value >= b.min);
      const pts = band ? (method.asFraction ? band.points * full : band.points) : 0;
      const score = clamp(pts, 0, full);
      return {
        raw: value,
        score,
        inputs: { value, bandMin: band ? band.min : null },
        note: band ? `实际值 ${fmt(value)} 落在“≥${fmt(band.min)}”档，得 ${fmt(score)} 分` : `实际值 ${fmt(value)} 低于最低档，得0分`,
        missing: false,
      };
    }
  }
}

function letterGrade(method: Extract<Method, { type: 'letter' }>, full: number, entry: EngineScore | undefined): LeafOutcome {
  const letter = entry?.text?.trim();
  if (!letter) return missing(full);
  const found = method.letters.find((l) => l.letter === letter);
  if (!found) {
    return { raw: null, score: 0, inputs: { letter }, note: `等级“${letter}”不在本指标的等级表中，得0分`, missing: true };
  }
  const score = full * found.fraction;
  return { raw: found.fraction, score, inputs: { letter }, note: `评定为“${letter}”，${fmt(full)} × ${fmt(found.fraction * 100)}% = ${fmt(score)} 分`, missing: false };
}

function deductionList(full: number, entry: EngineScore | undefined): LeafOutcome {
  const items = entry?.deductions ?? [];
  const sum = items.reduce((s, d) => s + d.points, 0);
  const score = Math.max(0, full - sum);
  const reasons = items.map((d) => `${d.reason}扣${fmt(d.points)}分`).join('；');
  const floorNote = sum > full ? '，扣完为止' : '';
  return {
    raw: sum,
    score,
    inputs: { deducted: sum, occurrences: items.length },
    note: items.length === 0 ? `无扣分事项，得满分 ${fmt(full)} 分` : `${reasons}；共扣 ${fmt(sum)} 分${floorNote}，得 ${fmt(score)} 分`,
    missing: false,
  };
}
