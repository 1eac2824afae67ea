// How a typed or pasted score cell is read, and what its indicator's method
// allows: [0, full] for direct scores, non-negative figures for completion and
// ratio to best, the plan's letters for letter grades, "事由扣N分；…" for
// deduction lists. A decimal comma is never read as a thousands separator:
// "4,5" is refused; "1,234" (a real grouping) is 1234.
//
// The reading of a number is the shared one (shared/numbers-input.ts), so the
// renderer and the main process read a cell alike; the renderer only adds the
// Chinese full stop (。) as a decimal point, which an IME types.
import type { Indicator } from '../../../shared/ipc/contract.ts';
import { parseScoreText as parseShared } from '../../../shared/numbers-input.ts';
import { formatDeductions, parseDeductions } from '../../../shared/deductions.ts';
import { fmtPlain } from '../format.ts';

export type ParsedNumber = { ok: true; value: number | null } | { ok: false; message: string };

/** A number as typed in a cell; empty is null. */
export function parseScoreText(raw: string): ParsedNumber {
  return parseShared(raw.replace(/[。]/g, '.').replace(/\u00a0/g, ' '));
}

function normalise(raw: string): string {
  return raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
}

export interface CellVal {
  value: number | null;
  text: string | null;
}

export type CellCheck = { ok: true; val: CellVal } | { ok: false; message: string };

/** Reads a typed or pasted cell for its indicator: the value to keep, or what is wrong. */
export function checkCell(ind: Indicator, raw: unknown): CellCheck {
  const s = raw === null || raw === undefined ? '' : String(raw).trim();
  const m = ind.method ?? { type: 'direct' as const };
  if (m.type === 'letter') {
    if (s === '') return { ok: true, val: { value: null, text: null } };
    const letters = m.letters.map((l) => l.letter);
    const found = letters.find((l) => l === s) ?? letters.find((l) => l.toUpperCase() === normalise(s).toUpperCase());
    if (!found) return { ok: false, message: `等级“${s}”无效，应为 ${letters.join('、')} 之一` };
    return { ok: true, val: { value: null, text: found } };
  }
  if (m.type === 'deduction') {
    if (s === '') return { ok: true, val: { value: null, text: null } };
    const d = parseDeductions(s);
    if (!d.ok) return d;
    if (d.total > ind.fullPoints) return { ok: false, message: `扣分合计 ${fmtPlain(d.total)} 超过本项分值 ${fmtPlain(ind.fullPoints)} 分` };
    // the occurrences are kept (the letter names them); a bare total is one occurrence of 扣分
    return { ok: true, val: { value: d.total, text: d.items.length > 0 && /扣/.test(s) ? formatDeductions(d.items) : null } };
  }
  const n = parseScoreText(s);
  if (!n.ok) return n;
  if (n.value === null) return { ok: true, val: { value: null, text: null } };
  const v = n.value;
  if (m.type === 'direct' && (v < 0 || v > ind.fullPoints)) return { ok: false, message: `得分 ${fmtPlain(v)} 超出范围，应在 0 到 ${fmtPlain(ind.fullPoints)} 分之间` };
  if ((m.type === 'completion' || m.type === 'ratioToBest') && v < 0) return { ok: false, message: `实际值 ${fmtPlain(v)} 不能为负数` };
  return { ok: true, val: { value: v, text: null } };
}

/** What a cell of this indicator takes, for the tooltip and the footnote. */
export function cellHint(ind: Indicator): string {
  const m = ind.method ?? { type: 'direct' as const };
  switch (m.type) {
    case 'direct':
      return `填写 0 到 ${fmtPlain(ind.fullPoints)} 之间的得分`;
    case 'completion':
    case 'ratioToBest':
      return '填写实际值（不能为负数）';
    case 'letter':
      return `填写等级：${m.letters.map((l) => l.letter).join('、')}`;
    case 'deduction':
      return '填写扣分合计，或“事由扣N分；事由扣M分”';
    default:
      return '填写实际值';
  }
}
