// Bad input over IPC gets a result envelope with a clear Chinese error,
// never a crash: wrong types, missing fields and unknown channels, on every
// channel of the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract, type Channel } from '../../shared/ipc/contract.ts';
import { openTestApp, type TestApp } from '../helpers.ts';

let app: TestApp;
beforeAll(async () => {
  app = await openTestApp();
});
afterAll(async () => {
  await app.close();
});

// Well-formed input that names things which do not exist: every channel must
// answer with an envelope (not_found / conflict), not throw.
const MISSING_REFERENCES: Record<Channel, unknown> = {
  appInfo: {},
  listCycles: {},
  createCycle: { name: '2030年度综合考核', year: 2030 },
  loadDemo: {},
  setCycleStatus: { cycleId: 9999, status: 'grading' },
  listCategories: { cycleId: 9999 },
  createCategory: { cycleId: 9999, kind: 'unit', name: '一类乡镇' },
  updateCategory: { id: 9999, name: '二类乡镇' },
  listComponents: { categoryId: 9999 },
  saveComponent: { categoryId: 9999, code: 'SJ', name: '实绩', kind: 'indicators', weight: 60, fullPoints: 100, normalizeTo100: true, applyDifficulty: false },
  listUnits: { cycleId: 9999 },
  saveUnit: { cycleId: 9999, categoryId: 9999, name: '城关镇' },
  deleteUnits: { ids: [9999] },
  listCadres: { cycleId: 9999 },
  listDepartments: { cycleId: 9999 },
  listIndicators: { categoryId: 9999 },
  saveIndicator: { categoryId: 9999, parentId: null, name: '经济发展', fullPoints: 10 },
  deleteIndicator: { id: 9999 },
  getScoreMatrix: { categoryId: 9999 },
  setScores: { cells: [{ indicatorId: 9999, subjectKey: 'unit:9999', value: 5 }] },
  listBallots: { categoryId: 9999 },
  listEvents: { cycleId: 9999 },
  computeCycle: { cycleId: 9999 },
  listChecks: { cycleId: 9999 },
  listResults: { cycleId: 9999 },
  getResultDetail: { cycleId: 9999, subjectKey: 'unit:9999' },
  adjustGrade: { cycleId: 9999, subjectKey: 'unit:9999', toGrade: '优秀', reason: '综合研判工作实绩突出' },
  generateFeedbackLetter: { cycleId: 9999, unitId: 9999 },
  listDocuments: { cycleId: 9999 },
  getDocumentSettings: { cycleId: 9999 },
  saveDocumentSettings: {
    cycleId: 9999,
    settings: {
      organ: '中共清河县委组织部', organMark: '中共清河县委组织部文件', noticePrefix: '清组通', noticeNext: 1, letterPrefix: '清考办函', letterNext: 1,
      signingOrgan: '中共清河县委组织部', signDate: null, mainRecipients: '各乡镇党委', copyTo: '', printOrgan: '中共清河县委组织部办公室',
      contactPerson: '王明', contactPhone: '0000-1234567', reportTo: '县委考核办', rectifyMonths: 2, gradeOrder: 'score',
      fonts: { title: { name: '方正小标宋简体', fallback: '宋体' }, body: { name: '仿宋_GB2312', fallback: '仿宋' }, heading1: { name: '黑体', fallback: '' }, heading2: { name: '楷体_GB2312', fallback: '楷体' }, pageNumber: { name: '宋体', fallback: '' } },
    },
  },
  previewDocument: { cycleId: 9999, kind: 'feedback', unitId: 9999 },
  generateNotice: { cycleId: 9999 },
  generateAllFeedbackLetters: { cycleId: 9999 },
  generateRankingTables: { cycleId: 9999, format: 'xlsx' },
  listFeedbackItems: { cycleId: 9999 },
  saveFeedbackItem: { cycleId: 9999, unitId: 9999, kind: 'problem', text: '信访积案化解进度偏慢' },
  deleteFeedbackItem: { id: 9999 },
  suggestFeedbackItems: { cycleId: 9999, unitId: 9999 },
  listRectification: { cycleId: 9999, filter: 'open' },
  updateRectification: { id: 9999, status: 'in_progress' },
  exportRectification: { cycleId: 9999 },
  carryRectification: { cycleId: 9999, targetCycleId: 9998, points: 0.5 },
  listQuotas: { cycleId: 9999, categoryId: 9999 },
  resultsState: { cycleId: 9999 },
  listAudit: { cycleId: 9999 },
  setupStatus: {},
  firstRunSetup: {
    sysadmin: { login: 'xtgly', name: '系统管理员', password: 'Xitong#2025admin' },
    secadmin: { login: 'aqgly', name: '安全保密管理员', password: 'Anquan#2025admin' },
    auditor: { login: 'sjy', name: '安全审计员', password: 'Shenji#2025audit' },
  },
  // the administrators set up by firstRunSetup above (channels run in the contract's order)
  login: { login: 'xtgly', password: 'Xitong#2025admin' },
  logout: {},
  currentSession: {},
  changePassword: { login: 'xtgly', oldPassword: 'Xitong#2025admin', newPassword: 'Xitong#2026admin' },
  listAccounts: {},
  createAccount: { login: 'zhangsan', name: '张三', password: 'Zhang#San2025x' },
  setAccountEnabled: { userId: 9999, enabled: false },
  setAccountRoles: { userId: 9999, roles: ['operator'] },
  resetPassword: { userId: 9999, newPassword: 'Chongzhi#2025x' },
  unlockAccount: { userId: 9999 },
  getPasswordPolicy: {},
  setPasswordPolicy: { minLength: 10, minClasses: 3, expiryDays: 90, historyCount: 5, maxFailures: 5, lockMinutes: 30, idleMinutes: 15 },
  queryAudit: { cycleId: 9999 },
  verifyAudit: {},
  listAuditActors: {},
  exportAudit: { cycleId: 9999, format: 'csv' },
  recordPrint: { what: '考核反馈函', cycleId: 9999 },
  listBackups: {},
  createBackup: {},
  verifyBackup: { name: 'kaohe-none.kbak' },
  restoreBackup: { name: 'kaohe-none.kbak' },
  exportPackage: { cycleId: 9999, passphrase: '交换口令-2025-qinghe' },
  listPackages: {},
  previewPackage: { name: 'none.kpkg', passphrase: '交换口令-2025-qinghe' },
  importPackage: { name: 'none.kpkg', passphrase: '交换口令-2025-qinghe', conflicts: 'keep' },
  saveCadre: { cycleId: 9999, unitId: 9999, categoryId: 9999, name: '张三', post: 'head' },
  saveCadres: { cycleId: 9999, rows: [{ unitId: 9999, categoryId: 9999, name: '张三', post: 'head' }] },
  deleteCadres: { ids: [9999], dryRun: true },
  listDepartmentDetails: { cycleId: 9999 },
  saveDepartment: { cycleId: 9999, name: '县发改委' },
  saveDepartments: { cycleId: 9999, rows: [{ name: '县发改委' }] },
  deleteDepartment: { id: 9999 },
  listAssessmentGroups: { cycleId: 9999 },
  saveAssessmentGroup: { cycleId: 9999, name: '第一考核组', members: [{ name: '李四', role: 'leader' }], unitIds: [9999] },
  deleteAssessmentGroup: { id: 9999, dryRun: true },
  deleteComponent: { id: 9999, dryRun: true },
  listRaterGroups: { cycleId: 9999 },
  saveBallots: { ballots: [{ subjectKey: 'unit:9999', raterGroupId: 9999, expected: 10, present: 9, valid: 8, invalid: 1, votes: { 好: 8 } }] },
  listEventDetails: { cycleId: 9999 },
  saveEvent: { cycleId: 9999, subjectKey: 'unit:9999', kind: 'veto', reason: '发生重大安全生产事故' },
  deleteEvent: { id: 9999, dryRun: true },
  closeInvestigation: { id: 9999, closedOn: '2025-12-01', outcome: '不予处分' },
  updateCycle: { cycleId: 9999, organ: '中共某县委组织部' },
  diffCycles: { fromCycleId: 9999, toCycleId: 9998 },
  previewCopyCycle: { sourceCycleId: 9999, name: '2031年度综合考核', year: 2031 },
  copyCycle: { sourceCycleId: 9999, name: '2031年度综合考核', year: 2031 },
  writeCollectTemplate: { cycleId: 9999, kind: 'scores', departmentId: 9999, filePath: '/nonexistent-folder/x.xlsx' },
  previewCollect: { filePath: '/nonexistent-folder/x.xlsx' },
  applyCollect: { filePath: '/nonexistent-folder/x.xlsx' },
  importPlan: { filePath: '/nonexistent-folder/plan.json' },
  exportScoreGrid: { categoryId: 9999, filePath: '/nonexistent-folder/x.xlsx' },
  pickPath: { mode: 'open', title: '选择文件' },
  jobProgress: { jobId: '00000000-0000-4000-8000-000000000000' },
  cancelJob: { jobId: '00000000-0000-4000-8000-000000000000' },
};

