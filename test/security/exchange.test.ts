// Exchange packages with 民主测评 tallies and events (issue 9): an office
// database and a field laptop's copy of it, each changing tallies and events
// on its own; the field's package previewed and imported on the office
// machine (changes, conflicts, one transaction, recompute), the office's
// package back to the field, and refused packages leaving the database as it was.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type ServiceContext } from '../../electron/core/context.ts';
import { rawOf } from '../../electron/core/db/handles.ts';
import { listBackupFiles } from '../../electron/core/backup/backup.ts';
import { exchangeDirOf, exportPackage, importPackage, previewPackage } from '../../electron/core/exchange/package.ts';
import { deleteEvent, saveBallots, saveEvent } from '../../electron/core/services/collect-data.ts';
import { computeCycle } from '../../electron/core/services/compute.ts';
import { loadDemo } from '../../electron/core/services/cycles.ts';
import type { SubjectKey } from '../../shared/domain.ts';
import { tempDir } from '../helpers.ts';

const PASS = 'jiaohuan-koulin-2025';
type Tally = { expected: number; present: number; valid: number; invalid: number; votes: Record<string, number> };
type BallotRef = { subjectKey: SubjectKey; raterGroupId: number; tally: Tally };
type EventRow = { id: number; unit_id: number | null; cadre_id: number | null; kind: string; points: number; reason: string; created_at: string };

let dir: string;
let cycleId: number;
let office: ServiceContext;
let field: ServiceContext;

/** One clock for both machines, every call of now() one second later: a change is never in the same millisecond as the export before it. */
let t = Date.parse('2026-03-01T08:00:00Z');
const now = () => new Date((t += 1000));

function tallyOf(ctx: ServiceContext, b: { subjectKey: string; raterGroupId: number }): Tally | null {
  const [kind, id] = b.subjectKey.split(':') as [string, string];
  const r = rawOf(ctx.db).prepare(`select expected, present, valid, invalid, votes from eval_ballots where ${kind}_id = ? and rater_group_id = ?`).get(Number(id), b.raterGroupId) as (Omit<Tally, 'votes'> & { votes: string }) | undefined;
  return r ? { ...r, votes: JSON.parse(r.votes) as Record<string, number> } : null;
}

function events(ctx: ServiceContext): EventRow[] {
  return rawOf(ctx.db).prepare(`select id, unit_id, cadre_id, kind, points, reason, created_at from events where cycle_id = ? order by id`).all(cycleId) as EventRow[];
}

/** The collected data as both machines should agree on it: tallies by subject and group, events by creation, subject and content. */
function collected(ctx: ServiceContext): string {
  const raw = rawOf(ctx.db);
  const tallies = raw.prepare(`select b.unit_id, b.cadre_id, b.rater_group_id, b.expected, b.present, b.valid, b.invalid, b.votes from eval_ballots b join rater_groups g on g.id = b.rater_group_id where g.cycle_id = ? order by 1, 2, 3`).all(cycleId);
  const evs = raw.prepare(`select created_at, unit_id, cadre_id, kind, type, points, reason, evidence, closed_on, outcome from events where cycle_id = ? order by created_at, unit_id, cadre_id, reason`).all(cycleId);
  return JSON.stringify({ tallies, evs });
}

/** Everything a refused import must leave as it was: every table, the audit trail included (but the record of a backup, when asked). */
function fingerprint(ctx: ServiceContext, opts: { butBackups?: boolean } = {}): string {
  const raw = rawOf(ctx.db);
  const tables = (raw.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[]).map((t) => t.name);
  // the backup's own audit row, and the chain's head that moved with it
  const where = (t: string) => (!opts.butBackups ? '' : t === 'audit_log' ? ` where action <> 'backup.create'` : t === 'app_settings' ? ` where key <> 'audit_head'` : '');
  return tables.map((t) => `${t}:${JSON.stringify(raw.prepare(`select * from "${t}"${where(t)} order by rowid`).all())}`).join('\n');
}

