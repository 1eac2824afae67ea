// What every service gets: a read handle, the acting user, folders and a
// clock. Every write goes through `write()`, the one place that
//   1. checks that the cycle's state allows what the write changes (lifecycle),
//   2. runs the service's changes in one transaction,
//   3. recomputes, in the same transaction, the categories the write touched
//      and those that depend on them (one recompute path), and
//   4. records the audit trail: one row for the operation and one per changed
//      field, with old and new values, hash-chained (security/audit-chain.ts).
// The actor is the signed-in user of the call (security/scope.ts) or, on the
// trusted in-process path (tests, command line), the context's system actor.
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../../shared/errors.ts';
import { CYCLE_STATUSES, type CycleStatus } from '../../shared/domain.ts';
import { cycleAllows, lockedMessage, type WriteScope } from '../../shared/lifecycle.ts';
import { openDatabase, type OpenDb } from './db/connection.ts';
import type { DbKey } from './db/keyed.ts';
import { createAuditAppender, type AuditInsert } from './security/audit-chain.ts';
import { createBackup } from './backup/backup.ts';
import { currentScope } from './security/scope.ts';
import { registerRaw, type ReadDb } from './db/handles.ts';
import type { Database } from './db/schema.ts';
import { recomputeTouched, type RecomputeOutcome } from './services/recompute.ts';

export type { ReadDb } from './db/handles.ts';
/** A read handle (the database or a transaction): repositories' read functions take this. */
export type Db = ReadDb;

export interface Actor {
  id: number;
  name: string;
}

/** One changed field (or a created/deleted entity, with field null), for the audit trail. */
export interface FieldChange {
  entity: string;
  key: string;
  field: string | null;
  old: unknown;
  new: unknown;
}

export interface WriteOp {
  /** e.g. 'indicator.update' */
  action: string;
  entity: string;
  entityId?: number | null;
  /** the cycle whose content changes; null for what belongs to no cycle yet */
  cycleId: number | null;
  /** what the write changes, as the lifecycle sees it; null: not the cycle's content (its status, a new cycle) */
  scope: WriteScope | null;
  detail?: Record<string, unknown>;
}

/** The handle a write runs with: the transaction, and what it says about its consequences. */
export interface WriteTx {
  readonly trx: Transaction<Database>;
  readonly at: string;
  readonly actor: Actor;
  readonly op: WriteOp;
  /** changed fields, for the audit trail */
  changed(changes: FieldChange | FieldChange[]): void;
  /** the inputs of these categories changed: they and their dependents are recomputed before commit */
  touch(categoryIds: Iterable<number>, cycleId?: number): void;
  /** the final grades of units in these categories changed (adjustments): only their dependents are recomputed */
  touchDependents(categoryIds: Iterable<number>, cycleId?: number): void;
  /** more detail for the operation's audit row */
  note(detail: Record<string, unknown>): void;
  /** what the operation turned out to be about, when it created it (a new cycle, a new entity) */
  identify(ids: { cycleId?: number; entityId?: number }): void;
}

export interface WriteOutcome<T> {
  value: T;
  recompute: RecomputeOutcome | null;
}

export interface ServiceContext {
  /** reads only; writes go through `write` */
  db: ReadDb;
  dbFile: string;
  actor: Actor;
  documentsDir: string;
  host: 'electron' | 'chromium' | 'test';
  now(): Date;
  write<T>(op: WriteOp, fn: (w: WriteTx) => Promise<T>): Promise<T>;
  /** like write, and says what the recompute that followed did */
  writeWithOutcome<T>(op: WriteOp, fn: (w: WriteTx) => Promise<T>): Promise<WriteOutcome<T>>;
  close(): Promise<void>;
}

export interface ContextOptions {
  dbFile: string;
  documentsDir?: string;
  host?: ServiceContext['host'];
  now?: () => Date;
  userLogin?: string;
  /** the database key; absent: KAOHE_DB_KEY from the environment, else none (a plaintext file) */
  dbKey?: DbKey | null;
  /** commit durability (benchmarks compare); FULL by default */
  synchronous?: 'FULL' | 'NORMAL';
}

