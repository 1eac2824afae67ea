// The tasks a worker thread can run: pure work on files and plain data, no
// database (the caller writes what comes back, in one transaction).
import { parseCollectWorkbook } from '../collect/parse.ts';
import { readPlanFile } from '../services/plan-import.ts';

export type Progress = (done: number, total: number) => void;

export const TASKS = {
  /** a collection workbook: checked, parsed and validated against its own layout */
  parseCollect: (input: { file: string }, progress: Progress) => parseCollectWorkbook(input.file, progress),
  /** a whole plan file (.json or .xlsx): read, guarded and checked against the plan schema (services/plan-import.ts) */
  readPlanFile: (input: { file: string }, progress: Progress) => readPlanFile(input.file, progress),
  /** for tests of the runner: waits, reporting progress, then answers */
  sleep: async (input: { ms: number; steps: number }, progress: Progress) => {
    for (let i = 1; i <= input.steps; i++) {
      await new Promise((r) => setTimeout(r, input.ms / input.steps));
      progress(i, input.steps);
    }
    return { slept: input.ms };
  },
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskInput<T extends TaskName> = Parameters<(typeof TASKS)[T]>[0];
export type TaskOutput<T extends TaskName> = Awaited<ReturnType<(typeof TASKS)[T]>>;
