// Choosing a file or folder: the main process shows the native dialog (the
// sandboxed page cannot) and answers with the chosen path, or null.
import type { PickRequest } from '../../shared/ipc/contract-shell.ts';
import { call } from './api.ts';

export async function pickPath(req: PickRequest): Promise<string | null> {
  return (await call('pickPath', req)).path;
}

/** The file name at the end of a path, for messages. */
export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