function resultOf(ctx: ServiceContext, subjectKey: string): { total: number; components: string } {
  const [kind, id] = subjectKey.split(':') as [string, string];
  const r = rawOf(ctx.db).prepare(`select total, components from results where ${kind}_id = ?`).get(Number(id)) as { total: number; components: string } | undefined;
  expect(r, `the result of ${subjectKey}`).toBeDefined();
  return r!;
}

async function send(from: ServiceContext, to: ServiceContext, parts?: ('scores' | 'ballots' | 'events')[]): Promise<string> {
  const pkg = await exportPackage(from, { cycleId, passphrase: PASS, ...(parts ? { parts } : {}) });
  fs.mkdirSync(exchangeDirOf(to.dbFile), { recursive: true });
  fs.copyFileSync(pkg.file, path.join(exchangeDirOf(to.dbFile), pkg.name));
  return pkg.name;
}

/** Two tallies of units in the demo plan, with the levels of their category. */
function pickBallots(): [BallotRef, BallotRef] {
  const rows = rawOf(office.db)
    .prepare(`select b.unit_id, b.rater_group_id, b.expected, b.present, b.valid, b.invalid, b.votes from eval_ballots b join rater_groups g on g.id = b.rater_group_id where g.cycle_id = ? and b.unit_id is not null and b.valid >= 4 order by b.unit_id, b.rater_group_id limit 2`)
    .all(cycleId) as { unit_id: number; rater_group_id: number; expected: number; present: number; valid: number; invalid: number; votes: string }[];
  const refs = rows.map((r) => ({ subjectKey: `unit:${r.unit_id}` as SubjectKey, raterGroupId: r.rater_group_id, tally: { expected: r.expected, present: r.present, valid: r.valid, invalid: r.invalid, votes: JSON.parse(r.votes) as Record<string, number> } }));
  expect(refs).toHaveLength(2);
  return refs as [BallotRef, BallotRef];
}

/** n votes moved from the best level that has them to the worst level: the same valid count, another democratic score. */
function moved(t: Tally, n: number): Tally {
  const levels = Object.keys(t.votes);
  const from = levels.find((l) => t.votes[l]! >= n)!;
  const to = levels[levels.length - 1]!;
  expect(from).not.toBe(to);
  return { ...t, votes: { ...t.votes, [from]: t.votes[from]! - n, [to]: t.votes[to]! + n } };
}

const save = (ctx: ServiceContext, b: BallotRef, t: Tally) => saveBallots(ctx, { ballots: [{ subjectKey: b.subjectKey, raterGroupId: b.raterGroupId, ...t }] });

beforeAll(async () => {
  dir = tempDir('kaohe-exchange-');
  office = await createContext({ dbFile: path.join(dir, 'office', 'kaohe.db'), now });
  cycleId = (await loadDemo(office)).id;
  // computed once: from then on every write recomputes what it touched
  await computeCycle(office, cycleId);
  // the field laptop starts from a copy of the office's database
  fs.mkdirSync(path.join(dir, 'field'));
  rawOf(office.db).prepare('VACUUM INTO ?').run(path.join(dir, 'field', 'kaohe.db'));
  field = await createContext({ dbFile: path.join(dir, 'field', 'kaohe.db'), now });
  // both record their base: an export from each before anything is entered
  await exportPackage(office, { cycleId, passphrase: PASS });
  await exportPackage(field, { cycleId, passphrase: PASS });
}, 180_000);

