// Channel → service for issue 9 (security): setup, sign-in, accounts and
// roles, the password policy, the audit trail, backups and exchange
// packages. Spread into createHandlers.
import type { ServiceContext } from '../context.ts';
import { backupFileByName, createBackup, listBackupFiles, restoreFrom, verifyBackup } from '../backup/backup.ts';
import { exportPackage, importPackage, listPackages, previewPackage } from '../exchange/package.ts';
import { exportAudit, listAuditActors, queryAudit, verifyAudit } from '../security/audit-query.ts';
import { authOf } from '../security/auth.ts';
import type { Handlers } from './dispatch.ts';

type SecurityHandlers = Pick<
  Handlers,
  | 'setupStatus' | 'firstRunSetup' | 'login' | 'logout' | 'currentSession' | 'changePassword'
  | 'listAccounts' | 'createAccount' | 'setAccountEnabled' | 'setAccountRoles' | 'resetPassword' | 'unlockAccount' | 'getPasswordPolicy' | 'setPasswordPolicy'
  | 'queryAudit' | 'listAuditActors' | 'verifyAudit' | 'exportAudit' | 'recordPrint'
  | 'listBackups' | 'createBackup' | 'verifyBackup' | 'restoreBackup'
  | 'exportPackage' | 'listPackages' | 'previewPackage' | 'importPackage'
>;

export function createSecurityHandlers(ctx: ServiceContext): SecurityHandlers {
  const auth = authOf(ctx);
  return {
    setupStatus: () => auth.setupStatus(),
    firstRunSetup: (i) => auth.firstRunSetup(i),
    login: (i) => auth.login(i.login, i.password),
    logout: () => auth.logout(),
    currentSession: () => auth.currentSession(),
    changePassword: (i) => auth.changePassword(i.login, i.oldPassword, i.newPassword),
    listAccounts: () => auth.listAccounts(),
    createAccount: (i) => auth.createAccount(i),
    setAccountEnabled: (i) => auth.setAccountEnabled(i.userId, i.enabled),
    setAccountRoles: (i) => auth.setAccountRoles(i.userId, i.roles),
    resetPassword: (i) => auth.resetPassword(i.userId, i.newPassword),
    unlockAccount: (i) => auth.unlockAccount(i.userId),
    getPasswordPolicy: () => auth.policy(),
    setPasswordPolicy: (i) => auth.setPolicy(i),

    queryAudit: (i) => queryAudit(ctx, i),
    listAuditActors: () => listAuditActors(ctx),
    verifyAudit: async () => verifyAudit(ctx),
    exportAudit: ({ format, limit: _l, offset: _o, ...filter }) => exportAudit(ctx, filter, format),
    recordPrint: async (i) => {
      await ctx.write({ action: 'print', entity: 'print', cycleId: i.cycleId ?? null, scope: null, detail: { what: i.what } }, async () => undefined);
      return { recorded: true };
    },

    listBackups: async () => listBackupFiles(ctx.dbFile).map(({ name, createdAt, reason, size, sha256, encrypted }) => ({ name, createdAt, reason, size, sha256, encrypted })),
    createBackup: (i) => createBackup(ctx, i.note ? `manual-${i.note}` : 'manual'),
    verifyBackup: (i) => verifyBackup(ctx, i.name),
    restoreBackup: (i) => restoreFrom(ctx, backupFileByName(ctx, i.name)),

    exportPackage: (i) => exportPackage(ctx, i),
    listPackages: async () => listPackages(ctx),
    previewPackage: (i) => previewPackage(ctx, i),
    importPackage: (i) => importPackage(ctx, i),
  };
}
