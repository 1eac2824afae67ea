// Who is signed in and what the roles let them do (issue 9). The screens ask
// here to show only what a user may do; the server refuses the rest with
// `forbidden` whatever the screens show. Without a provider (and on the
// trusted in-process path of automation) every permission is held.
import { createContext, useContext } from 'react';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { PERMISSIONS, ROLE_LABELS, type Permission } from '../../../shared/security.ts';

export type SessionInfo = OutputOf<'currentSession'>;

export interface SessionState {
  /** null on the trusted path (no sign-in) */
  session: SessionInfo | null;
  permissions: readonly Permission[];
  /** the page is driven without a session (automation's in-process path) */
  trusted: boolean;
  can: (p: Permission) => boolean;
  /** locks the screen now (keeps the user, asks for the password again) */
  lock: () => void;
  logout: () => void;
  changePassword: () => void;
}

const ALL: SessionState = {
  session: null,
  permissions: PERMISSIONS,
  trusted: true,
  can: () => true,
  lock: () => undefined,
  logout: () => undefined,
  changePassword: () => undefined,
};

export const SessionContext = createContext<SessionState>(ALL);

export function useSession(): SessionState {
  return useContext(SessionContext);
}

/** Whether the signed-in user holds any of the permissions. */
export function useCan(...ps: Permission[]): boolean {
  const s = useContext(SessionContext);
  return ps.some((p) => s.can(p));
}

export function rolesText(roles: readonly string[]): string {
  return roles.length === 0 ? '未分配角色' : roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r).join('、');
}
