// The preload exposes `window.api`, built by the one client factory; every
// call goes over the single IPC channel. Nothing else is exposed.
// It bundles only the factory and the channel names (shared/ipc/channels.ts),
// never the contract's schemas: lint and test/unit/layers.test.ts hold it so.
import { contextBridge, ipcRenderer } from 'electron';
import { createApiClient } from '../../shared/ipc/client.ts';
import { IPC_INVOKE } from '../../shared/ipc/channels.ts';

contextBridge.exposeInMainWorld(
  'api',
  createApiClient((channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input)),
);
