// Ranking tables by category and cadre grade lists, from the stored results,
// as .docx or .xlsx; each file registered like every document issued.
import path from 'node:path';
import type { DocumentRow, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { requireCycle } from '../repos/cycles.ts';
import { renderDocx } from '../reports/gbt9704.ts';
import { rankingModel, rankingWorkbook } from '../reports/ranking.ts';
import { readSettings } from './document-settings.ts';
import { issueDocument } from './documents.ts';
import { currentResults, noticeCategories } from './notice.ts';

export async function generateRankingTables(ctx: ServiceContext, input: ParsedInputOf<'generateRankingTables'>): Promise<DocumentRow[]> {
  const cycle = await requireCycle(ctx.db, input.cycleId);
  const settings = await readSettings(ctx.db, cycle.id);
  const { categories, rows, bonus } = await currentResults(ctx, cycle.id, '排名表');
  const all = noticeCategories(categories, rows, 'score', bonus);
  const out: DocumentRow[] = [];
  for (const [kind, list, label] of [
    ['ranking', all.filter((c) => c.kind === 'unit'), '领导班子考核排名表'],
    ['cadre_list', all.filter((c) => c.kind === 'cadre'), '领导干部考核等次名册'],
  ] as const) {
    if (list.length === 0) continue;
    const title = `${cycle.year}年度${label}`;
    out.push(
      await issueDocument(ctx, {
        cycle,
        kind,
        unitId: null,
        sequence: null,
        title,
        folder: path.join(ctx.documentsDir, String(cycle.year), '排名表'),
        name: kind === 'ranking' ? `${cycle.year}年度排名表` : `${cycle.year}年度干部等次名册`,
        format: input.format,
        sameAs: { kind, unitId: null, title },
        build: async () => (input.format === 'xlsx' ? rankingWorkbook(title, list) : renderDocx(rankingModel(title, settings.organ, list, settings.fonts))),
      }),
    );
  }
  return out;
}
