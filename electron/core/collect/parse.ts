// Reads a collection workbook back without the database (it runs in a worker
// thread): the file is checked before exceljs sees it, the stamp and the
// layout's checksum are verified, the sheets must be as generated (headers,
// subjects in their rows, nothing merged, no formula without its value), and
// every cell is read under its column's rule — a number through the one
// parser (shared/numbers-input.ts: “4,5” is refused, 1,234 is grouping), a
// letter from its list, a tally as a whole number. All problems are reported
// at once, each naming its cell.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { parseScoreText } from '../../../shared/numbers-input.ts';
import { checkWorkbookFile, refuseCells, worksheetProblems, type CellProblemAt, type WorkbookLimits } from '../import/guard.ts';
import { FIRST_DATA_COL, FIRST_DATA_ROW, STAMP_SHEET, TEMPLATE_VERSION, columnLetter, layoutChecksum, type Layout } from './layout.ts';

export const COLLECT_WORKBOOK_LIMITS: WorkbookLimits = { maxFileBytes: 30 * 1024 * 1024, maxUncompressedBytes: 150 * 1024 * 1024, maxEntries: 500, maxRows: 20000, maxColumns: 1000 };

/** worksheet parts the import never reads (merged cells, the sheet data and the dimension are read) */
const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'hyperlinks', 'pageSetup', 'printOptions', 'headerFooter', 'rowBreaks', 'picture', 'drawing', 'tableParts', 'extLst'];

const check = z.discriminatedUnion('type', [
  z.object({ type: z.literal('number'), min: z.number().nullable(), max: z.number().nullable(), method: z.string() }),
  z.object({ type: z.literal('letter'), letters: z.array(z.string()) }),
  z.object({ type: z.literal('count') }),
]);
const layoutSchema = z.object({
  version: z.number().int(),
  kind: z.enum(['scores', 'tallies']),
  cycleId: z.number().int(),
  cycleName: z.string(),
  cycleCreatedAt: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  raterGroupId: z.number().int().nullable(),
  raterGroupName: z.string().nullable(),
  sheets: z.array(
    z.object({
      name: z.string(),
      categoryId: z.number().int(),
      categoryName: z.string(),
      subjects: z.array(z.tuple([z.string().regex(/^(unit|cadre):\d+$/), z.string(), z.string()])),
      columns: z.array(z.object({ key: z.string(), header: z.string(), check })),
    }),
  ),
});

export interface ParsedCell {
  /** e.g. 一类乡镇!D7 */
  cell: string;
  subjectKey: string;
  subjectName: string;
  columnKey: string;
  header: string;
  /** a number, a letter, or null for an empty cell */
  value: number | string | null;
}

export interface ParsedWorkbook {
  layout: Layout;
  sheets: { name: string; categoryId: number; cells: ParsedCell[] }[];
}

type Raw = string | number | null | { bad: string };

function rawValue(cell: ExcelJS.Cell | undefined): Raw {
  if (cell === undefined) return null;
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'boolean') return { bad: `是“${v ? '是' : '否'}”，不是数值` };
  if (v instanceof Date) return { bad: '是日期，不是数值' };
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; formula?: unknown; sharedFormula?: unknown; text?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((t) => t.text).join('').trim() || null;
    if ('formula' in o || 'sharedFormula' in o) {
      // only the cached value counts (a formula without one is refused before this)
      const r = o.result;
      if (typeof r === 'number' || typeof r === 'string') return r;
      return { bad: '是公式，没有可用的计算结果' };
    }
    if (o.error !== undefined) return { bad: `是错误值 ${String(o.error)}` };
    if (o.text !== undefined) return String(o.text).trim() || null;
  }
  return { bad: '内容无法识别' };
}

function refuse(file: string, message: string): AppError {
  return new AppError('invalid_input', `采集表“${path.basename(file)}”${message}`, { kind: 'field', path: 'filePath' });
}

/** The stamp and layout of a workbook, verified against their checksum. */
function readLayout(wb: ExcelJS.Workbook, file: string): Layout {
  const ws = wb.getWorksheet(STAMP_SHEET);
  if (!ws || ws.getCell('A1').value !== 'kaohe-collect') throw refuse(file, '不是本系统生成的采集表（缺少校验信息），请使用“生成采集表”得到的文件填写。');
  if (ws.getCell('B1').value !== TEMPLATE_VERSION) throw refuse(file, '的版本与本系统不符，请重新生成采集表。');
  const sum = String(ws.getCell('A2').value ?? '');
  let json = '';
  for (let r = 3; r <= ws.rowCount; r++) {
    const v = ws.getCell(`A${r}`).value;
    if (typeof v !== 'string') break;
    json += v;
  }
  if (json === '' || layoutChecksum(json) !== sum) throw refuse(file, '的校验信息与表格布局不符（隐藏的校验信息被改动或损坏），已拒绝。请重新生成采集表。');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw refuse(file, '的校验信息已损坏，已拒绝。请重新生成采集表。');
  }
  const layout = layoutSchema.safeParse(parsed);
  if (!layout.success) throw refuse(file, '的校验信息不符合格式，已拒绝。请重新生成采集表。');
  return layout.data;
}

