// Test helpers: a real SQLite file in a fresh temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type ServiceContext } from '../electron/core/context.ts';
import { createDispatcher, type Dispatch } from '../electron/core/ipc/dispatch.ts';
import { createHandlers } from '../electron/core/ipc/handlers.ts';
import type { Channel, OutputOf } from '../shared/ipc/contract.ts';

export function tempDir(prefix = 'kaohe-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestApp {
  ctx: ServiceContext;
  dispatch: Dispatch;
  dir: string;
  /** calls a channel and returns its value, failing the test on an error envelope */
  call<C extends Channel>(channel: C, input: unknown): Promise<OutputOf<C>>;
  close(): Promise<void>;
}

export async function openTestApp(opts: { now?: () => Date } = {}): Promise<TestApp> {
  const dir = tempDir();
  const ctx = await createContext({ dbFile: path.join(dir, 'kaohe.db'), documentsDir: path.join(dir, 'documents'), now: opts.now });
  const dispatch = createDispatcher(createHandlers(ctx));
  return {
    ctx,
    dispatch,
    dir,
    async call(channel, input) {
      const env = await dispatch(channel, input);
      if (!env.ok) throw new Error(`${channel}: ${env.error.code} ${env.error.message}`);
      return env.value as never;
    },
    async close() {
      await ctx.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
