// Channel → shell: choosing files and following long jobs (contract-shell.ts).
// The picker belongs to the transport: Electron shows the native dialog
// (electron/main/dialogs.ts), the Chromium host answers as scripted
// (electron/host/chromium-host.ts); in-process callers have none.
import { AppError } from '../../../shared/errors.ts';
import type { PickRequest } from '../../../shared/ipc/contract-shell.ts';
import { cancelJob, jobProgress } from '../jobs.ts';
import type { Handlers } from './dispatch.ts';

/** Shows the user a dialog; resolves to the chosen path, or null when closed without a choice. */
export type PathPicker = (req: PickRequest) => Promise<string | null>;

export interface ShellOptions {
  pickPath?: PathPicker;
}

const noPicker: PathPicker = async () => {
  throw new AppError('invalid_input', '当前运行方式不能弹出选择文件的对话框。');
};

export function createShellHandlers(opts: ShellOptions = {}): Pick<Handlers, 'pickPath' | 'jobProgress' | 'cancelJob'> {
  const pick = opts.pickPath ?? noPicker;
  return {
    pickPath: async (i) => ({ path: await pick(i) }),
    jobProgress: async (i) => jobProgress(i.jobId),
    cancelJob: async (i) => cancelJob(i.jobId),
  };
}
