// The feedback letter (考核反馈函) as a unit receives it: built from a realistic
// fixture, read back with python-docx, and rendered to PDF with LibreOffice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildFeedbackLetter } from '../../electron/core/reports/feedback-letter.ts';
import type { FeedbackLetterData } from '../../electron/core/reports/feedback-data.ts';
import { feedbackLetterFixture as fixture } from '../fixtures/feedback-letter-data.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PYTHON = '/usr/bin/python3'; // Debian's, which has python-docx
const READ_DOCX = join(root, 'test/tools/read_docx.py');
const FONTS_CONF = join(root, 'build/fonts/fonts.conf');
const RESULTS = join(root, 'test-results/feedback-letter');

/** What test/tools/read_docx.py prints (the parts these tests use). */
interface Run {
  text: string;
  font: string | null;
  east_asia_font: string | null;
  size_pt: number | null;
  bold: boolean;
  color: string | null;
}
interface DocxParagraph {
  block: number;
  text: string;
  alignment: string | null;
  first_line_indent_pt: number | null;
  line_spacing: { rule: string; pt?: number; lines?: number } | null;
  runs: Run[];
}
interface DocxTable {
  block: number;
  rows: string[][];
  header_rows: number;
  bold_rows: number[];
  column_widths_mm: number[];
  fonts: string[];
  sizes_pt: number[];
}
type HeaderFooter = Record<'default' | 'even' | 'first', string[] | null>;
interface DocxSection {
  page_width_mm: number;
  page_height_mm: number;
  margin_top_mm: number;
  margin_bottom_mm: number;
  margin_left_mm: number;
  margin_right_mm: number;
  different_first_page: boolean;
  footers: HeaderFooter;
}
interface DocxDump {
  settings: { even_and_odd_headers: boolean };
  sections: DocxSection[];
  paragraphs: DocxParagraph[];
  tables: DocxTable[];
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: options.timeout ?? 30_000, env: options.env ?? process.env });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

function hasCommand(command: string): boolean {
  return !spawnSync('sh', ['-c', `command -v ${command}`]).status;
}

let workDir: string;

async function writeLetter(data: FeedbackLetterData, name: string): Promise<string> {
  const file = join(workDir, name);
  writeFileSync(file, await buildFeedbackLetter(data));
  return file;
}

function readDocx(file: string): DocxDump {
  return JSON.parse(run(PYTHON, [READ_DOCX, file])) as DocxDump;
}

const fixed = (n: number): string => n.toFixed(fixture.decimals);

let letterFile: string;
let doc: DocxDump;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'feedback-letter-'));
  letterFile = await writeLetter(fixture, `${fixture.unitName}-考核反馈函.docx`);
  doc = readDocx(letterFile);
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

function paragraph(text: string): DocxParagraph {
  const found = doc.paragraphs.find((p) => p.text === text);
  expect(found, `paragraph "${text}"`).toBeDefined();
  return found!;
}

function paragraphContaining(text: string): DocxParagraph {
  const found = doc.paragraphs.find((p) => p.text.includes(text));
  expect(found, `paragraph containing "${text}"`).toBeDefined();
  return found!;
}

function tableWithHeader(...header: string[]): DocxTable {
  const found = doc.tables.find((t) => t.rows[0]?.join('|') === header.join('|'));
  expect(found, `table ${header.join(' | ')}`).toBeDefined();
  return found!;
}

const rowStartingWith = (table: DocxTable, first: string): string[] | undefined => table.rows.find((r) => r[0] === first);

const eastAsiaFonts = (p: DocxParagraph): string[] => [...new Set(p.runs.map((r) => r.east_asia_font))] as string[];

