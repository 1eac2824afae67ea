// Encryption at rest, private files, the tamper-evident audit trail, verified
// backups and exchange packages, on real files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type ServiceContext } from '../../electron/core/context.ts';
import { openDatabase } from '../../electron/core/db/connection.ts';
import { rawOf } from '../../electron/core/db/handles.ts';
import { openRaw } from '../../electron/core/db/keyed.ts';
import { backupDirOf, createBackup, listBackupFiles, restoreFrom } from '../../electron/core/backup/backup.ts';
import { exchangeDirOf, exportPackage, importPackage, previewPackage } from '../../electron/core/exchange/package.ts';
import { createCycle, loadDemo } from '../../electron/core/services/cycles.ts';
import { setScores, getScoreMatrix } from '../../electron/core/services/scores.ts';
import { verifyAudit } from '../../electron/core/security/audit-query.ts';
import { main } from '../../electron/cli/kaohe.ts';
import { tempDir } from '../helpers.ts';

const KEY = '清河县考核办-测试密钥-2025';
const UNIT = '城关镇';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = tempDir('kaohe-store-sec-');
  dirs.push(d);
  return d;
}
function holds(file: string, text: string): boolean {
  return fs.existsSync(file) && fs.readFileSync(file).includes(Buffer.from(text, 'utf8'));
}
async function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  let out = '';
  let err = '';
  try {
    const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

describe('encryption at rest', () => {
  let d: string;
  let file: string;
  let ctx: ServiceContext;
  beforeAll(async () => {
    d = dir();
    file = path.join(d, 'kaohe.db');
    ctx = await createContext({ dbFile: file, dbKey: KEY });
    await loadDemo(ctx);
  }, 120_000);

  it('holds no plaintext unit name in the database, its WAL, after a delete and a checkpoint', async () => {
    const raw = rawOf(ctx.db);
    expect((raw.prepare(`select count(*) n from units where name = ?`).get(UNIT) as { n: number }).n).toBe(1);
    for (const f of [file, `${file}-wal`]) expect(holds(f, UNIT), f).toBe(false);
    raw.prepare(`insert into app_settings (key, value) values ('probe', ?)`).run(`${UNIT}-删除探针`);
    raw.prepare(`delete from app_settings where key = 'probe'`).run();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of [file, `${file}-wal`]) expect(holds(f, '删除探针'), f).toBe(false);
    expect(raw.pragma('secure_delete', { simple: true })).toBe(1);
    expect(raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('creates its files readable by the user only', () => {
    if (process.platform === 'win32') return;
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
  });

  it('a copied database and a backup are unreadable without the key, and a wrong key is refused in Chinese', async () => {
    const b = await createBackup(ctx, 'test');
    const bfile = path.join(backupDirOf(file), b.name);
    expect(b.encrypted).toBe(true);
    expect(holds(bfile, UNIT)).toBe(false);
    if (process.platform !== 'win32') expect(fs.statSync(bfile).mode & 0o777).toBe(0o600);
    const copy = path.join(d, 'copy.db');
    rawOf(ctx.db).pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(file, copy);
    for (const f of [copy, bfile]) {
      expect(() => openRaw(f, null)).toThrow(/已加密|配置正确的数据库密钥/);
      expect(() => openRaw(f, 'wrong-key')).toThrow(/密钥不正确/);
      const ok = openRaw(f, KEY);
      expect((ok.prepare(`select count(*) n from units where name = ?`).get(UNIT) as { n: number }).n).toBe(1);
      ok.close();
    }
    await expect(openDatabase(copy, { key: 'wrong-key' })).rejects.toMatchObject({ code: 'db_key' });
  });

  it('rekey: the command line changes the key, decrypts and encrypts again', async () => {
    const f = path.join(d, 'rekey.db');
    rawOf(ctx.db).pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(file, f);
    expect((await cli(['rekey', f], { KAOHE_DB_KEY: KEY, KAOHE_NEW_DB_KEY: 'second-key-2025' })).code).toBe(0);
    expect(() => openRaw(f, KEY)).toThrow(/密钥不正确/);
    expect((await cli(['rekey', f, '--decrypt'], { KAOHE_DB_KEY: 'second-key-2025' })).code).toBe(0);
    expect(holds(f, UNIT)).toBe(true);
    expect((await cli(['rekey', f], { KAOHE_DB_KEY: undefined, KAOHE_NEW_DB_KEY: KEY })).code).toBe(0);
    expect(holds(f, UNIT)).toBe(false);
    const r = await cli(['cycles', f], { KAOHE_DB_KEY: KEY });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('综合考核');
    expect((await cli(['cycles', f], { KAOHE_DB_KEY: undefined })).err).toMatch(/已加密/);
  });
});

describe('the tamper-evident audit trail', () => {
  it('refuses UPDATE and DELETE, and names the first broken link after a raw edit', async () => {
    const d = dir();
    const file = path.join(d, 'kaohe.db');
    const ctx = await createContext({ dbFile: file });
    await loadDemo(ctx);
    const raw = rawOf(ctx.db);
    expect(verifyAudit(ctx).ok).toBe(true);
    expect(() => raw.prepare(`update audit_log set action = 'x' where id = (select min(id) from audit_log)`).run()).toThrow(/append-only/);
    expect(() => raw.prepare(`delete from audit_log where id = (select min(id) from audit_log)`).run()).toThrow(/append-only/);
    expect((await cli(['audit', 'verify', file])).code).toBe(0);
    for (const year of [2030, 2031, 2032]) await createCycle(ctx, { name: `${year}年度考核`, year });
    // someone with the raw file drops the trigger and edits one row in the middle
    raw.exec(`drop trigger audit_log_no_update`);
    const id = (raw.prepare(`select id from audit_log order by id limit 1 offset 2`).get() as { id: number }).id;
    raw.prepare(`update audit_log set detail = '{"name":"改过的"}' where id = ?`).run(id);
    const v = verifyAudit(ctx);
    expect(v).toMatchObject({ ok: false, brokenId: id });
    await ctx.close();
    const r = await cli(['audit', 'verify', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`第 ${id} 条`);
  }, 120_000);

  it('finds rows removed from the end', async () => {
    const d = dir();
    const ctx = await createContext({ dbFile: path.join(d, 'kaohe.db') });
    await loadDemo(ctx);
    const raw = rawOf(ctx.db);
    raw.exec(`drop trigger audit_log_no_delete`);
    raw.prepare(`delete from audit_log where id = (select max(id) from audit_log)`).run();
    expect(verifyAudit(ctx).ok).toBe(false);
    await ctx.close();
  }, 120_000);
});

describe('backups', () => {
  it('restores in one transaction after backing up the current state; refuses a damaged or foreign file', async () => {
    const d = dir();
    const file = path.join(d, 'kaohe.db');
    const ctx = await createContext({ dbFile: file });
    await loadDemo(ctx);
    const raw = rawOf(ctx.db);
    const units = () => (raw.prepare(`select count(*) n from units`).get() as { n: number }).n;
    const n = units();
    const b = await createBackup(ctx, 'test');
    raw.exec('pragma foreign_keys = off');
    raw.prepare(`delete from units where id = (select max(id) from units)`).run();
    raw.exec('pragma foreign_keys = on');
    expect(units()).toBe(n - 1);
    const auditBefore = (raw.prepare(`select count(*) n from audit_log`).get() as { n: number }).n;
    const r = await restoreFrom(ctx, path.join(backupDirOf(file), b.name));
    expect(units()).toBe(n);
    expect(r.safetyBackup.reason).toBe('before-restore');
    // the trail is not rewound: it grew, and still verifies
    expect((raw.prepare(`select count(*) n from audit_log`).get() as { n: number }).n).toBeGreaterThan(auditBefore);
    expect(verifyAudit(ctx).ok).toBe(true);
    // a damaged backup
    const damaged = path.join(backupDirOf(file), b.name);
    const bytes = fs.readFileSync(damaged);
    bytes[bytes.length - 100] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    await expect(restoreFrom(ctx, damaged)).rejects.toMatchObject({ code: 'tampered', message: expect.stringContaining('SHA-256') });
    // a foreign file: another database's backup, and a file that is no backup
    const other = await createContext({ dbFile: path.join(d, 'other.db') });
    const ob = await createBackup(other, 'other');
    await other.close();
    await expect(restoreFrom(ctx, path.join(backupDirOf(file), ob.name))).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('另一个数据库') });
    const junk = path.join(d, 'junk.kbak');
    fs.writeFileSync(junk, 'not a backup');
    await expect(restoreFrom(ctx, junk)).rejects.toMatchObject({ code: 'tampered' });
    // retention
    for (let i = 0; i < 4; i++) await createBackup(ctx, `r${i}`, { retention: 3 });
    expect(listBackupFiles(file).length).toBe(3);
    await ctx.close();
  }, 120_000);

  it('kaohe backup and kaohe restore', async () => {
    const d = dir();
    const file = path.join(d, 'kaohe.db');
    expect((await cli(['demo', file])).code).toBe(0);
    const r = await cli(['backup', file, path.join(d, 'b.kbak')]);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(d, 'b.kbak.manifest.json'))).toBe(true);
    const back = await cli(['restore', file, path.join(d, 'b.kbak')]);
    expect(back.code, back.err).toBe(0);
    expect(back.out).toContain('恢复前的数据已备份');
  }, 120_000);
});

