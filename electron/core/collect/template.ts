// Writes a collection workbook: for one responsible department, its leaf
// indicators and the subjects they apply to (scores); or, for one rater group
// or all, the democratic-evaluation tallies. Header rows and the first
// columns are protected (only the data cells are unlocked), data cells carry
// validation (a list of letter grades, a decimal range for direct scores,
// whole numbers for tallies) and today's values, an instructions sheet says
// how to fill it in, and a very hidden sheet holds the stamp and the layout
// with its checksum.
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { METHOD_LABELS } from '../../../shared/domain.ts';
import { AppError, notFound } from '../../../shared/errors.ts';
import { fmt } from '../../../shared/engine/numbers.ts';
import type { Db } from '../context.ts';
import { listCategories, listComponents } from '../repos/categories.ts';
import { listIndicators } from '../repos/indicators.ts';
import { parseJson } from '../repos/json.ts';
import { z } from 'zod';
import { FIRST_DATA_COL, FIRST_DATA_ROW, INSTRUCTIONS_SHEET, inDepartmentWorkbook, STAMP_SHEET, TEMPLATE_VERSION, columnLetter, layoutChecksum, sheetName, type Layout, type LayoutColumn, type LayoutSheet } from './layout.ts';

export interface TemplateRequest {
  cycleId: number;
  kind: 'scores' | 'tallies';
  departmentId?: number;
  raterGroupId?: number;
}

type Prefill = Map<string, Map<string, string | number>>; // sheet → cell address → value

const TALLY_FIELDS = [
  ['expected', '应到'],
  ['present', '实到'],
  ['valid', '有效票'],
  ['invalid', '无效票'],
] as const;

async function subjectsOf(db: Db, categoryId: number, kind: 'unit' | 'cadre'): Promise<[string, string, string][]> {
  const rows = kind === 'unit'
    ? await db.selectFrom('units').select(['id', 'code', 'name']).where('category_id', '=', categoryId).orderBy('sort_order').orderBy('id').execute()
    : await db.selectFrom('cadres').select(['id', 'code', 'name']).where('category_id', '=', categoryId).orderBy('sort_order').orderBy('id').execute();
  return rows.map((r) => [`${kind}:${r.id}`, r.code, r.name]);
}

