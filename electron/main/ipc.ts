// Registers the one IPC channel: checks the sender is the app's own page,
// then hands the call to the shared dispatcher (session and permission,
// validation, envelope) with the session of the window it came from. The
// session token stays here, in the main process: the page never sees it.
import { ipcMain } from 'electron';
import { IPC_INVOKE } from '../../shared/ipc/client.ts';
import type { Dispatch } from '../core/ipc/dispatch.ts';
import type { SessionHolder } from '../core/security/scope.ts';
import { isAppUrl } from './security.ts';

export function registerIpc(dispatch: Dispatch): void {
  const holders = new Map<number, SessionHolder>();
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url)) {
      return { ok: false, error: { code: 'forbidden_sender', message: '拒绝来自非本应用页面的请求。' } };
    }
    const sender = event.sender as { id?: number; once?: (e: string, f: () => void) => void } | undefined;
    const id = sender?.id ?? -1;
    let holder = holders.get(id);
    if (!holder) {
      holders.set(id, (holder = { token: null }));
      // a closed window's session ends with it
      sender?.once?.('destroyed', () => holders.delete(id));
    }
    return dispatch(channel, input, holder);
  });
}
