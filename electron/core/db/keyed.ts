// The encrypted store: better-sqlite3-multiple-ciphers in its SQLCipher
// mode (a drop-in for better-sqlite3, whose types the rest of the code
// keeps). The key is applied before anything reads the file; a plaintext
// (legacy) file opens without one. Files are private to the user: the folder
// 0700, the database 0600 from its first byte (SQLite gives -wal and -shm
// the database file's mode).
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
// @ts-expect-error its typings are not reachable through its package.json "exports"; better-sqlite3's types describe it
import Sqlite3MC from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors.ts';

/** A passphrase (SQLCipher derives the key from it) or 32 random bytes used as the key itself. */
export type DbKey = string | Buffer;

const Sqlite = Sqlite3MC as unknown as typeof BetterSqlite3;

// the key a connection was opened with, for the backups and restores made
// through it (a backup is encrypted with the same key); never exported as data
const keys = new WeakMap<BetterSqlite3.Database, DbKey | null>();
export function keyOf(raw: BetterSqlite3.Database): DbKey | null {
  return keys.get(raw) ?? null;
}

/** The key as ATTACH … KEY takes it. */
export function attachKey(key: DbKey): string {
  return typeof key === 'string' ? key : `x'${key.toString('hex')}'`;
}
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function keyLiteral(key: DbKey): string {
  if (typeof key === 'string') {
    if (key.length === 0) throw new AppError('invalid_input', '数据库密钥不能为空。');
    return `'${key.replace(/'/g, "''")}'`;
  }
  if (key.length !== 32) throw new AppError('invalid_input', '数据库密钥应为 32 字节。');
  return `"x'${key.toString('hex')}'"`;
}

/** The cipher settings and the key, in the order SQLite3 Multiple Ciphers needs (cipher first). */
export function applyKey(raw: BetterSqlite3.Database, key: DbKey, pragma: 'key' | 'rekey' = 'key'): void {
  raw.pragma(`cipher = 'sqlcipher'`);
  raw.pragma('legacy = 4');
  raw.pragma(`${pragma} = ${keyLiteral(key)}`);
}

/** Whether the file starts like a plaintext SQLite database (an empty or absent file: no). */
export function isPlaintextSqlite(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(16);
      const n = fs.readSync(fd, head, 0, 16, 0);
      return n === 16 && head.equals(SQLITE_HEADER);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

function nonEmpty(file: string): boolean {
  try {
    return fs.statSync(file).size > 0;
  } catch {
    return false;
  }
}

/** The folder 0700 (when the application creates it) and the database file 0600 before SQLite opens it. */
export function prepareFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
}

/** The database and its -wal and -shm files readable by the user only (also an older, laxer file). */
export function protectFiles(file: string): void {
  if (process.platform === 'win32') return; // NTFS ACLs of the user profile apply there
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, 0o600);
    } catch {
      // absent: nothing to protect
    }
  }
}

/**
 * Opens the file with the key (or none) and reads from it once, so a wrong
 * key, a missing key or a file that is not a database is refused here with
 * a Chinese message and code db_key / db_error.
 */
export function openRaw(file: string, key: DbKey | null, opts: { readonly?: boolean } = {}): BetterSqlite3.Database {
  let raw: BetterSqlite3.Database;
  try {
    raw = new Sqlite(file, opts.readonly ? { readonly: true, fileMustExist: true } : {});
  } catch (e) {
    throw new AppError('db_error', `无法打开数据库文件“${file}”：${(e as Error).message}。请确认它是本系统的数据库，且未被其他程序占用。`);
  }
  try {
    if (key !== null) applyKey(raw, key);
    raw.prepare('select count(*) from sqlite_master').get();
    keys.set(raw, key);
    return raw;
  } catch (e) {
    raw.close();
    if (e instanceof AppError) throw e;
    const code = (e as { code?: string }).code;
    const name = path.basename(file);
    if (code === 'SQLITE_NOTADB') {
      if (key !== null && isPlaintextSqlite(file)) {
        throw new AppError('db_key', `数据库“${name}”未加密，而本机配置了数据库密钥。请先用“kaohe rekey”为它加密，或去掉密钥配置后再打开。数据未被改动。`);
      }
      if (key !== null) throw new AppError('db_key', `数据库“${name}”无法解密：密钥不正确，或它不是本系统的数据库。数据未被改动。`);
      if (nonEmpty(file)) throw new AppError('db_key', `数据库“${name}”已加密（或不是本系统的数据库）：请配置正确的数据库密钥后再打开。数据未被改动。`);
    }
    throw new AppError('db_error', `无法打开数据库文件“${file}”：${(e as Error).message}。请确认它是本系统的数据库，且未被其他程序占用。`);
  }
}

/**
 * Changes the key of a closed database file: plaintext → encrypted,
 * encrypted → another key, or encrypted → plaintext (newKey null). The
 * journal leaves WAL mode for the change (SQLite3 Multiple Ciphers needs it
 * to encrypt a plaintext file) and returns to it.
 */
export function rekeyFile(file: string, oldKey: DbKey | null, newKey: DbKey | null): void {
  const raw = openRaw(file, oldKey);
  try {
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.pragma('journal_mode = DELETE');
    if (newKey === null) {
      if (oldKey !== null) raw.pragma(`rekey = ''`);
    } else {
      applyKey(raw, newKey, oldKey === null ? 'rekey' : 'rekey');
    }
    raw.pragma('journal_mode = WAL');
  } finally {
    raw.close();
  }
  protectFiles(file);
}
