// The checked path: every channel refused without a session and with a role
// that lacks its permission; 三员分立; the password policy, lockout and
// idle auto-lock; and IPC fuzzing with random and hostile arguments: never a
// crash, never a change without a valid session and role.
import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawOf } from '../../electron/core/db/handles.ts';
import { CHANNEL_RULES, ruleFor } from '../../electron/core/security/permissions.ts';
import { CHANNELS, type Channel } from '../../shared/ipc/contract.ts';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../../shared/security.ts';
import { LOGINS, openSecured, PASSWORDS, type Secured } from './helpers.ts';

let s: Secured;
beforeAll(async () => {
  s = await openSecured({ demo: true });
}, 120_000);
afterAll(async () => {
  await s.ctx.close();
  fs.rmSync(s.dir, { recursive: true, force: true });
});

/** Everything but the audit trail, the sessions' own bookkeeping and the settings: what a refused call must not change. */
function fingerprint(): string {
  const raw = rawOf(s.ctx.db);
  const tables = (raw.prepare(`select name from sqlite_master where type='table' and name not in ('audit_log','users','app_settings','sqlite_sequence','password_history')`).all() as { name: string }[]).map((t) => t.name);
  return tables.map((t) => `${t}:${JSON.stringify(raw.prepare(`select count(*) n, total(rowid) s from "${t}"`).get())}`).join('|');
}

const VALID: Partial<Record<Channel, unknown>> = { setCycleStatus: { cycleId: 1, status: 'published' } };

