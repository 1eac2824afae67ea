// Ranking tables by category (排名表) and cadre grade lists (干部等次名册), as
// .docx (the document format's page, without organ mark) and .xlsx.
import ExcelJS from 'exceljs';
import { cell, p, type Block, type DocModel, type DocumentFonts, type TableBlock } from './model.ts';
import type { NoticeCategory } from './notice.ts';
import { DEFAULT_FONTS, makeFormat } from './text.ts';

function rankingTable(c: NoticeCategory): TableBlock {
  const f = makeFormat(c.decimals);
  const cadre = c.kind === 'cadre';
  const n = c.components.length;
  return {
    type: 'table',
    columns: [
      { width: 8, align: 'center' },
      { width: cadre ? 12 : 26, align: 'left' },
      ...(cadre ? [{ width: 22, align: 'left' as const }] : []),
      ...c.components.map(() => ({ width: Math.max(10, Math.floor(56 / Math.max(n, 1))), align: 'right' as const })),
      { width: 12, align: 'right' },
      { width: 10, align: 'center' },
    ],
    header: [[cell('名次'), cell(cadre ? '姓名' : '单位'), ...(cadre ? [cell('单位')] : []), ...c.components.map((x) => cell(x)), cell('总分'), cell('等次')]],
    rows: c.rows.map((r) => [cell(String(r.rank)), cell(r.name), ...(cadre ? [cell(r.unitName ?? '')] : []), ...r.contributions.map((x, i) => cell(c.signed?.[i] ? f.signed(x) : f.fixed(x))), cell(f.fixed(r.total)), cell(r.grade)]),
  };
}

export function rankingModel(title: string, organ: string, categories: NoticeCategory[], fonts: DocumentFonts = DEFAULT_FONTS): DocModel {
  const blocks: Block[] = [p('attachmentTitle', title)];
  for (const c of categories) blocks.push(p('caption', `${c.name}（${c.rows.length}${c.kind === 'cadre' ? '人' : '个单位'}）`), rankingTable(c));
  return { format: 'document', title, author: organ, fonts, blocks, attachment: [], record: [] };
}

/** One sheet per category; the header row repeats on every printed page. */
export async function rankingWorkbook(title: string, categories: NoticeCategory[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.title = title;
  const used = new Set<string>();
  for (const c of categories) {
    let name = c.name.replace(/[\\/?*[\]:]/g, '').slice(0, 28) || '类别';
    for (let i = 2; used.has(name); i++) name = `${c.name.slice(0, 25)}${i}`;
    used.add(name);
    const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' } });
    const cadre = c.kind === 'cadre';
    const header = ['名次', cadre ? '姓名' : '单位', ...(cadre ? ['单位'] : []), ...c.components, '总分', '等次'];
    ws.addRow([`${title}：${c.name}`]).font = { bold: true, size: 14 };
    ws.mergeCells(1, 1, 1, header.length);
    const h = ws.addRow(header);
    h.font = { bold: true };
    h.eachCell((x) => (x.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } }));
    const numFmt = c.decimals > 0 ? `0.${'0'.repeat(c.decimals)}` : '0';
    for (const r of c.rows) {
      const row = ws.addRow([r.rank, r.name, ...(cadre ? [r.unitName ?? ''] : []), ...r.contributions.map((x) => Number(x.toFixed(c.decimals))), Number(r.total.toFixed(c.decimals)), r.grade]);
      row.eachCell((x, i) => {
        x.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
        if (i > (cadre ? 3 : 2) && i < header.length) x.numFmt = numFmt;
      });
    }
    ws.columns.forEach((col, i) => (col.width = i === 1 || (cadre && i === 2) ? 28 : 12));
    ws.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
