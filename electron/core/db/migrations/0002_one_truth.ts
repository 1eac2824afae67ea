// One source of truth for results: the inputs' version per category (results
// record the version they came from, so a reader can tell stale results), the
// engine's stored grading facts (restriction, comparison group, quotas per
// group), and an audit trail with one row per changed field.
//
// Results computed before this version keep flags in an older form and have
// no quotas: they are derived data, removed here and produced again by the
// next computation.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('categories').addColumn('input_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await sql`delete from results`.execute(db);
  await db.schema.alterTable('results').addColumn('input_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('results').addColumn('restriction', 'text').execute();
  await db.schema.alterTable('results').addColumn('group_key', 'text', (c) => c.notNull().defaultTo('all')).execute();
  await db.schema.createIndex('results_category').on('results').column('category_id').execute();

  await db.schema
    .createTable('result_groups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('quota', 'text', (c) => c.notNull())
    .addColumn('input_version', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('result_groups_key', ['category_id', 'group_key'])
    .execute();

  // one row per changed field; rows of one operation share `op` (the id of its first row)
  await db.schema.alterTable('audit_log').addColumn('op', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('entity_key', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('field', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('old_value', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('new_value', 'text').execute();
  await db.schema.createIndex('audit_log_cycle').on('audit_log').columns(['cycle_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('result_groups').execute();
}