afterAll(async () => {
  await field?.close();
  await office?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tallies and events between two machines', () => {
  let b1: BallotRef;
  let b2: BallotRef;
  let pkg: string;
  let fieldNew: EventRow;
  let officeNew: EventRow;
  let e1: EventRow;
  let e2: EventRow;
  const officeB2 = () => moved(b2.tally, 1);
  const fieldB2 = () => moved(b2.tally, 2);

  it('previews the field package: the changed tally and events, and a tally changed on both sides as a conflict', async () => {
    [b1, b2] = pickBallots();
    const scored = events(office).filter((e) => e.kind === 'bonus' || e.kind === 'deduction');
    [e1, e2] = scored as [EventRow, EventRow];
    expect(e2).toBeDefined();
    // the field: one tally and a tally the office changes too, an event corrected, one deleted, one new
    await save(field, b1, moved(b1.tally, 3));
    await save(field, b2, fieldB2());
    await saveEvent(field, { cycleId, id: e1.id, subjectKey: (e1.unit_id !== null ? `unit:${e1.unit_id}` : `cadre:${e1.cadre_id}`) as SubjectKey, kind: e1.kind as 'bonus', points: e1.points + 0.5, reason: `${e1.reason}（考核组更正）` });
    await deleteEvent(field, { id: e2.id, dryRun: false });
    const fe = await saveEvent(field, { cycleId, subjectKey: b1.subjectKey, kind: 'deduction', points: 1.5, reason: '考核组现场发现台账不全（交换测试）' });
    // the office: the same tally otherwise, and an event of its own
    await save(office, b2, officeB2());
    const oe = await saveEvent(office, { cycleId, subjectKey: b1.subjectKey, kind: 'bonus', points: 0.5, reason: '考核办登记的表彰（交换测试）' });
    fieldNew = events(field).find((e) => e.id === fe.id)!;
    officeNew = events(office).find((e) => e.id === oe.id)!;
    // the two machines handed out the same row id to different events: the reference must tell them apart
    expect(fieldNew.id).toBe(officeNew.id);

    pkg = await send(field, office, ['ballots', 'events']);
    const p = await previewPackage(office, { name: pkg, passphrase: PASS });
    expect(p.parts).toEqual(['ballots', 'events']);
    expect(p.counts.scores).toBe(0);
    expect(p.counts.ballots).toBe((rawOf(field.db).prepare(`select count(*) n from eval_ballots b join rater_groups g on g.id = b.rater_group_id where g.cycle_id = ?`).get(cycleId) as { n: number }).n);
    // every event of the field, and the one it deleted
    expect(p.counts.events).toBe(events(field).length + 1);
    expect(p.changeCounts).toEqual({ scores: 0, ballots: 1, events: 3 });
    expect(p.conflictCounts).toEqual({ scores: 0, ballots: 1, events: 0 });
    const unitName = (rawOf(office.db).prepare(`select name from units where id = ?`).get(Number(b1.subjectKey.split(':')[1])) as { name: string }).name;
    const ballotLine = p.changeList.find((l) => l.kind === 'ballot')!;
    expect(ballotLine.label).toContain(unitName);
    expect(ballotLine.label).toContain('民主测评');
    expect(ballotLine.here).toBe(ballotLine.base);
    expect(ballotLine.incoming).not.toBe(ballotLine.here);
    const eventLines = p.changeList.filter((l) => l.kind === 'event');
    expect(eventLines.map((l) => [l.here === null, l.incoming === null]).sort()).toEqual([
      [false, false], // corrected
      [false, true], // deleted
      [true, false], // new
    ]);
    expect(eventLines.find((l) => l.here === null)!.incoming).toContain('台账不全');
    const c = p.conflicts[0]!;
    expect(c.kind).toBe('ballot');
    expect(c.key).toBe(`${b2.subjectKey}|rater_group:${b2.raterGroupId}`);
    expect(new Set([c.base, c.here, c.incoming]).size).toBe(3);
    const last = Object.keys(b2.tally.votes).at(-1)!;
    expect(c.here).toContain(`${last}${officeB2().votes[last]}`);
    expect(c.incoming).toContain(`${last}${fieldB2().votes[last]}`);
  });

  it('imports it in one transaction: the tally, the events, the conflict kept, the results recomputed', async () => {
    const before = resultOf(office, b1.subjectKey);
    const officeEvents = events(office).length;
    const r = await importPackage(office, { name: pkg, passphrase: PASS, conflicts: 'keep' });
    expect(r).toMatchObject({ applied: 4, appliedCounts: { scores: 0, ballots: 1, events: 3 }, kept: 1 });
    expect(tallyOf(office, b1)).toEqual(tallyOf(field, b1));
    expect(tallyOf(office, b2)).toEqual(officeB2());
    const after = events(office);
    expect(after).toHaveLength(officeEvents); // one in, one out
    expect(after.find((e) => e.id === e1.id)).toMatchObject({ reason: `${e1.reason}（考核组更正）`, points: e1.points + 0.5 });
    expect(after.find((e) => e.id === e2.id)).toBeUndefined();
    expect(after.find((e) => e.id === officeNew.id)).toMatchObject({ reason: officeNew.reason, created_at: officeNew.created_at });
    const arrived = after.find((e) => e.reason === fieldNew.reason)!;
    expect(arrived).toMatchObject({ kind: 'deduction', points: 1.5, unit_id: fieldNew.unit_id, created_at: fieldNew.created_at });
    expect(arrived.id).not.toBe(fieldNew.id);
    // recomputed in the same write: the unit's democratic score and its deduction moved its result
    const now = resultOf(office, b1.subjectKey);
    expect(now.components).not.toBe(before.components);
    expect(now.total).not.toBe(before.total);
    // one operation: every change of the import is recorded under its one audit row
    const raw = rawOf(office.db);
    const head = raw.prepare(`select id from audit_log where action = 'exchange.import' and op is null order by id desc limit 1`).get() as { id: number };
    const rows = raw.prepare(`select entity, count(*) n from audit_log where op = ? group by entity order by entity`).all(head.id) as { entity: string; n: number }[];
    expect(rows.map((x) => x.entity)).toEqual(expect.arrayContaining(['ballot', 'event']));
  });

  it('knows the package again: nothing to write but the conflict, which can then be taken', async () => {
    const again = await previewPackage(office, { name: pkg, passphrase: PASS });
    expect(again.changeCounts).toEqual({ scores: 0, ballots: 0, events: 0 });
    expect(again.conflictCounts).toEqual({ scores: 0, ballots: 1, events: 0 });
    const n = events(office).length;
    const r = await importPackage(office, { name: pkg, passphrase: PASS, conflicts: 'take' });
    expect(r).toMatchObject({ applied: 1, appliedCounts: { ballots: 1, events: 0 }, kept: 0 });
    expect(tallyOf(office, b2)).toEqual(fieldB2());
    expect(events(office)).toHaveLength(n); // the new event was not inserted twice
  });

  it('sends the office package back: the field gets the office event, its own are recognised, both hold the same', async () => {
    const back = await send(office, field);
    const p = await previewPackage(field, { name: back, passphrase: PASS });
    expect(p.conflicts).toEqual([]);
    expect(p.changeCounts).toEqual({ scores: 0, ballots: 0, events: 1 });
    expect(p.changeList[0]).toMatchObject({ kind: 'event', here: null, incoming: expect.stringContaining('表彰') });
    await importPackage(field, { name: back, passphrase: PASS, conflicts: 'keep' });
    expect(collected(field)).toBe(collected(office));
    // and once more each way: nothing left to send
    expect((await previewPackage(office, { name: await send(field, office), passphrase: PASS })).changes).toBe(0);
    expect((await previewPackage(field, { name: await send(office, field), passphrase: PASS })).changes).toBe(0);
  });

  it('carries a chosen part only, of the chosen categories', async () => {
    await save(field, b1, moved(tallyOf(field, b1)!, 1));
    const scoresOnly = await send(field, office, ['scores']);
    const p = await previewPackage(office, { name: scoresOnly, passphrase: PASS });
    expect(p.counts.ballots).toBe(0);
    expect(p.counts.events).toBe(0);
    expect(p.changes).toBe(0);
    // the category of b1's unit: its tallies and events only, b1's change among them
    const raw = rawOf(field.db);
    const cat = (raw.prepare(`select category_id from units where id = ?`).get(Number(b1.subjectKey.split(':')[1])) as { category_id: number }).category_id;
    const pkg = await exportPackage(field, { cycleId, categoryIds: [cat], parts: ['ballots', 'events'], passphrase: PASS });
    const inCat = (table: 'eval_ballots' | 'events') => (raw.prepare(`select count(*) n from ${table} t join units u on u.id = t.unit_id where u.category_id = ?`).get(cat) as { n: number }).n;
    expect(pkg.counts).toEqual({ scores: 0, ballots: inCat('eval_ballots'), events: inCat('events') });
    expect(pkg.counts.ballots).toBeLessThan((raw.prepare(`select count(*) n from eval_ballots`).get() as { n: number }).n);
    fs.copyFileSync(pkg.file, path.join(exchangeDirOf(office.dbFile), pkg.name));
    const q = await previewPackage(office, { name: pkg.name, passphrase: PASS });
    // the tally changed before the scores-only package, still to send
    expect(q.changeCounts).toEqual({ scores: 0, ballots: 1, events: 0 });
  });
});

