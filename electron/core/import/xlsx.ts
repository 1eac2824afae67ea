// The plan as an Excel workbook, the way an office keeps it: one sheet per
// part (考核年度, 类别, 构成, 指标, 单位, 干部, 测评组, 得分, 民主测评, 加减分,
// and the optional 责任单位 and 考核组), Chinese headers, Chinese labels in
// the cells, scores as a matrix (rows units, columns indicator codes). The
// layout is in xlsx-layout.ts.
//
// `readPlanWorkbook` turns a workbook into the same plan object as a JSON
// file, plus a locator that turns the plan's paths back into sheet, row and
// column, so that every problem the import finds names the cell.
// `writePlanWorkbook` (xlsx-write.ts) writes a plan, `writePlanTemplate` the empty template.
import path from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.ts';
import { PLAN_WORKBOOK_LIMITS, checkWorkbookFile, refuseCells, worksheetProblems } from './guard.ts';
import { COMPONENT_KIND_LABELS, CYCLE_STATUS_LABELS, EVENT_KIND_LABELS, POST_LABELS } from '../../../shared/domain.ts';
import {
  parseBands,
  parseBool,
  parseComponentMin,
  parseEvalLevels,
  parseMethodParams,
  parseMethodType,
  parseMultiplier,
  parseNumber,
  parseNumberPairs,
  parseSanctions,
  parseVoteRules,
  splitList,
  type Parsed,
} from './notation.ts';
import type { PartialSettings } from './plan-schema.ts';
import { PlanImportError, type Locator, type PathKey } from './problems.ts';
import {
  COLUMNS,
  COMPARE_BY_LABEL,
  COMPARE_LABELS,
  COMPONENT_BY_LABEL,
  CYCLE_LABELS,
  EVENT_BY_LABEL,
  KIND_BY_LABEL,
  KIND_LABELS,
  NONE,
  POST_BY_LABEL,
  ROLE_BY_LABEL,
  ROLE_LABELS,
  ROUNDING_BY_LABEL,
  ROUNDING_LABELS,
  SHEET,
  STATUS_BY_LABEL,
  SUBJECT_CODE_HEADERS,
  SUBJECT_NAME_HEADERS,
  normHeader,
  type Column,
} from './xlsx-layout.ts';

export { SHEET } from './xlsx-layout.ts';
export { writePlanTemplate, writePlanWorkbook } from './xlsx-write.ts';

// ---- reading ---------------------------------------------------------------------------------------------

type Raw = string | number | boolean | Date | null;
type Obj = Record<string, unknown>;

function rawOf(cell: ExcelJS.Cell): Raw {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((t) => t.text).join('').trim() || null;
    if ('result' in o || 'formula' in o || 'sharedFormula' in o) {
      const r = o.result;
      if (r === undefined || r === null) return null;
      if (typeof r === 'object' && r !== null && 'error' in r) return String((r as { error: unknown }).error);
      return r as Raw;
    }
    if (o.text !== undefined) return String(o.text).trim() || null;
    if (o.error !== undefined) return String(o.error);
  }
  return String(v);
}

function dateText(d: Date): string {
  return d.toISOString().slice(0, 10);
}

interface Loc {
  sheet: string;
  row: number;
  col?: string;
}

class Reader {
  readonly problems: string[] = [];
  private readonly locations = new Map<string, Loc>();

  readonly wb: ExcelJS.Workbook;

  constructor(wb: ExcelJS.Workbook) {
    this.wb = wb;
  }

  at(sheet: string, row: number, col?: string): string {
    return `工作表“${sheet}”第${row}行${col ? `第${col}列` : ''}`;
  }

  bad(loc: Loc, message: string): void {
    this.problems.push(`${this.at(loc.sheet, loc.row, loc.col)}：${message}`);
  }

  register(path: PathKey[], loc: Loc): void {
    this.locations.set(path.map(String).join('\u0001'), loc);
  }

  readonly locate: Locator = (path) => {
    for (let n = path.length; n > 0; n--) {
      const loc = this.locations.get(path.slice(0, n).map(String).join('\u0001'));
      if (loc) return this.at(loc.sheet, loc.row, loc.col);
    }
    return undefined;
  };

  sheet(name: string): ExcelJS.Worksheet | undefined {
    return this.wb.getWorksheet(name);
  }

