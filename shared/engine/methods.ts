// Scoring methods of a leaf indicator (domain: "Scoring methods of a leaf
// indicator"). `evaluateLeaf` is the one place each rule is computed; it
// returns the score and the intermediate figures. `explainLeaf` turns those
// figures into the Chinese note of the trace, and is only called for the
// subjects whose explanation is wanted, so a province-scale recompute does
// not format 900,000 notes.
import type { Method } from '../domain.ts';
import { fmt, round4 } from './numbers.ts';
import type { EngineScore } from './types.ts';

/** What methods comparing subjects need: the category's values of the indicator, sorted ascending. */
export interface PeerValues {
  sorted: Float64Array | number[];
}

export interface LeafFigures {
  score: number;
  raw: number | null;
  missing: boolean;
  /** method-specific intermediate figures */
  ratio?: number;
  capped?: boolean;
  best?: number;
  rank?: number;
  count?: number;
  steps?: number;
  bandMin?: number | null;
  letter?: string;
  unknownLetter?: boolean;
  deducted?: number;
  level?: string;
}

export interface LeafOutcome {
  raw: number | null;
  score: number;
  inputs: Record<string, number | string | null>;
  note: string;
  missing: boolean;
}

const MISSING: LeafFigures = { score: 0, raw: null, missing: true };

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Count of sorted values strictly below x (binary search). */
function countBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Count of sorted values strictly above x. */
function countAbove(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length - lo;
}

/** Standard competition ranking in ascending sorted values: ties share the better rank (1, 1, 3). */
function rankInSorted(sorted: ArrayLike<number>, value: number, lowerIsBetter: boolean): number {
  return (lowerIsBetter ? countBelow(sorted, value) : countAbove(sorted, value)) + 1;
}

export function rankOf(value: number, values: number[], lowerIsBetter: boolean): number {
  return rankInSorted([...values].sort((a, b) => a - b), value, lowerIsBetter);
}

/** 直接评分: the entered value within [0, full]; most leaves of real plans are scored so. */
export function directScore(value: number, full: number): number {
  return clamp(value, 0, full);
}

export function needsPeers(method: Method | null): boolean {
  return method !== null && (method.type === 'rank' || method.type === 'ratioToBest');
}

/** A 扣分制 leaf's occurrences: as recorded, or a bare total entered without them (one occurrence of 扣分). */
function deductionItems(value: number, entry: EngineScore | undefined): { points: number; reason: string }[] {
  if (entry?.deductions) return entry.deductions;
  return Number.isNaN(value) || value === 0 ? [] : [{ points: value, reason: '扣分' }];
}

/**
 * The score of one leaf for one subject. `value` is NaN when nothing was
 * entered; `entry` carries the text of a letter grade and the occurrences of
 * a deduction list.
 */
