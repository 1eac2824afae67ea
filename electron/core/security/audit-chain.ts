// The tamper-evident audit trail: every row carries a keyed HMAC-SHA256 over
// its own content and the previous row's hash, so an edited, inserted,
// reordered or removed row breaks the chain at that row. The key is kept
// outside the audit table (app_settings, inside the same — when configured,
// encrypted — database); UPDATE and DELETE on audit_log are refused by
// triggers (migration 0003). The head (last id and hash) is kept beside the
// key, so cutting rows off the end is found too.
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';

export interface AuditRowContent {
  id: number;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: number | null;
  cycle_id: number | null;
  detail: string;
  op: number | null;
  entity_key: string | null;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
}

export const AUDIT_KEY_SETTING = 'audit_key';
export const AUDIT_HEAD_SETTING = 'audit_head';
export const GENESIS = '0'.repeat(64);

// createHmac with a Buffer key turns it into a key object on every call (some 30 µs; 3 s for a
// 100,000-cell import's audit rows); the key object is made once per key
const keyObjects = new WeakMap<Buffer, KeyObject>();

/** The HMAC of a row: its content in a fixed order, and the hash of the row before it. */
export function rowHash(key: Buffer, r: AuditRowContent, prev: string): string {
  const content = JSON.stringify([r.id, r.at, r.user_id, r.action, r.entity, r.entity_id, r.cycle_id, r.detail, r.op, r.entity_key, r.field, r.old_value, r.new_value, prev]);
  let k = keyObjects.get(key);
  if (!k) keyObjects.set(key, (k = createSecretKey(key)));
  return createHmac('sha256', k).update(content).digest('hex');
}

export function newAuditKey(): string {
  return randomBytes(32).toString('hex');
}

const keys = new WeakMap<BetterSqlite3.Database, Buffer>();

export function auditKey(raw: BetterSqlite3.Database): Buffer {
  let k = keys.get(raw);
  if (!k) {
    const row = raw.prepare(`select value from app_settings where key = ?`).get(AUDIT_KEY_SETTING) as { value: string } | undefined;
    if (!row) throw new Error('audit key missing (migration 0003 not applied)');
    k = Buffer.from(row.value, 'hex');
    keys.set(raw, k);
  }
  return k;
}

export type AuditInsert = Omit<AuditRowContent, 'id' | 'op'> & { op: number | 'first' | null };

/**
 * Appends rows to the chain; call inside the write's transaction. An `op` of
 * 'first' refers to the first row of this call (the operation's own row).
 * Returns the ids given.
 */
export function createAuditAppender(raw: BetterSqlite3.Database) {
  const last = raw.prepare(`select id, hash from audit_log order by id desc limit 1`);
  const insert = raw.prepare(
    `insert into audit_log (id, at, user_id, action, entity, entity_id, cycle_id, detail, op, entity_key, field, old_value, new_value, prev_hash, hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const head = raw.prepare(`insert into app_settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value`);
  return function append(rows: AuditInsert[]): number[] {
    if (rows.length === 0) return [];
    const key = auditKey(raw);
    const top = last.get() as { id: number; hash: string | null } | undefined;
    let id = top?.id ?? 0;
    let prev = top?.hash ?? GENESIS;
    const first = id + 1;
    const ids: number[] = [];
    for (const r of rows) {
      id += 1;
      const row: AuditRowContent = { ...r, id, op: r.op === 'first' ? first : r.op };
      const hash = rowHash(key, row, prev);
      insert.run(id, row.at, row.user_id, row.action, row.entity, row.entity_id, row.cycle_id, row.detail, row.op, row.entity_key, row.field, row.old_value, row.new_value, prev, hash);
      prev = hash;
      ids.push(id);
    }
    head.run(AUDIT_HEAD_SETTING, JSON.stringify({ id, hash: prev }));
    return ids;
  };
}

export interface VerifyOutcome {
  ok: boolean;
  rows: number;
  /** the first row whose link is broken, and why (Chinese) */
  broken: { id: number; reason: string } | null;
}

/** Walks the chain from the first row; names the first broken link. */
export function verifyAuditChain(raw: BetterSqlite3.Database): VerifyOutcome {
  const key = auditKey(raw);
  let prev = GENESIS;
  let expectedId: number | null = null;
  let rows = 0;
  const stmt = raw.prepare(`select * from audit_log order by id`);
  for (const r of stmt.iterate() as Iterable<AuditRowContent & { prev_hash: string | null; hash: string | null }>) {
    rows++;
    if (expectedId !== null && r.id !== expectedId) return { ok: false, rows, broken: { id: r.id, reason: `第 ${expectedId} 条至第 ${r.id - 1} 条记录缺失（被删除）` } };
    if (r.prev_hash !== prev) return { ok: false, rows, broken: { id: r.id, reason: `第 ${r.id} 条记录与前一条记录的链接不符（前一条被删除、插入或改动）` } };
    if (r.hash !== rowHash(key, r, prev)) return { ok: false, rows, broken: { id: r.id, reason: `第 ${r.id} 条记录的内容被改动（校验值不符）` } };
    prev = r.hash;
    expectedId = r.id + 1;
  }
  const headRow = raw.prepare(`select value from app_settings where key = ?`).get(AUDIT_HEAD_SETTING) as { value: string } | undefined;
  if (headRow) {
    const head = JSON.parse(headRow.value) as { id: number; hash: string };
    const lastId = (expectedId ?? 1) - 1;
    if (head.id !== lastId || head.hash !== prev) {
      return { ok: false, rows, broken: { id: Math.min(head.id, lastId + 1), reason: `审计记录末尾被截去或改动：应有 ${head.id} 条，现有记录止于第 ${lastId} 条` } };
    }
  }
  return { ok: true, rows, broken: null };
}
