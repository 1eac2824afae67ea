// Channel → service for the documents of issue 8 (contract-documents.ts).
import type { ServiceContext } from '../context.ts';
import { requireCycle } from '../repos/cycles.ts';
import { getDocumentSettings, saveDocumentSettings } from '../services/document-settings.ts';
import { deleteFeedbackItem, generateAllFeedbackLetters, listFeedbackItems, previewLetter, saveFeedbackItem, suggestFeedbackItems } from '../services/documents.ts';
import { generateNotice, previewNotice } from '../services/notice.ts';
import { generateRankingTables } from '../services/ranking.ts';
import { carryRectification, exportRectification, listRectification, updateRectification } from '../services/rectification.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Handlers } from './dispatch.ts';

type DocumentHandlers = Pick<
  Handlers,
  | 'getDocumentSettings'
  | 'saveDocumentSettings'
  | 'previewDocument'
  | 'generateNotice'
  | 'generateAllFeedbackLetters'
  | 'generateRankingTables'
  | 'listFeedbackItems'
  | 'saveFeedbackItem'
  | 'deleteFeedbackItem'
  | 'suggestFeedbackItems'
  | 'listRectification'
  | 'updateRectification'
  | 'exportRectification'
  | 'carryRectification'
>;

export function createDocumentHandlers(ctx: ServiceContext): DocumentHandlers {
  return {
    getDocumentSettings: (i) => getDocumentSettings(ctx, i),
    saveDocumentSettings: (i) => saveDocumentSettings(ctx, i),
    previewDocument: async (i) => {
      await requireCycle(ctx.db, i.cycleId);
      if (i.kind === 'feedback' && i.unitId === undefined) throw new AppError('invalid_input', '预览反馈函须选择单位。', { kind: 'field', path: 'unitId' });
      const { model, missing, docNumber } = i.kind === 'notice' ? await previewNotice(ctx, i.cycleId) : await previewLetter(ctx, i.cycleId, i.unitId!);
      return { format: model.format, title: model.title, docNumber, blocks: model.blocks, attachment: model.attachment, record: model.record, missing };
    },
    generateNotice: (i) => generateNotice(ctx, i.cycleId),
    generateAllFeedbackLetters: (i) => generateAllFeedbackLetters(ctx, i),
    generateRankingTables: (i) => generateRankingTables(ctx, i),
    listFeedbackItems: (i) => listFeedbackItems(ctx, i),
    saveFeedbackItem: (i) => saveFeedbackItem(ctx, i),
    deleteFeedbackItem: (i) => deleteFeedbackItem(ctx, i),
    suggestFeedbackItems: (i) => suggestFeedbackItems(ctx, i),
    listRectification: (i) => listRectification(ctx, i),
    updateRectification: (i) => updateRectification(ctx, i),
    exportRectification: (i) => exportRectification(ctx, i),
    carryRectification: (i) => carryRectification(ctx, i),
  };
}
