// The two handles services get (the idea of Signal Desktop's ReadableDB /
// WritableDB): `ReadDb` can only select, so a write outside a transaction does
// not compile; a write runs inside `ctx.write`, which hands out a `WriteTx`.
// The raw better-sqlite3 connection behind a handle is for the repositories'
// fast paths only (`rawOf`), and inside a transaction it is the same
// connection, so its statements belong to that transaction.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Reads only: no insertInto, updateTable, deleteFrom or raw sql executor. */
export type ReadDb = Pick<Kysely<Database>, 'selectFrom' | 'with' | 'fn'>;

const raws = new WeakMap<object, BetterSqlite3.Database>();

export function registerRaw(handle: object, raw: BetterSqlite3.Database): void {
  raws.set(handle, raw);
}

/** The connection behind a handle; for repositories (bulk reads and writes of cells and results). */
export function rawOf(handle: object): BetterSqlite3.Database {
  const raw = raws.get(handle);
  if (!raw) throw new Error('rawOf: handle without a registered connection');
  return raw;
}

const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * A statement prepared once per connection (and mode): a one-cell save
 * recomputes a category in a few milliseconds, and compiling the same SQL
 * every time is a part of that. For repositories.
 */
export function stmt(raw: BetterSqlite3.Database, sql: string, mode: 'rows' | 'raw' | 'pluck' = 'rows'): BetterSqlite3.Statement {
  let byText = prepared.get(raw);
  if (!byText) prepared.set(raw, (byText = new Map()));
  const key = `${mode}\n${sql}`;
  let s = byText.get(key);
  if (!s) {
    s = raw.prepare(sql);
    if (mode === 'raw') s.raw(true);
    if (mode === 'pluck') s.pluck(true);
    byText.set(key, s);
  }
  return s;
}
