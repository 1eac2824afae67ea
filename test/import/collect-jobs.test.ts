// previewCollect and applyCollect as jobs the renderer follows (jobId): the
// channel reports the workbook's progress under its id, and cancelJob stops an
// import before it writes anything.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelJob, jobProgress } from '../../electron/core/jobs.ts';
import { applyCollect } from '../../electron/core/services/collect.ts';
import { openTestApp, type TestApp } from '../helpers.ts';
import { dataChecksum, smallPlan, type Plan } from '../db/collect-helpers.ts';

let app: TestApp;
let p: Plan;
let filled: string;
const JOB = 'c0ffee00-0000-4000-8000-000000000001';
const JOB2 = 'c0ffee00-0000-4000-8000-000000000002';

beforeAll(async () => {
  app = await openTestApp({ now: () => new Date('2026-01-15T08:00:00Z') });
  p = await smallPlan(app);
  const template = path.join(app.dir, 'template.xlsx');
  await app.call('writeCollectTemplate', { cycleId: p.cycleId, kind: 'scores', departmentId: p.depId, filePath: template });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  wb.getWorksheet('一类乡镇')!.getCell('D4').value = 29;
  filled = path.join(app.dir, 'filled.xlsx');
  await wb.xlsx.writeFile(filled);
});
afterAll(async () => {
  await app.close();
});

describe('collection imports as jobs', () => {
  it('preview through the channel with a job id: its progress is the workbook’s sheets, then finished', async () => {
    const out = await app.call('previewCollect', { filePath: filled, cycleId: p.cycleId, jobId: JOB });
    expect(out.changes.map((c) => c.new)).toEqual(['29']);
    const state = jobProgress(JOB);
    expect(state).toMatchObject({ state: 'finished', cancelled: false });
    // one sheet read of one sheet plus the planning step
    expect([state.done, state.total]).toEqual([1, 2]);
  });

  it('cancelJob stops the import before it writes; the same import without a cancel then writes', async () => {
    const sum = dataChecksum(app);
    const pending = applyCollect(app.ctx, { filePath: filled, jobId: JOB2 });
    expect(cancelJob(JOB2)).toEqual({ cancelled: true });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(jobProgress(JOB2)).toMatchObject({ state: 'finished', cancelled: true });
    expect(dataChecksum(app)).toBe(sum);

    const done = await app.call('applyCollect', { filePath: filled, cycleId: p.cycleId, jobId: JOB2 });
    expect(done.changed).toBe(1);
    expect(dataChecksum(app)).not.toBe(sum);
  });
});
