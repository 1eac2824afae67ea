// What every service gets: the database, the acting user, folders and a
// clock. All writes go through `write()`, the one place that knows the user,
// runs the transaction and records the audit trail.
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { openDatabase, type OpenDb } from './db/connection.ts';
import type { Database } from './db/schema.ts';

export type Db = Kysely<Database> | Transaction<Database>;

export interface Actor {
  id: number;
  name: string;
}

export interface WriteInfo {
  action: string;
  entity: string;
  entityId?: number | null;
  cycleId?: number | null;
  detail?: Record<string, unknown>;
}

export interface ServiceContext {
  db: Kysely<Database>;
  store: OpenDb;
  actor: Actor;
  documentsDir: string;
  host: 'electron' | 'chromium' | 'test';
  now(): Date;
  write<T>(info: WriteInfo | ((result: T) => WriteInfo), fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ContextOptions {
  dbFile: string;
  documentsDir?: string;
  host?: ServiceContext['host'];
  now?: () => Date;
  userLogin?: string;
}

async function ensureActor(db: Kysely<Database>, login: string): Promise<Actor> {
  const found = await db.selectFrom('users').select(['id', 'name']).where('login', '=', login).executeTakeFirst();
  if (found) return found;
  const name = login === 'admin' ? '系统管理员' : login;
  const row = await db.insertInto('users').values({ login, name, role: 'admin' }).returning(['id', 'name']).executeTakeFirstOrThrow();
  return row;
}

export async function createContext(opts: ContextOptions): Promise<ServiceContext> {
  const now = opts.now ?? (() => new Date());
  const store = await openDatabase(opts.dbFile, { now });
  const actor = await ensureActor(store.db, opts.userLogin ?? 'admin');
  const documentsDir = opts.documentsDir ?? path.join(path.dirname(path.resolve(opts.dbFile)), 'documents');
  fs.mkdirSync(documentsDir, { recursive: true });
  const ctx: ServiceContext = {
    db: store.db,
    store,
    actor,
    documentsDir,
    host: opts.host ?? 'test',
    now,
    async write(info, fn) {
      return store.db.transaction().execute(async (trx) => {
        const result = await fn(trx);
        const i = typeof info === 'function' ? info(result) : info;
        await trx
          .insertInto('audit_log')
          .values({
            at: now().toISOString(),
            user_id: actor.id,
            action: i.action,
            entity: i.entity,
            entity_id: i.entityId ?? null,
            cycle_id: i.cycleId ?? null,
            detail: JSON.stringify(i.detail ?? {}),
          })
          .execute();
        return result;
      });
    },
    close: () => store.close(),
  };
  return ctx;
}
