// Backups (issue 9): a consistent copy of the live database (VACUUM INTO,
// encrypted with the database's own key), checked before it counts — its
// integrity_check passes and its SHA-256 is recorded in a manifest beside it
// (`<file>.manifest.json`). Taken on demand and before risky operations
// (migration, restore, package import, publication), kept to a retention
// count. A restore checks the file first (manifest, checksum, key,
// integrity, the same database), takes a backup of the current state, then
// replaces the data in one transaction: all of it or none. The audit trail,
// the accounts and the settings are not rewound — the restore is recorded in
// the trail like any change.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import type { ServiceContext } from '../context.ts';
import { rawOf } from '../db/handles.ts';
import { attachKey, keyOf, openRaw, type DbKey } from '../db/keyed.ts';

export const BACKUP_EXT = '.kbak';
export const DEFAULT_RETENTION = 30;
const DATABASE_ID = 'database_id';
/** kept as they are by a restore: the trail, who may sign in, the settings, the schema's own records */
const KEPT_TABLES = new Set(['audit_log', 'users', 'password_history', 'app_settings', 'kysely_migration', 'kysely_migration_lock', 'sqlite_sequence']);

export interface BackupManifest {
  format: 'kaohe-backup-1';
  name: string;
  createdAt: string;
  reason: string;
  size: number;
  sha256: string;
  encrypted: boolean;
  databaseId: string;
  migrations: string[];
}

export interface BackupInfo {
  name: string;
  createdAt: string;
  reason: string;
  size: number;
  sha256: string;
  encrypted: boolean;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a small file atomically: a temporary file, fsync, rename. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fsyncFile(tmp);
  fs.renameSync(tmp, file);
}

export function databaseId(raw: BetterSqlite3.Database): string {
  raw.prepare(`insert or ignore into app_settings (key, value) values (?, ?)`).run(DATABASE_ID, randomBytes(16).toString('hex'));
  return (raw.prepare(`select value from app_settings where key = ?`).get(DATABASE_ID) as { value: string }).value;
}

function migrationsOf(raw: BetterSqlite3.Database): string[] {
  return (raw.prepare(`select name from kysely_migration order by name`).all() as { name: string }[]).map((r) => r.name);
}

export function backupDirOf(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'backups');
}

function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

const manifestFile = (file: string) => `${file}.manifest.json`;

/**
 * A verified copy of the database in `file` (which must not exist), with its
 * manifest beside it. The copy is written as `<file>.part` and renamed only
 * once checked, so an interrupted backup leaves no file that looks complete.
 */
