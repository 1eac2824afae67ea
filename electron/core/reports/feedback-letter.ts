// 考核反馈函: one unit's letter in the letter format (信函格式) of GB/T 9704-2012.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { IBorderOptions, IParagraphOptions, IRunOptions } from 'docx';
import type { FeedbackIndicatorRow, FeedbackLetterData } from './feedback-data.ts';

// Fonts as the offices name them; the reader substitutes what it has.
const FONT = {
  mark: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

const RED = 'FF0000';

/** twips in one millimetre */
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);
/** docx sizes runs in half-points */
const halfPoints = (pt: number): number => pt * 2;

const PAGE = { width: 11906, height: 16838 } as const; // A4
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), header: mm(15), footer: mm(20) } as const;
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right; // 156 mm

const BODY_PT = 16; // 3号
const TITLE_PT = 22; // 2号
const PAGE_NUMBER_PT = 14; // 4号
const TABLE_PT = 12; // 小四
/** 22 lines on the 225 mm text block */
const BODY_LINE = 579;
/** The letter format's red double rules are 170 mm long, 7 mm past each side of the text block. */
const RULE_OVERHANG = mm(7);

type Face = (typeof FONT)[keyof typeof FONT];

function fontOf(face: Face): IRunOptions['font'] {
  return { ascii: face, hAnsi: face, eastAsia: face, cs: face, hint: 'eastAsia' };
}

function run(text: string, face: Face, pt: number, extra: Omit<IRunOptions, 'text' | 'font' | 'size'> = {}): TextRun {
  return new TextRun({ text, font: fontOf(face), size: halfPoints(pt), ...extra });
}

const exactLine = (twips: number): IParagraphOptions['spacing'] => ({ line: twips, lineRule: LineRuleType.EXACT, before: 0, after: 0 });

// ---- numbers ---------------------------------------------------------------

function makeFormat(decimals: number) {
  const fixed = (n: number): string => {
    const s = n.toFixed(decimals);
    return Number(s) === 0 ? (0).toFixed(decimals) : s; // no "-0.00"
  };
  return {
    fixed,
    percent: (fraction: number): string => `${(fraction * 100).toFixed(2)}%`,
    weight: (w: number | null): string => (w === null ? '—' : `${Number(w.toFixed(2))}%`),
  };
}
type Format = ReturnType<typeof makeFormat>;

// ---- paragraphs ------------------------------------------------------------

/** 3号, two characters' indent, justified, on the 22-line pitch; headings differ only in the face. */
function bodyParagraph(text: string, options: IParagraphOptions = {}, face: Face = FONT.body): Paragraph {
  return new Paragraph({
    indent: { firstLine: 2 * BODY_PT * 20 },
    spacing: exactLine(BODY_LINE),
    alignment: AlignmentType.BOTH,
    children: [run(text, face, BODY_PT)],
    ...options,
  });
}

const heading1 = (text: string): Paragraph => bodyParagraph(text, { keepNext: true }, FONT.heading1);
const heading2 = (text: string): Paragraph => bodyParagraph(text, { keepNext: true }, FONT.heading2);

/** Ends an item with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  const t = text.trim();
  return /[。；！？.;!?]$/.test(t) ? t : `${t}。`;
}

function numberedList(items: readonly string[]): Paragraph[] {
  if (items.length === 0) return [bodyParagraph('无。')];
  return items.map((item, i) => bodyParagraph(`${i + 1}.${sentence(item)}`));
}

// ---- letterhead and signature ----------------------------------------------

/** The organ's name in the largest size up to 小初 that keeps it on one 170 mm line. */
function markSize(organ: string): number {
  const widthPt = ((TEXT_WIDTH + 2 * RULE_OVERHANG) / 20) * 0.95;
  return Math.max(18, Math.min(36, Math.floor(widthPt / Math.max(charWidth(organ), 1))));
}

