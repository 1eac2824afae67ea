// The one reading of a number typed or pasted into a score cell, for the
// renderer and the main process alike. “4,5” must never become 45: a comma is
// taken only as thousands grouping (1,234 or 12,345.6); any other comma is a
// decimal comma and is refused with a message, never guessed.

export type ScoreTextResult = { ok: true; value: number | null } | { ok: false; message: string };

// full-width digits and signs as an IME types them
const FULL_WIDTH: Record<string, string> = { '．': '.', '，': ',', '－': '-', '＋': '+', '−': '-', '\u3000': ' ' };

function halfWidth(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[．，－＋−\u3000]/g, (c) => FULL_WIDTH[c]!);
}

const PLAIN = /^[-+]?(\d+(\.\d+)?|\.\d+)$/;
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** An empty text is an empty cell (value null); anything else is a finite number or a Chinese refusal. */
export function parseScoreText(text: string): ScoreTextResult {
  const t = halfWidth(text).trim();
  if (t === '') return { ok: true, value: null };
  if (t.length > 40) return { ok: false, message: '内容过长，不是数字' };
  if (PLAIN.test(t)) return finite(Number(t), text);
  if (GROUPED.test(t)) return finite(Number(t.replace(/,/g, '')), text);
  if (/^[-+]?\d+(,\d+)+$/.test(t) || /^[-+]?\d*,\d+$/.test(t)) {
    return { ok: false, message: `“${text.trim()}”中的逗号不是千位分隔，请用小数点（如 ${t.replace(/,/g, '.').replace(/^([-+]?)\./, '$10.')}），或去掉逗号` };
  }
  if (/[%％]$/.test(t)) return { ok: false, message: `“${text.trim()}”带有百分号，请填写数字本身（如 ${t.replace(/[%％]$/, '')}）` };
  return { ok: false, message: `“${text.trim().slice(0, 20)}”不是数字` };
}

function finite(n: number, text: string): ScoreTextResult {
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `“${text.trim().slice(0, 20)}”不是有效的数字` };
}