/** The layout and today's values of the workbook a request asks for. */
export async function planTemplate(db: Db, req: TemplateRequest): Promise<{ layout: Layout; prefill: Prefill }> {
  const cycle = await db.selectFrom('cycles').select(['id', 'name', 'created_at']).where('id', '=', req.cycleId).executeTakeFirst();
  if (!cycle) throw notFound('考核年度', req.cycleId);
  const used = new Set<string>();
  const sheets: LayoutSheet[] = [];
  const prefill: Prefill = new Map();
  const cats = await listCategories(db, cycle.id);
  let department: { id: number; name: string } | null = null;
  let raterGroup: { id: number; name: string } | null = null;

  if (req.kind === 'scores') {
    if (req.departmentId === undefined) throw new AppError('invalid_input', '请选择责任单位：分数采集表按责任单位生成。', { kind: 'field', path: 'departmentId' });
    const d = await db.selectFrom('departments').select(['id', 'name', 'cycle_id']).where('id', '=', req.departmentId).executeTakeFirst();
    if (!d || d.cycle_id !== cycle.id) throw notFound('责任单位', req.departmentId);
    department = { id: d.id, name: d.name };
    for (const cat of cats) {
      const leaves = (await listIndicators(db, cat.id)).filter((i) => inDepartmentWorkbook(i, d.id));
      if (leaves.length === 0) continue;
      const subjects = await subjectsOf(db, cat.id, cat.kind);
      if (subjects.length === 0) continue;
      const columns: LayoutColumn[] = leaves.map((i) => {
        const m = i.method ?? { type: 'direct' as const };
        const header = `${i.code} ${i.name}`;
        if (m.type === 'letter') return { key: `ind:${i.id}`, header, check: { type: 'letter', letters: m.letters.map((l) => l.letter) } };
        if (m.type === 'direct') return { key: `ind:${i.id}`, header, check: { type: 'number', min: 0, max: i.fullPoints, method: `${METHOD_LABELS.direct}，0–${fmt(i.fullPoints)} 分` } };
        const nonNeg = m.type === 'completion' || m.type === 'ratioToBest';
        return { key: `ind:${i.id}`, header, check: { type: 'number', min: nonNeg ? 0 : null, max: null, method: `${METHOD_LABELS[m.type]}（填实际值，满分 ${fmt(i.fullPoints)} 分）` } };
      });
      const sheet: LayoutSheet = { name: sheetName(cat.name, used), categoryId: cat.id, categoryName: cat.name, subjects, columns };
      sheets.push(sheet);
      const cells = new Map<string, string | number>();
      const rowOf = new Map(subjects.map(([k], i) => [k, FIRST_DATA_ROW + i]));
      const colOf = new Map(leaves.map((l, i) => [l.id, FIRST_DATA_COL + i]));
      const stored = await db.selectFrom('score_entries').select(['indicator_id', 'unit_id', 'cadre_id', 'value', 'text_value']).where('indicator_id', 'in', leaves.map((l) => l.id)).execute();
      for (const s of stored) {
        const r = rowOf.get(s.unit_id !== null ? `unit:${s.unit_id}` : `cadre:${s.cadre_id}`);
        const c = colOf.get(s.indicator_id);
        const v = s.text_value ?? s.value;
        if (r !== undefined && c !== undefined && v !== null) cells.set(`${columnLetter(c)}${r}`, v);
      }
      prefill.set(sheet.name, cells);
    }
    if (sheets.length === 0) throw new AppError('invalid_input', `责任单位“${d.name}”在考核年度“${cycle.name}”中没有需要填报的末级指标（或这些指标所在类别还没有考核对象）。`, { kind: 'field', path: 'departmentId' });
  } else {
    let groups = await db.selectFrom('rater_groups').selectAll().where('cycle_id', '=', cycle.id).orderBy('subject_kind').orderBy('sort_order').orderBy('id').execute();
    if (req.raterGroupId !== undefined) {
      groups = groups.filter((g) => g.id === req.raterGroupId);
      if (groups.length === 0) throw notFound('测评组', req.raterGroupId);
      raterGroup = { id: groups[0]!.id, name: groups[0]!.name };
    }
    for (const g of groups) {
      for (const cat of cats.filter((c) => c.kind === g.subject_kind)) {
        const levels: string[] = [];
        for (const comp of (await listComponents(db, cat.id)).filter((c) => c.kind === 'democratic')) for (const l of comp.evalLevels) if (!levels.includes(l.name)) levels.push(l.name);
        if (levels.length === 0) continue;
        const subjects = await subjectsOf(db, cat.id, cat.kind);
        if (subjects.length === 0) continue;
        const columns: LayoutColumn[] = [
          ...TALLY_FIELDS.map(([f, label]) => ({ key: `rg:${g.id}:${f}`, header: label, check: { type: 'count' as const } })),
          ...levels.map((l) => ({ key: `rg:${g.id}:vote:${l}`, header: l, check: { type: 'count' as const } })),
        ];
        const sheet: LayoutSheet = { name: sheetName(`${cat.name}-${g.name}`, used), categoryId: cat.id, categoryName: cat.name, subjects, columns };
        sheets.push(sheet);
        const cells = new Map<string, string | number>();
        const col = cat.kind === 'unit' ? 'unit_id' : 'cadre_id';
        const ids = subjects.map(([k]) => Number(k.split(':')[1]));
        const stored = await db.selectFrom('eval_ballots').selectAll().where('rater_group_id', '=', g.id).where(col, 'in', ids).execute();
        for (const b of stored) {
          const r = FIRST_DATA_ROW + subjects.findIndex(([k]) => k === `${cat.kind}:${b.unit_id ?? b.cadre_id}`);
          const votes = parseJson(z.record(z.string(), z.number()), b.votes, '测评票数');
          columns.forEach((c, i) => {
            const f = c.key.split(':').slice(2);
            const v = f[0] === 'vote' ? (votes[f.slice(1).join(':')] ?? 0) : (b[f[0] as 'expected'] as number);
            cells.set(`${columnLetter(FIRST_DATA_COL + i)}${r}`, v);
          });
        }
        prefill.set(sheet.name, cells);
      }
    }
    if (sheets.length === 0) throw new AppError('invalid_input', `考核年度“${cycle.name}”没有可录入民主测评票数的类别（需要民主测评构成、测评组和考核对象）。`, { kind: 'field', path: 'raterGroupId' });
  }
  const layout: Layout = {
    version: TEMPLATE_VERSION,
    kind: req.kind,
    cycleId: cycle.id,
    cycleName: cycle.name,
    cycleCreatedAt: cycle.created_at,
    departmentId: department?.id ?? null,
    departmentName: department?.name ?? null,
    raterGroupId: raterGroup?.id ?? null,
    raterGroupName: raterGroup?.name ?? null,
    sheets,
  };
  return { layout, prefill };
}