describe('exchange packages', () => {
  it('moves changed cells between two copies, reports conflicts, refuses a tampered package', async () => {
    const d = dir();
    const office = await createContext({ dbFile: path.join(d, 'office.db') });
    const cycle = await loadDemo(office);
    // the field machine starts from a copy of the office's database
    const fieldDir = path.join(d, 'field');
    fs.mkdirSync(fieldDir);
    rawOf(office.db).prepare('VACUUM INTO ?').run(path.join(fieldDir, 'kaohe.db'));
    const field = await createContext({ dbFile: path.join(fieldDir, 'kaohe.db') });
    // both sides record the base: an empty exchange from each
    await exportPackage(office, { cycleId: cycle.id, passphrase: 'jiaohuan-koulin' });
    await exportPackage(field, { cycleId: cycle.id, passphrase: 'jiaohuan-koulin' });
    const cat = (await office.db.selectFrom('categories').select('id').where('cycle_id', '=', cycle.id).where('kind', '=', 'unit').orderBy('id').executeTakeFirstOrThrow()).id;
    const m = await getScoreMatrix(field, { categoryId: cat });
    const numeric = m.cells.filter((c) => c.value !== null).slice(0, 2);
    const [a, b] = numeric as [(typeof numeric)[0], (typeof numeric)[0]];
    await setScores(field, { cells: [{ ...a, value: 0.5, text: null }, { ...b, value: 0.25, text: null }] });
    await setScores(office, { cells: [{ ...b, value: 0.75, text: null }] });
    const pkg = await exportPackage(field, { cycleId: cycle.id, categoryIds: [cat], passphrase: 'jiaohuan-koulin' });
    expect(holds(pkg.file, '城关镇')).toBe(false);
    fs.mkdirSync(exchangeDirOf(office.dbFile), { recursive: true });
    fs.copyFileSync(pkg.file, path.join(exchangeDirOf(office.dbFile), pkg.name));
    const preview = await previewPackage(office, { name: pkg.name, passphrase: 'jiaohuan-koulin' });
    expect(preview.changes).toBe(1);
    expect(preview.conflicts).toHaveLength(1);
    expect(preview.conflicts[0]).toMatchObject({ here: '0.75', incoming: '0.25' });
    await expect(previewPackage(office, { name: pkg.name, passphrase: 'wrong-passphrase' })).rejects.toMatchObject({ code: 'tampered' });
    const r = await importPackage(office, { name: pkg.name, passphrase: 'jiaohuan-koulin', conflicts: 'keep' });
    expect(r).toMatchObject({ applied: 1, kept: 1 });
    const after = await getScoreMatrix(office, { categoryId: cat });
    const val = (k: typeof a) => after.cells.find((c) => c.subjectKey === k.subjectKey && c.indicatorId === k.indicatorId)?.value;
    expect(val(a)).toBe(0.5);
    expect(val(b)).toBe(0.75);
    // one flipped byte: refused
    const f = path.join(exchangeDirOf(office.dbFile), pkg.name);
    const env = JSON.parse(fs.readFileSync(f, 'utf8')) as { data: string };
    const bytes = Buffer.from(env.data, 'base64');
    bytes[10] ^= 1;
    env.data = bytes.toString('base64');
    fs.writeFileSync(f, JSON.stringify(env));
    await expect(importPackage(office, { name: pkg.name, passphrase: 'jiaohuan-koulin', conflicts: 'take' })).rejects.toMatchObject({ code: 'tampered' });
    await field.close();
    await office.close();
  }, 120_000);
});

