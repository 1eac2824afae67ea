// Test helpers: a real SQLite file in a fresh temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { createContext, type ServiceContext } from '../electron/core/context.ts';
import { rawOf } from '../electron/core/db/handles.ts';
import type { Database } from '../electron/core/db/schema.ts';
import { createDispatcher, type Dispatch } from '../electron/core/ipc/dispatch.ts';
import { createHandlers } from '../electron/core/ipc/handlers.ts';
import type { Channel, OutputOf } from '../shared/ipc/contract.ts';

/** The context's database with write access: for test fixtures only; services get a read handle. */
export function fixtureDb(ctx: ServiceContext): Kysely<Database> {
  return ctx.db as Kysely<Database>;
}

export function tempDir(prefix = 'kaohe-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestApp {
  ctx: ServiceContext;
  dispatch: Dispatch;
  dir: string;
  /** the database with write access, for fixtures that bypass the services (tests only) */
  db: Kysely<Database>;
  raw: BetterSqlite3.Database;
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
    db: fixtureDb(ctx),
    raw: rawOf(ctx.db),
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

/** Fills in the document settings a letter needs (a letter is refused while the contact is a placeholder). */
export async function setDocumentContact(app: TestApp, cycleId: number): Promise<void> {
  const settings = await app.call('getDocumentSettings', { cycleId });
  await app.call('saveDocumentSettings', { cycleId, settings: { ...settings, contactPerson: '王明', contactPhone: '0316-5126688' } });
}
