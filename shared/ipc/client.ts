// The one client factory: builds `window.api` from the contract, given how
// to send a call (ipcRenderer in the preload, a Playwright binding in the
// test host). Unknown channels are refused before they are sent.
// Only the channel names are imported as values (channels.ts): the preload
// bundles this file and must not carry zod and the schemas.
import { CHANNELS } from './channels.ts';
import type { Channel, InputOf, OutputOf } from './contract.ts';
import type { Envelope } from './envelope.ts';

export { HOST_BINDING, IPC_INVOKE } from './channels.ts';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
export type Api = { [C in Channel]: (input: InputOf<C>) => Promise<Envelope<OutputOf<C>>> };

export function createApiClient(invoke: Invoke): Api {
  const api = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const channel of CHANNELS) {
    api[channel] = (input: unknown) => invoke(channel, input === undefined ? {} : input);
  }
  return Object.freeze(api) as unknown as Api;
}
