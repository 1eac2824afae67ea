// Long writes in a worker thread (electron/core/offload.ts): a bulk save and
// a large recompute run on a connection of their own, as the caller's user,
// in one transaction; the main thread keeps turning meanwhile (in Electron it
// routes the window's input); a cancel leaves the database as it was; an
// error keeps its code and place; other writes wait their turn.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/core/context.ts';
import { rawOf } from '../../electron/core/db/handles.ts';
import { createDispatcher } from '../../electron/core/ipc/dispatch.ts';
import { createHandlers } from '../../electron/core/ipc/handlers.ts';
import { cancelJob, jobProgress } from '../../electron/core/jobs.ts';
import { generateProvince } from '../bench/generate-province.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir();
const dbFile = path.join(dir, 'province.db');
// 800 subjects × 30 leaves: 24,000 score cells, above the sizes that go to a worker
const province = await generateProvince(dbFile, { subjects: 800, categories: 4, leaves: 30, raterGroups: 4, events: 40, seed: 7 });
const ctx = await createContext({ dbFile, documentsDir: path.join(dir, 'documents') });
const dispatch = createDispatcher(createHandlers(ctx));
const raw = rawOf(ctx.db);
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function value<T>(channel: string, input: unknown): Promise<T> {
  const env = await dispatch(channel, input);
  if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`);
  return env.value as T;
}
const checksum = () => crypto.createHash('sha256').update(JSON.stringify(raw.prepare('select indicator_id, unit_id, cadre_id, value, text_value from score_entries order by id').all())).digest('hex');
const auditCount = () => (raw.prepare('select count(*) n from audit_log').get() as { n: number }).n;
const cells = (n: number, delta: number) =>
  (raw.prepare(`select indicator_id i, unit_id u, cadre_id c, value v from score_entries where value is not null and value >= 1 order by id limit ?`).all(n) as { i: number; u: number | null; c: number | null; v: number }[]).map((r) => ({
    indicatorId: r.i,
    subjectKey: r.u !== null ? `unit:${r.u}` : `cadre:${r.c}`,
    value: Math.round((r.v + delta) * 100) / 100,
  }));

/** The longest pause of the main thread's event loop while `p` runs. */
async function longestPause<T>(p: Promise<T>): Promise<{ value: T; pauseMs: number; totalMs: number }> {
  let last = performance.now();
  let pause = 0;
  const t0 = last;
  const timer = setInterval(() => {
    const now = performance.now();
    pause = Math.max(pause, now - last);
    last = now;
  }, 5);
  try {
    const v = await p;
    const end = performance.now();
    return { value: v, pauseMs: Math.max(pause, end - last), totalMs: end - t0 };
  } finally {
    clearInterval(timer);
  }
}

describe('long writes in a worker', () => {
  it('a bulk save runs off the main thread, in one transaction, audited as usual', async () => {
    expect(province.counts.scoreEntries).toBeGreaterThan(10_000);
    const batch = cells(10_000, -0.5);
    const before = auditCount();
    const r = await longestPause(value<{ saved: number }>('setScores', { cells: batch }));
    console.log(`bulk save: ${Math.round(r.totalMs)} ms, longest pause ${Math.round(r.pauseMs)} ms`);
    expect(r.value.saved).toBe(10_000);
    // the main thread kept turning: no pause near the length of the save
    expect(r.pauseMs).toBeLessThan(Math.max(150, r.totalMs / 4));
    const stored = raw.prepare('select value from score_entries where indicator_id = ? and unit_id is ? and cadre_id is ?');
    const probe = batch[1234]!;
    const [kind, id] = probe.subjectKey.split(':');
    expect((stored.get(probe.indicatorId, kind === 'unit' ? Number(id) : null, kind === 'cadre' ? Number(id) : null) as { value: number }).value).toBe(probe.value);
    // one change row per cell and the row of the write: the trail is the same as a save on the main thread
    expect(auditCount() - before).toBeGreaterThanOrEqual(10_001);
    expect((await value<{ ok: boolean }>('verifyAudit', {})).ok).toBe(true);
  });

  it('an error in the worker keeps its code and where it is', async () => {
    const batch = cells(3000, 0);
    batch[2500] = { ...batch[2500]!, value: 100000 };
    const sum = checksum();
    const env = await dispatch('setScores', { cells: batch });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.code).toBe('invalid_input');
    expect(env.error.location).toMatchObject({ kind: 'cells' });
    expect(JSON.stringify(env.error.location)).toContain(batch[2500]!.subjectKey);
    expect(checksum()).toBe(sum);
  });

  it('cancel stops the save and nothing of it remains', async () => {
    const jobId = '00000000-0000-4000-8000-00000000c0de';
    const sum = checksum();
    const audit = auditCount();
    const saving = dispatch('setScores', { cells: cells(10_000, -0.25), jobId });
    await expect.poll(() => jobProgress(jobId).state).toBe('running');
    expect(cancelJob(jobId)).toEqual({ cancelled: true });
    const env = await saving;
    expect(env).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(checksum()).toBe(sum);
    expect(auditCount()).toBe(audit);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a write asked for meanwhile waits its turn and both land', async () => {
    const batch = cells(5000, 0.25);
    const single = { ...cells(1, 0)[0]!, value: 0.5 };
    const [bulk, one] = await Promise.all([value<{ saved: number }>('setScores', { cells: batch }), value<{ saved: number }>('setScores', { cells: [single] })]);
    expect(bulk.saved).toBe(5000);
    expect(one.saved).toBe(1);
  });

  it('a recompute of a large cycle runs in the worker and writes the results', async () => {
    const r = await longestPause(value<{ subjects: number }>('computeCycle', { cycleId: province.cycleId }));
    expect(r.value.subjects).toBe(800);
    expect(r.pauseMs).toBeLessThan(Math.max(150, r.totalMs / 4));
    expect((raw.prepare('select count(*) n from results r join categories c on c.id = r.category_id where c.cycle_id = ?').get(province.cycleId) as { n: number }).n).toBe(800);
  });
});
