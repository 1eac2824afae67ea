// The one client factory: builds `window.api` from the contract, given how
// to send a call (ipcRenderer in the preload, a Playwright binding in the
// test host). Unknown channels are refused before they are sent.
import { CHANNELS, type Channel, type InputOf, type OutputOf } from './contract.ts';
import type { Envelope } from './envelope.ts';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
export type Api = { [C in Channel]: (input: InputOf<C>) => Promise<Envelope<OutputOf<C>>> };

export function createApiClient(invoke: Invoke): Api {
  const api = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const channel of CHANNELS) {
    api[channel] = (input: unknown) => invoke(channel, input === undefined ? {} : input);
  }
  return Object.freeze(api) as unknown as Api;
}

/** The name of the single Electron IPC channel that carries every call. */
export const IPC_INVOKE = 'kaohe:invoke';
/** The name of the Playwright binding in the Chromium host. */
export const HOST_BINDING = '__kaoheInvoke';