const CJK = /[\u4e00-\u9fff]/;

describe.each(CHANNELS)('channel %s', (channel) => {
  it('refuses a non-object input with invalid_input and a Chinese message', async () => {
    for (const bad of [42, 'x', [], true]) {
      const env = await app.dispatch(channel, bad);
      expect(env.ok).toBe(false);
      if (!env.ok) {
        expect(env.error.code).toBe('invalid_input');
        expect(env.error.message).toMatch(CJK);
      }
    }
  });

  it('refuses unknown fields and wrong types', async () => {
    const env = await app.dispatch(channel, { ...(MISSING_REFERENCES[channel] as object), 未知字段: 1 });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.message).toContain('未知字段');
    const shape = (contract[channel].input as unknown as { shape: Record<string, unknown> }).shape;
    const first = Object.keys(shape)[0];
    if (first) {
      const wrong = await app.dispatch(channel, { ...(MISSING_REFERENCES[channel] as object), [first]: { nested: true } });
      expect(wrong.ok).toBe(false);
      if (!wrong.ok) {
        expect(wrong.error.code).toBe('invalid_input');
        expect(wrong.error.message).toContain(first); // names the field
      }
    }
  });

  it('names a missing required field', async () => {
    const required = Object.entries((contract[channel].input as unknown as { shape: Record<string, { safeParse(x: unknown): { success: boolean } }> }).shape).filter(
      ([, s]) => !s.safeParse(undefined).success,
    );
    if (required.length === 0) return;
    const env = await app.dispatch(channel, {});
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('invalid_input');
      expect(env.error.message).toContain('缺少此项');
      expect(env.error.message).toContain(required[0]![0]);
    }
  });

  it('answers well-formed input about things that do not exist with an envelope', async () => {
    const env = await app.dispatch(channel, MISSING_REFERENCES[channel]);
    if (!env.ok) {
      expect(['not_found', 'conflict', 'invalid_input', 'invalid_plan']).toContain(env.error.code);
      expect(env.error.message).toMatch(CJK);
    }
  });
});

describe('unknown channels', () => {
  it.each(['dropDatabase', '', '__proto__', 'constructor', 42, null])('refuses %s', async (name) => {
    const env = await app.dispatch(name, {});
    expect(env).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });
});
