// Lays a DocModel out in the GB/T 9704-2012 format: A4, margins 37/35/28/26 mm,
// a document grid of 22 lines × 28 characters, 3号 仿宋 body, 2号 小标宋 title,
// 一、 黑体 and （一） 楷体 headings, a red organ mark with its red rule, "— 1 —"
// page numbers (odd pages right, even pages left), the attachment on a new page
// and the 版记 with its rules at the foot of the last page. Both the notice
// (文件格式) and the letters (信函格式) come out of here.
import JSZip from 'jszip';
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  RelativeVerticalPosition,
  Table,
  TableAnchorType,
  TableCell as DocxCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { IBorderOptions, IParagraphOptions, IRunOptions } from 'docx';
import type { Block, DocModel, DocumentFonts, FontChoice, ParagraphBlock, TableBlock, TableCell } from './model.ts';

const RED = 'FF0000';
const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);
const halfPoints = (pt: number): number => Math.round(pt * 2);

export const PAGE = { width: 11906, height: 16838 } as const; // A4
export const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(20) } as const;
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // 156 mm
const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom; // 225 mm

export const BODY_PT = 16; // 3号
export const TITLE_PT = 22; // 2号
export const PAGE_NUMBER_PT = 14; // 4号
export const RECORD_PT = 14; // 版记: 4号
export const TABLE_PT = 12; // 小四
/** a table's lines: 小四 on 14 pt, with half a point above and below in the cell (a row of one line is 15 pt) */
export const TABLE_LINE = TABLE_PT * 20 + 40;
const CELL_MARGIN = { top: 10, bottom: 10, left: 60, right: 60 } as const;
/** 22 lines on the type area: 12756 / 22 = 579.8, rounded down so 22 fit */
export const LINE_PITCH = Math.floor(TEXT_HEIGHT / 22);
/**
 * 28 characters on a line: the grid's pitch differs from the 3号 default by
 * charSpace/4096 points (ECMA-376 §17.6.5): (8844/28 twips − 16 pt) × 4096.
 */
export const CHAR_SPACE = Math.floor((TEXT_WIDTH / 28 / 20 - BODY_PT) * 4096); // −842: rounded down, or the 28th character would not fit
/**
 * 28 characters of 3号 are 158 mm, 2 mm more than the type area: the grid's
 * pitch (15.8 pt) is a little less than a character. Word squeezes each
 * character to the pitch; LibreOffice instead gives a character wider than a
 * grid cell two cells (14 characters a line) and rounds every Latin run up to
 * whole cells. So no paragraph snaps to the grid (w:snapToGrid off by default,
 * exact line spacing on the grid's pitch keeps the 22 lines) and the text is
 * condensed by the difference, in twentieths of a point (−0.25 pt): 28
 * characters a line in both.
 */
export const CONDENSE = Math.floor(TEXT_WIDTH / 28 - BODY_PT * 20);
/** The letter format's red double rules are 170 mm long, 7 mm past each side of the type area. */
const RULE_OVERHANG = mm(7);

function fontOf(face: FontChoice): IRunOptions['font'] {
  return { ascii: face.name, hAnsi: face.name, eastAsia: face.name, cs: face.name, hint: 'eastAsia' };
}

const exactLine = (twips: number): IParagraphOptions['spacing'] => ({ line: twips, lineRule: LineRuleType.EXACT, before: 0, after: 0 });

/** Width in 3号 characters: CJK one, ASCII half, and a quarter where they meet. */
export function charWidth(text: string): number {
  let width = 0;
  let previousAscii: boolean | null = null;
  for (const ch of text) {
    const ascii = ch.charCodeAt(0) < 0x80;
    width += (ascii ? 0.5 : 1) + (previousAscii !== null && previousAscii !== ascii ? 0.25 : 0);
    previousAscii = ascii;
  }
  return width;
}

/** The organ mark in the largest size up to 小初 (36 pt) that keeps it on one line of the given width. */
function markSize(text: string, widthTwips: number): number {
  const widthPt = (widthTwips / 20) * 0.95;
  return Math.max(18, Math.min(36, Math.floor(widthPt / Math.max(charWidth(text), 1))));
}

const redRule = (style: IBorderOptions['style'], size: number, space: number): IBorderOptions => ({ style, size, color: RED, space });
const blackRule = (size: number): IBorderOptions => ({ style: BorderStyle.SINGLE, size, color: '000000', space: 1 });

class Layout {
  private readonly model: DocModel;
  private readonly fonts: DocumentFonts;
  constructor(model: DocModel) {
    this.model = model;
    this.fonts = model.fonts;
  }