const redRule = (style: IBorderOptions['style'], space: number): IBorderOptions => ({ style, size: 18, color: RED, space });

function letterhead(data: FeedbackLetterData): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      indent: { left: -RULE_OVERHANG, right: -RULE_OVERHANG },
      spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      // thick line over thin, about 4 mm under the name
      border: { bottom: redRule(BorderStyle.THICK_THIN_SMALL_GAP, 11) },
      children: [run(data.organ, FONT.mark, markSize(data.organ), { color: RED })],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { ...exactLine(BODY_LINE), before: 280 },
      children: [run(data.docNumber, FONT.body, BODY_PT)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, before: BODY_LINE, after: BODY_LINE },
      children: [run(`关于${data.year}年度综合考核结果的反馈函`, FONT.mark, TITLE_PT)],
    }),
    new Paragraph({ spacing: exactLine(BODY_LINE), children: [run(`${data.unitName}：`, FONT.body, BODY_PT)] }),
  ];
}

/** Width in 3号 characters: CJK one, ASCII half, and a quarter where they meet (Word's and LibreOffice's auto-spacing). */
function charWidth(text: string): number {
  let width = 0;
  let previousAscii: boolean | null = null;
  for (const ch of text) {
    const ascii = ch.charCodeAt(0) < 0x80;
    width += (ascii ? 0.5 : 1) + (previousAscii !== null && previousAscii !== ascii ? 0.25 : 0);
    previousAscii = ascii;
  }
  return width;
}

// Sealed-letter layout: the date four characters from the right, the organ
// centred over the date (the seal covers both).
function signature(data: FeedbackLetterData): Paragraph[] {
  const char = BODY_PT * 20;
  const dateIndent = 4 * char;
  const organIndent = Math.max(0, Math.round(dateIndent + ((charWidth(data.signDate) - charWidth(data.organ)) / 2) * char));
  const line = (text: string, right: number, before = 0) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right },
      spacing: { ...exactLine(BODY_LINE), before },
      keepNext: true,
      children: [run(text, FONT.body, BODY_PT)],
    });
  return [line(data.organ, organIndent, BODY_LINE * 2), line(data.signDate, dateIndent)];
}

// ---- tables ----------------------------------------------------------------

interface Column {
  title: string;
  /** share of the text block's width */
  width: number;
  align: 'left' | 'center' | 'right';
}

interface Cell {
  text: string;
  bold?: boolean;
  /** left indent in characters, to show a tree */
  indent?: number;
}

const TABLE_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function tableCell(cell: Cell, align: Column['align'], width: number): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        alignment: ALIGN[align],
        indent: cell.indent ? { left: cell.indent * TABLE_PT * 20 } : undefined,
        spacing: exactLine(TABLE_PT * 20 + 120),
        children: [run(cell.text, FONT.body, TABLE_PT, { bold: cell.bold ?? false })],
      }),
    ],
  });
}

function table(columns: readonly Column[], rows: readonly (readonly (Cell | string)[])[]): Table {
  const shareSum = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => Math.floor((TEXT_WIDTH * c.width) / shareSum));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map((c, i) => tableCell({ text: c.title, bold: true }, 'center', widths[i]!)),
  });
  const body = rows.map(
    (cells) =>
      new TableRow({
        cantSplit: true,
        children: cells.map((cell, i) => tableCell(typeof cell === 'string' ? { text: cell } : cell, columns[i]!.align, widths[i]!)),
      }),
  );
  return new Table({
    rows: [header, ...body],
    width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: {
      top: TABLE_BORDER,
      bottom: TABLE_BORDER,
      left: TABLE_BORDER,
      right: TABLE_BORDER,
      insideHorizontal: TABLE_BORDER,
      insideVertical: TABLE_BORDER,
    },
  });
}

/** A little air between a table and what follows it. */
const afterTable = (): Paragraph => new Paragraph({ spacing: exactLine(160), children: [] });

// ---- sections of the letter ------------------------------------------------

