// What each channel needs (issue 9): the dispatcher checks it before the
// handler runs, on every transport that carries a page's calls. 'public'
// channels need no session (first-run setup, sign-in); 'session' channels
// need one, whatever its roles; the others need one of the permissions,
// which the roles grant (shared/security.ts). A channel not listed here is
// refused to every session: a new channel is closed until it is given a rule
// (test/security/permissions.test.ts names it).
import type { Channel, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { Permission } from '../../../shared/security.ts';
import { COLLECT_RULES } from './permissions-collect.ts';

export type Rule = 'public' | 'session' | Permission | readonly Permission[] | ((input: never) => Permission);

const publish = (i: ParsedInputOf<'setCycleStatus'>): Permission => (i.status === 'published' || i.status === 'archived' ? 'review' : 'edit');

export const CHANNEL_RULES: Partial<Record<Channel, Rule>> = {
  appInfo: 'session',
  // the shell: a dialog shows only what the user may pick; a job's progress is its caller's
  pickPath: 'session',
  jobProgress: 'session',
  cancelJob: 'session',
  listCycles: 'read',
  createCycle: 'edit',
  loadDemo: 'edit',
  setCycleStatus: publish,
  listCategories: 'read',
  createCategory: 'edit',
  updateCategory: 'edit',
  listComponents: 'read',
  saveComponent: 'edit',
  listUnits: 'read',
  saveUnit: 'edit',
  deleteUnits: 'edit',
  listCadres: 'read',
  listDepartments: 'read',
  listIndicators: 'read',
  saveIndicator: 'edit',
  deleteIndicator: 'edit',
  getScoreMatrix: 'read',
  setScores: 'edit',
  listBallots: 'read',
  listEvents: 'read',
  computeCycle: 'edit',
  listChecks: 'read',
  listResults: 'read',
  listQuotas: 'read',
  resultsState: 'read',
  getResultDetail: 'read',
  adjustGrade: 'review',
  generateFeedbackLetter: 'edit',
  listDocuments: 'read',
  getDocumentSettings: 'read',
  saveDocumentSettings: 'edit',
  previewDocument: 'read',
  generateNotice: 'edit',
  generateAllFeedbackLetters: 'edit',
  generateRankingTables: 'edit',
  listFeedbackItems: 'read',
  saveFeedbackItem: 'edit',
  deleteFeedbackItem: 'edit',
  suggestFeedbackItems: 'read',
  listRectification: 'read',
  updateRectification: 'edit',
  exportRectification: 'read',
  carryRectification: 'edit',
  // the history of the data, as the business screens show it; the whole trail is the auditor's (queryAudit)
  listAudit: ['read', 'audit'],

  setupStatus: 'public',
  firstRunSetup: 'public',
  login: 'public',
  logout: 'public',
  currentSession: 'public',
  changePassword: 'public',
  listAccounts: ['accounts', 'roles', 'unlock'],
  createAccount: 'accounts',
  setAccountEnabled: 'accounts',
  setAccountRoles: 'roles',
  resetPassword: 'unlock',
  unlockAccount: 'unlock',
  getPasswordPolicy: 'session',
  setPasswordPolicy: 'policy',
  queryAudit: 'audit',
  // the names to filter the trail by: the auditor may not list accounts (their roles and states)
  listAuditActors: 'audit',
  verifyAudit: 'audit',
  exportAudit: 'audit',
  recordPrint: 'read',
  listBackups: 'backup',
  createBackup: 'backup',
  verifyBackup: 'backup',
  restoreBackup: 'backup',
  exportPackage: 'exchange',
  listPackages: 'exchange',
  previewPackage: 'exchange',
  importPackage: 'exchange',
  ...COLLECT_RULES,
};

/** Channels a session waiting for its password change may still call. */
export const MUST_CHANGE_OPEN: ReadonlySet<Channel> = new Set<Channel>(['changePassword', 'logout', 'currentSession', 'setupStatus', 'login', 'getPasswordPolicy']);

/** The permissions a call needs (any one of them), 'public', 'session', or null: no rule, refused. */
export function ruleFor(channel: Channel, input: unknown): 'public' | 'session' | readonly Permission[] | null {
  const r = CHANNEL_RULES[channel];
  if (r === undefined) return null;
  if (r === 'public' || r === 'session') return r;
  if (typeof r === 'function') return [(r as (i: unknown) => Permission)(input)];
  return typeof r === 'string' ? [r] : r;
}

/** Whether a rule can be decided before the input is parsed. */
export function ruleNeedsInput(channel: Channel): boolean {
  return typeof CHANNEL_RULES[channel] === 'function';
}
