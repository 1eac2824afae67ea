// Accounts, sessions and the password policy (issue 9). Sessions live in the
// main process only: a transport keeps the token per window and the page
// never sees it. A session is closed after `idleMinutes` without a call
// (auto-lock). Every sign-in, failure, lockout and account change is written
// to the audit trail through ctx.write.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../shared/errors.ts';
import { ADMIN_ROLES, DEFAULT_POLICY, passwordProblems, permissionsOf, ROLES, separationProblem, type PasswordPolicy, type Permission, type Role } from '../../../shared/security.ts';
import type { ServiceContext, WriteTx } from '../context.ts';
import type { Database, Row } from '../db/schema.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { callScope, currentScope, type CallScope, type ScopeActor, type SessionHolder } from './scope.ts';

export interface Session {
  token: string;
  userId: number;
  login: string;
  name: string;
  roles: Role[];
  permissions: Permission[];
  mustChange: boolean;
  lastSeen: number;
}

export interface UserInfo {
  id: number;
  login: string;
  name: string;
  roles: Role[];
  enabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  passwordChangedAt: string | null;
}

export interface SessionInfo {
  signedIn: boolean;
  user: UserInfo | null;
  permissions: Permission[];
  mustChangePassword: boolean;
  idleMinutes: number;
}

const POLICY_SETTING = 'password_policy';
const MASK = '******';

function parseRoles(s: string): Role[] {
  try {
    const v = JSON.parse(s) as unknown;
    return Array.isArray(v) ? v.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string)) : [];
  } catch {
    return [];
  }
}

const trxOf = (w: WriteTx) => w.trx as unknown as Kysely<Database>;