function changeFromLastYear(data: FeedbackLetterData, f: Format): string {
  const last = data.lastYear;
  if (!last) return '';
  const rankDelta = last.rank - data.rank;
  const scoreDelta = Number(f.fixed(data.total - last.total));
  const rankPart = rankDelta > 0 ? `提高${rankDelta}位` : rankDelta < 0 ? `下降${-rankDelta}位` : '名次持平';
  const scorePart = scoreDelta > 0 ? `得分增加${f.fixed(scoreDelta)}分` : scoreDelta < 0 ? `得分减少${f.fixed(-scoreDelta)}分` : '得分持平';
  const change = rankDelta === 0 && scoreDelta === 0 ? '与上年持平' : `较上年${rankPart}、${scorePart}`;
  return `上年度你单位得分${f.fixed(last.total)}分，排名第${last.rank}位，等次为“${last.grade}”；本年度${change}。`;
}

function overview(data: FeedbackLetterData, f: Format): Paragraph[] {
  return [
    heading1('一、考核总体情况'),
    bodyParagraph(
      `你单位${data.year}年度综合考核总得分${f.fixed(data.total)}分，在${data.categoryName}${data.rankOf}个单位中排名第${data.rank}位，` +
        `考核等次为“${data.grade}”。${changeFromLastYear(data, f)}`,
    ),
  ];
}

function indicatorName(row: FeedbackIndicatorRow): string {
  // names may carry their path ("经济发展 / 地区生产总值增长率"); the indent shows the path
  const parts = row.name.split(' / ');
  return parts[parts.length - 1]!.trim();
}

function scores(data: FeedbackLetterData, f: Format): (Paragraph | Table)[] {
  const components = table(
    [
      { title: '构成', width: 3, align: 'left' },
      { title: '满分', width: 2, align: 'right' },
      { title: '得分', width: 2, align: 'right' },
      { title: '权重', width: 2, align: 'right' },
      { title: '计入总分', width: 2, align: 'right' },
    ],
    [
      ...data.components.map((c) => [c.name, f.fixed(c.full), f.fixed(c.score), f.weight(c.weight), f.fixed(c.contribution)]),
      [{ text: '合计', bold: true }, '', '', '', { text: f.fixed(data.total), bold: true }],
    ],
  );
  const indicators = table(
    [
      { title: '序号', width: 13, align: 'left' },
      { title: '指标', width: 42, align: 'left' },
      { title: '分值', width: 16, align: 'right' },
      { title: '得分', width: 16, align: 'right' },
      { title: '失分', width: 16, align: 'right' },
      { title: '失分说明', width: 53, align: 'left' },
    ],
    data.indicators.map((row) => {
      const top = row.level <= 1;
      return [
        { text: row.code, bold: top },
        { text: indicatorName(row), bold: top, indent: Math.max(0, row.level - 1) },
        { text: f.fixed(row.full), bold: top },
        { text: f.fixed(row.score), bold: top },
        { text: f.fixed(row.lost), bold: top },
        row.isLeaf ? row.why : '',
      ];
    }),
  );
  return [heading1('二、各项得分情况'), heading2('（一）考核构成得分'), components, afterTable(), heading2('（二）分项指标得分'), indicators, afterTable()];
}

