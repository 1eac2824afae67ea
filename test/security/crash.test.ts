// A process killed (SIGKILL, from the test's child process) in the middle of
// an import, a backup and a restore: the database opens, passes its
// integrity check, and holds all of the operation or none of it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, listBackupFiles, verifyBackupFile, backupDirOf } from '../../electron/core/backup/backup.ts';
import { createContext } from '../../electron/core/context.ts';
import { rawOf } from '../../electron/core/db/handles.ts';
import { openRaw } from '../../electron/core/db/keyed.ts';
import { exchangeDirOf, exportPackage } from '../../electron/core/exchange/package.ts';
import { loadDemo } from '../../electron/core/services/cycles.ts';
import { tempDir } from '../helpers.ts';

const CHILD = path.join(import.meta.dirname, 'crash-child.ts');
let root: string;
let template: string;
let pkgName: string;
let backupName: string;
let sums: { before: number; after: number; unitsBefore: number; unitsBackup: number };

const scoreSum = (file: string) => {
  const raw = openRaw(file, null);
  try {
    const r = raw.prepare(`select total(value) s, count(*) n from score_entries`).get() as { s: number; n: number };
    return Math.round(r.s * 1000) + r.n;
  } finally {
    raw.close();
  }
};
const unitCount = (file: string) => {
  const raw = openRaw(file, null);
  try {
    return (raw.prepare(`select count(*) n from units`).get() as { n: number }).n;
  } finally {
    raw.close();
  }
};
const integrity = (file: string) => {
  const raw = openRaw(file, null);
  try {
    return (raw.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check;
  } finally {
    raw.close();
  }
};

beforeAll(async () => {
  root = tempDir('kaohe-crash-');
  template = path.join(root, 'template');
  fs.mkdirSync(template);
  const ctx = await createContext({ dbFile: path.join(template, 'kaohe.db') });
  const cycle = await loadDemo(ctx);
  const raw = rawOf(ctx.db);
  const b = await createBackup(ctx, 'crash');
  backupName = b.name;
  // a package in which every score cell changes: a long transaction
  const fieldDir = path.join(root, 'field');
  fs.mkdirSync(fieldDir);
  raw.prepare('VACUUM INTO ?').run(path.join(fieldDir, 'kaohe.db'));
  await exportPackage(ctx, { cycleId: cycle.id, passphrase: 'jiaohuan-koulin' });
  const field = await createContext({ dbFile: path.join(fieldDir, 'kaohe.db') });
  const fraw = rawOf(field.db);
  await exportPackage(field, { cycleId: cycle.id, passphrase: 'jiaohuan-koulin' });
  await field.write({ action: 'test.bulk', entity: 'score', cycleId: cycle.id, scope: 'data' }, async (w) => {
    const r = rawOf(w.trx);
    const rows = r.prepare(`select id, value from score_entries where value is not null`).all() as { id: number; value: number }[];
    const up = r.prepare(`update score_entries set value = ? where id = ?`);
    for (const x of rows) {
      up.run(x.value * 0.5, x.id);
    }
    // the audit trail is what the package's base is built from: record each cell as the services would
    const cells = fraw.prepare(`select s.indicator_id, s.unit_id, s.cadre_id, s.value from score_entries s where s.value is not null`).all() as { indicator_id: number; unit_id: number | null; cadre_id: number | null; value: number }[];
    w.changed(cells.map((c) => ({ entity: 'score', key: `${c.unit_id !== null ? `unit:${c.unit_id}` : `cadre:${c.cadre_id}`}|indicator:${c.indicator_id}`, field: 'value', old: c.value * 2, new: c.value })));
  });
  const pkg = await exportPackage(field, { cycleId: cycle.id, passphrase: 'jiaohuan-koulin' });
  pkgName = pkg.name;
  fs.mkdirSync(exchangeDirOf(ctx.dbFile), { recursive: true });
  fs.copyFileSync(pkg.file, path.join(exchangeDirOf(ctx.dbFile), pkg.name));
  await field.close();
  // after the backup, one unit fewer: a restore brings it back
  raw.exec('pragma foreign_keys = off');
  raw.prepare(`delete from units where id = (select max(id) from units)`).run();
  raw.exec('pragma foreign_keys = on');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  await ctx.close();
  const db = path.join(template, 'kaohe.db');
  sums = { before: scoreSum(db), after: scoreSum(path.join(fieldDir, 'kaohe.db')), unitsBefore: unitCount(db), unitsBackup: unitCount(path.join(backupDirOf(db), backupName)) };
  expect(sums.before).not.toBe(sums.after);
}, 240_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function trial(n: number): string {
  const d = path.join(root, `trial-${n}`);
  fs.cpSync(template, d, { recursive: true });
  return path.join(d, 'kaohe.db');
}

/** Runs the child, kills it `delay` ms after it has opened the database; true when it was still running. */
function runAndKill(args: string[], delay: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let finished = false;
    child.stdout.on('data', (b: Buffer) => {
      const t = b.toString();
      if (t.includes('done')) finished = true;
      if (t.includes('start')) setTimeout(() => child.kill('SIGKILL'), delay);
    });
    child.on('exit', () => resolve(!finished));
  });
}

const DELAYS = [0, 15, 40, 80, 150, 300, 600];

describe('killed in the middle', () => {
  it('of a package import: all of it or none', async () => {
    let cut = 0;
    for (const [i, delay] of DELAYS.entries()) {
      const db = trial(100 + i);
      cut += (await runAndKill(['import', db, pkgName], delay)) ? 1 : 0;
      expect(integrity(db)).toBe('ok');
      expect([sums.before, sums.after]).toContain(scoreSum(db));
    }
    expect(cut).toBeGreaterThan(0);
  }, 240_000);

  it('of a restore: all of it or none', async () => {
    let cut = 0;
    for (const [i, delay] of DELAYS.entries()) {
      const db = trial(200 + i);
      cut += (await runAndKill(['restore', db, path.join(backupDirOf(db), backupName)], delay)) ? 1 : 0;
      expect(integrity(db)).toBe('ok');
      expect([sums.unitsBefore, sums.unitsBackup]).toContain(unitCount(db));
    }
    expect(cut).toBeGreaterThan(0);
  }, 240_000);

  it('of a backup: the database is intact and every backup offered is complete', async () => {
    for (const [i, delay] of DELAYS.entries()) {
      const db = trial(300 + i);
      await runAndKill(['backup', db, ''], delay);
      expect(integrity(db)).toBe('ok');
      const ctx = await createContext({ dbFile: db });
      for (const m of listBackupFiles(db)) expect(() => verifyBackupFile(rawOf(ctx.db), path.join(backupDirOf(db), m.name))).not.toThrow();
      await ctx.close();
    }
  }, 240_000);
});