  /** The data rows of a sheet with a header row of known columns; missing required columns are problems. */
  table(name: string, columns: Column[], opts: { dynamic?: boolean } = {}): { rows: Row[]; extra: { col: number; header: string; letter: string }[] } {
    const ws = this.sheet(name);
    if (!ws) return { rows: [], extra: [] };
    const byHeader = new Map<string, Column>();
    for (const c of columns) for (const h of [c.header, ...(c.aliases ?? [])]) byHeader.set(normHeader(h), c);
    const colOf = new Map<string, number>();
    const extra: { col: number; header: string; letter: string }[] = [];
    const header = ws.getRow(1);
    for (let col = 1; col <= Math.max(ws.columnCount, header.cellCount); col++) {
      const raw = rawOf(header.getCell(col));
      if (raw === null) continue;
      const text = normHeader(String(raw));
      const c = byHeader.get(text);
      if (c && !colOf.has(c.key)) colOf.set(c.key, col);
      else if (opts.dynamic) extra.push({ col, header: String(raw).trim(), letter: ws.getColumn(col).letter });
    }
    const rows: Row[] = [];
    const hasData = ws.rowCount > 1;
    const missing = columns.filter((c) => c.required && !colOf.has(c.key));
    if (missing.length > 0) {
      if (hasData || colOf.size > 0) this.problems.push(`工作表“${name}”第1行：缺少表头“${missing.map((c) => c.header).join('”“')}”（表头应在第1行）`);
      return { rows, extra };
    }
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      let empty = true;
      for (let col = 1; col <= row.cellCount; col++) if (rawOf(row.getCell(col)) !== null) empty = false;
      if (!empty) rows.push(new Row(this, ws, r, colOf));
    }
    return { rows, extra };
  }
}

class Row {
  private readonly reader: Reader;
  readonly ws: ExcelJS.Worksheet;
  readonly no: number;
  private readonly colOf: Map<string, number>;

  constructor(reader: Reader, ws: ExcelJS.Worksheet, no: number, colOf: Map<string, number>) {
    this.reader = reader;
    this.ws = ws;
    this.no = no;
    this.colOf = colOf;
  }

  loc(key?: string): Loc {
    const col = key === undefined ? undefined : this.colOf.get(key);
    return { sheet: this.ws.name, row: this.no, col: col === undefined ? undefined : this.ws.getColumn(col).letter };
  }

  raw(key: string): Raw {
    const col = this.colOf.get(key);
    return col === undefined ? null : rawOf(this.ws.getRow(this.no).getCell(col));
  }

  bad(key: string | undefined, message: string): void {
    this.reader.bad(this.loc(key), message);
  }

  register(path: PathKey[], key?: string): void {
    this.reader.register(path, this.loc(key));
  }

  /** Text of a cell, '' when empty; a required one left empty is a problem. */
  text(key: string, label?: string): string {
    const v = this.raw(key);
    if (v === null) {
      if (label) this.bad(key, `缺少${label}`);
      return '';
    }
    if (v instanceof Date) return dateText(v);
    return String(v).trim();
  }

