// A document's content as plain data: paragraphs with a role and tables. The
// preview channel returns it as it is; reports/gbt9704.ts lays the same value
// out as a .docx, so what the office previews is what is written.

export type ParagraphRole =
  | 'organMark' // 发文机关标志 (red)
  | 'docNumber' // 发文字号
  | 'title' // 2号 小标宋
  | 'recipients' // 主送机关 / 称谓
  | 'body'
  | 'heading1' // 一、 黑体
  | 'heading2' // （一） 楷体
  | 'attachmentNote' // 附件：…
  | 'signOrgan'
  | 'signDate'
  | 'attachmentLabel' // 附件 (page top, 黑体)
  | 'attachmentTitle'
  | 'caption' // a table's caption
  | 'tableNote' // small text under a table
  | 'copyTo' // 版记：抄送
  | 'printedBy'; // 版记：印发机关和印发日期

export interface ParagraphBlock {
  type: 'paragraph';
  role: ParagraphRole;
  text: string;
  /** printedBy: the date at the right end of the line */
  right?: string;
}

export interface TableCell {
  text: string;
  bold?: boolean;
  /** left indent in characters (a tree) */
  indent?: number;
  colSpan?: number;
  rowSpan?: number;
}

export interface TableColumn {
  /** share of the text block's width */
  width: number;
  align: 'left' | 'center' | 'right';
}

export interface TableBlock {
  type: 'table';
  columns: TableColumn[];
  /** header rows, repeated on every page; cells may span */
  header: TableCell[][];
  rows: TableCell[][];
}

export type Block = ParagraphBlock | TableBlock;

export interface FontChoice {
  name: string;
  fallback: string;
}

export interface DocumentFonts {
  title: FontChoice;
  body: FontChoice;
  heading1: FontChoice;
  heading2: FontChoice;
  pageNumber: FontChoice;
}

export interface DocModel {
  /** 'document': 文件格式 (page numbers on every page, 版记); 'letter': 信函格式 (first page unnumbered, red double rules) */
  format: 'document' | 'letter';
  title: string;
  author: string;
  fonts: DocumentFonts;
  /** the main part; the attachment starts on a new page */
  blocks: Block[];
  attachment: Block[];
  /** the 版记 at the end of the document */
  record: Block[];
}

export const p = (role: ParagraphRole, text: string, right?: string): ParagraphBlock => (right === undefined ? { type: 'paragraph', role, text } : { type: 'paragraph', role, text, right });
export const cell = (text: string, extra: Omit<TableCell, 'text'> = {}): TableCell => ({ text, ...extra });

/** The model's text, paragraph by paragraph, tables as tab-separated rows: for tests and the command line. */
export function plainText(model: DocModel): string {
  const out: string[] = [];
  for (const b of [...model.blocks, ...model.attachment, ...model.record]) {
    if (b.type === 'paragraph') out.push(b.right ? `${b.text}\t${b.right}` : b.text);
    else for (const r of [...b.header, ...b.rows]) out.push(r.map((c) => c.text).join('\t'));
  }
  return out.join('\n');
}
