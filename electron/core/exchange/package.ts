// Data exchange between machines (issue 9): what assessment groups enter on
// their own laptops — a cycle's score cells, its 民主测评 tallies and its
// events (加减分, 否决, 处分, 立案审查), all or some of these parts, of all or
// some categories — in a package that is encrypted (AES-256-GCM) and signed
// (HMAC-SHA256), both keys derived with scrypt from a passphrase the two
// offices agree on. Each item travels with its value and its base: the value
// it had when this machine last exported a package of the cycle (rebuilt from
// the audit trail). The office machine previews a package — what it changes,
// and the conflicts: items changed on both sides since the base — and imports
// it in one transaction through ctx.write (scope 'data', recomputed), after a
// backup. A package that was altered is refused.
//
// The base is kept per part and category (a package of some parts or
// categories moves theirs only). Only an export moves it: an import brings the other side's values,
// which the other side already holds (they arrive back as unchanged), while
// this machine's own changes since its last export have not been sent yet and
// must still travel as changes, not as conflicts.
//
// Identity: a score cell is its subject and indicator, a tally its subject
// and rater group. An event has only its row id, which two machines hand out
// independently after they part, so it travels with a reference: the
// `created_at|id` it had where it was created (the same on both sides for the
// events of the common copy). An event that arrives is inserted under a new id
// with its created_at kept, and this machine remembers the reference for that
// id (app_settings `exchange_event_refs:<cycle>`), so the same event is
// recognised when it comes again, and is sent back under the same reference.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { EVENT_KIND_LABELS, EVENT_KINDS, type SubjectKey } from '../../../shared/domain.ts';
import { PACKAGE_PARTS } from '../../../shared/ipc/contract-security.ts';
import { createBackup, databaseId } from '../backup/backup.ts';
import type { Db, ServiceContext, WriteTx } from '../context.ts';
import { rawOf } from '../db/handles.ts';
import { deleteAudited, insertAudited, updateAudited } from '../repos/audited.ts';
import { writeCells } from '../repos/scores.ts';
import { eventFields, type EventColumns } from '../repos/events.ts';
import { checkBallots, writeBallot, type BallotInput } from '../services/collect-data.ts';

const FORMAT = 'kaohe-exchange-1';
export const PACKAGE_EXT = '.kpkg';
export type PackagePart = (typeof PACKAGE_PARTS)[number];
const baseSetting = (cycleId: number) => `exchange_base:${cycleId}`;
const refsSetting = (cycleId: number) => `exchange_event_refs:${cycleId}`;

// ---- the payload -------------------------------------------------------------------------------

const subjectKey = z.string().regex(/^(unit|cadre):\d+$/);
const count = z.number().int().min(0);
const shortText = z.string().max(5000);
const cellSchema = z.object({
  indicatorId: z.number().int().positive(),
  subjectKey,
  value: z.number().finite().nullable(),
  text: shortText.nullable(),
  base: z.object({ value: z.number().finite().nullable(), text: shortText.nullable() }),
});
const tallySchema = z.object({ expected: count, present: count, valid: count, invalid: count, votes: z.record(z.string().max(40), count) });
const ballotSchema = z.object({ subjectKey, raterGroupId: z.number().int().positive(), tally: tallySchema, base: tallySchema.nullable() });
const eventStateSchema = z.object({
  subjectKey,
  kind: z.enum(EVENT_KINDS),
  type: shortText,
  points: z.number().finite(),
  reason: shortText,
  evidence: shortText,
  docNumber: shortText,
  docDate: shortText.nullable(),
  level: shortText,
  issuer: shortText,
  honourKey: shortText.nullable(),
  levelRank: z.number().int().nullable(),
  occurredOn: shortText.nullable(),
  closedOn: shortText.nullable(),
  outcome: shortText,
});
/** event null: deleted on the sending machine since the base; base null: created there since */
const eventItemSchema = z.object({ ref: z.string().min(1).max(100), createdAt: z.string().max(40), event: eventStateSchema.nullable(), base: eventStateSchema.nullable() });
const payloadSchema = z.object({
  createdAt: z.string(),
  /** the sending database's id (a copy shares its original's) */
  from: z.string(),
  /** the sending computer's name: which laptop it came from */
  machine: z.string().max(255).optional(),
  cycle: z.object({ id: z.number().int().positive(), name: z.string(), year: z.number().int() }),
  categoryIds: z.array(z.number().int().positive()),
  /** packages of the first version carry scores only */
  parts: z.array(z.enum(PACKAGE_PARTS)).default(['scores']),
  baseAt: z.string().nullable(),
  scores: z.array(cellSchema),
  ballots: z.array(ballotSchema).default([]),
  events: z.array(eventItemSchema).default([]),
});

