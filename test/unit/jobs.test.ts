// Long calls followed by id (electron/core/jobs.ts and the shell channels):
// progress as the job reports it, cancel through the channel stopping a
// worker mid-way, a finished job's last state kept for the last poll.
import { afterAll, describe, expect, it } from 'vitest';
import { cancelJob, jobProgress, withJob } from '../../electron/core/jobs.ts';
import { runInWorker } from '../../electron/core/worker/run.ts';
import { openTestApp } from '../helpers.ts';

const app = await openTestApp();
afterAll(() => app.close());
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('jobs', () => {
  it('reports progress while running and keeps the last state once finished', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const running = withJob(id(1), async (job) => {
      job.progress(3, 10, '正在生成：城关镇');
      await gate;
      return 'done';
    });
    await Promise.resolve();
    expect(await app.call('jobProgress', { jobId: id(1) })).toEqual({ state: 'running', done: 3, total: 10, label: '正在生成：城关镇', cancelled: false });
    // the same id cannot run twice at once
    await expect(withJob(id(1), async () => 1)).rejects.toMatchObject({ code: 'conflict' });
    release();
    expect(await running).toBe('done');
    expect(jobProgress(id(1))).toMatchObject({ state: 'finished', done: 3, total: 10 });
    expect(await app.call('cancelJob', { jobId: id(1) })).toEqual({ cancelled: false });
  });

  it('an unknown job is unknown, and cancelling it cancels nothing', async () => {
    expect(await app.call('jobProgress', { jobId: id(2) })).toMatchObject({ state: 'unknown', done: 0, total: 0 });
    expect(await app.call('cancelJob', { jobId: id(2) })).toEqual({ cancelled: false });
  });

  it('cancel through the channel stops a worker in the middle and the call fails as cancelled', async () => {
    const seen: number[] = [];
    const work = withJob(id(3), (job) =>
      runInWorker('sleep', { ms: 5000, steps: 50 }, { signal: job.signal, onProgress: (d, t) => (seen.push(d), job.progress(d, t)) }),
    );
    await expect.poll(() => jobProgress(id(3)).done, { timeout: 5000 }).toBeGreaterThan(1);
    const t0 = performance.now();
    expect(await app.call('cancelJob', { jobId: id(3) })).toEqual({ cancelled: true });
    await expect(work).rejects.toMatchObject({ code: 'cancelled' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(jobProgress(id(3))).toMatchObject({ state: 'finished', cancelled: true });
    expect(Math.max(...seen)).toBeLessThan(50);
  });

  it('a job nobody follows runs without an id and cannot be cancelled', async () => {
    expect(await withJob(undefined, async (job) => (job.progress(1, 1), job.signal.aborted))).toBe(false);
    expect(cancelJob(id(4))).toEqual({ cancelled: false });
  });

  it('a page without a dialog picker is told so in Chinese', async () => {
    const env = await app.dispatch('pickPath', { mode: 'save', title: '保存', defaultName: 'a.xlsx' });
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!env.ok) expect(env.error.message).toMatch(/对话框/);
  });
});
