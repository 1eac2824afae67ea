// The layout of a collection workbook: which sheet holds which category,
// which row which subject, which column which indicator (or tally field).
// It is written into a very hidden sheet with the stamp and a checksum, so
// the import reads the workbook back exactly as it was generated and refuses
// one that was made for another cycle or department, or whose layout was
// altered.
import crypto from 'node:crypto';
import type { Indicator } from '../../../shared/ipc/contract.ts';

export const TEMPLATE_VERSION = 1;
export const STAMP_SHEET = '_kaohe_stamp';
export const INSTRUCTIONS_SHEET = '填报说明';
/** rows 1–3: title, headers, how each column is scored; data from row 4, columns A–C: 序号, 代码, 名称 */
export const FIRST_DATA_ROW = 4;
export const FIRST_DATA_COL = 4;

export type ColumnCheck =
  | { type: 'number'; min: number | null; max: number | null; method: string }
  | { type: 'letter'; letters: string[] }
  | { type: 'count' };

export interface LayoutColumn {
  /** scores: "ind:<indicatorId>"; tallies: "rg:<raterGroupId>:expected|present|valid|invalid" or "rg:<id>:vote:<level>" */
  key: string;
  header: string;
  check: ColumnCheck;
}

export interface LayoutSheet {
  name: string;
  categoryId: number;
  categoryName: string;
  /** [subjectKey, code, name] in row order from FIRST_DATA_ROW */
  subjects: [string, string, string][];
  columns: LayoutColumn[];
}

export interface Layout {
  version: number;
  kind: 'scores' | 'tallies';
  cycleId: number;
  cycleName: string;
  cycleCreatedAt: string;
  departmentId: number | null;
  departmentName: string | null;
  raterGroupId: number | null;
  raterGroupName: string | null;
  sheets: LayoutSheet[];
}

export function layoutChecksum(layoutJson: string): string {
  return crypto.createHash('sha256').update(layoutJson, 'utf8').digest('hex');
}

/** Column number → letters (4 → D). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ */
export function sheetName(base: string, used: Set<string>): string {
  const clean = base.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
  let name = clean;
  for (let n = 2; used.has(name) || name === STAMP_SHEET || name === INSTRUCTIONS_SHEET; n++) name = `${clean.slice(0, 27)}_${n}`;
  used.add(name);
  return name;
}

/**
 * Whether a leaf is filled in by its responsible department's workbook:
 * deduction lists (扣分制) are itemised occurrences, not one number — they
 * stay with the office and are entered in the score grid.
 */
export function inDepartmentWorkbook(i: Indicator, departmentId: number): boolean {
  return i.isLeaf && i.departmentId === departmentId && i.method?.type !== 'deduction';
}
