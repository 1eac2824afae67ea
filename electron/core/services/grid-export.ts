// The score grid as an .xlsx (issue 7, item 4): the columns the grid shows —
// 序号, 单位, then each leaf indicator (code, name and full points in its
// header) under its parents' group headers — one row per subject in the
// plan's order, numbers as numbers and letter grades as text. The header rows
// and the first two columns are frozen, as in the grid. Optionally only one
// responsible department's indicators (the grid's filter). Data leaving the
// system is recorded in the audit trail like a print.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.ts';
import { fmt } from '../../../shared/engine/numbers.ts';
import type { Indicator, OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { getCategory } from '../repos/categories.ts';
import { listIndicators } from '../repos/indicators.ts';
import { getScoreMatrix } from './scores.ts';

/** The name the grid's department filter gives the indicators without a responsible department. */
export const NO_DEPARTMENT = '未指定责任单位';

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const THIN: ExcelJS.Borders = {
  top: { style: 'thin' },
  bottom: { style: 'thin' },
  left: { style: 'thin' },
  right: { style: 'thin' },
  diagonal: {},
};

export const leafHeader = (l: Pick<Indicator, 'code' | 'name' | 'fullPoints'>): string => `${l.code} ${l.name}（${fmt(l.fullPoints)}分）`;

function ancestorsOf(ind: Indicator, byId: Map<number, Indicator>): Indicator[] {
  const out: Indicator[] = [];
  for (let p = ind.parentId !== null ? byId.get(ind.parentId) : undefined; p; p = p.parentId !== null ? byId.get(p.parentId) : undefined) out.unshift(p);
  return out;
}

export async function exportScoreGrid(ctx: ServiceContext, input: ParsedInputOf<'exportScoreGrid'>): Promise<OutputOf<'exportScoreGrid'>> {
  const cat = await getCategory(ctx.db, input.categoryId);
  if (input.componentId !== undefined) {
    const comp = await ctx.db.selectFrom('components').select(['id', 'category_id']).where('id', '=', input.componentId).executeTakeFirst();
    if (!comp || comp.category_id !== cat.id) throw new AppError('not_found', '所选考核构成不属于这个类别。', { kind: 'field', path: 'componentId' });
  }
  const matrix = await getScoreMatrix(ctx, { categoryId: cat.id, componentId: input.componentId });
  const leaves = matrix.indicators.filter((l) => input.department === undefined || (l.departmentName ?? NO_DEPARTMENT) === input.department);
  if (leaves.length === 0) {
    throw input.department !== undefined
      ? new AppError('not_found', `责任单位“${input.department}”在此没有指标，没有可导出的列。`, { kind: 'field', path: 'department' })
      : new AppError('not_found', `类别“${cat.name}”还没有末级指标，没有可导出的列。`, { kind: 'field', path: 'categoryId' });
  }
  const dir = path.dirname(path.resolve(input.filePath));
  if (!fs.existsSync(dir)) throw new AppError('not_found', `文件夹“${dir}”不存在。`, { kind: 'field', path: 'filePath' });

  // the whole tree, for the leaves' parents (the grid's column groups)
  const byId = new Map((await listIndicators(ctx.db, cat.id)).map((i) => [i.id, i]));
  const chains = leaves.map((l) => ancestorsOf(l, byId));
  const depth = Math.max(0, ...chains.map((c) => c.length));
  const headerRows = depth + 1;
  const first = 3; // columns A and B: 序号, 单位

  const cycle = await ctx.db.selectFrom('cycles').select(['id', 'name']).where('id', '=', cat.cycleId).executeTakeFirstOrThrow();
  const wb = new ExcelJS.Workbook();
  wb.creator = '考核评价桌面系统';
  const ws = wb.addWorksheet(cat.name.slice(0, 31).replace(/[\\/?*[\]:]/g, '_') || '指标得分', {
    views: [{ state: 'frozen', xSplit: first - 1, ySplit: headerRows }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `1:${headerRows}` },
  });

  // headers: 序号 and 单位 span every header row; a group spans its leaves; a leaf spans the rows below its parents
  const put = (r1: number, c1: number, r2: number, c2: number, text: string) => {
    ws.getCell(r1, c1).value = text;
    if (r2 > r1 || c2 > c1) ws.mergeCells(r1, c1, r2, c2);
  };
  put(1, 1, headerRows, 1, '序号');
  put(1, 2, headerRows, 2, '单位');
  for (let d = 0; d < depth; d++) {
    let i = 0;
    while (i < leaves.length) {
      const anc = chains[i]![d];
      if (!anc) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < leaves.length && chains[j + 1]![d]?.id === anc.id) j++;
      put(d + 1, first + i, d + 1, first + j, leafHeader(anc));
      i = j + 1;
    }
  }
  leaves.forEach((l, i) => put(chains[i]!.length + 1, first + i, headerRows, first + i, leafHeader(l)));
  for (let r = 1; r <= headerRows; r++) {
    const row = ws.getRow(r);
    row.height = r === headerRows ? 48 : 30;
    for (let c = 1; c < first + leaves.length; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = THIN;
    }
  }
  ws.getColumn(1).width = 6;
  ws.getColumn(2).width = 20;
  leaves.forEach((_, i) => (ws.getColumn(first + i).width = 14));

  // the cells, as the grid shows them: a letter grade as its text, every other method's value as a number
  const cells = new Map(matrix.cells.map((c) => [`${c.subjectKey}|${c.indicatorId}`, c]));
  matrix.subjects.forEach((s, n) => {
    const values = leaves.map((l) => {
      const c = cells.get(`${s.key}|${l.id}`);
      if (!c) return null;
      return l.method?.type === 'letter' ? c.text : (c.value ?? c.text);
    });
    const row = ws.getRow(headerRows + 1 + n);
    row.values = [n + 1, s.name, ...values];
    for (let c = 1; c < first + leaves.length; c++) {
      const cell = row.getCell(c);
      cell.border = THIN;
      if (c >= first && typeof cell.value === 'string') cell.alignment = { horizontal: 'center' };
    }
  });

  fs.writeFileSync(input.filePath, Buffer.from(await wb.xlsx.writeBuffer()), { mode: 0o600 });
  const columns = first - 1 + leaves.length;
  await ctx.write(
    {
      action: 'scores.export',
      entity: 'score',
      cycleId: cycle.id,
      scope: null,
      detail: { category: cat.name, componentId: input.componentId ?? null, department: input.department ?? null, file: path.basename(input.filePath), rows: matrix.subjects.length, columns },
    },
    async () => undefined,
  );
  return { filePath: input.filePath, rows: matrix.subjects.length, columns };
}
