// Long calls that report progress and can be cancelled. The renderer makes up
// a job id, passes it with the call, and meanwhile asks `jobProgress` and may
// ask `cancelJob` (channels in shared/ipc/contract-shell.ts). A service wraps
// its long part in `withJob`; it reports with `progress` and checks the
// signal at its safe points. Cancelling never leaves partial data: a job
// either reads and prepares outside the transaction (parsing in a worker) and
// stops before writing, or writes one item per transaction of its own and
// says in its result which were finished (the letter batch).
import { AppError } from '../../shared/errors.ts';
import type { JobState } from '../../shared/ipc/contract-shell.ts';

export interface JobHandle {
  signal: AbortSignal;
  progress(done: number, total: number, label?: string): void;
  /** throws the 'cancelled' error once the job was cancelled */
  throwIfCancelled(): void;
}

interface Entry {
  controller: AbortController;
  state: JobState;
  timer?: NodeJS.Timeout;
}

/** How long a finished job's last state is kept for the caller's last poll. */
const KEEP_FINISHED_MS = 60_000;
const jobs = new Map<string, Entry>();

export const cancelledError = () => new AppError('cancelled', '已取消，未完成的部分没有写入任何数据。');

function handleOf(entry: Entry | null): JobHandle {
  const controller = entry?.controller ?? new AbortController();
  return {
    signal: controller.signal,
    progress(done, total, label) {
      if (!entry) return;
      entry.state = { ...entry.state, done: Math.max(0, Math.round(done)), total: Math.max(0, Math.round(total)), label: label ?? entry.state.label };
    },
    throwIfCancelled() {
      if (controller.signal.aborted) throw cancelledError();
    },
  };
}

/**
 * Runs `fn` as the job `jobId` (absent: a job nobody follows, which cannot be
 * cancelled). The same id may not run twice at once.
 */
export async function withJob<T>(jobId: string | undefined, fn: (job: JobHandle) => Promise<T>): Promise<T> {
  if (jobId === undefined) return fn(handleOf(null));
  const existing = jobs.get(jobId);
  if (existing && existing.state.state === 'running') throw new AppError('conflict', '同一任务已在进行中，请等待完成。');
  if (existing?.timer) clearTimeout(existing.timer);
  const entry: Entry = { controller: new AbortController(), state: { state: 'running', done: 0, total: 0, label: null, cancelled: false } };
  jobs.set(jobId, entry);
  try {
    return await fn(handleOf(entry));
  } finally {
    entry.state = { ...entry.state, state: 'finished' };
    entry.timer = setTimeout(() => jobs.delete(jobId), KEEP_FINISHED_MS);
    entry.timer.unref();
  }
}

export function jobProgress(jobId: string): JobState {
  return jobs.get(jobId)?.state ?? { state: 'unknown', done: 0, total: 0, label: null, cancelled: false };
}

export function cancelJob(jobId: string): { cancelled: boolean } {
  const entry = jobs.get(jobId);
  if (!entry || entry.state.state !== 'running') return { cancelled: false };
  entry.state = { ...entry.state, cancelled: true, label: '正在取消…' };
  entry.controller.abort();
  return { cancelled: true };
}
