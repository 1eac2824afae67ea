// Data exchange between machines (issue 9): a cycle's score cells (or those
// of some categories) in a package that is encrypted (AES-256-GCM) and
// signed (HMAC-SHA256), both keys derived with scrypt from a passphrase the
// two offices agree on. Each cell travels with its value and its base: the
// value it had when this machine last exchanged packages for the cycle
// (rebuilt from the audit trail). The office machine previews a package —
// what it changes, and the conflicts: cells changed on both sides since the
// base — and imports it in one transaction through ctx.write (scope 'data',
// recomputed), after a backup. A package that was altered is refused.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/errors.ts';
import type { SubjectKey } from '../../../shared/domain.ts';
import { createBackup, databaseId } from '../backup/backup.ts';
import type { ServiceContext } from '../context.ts';
import { rawOf } from '../db/handles.ts';
import { writeCells } from '../repos/scores.ts';

const FORMAT = 'kaohe-exchange-1';
export const PACKAGE_EXT = '.kpkg';
const baseSetting = (cycleId: number) => `exchange_base:${cycleId}`;

interface Cell {
  indicatorId: number;
  subjectKey: string;
  value: number | null;
  text: string | null;
  base: { value: number | null; text: string | null };
}

interface Payload {
  createdAt: string;
  from: string;
  cycle: { id: number; name: string; year: number };
  categoryIds: number[];
  baseAt: string | null;
  scores: Cell[];
}

interface Envelope {
  format: string;
  salt: string;
  iv: string;
  tag: string;
  data: string;
  mac: string;
}