type Cell = z.infer<typeof cellSchema>;
type Tally = z.infer<typeof tallySchema>;
type BallotItem = z.infer<typeof ballotSchema>;
type EventState = z.infer<typeof eventStateSchema>;
type EventItem = z.infer<typeof eventItemSchema>;
type Payload = z.infer<typeof payloadSchema>;
type PayloadIn = z.input<typeof payloadSchema>;

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

export function sealPackage(payload: PayloadIn, passphrase: string): string {
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
  let plain: unknown;
  try {
    const d = createDecipheriv('aes-256-gcm', k.enc, Buffer.from(e.iv, 'base64'));
    d.setAAD(Buffer.from(FORMAT));
    d.setAuthTag(Buffer.from(e.tag, 'base64'));
    plain = JSON.parse(Buffer.concat([d.update(Buffer.from(e.data, 'base64')), d.final()]).toString('utf8'));
  } catch {
    throw new AppError('tampered', '数据交换包无法解密或已被改动，已拒绝。');
  }
  // signed with the right passphrase, and still checked: what is written comes from it
  const parsed = payloadSchema.safeParse(plain);
  if (!parsed.success) throw new AppError('tampered', '数据交换包的内容不符合本系统的格式，已拒绝。');
  return parsed.data;
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

const num = (s: string | null | undefined): number | null => (s === null || s === undefined ? null : Number(s));
const subjectOfRow = (r: { unit_id: number | null; cadre_id: number | null }): string => (r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id}`);

/** The category of every subject of the cycle. */
function subjectCategories(raw: BetterSqlite3.Database, cycleId: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of raw.prepare(`select id, category_id from units where cycle_id = ?`).all(cycleId) as { id: number; category_id: number }[]) out.set(`unit:${r.id}`, r.category_id);
  for (const r of raw.prepare(`select id, category_id from cadres where cycle_id = ?`).all(cycleId) as { id: number; category_id: number }[]) out.set(`cadre:${r.id}`, r.category_id);
  return out;
}

// The base is kept per part and category (app_settings `exchange_base:<cycle>`,
// {"scores:12": time, …}): a package of some parts or some categories moves
// the base of those only, so what it did not carry still travels as changed.
// (A plain time there is the first version's base of everything.)
interface Bases {
  of(part: PackagePart, categoryId: number): string | null;
  /** the earliest base of a part: the audit trail is read from there */
  earliest(part: PackagePart): string | null;
}

function readBases(raw: BetterSqlite3.Database, cycleId: number): Bases & { map: Record<string, string> } {
  const text = readSetting(raw, baseSetting(cycleId));
  const map: Record<string, string> = {};
  if (text !== null && !text.startsWith('{')) {
    // the first version: one time for everything
    for (const c of raw.prepare(`select id from categories where cycle_id = ?`).all(cycleId) as { id: number }[]) for (const part of PACKAGE_PARTS) map[`${part}:${c.id}`] = text;
  } else if (text !== null) {
    try {
      Object.assign(map, JSON.parse(text) as Record<string, string>);
    } catch {
      // an unreadable base: no base, every item is sent as it is
    }
  }
  return {
    map,
    of: (part, categoryId) => map[`${part}:${categoryId}`] ?? null,
    earliest: (part) =>
      Object.entries(map)
        .filter(([k]) => k.startsWith(`${part}:`))
        .map(([, v]) => v)
        .sort()[0] ?? null,
  };
}

type Change = { field: string | null; old: string | null; at: string };

/** The changes of each entity's fields after `since` (old values, as the audit trail holds them), in order. */
function changesSince(raw: BetterSqlite3.Database, entity: 'score' | 'ballot' | 'event', cycleId: number, since: string | null): Map<string, Change[]> {
  const out = new Map<string, Change[]>();
  if (since === null) return out;
  const rows = raw.prepare(`select entity_key, field, old_value, at from audit_log where entity = ? and cycle_id = ? and at > ? and op is not null order by id`).all(entity, cycleId, since) as { entity_key: string; field: string | null; old_value: string | null; at: string }[];
  for (const r of rows) {
    const list = out.get(r.entity_key) ?? [];
    list.push({ field: r.field, old: r.old_value, at: r.at });
    out.set(r.entity_key, list);
  }
  return out;
}

/** The changes after an item's own base (none without a base: the item is sent as it is). */
const after = (list: Change[] | undefined, since: string | null): Change[] => (list && since !== null ? list.filter((c) => c.at > since) : []);

// ---- score cells -------------------------------------------------------------------------------

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
    out.set(`${subjectOfRow(r)}|indicator:${r.indicator_id}`, { value: r.value, text: r.text_value, categoryId: r.category_id });
  }
  return out;
}

function exportCells(raw: BetterSqlite3.Database, cycleId: number, cats: number[] | null, since: Bases): Cell[] {
  const bases = new Map<string, { value?: string | null; text?: string | null }>();
  const categoryOfIndicator = new Map((raw.prepare(`select i.id, i.category_id from indicators i join categories c on c.id = i.category_id where c.cycle_id = ?`).all(cycleId) as { id: number; category_id: number }[]).map((r) => [r.id, r.category_id]));
  for (const [key, all] of changesSince(raw, 'score', cycleId, since.earliest('scores'))) {
    const cat = categoryOfIndicator.get(Number(key.split('|indicator:')[1]));
    const list = cat === undefined ? [] : after(all, since.of('scores', cat));
    if (list.length === 0) continue;
    const b: { value?: string | null; text?: string | null } = {};
    for (const c of list) {
      if (c.field === 'value' && !('value' in b)) b.value = c.old;
      if (c.field === 'text' && !('text' in b)) b.text = c.old;
    }
    bases.set(key, b);
  }
  const cells = currentCells(raw, cycleId, cats);
  // cells cleared since the base travel too (value null)
  for (const [key, b] of bases) {
    if (cells.has(key)) continue;
    const cat = categoryOfIndicator.get(Number(key.split('|indicator:')[1]));
    if (cat !== undefined && (!cats || cats.includes(cat)) && (b.value != null || b.text != null)) cells.set(key, { value: null, text: null, categoryId: cat });
  }
  const out: Cell[] = [];
  for (const [key, c] of cells) {
    const [sk, ind] = key.split('|indicator:') as [string, string];
    const b = bases.get(key);
    out.push({
      indicatorId: Number(ind),
      subjectKey: sk,
      value: c.value,
      text: c.text,
      base: { value: b && 'value' in b ? num(b.value) : c.value, text: b && 'text' in b ? (b.text ?? null) : c.text },
    });
  }
  return out;
}

function fmtCell(v: number | null, t: string | null): string | null {
  return t ?? (v === null ? null : String(v));
}

// ---- tallies -----------------------------------------------------------------------------------

const TALLY_FIELDS = ['expected', 'present', 'valid', 'invalid'] as const;
const ballotKey = (subject: string, groupId: number) => `${subject}|rater_group:${groupId}`;

function parseVotes(text: string | null): Record<string, number> {
  try {
    const v = JSON.parse(text ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

type BallotRow = { rater_group_id: number; unit_id: number | null; cadre_id: number | null; expected: number; present: number; valid: number; invalid: number; votes: string };

function currentTallies(raw: BetterSqlite3.Database, cycleId: number): Map<string, { subjectKey: string; raterGroupId: number; tally: Tally }> {
  const rows = raw
    .prepare(`select b.rater_group_id, b.unit_id, b.cadre_id, b.expected, b.present, b.valid, b.invalid, b.votes from eval_ballots b join rater_groups g on g.id = b.rater_group_id where g.cycle_id = ?`)
    .all(cycleId) as BallotRow[];
  const out = new Map<string, { subjectKey: string; raterGroupId: number; tally: Tally }>();
  for (const r of rows) {
    const s = subjectOfRow(r);
    out.set(ballotKey(s, r.rater_group_id), { subjectKey: s, raterGroupId: r.rater_group_id, tally: { expected: r.expected, present: r.present, valid: r.valid, invalid: r.invalid, votes: parseVotes(r.votes) } });
  }
  return out;
}

/** The same tally is the same text, whatever the order of its levels and whether a level with no votes is written. */
function tallyId(t: Tally | null): string {
  if (!t) return 'null';
  const votes = Object.entries(t.votes)
    .filter(([, n]) => n !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([t.expected, t.present, t.valid, t.invalid, votes]);
}

function fmtTally(t: Tally | null): string | null {
  if (!t) return null;
  return `应到${t.expected} 实到${t.present} 有效${t.valid} 无效${t.invalid}（${Object.entries(t.votes).map(([l, n]) => `${l}${n}`).join(' ')}）`;
}

function exportTallies(raw: BetterSqlite3.Database, cycleId: number, cats: number[] | null, since: Bases, categoryOf: Map<string, number>): BallotItem[] {
  const changes = changesSince(raw, 'ballot', cycleId, since.earliest('ballots'));
  const out: BallotItem[] = [];
  for (const [key, cur] of currentTallies(raw, cycleId)) {
    const cat = categoryOf.get(cur.subjectKey);
    if (cat === undefined || (cats && !cats.includes(cat))) continue;
    let base: Tally | null = cur.tally;
    const list = after(changes.get(key), since.of('ballots', cat));
    if (list.length > 0) {
      const first = new Map<string, string | null>();
      for (const c of list) if (c.field !== null && !first.has(c.field)) first.set(c.field, c.old);
      // entered since the base: no tally then
      if (first.has('expected') && first.get('expected') === null) base = null;
      else {
        base = { ...cur.tally, votes: { ...cur.tally.votes } };
        for (const f of TALLY_FIELDS) if (first.has(f)) base[f] = Number(first.get(f));
        if (first.has('votes')) base.votes = parseVotes(first.get('votes') ?? null);
      }
    }
    out.push({ subjectKey: cur.subjectKey, raterGroupId: cur.raterGroupId, tally: cur.tally, base });
  }
  return out;
}

// ---- events ------------------------------------------------------------------------------------

/** A stored event: its evidence fields (repos/events.ts) and where it belongs. */
type EventRow = EventColumns & {
  id: number;
  cycle_id: number;
  unit_id: number | null;
  cadre_id: number | null;
  created_at: string;
};
const NUMERIC_EVENT_COLUMNS = new Set(['id', 'cycle_id', 'unit_id', 'cadre_id', 'points', 'level_rank']);
const EVENT_FIELDS = ['subjectKey', 'kind', 'type', 'points', 'reason', 'evidence', 'docNumber', 'docDate', 'level', 'issuer', 'honourKey', 'levelRank', 'occurredOn', 'closedOn', 'outcome'] as const satisfies readonly (keyof EventState)[];

function eventStateOf(r: Omit<EventRow, 'id' | 'cycle_id' | 'created_at'>): EventState {
  return { subjectKey: subjectOfRow(r), ...eventFields(r) };
}

function eventColumns(e: EventState) {
  const [kind, id] = e.subjectKey.split(':') as ['unit' | 'cadre', string];
  return {
    unit_id: kind === 'unit' ? Number(id) : null,
    cadre_id: kind === 'cadre' ? Number(id) : null,
    kind: e.kind,
    type: e.type,
    points: e.points,
    reason: e.reason,
    evidence: e.evidence,
    doc_number: e.docNumber,
    doc_date: e.docDate,
    level: e.level,
    issuer: e.issuer,
    honour_key: e.honourKey,
    level_rank: e.levelRank,
    occurred_on: e.occurredOn,
    closed_on: e.closedOn,
    outcome: e.outcome,
  };
}

const eventId = (e: EventState | null): string => (e ? JSON.stringify(EVENT_FIELDS.map((f) => e[f])) : 'null');

function fmtEvent(e: EventState | null): string | null {
  if (!e) return null;
  const head = `${EVENT_KIND_LABELS[e.kind]}${e.type ? `·${e.type}` : ''}${e.points ? ` ${e.points}分` : ''}：${e.reason}`;
  const tail = [e.evidence ? `依据 ${e.evidence}` : '', e.closedOn ? `${e.closedOn}结案${e.outcome ? `（${e.outcome}）` : ''}` : ''].filter(Boolean).join('；');
  return tail ? `${head}（${tail}）` : head;
}

function readRefs(raw: BetterSqlite3.Database, cycleId: number): Record<string, string> {
  try {
    const v = JSON.parse(readSetting(raw, refsSetting(cycleId)) ?? '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Every event of the cycle by its exchange reference. */
function localEvents(raw: BetterSqlite3.Database, cycleId: number): Map<string, { id: number; row: EventRow; state: EventState }> {
  const refs = readRefs(raw, cycleId);
  const out = new Map<string, { id: number; row: EventRow; state: EventState }>();
  for (const r of raw.prepare(`select * from events where cycle_id = ?`).all(cycleId) as EventRow[]) out.set(refs[r.id] ?? `${r.created_at}|${r.id}`, { id: r.id, row: r, state: eventStateOf(r) });
  return out;
}

function parseColumn(column: string, text: string | null): unknown {
  if (text === null) return null;
  return NUMERIC_EVENT_COLUMNS.has(column) ? Number(text) : text;
}

/** The subject of an event that is gone: from the row its deletion recorded. */
function deletedSubject(list: Change[]): string | null {
  for (const c of list) {
    if (c.field !== null) continue;
    try {
      const row = JSON.parse(c.old ?? 'null') as { unit_id?: number | null; cadre_id?: number | null } | null;
      if (row && (row.unit_id != null || row.cadre_id != null)) return subjectOfRow({ unit_id: row.unit_id ?? null, cadre_id: row.cadre_id ?? null });
    } catch {
      // an unreadable row
    }
  }
  return null;
}

function exportEvents(raw: BetterSqlite3.Database, cycleId: number, cats: number[] | null, since: Bases, categoryOf: Map<string, number>): EventItem[] {
  const refs = readRefs(raw, cycleId);
  const current = new Map((raw.prepare(`select * from events where cycle_id = ?`).all(cycleId) as EventRow[]).map((r) => [String(r.id), r]));
  const changes = changesSince(raw, 'event', cycleId, since.earliest('events'));
  const keys = new Set([...current.keys(), ...changes.keys()]);
  const inCats = (e: EventState | null) => e !== null && (!cats || cats.includes(categoryOf.get(e.subjectKey) ?? -1));
  const out: EventItem[] = [];
  for (const key of keys) {
    const cur = current.get(key);
    // the base of the category the event is in now (or was in when it was deleted)
    const subject = cur ? subjectOfRow(cur) : deletedSubject(changes.get(key) ?? []);
    const cat = subject === null ? undefined : categoryOf.get(subject);
    const list = cat === undefined ? [] : after(changes.get(key), since.of('events', cat));
    let base: EventState | null = cur ? eventStateOf(cur) : null;
    let createdAt = cur?.created_at ?? null;
    if (list.length > 0) {
      // created since the base: none then
      if (list.some((c) => c.field === 'created_at' && c.old === null)) base = null;
      else {
        const first = new Map<string, unknown>();
        for (const c of list) {
          if (c.field !== null) {
            if (!first.has(c.field)) first.set(c.field, parseColumn(c.field, c.old));
            continue;
          }
          // deleted: the whole row as it was, for the fields not changed before
          try {
            const row = JSON.parse(c.old ?? 'null') as Record<string, unknown> | null;
            if (row) for (const [f, v] of Object.entries(row)) if (!first.has(f)) first.set(f, v);
          } catch {
            // an unreadable row: its fields stay as they are
          }
        }
        const before = { ...(cur ?? {}), ...Object.fromEntries(first) } as EventRow;
        createdAt ??= typeof before.created_at === 'string' ? before.created_at : null;
        base = before.kind !== undefined && (before.unit_id != null || before.cadre_id != null) ? eventStateOf(before) : null;
      }
    }
    const event = cur ? eventStateOf(cur) : null;
    if (event === null && base === null) continue; // created and deleted since the base
    if (createdAt === null) continue; // a deletion the trail cannot describe
    if (!inCats(event) && !inCats(base)) continue;
    out.push({ ref: refs[key] ?? `${createdAt}|${key}`, createdAt, event, base });
  }
  return out;
}

// ---- export ------------------------------------------------------------------------------------

export async function exportPackage(ctx: ServiceContext, input: { cycleId: number; categoryIds?: number[] | undefined; parts?: PackagePart[] | undefined; passphrase: string }, opts: { file?: string } = {}) {
  const raw = rawOf(ctx.db);
  const cycle = raw.prepare(`select id, name, year from cycles where id = ?`).get(input.cycleId) as Payload['cycle'] | undefined;
  if (!cycle) throw new AppError('not_found', `找不到考核年度（编号 ${input.cycleId}）。`);
  const cats = input.categoryIds && input.categoryIds.length > 0 ? input.categoryIds : null;
  if (cats) {
    const known = (raw.prepare(`select id from categories where cycle_id = ?`).all(cycle.id) as { id: number }[]).map((r) => r.id);
    const missing = cats.filter((c) => !known.includes(c));
    if (missing.length) throw new AppError('not_found', `考核年度“${cycle.name}”中没有类别（编号 ${missing.join('、')}）。`);
  }
  const parts = PACKAGE_PARTS.filter((p) => !input.parts || input.parts.length === 0 || input.parts.includes(p));
  const bases = readBases(raw, cycle.id);
  const baseAt = parts.map((p) => bases.earliest(p)).sort()[0] ?? null;
  const categoryOf = subjectCategories(raw, cycle.id);
  const scores = parts.includes('scores') ? exportCells(raw, cycle.id, cats, bases) : [];
  const ballots = parts.includes('ballots') ? exportTallies(raw, cycle.id, cats, bases, categoryOf) : [];
  const events = parts.includes('events') ? exportEvents(raw, cycle.id, cats, bases, categoryOf) : [];
  const at = ctx.now().toISOString();
  const payload: PayloadIn = { createdAt: at, from: databaseId(raw), machine: os.hostname(), cycle, categoryIds: cats ?? [], parts, baseAt, scores, ballots, events };
  const dir = exchangeDirOf(ctx.dbFile);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stampText = at.replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const file = opts.file ?? path.join(dir, `考核数据-${cycle.id}-${stampText}${PACKAGE_EXT}`);
  fs.writeFileSync(file, sealPackage(payload, input.passphrase), { mode: 0o600 });
  const counts = { scores: scores.length, ballots: ballots.length, events: events.length };
  await ctx.write({ action: 'exchange.export', entity: 'package', cycleId: cycle.id, scope: null, detail: { file: path.basename(file), ...counts, parts, categoryIds: cats ?? [] } }, async (w) => {
    // the base of what this package carried: its parts in its categories
    const map = { ...bases.map };
    const sent = cats ?? (rawOf(w.trx).prepare(`select id from categories where cycle_id = ?`).all(cycle.id) as { id: number }[]).map((r) => r.id);
    for (const part of parts) for (const c of sent) map[`${part}:${c}`] = at;
    rawOf(w.trx).prepare(`insert into app_settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value`).run(baseSetting(cycle.id), JSON.stringify(map));
  });
  return { name: path.basename(file), file, counts };
}

// ---- what a package would change here -----------------------------------------------------------

interface Sided<T, H> {
  apply: { item: T; here: H }[];
  conflicts: { item: T; here: H }[];
  unchanged: number;
}
const sided = <T, H>(): Sided<T, H> => ({ apply: [], conflicts: [], unchanged: 0 });

interface Plan {
  payload: Payload;
  scores: Sided<Cell, { value: number | null; text: string | null }>;
  ballots: Sided<BallotItem, Tally | null>;
  events: Sided<EventItem, { id: number; state: EventState } | null>;
  ballotCheck: Awaited<ReturnType<typeof checkBallots>> | null;
  categoryOf: Map<string, number>;
}

function mismatch(what: string): AppError {
  return new AppError('conflict', `数据交换包中的${what}与本机的考核方案不一致，不能导入。`);
}

/** Sorts every item of the package: to write (this machine still has its base), a conflict, or already the same. */
async function plan(ctx: ServiceContext, payload: Payload, db: Db = ctx.db): Promise<Plan> {
  const raw = rawOf(db);
  const cycle = raw.prepare(`select id, name from cycles where id = ?`).get(payload.cycle.id) as { id: number; name: string } | undefined;
  if (!cycle || cycle.name !== payload.cycle.name) throw new AppError('conflict', `本机没有数据交换包所属的考核年度“${payload.cycle.name}”（编号 ${payload.cycle.id}），不能导入。`);
  const categoryOf = subjectCategories(raw, cycle.id);
  const out: Plan = { payload, scores: sided(), ballots: sided(), events: sided(), ballotCheck: null, categoryOf };

  // score cells
  if (payload.scores.length > 0) {
    const here = currentCells(raw, cycle.id, null);
    const indicators = new Map((raw.prepare(`select i.id, i.category_id from indicators i join categories c on c.id = i.category_id where c.cycle_id = ?`).all(cycle.id) as { id: number; category_id: number }[]).map((r) => [r.id, r.category_id]));
    for (const c of payload.scores) {
      const cat = indicators.get(c.indicatorId);
      if (cat === undefined || categoryOf.get(c.subjectKey) === undefined) throw mismatch('指标或被考核对象');
      const h = here.get(`${c.subjectKey}|indicator:${c.indicatorId}`) ?? { value: null, text: null };
      const at = { item: c, here: { value: h.value, text: h.text } };
      if (h.value === c.value && h.text === c.text) out.scores.unchanged++;
      else if (h.value === c.base.value && h.text === c.base.text) out.scores.apply.push(at);
      else out.scores.conflicts.push(at);
    }
  }

  // tallies: checked as a batch would be on this machine (the subject, the rater group, the levels of its category)
  if (payload.ballots.length > 0) {
    const inputs: BallotInput[] = payload.ballots.map((b) => ({ subjectKey: b.subjectKey as SubjectKey, raterGroupId: b.raterGroupId, ...b.tally }));
    if (inputs.some((b) => categoryOf.get(b.subjectKey) === undefined)) throw mismatch('测评对象');
    const merged: Awaited<ReturnType<typeof checkBallots>> = { problems: [], subjects: new Map(), levels: new Map(), cycleId: cycle.id, groupNames: new Map() };
    for (let i = 0; i < inputs.length; i += 2000) {
      const part = await checkBallots(db, inputs.slice(i, i + 2000));
      if (part.problems.length > 0) throw new AppError('conflict', `数据交换包中的测评票数与本机的考核方案不一致，不能导入：${part.problems[0]!.message}。`);
      for (const [k, v] of part.subjects) merged.subjects.set(k, v);
      for (const [k, v] of part.levels) merged.levels.set(k, v);
      for (const [k, v] of part.groupNames) merged.groupNames.set(k, v);
    }
    out.ballotCheck = merged;
    const here = currentTallies(raw, cycle.id);
    for (const b of payload.ballots) {
      const h = here.get(ballotKey(b.subjectKey, b.raterGroupId))?.tally ?? null;
      const at = { item: b, here: h };
      if (tallyId(h) === tallyId(b.tally)) out.ballots.unchanged++;
      else if (tallyId(h) === tallyId(b.base)) out.ballots.apply.push(at);
      else out.ballots.conflicts.push(at);
    }
  }

  // events, by their reference
  if (payload.events.length > 0) {
    const here = localEvents(raw, cycle.id);
    for (const e of payload.events) {
      if (e.event && categoryOf.get(e.event.subjectKey) === undefined) throw mismatch('事项所属的被考核对象');
      const local = here.get(e.ref);
      const h = local ? { id: local.id, state: local.state } : null;
      const at = { item: e, here: h };
      if (eventId(h?.state ?? null) === eventId(e.event)) out.events.unchanged++;
      else if (eventId(h?.state ?? null) === eventId(e.base)) out.events.apply.push(at);
      else out.events.conflicts.push(at);
    }
  }
  return out;
}

// ---- labels for the preview --------------------------------------------------------------------

function namer(raw: BetterSqlite3.Database, cycleId: number) {
  const names = new Map<string, string>();
  for (const u of raw.prepare(`select id, name from units where cycle_id = ?`).all(cycleId) as { id: number; name: string }[]) names.set(`unit:${u.id}`, u.name);
  for (const c of raw.prepare(`select c.id, c.name, u.name unit from cadres c join units u on u.id = c.unit_id where c.cycle_id = ?`).all(cycleId) as { id: number; name: string; unit: string }[]) names.set(`cadre:${c.id}`, `${c.name}（${c.unit}）`);
  const groups = new Map((raw.prepare(`select id, name from rater_groups where cycle_id = ?`).all(cycleId) as { id: number; name: string }[]).map((g) => [g.id, g.name]));
  const indicator = raw.prepare(`select code, name from indicators where id = ?`);
  const who = (k: string) => names.get(k) ?? k;
  return {
    score: (c: Cell) => {
      const ind = indicator.get(c.indicatorId) as { code: string; name: string } | undefined;
      return `${who(c.subjectKey)}：${ind ? `${ind.code} ${ind.name}` : `指标 ${c.indicatorId}`}`;
    },
    ballot: (b: BallotItem) => `${who(b.subjectKey)}：民主测评（${groups.get(b.raterGroupId) ?? `测评组 ${b.raterGroupId}`}）`,
    event: (e: EventItem, here: EventState | null) => {
      const s = e.event ?? here ?? e.base;
      return s ? `${who(s.subjectKey)}：${EVENT_KIND_LABELS[s.kind]}事项` : `事项 ${e.ref}`;
    },
  };
}

type Line = { kind: 'score' | 'ballot' | 'event'; key: string; label: string; base: string | null; here: string | null; incoming: string | null };

function lines(ctx: ServiceContext, p: Plan, which: 'apply' | 'conflicts', limit: number): Line[] {
  const n = namer(rawOf(ctx.db), p.payload.cycle.id);
  const out: Line[] = [];
  for (const { item: c, here } of p.scores[which]) {
    if (out.length >= limit) return out;
    out.push({ kind: 'score', key: `${c.subjectKey}|indicator:${c.indicatorId}`, label: n.score(c), base: fmtCell(c.base.value, c.base.text), here: fmtCell(here.value, here.text), incoming: fmtCell(c.value, c.text) });
  }
  for (const { item: b, here } of p.ballots[which]) {
    if (out.length >= limit) return out;
    out.push({ kind: 'ballot', key: ballotKey(b.subjectKey, b.raterGroupId), label: n.ballot(b), base: fmtTally(b.base), here: fmtTally(here), incoming: fmtTally(b.tally) });
  }
  for (const { item: e, here } of p.events[which]) {
    if (out.length >= limit) return out;
    out.push({ kind: 'event', key: `event:${e.ref}`, label: n.event(e, here?.state ?? null), base: fmtEvent(e.base), here: fmtEvent(here?.state ?? null), incoming: fmtEvent(e.event) });
  }
  return out;
}

export function readPackage(ctx: ServiceContext, name: string, passphrase: string, file?: string): Payload {
  return openPackage(fs.readFileSync(file ?? packageFileByName(ctx, name), 'utf8'), passphrase);
}

const LIST_LIMIT = 1000;

export async function previewPackage(ctx: ServiceContext, input: { name: string; passphrase: string }, file?: string) {
  const payload = readPackage(ctx, input.name, input.passphrase, file);
  const p = await plan(ctx, payload);
  return {
    name: input.name,
    cycleId: payload.cycle.id,
    cycleName: payload.cycle.name,
    createdAt: payload.createdAt,
    from: payload.machine ? `${payload.machine}（数据库 ${payload.from.slice(0, 8)}）` : payload.from,
    parts: payload.parts,
    counts: { scores: payload.scores.length, ballots: payload.ballots.length, events: payload.events.length },
    changes: p.scores.apply.length + p.ballots.apply.length + p.events.apply.length,
    changeCounts: { scores: p.scores.apply.length, ballots: p.ballots.apply.length, events: p.events.apply.length },
    changeList: lines(ctx, p, 'apply', LIST_LIMIT),
    unchanged: p.scores.unchanged + p.ballots.unchanged + p.events.unchanged,
    conflicts: lines(ctx, p, 'conflicts', LIST_LIMIT),
    conflictCounts: { scores: p.scores.conflicts.length, ballots: p.ballots.conflicts.length, events: p.events.conflicts.length },
  };
}

// ---- import --------------------------------------------------------------------------------------

async function writeEvents(w: WriteTx, p: Plan, items: Plan['events']['apply'], touched: Set<number>): Promise<number> {
  const cycleId = p.payload.cycle.id;
  const raw = rawOf(w.trx);
  const refs = readRefs(raw, cycleId);
  let refsChanged = false;
  let written = 0;
  for (const { item, here } of items) {
    for (const s of [item.event, here?.state]) if (s) touched.add(p.categoryOf.get(s.subjectKey)!);
    if (item.event === null) {
      if (here) written += await deleteAudited(w, 'events', 'event', [here.id]);
      continue;
    }
    if (here) {
      if ((await updateAudited(w, 'events', 'event', here.id, eventColumns(item.event))) > 0) written++;
      continue;
    }
    const id = await insertAudited(w, 'events', 'event', { cycle_id: cycleId, ...eventColumns(item.event), created_at: item.createdAt });
    refs[id] = item.ref;
    refsChanged = true;
    written++;
  }
  if (refsChanged) raw.prepare(`insert into app_settings (key, value) values (?, ?) on conflict(key) do update set value = excluded.value`).run(refsSetting(cycleId), JSON.stringify(refs));
  return written;
}

export async function importPackage(ctx: ServiceContext, input: { name: string; passphrase: string; conflicts: 'keep' | 'take' }, file?: string) {
  const payload = readPackage(ctx, input.name, input.passphrase, file);
  await plan(ctx, payload); // refuses a package of another plan before anything is written
  const backup = await createBackup(ctx, 'before-import');
  const result = await ctx.write({ action: 'exchange.import', entity: 'package', cycleId: payload.cycle.id, scope: 'data', detail: { name: input.name, from: payload.from, createdAt: payload.createdAt, conflicts: input.conflicts, backup: backup.name } }, async (w) => {
    // planned again inside the transaction: what is compared is what is written over
    // (through the transaction's handle: the read handle waits for the transaction to end)
    const p = await plan(ctx, payload, w.trx);
    const take = input.conflicts === 'take';
    const pick = <T, H>(s: Sided<T, H>) => [...s.apply, ...(take ? s.conflicts : [])];
    const touched = new Set<number>();

    const cells = pick(p.scores).map((x) => x.item);
    const cellChanges = writeCells(w, cells.map((c) => ({ indicatorId: c.indicatorId, subjectKey: c.subjectKey as SubjectKey, value: c.value, text: c.text })));
    w.changed(cellChanges);
    if (cellChanges.length > 0) {
      const indicatorCategory = rawOf(w.trx).prepare(`select category_id from indicators where id = ?`);
      for (const c of cells) touched.add((indicatorCategory.get(c.indicatorId) as { category_id: number }).category_id);
    }

    const ballots = pick(p.ballots).map((x) => x.item);
    for (const b of ballots) {
      const s = p.ballotCheck!.subjects.get(b.subjectKey)!;
      const changes = await writeBallot(w.trx, { subjectKey: b.subjectKey as SubjectKey, raterGroupId: b.raterGroupId, ...b.tally }, s, p.ballotCheck!.levels.get(s.categoryId)!, w.at);
      if (changes.length > 0) {
        w.changed(changes);
        touched.add(s.categoryId);
      }
    }

    const events = await writeEvents(w, p, pick(p.events), touched);

    if (touched.size > 0) w.touch(touched);
    const appliedCounts = { scores: cells.length, ballots: ballots.length, events: pick(p.events).length };
    const kept = take ? 0 : p.scores.conflicts.length + p.ballots.conflicts.length + p.events.conflicts.length;
    const unchanged = p.scores.unchanged + p.ballots.unchanged + p.events.unchanged;
    const applied = appliedCounts.scores + appliedCounts.ballots + appliedCounts.events;
    w.note({ applied, appliedCounts, kept, unchanged, eventsWritten: events });
    return { applied, appliedCounts, kept, unchanged };
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
