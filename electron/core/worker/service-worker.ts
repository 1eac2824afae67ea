// A worker thread that runs service calls on a connection of its own
// (offload.ts): bulk saves, province-scale recomputes, so the main process —
// which in Electron also routes the window's input — never blocks for
// seconds. It opens the same store with the same key once and then answers
// one call at a time, acting as each call's user; an error keeps its code,
// message and location. Terminating it mid-call rolls the open transaction
// back: SQLite never sees a commit.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { Channel } from '../../../shared/ipc/contract.ts';
import { createContext, type SiblingOptions } from '../context.ts';
import { createHandlers } from '../ipc/handlers.ts';
import { callScope, type ScopeActor } from '../security/scope.ts';

export interface ServiceCall {
  seq: number;
  channel: Channel;
  input: unknown;
  actor: ScopeActor | null;
  trusted: boolean;
  /** the caller's clock at the hand-over (a test's fixed clock included), carried forward */
  nowIso: string;
}

export type ServiceAnswer =
  | { seq: number; type: 'done'; value: unknown }
  | { seq: number; type: 'error'; code: AppError['code']; message: string; location: AppError['location'] | null; internal?: boolean };

const o = workerData as SiblingOptions;
const port = parentPort!;
// a Buffer key arrives as a Uint8Array
const key = o.key === null || typeof o.key === 'string' ? o.key : Buffer.from(o.key);
let clock = { base: Date.now(), at: Date.now() };
const opened = createContext({ dbFile: o.dbFile, documentsDir: o.documentsDir, host: o.host, userLogin: o.userLogin, dbKey: key, synchronous: o.synchronous, now: () => new Date(clock.base + (Date.now() - clock.at)) });
const handlers = opened.then((ctx) => createHandlers(ctx));
// a failure to open is answered to the first call (and every later one)
opened.catch(() => undefined);

// one call at a time: the main side sends the next only after this one's answer
port.on('message', async (call: ServiceCall) => {
  let answer: ServiceAnswer;
  try {
    clock = { base: Date.parse(call.nowIso), at: Date.now() };
    const handler = (await handlers)[call.channel] as (i: unknown) => Promise<unknown>;
    const value = await callScope.run({ actor: call.actor, holder: { token: null }, trusted: call.trusted }, () => handler(call.input));
    answer = { seq: call.seq, type: 'done', value };
  } catch (e) {
    answer =
      e instanceof AppError
        ? { seq: call.seq, type: 'error', code: e.code, message: e.message, location: e.location ?? null }
        : { seq: call.seq, type: 'error', code: 'internal', message: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e), location: null, internal: true };
  }
  port.postMessage(answer);
});

port.on('close', () => void opened.then((ctx) => ctx.close()).catch(() => undefined));
