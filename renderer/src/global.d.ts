// `window.api` is built by the preload (Electron) or the Chromium test host
// from the one client factory in shared/ipc/client.ts.
import type { Api } from '../../shared/ipc/client.ts';

declare global {
  interface Window {
    api: Api;
  }
}

export {};