describe('the permission map', () => {
  it('gives every channel a rule', () => {
    const missing = CHANNELS.filter((c) => CHANNEL_RULES[c] === undefined);
    expect(missing, `channels without a rule in electron/core/security/permissions.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('refuses every channel but setup and sign-in without a session', async () => {
    for (const ch of CHANNELS) {
      const env = await s.checked(ch, VALID[ch] ?? {}, { token: null });
      if (ruleFor(ch, VALID[ch] ?? {}) === 'public') continue;
      expect(env, ch).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('refuses every channel to every role that lacks its permission (code forbidden)', async () => {
    let refused = 0;
    for (const role of ROLES) {
      for (const ch of CHANNELS) {
        const rule = ruleFor(ch, VALID[ch] ?? {});
        if (rule === 'public' || rule === 'session' || rule === null) continue;
        if (rule.some((p) => ROLE_PERMISSIONS[role].includes(p))) continue;
        const before = fingerprint();
        const env = await s.checked(ch, VALID[ch] ?? {}, s.sessions[role]);
        expect(env, `${role} ${ch}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(fingerprint()).toBe(before);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  it('keeps the duties apart: the reviewer publishes, the operator may not; the administrators see no assessment data', async () => {
    expect(await s.checked('setCycleStatus', { cycleId: 1, status: 'published' }, s.sessions.operator)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const r of ['sysadmin', 'secadmin', 'auditor'] as Role[]) expect(await s.checked('listCycles', {}, s.sessions[r])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await s.checked('listCycles', {}, s.sessions.viewer)).toMatchObject({ ok: true });
    const users = await s.as<{ id: number; login: string }[]>('secadmin', 'listAccounts', {});
    const viewer = users.find((u) => u.login === LOGINS.viewer)!;
    expect(await s.checked('setAccountRoles', { userId: viewer.id, roles: ['sysadmin', 'auditor'] }, s.sessions.secadmin)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('三员分立') } });
    const me = users.find((u) => u.login === LOGINS.secadmin)!;
    expect(await s.checked('setAccountRoles', { userId: me.id, roles: ['secadmin', 'operator'] }, s.sessions.secadmin)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('records sign-in, failure and lockout in the audit trail, and unlocks by the security administrator', async () => {
    const holder = { token: null };
    for (let i = 0; i < 4; i++) expect(await s.checked('login', { login: LOGINS.viewer, password: 'wrong' }, holder)).toMatchObject({ ok: false, error: { code: 'auth_failed' } });
    expect(await s.checked('login', { login: LOGINS.viewer, password: 'wrong' }, holder)).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    // locked: even the right password is refused
    expect(await s.checked('login', { login: LOGINS.viewer, password: PASSWORDS.viewer }, holder)).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    const trail = await s.as<{ rows: { action: string }[] }>('auditor', 'queryAudit', { action: 'auth.', limit: 50 });
    const actions = trail.rows.map((r) => r.action);
    expect(actions).toContain('auth.lockout');
    expect(actions).toContain('auth.login_failed');
    expect(actions).toContain('auth.login');
    const viewer = (await s.as<{ id: number; login: string; locked: boolean }[]>('secadmin', 'listAccounts', {})).find((u) => u.login === LOGINS.viewer)!;
    expect(viewer.locked).toBe(true);
    await s.as('secadmin', 'unlockAccount', { userId: viewer.id });
    expect(await s.checked('login', { login: LOGINS.viewer, password: PASSWORDS.viewer }, holder)).toMatchObject({ ok: true });
  });

  it('refuses a password the policy refuses, and one used before', async () => {
    const users = await s.as<{ id: number; login: string }[]>('secadmin', 'listAccounts', {});
    const op = users.find((u) => u.login === LOGINS.operator)!;
    expect(await s.checked('resetPassword', { userId: op.id, newPassword: 'short' }, s.sessions.secadmin)).toMatchObject({ ok: false, error: { code: 'password_policy' } });
    expect(await s.checked('resetPassword', { userId: op.id, newPassword: PASSWORDS.operator }, s.sessions.secadmin)).toMatchObject({ ok: false, error: { code: 'password_policy', message: expect.stringContaining('最近') } });
  });

  it('locks a session after the idle time (server side)', async () => {
    const holder = { token: null };
    await s.checked('login', { login: LOGINS.reviewer, password: PASSWORDS.reviewer }, holder);
    expect(await s.checked('listCycles', {}, holder)).toMatchObject({ ok: true });
    s.clock.t += 16 * 60_000;
    expect(await s.checked('listCycles', {}, holder)).toMatchObject({ ok: false, error: { code: 'session_expired' } });
    expect(await s.checked('listCycles', {}, holder)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    // the other sessions idled too: sign them in again for the tests after this one
    for (const r of ROLES) await s.checked('login', { login: LOGINS[r], password: PASSWORDS[r] }, s.sessions[r]);
  });
});

describe('the audit trail names people', () => {
  it('records a sign-out as the user who signs out, not the system', async () => {
    const holder = { token: null };
    await s.checked('login', { login: LOGINS.reviewer, password: PASSWORDS.reviewer }, holder);
    expect(await s.checked('logout', {}, holder)).toMatchObject({ ok: true, value: { signedOut: true } });
    const reviewer = (await s.as<{ id: number; login: string }[]>('secadmin', 'listAccounts', {})).find((u) => u.login === LOGINS.reviewer)!;
    const trail = await s.as<{ rows: { action: string; userId: number | null; userLogin: string; entityKey: string | null }[] }>('auditor', 'queryAudit', { action: 'auth.logout', limit: 1 });
    expect(trail.rows[0]).toMatchObject({ action: 'auth.logout', userId: reviewer.id, userLogin: LOGINS.reviewer });
    // and the filter by that user finds it
    const mine = await s.as<{ rows: { action: string }[] }>('auditor', 'queryAudit', { userId: reviewer.id, action: 'auth.', limit: 5 });
    expect(mine.rows[0]!.action).toBe('auth.logout');
    // a second sign-out of the same window has nobody to record
    expect(await s.checked('logout', {}, holder)).toMatchObject({ ok: true, value: { signedOut: false } });
  });

  it('gives the security auditor the names to filter by (names only), and nobody else', async () => {
    const actors = await s.as<Record<string, unknown>[]>('auditor', 'listAuditActors', {});
    for (const a of actors) expect(Object.keys(a).sort()).toEqual(['id', 'login', 'name']);
    expect(actors.map((a) => a.login)).toEqual(expect.arrayContaining(Object.values(LOGINS)));
    // every user the trail names is in the list
    const raw = rawOf(s.ctx.db);
    const inTrail = (raw.prepare(`select distinct user_id from audit_log where user_id is not null`).all() as { user_id: number }[]).map((r) => r.user_id);
    expect(actors.map((a) => a.id)).toEqual(expect.arrayContaining(inTrail));
    // the auditor still may not list the accounts themselves
    expect(await s.checked('listAccounts', {}, s.sessions.auditor)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const r of ['operator', 'reviewer', 'viewer', 'sysadmin', 'secadmin'] as Role[]) expect(await s.checked('listAuditActors', {}, s.sessions[r]), r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await s.checked('listAuditActors', {}, { token: null })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('IPC fuzzing', () => {
  const hostile = fc.oneof(
    fc.anything({ maxDepth: 4 }),
    fc.record({ cycleId: fc.integer(), categoryId: fc.integer(), id: fc.integer(), status: fc.constantFrom('published', 'draft', '__proto__'), name: fc.string() }, { requiredKeys: [] }),
    fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, JSON.parse('{"__proto__":{"polluted":1}}'), { login: "' or 1=1 --", password: 'x' }, { name: '../../etc/passwd' }, { name: 'a'.repeat(20000) }),
  );
  const channel = fc.oneof(fc.constantFrom(...CHANNELS), fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', ''));

  it('never crashes and never changes anything without a valid session and role', async () => {
    const before = fingerprint();
    await fc.assert(
      fc.asyncProperty(channel, hostile, fc.constantFrom<'none' | 'bogus' | Role>('none', 'bogus', 'viewer', 'auditor', 'sysadmin', 'secadmin'), async (ch, input, who) => {
        const holder = who === 'none' ? { token: null } : who === 'bogus' ? { token: 'x'.repeat(43) } : s.sessions[who];
        const env = await s.checked(ch, input, holder);
        expect(typeof env.ok).toBe('boolean');
        if (!env.ok) expect(env.error.message).toMatch(/[\u4e00-\u9fff]/);
        // restore sessions a login with hostile input may have replaced
        if (ch === 'login' || ch === 'logout') for (const r of ROLES) if (!s.sessions[r].token) await s.checked('login', { login: LOGINS[r], password: PASSWORDS[r] }, s.sessions[r]);
      }),
      { numRuns: 400 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(fingerprint()).toBe(before);
  });
});
