// A copied year carries last year's document settings (recipients, contact,
// prefixes, fonts) with its numbers starting again at 1 and the new organ
// where the old one was named; a year's details are edited while it is
// 编制中 and locked after, a name already taken is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers.ts';
import { EXAMPLE_JSON } from './helpers.ts';

let app: TestApp;
let sourceId = 0;

beforeAll(async () => {
  app = await openTestApp();
  sourceId = (await app.call('importPlan', { filePath: EXAMPLE_JSON })).cycleId;
});
afterAll(async () => {
  await app.close();
});

describe('document settings go with a copy', () => {
  it('numbers restart, the signing date is cleared, the new organ replaces the old', async () => {
    const source = (await app.call('listCycles', {})).find((c) => c.id === sourceId)!;
    // document settings can be saved from 评定中
    while ((await app.call('listCycles', {})).find((c) => c.id === sourceId)!.status !== 'grading') {
      const status = (await app.call('listCycles', {})).find((c) => c.id === sourceId)!.status;
      const next = { draft: 'collecting', collecting: 'grading' }[status as 'draft' | 'collecting'];
      await app.call('setCycleStatus', { cycleId: sourceId, status: next });
    }
    const defaults = await app.call('getDocumentSettings', { cycleId: sourceId });
    const saved = await app.call('saveDocumentSettings', {
      cycleId: sourceId,
      settings: { ...defaults, organ: source.organ, organMark: `${source.organ}文件`, printOrgan: `${source.organ}办公室`, letterPrefix: '云考办函', letterNext: 12, noticeNext: 7, signDate: '2026-01-05', contactPerson: '王明', contactPhone: '0571-8800123', copyTo: '县委办公室' },
    });

    const kept = await app.call('copyCycle', { sourceCycleId: sourceId, name: '2026年度综合考核', year: 2026 });
    expect(await app.call('getDocumentSettings', { cycleId: kept.cycle.id })).toEqual({ ...saved, noticeNext: 1, letterNext: 1, signDate: null });

    const renamed = await app.call('copyCycle', { sourceCycleId: sourceId, name: '2026年度综合考核（新机构）', year: 2026, organ: '中共云溪区委组织部' });
    const after = await app.call('getDocumentSettings', { cycleId: renamed.cycle.id });
    expect(after).toMatchObject({ organ: '中共云溪区委组织部', organMark: '中共云溪区委组织部文件', printOrgan: '中共云溪区委组织部办公室', signingOrgan: saved.signingOrgan.replaceAll(source.organ, '中共云溪区委组织部') });
    expect(after).toMatchObject({ letterPrefix: '云考办函', contactPerson: '王明', copyTo: '县委办公室', letterNext: 1, noticeNext: 1, signDate: null });
    // the source is as it was
    expect(await app.call('getDocumentSettings', { cycleId: sourceId })).toEqual(saved);
  });
});

describe('the details of a year', () => {
  it('edited while 编制中: name, year and organ stored, one audit row each', async () => {
    const copy = (await app.call('listCycles', {})).find((c) => c.name === '2026年度综合考核')!;
    expect(copy.status).toBe('draft');
    const out = await app.call('updateCycle', { cycleId: copy.id, name: '2026年度综合考核（定稿）', year: 2027, organ: '中共云溪县委组织部考核办' });
    expect(out).toMatchObject({ id: copy.id, name: '2026年度综合考核（定稿）', year: 2027, organ: '中共云溪县委组织部考核办' });
    expect((await app.call('listCycles', {})).find((c) => c.id === copy.id)).toMatchObject({ name: '2026年度综合考核（定稿）', year: 2027, organ: '中共云溪县委组织部考核办' });
    const rows = app.raw.prepare(`select field, old_value, new_value from audit_log where action = 'cycle.update' and entity_key = ? and field is not null order by id`).all(String(copy.id)) as { field: string; old_value: string; new_value: string }[];
    expect(rows).toEqual([
      { field: 'name', old_value: '2026年度综合考核', new_value: '2026年度综合考核（定稿）' },
      { field: 'year', old_value: '2026', new_value: '2027' },
      { field: 'organ', old_value: copy.organ, new_value: '中共云溪县委组织部考核办' },
    ]);
  });

  it('a name already taken is refused, naming the field', async () => {
    const copy = (await app.call('listCycles', {})).find((c) => c.name === '2026年度综合考核（定稿）')!;
    const source = (await app.call('listCycles', {})).find((c) => c.id === sourceId)!;
    const env = await app.dispatch('updateCycle', { cycleId: copy.id, name: source.name });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error).toMatchObject({ code: 'conflict', location: { kind: 'field', path: 'name' } });
  });

  it('locked once the year has moved on from 编制中', async () => {
    const env = await app.dispatch('updateCycle', { cycleId: sourceId, organ: '中共某县委组织部' });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('locked');
    expect((await app.call('listCycles', {})).find((c) => c.id === sourceId)!.organ).not.toBe('中共某县委组织部');
  });
});
