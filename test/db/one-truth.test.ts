// One source of truth, on a real SQLite file through the real handlers: every
// write recomputes what it touches in its own transaction, results know the
// input version they came from, the year's lifecycle is enforced in the main
// process, and every changed field leaves an audit row with old and new value.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/ipc/contract.ts';
import { openTestApp, setDocumentContact, type TestApp } from '../helpers.ts';

let app: TestApp;
let cycleId: number;
let categoryId: number;
const units: Record<string, number> = {};
const leaves: Record<string, number> = {};

const cell = (unit: string, leaf: string, value: number | null) => ({ indicatorId: leaves[leaf]!, subjectKey: `unit:${units[unit]}`, value });
const totals = async () => Object.fromEntries((await app.call('listResults', { cycleId, categoryId })).map((r) => [r.name, r.total]));

beforeAll(async () => {
  app = await openTestApp({ now: () => new Date('2026-01-15T08:00:00Z') });
  cycleId = (await app.call('createCycle', { name: '2025年度综合考核', year: 2025 })).id;
  categoryId = (await app.call('createCategory', { cycleId, kind: 'unit', name: '一类乡镇' })).id;
  for (const name of ['城关镇', '河西镇', '东山乡']) units[name] = (await app.call('saveUnit', { cycleId, categoryId, name })).id;
  const root = await app.call('saveIndicator', { categoryId, parentId: null, name: '经济发展', fullPoints: 100 });
  leaves['a'] = (await app.call('saveIndicator', { categoryId, parentId: root.id, name: '地区生产总值增长', fullPoints: 60 })).id;
  leaves['b'] = (await app.call('saveIndicator', { categoryId, parentId: root.id, name: '一般预算收入', fullPoints: 40 })).id;
  await app.call('setScores', {
    cells: [cell('城关镇', 'a', 50), cell('城关镇', 'b', 30), cell('河西镇', 'a', 40), cell('河西镇', 'b', 35), cell('东山乡', 'a', 30), cell('东山乡', 'b', 20)],
  });
  await app.call('computeCycle', { cycleId });
});
afterAll(async () => {
  await app.close();
});

describe('every write recomputes what it touches', () => {
  it('a changed cell: the new total is there when the save returns', async () => {
    const r = await app.call('setScores', { cells: [cell('东山乡', 'a', 45)] });
    expect(r).toMatchObject({ saved: 1, recomputed: true, warning: null });
    expect((await totals())['东山乡']).toBe(65);
  });

  it("an indicator's points (a plan edit) recompute without pressing 计算", async () => {
    const ind = (await app.call('listIndicators', { categoryId })).indicators.find((i) => i.id === leaves['a'])!;
    await app.call('saveIndicator', { categoryId, id: ind.id, parentId: ind.parentId, name: ind.name, fullPoints: 50 });
    // 东山乡 had 45 of 60 on a; direct scores above the new full points are clamped to 50
    const t = await totals();
    expect(t['城关镇']).toBe(80);
    const state = await app.call('resultsState', { cycleId });
    expect(state.find((s) => s.categoryId === categoryId)!.state).toBe('current');
    await app.call('saveIndicator', { categoryId, id: ind.id, parentId: ind.parentId, name: ind.name, fullPoints: 60 });
  });

  it('a category setting (the quota) moves the grades and the stored quota', async () => {
    const cat = (await app.call('listCategories', { cycleId })).find((c) => c.id === categoryId)!;
    await app.call('updateCategory', { id: categoryId, settings: { ...cat.settings, grading: { ...cat.settings.grading, topQuotaPercent: 40, topMinTotal: 0 } } });
    const [q] = await app.call('listQuotas', { cycleId, categoryId });
    expect(q!.top).toMatchObject({ places: 1, percent: 40, basis: 'percent', rounding: 'floor' });
    expect(q!.top.note).toContain('1.2');
    const rows = await app.call('listResults', { cycleId, categoryId });
    expect(rows.filter((r) => r.finalGrade === '优秀')).toHaveLength(1);
  });

  it('an edit the engine refuses still saves, and the results say they are stale', async () => {
    // a weighted component makes the weights sum to 30%: the engine refuses the plan
    const pending = await app.call('saveComponent', { categoryId, code: 'PS', name: '平时考核', kind: 'routine', weight: 30, fullPoints: 100, normalizeTo100: true, applyDifficulty: false });
    const rows = await app.call('listResults', { cycleId, categoryId });
    expect(rows.every((r) => r.stale)).toBe(true);
    expect((await app.call('resultsState', { cycleId })).find((s) => s.categoryId === categoryId)!.state).toBe('stale');
    const detail = await app.call('getResultDetail', { cycleId, subjectKey: `unit:${units['城关镇']}` });
    expect(detail.stale).toBe(true);
    // the fix: back to unweighted, and everything is current again
    await app.call('saveComponent', { categoryId, id: pending.id, code: 'PS', name: '平时考核', kind: 'routine', weight: null, fullPoints: 100, normalizeTo100: false, applyDifficulty: false });
    expect((await app.call('listResults', { cycleId, categoryId })).some((r) => r.stale)).toBe(false);
  });

  it('a batch spanning two cycles is refused whole', async () => {
    const other = (await app.call('createCycle', { name: '2026年度', year: 2026 })).id;
    const cat2 = (await app.call('createCategory', { cycleId: other, kind: 'unit', name: '乡镇' })).id;
    const u2 = (await app.call('saveUnit', { cycleId: other, categoryId: cat2, name: '城关镇' })).id;
    const l2 = (await app.call('saveIndicator', { categoryId: cat2, parentId: null, name: '实绩', fullPoints: 100 })).id;
    const env = await app.dispatch('setScores', { cells: [cell('城关镇', 'b', 31), { indicatorId: l2, subjectKey: `unit:${u2}`, value: 80 }] });
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await totals())['城关镇']).toBe(80);
  });

  it('names every bad cell at once, as data', async () => {
    const env = await app.dispatch('setScores', { cells: [cell('城关镇', 'a', 61), cell('河西镇', 'b', -1), cell('东山乡', 'b', 10)] });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.location).toEqual({
      kind: 'cells',
      cells: [
        { subjectKey: `unit:${units['城关镇']}`, indicatorId: leaves['a'], message: expect.stringContaining('0 到 60') },
        { subjectKey: `unit:${units['河西镇']}`, indicatorId: leaves['b'], message: expect.stringContaining('0 到 40') },
      ],
    });
  });
});

