// Documents of issue 8 on the demo plan: the notice (GB/T 9704 文件格式), the
// feedback letters (信函格式) read back with python-docx and LibreOffice, the
// honest register (re-issue, altered files), ranking tables, the batch with
// cancellation, and the rectification ledger carried into the next year.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSettings } from '../../shared/ipc/contract-documents.ts';
import { createDemoPlan } from '../../electron/core/demo/demo-plan.ts';
import { generateAllFeedbackLetters } from '../../electron/core/services/documents.ts';
import { openTestApp, type TestApp } from '../helpers.ts';
import { importPlan } from '../../electron/core/import/import-plan.ts';
import { CHAR_SPACE, CONDENSE, LINE_PITCH, TEXT_WIDTH, charWidth } from '../../electron/core/reports/gbt9704.ts';
import { docxXml, pageWords, readDocx, root, squeeze, toPdf, type DocxDump } from './helpers.ts';

let clock = new Date('2025-12-31T10:00:00+08:00');
let app: TestApp;
let cycleId: number;
let units: Record<string, number>;
let settings: DocumentSettings;
const LONG_NAME = '清河县高新技术产业开发区暨现代农业科技示范园区管理委员会（柳林片区）';
const LONG_PROBLEM = '农村人居环境整治长效管护机制不健全，村庄保洁、垃圾转运、污水处理设施运行维护经费保障不到位，季度暗访中发现部分村庄存在垃圾乱堆乱放、污水直排、公共厕所管护缺失等问题，群众反映较为强烈，整改进度明显滞后于全县平均水平。';