  /**
   * A number, undefined when empty; “无” gives null where `none` allows it.
   * A column in percent reads 34 from a cell formatted as a percentage (0.34 shown as 34%).
   */
  number(key: string, opts: { required?: string; none?: boolean; percent?: boolean } = {}): number | null | undefined {
    const v = this.raw(key);
    if (v === null) {
      if (opts.required) this.bad(key, `缺少${opts.required}`);
      return undefined;
    }
    if (typeof v === 'number') {
      const col = this.colOf.get(key)!;
      const percentCell = opts.percent && String(this.ws.getRow(this.no).getCell(col).numFmt ?? '').includes('%');
      return percentCell ? Number((v * 100).toPrecision(12)) : v;
    }
    const t = String(v).trim();
    if (opts.none && t === NONE) return null;
    const n = parseNumber(t.replace(/[%％]$/, ''));
    if (n === null) {
      this.bad(key, `“${t}”不是数字`);
      return undefined;
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.raw(key);
    if (v === null) return undefined;
    if (typeof v === 'boolean') return v;
    const b = parseBool(String(v));
    if (b === null) this.bad(key, `“${String(v)}”应为“是”或“否”`);
    return b ?? undefined;
  }

  /** One of a set of labels (or the codes behind them). */
  choice<K extends string>(key: string, map: Map<string, K>, what: string, labels: readonly string[], required = false): K | undefined {
    const t = this.text(key, required ? what : undefined);
    if (t === '') return undefined;
    const k = map.get(t) ?? map.get(t.toLowerCase());
    if (k === undefined) this.bad(key, `“${t}”不是可选的${what}（${labels.join('、')}）`);
    return k;
  }

  /** A cell in a notation: empty → undefined, “无” → `noneValue` where one is given, else the parsed value. */
  notation<T, N = never>(key: string, parse: (t: string) => Parsed<T>, noneValue?: N): T | N | undefined {
    const t = this.text(key);
    if (t === '') return undefined;
    if (noneValue !== undefined && t === NONE) return noneValue;
    const p = parse(t);
    if (!p.ok) {
      this.bad(key, p.error);
      return undefined;
    }
    return p.value;
  }

  date(key: string): string | undefined {
    const v = this.raw(key);
    if (v === null) return undefined;
    if (v instanceof Date) return dateText(v);
    if (typeof v === 'number' && v > 20000 && v < 80000) return dateText(new Date(Date.UTC(1899, 11, 30) + v * 86400000));
    const t = String(v).trim().replace(/[年月/.]/g, '-').replace(/日$/, '');
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
    if (!m) {
      this.bad(key, `“${String(v)}”不是日期（如 2025-06-30）`);
      return undefined;
    }
    return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  }
}

function setIf(obj: Obj, key: string, value: unknown): void {
  if (value !== undefined) obj[key] = value;
}

function readCycle(rd: Reader): Obj {
  const cycle: Obj = {};
  const ws = rd.sheet(SHEET.cycle);
  if (!ws) {
    rd.problems.push(`缺少工作表“${SHEET.cycle}”（第一列写“名称”“年度”“组织单位”，第二列写内容）`);
    return cycle;
  }
  const seen = new Set<string>();
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const label = rawOf(row.getCell(1));
    const value = rawOf(row.getCell(2));
    const key = (Object.entries(CYCLE_LABELS).find(([, l]) => l === normHeader(String(label ?? ''))) ?? [])[0];
    if (!key) continue;
    seen.add(key);
    const loc = { sheet: SHEET.cycle, row: r, col: 'B' };
    rd.register(['cycle', key], loc);
    if (value === null) continue;
    const text = value instanceof Date ? dateText(value) : String(value).trim();
    if (key === 'year') {
      const n = typeof value === 'number' ? value : parseNumber(text.replace(/年度?$/, ''));
      if (n === null) rd.bad(loc, `“${text}”不是年度（如 2025）`);
      else cycle.year = n;
    } else if (key === 'status') {
      const s = STATUS_BY_LABEL.get(text);
      if (!s) rd.bad(loc, `“${text}”不是可选的状态（${Object.values(CYCLE_STATUS_LABELS).join('、')}）`);
      else cycle.status = s;
    } else cycle[key] = text;
  }
  for (const key of ['name', 'year'] as const) {
    if (!seen.has(key)) rd.problems.push(`工作表“${SHEET.cycle}”：缺少“${CYCLE_LABELS[key]}”一行（第一列写“${CYCLE_LABELS[key]}”，第二列写内容）`);
    else if (cycle[key] === undefined) rd.problems.push(`工作表“${SHEET.cycle}”：“${CYCLE_LABELS[key]}”没有填写`);
  }
  return cycle;
}

function readCategorySettings(row: Row, path: PathKey[]): PartialSettings | undefined {
  const grading: Obj = {};
  const bonus: Obj = {};
  const settings: Obj = {};
  const g = (key: string, value: unknown) => {
    setIf(grading, key, value);
    row.register([...path, 'grading', key], key);
  };
  const b = (key: string, value: unknown) => {
    setIf(bonus, key, value);
    row.register([...path, 'bonus', key], key);
  };
  const s = (key: string, value: unknown) => {
    setIf(settings, key, value);
    row.register([...path, key], key);
  };
  g('grades', row.notation('grades', (t) => ({ ok: true, value: splitList(t) })));
  g('topQuotaPercent', row.number('topQuotaPercent', { percent: true }) ?? undefined);
  g('rounding', row.choice('rounding', ROUNDING_BY_LABEL, '取整方式', Object.values(ROUNDING_LABELS)));
  g('topMinTotal', row.number('topMinTotal', { none: true }));
  g('bands', row.notation('bands', parseBands, []));
  g('bottomBelowTotal', row.number('bottomBelowTotal', { none: true }));
  g('bottomQuotaPercent', row.number('bottomQuotaPercent', { none: true, percent: true }));
  g('topMinComponent', row.notation('topMinComponent', parseComponentMin, null));
  g('tieBreak', row.notation('tieBreak', (t) => ({ ok: true, value: splitList(t) })));
  g('compareWithin', row.choice('compareWithin', COMPARE_BY_LABEL, '比较范围', Object.values(COMPARE_LABELS)));
  g('linkage', row.notation('linkage', parseNumberPairs, null));
  g('voteRules', row.notation('voteRules', parseVoteRules, null));
  g('sanctions', row.notation('sanctions', parseSanctions, {}));
  b('kindCaps', row.notation('kindCaps', parseNumberPairs, {}));
  b('totalCap', row.number('totalCap', { none: true }));
  b('deductionCap', row.number('deductionCap', { none: true }));
  s('decimals', row.number('decimals') ?? undefined);
  s('normalizeToBest', row.bool('normalizeToBest'));
  s('multiplier', row.notation('multiplier', parseMultiplier, null));
  const spread = row.number('minSpread', { percent: true });
  s('minSpread', spread === undefined || spread === null ? undefined : spread / 100);
  if (Object.keys(grading).length > 0) settings.grading = grading;
  if (Object.keys(bonus).length > 0) settings.bonus = bonus;
  return Object.keys(settings).length > 0 ? (settings as PartialSettings) : undefined;
}

