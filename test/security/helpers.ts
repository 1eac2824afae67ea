// Helpers of the security tests: a database with the three administrators
// and business accounts, and a checked dispatcher with one session per role.
import path from 'node:path';
import { createContext, type ServiceContext } from '../../electron/core/context.ts';
import { createDispatcher, type Dispatch } from '../../electron/core/ipc/dispatch.ts';
import { createHandlers } from '../../electron/core/ipc/handlers.ts';
import { authOf } from '../../electron/core/security/auth.ts';
import type { SessionHolder } from '../../electron/core/security/scope.ts';
import type { Role } from '../../shared/security.ts';
import { tempDir } from '../helpers.ts';

export const PASSWORDS: Record<Role, string> = {
  sysadmin: 'Xitong#2025admin',
  secadmin: 'Anquan#2025admin',
  auditor: 'Shenji#2025audit',
  operator: 'Caozuo#2025oper',
  reviewer: 'Shenhe#2025revi',
  viewer: 'Chayue#2025view',
};
export const LOGINS: Record<Role, string> = { sysadmin: 'xtgly', secadmin: 'aqgly', auditor: 'sjy', operator: 'czy', reviewer: 'shr', viewer: 'cyr' };

export interface Secured {
  ctx: ServiceContext;
  dir: string;
  checked: Dispatch;
  trusted: Dispatch;
  sessions: Record<Role, SessionHolder>;
  /** calls the checked path as a role and returns the value, failing on an error envelope */
  as<T = unknown>(role: Role, channel: string, input: unknown): Promise<T>;
  clock: { t: number };
}

export async function openSecured(opts: { dbKey?: string | null; demo?: boolean } = {}): Promise<Secured> {
  const dir = tempDir('kaohe-sec-');
  const clock = { t: Date.parse('2026-01-10T08:00:00Z') };
  const ctx = await createContext({ dbFile: path.join(dir, 'kaohe.db'), documentsDir: path.join(dir, 'documents'), now: () => new Date(clock.t), dbKey: opts.dbKey ?? null });
  const handlers = createHandlers(ctx);
  const checked = createDispatcher(handlers, { auth: authOf(ctx), onInternalError: () => undefined });
  const trusted = createDispatcher(handlers);
  const sessions = Object.fromEntries(Object.keys(LOGINS).map((r) => [r, { token: null }])) as Record<Role, SessionHolder>;
  const must = async (ch: string, input: unknown, holder: SessionHolder) => {
    const env = await checked(ch, input, holder);
    if (!env.ok) throw new Error(`${ch}: ${env.error.code} ${env.error.message}`);
    return env.value;
  };
  const person = (r: Role) => ({ login: LOGINS[r], name: LOGINS[r], password: PASSWORDS[r] });
  await must('firstRunSetup', { sysadmin: person('sysadmin'), secadmin: person('secadmin'), auditor: person('auditor') }, { token: null });
  for (const r of ['sysadmin', 'secadmin', 'auditor'] as const) await must('login', { login: LOGINS[r], password: PASSWORDS[r] }, sessions[r]);
  for (const r of ['operator', 'reviewer', 'viewer'] as const) {
    const u = (await must('createAccount', { ...person(r), password: `Tmp#${PASSWORDS[r]}` }, sessions.sysadmin)) as { id: number };
    await must('setAccountRoles', { userId: u.id, roles: [r] }, sessions.secadmin);
    await must('changePassword', { login: LOGINS[r], oldPassword: `Tmp#${PASSWORDS[r]}`, newPassword: PASSWORDS[r] }, sessions[r]);
    await must('login', { login: LOGINS[r], password: PASSWORDS[r] }, sessions[r]);
  }
  if (opts.demo) await must('loadDemo', {}, sessions.operator);
  return {
    ctx,
    dir,
    checked,
    trusted,
    sessions,
    clock,
    async as(role, channel, input) {
      return (await must(channel, input, sessions[role])) as never;
    },
  };
}
