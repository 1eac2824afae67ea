// Imports that cannot be fooled: what is checked before a library parses a
// file, and what a workbook may not hold.
//   - a workbook (.xlsx) is a zip archive: its central directory is read by
//     hand, and the sum of the entries' declared uncompressed sizes is
//     checked before anything is inflated (a zip bomb is refused at once);
//     each entry is then inflated with its declared size as a hard cap, so a
//     size that lies is caught too; each worksheet's declared <dimension> and
//     its highest row and column are checked against the caller's limits;
//   - formula cells count only with their cached value; merged cells in a
//     data area are refused, naming the range;
//   - a text file must be UTF-8 (UTF-16 is named as such).
// Every refusal is Chinese and names its place; no library text reaches the user.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.ts';

export interface WorkbookLimits {
  /** the file on disk */
  maxFileBytes: number;
  /** the sum of the entries' uncompressed sizes */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** per worksheet */
  maxRows: number;
  maxColumns: number;
}

export const PLAN_WORKBOOK_LIMITS: WorkbookLimits = { maxFileBytes: 50 * 1024 * 1024, maxUncompressedBytes: 300 * 1024 * 1024, maxEntries: 2000, maxRows: 200000, maxColumns: 2000 };

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

function refuse(file: string, message: string, sheet?: string): AppError {
  return new AppError('invalid_input', `工作簿“${path.basename(file)}”${message}`, sheet ? { kind: 'sheet', sheet } : { kind: 'field', path: 'filePath' });
}

/** The entries of a zip archive from its central directory, nothing inflated. */
function centralDirectory(buf: Buffer, file: string): Entry[] {
  const notXlsx = () => refuse(file, '不是有效的 Excel 工作簿（.xlsx）：文件已损坏，或并非 Excel 2007 及以上版本保存的文件。');
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw notXlsx();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx();
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw refuse(file, '过大（ZIP64 格式），不是本系统生成或可接受的工作簿。');
  if (offset + size > buf.length) throw notXlsx();
  const out: Entry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw notXlsx();
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const entry: Entry = {
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      localOffset: buf.readUInt32LE(p + 42),
    };
    if (entry.compressed === 0xffffffff || entry.uncompressed === 0xffffffff) throw refuse(file, '过大（ZIP64 格式），不是本系统生成或可接受的工作簿。');
    out.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** One entry inflated, never beyond the size its directory declares. */
function inflate(buf: Buffer, e: Entry, file: string): Buffer {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw refuse(file, '已损坏（压缩包结构不完整）。');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + e.compressed);
  if (e.method === 0) {
    if (data.length !== e.uncompressed) throw refuse(file, '已损坏（压缩包中的文件长度与目录不符）。');
    return data;
  }
  if (e.method !== 8) throw refuse(file, '使用了不支持的压缩方式。');
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressed) });
  } catch {
    // the declared size was a lie (or the data is damaged): refused without inflating further
    throw refuse(file, `已损坏或被篡改：压缩包中“${e.name}”的实际大小与其声明的 ${e.uncompressed} 字节不符。`);
  }
  if (out.length !== e.uncompressed) throw refuse(file, `已损坏或被篡改：压缩包中“${e.name}”的实际大小与其声明的 ${e.uncompressed} 字节不符。`);
  return out;
}

/** Column letters → 1-based number (A → 1, XFD → 16384). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref);
  return m ? { col: columnNumber(m[1]!), row: Number(m[2]) } : null;
}

/** Sheet XML file → the sheet's name, from the workbook and its relationships. */
function sheetNames(entries: Map<string, Buffer>): Map<string, string> {
  const wb = entries.get('xl/workbook.xml')?.toString('utf8') ?? '';
  const rels = entries.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const t = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && t) target.set(id, t.replace(/^\/?xl\//, '').replace(/^\//, ''));
  }
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1] ?? /\bid="([^"]+)"/.exec(m[0])?.[1];
    const t = rid ? target.get(rid) : undefined;
    if (name !== undefined && t) out.set(`xl/${t}`, decodeXml(name));
  }
  return out;
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/**
 * Reads a workbook file once and checks it before any spreadsheet library
 * sees it: its size, the archive's declared and real uncompressed sizes, and
 * each worksheet's declared dimension and real extent. Returns the bytes, for
 * the parser to read from memory (the file is not read twice).
 */
