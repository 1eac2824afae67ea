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