export function createAuth(ctx: ServiceContext) {
  const sessions = new Map<string, Session>();
  const nowMs = () => ctx.now().getTime();

  async function policy(): Promise<PasswordPolicy> {
    const row = await ctx.db.selectFrom('app_settings').select('value').where('key', '=', POLICY_SETTING).executeTakeFirst();
    if (!row) return { ...DEFAULT_POLICY };
    try {
      return { ...DEFAULT_POLICY, ...(JSON.parse(row.value) as Partial<PasswordPolicy>) };
    } catch {
      return { ...DEFAULT_POLICY };
    }
  }

  function info(u: Row<'users'>): UserInfo {
    const lockedUntil = u.locked_until && Date.parse(u.locked_until) > nowMs() ? u.locked_until : null;
    return {
      id: u.id,
      login: u.login,
      name: u.name,
      roles: parseRoles(u.roles),
      enabled: u.enabled === 1,
      locked: lockedUntil !== null,
      lockedUntil,
      mustChangePassword: u.must_change === 1,
      passwordChangedAt: u.password_changed_at,
    };
  }

  async function userById(id: number): Promise<Row<'users'>> {
    const u = await ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!u || u.password_hash === null) throw new AppError('not_found', `找不到账号（编号 ${id}）。`);
    return u;
  }

  /** Accounts people sign in with (system actors of the command line and tests have no password). */
  async function accounts(): Promise<Row<'users'>[]> {
    return ctx.db.selectFrom('users').selectAll().where('password_hash', 'is not', null).orderBy('id').execute();
  }

  async function needsSetup(): Promise<boolean> {
    const all = await accounts();
    return !ADMIN_ROLES.every((r) => all.some((u) => parseRoles(u.roles).includes(r)));
  }

  async function checkNewPassword(pw: string, login: string, userId: number | null): Promise<void> {
    const pol = await policy();
    const problems = passwordProblems(pw, pol, login);
    if (problems.length > 0) throw new AppError('password_policy', `密码不符合要求：${problems.join('；')}。`, { kind: 'field', path: 'password' });
    if (userId !== null && pol.historyCount > 0) {
      const recent = await ctx.db.selectFrom('password_history').select('hash').where('user_id', '=', userId).orderBy('id', 'desc').limit(pol.historyCount).execute();
      for (const r of recent) {
        if (await verifyPassword(pw, r.hash)) throw new AppError('password_policy', `新密码不能与最近 ${pol.historyCount} 次使用过的密码相同。`, { kind: 'field', path: 'password' });
      }
    }
  }

  async function setPasswordIn(w: WriteTx, userId: number, pw: string, mustChange: boolean): Promise<void> {
    const hash = await hashPassword(pw);
    await trxOf(w).updateTable('users').set({ password_hash: hash, password_changed_at: w.at, must_change: mustChange ? 1 : 0, failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
    await trxOf(w).insertInto('password_history').values({ user_id: userId, hash, at: w.at }).execute();
    w.changed({ entity: 'user', key: String(userId), field: 'password', old: MASK, new: MASK });
  }

  function sessionInfo(s: Session | null, u: Row<'users'> | null, idle: number): SessionInfo {
    if (!s || !u) return { signedIn: false, user: null, permissions: [], mustChangePassword: false, idleMinutes: idle };
    return { signedIn: true, user: info(u), permissions: s.mustChange ? [] : s.permissions, mustChangePassword: s.mustChange, idleMinutes: idle };
  }

  function holderOf(): SessionHolder {
    return currentScope()?.holder ?? { token: null };
  }

  /** The live session of a holder, closed when idle too long. */
  async function live(holder: SessionHolder): Promise<Session | 'expired' | null> {
    if (!holder.token) return null;
    const s = sessions.get(holder.token);
    if (!s) return null;
    const idle = (await policy()).idleMinutes;
    if (nowMs() - s.lastSeen > idle * 60_000) {
      sessions.delete(s.token);
      holder.token = null;
      await ctx.write({ action: 'auth.idle_lock', entity: 'user', entityId: s.userId, cycleId: null, scope: null, detail: { login: s.login, idleMinutes: idle } }, async () => undefined);
      return 'expired';
    }
    return s;
  }

  function auditAs(actor: ScopeActor | null) {
    // sign-in events are recorded as the account they are about, when it exists
    return <T>(fn: () => Promise<T>) => (actor ? runAsActor(actor, fn) : fn());
  }

  function runAsActor<T>(actor: ScopeActor, fn: () => Promise<T>): Promise<T> {
    const scope = currentScope();
    const holder = scope?.holder ?? { token: null };
    return callScopeRun({ actor, holder, trusted: scope?.trusted ?? false }, fn);
  }

  const auth = {
    sessions,
    policy,
    needsSetup,

    /**
     * What the dispatcher asks before a handler runs: the session of the
     * holder, refused when absent, idle or waiting for a password change.
     */
    async requireSession(holder: SessionHolder, opts: { allowMustChange?: boolean } = {}): Promise<Session> {
      const s = await live(holder);
      if (s === 'expired') throw new AppError('session_expired', '长时间未操作，系统已自动锁定。请重新登录。');
      if (!s) throw new AppError('unauthorized', '请先登录。');
      const u = await ctx.db.selectFrom('users').select(['enabled', 'roles', 'must_change']).where('id', '=', s.userId).executeTakeFirst();
      if (!u || u.enabled !== 1) {
        sessions.delete(s.token);
        holder.token = null;
        throw new AppError('unauthorized', '账号已停用，请联系系统管理员。');
      }
      // roles changed by the security administrator take effect at the next call
      s.roles = parseRoles(u.roles);
      s.permissions = permissionsOf(s.roles);
      s.mustChange = u.must_change === 1 || s.mustChange;
      s.lastSeen = nowMs();
      if (s.mustChange && !opts.allowMustChange) throw new AppError('forbidden', '请先修改密码，然后再进行其他操作。');
      return s;
    },

    async setupStatus() {
      return { needsSetup: await needsSetup(), policy: await policy() };
    },

    async firstRunSetup(input: Record<'sysadmin' | 'secadmin' | 'auditor', { login: string; name: string; password: string }>) {
      if (!(await needsSetup())) throw new AppError('conflict', '系统已完成初始设置，管理员账号只能由安全保密管理员调整。');
      const logins = new Set<string>();
      for (const role of ADMIN_ROLES) {
        const p = input[role];
        if (logins.has(p.login.toLowerCase())) throw new AppError('invalid_input', '三个管理员账号的账号名不能相同（三员分立）。', { kind: 'field', path: `${role}.login` });
        logins.add(p.login.toLowerCase());
        const problems = passwordProblems(p.password, await policy(), p.login);
        if (problems.length > 0) throw new AppError('password_policy', `${p.name}的密码不符合要求：${problems.join('；')}。`, { kind: 'field', path: `${role}.password` });
      }
      const existing = await ctx.db.selectFrom('users').select('login').where('login', 'in', [...logins]).execute();
      if (existing.length > 0) throw new AppError('conflict', `账号名“${existing[0]!.login}”已被使用。`);
      const ids = await ctx.write({ action: 'auth.setup', entity: 'user', cycleId: null, scope: null }, async (w) => {
        const out: number[] = [];
        for (const role of ADMIN_ROLES) {
          const p = input[role];
          const row = await trxOf(w).insertInto('users').values({ login: p.login, name: p.name, role: role === 'auditor' ? 'auditor' : 'admin', roles: JSON.stringify([role]) }).returning('id').executeTakeFirstOrThrow();
          await setPasswordIn(w, row.id, p.password, false);
          w.changed({ entity: 'user', key: String(row.id), field: 'roles', old: null, new: [role] });
          out.push(row.id);
        }
        return out;
      });
      const all = await accounts();
      return { accounts: all.filter((u) => ids.includes(u.id)).map(info) };
    },

    async login(login: string, password: string): Promise<SessionInfo> {
      const pol = await policy();
      const u = await ctx.db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
      const account = u && u.password_hash !== null ? u : null;
      const ok = await verifyPassword(password, account?.password_hash ?? null);
      const actor = account ? { id: account.id, name: account.name } : null;
      const failed = new AppError('auth_failed', '账号或密码不正确。');
      if (!account) {
        await ctx.write({ action: 'auth.login_failed', entity: 'user', cycleId: null, scope: null, detail: { login: login.slice(0, 40), reason: 'unknown_account' } }, async () => undefined);
        throw failed;
      }
      if (account.locked_until && Date.parse(account.locked_until) > nowMs()) {
        await auditAs(actor)(() => ctx.write({ action: 'auth.login_refused', entity: 'user', entityId: account.id, cycleId: null, scope: null, detail: { login, reason: 'locked' } }, async () => undefined));
        throw new AppError('account_locked', `账号已被锁定（连续登录失败），请于 ${new Date(account.locked_until).toLocaleString('zh-CN', { hour12: false })} 后重试，或请安全保密管理员解锁。`);
      }
      if (account.enabled !== 1) {
        await auditAs(actor)(() => ctx.write({ action: 'auth.login_refused', entity: 'user', entityId: account.id, cycleId: null, scope: null, detail: { login, reason: 'disabled' } }, async () => undefined));
        throw new AppError('auth_failed', '账号已停用，请联系系统管理员。');
      }
      if (!ok) {
        const count = account.failed_logins + 1;
        const lock = count >= pol.maxFailures;
        await auditAs(actor)(() =>
          ctx.write({ action: lock ? 'auth.lockout' : 'auth.login_failed', entity: 'user', entityId: account.id, cycleId: null, scope: null, detail: { login, failures: count } }, async (w) => {
            await trxOf(w).updateTable('users').set({ failed_logins: lock ? 0 : count, locked_until: lock ? new Date(nowMs() + pol.lockMinutes * 60_000).toISOString() : account.locked_until }).where('id', '=', account.id).execute();
          }),
        );
        if (lock) throw new AppError('account_locked', `连续 ${pol.maxFailures} 次登录失败，账号已锁定 ${pol.lockMinutes} 分钟。`);
        throw failed;
      }
      const expired = pol.expiryDays > 0 && account.password_changed_at !== null && nowMs() - Date.parse(account.password_changed_at) > pol.expiryDays * 86_400_000;
      const roles = parseRoles(account.roles);
      const s: Session = { token: randomBytes(32).toString('base64url'), userId: account.id, login: account.login, name: account.name, roles, permissions: permissionsOf(roles), mustChange: account.must_change === 1 || expired, lastSeen: nowMs() };
      await auditAs(actor)(() =>
        ctx.write({ action: 'auth.login', entity: 'user', entityId: account.id, cycleId: null, scope: null, detail: { login, passwordExpired: expired } }, async (w) => {
          await trxOf(w).updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', account.id).execute();
        }),
      );
      const holder = holderOf();
      if (holder.token) sessions.delete(holder.token);
      sessions.set(s.token, s);
      holder.token = s.token;
      return sessionInfo(s, { ...account, failed_logins: 0, locked_until: null }, pol.idleMinutes);
    },

    async logout(): Promise<{ signedOut: boolean }> {
      const holder = holderOf();
      const s = holder.token ? sessions.get(holder.token) : undefined;
      holder.token = null;
      if (!s) return { signedOut: false };
      sessions.delete(s.token);
      // logout is a public channel (the dispatcher names no actor): recorded as the user who signs out
      await runAsActor({ id: s.userId, name: s.name }, () => ctx.write({ action: 'auth.logout', entity: 'user', entityId: s.userId, cycleId: null, scope: null, detail: { login: s.login } }, async () => undefined));
      return { signedOut: true };
    },

    async currentSession(): Promise<SessionInfo> {
      const idle = (await policy()).idleMinutes;
      const s = await live(holderOf());
      if (!s || s === 'expired') return sessionInfo(null, null, idle);
      const u = await ctx.db.selectFrom('users').selectAll().where('id', '=', s.userId).executeTakeFirst();
      return sessionInfo(s, u ?? null, idle);
    },

    /** Proves the old password (failures count towards the lockout like a sign-in). */
    async changePassword(login: string, oldPassword: string, newPassword: string): Promise<SessionInfo> {
      const pol = await policy();
      const u = await ctx.db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
      const account = u && u.password_hash !== null ? u : null;
      const ok = await verifyPassword(oldPassword, account?.password_hash ?? null);
      if (!account) throw new AppError('auth_failed', '账号或原密码不正确。');
      const actor = { id: account.id, name: account.name };
      if (account.locked_until && Date.parse(account.locked_until) > nowMs()) throw new AppError('account_locked', '账号已被锁定，请稍后重试或请安全保密管理员解锁。');
      if (!ok) {
        const count = account.failed_logins + 1;
        const lock = count >= pol.maxFailures;
        await auditAs(actor)(() =>
          ctx.write({ action: lock ? 'auth.lockout' : 'auth.password_change_failed', entity: 'user', entityId: account.id, cycleId: null, scope: null, detail: { login, failures: count } }, async (w) => {
            await trxOf(w).updateTable('users').set({ failed_logins: lock ? 0 : count, locked_until: lock ? new Date(nowMs() + pol.lockMinutes * 60_000).toISOString() : null }).where('id', '=', account.id).execute();
          }),
        );
        throw new AppError(lock ? 'account_locked' : 'auth_failed', lock ? `连续 ${pol.maxFailures} 次密码错误，账号已锁定 ${pol.lockMinutes} 分钟。` : '账号或原密码不正确。', { kind: 'field', path: 'oldPassword' });
      }
      if (oldPassword === newPassword) throw new AppError('password_policy', '新密码不能与原密码相同。', { kind: 'field', path: 'newPassword' });
      await checkNewPassword(newPassword, account.login, account.id);
      await auditAs(actor)(() => ctx.write({ action: 'auth.password_change', entity: 'user', entityId: account.id, cycleId: null, scope: null }, (w) => setPasswordIn(w, account.id, newPassword, false)));
      for (const s of sessions.values()) if (s.userId === account.id) s.mustChange = false;
      return auth.currentSession();
    },

    async listAccounts(): Promise<UserInfo[]> {
      return (await accounts()).map(info);
    },

    async createAccount(input: { login: string; name: string; password: string }): Promise<UserInfo> {
      const exists = await ctx.db.selectFrom('users').select('id').where('login', '=', input.login).executeTakeFirst();
      if (exists) throw new AppError('conflict', `账号名“${input.login}”已被使用。`, { kind: 'field', path: 'login' });
      await checkNewPassword(input.password, input.login, null);
      const id = await ctx.write({ action: 'account.create', entity: 'user', cycleId: null, scope: null, detail: { login: input.login } }, async (w) => {
        const row = await trxOf(w).insertInto('users').values({ login: input.login, name: input.name, role: 'viewer', roles: '[]' }).returning('id').executeTakeFirstOrThrow();
        w.identify({ entityId: row.id });
        w.changed([
          { entity: 'user', key: String(row.id), field: 'login', old: null, new: input.login },
          { entity: 'user', key: String(row.id), field: 'name', old: null, new: input.name },
        ]);
        // the first password is the administrator's: the user changes it at the first sign-in
        await setPasswordIn(w, row.id, input.password, true);
        return row.id;
      });
      return info(await userById(id));
    },

    async setAccountEnabled(userId: number, enabled: boolean): Promise<UserInfo> {
      const u = await userById(userId);
      const me = currentScope()?.actor?.id;
      if (me === userId && !enabled) throw new AppError('conflict', '不能停用自己正在使用的账号。');
      if (!enabled && parseRoles(u.roles).some((r) => (ADMIN_ROLES as readonly string[]).includes(r))) throw new AppError('conflict', '管理员账号不能停用：三员必须始终在岗。');
      await ctx.write({ action: enabled ? 'account.enable' : 'account.disable', entity: 'user', entityId: userId, cycleId: null, scope: null }, async (w) => {
        await trxOf(w).updateTable('users').set({ enabled: enabled ? 1 : 0 }).where('id', '=', userId).execute();
        w.changed({ entity: 'user', key: String(userId), field: 'enabled', old: u.enabled === 1, new: enabled });
      });
      if (!enabled) for (const [t, s] of sessions) if (s.userId === userId) sessions.delete(t);
      return info(await userById(userId));
    },

    async setAccountRoles(userId: number, roles: Role[]): Promise<UserInfo> {
      const u = await userById(userId);
      const unique = [...new Set(roles)];
      const problem = separationProblem(unique);
      if (problem) throw new AppError('conflict', problem, { kind: 'field', path: 'roles' });
      const me = currentScope()?.actor?.id;
      if (me === userId) throw new AppError('conflict', '不能调整自己的角色。');
      const before = parseRoles(u.roles);
      // the three administrators stay: a role is moved by giving it to another account first
      for (const r of ADMIN_ROLES) {
        if (before.includes(r) && !unique.includes(r)) {
          const others = (await accounts()).filter((a) => a.id !== userId && parseRoles(a.roles).includes(r) && a.enabled === 1);
          if (others.length === 0) throw new AppError('conflict', `不能取消最后一个${r === 'sysadmin' ? '系统管理员' : r === 'secadmin' ? '安全保密管理员' : '安全审计员'}的角色。`);
        }
      }
      await ctx.write({ action: 'account.roles', entity: 'user', entityId: userId, cycleId: null, scope: null }, async (w) => {
        await trxOf(w).updateTable('users').set({ roles: JSON.stringify(unique) }).where('id', '=', userId).execute();
        w.changed({ entity: 'user', key: String(userId), field: 'roles', old: before, new: unique });
      });
      return info(await userById(userId));
    },

    async resetPassword(userId: number, newPassword: string): Promise<UserInfo> {
      const u = await userById(userId);
      const me = currentScope()?.actor?.id;
      if (me === userId) throw new AppError('conflict', '自己的密码请用“修改密码”。');
      await checkNewPassword(newPassword, u.login, u.id);
      await ctx.write({ action: 'account.password_reset', entity: 'user', entityId: userId, cycleId: null, scope: null }, (w) => setPasswordIn(w, userId, newPassword, true));
      for (const [t, s] of sessions) if (s.userId === userId) sessions.delete(t);
      return info(await userById(userId));
    },

    async unlockAccount(userId: number): Promise<UserInfo> {
      const u = await userById(userId);
      await ctx.write({ action: 'account.unlock', entity: 'user', entityId: userId, cycleId: null, scope: null }, async (w) => {
        await trxOf(w).updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
        w.changed({ entity: 'user', key: String(userId), field: 'locked_until', old: u.locked_until, new: null });
      });
      return info(await userById(userId));
    },

    async setPolicy(p: PasswordPolicy): Promise<PasswordPolicy> {
      const before = await policy();
      await ctx.write({ action: 'settings.password_policy', entity: 'settings', cycleId: null, scope: null }, async (w) => {
        await trxOf(w).insertInto('app_settings').values({ key: POLICY_SETTING, value: JSON.stringify(p) }).onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(p) })).execute();
        w.changed({ entity: 'settings', key: POLICY_SETTING, field: null, old: before, new: p });
      });
      return policy();
    },
  };
  return auth;
}

export type Auth = ReturnType<typeof createAuth>;

const auths = new WeakMap<ServiceContext, Auth>();
/** The one Auth (with its sessions) of a context. */
export function authOf(ctx: ServiceContext): Auth {
  let a = auths.get(ctx);
  if (!a) auths.set(ctx, (a = createAuth(ctx)));
  return a;
}

function callScopeRun<T>(scope: CallScope, fn: () => Promise<T>): Promise<T> {
  return callScope.run(scope, fn);
}