export function backupTo(raw: BetterSqlite3.Database, file: string, reason: string, at: Date): BackupManifest {
  if (fs.existsSync(file)) throw new AppError('conflict', `备份文件“${path.basename(file)}”已存在。`);
  ensureDir(path.dirname(path.resolve(file)));
  const part = `${file}.part`;
  fs.rmSync(part, { force: true });
  fs.writeFileSync(part, '', { mode: 0o600 });
  const id = databaseId(raw);
  try {
    raw.prepare('VACUUM INTO ?').run(part);
    fsyncFile(part);
    const key = keyOf(raw);
    const check = checkFile(part, key);
    if (check !== 'ok') throw new AppError('internal', `备份校验未通过：${check}`);
    fs.renameSync(part, file);
  } catch (e) {
    fs.rmSync(part, { force: true });
    throw e;
  }
  const manifest: BackupManifest = {
    format: 'kaohe-backup-1',
    name: path.basename(file),
    createdAt: at.toISOString(),
    reason,
    size: fs.statSync(file).size,
    sha256: sha256File(file),
    encrypted: keyOf(raw) !== null,
    databaseId: id,
    migrations: migrationsOf(raw),
  };
  writeAtomic(manifestFile(file), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** 'ok', or what is wrong with a database file, opened read-only with the key. */
function checkFile(file: string, key: DbKey | null): string {
  let db: BetterSqlite3.Database;
  try {
    db = openRaw(file, key, { readonly: true });
  } catch (e) {
    return (e as Error).message;
  }
  try {
    const r = db.pragma('integrity_check') as { integrity_check: string }[];
    const ok = r.length === 1 && r[0]!.integrity_check === 'ok';
    if (!ok) return `完整性检查未通过（${r.slice(0, 3).map((x) => x.integrity_check).join('；')}）`;
    const t = db.prepare(`select count(*) n from sqlite_master where type = 'table' and name in ('kysely_migration', 'cycles', 'audit_log', 'app_settings')`).get() as { n: number };
    if (t.n !== 4) return '它不是本系统的数据库';
    return 'ok';
  } catch (e) {
    return (e as Error).message;
  } finally {
    db.close();
  }
}

/**
 * Checks a backup file before it may be restored: its manifest, the
 * checksum, the key, the integrity check, and that it is a copy of this
 * database. Throws a Chinese AppError (code tampered, db_key or conflict).
 */
export function verifyBackupFile(raw: BetterSqlite3.Database, file: string): BackupManifest {
  const name = path.basename(file);
  if (!fs.existsSync(file)) throw new AppError('not_found', `备份文件“${name}”不存在。`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile(file), 'utf8')) as BackupManifest;
    if (manifest.format !== 'kaohe-backup-1' || typeof manifest.sha256 !== 'string') throw new Error('format');
  } catch {
    throw new AppError('tampered', `“${name}”不是本系统生成的备份（缺少或无法读取备份清单），已拒绝。`);
  }
  if (sha256File(file) !== manifest.sha256) throw new AppError('tampered', `备份“${name}”已损坏或被改动（SHA-256 校验值与清单不符），已拒绝。`);
  const check = checkFile(file, keyOf(raw));
  if (check !== 'ok') throw new AppError('tampered', `备份“${name}”无法使用：${check}`);
  if (manifest.databaseId !== databaseId(raw)) throw new AppError('conflict', `备份“${name}”来自另一个数据库，不能恢复到本数据库。`);
  const mine = migrationsOf(raw);
  if (manifest.migrations.join(',') !== mine.join(',')) {
    throw new AppError('conflict', `备份“${name}”的数据结构版本（${manifest.migrations.at(-1) ?? '无'}）与当前版本（${mine.at(-1) ?? '无'}）不同，不能直接恢复。`);
  }
  return manifest;
}

function info(m: BackupManifest): BackupInfo {
  return { name: m.name, createdAt: m.createdAt, reason: m.reason, size: m.size, sha256: m.sha256, encrypted: m.encrypted };
}

/** The backups in the database's backup folder, newest first (only complete ones: with a manifest). */
export function listBackupFiles(dbFile: string): BackupManifest[] {
  const dir = backupDirOf(dbFile);
  if (!fs.existsSync(dir)) return [];
  const out: BackupManifest[] = [];
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith(BACKUP_EXT)) continue;
    try {
      const m = JSON.parse(fs.readFileSync(manifestFile(path.join(dir, f)), 'utf8')) as BackupManifest;
      if (m.format === 'kaohe-backup-1') out.push({ ...m, name: f });
    } catch {
      // no manifest: an interrupted or foreign file, not offered
    }
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.name.localeCompare(a.name)));
}

/** Keeps the newest `keep` backups of the folder; older ones (and leftovers of interrupted ones) go. */
export function pruneBackups(dbFile: string, keep: number): string[] {
  const dir = backupDirOf(dbFile);
  const all = listBackupFiles(dbFile);
  const removed: string[] = [];
  for (const m of all.slice(keep)) {
    const f = path.join(dir, m.name);
    fs.rmSync(f, { force: true });
    fs.rmSync(manifestFile(f), { force: true });
    removed.push(m.name);
  }
  if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.endsWith('.part')) fs.rmSync(path.join(dir, f), { force: true });
  return removed;
}

