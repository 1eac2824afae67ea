// Limits on every IPC input, before it is parsed: the schemas bound their
// own fields, and this guard bounds what no schema sees — overall size, depth,
// any string's length and any list's length — so a hostile or broken caller
// cannot make the main process parse megabytes or recurse deeply.
import type { Channel } from '../../../shared/ipc/contract.ts';

const MAX_DEPTH = 12;
const MAX_STRING = 10000;
const MAX_LIST = 10000;
const MAX_NODES = 50000;
/** bulk channels: a 200,000-cell save */
const BULK: Partial<Record<Channel, { list: number; nodes: number }>> = {
  setScores: { list: 200000, nodes: 1200000 },
};

export function inputTooLarge(channel: Channel, input: unknown): { message: string; path: string } | null {
  const bulk = BULK[channel];
  const maxList = bulk?.list ?? MAX_LIST;
  const maxNodes = bulk?.nodes ?? MAX_NODES;
  let nodes = 0;
  // the path is spelled out only for the one node refused: a 200,000-cell save walks a million nodes
  type At = { parent: At | null; key: string | number } | null;
  const spell = (at: At): string => {
    const parts: (string | number)[] = [];
    for (let a = at; a; a = a.parent) parts.unshift(a.key);
    return parts.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${k.slice(0, 40)}`)).join('');
  };
  const walk = (v: unknown, depth: number, at: At): { message: string; path: string } | null => {
    if (++nodes > maxNodes) return { message: '请求内容过多，已被拒绝。', path: spell(at) };
    if (typeof v === 'string') return v.length > MAX_STRING ? { message: `请求参数“${spell(at)}”过长（最多 ${MAX_STRING} 个字），已被拒绝。`, path: spell(at) } : null;
    if (typeof v === 'number') return Number.isFinite(v) ? null : { message: `请求参数“${spell(at)}”不是有效的数字，已被拒绝。`, path: spell(at) };
    if (v === null || typeof v !== 'object') return null;
    if (depth > MAX_DEPTH) return { message: `请求参数“${spell(at)}”层次过深，已被拒绝。`, path: spell(at) };
    if (Array.isArray(v)) {
      if (v.length > maxList) return { message: `请求参数“${spell(at)}”的项数过多（最多 ${maxList} 项），已被拒绝。`, path: spell(at) };
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], depth + 1, { parent: at, key: i });
        if (p) return p;
      }
      return null;
    }
    const keys = Object.keys(v);
    if (keys.length > MAX_LIST) return { message: `请求参数“${spell(at)}”的字段过多，已被拒绝。`, path: spell(at) };
    for (const k of keys) {
      const p = walk((v as Record<string, unknown>)[k], depth + 1, { parent: at, key: k });
      if (p) return p;
    }
    return null;
  };
  return walk(input, 0, null);
}
