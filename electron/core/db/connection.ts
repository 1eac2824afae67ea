// Opens the SQLite file: the key (SQLCipher-compatible encryption at rest,
// when one is configured), private file modes, pragmas, refusal of a newer
// database, a backup copy before migrating, then the migrations.
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openRaw, prepareFile, protectFiles, type DbKey } from './keyed.ts';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { AppError } from '../../../shared/errors.ts';
import type { Migration } from 'kysely/migration';
import { MIGRATIONS } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface OpenDb {
  db: Kysely<Database>;
  raw: BetterSqlite3.Database;
  file: string;
  /** the backup written before migrating, if any */
  backupFile: string | null;
  close(): Promise<void>;
}

const MIGRATION_TABLE = 'kysely_migration';

function appliedMigrations(raw: BetterSqlite3.Database): string[] {
  const exists = raw.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE);
  if (!exists) return [];
  return (raw.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as { name: string }[]).map((r) => r.name);
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

export interface OpenOptions {
  now?: () => Date;
  /** the known migrations; tests pass other lists to exercise upgrades */
  migrations?: Record<string, Migration>;
  /** the database key: a passphrase, or 32 random bytes; null or absent: a plaintext (legacy) file */
  key?: DbKey | null;
  /** the durability of commits; FULL unless a benchmark compares */
  synchronous?: 'FULL' | 'NORMAL';
}

export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<OpenDb> {
  const now = opts.now ?? (() => new Date());
  const migrations = opts.migrations ?? MIGRATIONS;
  const key = opts.key ?? null;
  prepareFile(file);
  const raw: BetterSqlite3.Database = openRaw(file, key);
  try {
    raw.pragma('journal_mode = WAL');
  } catch (e) {
    raw.close();
    throw new AppError('db_error', `无法打开数据库文件“${file}”：${(e as Error).message}。请确认它是本系统的数据库，且未被其他程序占用。`);
  }
  protectFiles(file);
  // deleted content is overwritten, not left in free pages
  raw.pragma('secure_delete = ON');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // FULL: a committed write survives a power cut, not only a crash (issue 9)
  raw.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);

  const known = Object.keys(migrations).sort();
  const applied = appliedMigrations(raw);
  const unknown = applied.filter((n) => !known.includes(n));
  const isPrefix = applied.every((n, i) => n === known[i]);
  if (unknown.length > 0 || !isPrefix) {
    raw.close();
    throw new AppError(
      'db_too_new',
      `数据库“${path.basename(file)}”由更新版本的考核评价桌面系统创建（含本版本不认识的结构版本 ${unknown.join('、') || applied.join('、')}），本版本无法打开。请升级软件后再打开，数据未被改动。`,
    );
  }
  let backupFile: string | null = null;
  if (applied.length > 0 && applied.length < known.length) {
    backupFile = `${file}.bak-${stamp(now())}-before-${known[known.length - 1]}`;
    // private from its first byte; VACUUM INTO writes it with this connection's key
    fs.writeFileSync(backupFile, '', { mode: 0o600 });
    raw.prepare('VACUUM INTO ?').run(backupFile);
  }

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: MIGRATION_TABLE });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '未知';
    await db.destroy();
    throw new AppError('db_error', `数据库升级失败（迁移 ${failed}）：${(error as Error).message ?? String(error)}${backupFile ? `。升级前的备份在“${backupFile}”。` : ''}`);
  }
  return {
    db,
    raw,
    file,
    backupFile,
    close: async () => {
      await db.destroy();
    },
  };
}