export function evaluateLeaf(method: Method, full: number, value: number, entry: EngineScore | undefined, peers: PeerValues | null): LeafFigures {
  switch (method.type) {
    case 'deduction': {
      const items = deductionItems(value, entry);
      let sum = 0;
      for (const d of items) sum += d.points;
      return { score: Math.max(0, full - sum), raw: sum, missing: false, deducted: sum };
    }
    case 'letter': {
      const letter = entry?.text?.trim();
      if (!letter) return MISSING;
      const found = method.letters.find((l) => l.letter === letter);
      if (!found) return { score: 0, raw: null, missing: true, letter, unknownLetter: true };
      return { score: full * found.fraction, raw: found.fraction, missing: false, letter };
    }
    default:
      break;
  }
  if (Number.isNaN(value)) return MISSING;
  switch (method.type) {
    case 'direct':
      return { score: directScore(value, full), raw: value, missing: false };
    case 'completion': {
      if (value < 0) return { score: 0, raw: value, missing: false, ratio: 0 };
      const ratio = method.lowerIsBetter ? (value === 0 ? method.cap : method.target / value) : value / method.target;
      const capped = ratio > method.cap;
      const score = clamp(full * (capped ? method.cap : ratio), 0, full * method.cap);
      return { score, raw: value, missing: false, ratio, capped };
    }
    case 'ratioToBest': {
      const sorted = peers?.sorted ?? [];
      const n = sorted.length;
      const best = n === 0 ? value : method.lowerIsBetter ? (sorted[0] as number) : (sorted[n - 1] as number);
      const ratio = method.lowerIsBetter ? (value <= 0 ? 1 : best / value) : best <= 0 ? 0 : value / best;
      return { score: clamp(full * ratio, 0, full), raw: value, missing: false, ratio, best };
    }
    case 'rank': {
      const sorted = peers?.sorted ?? [value];
      const n = sorted.length;
      const rank = rankInSorted(sorted, value, method.lowerIsBetter);
      const pos = method.fromBottom ? n - rank + 1 : rank;
      let score = method.table && method.table.length > 0 ? (method.table[Math.min(pos, method.table.length) - 1] ?? 0) : full - (pos - 1) * method.step;
      score = clamp(Math.max(score, method.min), 0, full);
      return { score, raw: value, missing: false, rank, count: n };
    }
    case 'steps': {
      const gap = method.direction === 'deductBelow' ? method.threshold - value : value - method.threshold;
      let steps = Math.max(0, gap / method.unit);
      if (method.wholeSteps) steps = Math.floor(steps + 1e-9);
      const base = method.base ?? (method.direction === 'addAbove' ? 0 : full);
      const delta = steps * method.rate;
      const score = clamp(method.direction === 'addAbove' ? base + delta : base - delta, 0, full + method.excessCap);
      return { score, raw: value, missing: false, steps };
    }
    case 'bands': {
      let band: { min: number; points: number } | undefined;
      for (const b of method.bands) if (value >= b.min && (b.max === undefined || value < b.max) && (!band || b.min > band.min)) band = b;
      const pts = band ? (method.asFraction ? band.points * full : band.points) : 0;
      return { score: clamp(pts, 0, full), raw: value, missing: false, bandMin: band ? band.min : null };
    }
    case 'interpolation': {
      const levels = method.levels;
      const asc = levels[0]!.threshold <= levels[levels.length - 1]!.threshold;
      const sorted = asc ? levels : [...levels].reverse();
      let coef: number;
      let level: string;
      if (value <= sorted[0]!.threshold) {
        coef = sorted[0]!.coef;
        level = sorted[0]!.name;
      } else if (value >= sorted[sorted.length - 1]!.threshold) {
        coef = sorted[sorted.length - 1]!.coef;
        level = sorted[sorted.length - 1]!.name;
      } else {
        let i = 0;
        while (value > sorted[i + 1]!.threshold) i++;
        const a = sorted[i]!;
        const b = sorted[i + 1]!;
        coef = a.coef + ((value - a.threshold) / (b.threshold - a.threshold)) * (b.coef - a.coef);
        level = `${a.name}–${b.name}`;
      }
      return { score: clamp(full * coef, 0, full), raw: value, missing: false, ratio: coef, level };
    }
  }
}

