// The readings of the subject editors' cells (pure, no React): each takes
// what was typed or pasted and answers its normal text or what is wrong, in
// the words the server's checks use.
import { POST_LABELS, type Post } from '../../../../shared/domain.ts';
import type { Checked } from './RowSheet.tsx';

export function required(label: string, max: number) {
  return (raw: string): Checked => {
    const t = raw.trim();
    if (!t) return { ok: false, message: `请填写${label}` };
    if (t.length > max) return { ok: false, message: `${label}不能超过${max}个字（现有${t.length}个）` };
    return { ok: true, text: t };
  };
}

export function optional(label: string, max: number) {
  return (raw: string): Checked => {
    const t = raw.trim();
    if (t.length > max) return { ok: false, message: `${label}不能超过${max}个字（现有${t.length}个）` };
    return { ok: true, text: t };
  };
}

const POST_WORDS: Record<string, Post> = { 正职: 'head', 副职: 'deputy', head: 'head', deputy: 'deputy', 正: 'head', 副: 'deputy' };

/** 正职 / 副职 (also head, deputy). */
export function checkPost(raw: string): Checked {
  const t = raw.trim();
  if (!t) return { ok: false, message: '请选择岗位（正职或副职）' };
  const p = POST_WORDS[t.toLowerCase()] ?? POST_WORDS[t];
  return p ? { ok: true, text: POST_LABELS[p] } : { ok: false, message: `岗位“${t.slice(0, 20)}”应为“正职”或“副职”` };
}

export function postOf(text: string): Post {
  return text === POST_LABELS.head ? 'head' : 'deputy';
}

/** One of a list by its name (or another key, e.g. a unit's code): the name. */
export function oneOf(label: string, names: { name: string; alias?: string }[]) {
  return (raw: string): Checked => {
    const t = raw.trim();
    if (!t) return { ok: false, message: `请选择${label}` };
    const hit = names.find((n) => n.name === t) ?? names.find((n) => n.alias === t);
    return hit ? { ok: true, text: hit.name } : { ok: false, message: `找不到${label}“${t.slice(0, 40)}”` };
  };
}

/**
 * A department's contact is stored as one text, “王明 0316-5126688”: the
 * person, then the telephone. Split at the last run of digits (with - + ( )
 * and spaces) holding at least five digits.
 */
export function splitContact(contact: string): { person: string; phone: string } {
  const t = contact.trim();
  const m = /^(.*?)\s*([0-9+(（][0-9+()（）\-\s转]*[0-9)）])$/.exec(t);
  if (m && (m[2]!.match(/\d/g) ?? []).length >= 5) return { person: m[1]!.trim(), phone: m[2]!.trim() };
  return { person: t, phone: '' };
}

export function joinContact(person: string, phone: string): string {
  return [person.trim(), phone.trim()].filter(Boolean).join(' ');
}

export function checkPhone(raw: string): Checked {
  const t = raw.trim();
  if (!t) return { ok: true, text: '' };
  if (t.length > 40) return { ok: false, message: `电话不能超过40个字符（现有${t.length}个）` };
  if (!/^[0-9+()（）\-\s转]+$/.test(t)) return { ok: false, message: `电话“${t.slice(0, 20)}”只能包含数字、“-”、括号和空格` };
  if ((t.match(/\d/g) ?? []).length < 5) return { ok: false, message: `电话“${t}”位数太少` };
  return { ok: true, text: t };
}