export function checkWorkbookFile(file: string, limits: WorkbookLimits): Buffer {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AppError('not_found', `工作簿“${file}”不存在或无法读取。`, { kind: 'field', path: 'filePath' });
  }
  if (size > limits.maxFileBytes) throw refuse(file, `有 ${MB(size)}，超过可导入的 ${MB(limits.maxFileBytes)}。`);
  const buf = fs.readFileSync(file);
  const entries = centralDirectory(buf, file);
  if (entries.length > limits.maxEntries) throw refuse(file, `包含 ${entries.length} 个部件，远多于正常工作簿，已拒绝。`);
  const total = entries.reduce((s, e) => s + e.uncompressed, 0);
  if (total > limits.maxUncompressedBytes) {
    throw refuse(file, `解压后有 ${MB(total)}（文件本身 ${MB(size)}），超过可导入的 ${MB(limits.maxUncompressedBytes)}，疑似“压缩炸弹”，已拒绝，未解压。`);
  }
  const xml = new Map<string, Buffer>();
  for (const e of entries) {
    const data = inflate(buf, e, file);
    if (e.name.endsWith('.xml') || e.name.endsWith('.rels')) xml.set(e.name, data);
  }
  const names = sheetNames(xml);
  for (const [entry, data] of xml) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(entry)) continue;
    const sheet = names.get(entry) ?? entry;
    const text = data.toString('utf8');
    const dim = /<(?:\w+:)?dimension\b[^>]*\bref="([^"]+)"/.exec(text)?.[1];
    if (dim) {
      const corners = dim.split(':').map(cellRef);
      const last = corners[corners.length - 1];
      if (last && (last.row > limits.maxRows || last.col > limits.maxColumns)) {
        throw refuse(file, `的工作表“${sheet}”声明的范围为 ${dim}，远超模板（最多 ${limits.maxRows} 行、${limits.maxColumns} 列），已拒绝。`, sheet);
      }
    }
    let maxRow = 0;
    let maxCol = 0;
    for (const m of text.matchAll(/<(?:\w+:)?row\b[^>]*?\br="(\d+)"/g)) maxRow = Math.max(maxRow, Number(m[1]));
    for (const m of text.matchAll(/<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]+)(\d+)"/g)) {
      maxCol = Math.max(maxCol, columnNumber(m[1]!));
      maxRow = Math.max(maxRow, Number(m[2]));
    }
    if (maxRow > limits.maxRows || maxCol > limits.maxColumns) {
      throw refuse(file, `的工作表“${sheet}”有内容写到了第 ${maxRow} 行、第 ${maxCol} 列，远超模板（最多 ${limits.maxRows} 行、${limits.maxColumns} 列），已拒绝。`, sheet);
    }
  }
  return buf;
}

export interface CellProblemAt {
  sheet: string;
  row: number;
  column: string;
  message: string;
}

/**
 * What a worksheet may not hold in its data area (rows from `fromRow`):
 * a formula without a cached value, merged cells. Each problem names the cell
 * or range the way Excel does (得分!D7, D2:E2).
 */
