// Channel → service. Plain Node code: Electron's main process, the Chromium
// host and the tests all register exactly this map.
import type { ServiceContext } from '../context.ts';
import { listCategories } from '../repos/categories.ts';
import { listCadres, listUnits, subjectCount } from '../repos/subjects.ts';
import { listBallots, listDepartments, listEvents } from '../services/collected.ts';
import { computeCycle, listChecks } from '../services/compute.ts';
import { createCycle, listCycles, loadDemo, setCycleStatus } from '../services/cycles.ts';
import { generateFeedbackLetter, listDocuments } from '../services/documents.ts';
import { deleteIndicator, indicatorTree, saveIndicator } from '../services/indicators.ts';
import { createCategory, listComponents, saveComponent, updateCategory } from '../services/plan.ts';
import { adjustGrade, getResultDetail, listQuotas, listResults, resultsState } from '../services/results.ts';
import { listAudit } from '../services/audit.ts';
import { getScoreMatrix, setScores } from '../services/scores.ts';
import { deleteUnits, saveUnit } from '../services/subjects.ts';
import { requireCycle } from '../repos/cycles.ts';
import type { Handlers } from './dispatch.ts';
import { createSecurityHandlers } from './handlers-security.ts';
import { createCollectHandlers } from './handlers-collect.ts';
import { createDocumentHandlers } from './handlers-documents.ts';
import { withJob } from '../jobs.ts';
import { offload, shouldOffload } from '../offload.ts';
import { createShellHandlers, type ShellOptions } from './handlers-shell.ts';

export const APP_VERSION = '0.1.0';

/** Above these sizes a call runs in a worker thread (offload.ts); below, the thread's start-up would cost more than it saves. */
const OFFLOAD_CELLS = 2_000;
const OFFLOAD_SUBJECTS = 600;

export function createHandlers(ctx: ServiceContext, shell: ShellOptions = {}): Handlers {
  return {
    appInfo: async () => ({ version: APP_VERSION, dbFile: ctx.dbFile, userName: ctx.actor.name, host: ctx.host, documentsDir: ctx.documentsDir }),
    listCycles: () => listCycles(ctx),
    createCycle: (i) => createCycle(ctx, i),
    loadDemo: () => loadDemo(ctx),
    setCycleStatus: (i) => setCycleStatus(ctx, i),
    listCategories: async (i) => {
      await requireCycle(ctx.db, i.cycleId);
      return listCategories(ctx.db, i.cycleId);
    },
    createCategory: (i) => createCategory(ctx, i),
    updateCategory: (i) => updateCategory(ctx, i),
    listComponents: (i) => listComponents(ctx.db, i.categoryId),
    saveComponent: (i) => saveComponent(ctx, i),
    listUnits: async (i) => {
      await requireCycle(ctx.db, i.cycleId);
      return listUnits(ctx.db, i.cycleId, i.categoryId);
    },
    saveUnit: (i) => saveUnit(ctx, i),
    deleteUnits: (i) => deleteUnits(ctx, i),
    listCadres: async (i) => {
      await requireCycle(ctx.db, i.cycleId);
      return listCadres(ctx.db, i.cycleId, i.unitId);
    },
    listDepartments: (i) => listDepartments(ctx, i.cycleId),
    listIndicators: (i) => indicatorTree(ctx, i.categoryId),
    saveIndicator: (i) => saveIndicator(ctx, i),
    deleteIndicator: (i) => deleteIndicator(ctx, i.id),
    getScoreMatrix: (i) => getScoreMatrix(ctx, i),
    // a bulk save (a pasted sheet, a fill over thousands of cells) runs in a worker: the window never freezes
    setScores: (i) => (shouldOffload(i.cells.length > OFFLOAD_CELLS) ? withJob(i.jobId, (job) => offload(ctx, 'setScores', i, { signal: job.signal })) : setScores(ctx, i)),
    listBallots: (i) => listBallots(ctx, i.categoryId),
    listEvents: (i) => listEvents(ctx, i.cycleId),
    computeCycle: async (i) => {
      await requireCycle(ctx.db, i.cycleId);
      // a province-scale recompute takes seconds: in a worker, cancellable
      if (shouldOffload((await subjectCount(ctx.db, i.cycleId)) > OFFLOAD_SUBJECTS)) return withJob(i.jobId, (job) => offload(ctx, 'computeCycle', i, { signal: job.signal }));
      return computeCycle(ctx, i.cycleId);
    },
    listChecks: (i) => listChecks(ctx, i.cycleId, i.categoryId),
    listResults: (i) => listResults(ctx, i),
    listQuotas: (i) => listQuotas(ctx, i),
    resultsState: async (i) => {
      await requireCycle(ctx.db, i.cycleId);
      return resultsState(ctx, i.cycleId);
    },
    getResultDetail: (i) => getResultDetail(ctx, i),
    adjustGrade: (i) => adjustGrade(ctx, i),
    generateFeedbackLetter: (i) => generateFeedbackLetter(ctx, i),
    listDocuments: (i) => listDocuments(ctx, i.cycleId),
    listAudit: (i) => listAudit(ctx, i),
    ...createSecurityHandlers(ctx),
    ...createCollectHandlers(ctx),
    ...createDocumentHandlers(ctx),
    ...createShellHandlers(shell),
  };
}
