// Wording helpers shared by the documents: numbers with the category's
// decimals, Chinese ordinals, sentences, and the fonts as the offices name them.
import type { DocumentFonts } from './model.ts';

/** The faces the offices use, each with the fall-back Word takes where it is missing. */
export const DEFAULT_FONTS: DocumentFonts = {
  title: { name: '方正小标宋简体', fallback: '宋体' },
  body: { name: '仿宋_GB2312', fallback: '仿宋' },
  heading1: { name: '黑体', fallback: 'SimHei' },
  heading2: { name: '楷体_GB2312', fallback: '楷体' },
  pageNumber: { name: '宋体', fallback: 'SimSun' },
};

export function makeFormat(decimals: number) {
  const fixed = (n: number): string => {
    const s = n.toFixed(decimals);
    return Number(s) === 0 ? (0).toFixed(decimals) : s; // no "-0.00"
  };
  return {
    fixed,
    signed: (n: number): string => (Number(fixed(n)) > 0 ? `+${fixed(n)}` : Number(fixed(n)) < 0 ? `−${fixed(-n)}` : fixed(0)),
    percent: (fraction: number): string => `${(fraction * 100).toFixed(2)}%`,
    weight: (w: number | null): string => (w === null ? '—' : `${Number(w.toFixed(2))}%`),
  };
}
export type Format = ReturnType<typeof makeFormat>;

const DIGITS = '零一二三四五六七八九';
/** 1 → 一, 12 → 十二, 20 → 二十 (headings never go past 99) */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** Ends an item with a full stop unless it already ends with punctuation. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[。；！？.;!?]$/.test(t) ? t : `${t}。`;
}

/** 2026-03-01 (or a Date) → 2026年3月1日 */
export function chineseDate(d: Date | string): string {
  if (typeof d === 'string') {
    const [y, m, day] = d.split('-').map(Number);
    return `${y}年${m}月${day}日`;
  }
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}