describe('refused packages', () => {
  it('refuses a tampered package and a wrong passphrase; the database and the backups stay as they were', async () => {
    await save(field, pickBallots()[0], moved(tallyOf(field, pickBallots()[0])!, 1));
    const name = await send(field, office, ['ballots', 'events']);
    const file = path.join(exchangeDirOf(office.dbFile), name);
    const env = JSON.parse(fs.readFileSync(file, 'utf8')) as { data: string };
    const bytes = Buffer.from(env.data, 'base64');
    bytes[Math.floor(bytes.length / 2)]! ^= 1;
    env.data = bytes.toString('base64');
    fs.writeFileSync(file, JSON.stringify(env));
    const before = fingerprint(office);
    const backups = listBackupFiles(office.dbFile).length;
    await expect(previewPackage(office, { name, passphrase: PASS })).rejects.toMatchObject({ code: 'tampered' });
    await expect(importPackage(office, { name, passphrase: PASS, conflicts: 'take' })).rejects.toMatchObject({ code: 'tampered', message: expect.stringMatching(/拒绝/) });
    await expect(importPackage(office, { name, passphrase: 'another-passphrase', conflicts: 'take' })).rejects.toMatchObject({ code: 'tampered' });
    expect(fingerprint(office)).toBe(before);
    expect(listBackupFiles(office.dbFile)).toHaveLength(backups);
  });

  it('writes all of a package or nothing: a failure after the tallies are written leaves the database as it was', async () => {
    const b = pickBallots()[1];
    await save(field, b, moved(tallyOf(field, b)!, 1));
    await saveEvent(field, { cycleId, subjectKey: b.subjectKey, kind: 'bonus', points: 1, reason: '导入中途失败时的新事项' });
    const name = await send(field, office, ['ballots', 'events']);
    expect((await previewPackage(office, { name, passphrase: PASS })).changeCounts).toMatchObject({ ballots: 1, events: 1 });
    // the events are written after the tallies: the disk refuses the event
    const raw = rawOf(office.db);
    raw.exec(`create trigger exchange_test_refuse before insert on events begin select raise(abort, 'disk full'); end`);
    const before = fingerprint(office, { butBackups: true });
    const backups = listBackupFiles(office.dbFile).length;
    await expect(importPackage(office, { name, passphrase: PASS, conflicts: 'keep' })).rejects.toThrow(/disk full/);
    // the backup taken before the import is all that is new
    expect(fingerprint(office, { butBackups: true })).toBe(before);
    expect(listBackupFiles(office.dbFile)).toHaveLength(backups + 1);
    expect(tallyOf(office, b)).not.toEqual(tallyOf(field, b));
    // and without the failure the same package goes in
    raw.exec(`drop trigger exchange_test_refuse`);
    await expect(importPackage(office, { name, passphrase: PASS, conflicts: 'keep' })).resolves.toMatchObject({ appliedCounts: { ballots: 1, events: 1 } });
    expect(tallyOf(office, b)).toEqual(tallyOf(field, b));
  });
});
