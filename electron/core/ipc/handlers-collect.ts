// Channel → service for data collection (issue 7); merged into the one map in handlers.ts.
import type { ServiceContext } from '../context.ts';
import type { Handlers } from './dispatch.ts';
import { applyCollect, previewCollect, writeCollectTemplate } from '../services/collect.ts';
import { closeInvestigation, deleteEvent, listEventDetails, listRaterGroups, saveBallots, saveEvent } from '../services/collect-data.ts';
import { deleteAssessmentGroup, deleteCadres, deleteComponent, deleteDepartment, listAssessmentGroups, listDepartmentDetails, saveAssessmentGroup, saveCadre, saveCadres, saveDepartment, saveDepartments } from '../services/collect-plan.ts';
import { exportScoreGrid } from '../services/grid-export.ts';
import { copyCycle, diffCycles, previewCopyCycle, updateCycle } from '../services/cycle-copy.ts';
import { importPlanChannel } from '../services/plan-import.ts';

type CollectChannel = keyof typeof import('../../../shared/ipc/contract-collect.ts').collectChannels;

export function createCollectHandlers(ctx: ServiceContext): Pick<Handlers, CollectChannel> {
  return {
    saveCadre: (i) => saveCadre(ctx, i),
    saveCadres: (i) => saveCadres(ctx, i),
    deleteCadres: (i) => deleteCadres(ctx, i),
    listDepartmentDetails: (i) => listDepartmentDetails(ctx, i.cycleId),
    saveDepartment: (i) => saveDepartment(ctx, i),
    saveDepartments: (i) => saveDepartments(ctx, i),
    deleteDepartment: (i) => deleteDepartment(ctx, i),
    listAssessmentGroups: (i) => listAssessmentGroups(ctx, i.cycleId),
    saveAssessmentGroup: (i) => saveAssessmentGroup(ctx, i),
    deleteAssessmentGroup: (i) => deleteAssessmentGroup(ctx, i),
    deleteComponent: (i) => deleteComponent(ctx, i),
    listRaterGroups: (i) => listRaterGroups(ctx, i.cycleId),
    saveBallots: (i) => saveBallots(ctx, i),
    listEventDetails: (i) => listEventDetails(ctx, i),
    saveEvent: (i) => saveEvent(ctx, i),
    deleteEvent: (i) => deleteEvent(ctx, i),
    closeInvestigation: (i) => closeInvestigation(ctx, i),
    updateCycle: (i) => updateCycle(ctx, i),
    diffCycles: (i) => diffCycles(ctx, i.fromCycleId, i.toCycleId),
    previewCopyCycle: (i) => previewCopyCycle(ctx, i),
    copyCycle: (i) => copyCycle(ctx, i),
    writeCollectTemplate: (i) => writeCollectTemplate(ctx, i),
    previewCollect: (i) => previewCollect(ctx, i),
    applyCollect: (i) => applyCollect(ctx, i),
    importPlan: (i) => importPlanChannel(ctx, i),
    exportScoreGrid: (i) => exportScoreGrid(ctx, i),
  };
}
