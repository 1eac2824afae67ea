// Registers the one IPC channel: checks the sender is the app's own page,
// then hands the call to the shared dispatcher (validation, envelope).
import { ipcMain } from 'electron';
import { IPC_INVOKE } from '../../shared/ipc/client.ts';
import type { Dispatch } from '../core/ipc/dispatch.ts';
import { isAppUrl } from './security.ts';

export function registerIpc(dispatch: Dispatch): void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown) => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url)) {
      return { ok: false, error: { code: 'forbidden_sender', message: '拒绝来自非本应用页面的请求。' } };
    }
    return dispatch(channel, input);
  });
}
