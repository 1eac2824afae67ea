// Long work off the main thread: one task in a Node worker thread, with
// progress and cancellation. Cancel terminates the thread; the task only
// reads files and returns plain data, and the caller writes nothing until
// the value is back — so a cancelled import leaves no partial data.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type ErrorLocation } from '../../../shared/errors.ts';
import type { TaskInput, TaskName, TaskOutput } from './tasks.ts';

export interface RunOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The worker's entry: the .ts module beside this one (Node strips the types), or worker.cjs beside the bundle. */
function workerEntry(): URL | string {
  const here = import.meta.url as string | undefined;
  if (here && here.endsWith('.ts')) return new URL('./worker-main.ts', here);
  return path.join(__dirname, 'worker.cjs');
}

const cancelled = () => new AppError('cancelled', '已取消，没有写入任何数据。');

export function runInWorker<T extends TaskName>(task: T, input: TaskInput<T>, opts: RunOptions = {}): Promise<TaskOutput<T>> {
  if (opts.signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: { task, input } });
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () => {
      finish(() => reject(cancelled()));
      void worker.terminate();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: { type: 'progress'; done: number; total: number } | { type: 'done'; value: TaskOutput<T> } | { type: 'error'; code: ErrorCode; message: string; location: ErrorLocation | null; internal?: boolean }) => {
      if (m.type === 'progress') opts.onProgress?.(m.done, m.total);
      else if (m.type === 'done') finish(() => resolve(m.value));
      else if (m.internal) finish(() => reject(new Error(m.message)));
      else finish(() => reject(new AppError(m.code, m.message, m.location ?? undefined)));
      if (m.type !== 'progress') void worker.terminate();
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`worker exited with code ${code}`))));
  });
}
