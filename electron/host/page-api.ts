// Runs inside the page of the Chromium host (bundled by esbuild into an init
// script): builds `window.api` with the same client factory as the preload,
// sending each call through the Playwright binding.
import { createApiClient, HOST_BINDING } from '../../shared/ipc/client.ts';

const g = globalThis as unknown as Record<string, unknown>;
const binding = g[HOST_BINDING] as (channel: string, input: unknown) => Promise<unknown>;
Object.defineProperty(globalThis, 'api', {
  value: createApiClient((channel, input) => binding(channel, input)),
  writable: false,
  configurable: false,
});