/** The key configured for the command line and tests: KAOHE_DB_KEY, or none. */
export function envDbKey(): string | null {
  const k = process.env.KAOHE_DB_KEY;
  return k && k.length > 0 ? k : null;
}

async function ensureActor(db: Kysely<Database>, login: string): Promise<Actor> {
  const found = await db.selectFrom('users').select(['id', 'name']).where('login', '=', login).executeTakeFirst();
  if (found) return found;
  const name = login === 'admin' ? '系统管理员' : login;
  const row = await db.insertInto('users').values({ login, name, role: 'admin' }).returning(['id', 'name']).executeTakeFirstOrThrow();
  return row;
}

/** Audit values as text: strings as they are, everything else as JSON. */
function auditText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

async function checkLifecycle(trx: Transaction<Database>, op: WriteOp): Promise<void> {
  if (op.scope === null || op.cycleId === null) return;
  const c = await trx.selectFrom('cycles').select(['name', 'status']).where('id', '=', op.cycleId).executeTakeFirst();
  if (!c) throw new AppError('not_found', `找不到考核年度（编号 ${op.cycleId}），可能已被删除。`);
  const status = (CYCLE_STATUSES as readonly string[]).includes(c.status) ? (c.status as CycleStatus) : 'draft';
  if (!cycleAllows(status, op.scope)) throw new AppError('locked', lockedMessage(c.name, status, op.scope));
}

export async function createContext(opts: ContextOptions): Promise<ServiceContext> {
  const now = opts.now ?? (() => new Date());
  const key = opts.dbKey === undefined ? envDbKey() : opts.dbKey;
  const store: OpenDb = await openDatabase(opts.dbFile, { now, key, ...(opts.synchronous ? { synchronous: opts.synchronous } : {}) });
  registerRaw(store.db, store.raw);
  const systemActor = await ensureActor(store.db, opts.userLogin ?? 'admin');
  const actorNow = (): Actor => currentScope()?.actor ?? systemActor;
  const documentsDir = opts.documentsDir ?? path.join(path.dirname(path.resolve(opts.dbFile)), 'documents');
  fs.mkdirSync(documentsDir, { recursive: true, mode: 0o700 });
  const appendAudit = createAuditAppender(store.raw);

  async function writeWithOutcome<T>(op: WriteOp, fn: (w: WriteTx) => Promise<T>): Promise<WriteOutcome<T>> {
    // a publication is a risky step: the state before it is kept as a verified backup
    // (createBackup writes its audit row itself: before taking the queue, which is not re-entrant)
    if (op.action === 'cycle.status' && op.detail?.to === 'published') await createBackup(ctx, 'before-publish');
    return exclusiveWrite(ctx, () => writeNow(op, fn));
  }

  async function writeNow<T>(op: WriteOp, fn: (w: WriteTx) => Promise<T>): Promise<WriteOutcome<T>> {
    return store.db.transaction().execute(async (trx) => {
      registerRaw(trx, store.raw);
      const at = now().toISOString();
      const actor = actorNow();
      const changes: FieldChange[] = [];
      const touched = new Map<number, { inputs: Set<number>; dependents: Set<number> }>();
      const detail: Record<string, unknown> = { ...(op.detail ?? {}) };
      const head = { cycleId: op.cycleId, entityId: op.entityId ?? null };
      const touchSet = (cycleId: number | undefined) => {
        const id = cycleId ?? op.cycleId;
        if (id === null || id === undefined) throw new Error(`write ${op.action}: touch without a cycle`);
        let t = touched.get(id);
        if (!t) touched.set(id, (t = { inputs: new Set(), dependents: new Set() }));
        return t;
      };
      const w: WriteTx = {
        trx,
        at,
        actor,
        op,
        changed: (c) => {
          if (Array.isArray(c)) for (const x of c) changes.push(x);
          else changes.push(c);
        },
        touch: (ids, cycleId) => {
          const t = touchSet(cycleId);
          for (const id of ids) t.inputs.add(id);
        },
        touchDependents: (ids, cycleId) => {
          const t = touchSet(cycleId);
          for (const id of ids) t.dependents.add(id);
        },
        note: (d) => Object.assign(detail, d),
        identify: (ids) => {
          if (ids.cycleId !== undefined) head.cycleId = ids.cycleId;
          if (ids.entityId !== undefined) head.entityId = ids.entityId;
        },
      };
      await checkLifecycle(trx, op);
      const value = await fn(w);
      const recompute = touched.size > 0 ? await recomputeTouched(w, touched) : null;
      if (recompute) detail.recompute = { categories: recompute.categories.length, subjects: recompute.subjects, ...(recompute.warning ? { warning: recompute.warning } : {}) };
      const rows: AuditInsert[] = [
        { at, user_id: actor.id, action: op.action, entity: op.entity, entity_id: head.entityId, cycle_id: head.cycleId, detail: JSON.stringify(detail), op: null, entity_key: null, field: null, old_value: null, new_value: null },
      ];
      for (const c of changes) {
        rows.push({ at, user_id: actor.id, action: op.action, entity: c.entity, entity_id: null, cycle_id: head.cycleId, detail: '{}', op: 'first', entity_key: c.key, field: c.field, old_value: auditText(c.old), new_value: auditText(c.new) });
      }
      appendAudit(rows);
      return { value, recompute };
    });
  }

  const ctx: ServiceContext = {
    db: store.db,
    dbFile: store.file,
    get actor() {
      return actorNow();
    },
    documentsDir,
    host: opts.host ?? 'test',
    now,
    writeWithOutcome,
    write: async (op, fn) => (await writeWithOutcome(op, fn)).value,
    close: async () => {
      for (const f of closeHooks.get(ctx) ?? []) await f();
      await store.close();
    },
  };
  siblings.set(ctx, { dbFile: store.file, documentsDir, host: ctx.host, userLogin: opts.userLogin ?? 'admin', key, synchronous: opts.synchronous ?? 'FULL' });
  return ctx;
}

