// The worker thread's entry: runs one task and posts progress, then the
// value or the error (an AppError keeps its code, message and location).
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { TASKS, type TaskName } from './tasks.ts';

const { task, input } = workerData as { task: TaskName; input: never };
const port = parentPort!;

(async () => {
  try {
    const fn = TASKS[task] as (i: unknown, p: (d: number, t: number) => void) => Promise<unknown>;
    const value = await fn(input, (done, total) => port.postMessage({ type: 'progress', done, total }));
    port.postMessage({ type: 'done', value });
  } catch (e) {
    if (e instanceof AppError) port.postMessage({ type: 'error', code: e.code, message: e.message, location: e.location ?? null });
    else port.postMessage({ type: 'error', code: 'internal', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e), location: null, internal: true });
  }
})();
