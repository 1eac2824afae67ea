// A small seeded random generator for the demo plan: the same seed gives the
// same plan, byte for byte. mulberry32, with a few helpers. No Math.random and
// no transcendental functions (their last bits may differ between engines).

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform in [lo, hi) */
  uniform(lo: number, hi: number): number;
  /** integer in [lo, hi], both included */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** approximately normal (Irwin–Hall of 4 uniforms), bounded to mean ± 3.46 sd */
  normal(mean: number, sd: number): number;
  /** an independent stream for one part of the plan, so that changing one part does not shift the others */
  fork(label: string): Rng;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a label. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const SQRT3 = Math.sqrt(3);

export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const rng: Rng = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    normal: (mean, sd) => mean + sd * (next() + next() + next() + next() - 2) * SQRT3,
    fork: (label) => createRng((seed ^ hash32(label)) >>> 0),
  };
  return rng;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** rounds to the given decimals without binary noise (0.1 + 0.2 → 0.3) */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f + (x >= 0 ? 1e-9 : -1e-9)) / f;
}