describe('the audit trail', () => {
  it('three edited cells give three rows with old and new values', async () => {
    await app.call('setScores', { cells: [cell('城关镇', 'b', 31), cell('河西镇', 'b', 36), cell('东山乡', 'b', 21)] });
    const rows = (await app.call('listAudit', { cycleId, entity: 'score', limit: 3 })).reverse();
    expect(rows.map((r) => [r.entityKey, r.field, r.oldValue, r.newValue, r.userName])).toEqual([
      [`unit:${units['城关镇']}|indicator:${leaves['b']}`, 'value', '30', '31', '系统管理员'],
      [`unit:${units['河西镇']}|indicator:${leaves['b']}`, 'value', '35', '36', '系统管理员'],
      [`unit:${units['东山乡']}|indicator:${leaves['b']}`, 'value', '20', '21', '系统管理员'],
    ]);
  });

  it('a plan edit records each changed field, and only those', async () => {
    const ind = (await app.call('listIndicators', { categoryId })).indicators.find((i) => i.id === leaves['b'])!;
    await app.call('saveIndicator', { categoryId, id: ind.id, parentId: ind.parentId, name: '一般公共预算收入', fullPoints: 40 });
    const rows = await app.call('listAudit', { cycleId, entity: 'indicator', limit: 5 });
    const last = rows.filter((r) => r.entityKey === String(ind.id) && r.field !== null && r.action === 'indicator.update');
    expect(last[0]).toMatchObject({ field: 'name', oldValue: '一般预算收入', newValue: '一般公共预算收入' });
    expect(last.filter((r) => r.at === last[0]!.at).map((r) => r.field)).toEqual(['name']);
  });
});

