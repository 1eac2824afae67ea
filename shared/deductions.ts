// The one reading of a 扣分制 cell, for the score grid, the main process and
// the plan import alike: “迟报材料扣0.5分；通报批评扣1分” (or a bare total,
// one occurrence of 扣分) → the occurrences the engine deducts and explains.
// Numbers go through parseScoreText, so “扣0,5分” is refused, never 5.
import { parseScoreText } from './numbers-input.ts';
import { fmt } from './engine/numbers.ts';

export interface Deduction {
  points: number;
  reason: string;
}

export type DeductionsResult = { ok: true; items: Deduction[]; total: number } | { ok: false; message: string };

const ITEM = /^(.*?)\s*扣\s*([^分]+?)\s*分?\s*$/;

/** An empty text is an empty cell (no items, total 0, `empty`); "0" is reported with nothing deducted. */
export function parseDeductions(text: string): DeductionsResult {
  const items: Deduction[] = [];
  for (const raw of text.split(/[；;\n\r]+/)) {
    const part = raw.trim();
    if (part === '') continue;
    const m = ITEM.exec(part);
    const n = parseScoreText(m ? m[2]! : part);
    if (!n.ok || n.value === null) {
      return { ok: false, message: m ? `扣分事项“${part.slice(0, 30)}”的分值无法识别：${n.ok ? '缺少分值' : n.message}` : `扣分事项“${part.slice(0, 30)}”应写成“事由扣X分”，多项之间用“；”分隔` };
    }
    if (n.value < 0) return { ok: false, message: `扣分事项“${part.slice(0, 30)}”的分值不能为负数` };
    // a bare 0 is "reported, nothing deducted": no occurrence
    if (!m && n.value === 0) continue;
    items.push({ points: n.value, reason: m ? m[1]!.replace(/[，,：:]+$/, '').trim() || '扣分' : '扣分' });
  }
  const total = Math.round(items.reduce((s, d) => s + d.points, 0) * 1e6) / 1e6;
  return { ok: true, items, total };
}

export function formatDeductions(items: readonly Deduction[]): string {
  return items.map((d) => `${d.reason}扣${fmt(d.points)}分`).join('；');
}
