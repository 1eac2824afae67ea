// Writes of single rows that record what they change: every insert, update
// and delete of a plan entity leaves one audit row per changed field (old and
// new value) through the write handle. Bulk writers (scores, results, whole
// plans) record their own changes.
import type { FieldChange, WriteTx } from '../context.ts';
import type { Database } from '../db/schema.ts';

type Table = Exclude<keyof Database, 'audit_log' | 'group_units' | 'users'>;
type Values = Record<string, unknown>;

// kysely's builders are typed per table; these helpers work for any table with an `id`
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const anyTrx = (w: WriteTx) => w.trx as any;

function same(a: unknown, b: unknown): boolean {
  return a === b || (a === null && b === undefined) || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-12);
}

export async function insertAudited(w: WriteTx, table: Table, entity: string, values: Values): Promise<number> {
  const row = (await anyTrx(w).insertInto(table).values(values).returning('id').executeTakeFirstOrThrow()) as { id: number };
  const changes: FieldChange[] = [];
  for (const [field, v] of Object.entries(values)) if (v !== null && v !== undefined) changes.push({ entity, key: String(row.id), field, old: null, new: v });
  w.changed(changes);
  return row.id;
}

/** Updates one row; only fields that really change are written and audited. Returns how many changed. */
export async function updateAudited(w: WriteTx, table: Table, entity: string, id: number, patch: Values): Promise<number> {
  const before = (await anyTrx(w).selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as Values | undefined;
  if (!before) return 0;
  const set: Values = {};
  const changes: FieldChange[] = [];
  for (const [field, v] of Object.entries(patch)) {
    if (v === undefined || same(before[field], v)) continue;
    set[field] = v;
    changes.push({ entity, key: String(id), field, old: before[field], new: v });
  }
  if (changes.length === 0) return 0;
  await anyTrx(w).updateTable(table).set(set).where('id', '=', id).execute();
  w.changed(changes);
  return changes.length;
}

/** Deletes rows by id, recording each deleted row whole (field null). Returns how many were deleted. */
export async function deleteAudited(w: WriteTx, table: Table, entity: string, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = (await anyTrx(w).selectFrom(table).selectAll().where('id', 'in', ids).execute()) as Values[];
  await anyTrx(w).deleteFrom(table).where('id', 'in', ids).execute();
  w.changed(rows.map((r) => ({ entity, key: String(r.id), field: null, old: r, new: null })));
  return rows.length;
}