export function worksheetProblems(ws: ExcelJS.Worksheet, fromRow: number): CellProblemAt[] {
  const out: CellProblemAt[] = [];
  const merges = ((ws.model as { merges?: string[] }).merges ?? []).slice().sort();
  for (const range of merges) {
    const [a, b] = range.split(':').map((r) => cellRef(r));
    if (!a) continue;
    const bottom = Math.max(a.row, b?.row ?? a.row);
    if (bottom < fromRow) continue;
    const first = /^([A-Z]+)/.exec(range)?.[1] ?? 'A';
    out.push({ sheet: ws.name, row: a.row, column: first, message: `${ws.name}!${range} 是合并单元格，数据区不能合并单元格，请取消合并后逐格填写` });
  }
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (r < fromRow) return;
    row.eachCell({ includeEmpty: false }, (cell) => {
      const v = cell.value as unknown;
      if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
        const result = (v as { result?: unknown }).result;
        if (result === undefined || result === null || (typeof result === 'object' && result !== null && 'error' in result)) {
          const col = cell.address.replace(/\d+$/, '');
          out.push({ sheet: ws.name, row: r, column: col, message: `${ws.name}!${cell.address} 是公式，但没有保存计算结果（请在 Excel 中打开、计算并保存后再导入，或改为直接填写数值）` });
        }
      }
    });
  });
  return out;
}

/** The problems as one refusal: every one in the message, the first one's place as data. */
export function refuseCells(headline: string, problems: CellProblemAt[], code: 'invalid_input' | 'invalid_plan' = 'invalid_input'): AppError {
  const first = problems[0]!;
  const listed = problems.slice(0, 20).map((p) => `  ${p.message}`).join('\n');
  return new AppError(code, `${headline}\n${listed}${problems.length > 20 ? `\n……另有 ${problems.length - 20} 处` : ''}`, { kind: 'sheet', sheet: first.sheet, row: first.row, column: first.column });
}

/** A text file as UTF-8 (a BOM is dropped); UTF-16 and bytes that are not UTF-8 are refused with a clear message. */
export function readUtf8File(file: string, maxBytes: number, what: string): string {
  const name = path.basename(file);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new AppError('not_found', `${what}“${file}”不存在或无法读取。`, { kind: 'field', path: 'filePath' });
  }
  if (size > maxBytes) throw new AppError('invalid_input', `${what}“${name}”有 ${MB(size)}，超过可导入的 ${MB(maxBytes)}。`, { kind: 'json', path: '' });
  const buf = fs.readFileSync(file);
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    throw new AppError('invalid_input', `${what}“${name}”是 UTF-16 编码，本系统只接受 UTF-8 编码。请用记事本等编辑器“另存为”UTF-8 编码后再导入。`, { kind: 'json', path: '' });
  }
  const body = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const hint = body.length >= 2 && body.subarray(0, 200).includes(0) ? '（文件中有大量空字节，可能是 UTF-16 编码）' : '（可能是 GBK 等其他编码）';
    throw new AppError('invalid_input', `${what}“${name}”不是有效的 UTF-8 编码${hint}。请另存为 UTF-8 编码后再导入。`, { kind: 'json', path: '' });
  }
  // UTF-16 without a byte-order mark decodes as UTF-8 with a NUL in every other byte
  if (text.includes('\u0000')) throw new AppError('invalid_input', `${what}“${name}”含有空字节，可能是 UTF-16 编码；本系统只接受 UTF-8 编码。请另存为 UTF-8 编码后再导入。`, { kind: 'json', path: '' });
  return text;
}

/** JSON.parse with a Chinese refusal that names the line and column (never the parser's own text). */
export function parseJsonText(text: string, name: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : '';
    let line: number | null = null;
    let column: number | null = null;
    const lc = /line (\d+) column (\d+)/.exec(msg);
    const pos = /position (\d+)/.exec(msg);
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else if (pos) {
      const before = text.slice(0, Number(pos[1]));
      line = before.split('\n').length;
      column = before.length - before.lastIndexOf('\n');
    }
    const where = line !== null ? `第 ${line} 行第 ${column} 列附近` : '文件末尾附近（内容不完整）';
    throw new AppError('invalid_input', `${what}“${name}”不是有效的 JSON：${where}有语法错误（如缺少逗号、引号或括号）。`, { kind: 'json', path: '' });
  }
}