/** The figures of `evaluateLeaf` as the trace shows them: inputs and a Chinese note. */
export function explainLeaf(method: Method, full: number, value: number, entry: EngineScore | undefined, f: LeafFigures): LeafOutcome {
  const score = f.score;
  const out = (inputs: LeafOutcome['inputs'], note: string): LeafOutcome => ({ raw: f.raw, score, inputs, note, missing: f.missing });
  if (method.type === 'deduction') {
    const items = deductionItems(value, entry);
    if (items.length === 0) return out({ deducted: 0, occurrences: 0 }, `无扣分事项，得满分 ${fmt(full)} 分`);
    const reasons = items.map((d) => `${d.reason}扣${fmt(d.points)}分`).join('；');
    return out({ deducted: f.deducted ?? 0, occurrences: items.length }, `${reasons}；共扣 ${fmt(f.deducted ?? 0)} 分${(f.deducted ?? 0) > full ? '，扣完为止' : ''}，得 ${fmt(score)} 分`);
  }
  if (method.type === 'letter') {
    if (f.unknownLetter) return out({ letter: f.letter ?? null }, `等级“${f.letter}”不在本指标的等级表中，得0分`);
    if (f.missing) return out({ letter: null }, `未评定等级，得0分（满分${fmt(full)}）`);
    return out({ letter: f.letter ?? null }, `评定为“${f.letter}”，${fmt(full)} × ${fmt((f.raw ?? 0) * 100)}% = ${fmt(score)} 分`);
  }
  if (f.missing) return out({ value: null }, `未填报，得0分（满分${fmt(full)}）`);
  switch (method.type) {
    case 'direct':
      return out({ value }, score === value ? `直接评分 ${fmt(value)} 分` : `直接评分 ${fmt(value)} 分，限定在 0–${fmt(full)} 分`);
    case 'completion': {
      const ratio = f.ratio ?? 0;
      if (value < 0) return out({ value, target: method.target }, '完成值为负，得0分');
      const what = method.lowerIsBetter ? `目标值 ${fmt(method.target)} ÷ 实际值 ${fmt(value)}` : `实际值 ${fmt(value)} ÷ 目标值 ${fmt(method.target)}`;
      const used = f.capped ? method.cap : ratio;
      return out(
        { value, target: method.target, ratio: round4(ratio), cap: method.cap },
        `完成率 = ${what} = ${fmt(ratio * 100)}%${f.capped ? `，超过上限按 ${fmt(method.cap * 100)}% 计` : ''}；${fmt(full)} × ${fmt(used * 100)}% = ${fmt(score)} 分`,
      );
    }
    case 'ratioToBest':
      return out({ value, best: f.best ?? null }, `标杆值 ${fmt(f.best ?? 0)}，本单位 ${fmt(value)}；${fmt(full)} × ${fmt((f.ratio ?? 0) * 100)}% = ${fmt(score)} 分`);
    case 'rank': {
      const n = f.count ?? 1;
      const r = f.rank ?? 1;
      const where = method.fromBottom ? `倒数第${n - r + 1}名` : `第${r}名`;
      return out({ value, rank: r, count: n }, `在${n}个单位中位列${where}，得 ${fmt(score)} 分`);
    }
    case 'steps': {
      const steps = f.steps ?? 0;
      const verb = method.direction === 'addAbove' ? '加' : '扣';
      const side = method.direction === 'deductBelow' ? '低于' : '超过';
      return out(
        { value, threshold: method.threshold, steps: round4(steps) },
        steps === 0
          ? `实际值 ${fmt(value)}，未${side}标准 ${fmt(method.threshold)}，得 ${fmt(score)} 分`
          : `实际值 ${fmt(value)}，${side}标准 ${fmt(method.threshold)} 共 ${fmt(steps)} 个计分单位，每个${verb} ${fmt(method.rate)} 分，得 ${fmt(score)} 分`,
      );
    }
    case 'bands':
      return out(
        { value, bandMin: f.bandMin ?? null },
        f.bandMin !== null && f.bandMin !== undefined ? `实际值 ${fmt(value)} 落在“≥${fmt(f.bandMin)}”档，得 ${fmt(score)} 分` : `实际值 ${fmt(value)} 不在任何计分档内，得0分`,
      );
    case 'interpolation':
      return out({ value, coef: round4(f.ratio ?? 0), level: f.level ?? null }, `实际值 ${fmt(value)} 位于“${f.level}”之间，插值系数 ${fmt(f.ratio ?? 0)}，得 ${fmt(score)} 分`);
  }
}

/** Score and explanation in one call: for tests and single subjects. */
export function scoreLeaf(method: Method, full: number, entry: EngineScore | undefined, peers: { values: number[] }): LeafOutcome {
  const value = entry?.value ?? NaN;
  const v = value === null || !Number.isFinite(value) ? NaN : value;
  const sorted = [...peers.values].sort((a, b) => a - b);
  const f = evaluateLeaf(method, full, v, entry, { sorted });
  return explainLeaf(method, full, v, entry, f);
}
