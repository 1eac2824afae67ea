// Documents (issue 8): per-cycle document settings, an honest register (each
// file's SHA-256, which document a re-issue replaces, one number per file)
// and the rectification ledger (整改台账), one row per problem of a letter.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document_settings')
    .addColumn('cycle_id', 'integer', (c) => c.primaryKey().references('cycles.id').onDelete('cascade'))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('documents').addColumn('sha256', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('documents').addColumn('replaces_id', 'integer', (c) => c.references('documents.id')).execute();
  await db.schema.alterTable('documents').addColumn('format', 'text', (c) => c.notNull().defaultTo('docx')).execute();
  // a number names one document: a re-issue takes a new one
  await sql`create unique index documents_number on documents (cycle_id, doc_number) where doc_number <> ''`.execute(db);

  await db.schema
    .createTable('rectification_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('feedback_item_id', 'integer', (c) => c.references('feedback_items.id').onDelete('set null'))
    .addColumn('document_id', 'integer', (c) => c.references('documents.id'))
    .addColumn('problem', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('fed_back').check(sql`status in ('fed_back','in_progress','reported','closed')`))
    .addColumn('report', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reported_at', 'text')
    .addColumn('decision', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('carried_event_id', 'integer')
    .addColumn('carried_cycle_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create unique index rectification_feedback on rectification_items (cycle_id, feedback_item_id) where feedback_item_id is not null`.execute(db);
  await db.schema.createIndex('rectification_cycle_unit').on('rectification_items').columns(['cycle_id', 'unit_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rectification_items').ifExists().execute();
  await sql`drop index if exists documents_number`.execute(db);
  await db.schema.alterTable('documents').dropColumn('format').execute();
  await db.schema.alterTable('documents').dropColumn('replaces_id').execute();
  await db.schema.alterTable('documents').dropColumn('sha256').execute();
  await db.schema.dropTable('document_settings').ifExists().execute();
}