// ---- one writer at a time, in this process or in a worker ----------------------

/** What a worker needs to open the same store as a context of its own (worker/service-worker.ts). */
export interface SiblingOptions {
  dbFile: string;
  documentsDir: string;
  host: ServiceContext['host'];
  userLogin: string;
  key: DbKey | null;
  synchronous: 'FULL' | 'NORMAL';
}

const siblings = new WeakMap<ServiceContext, SiblingOptions>();
const closeHooks = new WeakMap<ServiceContext, (() => Promise<void>)[]>();

/** Runs `f` when the context closes, before its store does (a worker holding a connection of its own stops first). */
export function onContextClose(ctx: ServiceContext, f: () => Promise<void>): void {
  closeHooks.set(ctx, [...(closeHooks.get(ctx) ?? []), f]);
}
const writeQueues = new WeakMap<ServiceContext, Promise<unknown>>();

export function siblingOptions(ctx: ServiceContext): SiblingOptions {
  const o = siblings.get(ctx);
  if (!o) throw new Error('not a context made by createContext');
  return o;
}

/**
 * Runs `fn` when no other write of this context runs, here or in a worker
 * the context handed a call to (offload.ts): SQLite allows one writer, and
 * waiting here is asynchronous, where SQLite's busy wait would block the
 * main thread. Not re-entrant: `fn` must not start another write.
 */
export function exclusiveWrite<T>(ctx: ServiceContext, fn: () => Promise<T>): Promise<T> {
  const before = writeQueues.get(ctx) ?? Promise.resolve();
  const run = before.then(fn, fn);
  writeQueues.set(
    ctx,
    run.then(
      () => undefined,
      () => undefined,
    ),
  );
  return run;
}
