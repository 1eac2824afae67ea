// The store on a real SQLite file: pragmas, migrations, refusal of a newer
// database, the backup before migrating, and the audited write path.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/core/context.ts';
import { openDatabase } from '../../electron/core/db/connection.ts';
import { MIGRATIONS } from '../../electron/core/db/migrations/index.ts';
import { tempDir } from '../helpers.ts';

const dirs: string[] = [];
function dbPath(): string {
  const d = tempDir();
  dirs.push(d);
  return path.join(d, 'kaohe.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('opening the database', () => {
  it('creates every table of the domain with WAL and foreign keys on', async () => {
    const store = await openDatabase(dbPath());
    expect(store.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(store.raw.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    const tables = (store.raw.prepare(`select name from sqlite_master where type='table'`).all() as { name: string }[]).map((t) => t.name);
    for (const t of ['cycles', 'categories', 'units', 'cadres', 'assessment_groups', 'indicators', 'components', 'score_entries', 'eval_ballots', 'events', 'results', 'adjustments', 'documents', 'feedback_items', 'audit_log']) {
      expect(tables).toContain(t);
    }
    await store.close();
  });

  it('opens an up-to-date database again without a backup', async () => {
    const file = dbPath();
    await (await openDatabase(file)).close();
    const again = await openDatabase(file);
    expect(again.backupFile).toBeNull();
    await again.close();
  });

  it('refuses a database written by a newer version, and leaves it untouched', async () => {
    const file = dbPath();
    const store = await openDatabase(file);
    store.raw.prepare(`insert into kysely_migration (name, timestamp) values ('0099_future', '2030-01-01')`).run();
    await store.close();
    const before = fs.readFileSync(file);
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'db_too_new', message: expect.stringContaining('更新版本') });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('writes a backup copy before migrating an older database', async () => {
    const file = dbPath();
    await (await openDatabase(file, { migrations: { '0001_init': MIGRATIONS['0001_init']! } })).close();
    const next = {
      ...MIGRATIONS,
      '9999_test': { up: async (db: import('kysely').Kysely<unknown>) => void (await sql`create table t_probe (x integer)`.execute(db)) },
    };
    const store = await openDatabase(file, { migrations: next, now: () => new Date('2026-01-02T03:04:05Z') });
    expect(store.backupFile).toMatch(/kaohe\.db\.bak-20260102-030405-before-9999_test$/);
    expect(fs.existsSync(store.backupFile!)).toBe(true);
    await store.close();
    // the backup is the database as it was: no probe table
    const backup = await openDatabase(store.backupFile!, { migrations: { '0001_init': MIGRATIONS['0001_init']! } });
    expect(backup.raw.prepare(`select count(*) n from sqlite_master where name='t_probe'`).get()).toEqual({ n: 0 });
    await backup.close();
  });

  it('reports a file that is not a database in Chinese', async () => {
    const file = dbPath();
    fs.writeFileSync(file, 'this is not sqlite'.repeat(100));
    await expect(openDatabase(file)).rejects.toThrow(/无法打开数据库文件|数据库/);
  });
});

describe('the audited write path', () => {
  it('records who made each change, and rolls back everything on error', async () => {
    const ctx = await createContext({ dbFile: dbPath(), userLogin: 'zhangsan' });
    await ctx.write({ action: 'cycle.create', entity: 'cycle', cycleId: null, scope: null }, (w) =>
      w.trx.insertInto('cycles').values({ name: '2025年度', year: 2025, copied_from: null, created_at: 'now' }).execute(),
    );
    await expect(
      ctx.write({ action: 'cycle.create', entity: 'cycle', cycleId: null, scope: null }, async (w) => {
        await w.trx.insertInto('cycles').values({ name: '半途而废', year: 2026, copied_from: null, created_at: 'now' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const cycles = await ctx.db.selectFrom('cycles').select('name').execute();
    expect(cycles.map((c) => c.name)).toEqual(['2025年度']);
    const audit = await ctx.db.selectFrom('audit_log').innerJoin('users', 'users.id', 'audit_log.user_id').select(['users.login', 'action']).execute();
    expect(audit).toEqual([{ login: 'zhangsan', action: 'cycle.create' }]);
    await ctx.close();
  });
});
