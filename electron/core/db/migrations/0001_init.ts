// The whole domain's schema as far as it is known: plan (cycles, categories,
// units, cadres, groups, indicators, components), data (scores, ballots,
// events), outcomes (results, adjustments, documents, feedback) and audit.
import { sql, type Kysely } from 'kysely';

// Assessment data is about a unit or a cadre: exactly one of the two columns.
const ONE_SUBJECT = sql`(unit_id is null) <> (cadre_id is null)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin','operator','auditor','viewer')`))
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('cycle_id', 'integer')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await db.schema
    .createTable('cycles')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft','collecting','grading','published','archived')`))
    .addColumn('organ', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('copied_from', 'integer', (c) => c.references('cycles.id').onDelete('set null'))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('categories')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('unit','cadre')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('difficulty', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('settings', 'text', (c) => c.notNull())
    .addUniqueConstraint('categories_cycle_name', ['cycle_id', 'name'])
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('departments_cycle_name', ['cycle_id', 'name'])
    .execute();

  await db.schema
    .createTable('units')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('units_cycle_code', ['cycle_id', 'code'])
    .execute();

  await db.schema
    .createTable('cadres')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('post', 'text', (c) => c.notNull().check(sql`post in ('head','deputy')`))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('cadres_cycle_code', ['cycle_id', 'code'])
    .execute();

  await db.schema
    .createTable('assessment_groups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('group_members')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('assessment_groups.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('leader','deputy','member_a','member_b')`))
    .addColumn('affiliation', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createTable('group_units')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('assessment_groups.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_units_pk', ['group_id', 'unit_id'])
    .execute();

  await db.schema
    .createTable('components')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('indicators','democratic','routine','bonus','external')`))
    .addColumn('weight', 'real')
    .addColumn('full_points', 'real', (c) => c.notNull().defaultTo(100))
    .addColumn('normalize_to_100', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('apply_difficulty', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('components_category_code', ['category_id', 'code'])
    .execute();

  await db.schema
    .createTable('indicators')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('component_id', 'integer', (c) => c.notNull().references('components.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('indicators.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('full_points', 'real', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('department_id', 'integer', (c) => c.references('departments.id').onDelete('set null'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('indicators_category_code', ['category_id', 'code'])
    .execute();
  await db.schema.createIndex('indicators_parent').on('indicators').column('parent_id').execute();

  await db.schema
    .createTable('score_entries')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicators.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('cadre_id', 'integer', (c) => c.references('cadres.id').onDelete('cascade'))
    .addColumn('value', 'real')
    .addColumn('text_value', 'text')
    .addColumn('deductions', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addCheckConstraint('score_entries_one_subject', ONE_SUBJECT)
    .execute();
  await db.schema.createIndex('score_entries_unit').unique().on('score_entries').columns(['unit_id', 'indicator_id']).where('unit_id', 'is not', null).execute();
  await db.schema.createIndex('score_entries_cadre').unique().on('score_entries').columns(['cadre_id', 'indicator_id']).where('cadre_id', 'is not', null).execute();
  // covering: a category's cells are read from the index alone (incremental recompute)
  await db.schema.createIndex('score_entries_indicator').on('score_entries').columns(['indicator_id', 'unit_id', 'cadre_id', 'value']).execute();
  // the few cells that carry more than a number (letter grades, deduction lists)
  await db.schema.createIndex('score_entries_extras').on('score_entries').column('indicator_id').where(sql<boolean>`text_value is not null or deductions is not null`).execute();

  await db.schema
    .createTable('rater_groups')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ('unit','cadre')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('weight', 'real', (c) => c.notNull().check(sql`weight >= 0`))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('eval_ballots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('rater_group_id', 'integer', (c) => c.notNull().references('rater_groups.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('cadre_id', 'integer', (c) => c.references('cadres.id').onDelete('cascade'))
    .addColumn('expected', 'integer', (c) => c.notNull())
    .addColumn('present', 'integer', (c) => c.notNull())
    .addColumn('valid', 'integer', (c) => c.notNull())
    .addColumn('invalid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('votes', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('eval_ballots_one_subject', ONE_SUBJECT)
    .addCheckConstraint('eval_ballots_counts', sql`valid >= 0 and invalid >= 0 and valid <= present and present <= expected`)
    .execute();
  await db.schema.createIndex('eval_ballots_unit').unique().on('eval_ballots').columns(['unit_id', 'rater_group_id']).where('unit_id', 'is not', null).execute();
  await db.schema.createIndex('eval_ballots_cadre').unique().on('eval_ballots').columns(['cadre_id', 'rater_group_id']).where('cadre_id', 'is not', null).execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('cadre_id', 'integer', (c) => c.references('cadres.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bonus','deduction','veto','veto_top','sanction','investigation')`))
    .addColumn('type', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('honour_key', 'text')
    .addColumn('level_rank', 'integer')
    .addColumn('points', 'real', (c) => c.notNull().defaultTo(0).check(sql`points >= 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('occurred_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('events_one_subject', ONE_SUBJECT)
    .execute();
  await db.schema.createIndex('events_cycle').on('events').column('cycle_id').execute();

  await db.schema
    .createTable('results')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('cadre_id', 'integer', (c) => c.references('cadres.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('total', 'real', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('rank_of', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_grade', 'text', (c) => c.notNull())
    .addColumn('grade_rule', 'text', (c) => c.notNull())
    .addColumn('grade_note', 'text', (c) => c.notNull())
    .addColumn('total_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addCheckConstraint('results_one_subject', ONE_SUBJECT)
    .execute();
  await db.schema.createIndex('results_cycle').on('results').column('cycle_id').execute();

  await db.schema
    .createTable('adjustments')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('cascade'))
    .addColumn('cadre_id', 'integer', (c) => c.references('cadres.id').onDelete('cascade'))
    .addColumn('from_grade', 'text', (c) => c.notNull())
    .addColumn('to_grade', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addCheckConstraint('adjustments_one_subject', ONE_SUBJECT)
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('notice','feedback','ranking','cadre_list')`))
    .addColumn('unit_id', 'integer', (c) => c.references('units.id').onDelete('set null'))
    .addColumn('doc_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'integer', (c) => c.references('users.id'))
    .execute();

  await db.schema
    .createTable('feedback_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('cycles.id').onDelete('cascade'))
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('problem').check(sql`kind in ('strength','problem')`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('deadline', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('fed_back').check(sql`status in ('fed_back','in_progress','reported','closed')`))
    .addColumn('report', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'feedback_items', 'documents', 'adjustments', 'results', 'events', 'eval_ballots', 'rater_groups', 'score_entries',
    'indicators', 'components', 'group_units', 'group_members', 'assessment_groups', 'cadres', 'units', 'departments',
    'categories', 'cycles', 'audit_log', 'users',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
