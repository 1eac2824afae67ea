// The preload exposes `window.api`, built by the one client factory; every
// call goes over the single IPC channel. Nothing else is exposed.
import { contextBridge, ipcRenderer } from 'electron';
import { createApiClient, IPC_INVOKE } from '../../shared/ipc/client.ts';

contextBridge.exposeInMainWorld(
  'api',
  createApiClient((channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input)),
);
