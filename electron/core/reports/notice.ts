// 考核结果通报: the notice in the document format (文件格式) of GB/T 9704-2012,
// as a content model: the units' grades by category in the plan's order, the
// cadres' as counts per grade (the names are the 干部等次名册 of the ranking
// tables), an attachment with the results table of each unit category (rank,
// the components, total and grade; merged header repeated on every page), and
// the 版记.
import { cell, p, type Block, type DocModel, type DocumentFonts, type TableBlock } from './model.ts';
import { DEFAULT_FONTS, chineseNumber, makeFormat } from './text.ts';

export interface NoticeCategory {
  name: string;
  kind: 'unit' | 'cadre';
  decimals: number;
  /** grades in the plan's order, each with its subjects in the chosen order */
  grades: { grade: string; names: string[] }[];
  components: string[];
  /** which components are 加减分: printed with their sign (+2.00, −0.50) as in the letters */
  signed?: boolean[];
  rows: { rank: number; name: string; unitName: string | null; contributions: number[]; total: number; grade: string }[];
}

export interface NoticeData {
  organMark: string;
  docNumber: string;
  title: string;
  recipients: string;
  cycleName: string;
  year: number;
  categories: NoticeCategory[];
  requirement: string;
  signOrgan: string;
  signDate: string;
  copyTo: string;
  printOrgan: string;
  printDate: string;
}

function resultsTable(c: NoticeCategory): TableBlock {
  const f = makeFormat(c.decimals);
  const cadre = c.kind === 'cadre';
  const n = c.components.length;
  const columns: TableBlock['columns'] = [
    // shares of the type area: a component's name of four characters and 名次 on one line
    { width: 9, align: 'center' },
    { width: cadre ? 14 : 34, align: 'left' },
    ...(cadre ? [{ width: 20, align: 'left' as const }] : []),
    ...c.components.map(() => ({ width: Math.max(16, Math.floor(64 / Math.max(n, 1))), align: 'right' as const })),
    { width: 11, align: 'right' },
    { width: 9, align: 'center' },
  ];
  const span2 = { rowSpan: 2 };
  const header = [
    [cell('名次', span2), cell(cadre ? '姓名' : '单位', span2), ...(cadre ? [cell('单位', span2)] : []), ...(n > 0 ? [cell('各项得分', { colSpan: n })] : []), cell('总分', span2), cell('等次', span2)],
    c.components.map((x) => cell(x)),
  ];
  const rows = c.rows.map((r) => [cell(String(r.rank)), cell(r.name), ...(cadre ? [cell(r.unitName ?? '')] : []), ...r.contributions.map((x, i) => cell(c.signed?.[i] ? f.signed(x) : f.fixed(x))), cell(f.fixed(r.total)), cell(r.grade)]);
  return { type: 'table', columns, header: n > 0 ? header : [header[0]!.map((h) => ({ ...h, rowSpan: undefined }))], rows };
}

export function noticeModel(data: NoticeData, fonts: DocumentFonts = DEFAULT_FONTS): DocModel {
  const blocks: Block[] = [p('organMark', data.organMark), p('docNumber', data.docNumber), p('title', data.title), p('recipients', `${data.recipients}：`)];
  blocks.push(p('body', `按照${data.cycleName}工作安排，经综合考核、民主测评和考核委员会审定，现将${data.year}年度考核结果通报如下。`));
  const units = data.categories.filter((c) => c.kind === 'unit');
  const cadres = data.categories.filter((c) => c.kind === 'cadre');
  let section = 0;
  if (units.length > 0) {
    blocks.push(p('heading1', `${chineseNumber(++section)}、领导班子考核结果`));
    units.forEach((c, i) => {
      blocks.push(p('heading2', `（${chineseNumber(i + 1)}）${c.name}`));
      for (const g of c.grades) if (g.names.length > 0) blocks.push(p('body', `${g.grade}等次（${g.names.length}个）：${g.names.join('、')}。`));
    });
  }
  if (cadres.length > 0) {
    // counts only: one line a category instead of every name (the names are the cadre grade lists)
    blocks.push(p('heading1', `${chineseNumber(++section)}、领导干部考核结果`));
    blocks.push(p('body', `${data.year}年度共考核领导干部${cadres.reduce((n, c) => n + c.rows.length, 0)}名，各类别等次人数如下，名单见${data.year}年度领导干部考核等次名册。`));
    cadres.forEach((c, i) => {
      const counts = c.grades.filter((g) => g.names.length > 0).map((g) => `${g.grade}${g.names.length}名`);
      blocks.push(p('body', `${i + 1}.${c.name}${c.rows.length}名：${counts.join('，')}。`));
    });
  }
  blocks.push(p('heading1', `${chineseNumber(++section)}、有关要求`), p('body', data.requirement));
  const attachmentTitle = `${data.year}年度领导班子综合考核结果`;
  if (units.length > 0) blocks.push(p('attachmentNote', `附件：${attachmentTitle}`));
  blocks.push(p('signOrgan', data.signOrgan), p('signDate', data.signDate));

  const attachment: Block[] = [];
  if (units.length > 0) {
    attachment.push(p('attachmentLabel', '附件'), p('attachmentTitle', attachmentTitle));
    units.forEach((c) => attachment.push(p('caption', `${c.name}（${c.rows.length}个）`), resultsTable(c)));
  }

  const record: Block[] = [];
  if (data.copyTo.trim()) record.push(p('copyTo', `抄送：${data.copyTo.replace(/[。.]$/, '')}。`));
  record.push(p('printedBy', data.printOrgan, `${data.printDate}印发`));
  return { format: 'document', title: data.title, author: data.signOrgan, fonts, blocks, attachment, record };
}