/** A backup into the database's backup folder, recorded in the audit trail, pruned to the retention count. */
export async function createBackup(ctx: ServiceContext, reason: string, opts: { retention?: number } = {}): Promise<BackupInfo> {
  const raw = rawOf(ctx.db);
  const dir = backupDirOf(ctx.dbFile);
  const at = ctx.now();
  const safe = reason.replace(/[^\w\u4e00-\u9fff-]+/g, '-').slice(0, 40) || 'manual';
  let file = path.join(dir, `kaohe-${stamp(at)}-${safe}${BACKUP_EXT}`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `kaohe-${stamp(at)}-${safe}-${i}${BACKUP_EXT}`);
  const m = backupTo(raw, file, reason, at);
  await ctx.write({ action: 'backup.create', entity: 'backup', cycleId: null, scope: null, detail: { name: m.name, reason, sha256: m.sha256, size: m.size } }, async () => undefined);
  pruneBackups(ctx.dbFile, opts.retention ?? DEFAULT_RETENTION);
  return info(m);
}

export function backupFileByName(ctx: ServiceContext, name: string): string {
  if (name !== path.basename(name) || !name.endsWith(BACKUP_EXT)) throw new AppError('invalid_input', '请给出备份文件名（.kbak），不含路径。', { kind: 'field', path: 'name' });
  return path.join(backupDirOf(ctx.dbFile), name);
}

export async function verifyBackup(ctx: ServiceContext, name: string): Promise<{ backup: BackupInfo; ok: boolean; message: string }> {
  const file = backupFileByName(ctx, name);
  const listed = listBackupFiles(ctx.dbFile).find((m) => m.name === name);
  try {
    const m = verifyBackupFile(rawOf(ctx.db), file);
    return { backup: info(m), ok: true, message: `备份“${name}”完好：校验值相符，完整性检查通过。` };
  } catch (e) {
    if (!(e instanceof AppError) || !listed) throw e;
    return { backup: info(listed), ok: false, message: e.message };
  }
}

/**
 * Restores the data of a backup file into the live database, in one
 * transaction, after checking the file and backing up the current state.
 */
export async function restoreFrom(ctx: ServiceContext, file: string, opts: { retention?: number } = {}): Promise<{ restored: BackupInfo; safetyBackup: BackupInfo }> {
  const raw = rawOf(ctx.db);
  const m = verifyBackupFile(raw, file);
  const safety = await createBackup(ctx, 'before-restore', opts);
  const key = keyOf(raw);
  if (key === null) raw.prepare(`attach database ? as restore_src`).run(file);
  else raw.prepare(`attach database ? as restore_src key ?`).run(file, attachKey(key));
  try {
    await ctx.write({ action: 'backup.restore', entity: 'backup', cycleId: null, scope: null, detail: { name: m.name, sha256: m.sha256, createdAt: m.createdAt, safetyBackup: safety.name } }, async (w) => {
      const r = rawOf(w.trx);
      r.pragma('defer_foreign_keys = ON');
      const tables = (r.prepare(`select name from main.sqlite_master where type = 'table' and name not like 'sqlite_%'`).all() as { name: string }[]).map((t) => t.name).filter((t) => !KEPT_TABLES.has(t));
      // accounts the backup knows and this database does not (data refers to them)
      r.prepare(`insert or ignore into main.users (id, login, name, role) select id, login, name, role from restore_src.users`).run();
      for (const t of tables) r.prepare(`delete from main."${t}"`).run();
      for (const t of tables) r.prepare(`insert into main."${t}" select * from restore_src."${t}"`).run();
      r.prepare(`delete from main.sqlite_sequence where name in (select name from restore_src.sqlite_sequence) and name not in ('audit_log', 'users', 'password_history')`).run();
      r.prepare(`insert into main.sqlite_sequence (name, seq) select name, seq from restore_src.sqlite_sequence where name not in ('audit_log', 'users', 'password_history')`).run();
      const fk = r.prepare(`select * from pragma_foreign_key_check limit 1`).all();
      if (fk.length > 0) throw new AppError('conflict', '备份中的数据与当前账号不一致，恢复已取消，数据未被改动。');
      w.note({ tables: tables.length });
    });
  } finally {
    raw.prepare(`detach database restore_src`).run();
  }
  return { restored: info(m), safetyBackup: safety };
}
