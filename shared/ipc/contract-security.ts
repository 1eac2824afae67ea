// The channels of issue 9 (security for confidential standalone machines):
// first-run setup, sign-in and the session, accounts and roles (三员分立),
// the password policy, the audit trail for the auditor, backups, and data
// exchange packages between machines. Spread into the one contract
// (contract.ts). Files are named, never given as paths: backups and packages
// live in the application's own folders, so the page cannot make the main
// process read or write elsewhere.
import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../security.ts';

const id = z.number().int().positive();
const nothing = z.strictObject({});
const loginName = z.string().trim().min(1, '不能为空').max(40, '不能超过40个字符').regex(/^[A-Za-z0-9_.-]+$/, '只能由字母、数字、下划线、点和连字符组成');
const personName = z.string().trim().min(1, '不能为空').max(40, '不能超过40个字');
const password = z.string().min(1, '不能为空').max(128, '不能超过128个字符');
const passphrase = z.string().min(8, '至少8个字符').max(256, '不能超过256个字符');
/** a file in one of the application's folders: a name only, no folder */
const fileName = z.string().trim().min(1, '不能为空').max(120, '不能超过120个字符').regex(/^[\w\u4e00-\u9fff][\w\u4e00-\u9fff.() -]*$/, '只能是文件名，不能含路径');
const isoTime = z.string().max(40);

export const userInfo = z.object({
  id,
  login: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  enabled: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  mustChangePassword: z.boolean(),
  passwordChangedAt: z.string().nullable(),
});

export const sessionInfo = z.object({
  signedIn: z.boolean(),
  user: userInfo.nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  /** signed in, but only changePassword, logout and currentSession are open until the password is changed */
  mustChangePassword: z.boolean(),
  idleMinutes: z.number().int(),
});

export const passwordPolicy = z.strictObject({
  minLength: z.number().int().min(8, '不应少于8').max(64),
  minClasses: z.number().int().min(1).max(4),
  expiryDays: z.number().int().min(0).max(3650),
  historyCount: z.number().int().min(0).max(24),
  maxFailures: z.number().int().min(3, '不应少于3').max(20),
  lockMinutes: z.number().int().min(1).max(1440),
  idleMinutes: z.number().int().min(1).max(240),
});

const person = z.strictObject({ login: loginName, name: personName, password });

export const auditFilter = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  userId: id.optional(),
  /** an action or its prefix: 'auth.', 'score.set' */
  action: z.string().trim().max(60).optional(),
  entity: z.string().trim().max(40).optional(),
  cycleId: id.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).max(10_000_000).default(0),
});

export const securityAuditRow = z.object({
  id,
  at: z.string(),
  userId: z.number().int().nullable(),
  userLogin: z.string(),
  userName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityKey: z.string().nullable(),
  field: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  cycleId: z.number().int().nullable(),
  op: z.number().int().nullable(),
  detail: z.string(),
});

export const auditActor = z.strictObject({ id, login: z.string(), name: z.string() });

export const backupInfo = z.object({
  name: z.string(),
  createdAt: z.string(),
  reason: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  encrypted: z.boolean(),
});

const packageCounts = z.object({ scores: z.number().int(), ballots: z.number().int(), events: z.number().int() });
/** what a package carries: score cells, 民主测评 tallies, events (加减分, 否决, 处分, 立案审查) */
export const PACKAGE_PARTS = ['scores', 'ballots', 'events'] as const;
const packageItem = z.object({
  kind: z.enum(['score', 'ballot', 'event']),
  key: z.string(),
  /** who it is about and what, in Chinese */
  label: z.string(),
  base: z.string().nullable(),
  here: z.string().nullable(),
  incoming: z.string().nullable(),
});

export const packagePreview = z.object({
  name: z.string(),
  cycleId: id,
  cycleName: z.string(),
  createdAt: z.string(),
  from: z.string(),
  counts: packageCounts,
  parts: z.array(z.enum(PACKAGE_PARTS)),
  /** items the package changes that this machine has not changed since the package's base */
  changes: z.number().int(),
  changeCounts: packageCounts,
  /** those items (the first 1,000): what this machine holds and what the package brings */
  changeList: z.array(packageItem),
  unchanged: z.number().int(),
  /** items changed on both sides since the base (the first 1,000) */
  conflicts: z.array(packageItem),
  conflictCounts: packageCounts,
});