describe("the year's lifecycle", () => {
  it('moves forward one state at a time', async () => {
    const env = await app.dispatch('setCycleStatus', { cycleId, status: 'published' });
    expect(env).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await app.call('setCycleStatus', { cycleId, status: 'collecting' });
  });

  it('publishes only results that are current', async () => {
    const other = (await app.call('listCycles', {})).find((c) => c.name === '2026年度')!.id;
    await app.call('setCycleStatus', { cycleId: other, status: 'collecting' });
    await app.call('setCycleStatus', { cycleId: other, status: 'grading' });
    const env = await app.dispatch('setCycleStatus', { cycleId: other, status: 'published' });
    expect(env).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!env.ok) expect(env.error.message).toContain('还没有计算结果');
    await app.call('computeCycle', { cycleId: other });
    await app.call('setCycleStatus', { cycleId: other, status: 'published' });
  });

  it('collecting: the plan is fixed, data still comes in', async () => {
    const plan = await app.dispatch('saveUnit', { cycleId, categoryId, name: '新设镇' });
    expect(plan).toMatchObject({ ok: false, error: { code: 'locked' } });
    if (!plan.ok) expect(plan.error.message).toContain('采集中');
    await app.call('setScores', { cells: [cell('东山乡', 'b', 22)] });
  });

  it('published: no data or plan edit, no compute, nothing stored; only documents', async () => {
    await app.call('setCycleStatus', { cycleId, status: 'grading' });
    await app.call('setCycleStatus', { cycleId, status: 'published' });
    const before = await app.call('listResults', { cycleId, categoryId });
    const attempts: [string, unknown][] = [
      ['setScores', { cells: [cell('东山乡', 'b', 1)] }],
      ['saveIndicator', { categoryId, id: leaves['b'], parentId: null, name: 'x', fullPoints: 1 }],
      ['deleteIndicator', { id: leaves['a'] }],
      ['deleteUnits', { ids: Object.values(units) }],
      ['saveUnit', { cycleId, categoryId, name: '新设镇' }],
      ['updateCategory', { id: categoryId, name: '改名' }],
      ['createCategory', { cycleId, kind: 'unit', name: '新类别' }],
      ['computeCycle', { cycleId }],
      ['adjustGrade', { cycleId, subjectKey: `unit:${units['东山乡']}`, toGrade: '较差', reason: '经考核委员会研究决定' }],
    ];
    for (const [channel, input] of attempts) {
      const env = await app.dispatch(channel, input);
      expect(env, channel).toMatchObject({ ok: false, error: { code: 'locked' } });
      if (!env.ok) expect(env.error.message, channel).toContain('已发布');
    }
    expect(await app.call('listResults', { cycleId, categoryId })).toEqual(before);
    expect((await app.call('listUnits', { cycleId })).length).toBe(3);
    // documents may still be issued
    await setDocumentContact(app, cycleId);
    await app.call('generateFeedbackLetter', { cycleId, unitId: units['城关镇']! });
  });

  it('going back from published needs a reason, and the audit keeps it', async () => {
    const env = await app.dispatch('setCycleStatus', { cycleId, status: 'grading' });
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid_input', location: { kind: 'field', path: 'reason' } } });
    await app.call('setCycleStatus', { cycleId, status: 'grading', reason: '发现东山乡数据录入错误，需更正' });
    const [row] = await app.call('listAudit', { cycleId, entity: 'cycle', limit: 1 });
    expect(row).toMatchObject({ action: 'cycle.status', field: 'status', oldValue: 'published', newValue: 'grading' });
    const head = (await app.call('listAudit', { cycleId, limit: 5 })).find((r) => r.action === 'cycle.status' && r.field === null)!;
    expect(JSON.parse(head.detail)).toMatchObject({ from: 'published', to: 'grading', reason: '发现东山乡数据录入错误，需更正' });
  });

  it('archived: read-only, back only to published', async () => {
    await app.call('setCycleStatus', { cycleId, status: 'published' });
    await app.call('setCycleStatus', { cycleId, status: 'archived' });
    const doc = await app.dispatch('generateFeedbackLetter', { cycleId, unitId: units['城关镇']! });
    expect(doc).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await app.dispatch('setCycleStatus', { cycleId, status: 'draft', reason: '重新编制方案内容' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('IPC limits', () => {
  it('oversized input is refused on every channel and nothing is stored', async () => {
    const t = await openTestApp();
    try {
      const cyc = (await t.call('createCycle', { name: '测试年度', year: 2025 })).id;
      const count = () => t.raw.prepare('select (select count(*) from cycles) + (select count(*) from categories) + (select count(*) from units) + (select count(*) from audit_log) as n').get() as { n: number };
      const before = count().n;
      const huge = fc.oneof(
        fc.constant('考'.repeat(20001)),
        fc.constant(Array.from({ length: 10001 }, (_, i) => i + 1)),
        fc.constant(JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CHANNELS), huge, fc.constantFrom('name', 'ids', 'cycleId', 'reason', 'cells'), async (channel, value, field) => {
          const env = await t.dispatch(channel, { cycleId: cyc, [field]: value });
          expect(env.ok).toBe(false);
          if (!env.ok) {
            expect(env.error.code).toBe('invalid_input');
            // the input is never echoed back
            expect(env.error.message.length).toBeLessThan(200);
            expect(env.error.message).not.toContain('考考考');
          }
        }),
        { numRuns: 120 },
      );
      expect(count().n).toBe(before);
    } finally {
      await t.close();
    }
  });

  it('an internal error reaches the user in Chinese with a reference, not the exception text', async () => {
    const { createDispatcher } = await import('../../electron/core/ipc/dispatch.ts');
    const { createHandlers } = await import('../../electron/core/ipc/handlers.ts');
    const logged: string[] = [];
    const handlers = { ...createHandlers(app.ctx), listCycles: async () => { throw new TypeError('secret stack detail'); } };
    const dispatch = createDispatcher(handlers, { onInternalError: (_c, _e, ref) => logged.push(ref) });
    const env = await dispatch('listCycles', {});
    expect(env).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!env.ok) {
      expect(env.error.message).toMatch(/内部错误.*参考编号 E[0-9A-Z]+/);
      expect(env.error.message).not.toContain('secret');
      expect(logged).toEqual([env.error.ref]);
    }
  });
});