describe('feedback letter: content', () => {
  it('opens with the red organ name, the document number, the title and the unit', () => {
    const organ = doc.paragraphs[0]!;
    expect(organ.text).toBe(fixture.organ);
    expect(organ.alignment).toBe('center');
    expect(organ.runs[0]!.color?.toUpperCase()).toBe('FF0000');
    expect(organ.runs[0]!.east_asia_font).toBe('方正小标宋简体');

    expect(paragraph(fixture.docNumber).alignment).toBe('right');

    const title = paragraph(`关于${fixture.year}年度综合考核结果的反馈函`);
    expect(title.alignment).toBe('center');
    expect(title.runs.every((r) => r.size_pt === 22 && r.east_asia_font === '方正小标宋简体')).toBe(true);

    paragraph(`${fixture.unitName}：`);
  });

  it('states the total with fixed decimals, the rank in the category, the grade and the change from last year', () => {
    const overview = paragraphContaining('综合考核总得分');
    expect(overview.text).toContain(`总得分${fixed(fixture.total)}分`);
    expect(overview.text).toContain('在一类乡镇12个单位中排名第3位');
    expect(overview.text).toContain('考核等次为“优秀”');
    expect(overview.text).toContain('较上年提高2位、得分增加1.25分');
  });

  it('has the seven section headings in 黑体 and the sub-headings in 楷体_GB2312', () => {
    const headings = ['一、考核总体情况', '二、各项得分情况', '三、加减分情况', '四、民主测评情况', '五、主要成绩', '六、存在问题', '七、整改要求'];
    const blocks = headings.map((h) => paragraph(h).block);
    expect(blocks).toEqual([...blocks].sort((a, b) => a - b));
    for (const h of headings) expect(eastAsiaFonts(paragraph(h)), h).toEqual(['黑体']);
    for (const h of ['（一）考核构成得分', '（二）分项指标得分']) expect(eastAsiaFonts(paragraph(h)), h).toEqual(['楷体_GB2312']);
  });

  it('sets the body in 3号 仿宋_GB2312, indented two characters, on a fixed ~28.9 pt line', () => {
    const body = paragraphContaining('综合考核总得分');
    expect(eastAsiaFonts(body)).toEqual(['仿宋_GB2312']);
    expect(body.runs.every((r) => r.font === '仿宋_GB2312' && r.size_pt === 16)).toBe(true);
    expect(body.first_line_indent_pt).toBe(32);
    expect(body.line_spacing?.rule).toBe('exact');
    expect(body.line_spacing?.pt).toBeCloseTo(28.9, 0);
  });

  it('lists the components with their weights and the total', () => {
    const t = tableWithHeader('构成', '满分', '得分', '权重', '计入总分');
    expect(rowStartingWith(t, '实绩考核')).toEqual(['实绩考核', '100.00', '90.50', '70%', '63.35']);
    expect(rowStartingWith(t, '加减分')).toEqual(['加减分', '5.00', '1.50', '—', '1.50']);
    expect(rowStartingWith(t, '合计')!.at(-1)).toBe(fixed(fixture.total));
  });

  it('has a row per indicator with full, scored and lost points and the leaf’s reason', () => {
    const t = tableWithHeader('序号', '指标', '分值', '得分', '失分', '失分说明');
    expect(t.header_rows).toBe(1);
    expect(t.bold_rows).toContain(0);
    expect(t.rows).toHaveLength(fixture.indicators.length + 1);
    expect(t.rows.slice(1).map((r) => r[0])).toEqual(fixture.indicators.map((i) => i.code));

    expect(rowStartingWith(t, '1.1')).toEqual(['1.1', '地区生产总值增长率', '10.00', '8.50', '1.50', fixture.indicators[1]!.why]);
    for (const code of ['1', '1.2.1', '2.2.2', '3.2']) {
      const indicator = fixture.indicators.find((i) => i.code === code)!;
      const row = rowStartingWith(t, code)!;
      expect(row.slice(2, 5), code).toEqual([fixed(indicator.full), fixed(indicator.score), fixed(indicator.lost)]);
      expect(row[5], code).toBe(indicator.isLeaf ? indicator.why : '');
    }
    // level-1 rows stand out
    const levelOneRows = fixture.indicators.flatMap((i, n) => (i.level === 1 ? [n + 1] : []));
    for (const n of levelOneRows) expect(t.bold_rows).toContain(n);
  });

  it('lists the bonus and deduction items with signed points', () => {
    const t = tableWithHeader('类别', '事项', '分值', '计入分值', '说明');
    expect(t.rows.slice(1)).toEqual([
      ['加分', '获评省级乡村振兴示范乡镇', '+2.00', '+2.00', '省级荣誉，同一事项按最高级别计'],
      ['加分', '承办全市农村人居环境整治现场会', '+1.00', '+0.50', '现场会类加分上限0.5分'],
      ['减分', '环境保护督察反馈问题整改不力被市级通报批评', '−1.00', '−1.00', ''],
    ]);
    expect(paragraphContaining('计入总分的加分').text).toContain('加分2.50分、减分1.00分');
  });

  it('summarises the democratic evaluation: valid votes, shares and each group', () => {
    const summary = paragraphContaining('有效票');
    expect(summary.text).toContain('有效票126张');
    expect(summary.text).toContain('好63.49%，较好27.78%，一般7.94%，差0.79%');
    const t = tableWithHeader('测评主体', '有效票数', '得分率');
    expect(t.rows).toHaveLength(6);
    expect(rowStartingWith(t, '县级领导')).toEqual(['县级领导', '12', '91.25%']);
  });

  it('numbers strengths, problems and requirements, then asks for the report by the deadline', () => {
    for (const [i, item] of fixture.problems.entries()) paragraph(`${i + 1}.${item}。`);
    for (const [i, item] of fixture.strengths.entries()) paragraphContaining(`${i + 1}.${item}`);
    for (const [i, item] of fixture.requirements.entries()) paragraphContaining(`${i + 1}.${item}`);
    paragraph(`请于${fixture.deadline}前将整改情况书面报送${fixture.organShort}，联系人及电话：${fixture.contact}。`);
  });

  it('ends with the signing organ and the date, right-aligned', () => {
    const [organ, date] = doc.paragraphs.slice(-2);
    expect(organ!.text).toBe(fixture.organ);
    expect(date!.text).toBe(fixture.signDate);
    expect([organ!.alignment, date!.alignment]).toEqual(['right', 'right']);
  });

  it('sets tables in 仿宋_GB2312 at 12 pt, within the text block, header rows repeated', () => {
    expect(doc.tables).toHaveLength(4);
    for (const t of doc.tables) {
      expect(t.fonts).toEqual(['仿宋_GB2312']);
      expect(t.sizes_pt).toEqual([12]);
      expect(t.header_rows).toBe(1);
      expect(t.column_widths_mm.reduce((s, w) => s + w, 0)).toBeLessThanOrEqual(156.1);
    }
  });
});