export async function parseCollectWorkbook(file: string, onProgress?: (done: number, total: number) => void): Promise<ParsedWorkbook> {
  const bytes = checkWorkbookFile(file, COLLECT_WORKBOOK_LIMITS);
  const wb = new ExcelJS.Workbook();
  try {
    // the data validations a template carries on every data cell are not read: nothing below
    // looks at them, and exceljs expands them into one object per cell (some 10 % of the load)
    await wb.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: IGNORED_NODES } as Partial<ExcelJS.XlsxReadOptions>);
  } catch {
    throw refuse(file, '已损坏，或不是 Excel 2007 及以上版本保存的 .xlsx 文件。');
  }
  const layout = readLayout(wb, file);
  const problems: CellProblemAt[] = [];
  const sheets: ParsedWorkbook['sheets'] = [];
  layout.sheets.forEach((s, si) => {
    const ws = wb.getWorksheet(s.name);
    const bad = (row: number, col: number, message: string) => problems.push({ sheet: s.name, row, column: columnLetter(col), message: `${s.name}!${columnLetter(col)}${row}：${message}` });
    if (!ws) {
      problems.push({ sheet: s.name, row: 1, column: 'A', message: `缺少工作表“${s.name}”（不要改动工作表名称）` });
      return;
    }
    problems.push(...worksheetProblems(ws, FIRST_DATA_ROW));
    s.columns.forEach((c, j) => {
      const h = rawValue(ws.getCell(2, FIRST_DATA_COL + j));
      if (h !== c.header) bad(2, FIRST_DATA_COL + j, `表头应为“${c.header}”，不要改动或移动列`);
    });
    const lastRow = FIRST_DATA_ROW + s.subjects.length - 1;
    const lastCol = FIRST_DATA_COL + s.columns.length - 1;
    // anything written outside the template's area is not silently ignored (within the area's
    // rows only the cells right of it are looked at: a row's cells are a dense array up to its last)
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const from = r > lastRow ? 1 : lastCol + 1;
      for (let col = from; col <= row.cellCount; col++) {
        if (rawValue(row.findCell(col)) !== null) bad(r, col, '在采集范围之外有内容（不要增加行或列）');
      }
    });
    const cells: ParsedCell[] = [];
    // each column's letters and the sheet's prefix once, not per cell
    const addresses = s.columns.map((_, j) => `${s.name}!${columnLetter(FIRST_DATA_COL + j)}`);
    s.subjects.forEach(([key, code, name], i) => {
      const r = FIRST_DATA_ROW + i;
      const row = ws.findRow(r);
      const got = rawValue(row?.findCell(2));
      if (String(typeof got === 'object' && got !== null ? '' : (got ?? '')).trim() !== code) {
        bad(r, 2, `应为“${name}”的代码“${code}”（不要插入、删除或重新排序行）`);
        return;
      }
      s.columns.forEach((c, j) => {
        const col = FIRST_DATA_COL + j;
        const raw = rawValue(row?.findCell(col));
        if (raw === null) {
          cells.push({ cell: `${addresses[j]}${r}`, subjectKey: key, subjectName: name, columnKey: c.key, header: c.header, value: null });
          return;
        }
        if (typeof raw === 'number' && c.check.type === 'number' && Number.isFinite(raw) && (c.check.min === null || raw >= c.check.min) && (c.check.max === null || raw <= c.check.max)) {
          // the common case, a number within its column's range: taken as it is (the checks below would pass it)
          cells.push({ cell: `${addresses[j]}${r}`, subjectKey: key, subjectName: name, columnKey: c.key, header: c.header, value: raw });
          return;
        }
        const where = `“${name}”的“${c.header}”`;
        let value: number | string | null = null;
        if (raw !== null && typeof raw === 'object') return bad(r, col, `${where}${raw.bad}`);
        if (raw !== null) {
          if (c.check.type === 'letter') {
            const t = String(raw).trim();
            if (!c.check.letters.includes(t)) return bad(r, col, `${where}的等级“${t.slice(0, 20)}”无效，应为 ${c.check.letters.join('、')} 之一`);
            value = t;
          } else {
            let n: number | null;
            if (typeof raw === 'number') n = raw;
            else {
              const p = parseScoreText(raw);
              if (!p.ok) return bad(r, col, `${where}：${p.message}`);
              n = p.value;
            }
            if (n !== null && !Number.isFinite(n)) return bad(r, col, `${where}不是有效的数字`);
            if (n !== null && c.check.type === 'count' && (!Number.isInteger(n) || n < 0)) return bad(r, col, `${where}应为不小于 0 的整数，而不是 ${n}`);
            if (n !== null && c.check.type === 'number') {
              if (c.check.min !== null && n < c.check.min) return bad(r, col, `${where}为 ${n}，不能小于 ${c.check.min}`);
              if (c.check.max !== null && n > c.check.max) return bad(r, col, `${where}为 ${n}，超出范围（0 到 ${c.check.max}）`);
            }
            value = n;
          }
        }
        cells.push({ cell: `${addresses[j]}${r}`, subjectKey: key, subjectName: name, columnKey: c.key, header: c.header, value });
      });
    });
    sheets.push({ name: s.name, categoryId: s.categoryId, cells });
    onProgress?.(si + 1, layout.sheets.length);
  });
  if (problems.length > 0) throw refuseCells(`采集表“${path.basename(file)}”有 ${problems.length} 处问题，没有导入任何内容：`, problems);
  return { layout, sheets };
}
