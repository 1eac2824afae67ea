// Data collection (issue 7): the evidence of an event as offices file it —
// document number (文号), date, level (国家级/省级/…), issuing body and the
// outcome with which an investigation was closed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').addColumn('doc_number', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('events').addColumn('doc_date', 'text').execute();
  await db.schema.alterTable('events').addColumn('level', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('events').addColumn('issuer', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('events').addColumn('outcome', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.createIndex('events_unit').on('events').column('unit_id').execute();
  await db.schema.createIndex('events_cadre').on('events').column('cadre_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_unit').ifExists().execute();
  await db.schema.dropIndex('events_cadre').ifExists().execute();
  for (const c of ['doc_number', 'doc_date', 'level', 'issuer', 'outcome']) await db.schema.alterTable('events').dropColumn(c).execute();
}
