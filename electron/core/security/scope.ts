// Who is calling, for the duration of one call: the checked dispatcher runs
// each handler inside a scope that names the signed-in user (the actor the
// audit trail records) and the transport's session holder (login and logout
// set it). Outside any scope — tests, the command line, the demo — the
// context's own system actor acts (the trusted in-process path).
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ScopeActor {
  id: number;
  name: string;
}

/** What a transport keeps per window: the session token, never shown to the page. */
export interface SessionHolder {
  token: string | null;
}

export interface CallScope {
  actor: ScopeActor | null;
  holder: SessionHolder;
  /** the trusted in-process path (tests, command line) */
  trusted: boolean;
}

export const callScope = new AsyncLocalStorage<CallScope>();

export function currentScope(): CallScope | undefined {
  return callScope.getStore();
}