export const securityChannels = {
  // ---- first run and the session ------------------------------------------
  setupStatus: { input: nothing, output: z.object({ needsSetup: z.boolean(), policy: passwordPolicy }) },
  /** only while no administrator exists: the office sets the three administrators' passwords */
  firstRunSetup: { input: z.strictObject({ sysadmin: person, secadmin: person, auditor: person }), output: z.object({ accounts: z.array(userInfo) }) },
  login: { input: z.strictObject({ login: loginName, password }), output: sessionInfo },
  logout: { input: nothing, output: z.object({ signedOut: z.boolean() }) },
  currentSession: { input: nothing, output: sessionInfo },
  /** proves the old password itself: also open before sign-in, for a password that has expired */
  changePassword: { input: z.strictObject({ login: loginName, oldPassword: password, newPassword: password }), output: sessionInfo },

  // ---- accounts (system administrator) and roles (security administrator) --
  listAccounts: { input: nothing, output: z.array(userInfo) },
  createAccount: { input: person, output: userInfo },
  setAccountEnabled: { input: z.strictObject({ userId: id, enabled: z.boolean() }), output: userInfo },
  setAccountRoles: { input: z.strictObject({ userId: id, roles: z.array(z.enum(ROLES)).max(ROLES.length) }), output: userInfo },
  resetPassword: { input: z.strictObject({ userId: id, newPassword: password }), output: userInfo },
  unlockAccount: { input: z.strictObject({ userId: id }), output: userInfo },
  getPasswordPolicy: { input: nothing, output: passwordPolicy },
  setPasswordPolicy: { input: passwordPolicy, output: passwordPolicy },

  // ---- the audit trail (security auditor) ---------------------------------
  queryAudit: { input: auditFilter, output: z.object({ rows: z.array(securityAuditRow), total: z.number().int() }) },
  /** who can appear in the trail, for its user filter: names only (no roles, no account state) */
  listAuditActors: { input: nothing, output: z.array(auditActor) },
  verifyAudit: { input: nothing, output: z.object({ ok: z.boolean(), rows: z.number().int(), brokenId: z.number().int().nullable(), message: z.string() }) },
  exportAudit: { input: auditFilter.extend({ format: z.enum(['csv', 'xlsx'], { error: (iss) => (iss.input === undefined ? '缺少此项' : '应为 csv 或 xlsx') }) }), output: z.object({ file: z.string(), rows: z.number().int() }) },
  /** the page printed something: recorded in the audit trail */
  recordPrint: { input: z.strictObject({ what: z.string().trim().min(1, '不能为空').max(200), cycleId: id.optional() }), output: z.object({ recorded: z.boolean() }) },

  // ---- backups (system administrator) -------------------------------------
  listBackups: { input: nothing, output: z.array(backupInfo) },
  createBackup: { input: z.strictObject({ note: z.string().trim().max(60).optional() }), output: backupInfo },
  verifyBackup: { input: z.strictObject({ name: fileName }), output: z.object({ backup: backupInfo, ok: z.boolean(), message: z.string() }) },
  restoreBackup: { input: z.strictObject({ name: fileName }), output: z.object({ restored: backupInfo, safetyBackup: backupInfo }) },

  // ---- data exchange between machines (operator) --------------------------
  exportPackage: {
    /** the parts (default all) of the categories (default all) */
    input: z.strictObject({ cycleId: id, categoryIds: z.array(id).max(1000).optional(), parts: z.array(z.enum(PACKAGE_PARTS)).min(1, '至少选择一项').max(3).optional(), passphrase }),
    output: z.object({ name: z.string(), file: z.string(), counts: packageCounts }),
  },
  listPackages: { input: nothing, output: z.array(z.object({ name: z.string(), size: z.number().int(), modifiedAt: z.string() })) },
  previewPackage: { input: z.strictObject({ name: fileName, passphrase }), output: packagePreview },
  importPackage: {
    input: z.strictObject({ name: fileName, passphrase, /** conflicting cells: keep this machine's value, or take the package's */ conflicts: z.enum(['keep', 'take']) }),
    output: z.object({ applied: z.number().int(), appliedCounts: packageCounts, kept: z.number().int(), unchanged: z.number().int(), backup: z.string() }),
  },
} as const;