function bonusAndDeductions(data: FeedbackLetterData, f: Format): (Paragraph | Table)[] {
  if (data.bonus.length === 0) return [heading1('三、加减分情况'), bodyParagraph('本年度无加减分事项。')];
  const sum = (kind: 'bonus' | 'deduction') => data.bonus.filter((b) => b.kind === kind).reduce((s, b) => s + Math.abs(b.counted), 0);
  const signed = (kind: 'bonus' | 'deduction', n: number) => `${kind === 'bonus' ? '+' : '−'}${f.fixed(Math.abs(n))}`;
  return [
    heading1('三、加减分情况'),
    bodyParagraph(`本年度你单位计入总分的加分${f.fixed(sum('bonus'))}分、减分${f.fixed(sum('deduction'))}分，具体如下。`, { keepNext: true }),
    table(
      [
        { title: '类别', width: 10, align: 'center' },
        { title: '事项', width: 44, align: 'left' },
        { title: '分值', width: 14, align: 'right' },
        { title: '计入分值', width: 16, align: 'right' },
        { title: '说明', width: 32, align: 'left' },
      ],
      data.bonus.map((b) => [b.kind === 'bonus' ? '加分' : '减分', b.reason, signed(b.kind, b.points), signed(b.kind, b.counted), b.note]),
    ),
    afterTable(),
  ];
}

// rate and share are fractions (0–1), as the engine computes them
function democratic(data: FeedbackLetterData, f: Format): (Paragraph | Table)[] {
  const d = data.democratic;
  if (!d) return [heading1('四、民主测评情况'), bodyParagraph('本年度未组织民主测评。')];
  const shares = d.shares.map((s) => `${s.level}${f.percent(s.share)}`).join('，');
  return [
    heading1('四、民主测评情况'),
    bodyParagraph(`本年度民主测评共收回有效票${d.validVotes}张。各等次票数占比为：${shares}。各测评主体评价情况如下。`, { keepNext: true }),
    table(
      [
        { title: '测评主体', width: 3, align: 'left' },
        { title: '有效票数', width: 2, align: 'right' },
        { title: '得分率', width: 2, align: 'right' },
      ],
      d.groups.map((g) => [g.name, String(g.valid), f.percent(g.rate)]),
    ),
    afterTable(),
  ];
}

function requirements(data: FeedbackLetterData): Paragraph[] {
  return [
    heading1('七、整改要求'),
    ...numberedList(data.requirements),
    bodyParagraph(`请于${data.deadline}前将整改情况书面报送${data.organShort}，联系人及电话：${data.contact}。`),
    bodyParagraph('特此函告。', { keepNext: true }),
  ];
}

// ---- page furniture --------------------------------------------------------

/** "— 2 —": odd pages one character in from the right, even pages from the left. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const char = PAGE_NUMBER_PT * 20;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: char } : { left: char },
        spacing: { line: 300, lineRule: LineRuleType.EXACT, before: 0, after: mm(2.5) },
        children: [
          new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: fontOf(FONT.pageNumber), size: halfPoints(PAGE_NUMBER_PT) }),
        ],
      }),
    ],
  });
}

/** The letter format's first page: no page number, a red double rule (thin over thick) 20 mm above the bottom edge. */
function firstPageFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        indent: { left: -RULE_OVERHANG, right: -RULE_OVERHANG },
        spacing: { line: 20, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        border: { top: redRule(BorderStyle.THIN_THICK_SMALL_GAP, 0) },
        children: [run('', FONT.body, 1)],
      }),
    ],
  });
}

// ---- the document ----------------------------------------------------------

export async function buildFeedbackLetter(data: FeedbackLetterData): Promise<Buffer> {
  const f = makeFormat(data.decimals);
  const doc = new Document({
    title: `${data.unitName}${data.year}年度综合考核结果反馈函`,
    creator: data.organ,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: fontOf(FONT.body), size: halfPoints(BODY_PT), language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exactLine(BODY_LINE) },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true,
          page: { size: PAGE, margin: MARGIN },
        },
        footers: { first: firstPageFooter(), default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: [
          ...letterhead(data),
          bodyParagraph(`根据${data.cycleName}工作安排，经综合评定，现将你单位考核结果及有关情况反馈如下。`),
          ...overview(data, f),
          ...scores(data, f),
          ...bonusAndDeductions(data, f),
          ...democratic(data, f),
          heading1('五、主要成绩'),
          ...numberedList(data.strengths),
          heading1('六、存在问题'),
          ...numberedList(data.problems),
          ...requirements(data),
          ...signature(data),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