describe('feedback letter: page', () => {
  it('is A4 with the GB/T 9704 margins', () => {
    expect(doc.sections).toHaveLength(1);
    const s = doc.sections[0]!;
    expect(Math.abs(s.page_width_mm - 210)).toBeLessThan(0.5);
    expect(Math.abs(s.page_height_mm - 297)).toBeLessThan(0.5);
    expect(Math.abs(s.margin_top_mm - 37)).toBeLessThan(0.5);
    expect(Math.abs(s.margin_bottom_mm - 35)).toBeLessThan(0.5);
    expect(Math.abs(s.margin_left_mm - 28)).toBeLessThan(0.5);
    expect(Math.abs(s.margin_right_mm - 26)).toBeLessThan(0.5);
  });

  it('numbers pages "— N —" on odd and even pages, none on the first (letter format)', () => {
    const s = doc.sections[0]!;
    expect(doc.settings.even_and_odd_headers).toBe(true);
    expect(s.different_first_page).toBe(true);
    expect(s.footers.default).toEqual(['— {PAGE} —']);
    expect(s.footers.even).toEqual(['— {PAGE} —']);
    expect(s.footers.first!.join('')).not.toMatch(/PAGE/);
  });
});

describe('feedback letter: a unit without last year, ballots or bonus items', () => {
  it('says so instead of leaving sections empty', async () => {
    const bare: FeedbackLetterData = { ...fixture, unitName: '新城街道', lastYear: null, democratic: null, bonus: [] };
    const dump = readDocx(await writeLetter(bare, 'bare.docx'));
    const texts = dump.paragraphs.map((p) => p.text);
    expect(texts).toContain('新城街道：');
    expect(texts).toContain('本年度未组织民主测评。');
    expect(texts.join('\n')).not.toContain('较上年');
    const bonusHeading = texts.indexOf('三、加减分情况');
    expect(texts[bonusHeading + 1]).toMatch(/无/);
    expect(dump.tables).toHaveLength(2);
  });
});

describe('feedback letter: rendered by LibreOffice', () => {
  const tools = ['libreoffice', 'pdfinfo', 'pdftotext', 'pdftoppm'];
  const missing = tools.filter((t) => !hasCommand(t));

  it(
    'converts to a PDF of several pages that shows the unit and its grade',
    () => {
      // the rendering is part of what is tested: missing tools fail, they do not skip
      expect(missing, `install ${missing.join(', ')} (see .ci/run)`).toEqual([]);
      const outDir = join(workDir, 'pdf');
      mkdirSync(outDir);
      const profile = pathToFileURL(join(workDir, `lo-profile-${process.pid}`)).href;
      run('libreoffice', ['--headless', `-env:UserInstallation=${profile}`, '--convert-to', 'pdf', '--outdir', outDir, letterFile], {
        env: { ...process.env, FONTCONFIG_FILE: FONTS_CONF },
        timeout: 85_000,
      });
      const pdf = join(outDir, letterFile.split('/').pop()!.replace(/\.docx$/, '.pdf'));
      expect(existsSync(pdf)).toBe(true);
      expect(statSync(pdf).size).toBeGreaterThan(10_000);

      const pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))?.[1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      const text = run('pdftotext', [pdf, '-']);
      expect(text).toContain(fixture.unitName);
      expect(text).toContain(fixture.grade);
      expect(text).toContain(fixture.organ);

      // for people to look at
      mkdirSync(RESULTS, { recursive: true });
      for (const old of readdirSync(RESULTS)) if (/^(page-\d+\.png|feedback-letter\.(pdf|docx))$/.test(old)) rmSync(join(RESULTS, old));
      copyFileSync(pdf, join(RESULTS, 'feedback-letter.pdf'));
      copyFileSync(letterFile, join(RESULTS, 'feedback-letter.docx'));
      run('pdftoppm', ['-png', '-r', '60', pdf, join(RESULTS, 'page')]);
      expect(readdirSync(RESULTS).filter((f) => f.endsWith('.png'))).toHaveLength(pages);
    },
    90_000,
  );
});