  run(text: string, face: FontChoice, pt: number, extra: Omit<IRunOptions, 'text' | 'font' | 'size'> = {}): TextRun {
    return new TextRun({ text, font: fontOf(face), size: halfPoints(pt), ...extra });
  }

  /** Body text and headings by style: direct formatting on every run is most of the cost of writing a letter. */
  body(text: string, style: 'KBody' | 'KHeading1' | 'KHeading2' = 'KBody', options: IParagraphOptions = {}): Paragraph {
    return new Paragraph({ style, children: [new TextRun(text)], ...options });
  }

  // Sealed layout: the date four characters from the right, the organ centred over it.
  signature(organ: string, date: string): Paragraph[] {
    const char = BODY_PT * 20;
    const dateIndent = 4 * char;
    const organIndent = Math.max(0, Math.round(dateIndent + ((charWidth(date) - charWidth(organ)) / 2) * char));
    const line = (text: string, right: number, before = 0) =>
      new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right }, spacing: { ...exactLine(LINE_PITCH), before }, keepNext: true, keepLines: true, children: [this.run(text, this.fonts.body, BODY_PT)] });
    return [line(organ, organIndent, LINE_PITCH * 2), line(date, dateIndent)];
  }

  paragraph(b: ParagraphBlock, blocks: readonly Block[], i: number): Paragraph[] {
    const f = this.fonts;
    const letter = this.model.format === 'letter';
    switch (b.role) {
      case 'organMark':
        return [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            indent: letter ? { left: -RULE_OVERHANG, right: -RULE_OVERHANG } : undefined,
            spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
            // the letter: thick over thin red rules about 4 mm under the name
            border: letter ? { bottom: redRule(BorderStyle.THICK_THIN_SMALL_GAP, 18, 11) } : undefined,
            children: [this.run(b.text, f.title, markSize(b.text, letter ? TEXT_WIDTH + 2 * RULE_OVERHANG : TEXT_WIDTH), { color: RED })],
          }),
        ];
      case 'docNumber':
        return letter
          ? [new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { ...exactLine(LINE_PITCH), before: 280 }, children: [this.run(b.text, f.body, BODY_PT)] })]
          : [
              // two lines under the mark; the red rule 4 mm under the number, as wide as the type area
              new Paragraph({
                alignment: AlignmentType.CENTER,
                spacing: { ...exactLine(LINE_PITCH), before: 2 * LINE_PITCH },
                border: { bottom: redRule(BorderStyle.SINGLE, 12, 11) },
                children: [this.run(b.text, f.body, BODY_PT)],
              }),
            ];
      case 'title':
        return [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            keepNext: true,
            spacing: { line: 700, lineRule: LineRuleType.EXACT, before: LINE_PITCH, after: LINE_PITCH },
            children: [this.run(b.text, f.title, TITLE_PT)],
          }),
        ];
      case 'recipients':
        return [new Paragraph({ spacing: exactLine(LINE_PITCH), keepNext: true, children: [this.run(b.text, f.body, BODY_PT)] })];
      case 'body': {
        // the closing sentence stays with the signature: a date never stands alone on a page
        const next = blocks[i + 1];
        return [this.body(b.text, 'KBody', next?.type === 'paragraph' && next.role === 'signOrgan' ? { keepNext: true, keepLines: true } : {})];
      }
      case 'heading1':
        return [this.body(b.text, 'KHeading1')];
      case 'heading2':
        return [this.body(b.text, 'KHeading2')];
      case 'attachmentNote':
        // one blank line before 附件说明 (GB/T 9704 7.3.4)
        return [this.body(b.text, 'KBody', { spacing: { ...exactLine(LINE_PITCH), before: LINE_PITCH }, keepNext: true })];
      case 'signOrgan': {
        const next = blocks[i + 1];
        return this.signature(b.text, next?.type === 'paragraph' && next.role === 'signDate' ? next.text : '');
      }
      case 'signDate':
        return []; // laid out with signOrgan
      case 'attachmentLabel':
        return [new Paragraph({ pageBreakBefore: true, keepNext: true, spacing: exactLine(LINE_PITCH), children: [this.run(b.text, f.heading1, BODY_PT)] })];
      case 'attachmentTitle':
        return [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            keepNext: true,
            spacing: { line: 700, lineRule: LineRuleType.EXACT, before: LINE_PITCH / 2, after: LINE_PITCH / 2 },
            children: [this.run(b.text, f.title, TITLE_PT)],
          }),
        ];
      case 'caption':
        return [new Paragraph({ keepNext: true, spacing: { ...exactLine(LINE_PITCH), before: 120 }, children: [this.run(b.text, f.heading2, BODY_PT)] })];
      case 'tableNote':
        return [new Paragraph({ spacing: { ...exactLine(TABLE_PT * 20 + 120), before: 60, after: 120 }, children: [this.run(b.text, f.body, TABLE_PT, { snapToGrid: false })] })];
      case 'copyTo':
      case 'printedBy':
        return [this.recordLine(b, blocks, i)];
    }
  }

  /** 版记: 4号 仿宋, one character in from each side; thick rules first and last, thin ones between. */
  recordLine(b: ParagraphBlock, blocks: readonly Block[], i: number): Paragraph {
    const char = RECORD_PT * 20;
    const first = i === 0 || blocks[i - 1]?.type !== 'paragraph';
    const last = i === blocks.length - 1;
    const thick = blackRule(8); // 0.35 mm
    const thin = blackRule(6); // 0.25 mm
    const label = b.role === 'copyTo' ? '抄送：' : ''; // the hanging indent lines wrapped names up under the first
    return new Paragraph({
      keepNext: !last,
      keepLines: true,
      spacing: { ...exactLine(LINE_PITCH), before: first ? LINE_PITCH : 0 },
      indent: b.role === 'copyTo' ? { left: char + charWidth(label) * char, hanging: charWidth(label) * char, right: char } : { left: char, right: char },
      border: { top: first ? thick : thin, bottom: last ? thick : undefined },
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - char }],
      children: [this.run(b.text, this.fonts.body, RECORD_PT), ...(b.right ? [this.run(`\t${b.right}`, this.fonts.body, RECORD_PT)] : [])],
    });
  }

  /**
   * 版记 at the foot of the last page (GB/T 9704 7.3.5): a one-column table
   * floating at the bottom of the type area, anchored in the document's last
   * paragraph. Placed from the page's left edge at the left margin: LibreOffice
   * keeps a table as wide as the type area inline when it is anchored to the
   * margin (no text could wrap beside it), and only then. 4号 仿宋 one
   * character in from each side; thick rules (0.35 mm) first and last, thin
   * ones (0.25 mm) between, none at the sides.
   */
  record(lines: readonly Block[]): (Paragraph | Table)[] {
    const paras = lines.filter((b): b is ParagraphBlock => b.type === 'paragraph');
    if (paras.length === 0) return [];
    const char = RECORD_PT * 20;
    const thick: IBorderOptions = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
    const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
    const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
    const rows = paras.map((b) => {
      const label = b.role === 'copyTo' ? '抄送：' : ''; // wrapped names line up under the first
      return new TableRow({
        cantSplit: true,
        children: [
          new DocxCell({
            width: { size: TEXT_WIDTH, type: WidthType.DXA },
            children: [
              new Paragraph({
                spacing: exactLine(LINE_PITCH),
                indent: label ? { left: char + charWidth(label) * char, hanging: charWidth(label) * char, right: char } : { left: char, right: char },
                tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - char }],
                children: [this.run(b.text, this.fonts.body, RECORD_PT), ...(b.right ? [this.run(`\t${b.right}`, this.fonts.body, RECORD_PT)] : [])],
              }),
            ],
          }),
        ],
      });
    });
    return [
      new Table({
        rows,
        width: { size: TEXT_WIDTH, type: WidthType.DXA },
        columnWidths: [TEXT_WIDTH],
        layout: TableLayoutType.FIXED,
        float: {
          horizontalAnchor: TableAnchorType.PAGE,
          absoluteHorizontalPosition: MARGIN.left,
          verticalAnchor: TableAnchorType.MARGIN,
          relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
          topFromText: LINE_PITCH,
        },
        margins: { top: 0, bottom: 0, left: 0, right: 0 },
        borders: { top: thick, bottom: thick, insideHorizontal: thin, left: none, right: none, insideVertical: none },
      }),
      // the anchor: the table sits at the foot of this paragraph's page
      new Paragraph({ spacing: exactLine(20), children: [] }),
    ];
  }

  table(t: TableBlock): Table {
    const shareSum = t.columns.reduce((s, c) => s + c.width, 0);
    const widths = t.columns.map((c) => Math.floor((TEXT_WIDTH * c.width) / shareSum));
    const border: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
    const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;
    const row = (cells: TableCell[], header: boolean, occupied: Set<number>): TableRow => {
      let col = 0;
      const children: DocxCell[] = [];
      for (const c of cells) {
        while (occupied.has(col)) col++;
        const span = c.colSpan ?? 1;
        const width = widths.slice(col, col + span).reduce((s, w) => s + w, 0);
        const align = header ? 'center' : (t.columns[col]?.align ?? 'left');
        children.push(
          new DocxCell({
            width: { size: width, type: WidthType.DXA },
            columnSpan: span > 1 ? span : undefined,
            rowSpan: c.rowSpan && c.rowSpan > 1 ? c.rowSpan : undefined,
            verticalAlign: header || (c.rowSpan ?? 1) > 1 ? VerticalAlignTable.CENTER : undefined,
            children: c.text.split('\n').map(
              (line) =>
                new Paragraph({
                  style: header ? 'KTableHead' : 'KTable',
                  alignment: align === 'left' ? undefined : ALIGN[align],
                  indent: c.indent ? { left: c.indent * TABLE_PT * 20 } : undefined,
                  children: [c.bold && !header ? new TextRun({ text: line, bold: true }) : new TextRun(line)],
                }),
            ),
          }),
        );
        col += span;
      }
      return new TableRow({ tableHeader: header, cantSplit: true, children });
    };
    // columns covered by a cell spanning rows from the header row above
    const headerRows: TableRow[] = [];
    let covered = new Map<number, number>();
    for (const cells of t.header) {
      const occupied = new Set([...covered.keys()]);
      headerRows.push(row(cells, true, occupied));
      const next = new Map<number, number>();
      for (const [c, left] of covered) if (left > 1) next.set(c, left - 1);
      let col = 0;
      for (const c of cells) {
        while (occupied.has(col)) col++;
        const span = c.colSpan ?? 1;
        if ((c.rowSpan ?? 1) > 1) for (let k = 0; k < span; k++) next.set(col + k, (c.rowSpan ?? 1) - 1);
        col += span;
      }
      covered = next;
    }
    return new Table({
      rows: [...headerRows, ...t.rows.map((cells) => row(cells, false, new Set()))],
      width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      margins: CELL_MARGIN,
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    });
  }

  blocks(blocks: readonly Block[]): (Paragraph | Table)[] {
    const out: (Paragraph | Table)[] = [];
    blocks.forEach((b, i) => {
      if (b.type === 'paragraph') out.push(...this.paragraph(b, blocks, i));
      else {
        out.push(this.table(b));
        // a little air after a table, unless a caption of the next one follows
        out.push(new Paragraph({ spacing: exactLine(160), children: [] }));
      }
    });
    return out;
  }

  /** "— 2 —": odd pages one character in from the right, even pages from the left. */
  pageNumberFooter(side: 'odd' | 'even'): Footer {
    const char = PAGE_NUMBER_PT * 20;
    return new Footer({
      children: [
        new Paragraph({
          alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: side === 'odd' ? { right: char } : { left: char },
          spacing: { line: 300, lineRule: LineRuleType.EXACT, before: 0, after: mm(2.5) },
          children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: fontOf(this.fonts.pageNumber), size: halfPoints(PAGE_NUMBER_PT) })],
        }),
      ],
    });
  }

  /** The letter format's first page: no page number, a red double rule (thin over thick) near the bottom. */
  letterFirstFooter(): Footer {
    return new Footer({
      children: [
        new Paragraph({
          indent: { left: -RULE_OVERHANG, right: -RULE_OVERHANG },
          spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          border: { top: redRule(BorderStyle.THIN_THICK_SMALL_GAP, 18, 0) },
          children: [this.run('', this.fonts.body, 1)],
        }),
      ],
    });
  }
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The font table names each face with its fall-back (w:altName): Word takes
 * the fall-back where the office's font (方正小标宋简体, 仿宋_GB2312…) is not
 * installed.
 */