interface IndicatorRow {
  row: Row;
  code: string;
  parent: string;
  node: Obj & { children: Obj[] };
}

function readIndicators(rd: Reader, categories: Obj[], catIndex: Map<string, number>): void {
  const { rows } = rd.table(SHEET.indicators, COLUMNS.indicators);
  // category → component code → rows
  const byCategory = new Map<number, IndicatorRow[]>();
  for (const row of rows) {
    const catName = row.text('category', '考核类别');
    const compCode = row.text('component', '构成代码');
    const code = row.text('code', '指标编号');
    const name = row.text('name', '指标名称');
    const points = row.number('points', { required: '分值' });
    if (catName === '' || compCode === '' || code === '') continue;
    const ci = catIndex.get(catName);
    if (ci === undefined) {
      row.bad('category', `类别“${catName}”不存在（应在工作表“${SHEET.categories}”中列出）`);
      continue;
    }
    const comps = categories[ci]!.components as Obj[];
    if (!comps.some((c) => c.code === compCode)) {
      row.bad('component', `类别“${catName}”没有代码为“${compCode}”的考核构成（应在工作表“${SHEET.components}”中列出）`);
      continue;
    }
    const node: Obj & { children: Obj[] } = { code, name, points: points ?? 0, children: [] };
    const methodText = row.text('method');
    const paramsText = row.text('params');
    if (methodText !== '' || paramsText !== '') {
      const type = methodText === '' ? 'direct' : parseMethodType(methodText);
      if (type === null) row.bad('method', `“${methodText}”不是可选的计分方法（直接评分、完成率、标杆比较、位次赋分、每…扣/加…分、区间赋分、插值计分、定性等级、扣分制）`);
      else {
        const p = parseMethodParams(type, paramsText);
        if (!p.ok) row.bad('params', p.error);
        else node.method = p.value;
      }
    }
    setIf(node, 'department', row.text('department') || undefined);
    setIf(node, 'description', row.text('description') || undefined);
    const list = byCategory.get(ci) ?? [];
    list.push({ row, code, parent: row.text('parent'), node: Object.assign(node, { __component: compCode }) });
    byCategory.set(ci, list);
  }

  for (const [ci, list] of byCategory) {
    const byCode = new Map<string, IndicatorRow>();
    for (const ir of list) {
      const dup = byCode.get(ir.code);
      if (dup) ir.row.bad('code', `类别中指标编号“${ir.code}”重复（第${dup.row.no}行已有）`);
      else byCode.set(ir.code, ir);
    }
    const parentOf = new Map<IndicatorRow, IndicatorRow | null>();
    for (const ir of byCode.values()) {
      let parent: IndicatorRow | null = null;
      if (ir.parent !== '') {
        parent = byCode.get(ir.parent) ?? null;
        if (!parent) {
          ir.row.bad('parent', `上级编号“${ir.parent}”不存在`);
          continue;
        }
      } else {
        const dot = ir.code.lastIndexOf('.');
        if (dot > 0) parent = byCode.get(ir.code.slice(0, dot)) ?? null;
      }
      if (parent && parent.node.__component !== ir.node.__component) {
        ir.row.bad(ir.parent !== '' ? 'parent' : 'code', `上级指标“${parent.code}”属于构成“${String(parent.node.__component)}”，与本指标的构成“${String(ir.node.__component)}”不同`);
        continue;
      }
      parentOf.set(ir, parent);
    }
    // a chain of parents that comes back to itself
    const inCycle = new Set<IndicatorRow>();
    for (const ir of parentOf.keys()) {
      const seen = new Set<IndicatorRow>([ir]);
      for (let p = parentOf.get(ir); p; p = parentOf.get(p)) {
        if (seen.has(p)) {
          if (p === ir) {
            inCycle.add(ir);
            ir.row.bad(ir.parent !== '' ? 'parent' : 'code', `指标“${ir.code}”的上级关系形成循环（${[...seen].map((x) => x.code).join(' → ')} → ${ir.code}）`);
          }
          break;
        }
        seen.add(p);
      }
    }
    const comps = categories[ci]!.components as Obj[];
    for (const ir of list) {
      if (!parentOf.has(ir) || inCycle.has(ir)) continue;
      const parent = parentOf.get(ir)!;
      if (parent && (inCycle.has(parent) || !parentOf.has(parent))) continue;
      if (parent) parent.node.children.push(ir.node);
      else {
        const comp = comps.find((c) => c.code === ir.node.__component)!;
        ((comp.indicators ??= []) as Obj[]).push(ir.node);
      }
    }
    // paths, now that the tree is built
    comps.forEach((comp, k) => {
      const walk = (nodes: Obj[], path: PathKey[]) =>
        nodes.forEach((n, i) => {
          const ir = byCode.get(n.code as string)!;
          const here = [...path, i];
          ir.row.register(here);
          for (const [field, col] of [['code', 'code'], ['name', 'name'], ['points', 'points'], ['method', 'params'], ['department', 'department'], ['description', 'description']] as const) ir.row.register([...here, field], col);
          ir.row.register([...here, 'method', 'type'], 'method');
          walk((n.children as Obj[]) ?? [], [...here, 'children']);
        });
      walk((comp.indicators as Obj[]) ?? [], ['categories', ci, 'components', k, 'indicators']);
    });
  }
  // the working fields go, empty children lists too
  const tidy = (nodes: Obj[]) => {
    for (const n of nodes) {
      delete n.__component;
      if ((n.children as Obj[]).length === 0) delete n.children;
      else tidy(n.children as Obj[]);
    }
  };
  for (const c of categories) for (const comp of c.components as Obj[]) tidy((comp.indicators as Obj[]) ?? []);
}

