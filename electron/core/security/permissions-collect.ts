// What the data-collection channels (issue 7) need; spread into CHANNEL_RULES.
import type { Channel } from '../../../shared/ipc/contract.ts';
import type { Rule } from './permissions.ts';

export const COLLECT_RULES: Partial<Record<Channel, Rule>> = {
  saveCadre: 'edit',
  saveCadres: 'edit',
  deleteCadres: 'edit',
  listDepartmentDetails: 'read',
  saveDepartment: 'edit',
  saveDepartments: 'edit',
  deleteDepartment: 'edit',
  listAssessmentGroups: 'read',
  saveAssessmentGroup: 'edit',
  deleteAssessmentGroup: 'edit',
  deleteComponent: 'edit',
  listRaterGroups: 'read',
  saveBallots: 'edit',
  listEventDetails: 'read',
  saveEvent: 'edit',
  deleteEvent: 'edit',
  closeInvestigation: 'edit',
  updateCycle: 'edit',
  diffCycles: 'read',
  previewCopyCycle: 'edit',
  copyCycle: 'edit',
  // a workbook leaves the system or comes in: the data-exchange permission besides editing
  writeCollectTemplate: 'edit',
  previewCollect: 'edit',
  applyCollect: 'edit',
  importPlan: 'edit',
  // the grid as it is shown: whoever may read the scores
  exportScoreGrid: 'read',
};