export function fontTableXml(fonts: DocumentFonts): string {
  const seen = new Map<string, string>();
  for (const f of Object.values(fonts) as FontChoice[]) if (!seen.has(f.name)) seen.set(f.name, f.fallback);
  const entries = [...seen].map(
    ([name, alt]) =>
      `<w:font w:name="${xmlEscape(name)}">${alt && alt !== name ? `<w:altName w:val="${xmlEscape(alt)}"/>` : ''}<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${entries.join('')}</w:fonts>`;
}

export function buildDocument(model: DocModel): Document {
  const layout = new Layout(model);
  const letter = model.format === 'letter';
  const numbers = { default: layout.pageNumberFooter('odd'), even: layout.pageNumberFooter('even') };
  const attachment = layout.blocks(model.attachment);
  const record = layout.record(model.record);
  return new Document({
    title: model.title,
    creator: model.author,
    evenAndOddHeaderAndFooters: true,
    // table text keeps its own 15 pt lines instead of the page's 29 pt grid
    compatibility: { doNotSnapToGridInCell: true },
    styles: {
      default: {
        document: {
          run: { font: fontOf(model.fonts.body), size: halfPoints(BODY_PT), characterSpacing: CONDENSE, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exactLine(LINE_PITCH) },
        },
      },
      // the grid's character pitch is counted from the Normal style's size (LibreOffice reads it there, not from the defaults)
      paragraphStyles: [
        { id: 'Normal', name: 'Normal', quickFormat: true, run: { font: fontOf(model.fonts.body), size: halfPoints(BODY_PT) } },
        { id: 'KBody', name: '公文正文', basedOn: 'Normal', quickFormat: true, paragraph: { indent: { firstLine: 2 * BODY_PT * 20 }, spacing: exactLine(LINE_PITCH), alignment: AlignmentType.BOTH } },
        { id: 'KHeading1', name: '公文一级标题', basedOn: 'KBody', next: 'KBody', quickFormat: true, paragraph: { keepNext: true }, run: { font: fontOf(model.fonts.heading1) } },
        { id: 'KHeading2', name: '公文二级标题', basedOn: 'KBody', next: 'KBody', quickFormat: true, paragraph: { keepNext: true }, run: { font: fontOf(model.fonts.heading2) } },
        // tables in 小四 on lines of their own (w:snapToGrid off in the paragraph too: see gridStyles)
        { id: 'KTable', name: '公文表格', basedOn: 'Normal', quickFormat: true, paragraph: { spacing: exactLine(TABLE_LINE) }, run: { size: halfPoints(TABLE_PT), characterSpacing: 0, snapToGrid: false } },
        { id: 'KTableHead', name: '公文表头', basedOn: 'KTable', quickFormat: true, paragraph: { alignment: AlignmentType.CENTER }, run: { bold: true } },
      ],
    },
    sections: [
      {
        properties: {
          titlePage: letter,
          page: { size: PAGE, margin: MARGIN },
          // 22 lines × 28 characters (the paragraphs keep to it by their exact
          // spacing and CONDENSE rather than by snapping: see CONDENSE)
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH, charSpace: CHAR_SPACE },
        },
        footers: letter ? { first: layout.letterFirstFooter(), ...numbers } : numbers,
        children: [...layout.blocks(model.blocks), ...attachment, ...record],
      },
    ],
  });
}