/**
 * Reads a plan workbook into the plan object of the JSON format, and a
 * locator for the problems the import finds later. Problems of the
 * workbook itself (a word that is not a number, an unknown label) are
 * thrown here, every one with its sheet, row and column.
 */
export async function readPlanWorkbook(file: string): Promise<{ plan: unknown; locate: Locator }> {
  // sizes, the archive and each sheet's extent are checked before exceljs reads a byte
  let bytes: Buffer;
  try {
    bytes = checkWorkbookFile(file, PLAN_WORKBOOK_LIMITS);
  } catch (e) {
    // the plan import's one kind of refusal, with the place the check found
    if (e instanceof AppError && e.code === 'invalid_input') throw new PlanImportError(`无法读取工作簿“${path.basename(file)}”：`, [e.message], e.location);
    throw e;
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new PlanImportError(`无法读取工作簿“${path.basename(file)}”：`, ['文件已损坏，或不是 Excel 2007 及以上版本保存的 .xlsx 文件。']);
  }
  // formulas without a cached value and merged cells below the header row: refused, naming each
  const cellProblems = wb.worksheets.flatMap((ws) => worksheetProblems(ws, 2));
  if (cellProblems.length > 0) {
    const r = refuseCells(`工作簿“${path.basename(file)}”有不能导入的单元格，没有导入任何内容：`, cellProblems, 'invalid_plan');
    throw new PlanImportError(`工作簿“${path.basename(file)}”有不能导入的单元格，没有导入任何内容：`, cellProblems.map((p) => p.message), r.location);
  }
  const rd = new Reader(wb);
  const plan: Obj = { cycle: readCycle(rd) };

  // 类别
  const categories: Obj[] = [];
  const catIndex = new Map<string, number>();
  for (const row of rd.table(SHEET.categories, COLUMNS.categories).rows) {
    const name = row.text('name', '类别名称');
    const kind = row.choice('kind', KIND_BY_LABEL, '对象类型', Object.values(KIND_LABELS), true);
    const ci = categories.length;
    const path: PathKey[] = ['categories', ci];
    row.register(path, 'name');
    for (const k of ['name', 'kind', 'difficulty'] as const) row.register([...path, k], k);
    if (name !== '' && catIndex.has(name)) row.bad('name', `类别“${name}”重复`);
    catIndex.set(name, ci);
    const cat: Obj = { name, kind, components: [] };
    setIf(cat, 'difficulty', row.number('difficulty') ?? undefined);
    setIf(cat, 'settings', readCategorySettings(row, [...path, 'settings']));
    categories.push(cat);
  }
  if (categories.length === 0 && !rd.sheet(SHEET.categories)) rd.problems.push(`缺少工作表“${SHEET.categories}”`);
  plan.categories = categories;

  // 构成
  for (const row of rd.table(SHEET.components, COLUMNS.components).rows) {
    const catName = row.text('category', '考核类别');
    const ci = catIndex.get(catName);
    if (catName !== '' && ci === undefined) row.bad('category', `类别“${catName}”不存在（应在工作表“${SHEET.categories}”中列出）`);
    const comp: Obj = {
      code: row.text('code', '构成代码'),
      name: row.text('name', '构成名称'),
      kind: row.choice('kind', COMPONENT_BY_LABEL, '构成类型', Object.values(COMPONENT_KIND_LABELS), true),
    };
    setIf(comp, 'weight', row.number('weight', { percent: true }) ?? undefined);
    setIf(comp, 'fullPoints', row.number('fullPoints') ?? undefined);
    setIf(comp, 'normalizeTo100', row.bool('normalizeTo100'));
    setIf(comp, 'applyDifficulty', row.bool('applyDifficulty'));
    setIf(comp, 'evalLevels', row.notation('evalLevels', parseEvalLevels) ?? undefined);
    const sourceCycle = row.text('sourceCycle');
    if (sourceCycle !== '') {
      const source: Obj = { cycle: sourceCycle };
      setIf(source, 'component', row.text('sourceComponent') || undefined);
      setIf(source, 'label', row.text('sourceLabel') || undefined);
      comp.source = source;
    }
    setIf(comp, 'codePrefix', row.text('codePrefix') || undefined);
    if (ci === undefined) continue;
    const list = categories[ci]!.components as Obj[];
    const path: PathKey[] = ['categories', ci, 'components', list.length];
    row.register(path, 'code');
    for (const k of ['code', 'name', 'kind', 'weight', 'fullPoints', 'normalizeTo100', 'applyDifficulty', 'evalLevels', 'codePrefix'] as const) row.register([...path, k], k);
    row.register([...path, 'source'], 'sourceCycle');
    row.register([...path, 'source', 'cycle'], 'sourceCycle');
    row.register([...path, 'source', 'component'], 'sourceComponent');
    row.register([...path, 'indicators'], 'code');
    list.push(comp);
  }
  categories.forEach((c, ci) => {
    if ((c.components as Obj[]).length === 0) rd.problems.push(`工作表“${SHEET.components}”：类别“${String(c.name)}”没有考核构成（第${ci + 2}行的类别）`);
  });

  // 指标
  readIndicators(rd, categories, catIndex);

  // 责任单位: listed, or else taken from the indicators
  const deptRows = rd.table(SHEET.departments, COLUMNS.departments).rows;
  if (deptRows.length > 0) {
    plan.departments = deptRows.map((row, i) => {
      row.register(['departments', i], 'name');
      const name = row.text('name', '责任单位名称');
      const contact = row.text('contact');
      return contact === '' ? name : { name, contact };
    });
  } else {
    const names = new Set<string>();
    const walk = (nodes: Obj[]) => {
      for (const n of nodes) {
        if (typeof n.department === 'string') names.add(n.department);
        walk((n.children as Obj[]) ?? []);
      }
    };
    for (const c of categories) for (const comp of c.components as Obj[]) walk((comp.indicators as Obj[]) ?? []);
    plan.departments = [...names];
  }

  // 单位, 干部, and the names that may stand for codes
  const codeByName = new Map<string, string | null>();
  const codes = new Set<string>();
  const nameFor = (name: string, code: string) => {
    if (name === '' || code === '') return;
    codes.add(code);
    codeByName.set(name, codeByName.has(name) && codeByName.get(name) !== code ? null : code);
  };
  const groupsByName = new Map<string, Obj>();
  const groupOf = (name: string) => {
    let g = groupsByName.get(name);
    if (!g) {
      g = { name, members: [], units: [] };
      groupsByName.set(name, g);
    }
    return g;
  };
  const units: Obj[] = [];
  for (const row of rd.table(SHEET.units, COLUMNS.units).rows) {
    const u = { code: row.text('code', '单位代码'), name: row.text('name', '单位名称'), category: row.text('category', '考核类别') };
    const path: PathKey[] = ['units', units.length];
    row.register(path, 'code');
    for (const k of ['code', 'name', 'category'] as const) row.register([...path, k], k);
    nameFor(u.name, u.code);
    const group = row.text('group');
    if (group !== '') {
      const g = groupOf(group);
      row.register(['assessmentGroups', [...groupsByName.keys()].indexOf(group), 'units', (g.units as string[]).length], 'code');
      (g.units as string[]).push(u.code);
    }
    units.push(u);
  }
  plan.units = units;
  const unitCodeOf = (text: string) => (codes.has(text) ? text : (codeByName.get(text) ?? text));
  const cadres: Obj[] = [];
  for (const row of rd.table(SHEET.cadres, COLUMNS.cadres).rows) {
    const c: Obj = {
      code: row.text('code', '干部代码'),
      name: row.text('name', '姓名'),
      unit: unitCodeOf(row.text('unit', '所在单位代码')),
      category: row.text('category', '考核类别'),
      post: row.choice('post', POST_BY_LABEL, '职务类型', Object.values(POST_LABELS), true),
    };
    setIf(c, 'title', row.text('title') || undefined);
    const path: PathKey[] = ['cadres', cadres.length];
    row.register(path, 'code');
    for (const k of ['code', 'name', 'unit', 'category', 'post', 'title'] as const) row.register([...path, k], k);
    cadres.push(c);
  }
  for (const c of cadres) nameFor(c.name as string, c.code as string);
  plan.cadres = cadres;
  const subjectCode = (text: string) => (codes.has(text) ? text : (codeByName.get(text) ?? text));

  // 测评组
  plan.raterGroups = rd.table(SHEET.raters, COLUMNS.raters).rows.map((row, i) => {
    const path: PathKey[] = ['raterGroups', i];
    row.register(path, 'name');
    for (const k of ['kind', 'name', 'weight'] as const) row.register([...path, k], k);
    return { kind: row.choice('kind', KIND_BY_LABEL, '对象类型', Object.values(KIND_LABELS), true), name: row.text('name', '测评组名称'), weight: row.number('weight', { required: '权重' }) };
  });

  // 考核组
  for (const row of rd.table(SHEET.groups, COLUMNS.groups).rows) {
    const g = groupOf(row.text('group', '考核组'));
    const members = g.members as Obj[];
    const path: PathKey[] = ['assessmentGroups', [...groupsByName.values()].indexOf(g), 'members', members.length];
    row.register(path, 'name');
    for (const k of ['name', 'role', 'affiliation'] as const) row.register([...path, k], k);
    const m: Obj = { name: row.text('name', '姓名'), role: row.choice('role', ROLE_BY_LABEL, '角色', Object.values(ROLE_LABELS), true) };
    setIf(m, 'affiliation', row.text('affiliation') || undefined);
    members.push(m);
  }
  plan.assessmentGroups = [...groupsByName.values()];

  // 得分: every sheet whose name begins with 得分; blocks under a header row whose first cell is 代码
  const scores: Record<string, Record<string, unknown>> = {};
  const scoreAt = new Map<string, string>();
  for (const ws of wb.worksheets.filter((w) => w.name.startsWith(SHEET.scores))) {
    let codeCol = 0;
    let columns: { col: number; code: string }[] | null = null;
    let sawContent = false;
    for (let r = 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const cells: Raw[] = [];
      for (let col = 1; col <= Math.max(row.cellCount, ws.columnCount); col++) cells[col] = rawOf(row.getCell(col));
      const first = cells.findIndex((v, i) => i > 0 && v !== null);
      if (first < 0) continue;
      const firstCell = cells[first];
      if (typeof firstCell === 'string' && (SUBJECT_CODE_HEADERS.has(normHeader(firstCell)) || SUBJECT_NAME_HEADERS.has(normHeader(firstCell)))) {
        // the subjects by code, or else by name; the other name columns are for reading only
        const texts = cells.map((h) => (h === null || h === undefined ? '' : h instanceof Date ? dateText(h) : String(h).trim()));
        const byCode = texts.findIndex((t, i) => i >= first && SUBJECT_CODE_HEADERS.has(normHeader(t)));
        codeCol = byCode >= 0 ? byCode : first;
        columns = [];
        for (let col = first; col < texts.length; col++) {
          const text = texts[col]!;
          if (col === codeCol || text === '' || SUBJECT_NAME_HEADERS.has(normHeader(text)) || SUBJECT_CODE_HEADERS.has(normHeader(text))) continue;
          columns.push({ col, code: text.split(/\s+/)[0]! });
        }
        continue;
      }
      if (!columns) {
        sawContent = true;
        continue;
      }
      const codeCell = cells[codeCol];
      // a row without any score (a title between blocks, a unit not reported yet) gives nothing
      if (codeCell === null || codeCell === undefined || columns.every(({ col }) => cells[col] === null || cells[col] === undefined)) continue;
      const code = subjectCode(codeCell instanceof Date ? dateText(codeCell) : String(codeCell).trim());
      const letter = (col: number) => ws.getColumn(col).letter;
      rd.register(['scores', code], { sheet: ws.name, row: r, col: letter(codeCol) });
      const mine = (scores[code] ??= {});
      const repeated: string[] = [];
      let firstAt = '';
      for (const { col, code: ind } of columns) {
        const v = cells[col];
        if (v === null || v === undefined) continue;
        const loc = { sheet: ws.name, row: r, col: letter(col) };
        const key = `${code}\u0001${ind}`;
        if (scoreAt.has(key)) {
          repeated.push(ind);
          firstAt ||= scoreAt.get(key)!;
          continue;
        }
        scoreAt.set(key, rd.at(loc.sheet, loc.row));
        rd.register(['scores', code, ind], loc);
        if (v instanceof Date) rd.bad(loc, '应为数字或文字，不能是日期');
        else if (typeof v === 'boolean') rd.bad(loc, '应为数字或文字');
        else mine[ind] = v;
      }
      if (repeated.length > 0) rd.bad({ sheet: ws.name, row: r, col: letter(codeCol) }, `“${code}”的指标“${repeated.join('、')}”在${firstAt}已填写过，不能重复`);
    }
    if (!columns && sawContent) rd.problems.push(`工作表“${ws.name}”：没有找到表头行（第一格为“代码”或“单位名称”的一行，其后各列为指标编号）`);
  }
  plan.scores = scores;

  // 民主测评: fixed columns, then one column per level
  const ballotTable = rd.table(SHEET.ballots, COLUMNS.ballots, { dynamic: true });
  plan.ballots = ballotTable.rows.map((row, i) => {
    const path: PathKey[] = ['ballots', i];
    row.register(path);
    for (const k of ['subject', 'group', 'expected', 'present', 'valid', 'invalid'] as const) row.register([...path, k], k);
    const b: Obj = {
      subject: subjectCode(row.text('subject', '对象代码')),
      group: row.text('group', '测评组'),
      expected: row.number('expected', { required: '应到人数' }),
      present: row.number('present', { required: '实到人数' }),
      valid: row.number('valid', { required: '有效票' }),
    };
    setIf(b, 'invalid', row.number('invalid') ?? undefined);
    const votes: Record<string, number> = {};
    for (const lv of ballotTable.extra) {
      const v = rawOf(row.ws.getRow(row.no).getCell(lv.col));
      if (v === null) continue;
      const loc = { sheet: row.ws.name, row: row.no, col: lv.letter };
      const n = typeof v === 'number' ? v : parseNumber(String(v));
      if (n === null) rd.bad(loc, `“${String(v)}”不是数字`);
      else {
        votes[lv.header] = n;
        rd.register([...path, 'votes', lv.header], loc);
      }
    }
    b.votes = votes;
    return b;
  });

  // 加减分
  plan.events = rd.table(SHEET.events, COLUMNS.events).rows.map((row, i) => {
    const path: PathKey[] = ['events', i];
    row.register(path);
    for (const k of ['subject', 'kind', 'type', 'points', 'reason', 'honourKey', 'level', 'evidence', 'date', 'closedOn'] as const) row.register([...path, k], k);
    const e: Obj = {
      subject: subjectCode(row.text('subject', '对象代码')),
      kind: row.choice('kind', EVENT_BY_LABEL, '类型', Object.values(EVENT_KIND_LABELS), true),
      reason: row.text('reason', '事由'),
    };
    setIf(e, 'type', row.text('type') || undefined);
    setIf(e, 'points', row.number('points') ?? undefined);
    setIf(e, 'honourKey', row.text('honourKey') || undefined);
    const level = row.raw('level');
    if (level !== null) e.level = typeof level === 'number' ? level : (parseNumber(String(level)) ?? String(level).trim());
    setIf(e, 'evidence', row.text('evidence') || undefined);
    setIf(e, 'date', row.date('date'));
    setIf(e, 'closedOn', row.date('closedOn'));
    return e;
  });

  if (rd.problems.length > 0) throw new PlanImportError('工作簿中有以下问题，没有导入任何内容：', rd.problems);
  return { plan, locate: rd.locate };
}
