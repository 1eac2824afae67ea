// The score matrix (leaf indicators × subjects of a category) and bulk saving
// of cells: one transaction, all or nothing, errors naming unit and indicator.
import { METHOD_LABELS, parseSubjectKey, type SubjectKey } from '../../../shared/domain.ts';
import { parseScoreText } from '../../../shared/numbers-input.ts';
import { formatDeductions, parseDeductions, type Deduction } from '../../../shared/deductions.ts';
import { AppError, type CellProblem } from '../../../shared/errors.ts';
import type { Indicator, OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import { fmt } from '../../../shared/engine/numbers.ts';
import type { ServiceContext } from '../context.ts';
import { getCategory } from '../repos/categories.ts';
import { listIndicators } from '../repos/indicators.ts';
import { writeCells } from '../repos/scores.ts';

export async function getScoreMatrix(ctx: ServiceContext, input: ParsedInputOf<'getScoreMatrix'>): Promise<OutputOf<'getScoreMatrix'>> {
  const cat = await getCategory(ctx.db, input.categoryId);
  const leaves = (await listIndicators(ctx.db, cat.id)).filter((i) => i.isLeaf && (input.componentId === undefined || i.componentId === input.componentId));
  const kind = cat.kind;
  const subjects =
    kind === 'unit'
      ? (await ctx.db.selectFrom('units').select(['id', 'code', 'name']).where('category_id', '=', cat.id).orderBy('sort_order').orderBy('id').execute()).map((u) => ({ key: `unit:${u.id}` as const, ...u }))
      : (await ctx.db.selectFrom('cadres').select(['id', 'code', 'name']).where('category_id', '=', cat.id).orderBy('sort_order').orderBy('id').execute()).map((c) => ({ key: `cadre:${c.id}` as const, ...c }));
  const leafIds = leaves.map((l) => l.id);
  const rows = leafIds.length === 0 ? [] : await ctx.db.selectFrom('score_entries').select(['indicator_id', 'unit_id', 'cadre_id', 'value', 'text_value', 'deductions']).where('indicator_id', 'in', leafIds).execute();
  const cells = rows.map((r) => ({
    subjectKey: (r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id}`) as `unit:${number}`,
    indicatorId: r.indicator_id,
    // a 扣分制 cell shows its occurrences as typed (“迟报扣1分；漏报扣0.5分”), its value their total
    ...(r.deductions !== null ? deductionShown(r.deductions) : { value: r.value, text: r.text_value }),
  }));
  return { indicators: leaves, subjects, cells };
}

/** Only letter grades are stored as text; a number's text was checked to be that number. */
function keepsText(ind: Indicator): boolean {
  return ind.method?.type === 'letter';
}

/**
 * A 扣分制 cell: its occurrences from the text (“迟报扣1分；漏报扣0.5分”) or,
 * without one, the value as one occurrence of 扣分; null clears the cell. A
 * value beside a text must be the text's total.
 */
function deductionCell(value: number | null, text: string | null | undefined): { ok: true; items: Deduction[] | null; total: number | null } | { ok: false; message: string } {
  if (text !== null && text !== undefined && text.trim() !== '') {
    const d = parseDeductions(text);
    if (!d.ok) return d;
    if (value !== null && Math.abs(value - d.total) > 1e-9) return { ok: false, message: `扣分合计应为 ${fmt(d.total)} 分，与填写的 ${fmt(value)} 不一致` };
    return { ok: true, items: d.items, total: d.total };
  }
  if (value === null) return { ok: true, items: null, total: null };
  if (value < 0) return { ok: false, message: `扣分 ${fmt(value)} 不能为负数` };
  return { ok: true, items: value === 0 ? [] : [{ points: value, reason: '扣分' }], total: value };
}

/** What is wrong with a cell for its indicator's method, or null. */
function cellProblem(ind: Indicator, value: number | null, text: string | null | undefined): string | null {
  const m = ind.method ?? { type: 'direct' as const };
  if (m.type === 'letter') {
    if (text && !m.letters.some((l) => l.letter === text)) return `等级“${text}”无效，应为 ${m.letters.map((l) => l.letter).join('、')} 之一`;
    return null;
  }
  if (m.type === 'deduction') {
    const d = deductionCell(value, text);
    if (!d.ok) return d.message;
    if (d.total !== null && d.total > ind.fullPoints) return `扣分合计 ${fmt(d.total)} 超过本项分值 ${fmt(ind.fullPoints)} 分`;
    return null;
  }
  // a numeric method takes a number: a text beside it must read as that same number (“4,5” is never 45)
  if (text !== null && text !== undefined && text.trim() !== '') {
    const p = parseScoreText(text);
    if (!p.ok) return `${p.message}（该指标按${METHOD_LABELS[m.type]}计分，应填写数字）`;
    if (p.value !== value) return `填写的“${text.trim().slice(0, 20)}”与数值 ${value === null ? '（空）' : fmt(value)} 不一致`;
  }
  if (value === null) return null;
  if (m.type === 'direct' && (value < 0 || value > ind.fullPoints)) return `得分 ${fmt(value)} 超出范围，应在 0 到 ${fmt(ind.fullPoints)} 分之间`;
  if ((m.type === 'completion' || m.type === 'ratioToBest') && value < 0) return `实际值 ${fmt(value)} 不能为负数`;
  return null;
}

function deductionShown(json: string): { value: number; text: string | null } {
  const items = JSON.parse(json) as Deduction[];
  const total = items.reduce((a, d) => a + d.points, 0);
  // a bare total (one occurrence of 扣分) shows as the number it was typed as
  const bare = items.length === 0 || (items.length === 1 && items[0]!.reason === '扣分');
  return { value: Math.round(total * 1e6) / 1e6, text: bare ? null : formatDeductions(items) };
}

export async function setScores(ctx: ServiceContext, input: ParsedInputOf<'setScores'>): Promise<OutputOf<'setScores'>> {
  const indicatorIds = [...new Set(input.cells.map((c) => c.indicatorId))];
  const inds = await ctx.db
    .selectFrom('indicators')
    .innerJoin('categories', 'categories.id', 'indicators.category_id')
    .select(['indicators.id', 'indicators.category_id', 'categories.cycle_id', 'categories.kind'])
    .where('indicators.id', 'in', indicatorIds)
    .execute();
  const catIds = [...new Set(inds.map((i) => i.category_id))];
  const byId = new Map<number, Indicator & { cycleId: number; kind: 'unit' | 'cadre' }>();
  for (const cid of catIds) {
    const list = await listIndicators(ctx.db, cid);
    const meta = inds.find((i) => i.category_id === cid)!;
    for (const i of list) byId.set(i.id, { ...i, cycleId: meta.cycle_id, kind: meta.kind });
  }
  const unitIds = input.cells.map((c) => parseSubjectKey(c.subjectKey)!).filter((s) => s.kind === 'unit').map((s) => s.id);
  const cadreIds = input.cells.map((c) => parseSubjectKey(c.subjectKey)!).filter((s) => s.kind === 'cadre').map((s) => s.id);
  const subjects = new Map<string, { name: string; categoryId: number }>();
  if (unitIds.length) for (const u of await ctx.db.selectFrom('units').select(['id', 'name', 'category_id']).where('id', 'in', [...new Set(unitIds)]).execute()) subjects.set(`unit:${u.id}`, { name: u.name, categoryId: u.category_id });
  if (cadreIds.length) for (const c of await ctx.db.selectFrom('cadres').select(['id', 'name', 'category_id']).where('id', 'in', [...new Set(cadreIds)]).execute()) subjects.set(`cadre:${c.id}`, { name: c.name, categoryId: c.category_id });

  // validate everything before writing anything, and name every bad cell at once
  const bad: CellProblem[] = [];
  const texts: string[] = [];
  input.cells.forEach((c, idx) => {
    const ind = byId.get(c.indicatorId);
    const subj = subjects.get(c.subjectKey);
    const fail = (message: string, where: string) => {
      bad.push({ subjectKey: c.subjectKey, indicatorId: c.indicatorId, message });
      texts.push(`${where}：${message}`);
    };
    if (!ind) return fail(`找不到指标（编号 ${c.indicatorId}）`, `第${idx + 1}个单元格`);
    if (!subj) return fail('找不到被考核对象', `第${idx + 1}个单元格`);
    const where = `“${subj.name}”的指标“${ind.code} ${ind.name}”`;
    if (!ind.isLeaf) return fail('有下级指标，分数应录入到末级指标', where);
    if (subj.categoryId !== ind.categoryId) return fail('该对象不属于此指标所在的考核类别', where);
    const p = cellProblem(ind, c.value, c.text);
    if (p) fail(p, where);
  });
  if (bad.length > 0) {
    const listed = texts.slice(0, 10).join('；');
    throw new AppError('invalid_input', `${bad.length}个单元格有误，本次修改均未保存：${listed}${bad.length > 10 ? `；另有 ${bad.length - 10} 处` : ''}。`, { kind: 'cells', cells: bad });
  }
  const cycles = new Set(input.cells.map((c) => byId.get(c.indicatorId)!.cycleId));
  if (cycles.size > 1) throw new AppError('invalid_input', '一次保存的分数须属于同一考核年度，未保存任何分数。', { kind: 'field', path: 'cells' });
  const cycleId = [...cycles][0]!;
  const { value, recompute } = await ctx.writeWithOutcome({ action: 'score.set', entity: 'score', cycleId, scope: 'data' }, async (w) => {
    const changes = writeCells(
      w,
      input.cells.map((c) => {
        const ind = byId.get(c.indicatorId)!;
        const at = { indicatorId: c.indicatorId, subjectKey: c.subjectKey as SubjectKey };
        if (ind.method?.type === 'deduction') {
          // checked above: the occurrences are stored, the value is their total
          const d = deductionCell(c.value, c.text) as { items: Deduction[] | null; total: number | null };
          return { ...at, value: d.total, text: null, deductions: d.items };
        }
        return { ...at, value: c.value, text: keepsText(ind) ? (c.text ?? null) : null };
      }),
    );
    w.changed(changes);
    // saving what is already there changes nothing and recomputes nothing
    if (changes.length > 0) w.touch(new Set(input.cells.map((c) => byId.get(c.indicatorId)!.categoryId)));
    w.note({ cells: input.cells.length, changed: new Set(changes.map((c) => c.key)).size });
    return input.cells.length;
  });
  return { saved: value, recomputed: !!recompute && recompute.categories.length > 0 && !recompute.warning, warning: recompute?.warning ?? null };
}