/**
 * docx writes w:snapToGrid only into run properties; a paragraph's own (the
 * one LibreOffice reads, and Word's for the line grid) is added to the
 * paragraph defaults and to the table styles here.
 */
export function gridStyles(stylesXml: string): string {
  const off = '<w:snapToGrid w:val="0"/>';
  let out = stylesXml.replace(/<w:pPrDefault>(<w:pPr>|<w:pPr\/>)/, (_m, pPr: string) => (pPr === '<w:pPr/>' ? `<w:pPrDefault><w:pPr>${off}</w:pPr>` : `<w:pPrDefault><w:pPr>${off}`));
  if (!out.includes(`<w:pPrDefault><w:pPr>${off}`)) throw new Error('styles.xml: no paragraph defaults to turn the grid off in');
  for (const id of ['KTable', 'KTableHead']) {
    // pPr: after pStyle/keepNext/keepLines/pageBreakBefore… and before w:spacing, w:ind, w:jc (CT_PPrBase order)
    out = out.replace(new RegExp(`(<w:style w:type="paragraph" w:styleId="${id}">(?:(?!</w:style>).)*?<w:pPr>)((?:(?!</w:pPr>).)*?)(<w:spacing|<w:ind|<w:jc|</w:pPr>)`), `$1$2${off}$3`);
  }
  return out;
}

/** The styles part depends on the fonts only: built once per set of fonts. */
const stylesCache = new Map<string, string>();

export async function renderDocx(model: DocModel): Promise<Buffer> {
  const key = JSON.stringify(model.fonts);
  let styles = stylesCache.get(key);
  const fontTable = { path: 'word/fontTable.xml', data: fontTableXml(model.fonts) };
  if (styles === undefined) {
    const first = await Packer.toBuffer(buildDocument(model), false, [fontTable]);
    styles = gridStyles(await (await JSZip.loadAsync(first)).file('word/styles.xml')!.async('string'));
    if (stylesCache.size > 16) stylesCache.clear();
    stylesCache.set(key, styles);
  }
  return Packer.toBuffer(buildDocument(model), false, [fontTable, { path: 'word/styles.xml', data: styles }]);
}