beforeAll(async () => {
  app = await openTestApp({ now: () => clock });
  cycleId = (await app.call('loadDemo', {})).id;
  await app.call('computeCycle', { cycleId });
  await app.call('setCycleStatus', { cycleId, status: 'grading' });
  units = Object.fromEntries((await app.call('listUnits', { cycleId })).map((u) => [u.name, u.id]));
  settings = await app.call('getDocumentSettings', { cycleId });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const letterFor = (unitName: string) => app.call('generateFeedbackLetter', { cycleId, unitId: units[unitName]! });

describe('settings and refusals', () => {
  it('refuses a letter while the contact person and telephone are unset, naming them', async () => {
    const env = await app.dispatch('generateFeedbackLetter', { cycleId, unitId: units['柳林镇']! });
    expect(env).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!env.ok) expect(env.error.message).toMatch(/“联系人”、“联系电话”/);
    expect(await app.call('listDocuments', { cycleId })).toEqual([]);
    // the preview shows the placeholders and says what is missing
    const preview = await app.call('previewDocument', { cycleId, kind: 'feedback', unitId: units['柳林镇']! });
    expect(preview.missing).toEqual(['联系人', '联系电话']);
    expect(JSON.stringify(preview.blocks)).toContain('【联系人】');
  });

  it('saves the settings through the write path (audited) and reads them back', async () => {
    settings = await app.call('saveDocumentSettings', {
      cycleId,
      settings: { ...settings, organ: '中共清河县委组织部', letterPrefix: '清考办函', noticePrefix: '清组通', contactPerson: '王明', contactPhone: '0316-5126688', copyTo: '县委办公室，县人大常委会办公室，县政府办公室，县政协办公室', reportTo: '县委考核办' },
    });
    expect(settings.contactPerson).toBe('王明');
    const audit = await app.call('listAudit', { cycleId, entity: 'document_settings' });
    expect(audit.map((a) => a.field)).toEqual(expect.arrayContaining(['contactPerson', 'contactPhone', 'letterPrefix']));
  });

  it('refuses documents in 采集中 with the lifecycle message', async () => {
    const other = await openTestApp();
    try {
      const c = (await other.call('loadDemo', {})).id;
      await other.call('computeCycle', { cycleId: c });
      const env = await other.dispatch('generateNotice', { cycleId: c });
      expect(env).toMatchObject({ ok: false, error: { code: 'locked' } });
      if (!env.ok) expect(env.error.message).toContain('采集中');
    } finally {
      await other.close();
    }
  }, 60_000);
});

describe('the feedback letter', () => {
  let dump: DocxDump;
  let file: string;
  beforeAll(async () => {
    const doc = await letterFor('柳林镇');
    file = doc.filePath;
    dump = readDocx(file);
  });

  it('is numbered from the settings and named by number and unit', async () => {
    const docs = await app.call('listDocuments', { cycleId });
    expect(docs[0]).toMatchObject({ docNumber: '清考办函〔2025〕1号', unitName: '柳林镇', integrity: 'ok' });
    expect(path.basename(file)).toBe('清考办函〔2025〕1号-柳林镇-考核反馈函.docx');
  });

  it('says that 一票否优 decided the grade of the first-ranked unit, with its reason', () => {
    const overview = dump.paragraphs.find((p) => p.text.includes('综合考核总得分'))!.text;
    expect(overview).toContain('在一类乡镇5个单位中排名第1位，考核等次为“良好”');
    expect(overview).toContain('一票否优：辖区内发生1起较大生产安全事故，按规定实行一票否优，不得评为“优秀”，等次确定为“良好”');
  });

  it('has 平时考核 and 加减分 in their own tables, caps instead of 满分 0.00', () => {
    const components = dump.tables.find((t) => t.rows[0]!.join('|') === '构成|满分|得分|权重|计入总分')!;
    expect(components.rows.find((r) => r[0] === '加减分')).toEqual(['加减分', '上限5.00', '+2.00', '—', '+2.00']);
    expect(JSON.stringify(components.rows)).not.toContain('0.00|');
    const routine = dump.tables.find((t) => t.rows[0]!.join('|') === '事项|分值|得分|失分|说明')!;
    expect(routine.rows).toHaveLength(5); // the four quarters
    expect(dump.paragraphs.some((p) => p.text.includes('荣誉表彰不超过3.00分，争先创优不超过2.00分，加分合计不超过5.00分'))).toBe(true);
    const bonus = dump.tables.find((t) => t.rows[0]!.join('|') === '类别|类型|事项|分值|计入分值|说明')!;
    expect(bonus.rows[1]).toEqual(['加分', '荣誉表彰', '被命名为省级文化和旅游特色小镇', '+1.00', '+1.00', '']);
  });

  it('gives reasons from the trace and nothing where there is nothing to say', () => {
    const t = dump.tables.find((x) => x.rows[0]!.join('|') === '序号|指标|分值|得分|失分|失分说明')!;
    expect(t.header_rows).toBe(1);
    const row = (code: string) => t.rows.find((r) => r[0] === code)!;
    expect(row('2.2.2')[5]).toBe('信访积案1件扣0.5分'); // the engine's reason, the score not restated
    expect(row('1.3.1')[5]).toBe(''); // direct scoring without a note from the department
    for (const r of t.rows.slice(1)) expect(r[5]).not.toMatch(/直接评分|得 [\d.]+ 分$/);
  });

  it('leaves out sections the office wrote nothing for', () => {
    const texts = dump.paragraphs.map((p) => p.text);
    expect(texts.some((t) => t.includes('主要成绩'))).toBe(false);
    expect(texts.some((t) => t.includes('存在问题'))).toBe(false);
    expect(texts.join('\n')).not.toContain('无。');
    expect(texts).toContain('请于2026年2月28日前将整改情况书面报送县委考核办。联系人：王明，联系电话：0316-5126688。');
  });

  it('is set in GB/T 9704: A4, margins, grid, fonts, odd and even footers, red rules', async () => {
    const s = dump.sections[0]!;
    expect([s.page_width_mm, s.page_height_mm].map(Math.round)).toEqual([210, 297]);
    expect([s.margin_top_mm, s.margin_bottom_mm, s.margin_left_mm, s.margin_right_mm].map(Math.round)).toEqual([37, 35, 28, 26]);
    expect(dump.settings.even_and_odd_headers).toBe(true);
    expect(s.footers.default).toEqual(['— {PAGE} —']);
    expect(s.footers.even).toEqual(['— {PAGE} —']);
    const xml = await docxXml(file);
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    // 22 lines × 28 characters: the grid's character pitch is 3号 plus charSpace/4096 pt
    expect(xml).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-8\d\d"\/>/);
    expect(Math.floor((12756 / LINE_PITCH))).toBe(22);
    expect(Math.floor((TEXT_WIDTH / 20) / (16 + CHAR_SPACE / 4096))).toBe(28);
    // …kept by exact lines and condensed text, not by snapping (LibreOffice gives a 16 pt character two 15.8 pt cells)
    const styles = await docxXml(file, 'word/styles.xml');
    expect(styles).toMatch(/<w:pPrDefault><w:pPr><w:snapToGrid w:val="0"\/>/);
    expect(styles).toMatch(/<w:rPrDefault><w:rPr>.*<w:spacing w:val="-5"\/>/);
    expect(CONDENSE).toBe(-5);
    expect(Math.floor((TEXT_WIDTH / 20) / (16 + CONDENSE / 20))).toBe(28);
    // table paragraphs on lines of their own: the paragraph's w:snapToGrid off, 小四
    for (const id of ['KTable', 'KTableHead']) {
      const style = new RegExp(`<w:style w:type="paragraph" w:styleId="${id}">.*?</w:style>`).exec(styles)![0];
      expect(style, id).toMatch(/<w:pPr><w:snapToGrid w:val="0"\/>/);
    }
    expect(new RegExp('<w:style w:type="paragraph" w:styleId="KTable">.*?</w:style>').exec(styles)![0]).toContain('<w:sz w:val="24"/>');
    const ind = dump.tables.find((x) => x.rows[0]!.join('|') === '序号|指标|分值|得分|失分|失分说明')!;
    expect(ind.sizes_pt).toEqual([12]);
    expect(xml).toMatch(/<w:bottom w:val="thickThinSmallGap" w:color="FF0000"/);
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('<w:cantSplit/>');
    const odd = await docxXml(file, 'word/footer1.xml');
    const even = await docxXml(file, 'word/footer3.xml');
    expect(odd).toContain('<w:jc w:val="right"/>');
    expect(even).toContain('<w:jc w:val="left"/>');
    expect(odd).toContain('w:eastAsia="宋体"');
    expect(odd).toContain('<w:sz w:val="28"/>');
    const fonts = await docxXml(file, 'word/fontTable.xml');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    const title = dump.paragraphs.find((p) => p.text === '关于2025年度综合考核结果的反馈函')!;
    expect(title.runs.every((r) => r.size_pt === 22 && r.east_asia_font === '方正小标宋简体')).toBe(true);
    expect(dump.paragraphs.find((p) => p.text === '一、考核总体情况')!.runs[0]!.east_asia_font).toBe('黑体');
    expect(dump.paragraphs.find((p) => p.text === '（一）考核构成得分')!.runs[0]!.east_asia_font).toBe('楷体_GB2312');
    const body = dump.paragraphs.find((p) => p.text.includes('综合考核总得分'))!;
    expect(body.runs.every((r) => r.east_asia_font === '仿宋_GB2312' && r.size_pt === 16)).toBe(true);
    expect(body.line_spacing).toEqual({ rule: 'exact', pt: 28.95 });
  });

  it('renders with LibreOffice in about 3 pages: the table starts on page 1, 28 characters a line, the text reads', () => {
    const { pdf, pages, text } = toPdf(file, app.dir, 'documents/letter-柳林镇');
    // was 6 pages while table rows snapped to the 29 pt grid
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(4);
    const byPage = text.split('\f');
    const first = squeeze(byPage[0]!);
    expect(first).toContain('中共清河县委组织部');
    expect(first).toContain('构成满分得分权重计入总分'); // no page break before the first table
    expect(squeeze(text)).toContain('不得评为“优秀”');
    // the closing sentence stays with the signature
    expect(squeeze(byPage[pages - 1]!)).toMatch(/特此函告。中共清河县委组织部2025年12月31日/);
    // a full body line holds 28 characters (a quarter where CJK and Latin meet): the overview's second line
    const words = pageWords(pdf, 1);
    const lines = [...new Set(words.map((w) => Math.round(w.yMin)))].sort((a, b) => a - b);
    const start = lines.indexOf(Math.round(words.find((x) => x.text.startsWith('你单位'))!.yMin));
    const lineText = (y: number) => words.filter((w) => Math.round(w.yMin) === y).map((w) => w.text).join('');
    const second = lineText(lines[start + 1]!);
    expect(second.startsWith('个单位中排名第1位')).toBe(true);
    expect(charWidth(second)).toBeGreaterThanOrEqual(27.5);
    expect(charWidth(second)).toBeLessThanOrEqual(28);
    // body lines on the grid's pitch (28.95 pt: 22 to the type area)
    const top = (y: number) => words.find((w) => Math.round(w.yMin) === y)!.yMin;
    expect(Math.abs(top(lines[start + 1]!) - top(lines[start]!) - 28.95)).toBeLessThan(0.2);
  }, 150_000);
});

describe('letters of particular units', () => {
  it('a unit with strengths and problems: numbered, with requirements and the deadline', async () => {
    const dump = readDocx((await letterFor('城关镇')).filePath);
    const texts = dump.paragraphs.map((p) => p.text);
    expect(texts).toContain('五、主要成绩');
    expect(texts.some((t) => t.startsWith('1.城市更新和老旧小区改造推进有力'))).toBe(true);
    expect(texts).toContain('六、存在问题');
    expect(texts).toContain('2.信访积案化解进度偏慢，个别积案超过办理时限。');
    expect(texts.some((t) => t.startsWith('1.聚焦主导产业开展产业链精准招商'))).toBe(true);
  });

  it('an adjusted grade says who changed it and why', async () => {
    const adj = await app.call('adjustGrade', { cycleId, subjectKey: `unit:${units['东城街道']}`, toGrade: '一般', reason: '年度重点任务推进滞后，经考核委员会研究调整' });
    expect(adj.row.finalGrade).toBe('一般');
    const text = readDocx((await letterFor('东城街道')).filePath).paragraphs.map((p) => p.text).join('\n');
    expect(text).toContain('考核等次为“一般”');
    expect(text).toContain('经考核委员会研究，你单位等次由“良好”调整为“一般”，理由：年度重点任务推进滞后，经考核委员会研究调整。');
  });

  it('a very long name and problem text: the letter reads whole and renders', async () => {
    await app.db.updateTable('units').set({ name: LONG_NAME }).where('id', '=', units['河口镇']!).execute();
    await app.call('saveFeedbackItem', { cycleId, unitId: units['河口镇']!, kind: 'problem', text: LONG_PROBLEM, requirement: '建立健全长效管护机制，落实管护经费和责任人，2026年6月底前完成全部问题点位整改。' });
    const doc = await letterFor('河口镇');
    expect(doc.fileName).toBe(`清考办函〔2025〕4号-${LONG_NAME}-考核反馈函.docx`);
    const dump = readDocx(doc.filePath);
    expect(dump.paragraphs.map((p) => p.text)).toContain(`${LONG_NAME}：`);
    expect(dump.paragraphs.map((p) => p.text)).toContain(`1.${LONG_PROBLEM}`);
    const { text } = toPdf(doc.filePath, app.dir, 'documents/letter-long-name', true);
    expect(squeeze(text)).toContain(squeeze(LONG_PROBLEM));
  }, 150_000);

  it('the engine’s biggest losses are offered, not printed', async () => {
    const s = await app.call('suggestFeedbackItems', { cycleId, unitId: units['柳林镇']! });
    expect(s.length).toBeGreaterThan(0);
    expect(s[0]!.lost).toBeGreaterThanOrEqual(s.at(-1)!.lost);
    expect(await app.call('listFeedbackItems', { cycleId, unitId: units['柳林镇']! })).toEqual([]);
  });
});

describe('the register', () => {
  it('a re-issue takes a new number and file and records what it replaces', async () => {
    const first = (await app.call('listDocuments', { cycleId })).find((d) => d.unitName === '城关镇')!;
    const second = await letterFor('城关镇');
    expect(second.docNumber).not.toBe(first.docNumber);
    expect(second.filePath).not.toBe(first.filePath);
    expect(fs.existsSync(first.filePath) && fs.existsSync(second.filePath)).toBe(true);
    const docs = await app.call('listDocuments', { cycleId });
    expect(docs.find((d) => d.id === second.id)).toMatchObject({ replacesId: first.id, note: `替代${first.docNumber}` });
    expect(docs.find((d) => d.id === first.id)).toMatchObject({ replacedById: second.id, note: `已被${second.docNumber}替代` });
    // the ledger rows follow the new letter, not duplicated
    const ledger = await app.call('listRectification', { cycleId, unitId: units['城关镇']! });
    expect(ledger).toHaveLength(2);
    expect(ledger.every((r) => r.documentId === second.id)).toBe(true);
  });

  it('says when a file was altered or removed', async () => {
    const docs = await app.call('listDocuments', { cycleId });
    const victim = docs.find((d) => d.unitName === '柳林镇')!;
    fs.appendFileSync(victim.filePath, 'x');
    const gone = docs.find((d) => d.unitName === '东城街道')!;
    fs.rmSync(gone.filePath);
    const after = await app.call('listDocuments', { cycleId });
    expect(after.find((d) => d.id === victim.id)).toMatchObject({ integrity: 'changed', note: '文件已被改动' });
    expect(after.find((d) => d.id === gone.id)).toMatchObject({ integrity: 'missing', note: '文件已不存在' });
  });
});

describe('the notice and the ranking tables', () => {
  it('the notice: 文件格式, grades by category in the plan’s order, attachment with a merged header, 版记', async () => {
    const doc = await app.call('generateNotice', { cycleId });
    expect(doc.docNumber).toBe('清组通〔2025〕1号');
    const dump = readDocx(doc.filePath);
    const texts = dump.paragraphs.map((p) => p.text);
    expect(texts[0]).toBe('中共清河县委组织部文件');
    expect(dump.paragraphs[0]!.runs[0]!.color?.toUpperCase()).toBe('FF0000');
    expect(texts[1]).toBe('清组通〔2025〕1号');
    expect(dump.paragraphs[1]!.alignment).toBe('center');
    expect(texts).toContain('（一）一类乡镇');
    expect(texts).toContain('优秀等次（1个）：城关镇。');
    expect(texts).toContain(`良好等次（4个）：柳林镇、西城街道、${LONG_NAME}。`.replace('4个', '3个'));
    expect(texts).toContain('附件');
    // cadres: the counts per grade of each category, never the names (those are the cadre grade lists)
    const results = await app.call('listResults', { cycleId });
    const categories = await app.call('listCategories', { cycleId });
    const cadreCategories = categories.filter((c) => c.kind === 'cadre');
    expect(cadreCategories.length).toBeGreaterThan(0);
    cadreCategories.forEach((c, i) => {
      const members = results.filter((r) => r.categoryId === c.id);
      const line = texts.find((x) => x.startsWith(`${i + 1}.${c.name}${members.length}名：`));
      expect(line, c.name).toBeDefined();
      for (const grade of new Set(members.map((m) => m.finalGrade))) expect(line).toContain(`${grade}${members.filter((m) => m.finalGrade === grade).length}名`);
    });
    const everything = [...texts, ...dump.tables.flatMap((x) => x.rows.flat())].join('\n');
    const cadres = await app.call('listCadres', { cycleId });
    expect(cadres.length).toBeGreaterThan(100);
    expect(cadres.filter((c) => everything.includes(c.name)).map((c) => c.name)).toEqual([]);
    // the attachment: one results table per unit category, then the 版记
    const unitCategories = categories.filter((c) => c.kind === 'unit' && results.some((r) => r.categoryId === c.id));
    expect(dump.tables).toHaveLength(unitCategories.length + 1);
    expect(texts).toContain(`${unitCategories[0]!.name}（${results.filter((r) => r.categoryId === unitCategories[0]!.id).length}个）`);
    const t = dump.tables[0]!;
    expect(t.header_rows).toBe(2);
    expect(t.rows[0]!.slice(0, 3)).toEqual(['名次', '单位', '各项得分']);
    expect(t.rows[1]).toEqual(expect.arrayContaining(['实绩考核', '民主测评', '平时考核', '加减分']));
    expect(t.rows.slice(2).map((r) => r[1])).toEqual(results.filter((r) => r.categoryId === unitCategories[0]!.id).sort((a, b) => a.rank - b.rank).map((r) => r.name));
    // 加减分 printed with its sign, as in the letters (+2.00, −0.50); the other components plain
    const bonusCol = t.rows[1]!.indexOf('加减分');
    for (const r of t.rows.slice(2)) expect(r[bonusCol]).toMatch(/^([+−]\d+\.\d+|0\.0+)$/);
    expect(t.rows.slice(2).some((r) => r[bonusCol]!.startsWith('−') || r[bonusCol]!.startsWith('+'))).toBe(true);
    for (const r of t.rows.slice(2)) expect(r[2]).toMatch(/^\d+\.\d+$/);
    // 版记: a table floating at the foot of the type area, 抄送 and 印发 lines with their rules
    const record = dump.tables.at(-1)!;
    expect(record.rows[0]![0]).toMatch(/^抄送：县委办公室/);
    expect(record.rows[1]![0]).toBe('中共清河县委组织部办公室\t2025年12月31日印发');
    const xml = await docxXml(doc.filePath);
    expect(xml).toMatch(/<w:tblpPr [^>]*w:tblpYSpec="bottom"[^>]*w:vertAnchor="margin"\/>/);
    expect(xml).toContain('<w:gridSpan w:val="4"/>');
    expect(xml).toContain('<w:vMerge w:val="restart"/>');
    expect(xml).toMatch(/<w:bottom w:val="single" w:color="FF0000"/);
    // was 38 pages while every cadre was listed in the body and the attachment
    const { pdf, pages, text } = toPdf(doc.filePath, app.dir, 'documents/notice');
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(7);
    expect(squeeze(text)).toContain('关于2025年度综合考核结果的通报');
    expect(squeeze(text)).toContain('—1—');
    // the 版记 at the foot of the last page: its last line ends at the bottom of the type area (842 − 35 mm = 742.7 pt)
    const words = pageWords(pdf, pages);
    const copyTo = words.find((w) => w.text.startsWith('抄送'))!;
    const printed = words.find((w) => w.text.endsWith('印发'))!;
    expect(printed.yMax).toBeGreaterThan(742.7 - 29);
    expect(printed.yMax).toBeLessThan(742.7);
    expect(copyTo.yMin).toBeLessThan(printed.yMin);
    expect(words.filter((w) => w.yMin > printed.yMax && w.yMax < 742.7)).toEqual([]);
  }, 150_000);

  it('ranking tables and cadre lists as .xlsx and .docx', async () => {
    const xlsx = await app.call('generateRankingTables', { cycleId, format: 'xlsx' });
    expect(xlsx.map((d) => d.kind)).toEqual(['ranking', 'cadre_list']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx[0]!.filePath);
    expect(wb.worksheets.map((w) => w.name)).toContain('一类乡镇');
    const ws = wb.getWorksheet('一类乡镇')!;
    expect(ws.getRow(3).getCell(2).value).toBe('柳林镇');
    expect(ws.getRow(3).getCell(ws.getRow(2).cellCount).value).toBe('良好');
    const docx = await app.call('generateRankingTables', { cycleId, format: 'docx' });
    const dump = readDocx(docx[0]!.filePath);
    expect(dump.tables[0]!.rows[1]![1]).toBe('柳林镇');
    expect(dump.tables.every((t) => t.header_rows === 1)).toBe(true);
  });
});

describe('all letters at once', () => {
  it('cancelled part-way: every file written is registered, nothing half-done', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const summary = await generateAllFeedbackLetters(app.ctx, { cycleId }, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done === 5) controller.abort();
      },
    });
    expect(summary.cancelled).toBe(true);
    expect(summary.written).toBe(5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const registered = new Set((await app.call('listDocuments', { cycleId })).map((d) => d.filePath));
    for (const f of fs.readdirSync(summary.folder)) expect(registered.has(path.join(summary.folder, f)), f).toBe(true);
  });

  it('into a folder the user picked, as a job: progress per letter, 取消 between letters, the letters written stay registered', async () => {
    const folder = path.join(app.dir, '用户选择的文件夹', '反馈函');
    const jobId = crypto.randomUUID();
    const seen: number[] = [];
    const running = app.call('generateAllFeedbackLetters', { cycleId, folder, jobId });
    // asked as the renderer asks while the call runs; 取消 once three letters are written
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        void (async () => {
          const s = await app.call('jobProgress', { jobId });
          if (s.state === 'running' && s.total > 0) seen.push(s.done);
          if (s.state === 'running' && s.done >= 3) {
            clearInterval(timer);
            expect(s.label).toMatch(/^(正在生成：|已生成 )/);
            await app.call('cancelJob', { jobId });
            resolve();
          } else if (s.state === 'finished') {
            clearInterval(timer);
            reject(new Error('the batch finished before it could be cancelled'));
          }
        })().catch(reject);
      }, 2);
    });
    const summary = await running;
    const units = await app.call('listUnits', { cycleId });
    expect(summary).toMatchObject({ folder, total: units.length, cancelled: true, skipped: [] });
    expect(summary.written).toBeGreaterThanOrEqual(3);
    expect(summary.written).toBeLessThan(units.length);
    expect(seen.every((d, i) => i === 0 || d >= seen[i - 1]!)).toBe(true);
    // each letter written is in the folder, issued and registered with its own number; nothing else is
    const files = fs.readdirSync(folder).sort();
    expect(files).toEqual(summary.documents.map((d) => d.fileName).sort());
    const registered = await app.call('listDocuments', { cycleId });
    for (const d of summary.documents) expect(registered.find((r) => r.id === d.id)).toMatchObject({ filePath: path.join(folder, d.fileName), integrity: 'ok' });
    expect(new Set(summary.documents.map((d) => d.docNumber)).size).toBe(summary.written);
    expect((await app.call('jobProgress', { jobId })).state).toBe('finished');
  }, 120_000);

  it('refuses a folder that is not a full path, naming the field', async () => {
    const env = await app.dispatch('generateAllFeedbackLetters', { cycleId, folder: '反馈函' });
    expect(env).toMatchObject({ ok: false, error: { code: 'invalid_input', location: { kind: 'field', path: 'folder' } } });
  });

  it('all units, with a summary', async () => {
    const summary = await app.call('generateAllFeedbackLetters', { cycleId });
    const count = (await app.call('listUnits', { cycleId })).length;
    expect(summary).toMatchObject({ cancelled: false, written: count, skipped: [] });
  }, 120_000);
});

