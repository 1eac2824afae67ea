// The channel names of the IPC contract, and nothing else: the sandboxed
// preload bundles this (through the client factory) instead of the contract,
// which would bring zod and every schema into it. Kept in sync with
// contract.ts by the type check below and by test/unit/layers.test.ts.
import type { Channel } from './contract.ts';

export const CHANNELS = [
  'appInfo',
  'listCycles',
  'createCycle',
  'loadDemo',
  'setCycleStatus',
  'listCategories',
  'createCategory',
  'updateCategory',
  'listComponents',
  'saveComponent',
  'listUnits',
  'saveUnit',
  'deleteUnits',
  'listCadres',
  'listDepartments',
  'listIndicators',
  'saveIndicator',
  'deleteIndicator',
  'getScoreMatrix',
  'setScores',
  'listBallots',
  'listEvents',
  'computeCycle',
  'listChecks',
  'listResults',
  'listQuotas',
  'resultsState',
  'getResultDetail',
  'adjustGrade',
  'generateFeedbackLetter',
  'listDocuments',
  'listAudit',
  'setupStatus',
  'firstRunSetup',
  'login',
  'logout',
  'currentSession',
  'changePassword',
  'listAccounts',
  'createAccount',
  'setAccountEnabled',
  'setAccountRoles',
  'resetPassword',
  'unlockAccount',
  'getPasswordPolicy',
  'setPasswordPolicy',
  'queryAudit',
  'verifyAudit',
  'exportAudit',
  'recordPrint',
  'listBackups',
  'createBackup',
  'verifyBackup',
  'restoreBackup',
  'exportPackage',
  'listPackages',
  'previewPackage',
  'importPackage',
] as const satisfies readonly Channel[];

// a channel added to the contract but not here fails the type check
type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
const _complete: [Missing] extends [never] ? true : { missing: Missing } = true;

/** The name of the single Electron IPC channel that carries every call. */
export const IPC_INVOKE = 'kaohe:invoke';
/** The name of the Playwright binding in the Chromium host. */
export const HOST_BINDING = '__kaoheInvoke';