function keys(passphrase: string, salt: Buffer): { enc: Buffer; mac: Buffer } {
  const k = scryptSync(passphrase.normalize('NFC'), salt, 64, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return { enc: k.subarray(0, 32), mac: k.subarray(32) };
}

function macOf(key: Buffer, e: Omit<Envelope, 'mac'>): Buffer {
  return createHmac('sha256', key).update(JSON.stringify([e.format, e.salt, e.iv, e.tag, e.data])).digest();
}

export function sealPackage(payload: Payload, passphrase: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const k = keys(passphrase, salt);
  const c = createCipheriv('aes-256-gcm', k.enc, iv);
  c.setAAD(Buffer.from(FORMAT));
  const data = Buffer.concat([c.update(JSON.stringify(payload), 'utf8'), c.final()]);
  const e = { format: FORMAT, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
  return JSON.stringify({ ...e, mac: macOf(k.mac, e).toString('hex') });
}

export function openPackage(text: string, passphrase: string): Payload {
  let e: Envelope;
  try {
    e = JSON.parse(text) as Envelope;
    if (e.format !== FORMAT || [e.salt, e.iv, e.tag, e.data, e.mac].some((x) => typeof x !== 'string')) throw new Error('format');
  } catch {
    throw new AppError('tampered', '该文件不是本系统的数据交换包，已拒绝。');
  }
  const k = keys(passphrase, Buffer.from(e.salt, 'base64'));
  const mac = Buffer.from(e.mac, 'hex');
  const expected = macOf(k.mac, e);
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw new AppError('tampered', '数据交换包的签名不符：交换口令不正确，或数据包在传递中被改动，已拒绝。');
  try {
    const d = createDecipheriv('aes-256-gcm', k.enc, Buffer.from(e.iv, 'base64'));
    d.setAAD(Buffer.from(FORMAT));
    d.setAuthTag(Buffer.from(e.tag, 'base64'));
    const plain = Buffer.concat([d.update(Buffer.from(e.data, 'base64')), d.final()]);
    return JSON.parse(plain.toString('utf8')) as Payload;
  } catch {
    throw new AppError('tampered', '数据交换包无法解密或已被改动，已拒绝。');
  }
}

export function exchangeDirOf(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'exchange');
}

function packageFileByName(ctx: ServiceContext, name: string): string {
  if (name !== path.basename(name) || !name.endsWith(PACKAGE_EXT)) throw new AppError('invalid_input', '请给出数据交换包的文件名（.kpkg），不含路径。', { kind: 'field', path: 'name' });
  const file = path.join(exchangeDirOf(ctx.dbFile), name);
  if (!fs.existsSync(file)) throw new AppError('not_found', `数据交换包“${name}”不在交换文件夹中。`);
  return file;
}

function readSetting(raw: BetterSqlite3.Database, key: string): string | null {
  return (raw.prepare(`select value from app_settings where key = ?`).get(key) as { value: string } | undefined)?.value ?? null;
}

type CellRow = { indicator_id: number; unit_id: number | null; cadre_id: number | null; value: number | null; text_value: string | null; category_id: number };

function currentCells(raw: BetterSqlite3.Database, cycleId: number, categoryIds: number[] | null): Map<string, { value: number | null; text: string | null; categoryId: number }> {
  const rows = raw
    .prepare(
      `select s.indicator_id, s.unit_id, s.cadre_id, s.value, s.text_value, i.category_id
       from score_entries s join indicators i on i.id = s.indicator_id join categories c on c.id = i.category_id where c.cycle_id = ?`,
    )
    .all(cycleId) as CellRow[];
  const out = new Map<string, { value: number | null; text: string | null; categoryId: number }>();
  for (const r of rows) {
    if (categoryIds && !categoryIds.includes(r.category_id)) continue;
    const subject = r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id}`;
    out.set(`${subject}|indicator:${r.indicator_id}`, { value: r.value, text: r.text_value, categoryId: r.category_id });
  }
  return out;
}

/** The values cells had at `since`: the old value of their first change after it (from the audit trail). */
function baseValues(raw: BetterSqlite3.Database, cycleId: number, since: string | null): Map<string, { value?: string | null; text?: string | null }> {
  const out = new Map<string, { value?: string | null; text?: string | null }>();
  if (since === null) return out;
  const rows = raw.prepare(`select entity_key, field, old_value from audit_log where entity = 'score' and cycle_id = ? and at > ? and op is not null order by id`).all(cycleId, since) as { entity_key: string; field: string; old_value: string | null }[];
  for (const r of rows) {
    const b = out.get(r.entity_key) ?? {};
    if (r.field === 'value' && !('value' in b)) b.value = r.old_value;
    if (r.field === 'text' && !('text' in b)) b.text = r.old_value;
    out.set(r.entity_key, b);
  }
  return out;
}

const num = (s: string | null | undefined): number | null => (s === null || s === undefined ? null : Number(s));

export async function exportPackage(ctx: ServiceContext, input: { cycleId: number; categoryIds?: number[] | undefined; passphrase: string }, opts: { file?: string } = {}) {
  const raw = rawOf(ctx.db);
  const cycle = raw.prepare(`select id, name, year from cycles where id = ?`).get(input.cycleId) as Payload['cycle'] | undefined;
  if (!cycle) throw new AppError('not_found', `找不到考核年度（编号 ${input.cycleId}）。`);
  const cats = input.categoryIds && input.categoryIds.length > 0 ? input.categoryIds : null;
  if (cats) {
    const known = (raw.prepare(`select id from categories where cycle_id = ?`).all(cycle.id) as { id: number }[]).map((r) => r.id);
    const missing = cats.filter((c) => !known.includes(c));
    if (missing.length) throw new AppError('not_found', `考核年度“${cycle.name}”中没有类别（编号 ${missing.join('、')}）。`);
  }
  const baseAt = readSetting(raw, baseSetting(cycle.id));
  const bases = baseValues(raw, cycle.id, baseAt);
  const cells = currentCells(raw, cycle.id, cats);
  // cells cleared since the base travel too (value null)
  for (const [key, b] of bases) {
    if (cells.has(key)) continue;
    const ind = Number(key.split('|indicator:')[1]);
    const cat = raw.prepare(`select category_id from indicators where id = ?`).get(ind) as { category_id: number } | undefined;
    if (cat && (!cats || cats.includes(cat.category_id)) && (b.value != null || b.text != null)) cells.set(key, { value: null, text: null, categoryId: cat.category_id });
  }
  const scores: Cell[] = [];
  for (const [key, c] of cells) {
    const [subjectKey, ind] = key.split('|indicator:') as [string, string];
    const b = bases.get(key);
    scores.push({
      indicatorId: Number(ind),
      subjectKey,
      value: c.value,
      text: c.text,
      base: { value: b && 'value' in b ? num(b.value) : c.value, text: b && 'text' in b ? (b.text ?? null) : c.text },
    });
  }
  const at = ctx.now().toISOString();
  const payload: Payload = { createdAt: at, from: databaseId(raw), cycle, categoryIds: cats ?? [], baseAt, scores };
  const dir = exchangeDirOf(ctx.dbFile);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stampText = at.replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const file = opts.file ?? path.join(dir, `考核数据-${cycle.id}-${stampText}${PACKAGE_EXT}`);
  fs.writeFileSync(file, sealPackage(payload, input.passphrase), { mode: 0o600 });
  await ctx.write({ action: 'exchange.export', entity: 'package', cycleId: cycle.id, scope: null, detail: { file: path.basename(file), scores: scores.length, categoryIds: cats ?? [] } }, async (w) => {
    await (w.trx as unknown as import('kysely').Kysely<import('../db/schema.ts').Database>).insertInto('app_settings').values({ key: baseSetting(cycle.id), value: at }).onConflict((oc) => oc.column('key').doUpdateSet({ value: at })).execute();
  });
  return { name: path.basename(file), file, counts: { scores: scores.length, ballots: 0, events: 0 } };
}

interface Plan {
  payload: Payload;
  apply: Cell[];
  conflicts: { cell: Cell; here: { value: number | null; text: string | null } }[];
  unchanged: number;
}

function fmt(v: number | null, t: string | null): string | null {
  return t ?? (v === null ? null : String(v));
}

function plan(ctx: ServiceContext, payload: Payload): Plan {
  const raw = rawOf(ctx.db);
  const cycle = raw.prepare(`select id, name from cycles where id = ?`).get(payload.cycle.id) as { id: number; name: string } | undefined;
  if (!cycle || cycle.name !== payload.cycle.name) throw new AppError('conflict', `本机没有数据交换包所属的考核年度“${payload.cycle.name}”（编号 ${payload.cycle.id}），不能导入。`);
  const here = currentCells(raw, cycle.id, null);
  const indicators = new Set((raw.prepare(`select i.id from indicators i join categories c on c.id = i.category_id where c.cycle_id = ?`).all(cycle.id) as { id: number }[]).map((r) => r.id));
  const out: Plan = { payload, apply: [], conflicts: [], unchanged: 0 };
  for (const c of payload.scores) {
    if (!indicators.has(c.indicatorId) || !/^(unit|cadre):\d+$/.test(c.subjectKey)) throw new AppError('conflict', '数据交换包中的指标或被考核对象与本机的考核方案不一致，不能导入。');
    const h = here.get(`${c.subjectKey}|indicator:${c.indicatorId}`) ?? { value: null, text: null };
    if (h.value === c.value && h.text === c.text) out.unchanged++;
    else if (h.value === c.base.value && h.text === c.base.text) out.apply.push(c);
    else out.conflicts.push({ cell: c, here: { value: h.value, text: h.text } });
  }
  return out;
}

function label(raw: BetterSqlite3.Database, c: Cell): string {
  const [kind, id] = c.subjectKey.split(':') as [string, string];
  const who = (raw.prepare(kind === 'unit' ? `select name from units where id = ?` : `select name from cadres where id = ?`).get(Number(id)) as { name: string } | undefined)?.name ?? c.subjectKey;
  const ind = raw.prepare(`select code, name from indicators where id = ?`).get(c.indicatorId) as { code: string; name: string } | undefined;
  return `${who}：${ind ? `${ind.code} ${ind.name}` : `指标 ${c.indicatorId}`}`;
}

export function readPackage(ctx: ServiceContext, name: string, passphrase: string, file?: string): Payload {
  return openPackage(fs.readFileSync(file ?? packageFileByName(ctx, name), 'utf8'), passphrase);
}

export async function previewPackage(ctx: ServiceContext, input: { name: string; passphrase: string }, file?: string) {
  const payload = readPackage(ctx, input.name, input.passphrase, file);
  const p = plan(ctx, payload);
  const raw = rawOf(ctx.db);
  return {
    name: input.name,
    cycleId: payload.cycle.id,
    cycleName: payload.cycle.name,
    createdAt: payload.createdAt,
    from: payload.from,
    counts: { scores: payload.scores.length, ballots: 0, events: 0 },
    changes: p.apply.length,
    unchanged: p.unchanged,
    conflicts: p.conflicts.slice(0, 1000).map(({ cell, here }) => ({ kind: 'score' as const, key: `${cell.subjectKey}|indicator:${cell.indicatorId}`, label: label(raw, cell), base: fmt(cell.base.value, cell.base.text), here: fmt(here.value, here.text), incoming: fmt(cell.value, cell.text) })),
  };
}

export async function importPackage(ctx: ServiceContext, input: { name: string; passphrase: string; conflicts: 'keep' | 'take' }, file?: string) {
  const payload = readPackage(ctx, input.name, input.passphrase, file);
  plan(ctx, payload); // refuses a package of another plan before anything is written
  const backup = await createBackup(ctx, 'before-import');
  const result = await ctx.write({ action: 'exchange.import', entity: 'package', cycleId: payload.cycle.id, scope: 'data', detail: { name: input.name, from: payload.from, createdAt: payload.createdAt, conflicts: input.conflicts, backup: backup.name } }, async (w) => {
    // planned again inside the transaction: what is compared is what is written over
    const p = plan(ctx, payload);
    const take = input.conflicts === 'take' ? p.conflicts.map((c) => c.cell) : [];
    const cells = [...p.apply, ...take];
    const changes = writeCells(w, cells.map((c) => ({ indicatorId: c.indicatorId, subjectKey: c.subjectKey as SubjectKey, value: c.value, text: c.text })));
    w.changed(changes);
    const raw = rawOf(w.trx);
    const cats = new Set<number>();
    for (const c of cells) cats.add((raw.prepare(`select category_id from indicators where id = ?`).get(c.indicatorId) as { category_id: number }).category_id);
    if (changes.length > 0) w.touch(cats);
    raw.prepare(`insert into app_settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value`).run(baseSetting(payload.cycle.id), w.at);
    w.note({ applied: cells.length, kept: p.conflicts.length - take.length, unchanged: p.unchanged });
    return { applied: cells.length, kept: p.conflicts.length - take.length, unchanged: p.unchanged };
  });
  return { ...result, backup: backup.name };
}

export function listPackages(ctx: ServiceContext) {
  const dir = exchangeDirOf(ctx.dbFile);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(PACKAGE_EXT))
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return { name: f, size: st.size, modifiedAt: st.mtime.toISOString() };
    })
    .sort((a, b) => (a.modifiedAt < b.modifiedAt ? 1 : -1));
}
