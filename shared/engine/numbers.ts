// Number helpers. Scores are kept at 4 decimals so that sums do not carry
// binary noise (0.1 + 0.2); display rounding is a plan setting.

export function round4(x: number): number {
  return Math.round(x * 10000 + (x >= 0 ? 1e-7 : -1e-7)) / 10000;
}

/** Compact Chinese-friendly display: at most 2 decimals, no trailing zeros. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Math.round(x * 100) / 100);
}

export function applyRounding(x: number, mode: 'floor' | 'round' | 'ceil'): number {
  const eps = 1e-9; // 20% of 10 must be 2, not 1.9999999
  if (mode === 'floor') return Math.floor(x + eps);
  if (mode === 'ceil') return Math.ceil(x - eps);
  return Math.round(x);
}

/** Rounded to 6 decimals: plan figures (points, weights) are decimals a person typed, not binary fractions. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Whether a sum of typed decimals equals a target as a careful person would add them: 60 + 40 = 100, 33.33 × 3 = 99.99 ≠ 100, 0.1 + 0.2 = 0.3. */
export function sameDecimal(sum: number, target: number): boolean {
  return round6(sum) === round6(target);
}

export const ROUNDING_WORDS: Record<'floor' | 'round' | 'ceil', string> = { floor: '向下取整', round: '四舍五入', ceil: '向上取整' };
