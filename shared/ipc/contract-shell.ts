// Channels of the shell around the services: choosing files (the native
// dialog in Electron, scripted answers in the Chromium host) and following a
// long job (progress, cancel). A long channel takes an optional `jobId` the
// renderer makes up (a UUID); while the call runs, `jobProgress` with the
// same id says how far it is and `cancelJob` stops it (the job writes nothing
// it has not finished: see electron/core/jobs.ts).
import { z } from 'zod';

/** The id of a long call, made up by the caller (crypto.randomUUID()). */
export const jobIdSchema = z.uuid({ error: (iss) => (iss.input === undefined ? '缺少此项（必填）' : '任务编号格式不对') });

const extension = z.string().regex(/^[a-z0-9]{1,8}$/i, '扩展名格式不对');

export const pickRequest = z.strictObject({
  mode: z.enum(['save', 'open', 'folder']),
  title: z.string().trim().min(1).max(100),
  /** the proposed file name (save) */
  defaultName: z.string().trim().min(1).max(200).optional(),
  /** the file types offered, without the dot */
  extensions: z.array(extension).max(8).optional(),
});

export const jobState = z.object({
  state: z.enum(['running', 'finished', 'unknown']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** what it is doing now, in Chinese (e.g. 正在生成：城关镇) */
  label: z.string().nullable(),
  cancelled: z.boolean(),
});

export const shellChannels = {
  // null: the user closed the dialog without choosing
  pickPath: { input: pickRequest, output: z.object({ path: z.string().nullable() }) },
  jobProgress: { input: z.strictObject({ jobId: jobIdSchema }), output: jobState },
  // cancelled: false when no such job is running (already finished, or never started)
  cancelJob: { input: z.strictObject({ jobId: jobIdSchema }), output: z.object({ cancelled: z.boolean() }) },
} as const;

export type PickRequest = z.output<typeof pickRequest>;
export type JobState = z.output<typeof jobState>;
