// Security for confidential standalone machines (issue 9): accounts with
// roles (三员分立), password hashes, history and lockout; the application's
// settings (password policy, the audit chain's key); and an append-only,
// hash-chained audit trail — every existing row is chained here, then
// UPDATE and DELETE on audit_log are refused by triggers.
import { sql, type Kysely } from 'kysely';
import { AUDIT_HEAD_SETTING, AUDIT_KEY_SETTING, GENESIS, newAuditKey, rowHash, type AuditRowContent } from '../../security/audit-chain.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_hash', 'text').execute();
  await db.schema.alterTable('users').addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('users').addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('users').addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('users').addColumn('locked_until', 'text').execute();
  await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('must_change', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('password_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();

  const keyHex = newAuditKey();
  await sql`insert into app_settings (key, value) values (${AUDIT_KEY_SETTING}, ${keyHex})`.execute(db);
  const key = Buffer.from(keyHex, 'hex');
  const { rows } = await sql<AuditRowContent>`select id, at, user_id, action, entity, entity_id, cycle_id, detail, op, entity_key, field, old_value, new_value from audit_log order by id`.execute(db);
  let prev = GENESIS;
  let lastId = 0;
  for (const r of rows) {
    const hash = rowHash(key, r, prev);
    await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where id = ${r.id}`.execute(db);
    prev = hash;
    lastId = r.id;
  }
  await sql`insert into app_settings (key, value) values (${AUDIT_HEAD_SETTING}, ${JSON.stringify({ id: lastId, hash: prev })})`.execute(db);

  await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists audit_log_no_update`.execute(db);
  await sql`drop trigger if exists audit_log_no_delete`.execute(db);
  await db.schema.dropTable('app_settings').ifExists().execute();
  await db.schema.dropTable('password_history').ifExists().execute();
}