const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };

/**
 * SHA-512 rounds of each sheet's protection hash. exceljs defaults to 100,000
 * per sheet (about a second each, 10 s for a department with 12 sheets); the
 * password is 96 random bits nobody knows, so the rounds add nothing a
 * guesser would notice. Excel reads any count.
 */
const SPIN_COUNT = 1000;

/** The workbook as a buffer. */
export async function writeTemplate(layout: Layout, prefill: Prefill): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'kaohe-desk';
  const who = layout.kind === 'scores' ? `责任单位：${layout.departmentName}` : `测评组：${layout.raterGroupName ?? '全部'}`;
  const guide = wb.addWorksheet(INSTRUCTIONS_SHEET);
  const lines = [
    `${layout.cycleName} ${layout.kind === 'scores' ? '指标数据采集表' : '民主测评票数采集表'}`,
    who,
    '',
    '填写说明：',
    '1. 只在白色（未锁定）的单元格中填写；表头、代码和名称已锁定，请勿改动行列顺序，不要插入、删除或合并行列。',
    layout.kind === 'scores'
      ? '2. 数值请直接填写数字，小数点用“.”（如 4.5）；不要写成“4,5”，也不要带单位或百分号。定性等级请从下拉列表中选择。'
      : '2. 每一行填写应到、实到、有效票、无效票和各等次票数：各等次票数之和应等于有效票，有效票与无效票之和不超过实到，实到不超过应到。',
    '3. 不要使用公式；如从其他表格复制，请“选择性粘贴—数值”。',
    '4. 表中已有的数是系统中的现有数据；清空单元格表示删除该项数据。',
    '5. 填好后原文件交回考核办导入：系统先列出将要改动的每一处（原值 → 新值），确认后一次保存；同一文件重复导入不会重复改动。',
    '6. 本表只能导入到生成它的考核年度' + (layout.kind === 'scores' ? '和责任单位' : '') + '；隐藏的校验信息被改动的表格将被拒绝。',
  ];
  lines.forEach((l, i) => {
    guide.getCell(`A${i + 1}`).value = l;
  });
  guide.getCell('A1').font = { bold: true, size: 14 };
  guide.getColumn(1).width = 110;
  const password = crypto.randomBytes(12).toString('hex');
  await guide.protect(password, { selectLockedCells: true, selectUnlockedCells: true, spinCount: SPIN_COUNT });

  for (const s of layout.sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', xSplit: FIRST_DATA_COL - 1, ySplit: FIRST_DATA_ROW - 1 }] });
    ws.getCell('A1').value = `${layout.cycleName} · ${s.categoryName} · ${who}`;
    ws.getCell('A1').font = { bold: true, size: 13 };
    const heads = ['序号', '代码', layout.kind === 'scores' ? '被考核对象' : '被测评对象'];
    heads.forEach((h, i) => {
      ws.getCell(2, i + 1).value = h;
      ws.getCell(3, i + 1).value = i === 2 ? '填写要求 →' : '';
    });
    s.columns.forEach((c, i) => {
      ws.getCell(2, FIRST_DATA_COL + i).value = c.header;
      ws.getCell(3, FIRST_DATA_COL + i).value = c.check.type === 'letter' ? `定性等级：${c.check.letters.join('/')}` : c.check.type === 'count' ? '整数' : c.check.method;
      ws.getColumn(FIRST_DATA_COL + i).width = Math.min(30, Math.max(10, c.header.length * 2));
    });
    for (const r of [2, 3]) ws.getRow(r).eachCell((cell) => {
      cell.font = { bold: r === 2 };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
      cell.alignment = { wrapText: true, vertical: 'middle' };
      cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    });
    ws.getColumn(3).width = 24;
    const values = prefill.get(s.name) ?? new Map();
    s.subjects.forEach(([, code, name], i) => {
      const r = FIRST_DATA_ROW + i;
      ws.getCell(r, 1).value = i + 1;
      ws.getCell(r, 2).value = code;
      ws.getCell(r, 3).value = name;
      s.columns.forEach((c, j) => {
        const cell = ws.getCell(r, FIRST_DATA_COL + j);
        const v = values.get(cell.address);
        if (v !== undefined) cell.value = v;
        cell.protection = { locked: false };
        cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
        if (c.check.type === 'letter') {
          cell.dataValidation = { type: 'list', allowBlank: true, formulae: [`"${c.check.letters.join(',')}"`], showErrorMessage: true, errorTitle: '等级无效', error: `请从 ${c.check.letters.join('、')} 中选择` };
        } else if (c.check.type === 'count') {
          cell.dataValidation = { type: 'whole', operator: 'between', allowBlank: true, formulae: [0, 1000000], showErrorMessage: true, errorTitle: '票数无效', error: '请填写不小于 0 的整数' };
          cell.numFmt = '0';
        } else if (c.check.max !== null) {
          cell.dataValidation = { type: 'decimal', operator: 'between', allowBlank: true, formulae: [c.check.min ?? 0, c.check.max], showErrorMessage: true, errorTitle: '数值超出范围', error: `请填写 ${fmt(c.check.min ?? 0)} 到 ${fmt(c.check.max)} 之间的数` };
        } else if (c.check.min !== null) {
          cell.dataValidation = { type: 'decimal', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [c.check.min], showErrorMessage: true, errorTitle: '数值无效', error: `请填写不小于 ${fmt(c.check.min)} 的数` };
        } else {
          cell.dataValidation = { type: 'decimal', operator: 'between', allowBlank: true, formulae: [-1e9, 1e9], showErrorMessage: true, errorTitle: '数值无效', error: '请填写数字' };
        }
      });
    });
    await ws.protect(password, { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, spinCount: SPIN_COUNT });
  }

  const stamp = wb.addWorksheet(STAMP_SHEET, { state: 'veryHidden' });
  const json = JSON.stringify(layout);
  stamp.getCell('A1').value = 'kaohe-collect';
  stamp.getCell('B1').value = TEMPLATE_VERSION;
  stamp.getCell('A2').value = layoutChecksum(json);
  // a cell holds at most 32,767 characters: the layout in pieces, one per row
  for (let i = 0, r = 3; i < json.length; i += 30000, r++) stamp.getCell(`A${r}`).value = json.slice(i, i + 30000);
  await stamp.protect(password, { spinCount: SPIN_COUNT });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