describe('the rectification ledger', () => {
  it('one row per problem of a letter, with the deadline; overdue by the date', async () => {
    const rows = await app.call('listRectification', { cycleId });
    expect(rows.filter((r) => r.unitName === '桃源乡')).toHaveLength(3);
    expect(rows.every((r) => r.deadline === '2026-02-28' && r.statusLabel === '已反馈')).toBe(true);
    clock = new Date('2026-03-01T09:00:00+08:00');
    const overdue = await app.call('listRectification', { cycleId, filter: 'overdue' });
    expect(overdue.length).toBe(rows.length);
    expect(overdue.every((r) => r.statusLabel === '逾期')).toBe(true);
  });

  it('statuses move forward through 已发布 only, with the report and the closing decision', async () => {
    const [a, b] = await app.call('listRectification', { cycleId, unitId: units['桃源乡']! });
    expect(await app.dispatch('updateRectification', { id: a!.id, status: 'in_progress' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    await app.call('setCycleStatus', { cycleId, status: 'published' });
    expect((await app.call('updateRectification', { id: a!.id, status: 'in_progress' })).statusLabel).toBe('逾期');
    expect(await app.dispatch('updateRectification', { id: a!.id, status: 'reported' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const reported = await app.call('updateRectification', { id: a!.id, status: 'reported', report: '已制定特色产业培育方案，主要指标三季度已达全县平均水平。' });
    expect(reported).toMatchObject({ status: 'reported', statusLabel: '已报告', overdue: false });
    const closed = await app.call('updateRectification', { id: a!.id, status: 'closed', decision: '经核查整改到位，同意销号。' });
    expect(closed).toMatchObject({ statusLabel: '已销号', decision: '经核查整改到位，同意销号。' });
    expect(await app.dispatch('updateRectification', { id: a!.id, status: 'in_progress' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await app.call('listRectification', { cycleId, filter: 'open', unitId: units['桃源乡']! })).map((r) => r.id)).not.toContain(a!.id);
    expect(b!.status).toBe('fed_back');
    const exported = await app.call('exportRectification', { cycleId });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(exported.filePath);
    expect(wb.worksheets[0]!.getRow(2).getCell(6).value).toBe('状态');
    expect(exported.rows).toBeGreaterThan(5);
  });

  it('open items carry into next year as deductions that change its results', async () => {
    const next = await createDemoPlan(app.ctx, { year: 2026 });
    await app.call('computeCycle', { cycleId: next });
    const before = (await app.call('listResults', { cycleId: next })).find((r) => r.name === '桃源乡')!;
    const open = await app.call('listRectification', { cycleId, filter: 'open', unitId: units['桃源乡']! });
    const out = await app.call('carryRectification', { cycleId, targetCycleId: next, itemIds: open.map((r) => r.id), points: 0.5 });
    expect(out).toEqual({ created: 2, skipped: [] });
    const after = (await app.call('listResults', { cycleId: next })).find((r) => r.name === '桃源乡')!;
    expect(after.stale).toBe(false);
    expect(after.total).toBeCloseTo(before.total - 1, 6);
    const events = (await app.call('listEvents', { cycleId: next })).filter((e) => e.subjectName === '桃源乡' && e.type === '整改不到位');
    expect(events).toHaveLength(2);
    expect(events[0]!.kind).toBe('deduction');
    // carried once only
    expect((await app.call('carryRectification', { cycleId, targetCycleId: next, points: 0.5 })).skipped.length).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

describe('a category of one unit', () => {
  it('its letter says it is the only unit assessed and why the quota gave no 优秀; the notice lists it', async () => {
    // the example plan with 乡镇 reduced to 城关镇 (XZ01)
    const plan = JSON.parse(fs.readFileSync(path.join(root, 'docs/examples/plan-example.json'), 'utf8')) as {
      units: { code: string }[];
      scores: Record<string, unknown>;
      ballots: { subject: string }[];
      events: { subject: string }[];
      assessmentGroups: { units: string[] }[];
    };
    const drop = new Set(['XZ02', 'XZ03']);
    plan.units = plan.units.filter((u) => !drop.has(u.code));
    for (const code of drop) delete plan.scores[code];
    plan.ballots = plan.ballots.filter((b) => !drop.has(b.subject));
    plan.events = plan.events.filter((e) => !drop.has(e.subject));
    for (const g of plan.assessmentGroups) g.units = g.units.filter((u) => !drop.has(u));
    const one = await openTestApp({ now: () => new Date('2025-12-31T10:00:00+08:00') });
    try {
      const { cycleId: c } = await importPlan(one.ctx, plan, 'one-unit.json');
      await one.call('computeCycle', { cycleId: c });
      await one.call('setCycleStatus', { cycleId: c, status: 'grading' });
      const s = await one.call('getDocumentSettings', { cycleId: c });
      await one.call('saveDocumentSettings', { cycleId: c, settings: { ...s, contactPerson: '王明', contactPhone: '0316-5126688' } });
      const result = (await one.call('listResults', { cycleId: c })).find((r) => r.name === '城关镇')!;
      expect(result).toMatchObject({ rank: 1, rankOf: 1, categoryName: '乡镇', restriction: null });
      expect(result.gradeNote).toMatch(/^1人×\d+%=[\d.]+，向下取整为0个，无“优秀”名额/);
      const doc = await one.call('generateFeedbackLetter', { cycleId: c, unitId: result.id });
      const texts = readDocx(doc.filePath).paragraphs.map((p) => p.text);
      const overview = texts.find((t) => t.includes('综合考核总得分'))!;
      expect(overview).toContain(`你单位2025年度综合考核总得分${result.total.toFixed(2)}分，乡镇仅你单位1个被考核单位，考核等次为“${result.finalGrade}”。`);
      expect(overview).not.toMatch(/排名第|1个单位中/);
      expect(overview).toContain(`按照考核办法的等次名额，乡镇1个单位×${/×(\d+%=[\d.]+)/.exec(result.gradeNote)![1]}，向下取整为0个，无“优秀”名额，等次确定为“${result.computedGrade}”。`);
      const notice = await one.call('generateNotice', { cycleId: c });
      const noticeTexts = readDocx(notice.filePath).paragraphs.map((p) => p.text);
      expect(noticeTexts).toContain('（一）乡镇');
      expect(noticeTexts).toContain(`${result.finalGrade}等次（1个）：城关镇。`);
      expect(noticeTexts).toContain('乡镇（1个）');
      const { pages, text } = toPdf(doc.filePath, one.dir, 'documents/letter-category-of-one');
      expect(pages).toBeLessThanOrEqual(4);
      expect(squeeze(text)).toContain('乡镇仅你单位1个被考核单位');
    } finally {
      await one.close();
    }
  }, 150_000);
});
