// Department workbooks (issue 7): generate one for a responsible department
// (scores) or for the democratic-evaluation tallies, and import it back —
// first a preview of every change (cell, old → new), then one transaction.
// The workbook is parsed in a worker thread; the stamp must name a cycle of
// this database (and, where the caller says so, the cycle and department it
// expects); the same file imported twice changes nothing the second time.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SubjectKey } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import { fmt } from '../../../shared/engine/numbers.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { CollectChange, CollectStamp } from '../../../shared/ipc/contract-collect.ts';
import type { Db, FieldChange, ServiceContext } from '../context.ts';
import { refuseCells, type CellProblemAt } from '../import/guard.ts';
import { listIndicators } from '../repos/indicators.ts';
import { writeCells, type CellWrite } from '../repos/scores.ts';
import type { Layout } from '../collect/layout.ts';
import type { ParsedWorkbook } from '../collect/parse.ts';
import { planTemplate, writeTemplate } from '../collect/template.ts';
import { runInWorker, type RunOptions } from '../worker/run.ts';
import { withJob, type JobHandle } from '../jobs.ts';
import { checkBallots, writeBallot, type BallotInput } from './collect-data.ts';

export async function writeCollectTemplate(ctx: ServiceContext, input: ParsedInputOf<'writeCollectTemplate'>): Promise<OutputOf<'writeCollectTemplate'>> {
  const { layout, prefill } = await planTemplate(ctx.db, input);
  const buf = await writeTemplate(layout, prefill);
  const dir = path.dirname(path.resolve(input.filePath));
  if (!fs.existsSync(dir)) throw new AppError('not_found', `文件夹“${dir}”不存在。`, { kind: 'field', path: 'filePath' });
  fs.writeFileSync(input.filePath, buf, { mode: 0o600 });
  const cells = layout.sheets.reduce((s, x) => s + x.subjects.length * x.columns.length, 0);
  // data leaves the system: recorded like a print
  await ctx.write({ action: 'collect.template', entity: 'collect', cycleId: layout.cycleId, scope: null, detail: { kind: layout.kind, department: layout.departmentName, raterGroup: layout.raterGroupName, file: path.basename(input.filePath), sheets: layout.sheets.length, cells } }, async () => undefined);
  return { filePath: input.filePath, sheets: layout.sheets.map((s) => s.name), cells };
}

function stampOf(l: Layout): CollectStamp {
  return { cycleId: l.cycleId, cycleName: l.cycleName, kind: l.kind, departmentId: l.departmentId, departmentName: l.departmentName, raterGroupId: l.raterGroupId, raterGroupName: l.raterGroupName, version: l.version };
}

/** The stamp against this database and against what the caller expects. */
async function checkStamp(db: Db, l: Layout, file: string, expect: { cycleId?: number; departmentId?: number }): Promise<void> {
  const name = path.basename(file);
  const cycle = await db.selectFrom('cycles').select(['id', 'name', 'created_at']).where('id', '=', l.cycleId).executeTakeFirst();
  if (!cycle || cycle.created_at !== l.cycleCreatedAt) throw new AppError('conflict', `采集表“${name}”是为考核年度“${l.cycleName}”生成的，本数据库中没有这个年度，已拒绝。`, { kind: 'field', path: 'filePath' });
  if (expect.cycleId !== undefined && expect.cycleId !== l.cycleId) {
    const want = await db.selectFrom('cycles').select('name').where('id', '=', expect.cycleId).executeTakeFirst();
    throw new AppError('conflict', `采集表“${name}”属于考核年度“${cycle.name}”，不是当前的“${want?.name ?? expect.cycleId}”，已拒绝。`, { kind: 'field', path: 'filePath' });
  }
  if (l.kind === 'scores') {
    const d = l.departmentId === null ? undefined : await db.selectFrom('departments').select(['id', 'name', 'cycle_id']).where('id', '=', l.departmentId).executeTakeFirst();
    if (!d || d.cycle_id !== l.cycleId) throw new AppError('conflict', `采集表“${name}”的责任单位“${l.departmentName}”已不在考核年度“${cycle.name}”中，已拒绝。`, { kind: 'field', path: 'filePath' });
    if (expect.departmentId !== undefined && expect.departmentId !== d.id) {
      const want = await db.selectFrom('departments').select('name').where('id', '=', expect.departmentId).executeTakeFirst();
      throw new AppError('conflict', `采集表“${name}”是责任单位“${d.name}”的，不是“${want?.name ?? expect.departmentId}”的，已拒绝。`, { kind: 'field', path: 'filePath' });
    }
  } else if (expect.departmentId !== undefined) {
    throw new AppError('conflict', `采集表“${name}”是民主测评票数表，不属于任何责任单位，已拒绝。`, { kind: 'field', path: 'filePath' });
  }
}

interface Planned {
  layout: Layout;
  changes: CollectChange[];
  total: number;
  cells: CellWrite[];
  ballots: { ballot: BallotInput; categoryId: number }[];
  categories: Set<number>;
}

const shown = (v: number | string | null): string => (v === null ? '（空）' : typeof v === 'number' ? fmt(v) : v);

async function planScores(db: Db, wb: ParsedWorkbook, problems: CellProblemAt[]): Promise<Omit<Planned, 'layout'>> {
  const out: Omit<Planned, 'layout'> = { changes: [], total: 0, cells: [], ballots: [], categories: new Set() };
  for (const s of wb.sheets) {
    const inds = new Map((await listIndicators(db, s.categoryId)).map((i) => [i.id, i]));
    const members = new Set(
      (s.cells[0]?.subjectKey.startsWith('unit:')
        ? (await db.selectFrom('units').select('id').where('category_id', '=', s.categoryId).execute()).map((r) => `unit:${r.id}`)
        : (await db.selectFrom('cadres').select('id').where('category_id', '=', s.categoryId).execute()).map((r) => `cadre:${r.id}`)),
    );
    const ids = [...new Set(s.cells.map((c) => Number(c.columnKey.slice(4))))];
    const stored = new Map<string, { value: number | null; text: string | null }>();
    if (ids.length) for (const r of await db.selectFrom('score_entries').select(['indicator_id', 'unit_id', 'cadre_id', 'value', 'text_value']).where('indicator_id', 'in', ids).execute()) stored.set(`${r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id}`}|${r.indicator_id}`, { value: r.value, text: r.text_value });
    for (const c of s.cells) {
      const [sheet, addr] = c.cell.split('!') as [string, string];
      const bad = (message: string) => problems.push({ sheet, row: Number(/\d+$/.exec(addr)![0]), column: addr.replace(/\d+$/, ''), message: `${c.cell}：${message}` });
      const indicatorId = Number(c.columnKey.slice(4));
      const ind = inds.get(indicatorId);
      // the plan may have changed since the workbook was made: checked against today's plan
      if (!ind || !ind.isLeaf) { bad(`指标“${c.header}”已不是本类别的末级指标，请重新生成采集表`); continue; }
      if (!members.has(c.subjectKey)) { bad(`“${c.subjectName}”已不在类别中，请重新生成采集表`); continue; }
      const m = ind.method ?? { type: 'direct' as const };
      if (m.type === 'deduction') { bad(`指标“${c.header}”现为扣分制，不能在采集表中填写`); continue; }
      let next: { value: number | null; text: string | null };
      if (c.value === null) next = { value: null, text: null };
      else if (m.type === 'letter') {
        if (typeof c.value !== 'string' || !m.letters.some((l) => l.letter === c.value)) { bad(`“${c.subjectName}”的等级“${String(c.value)}”无效，应为 ${m.letters.map((l) => l.letter).join('、')} 之一`); continue; }
        next = { value: null, text: c.value };
      } else {
        if (typeof c.value !== 'number') { bad(`“${c.subjectName}”的“${c.header}”应填写数字`); continue; }
        if (m.type === 'direct' && (c.value < 0 || c.value > ind.fullPoints)) { bad(`“${c.subjectName}”的得分 ${fmt(c.value)} 超出范围，应在 0 到 ${fmt(ind.fullPoints)} 分之间`); continue; }
        if ((m.type === 'completion' || m.type === 'ratioToBest') && c.value < 0) { bad(`“${c.subjectName}”的实际值 ${fmt(c.value)} 不能为负数`); continue; }
        next = { value: c.value, text: null };
      }
      out.total++;
      const before = stored.get(`${c.subjectKey}|${indicatorId}`) ?? { value: null, text: null };
      if (before.value === next.value && before.text === next.text) continue;
      out.changes.push({ cell: c.cell, subjectKey: c.subjectKey, subjectName: c.subjectName, what: c.header, old: shown(before.text ?? before.value), new: shown(next.text ?? next.value) });
      out.cells.push({ indicatorId, subjectKey: c.subjectKey as SubjectKey, value: next.value, text: next.text });
      out.categories.add(s.categoryId);
    }
  }
  return out;
}

async function planTallies(db: Db, wb: ParsedWorkbook, problems: CellProblemAt[]): Promise<Omit<Planned, 'layout'>> {
  const out: Omit<Planned, 'layout'> = { changes: [], total: 0, cells: [], ballots: [], categories: new Set() };
  // one ballot per subject and rater group, from its row's cells
  const rows: { ballot: BallotInput; cells: Map<string, string>; name: string; sheet: string; row: number }[] = [];
  for (const s of wb.sheets) {
    const bySubject = new Map<string, typeof s.cells>();
    for (const c of s.cells) bySubject.set(`${c.subjectKey}|${c.columnKey.split(':')[1]}`, [...(bySubject.get(`${c.subjectKey}|${c.columnKey.split(':')[1]}`) ?? []), c]);
    for (const [k, cells] of bySubject) {
      if (cells.every((c) => c.value === null)) continue; // a row left empty: not collected
      const [subjectKey, gid] = k.split('|') as [string, string];
      const first = cells[0]!;
      const [sheet, addr] = first.cell.split('!') as [string, string];
      const row = Number(/\d+$/.exec(addr)![0]);
      const field = (f: string) => cells.find((c) => c.columnKey === `rg:${gid}:${f}`);
      const missing = ['expected', 'present', 'valid', 'invalid'].filter((f) => field(f)?.value === null);
      if (missing.length) {
        problems.push({ sheet, row, column: 'D', message: `${sheet}!第${row}行：“${first.subjectName}”的${missing.map((f) => ({ expected: '应到', present: '实到', valid: '有效票', invalid: '无效票' })[f]).join('、')}没有填写` });
        continue;
      }
      const votes: Record<string, number> = {};
      for (const c of cells) if (c.columnKey.startsWith(`rg:${gid}:vote:`)) votes[c.columnKey.slice(`rg:${gid}:vote:`.length)] = (c.value as number | null) ?? 0;
      const n = (f: string) => field(f)!.value as number;
      const ballot: BallotInput = { subjectKey, raterGroupId: Number(gid), expected: n('expected'), present: n('present'), valid: n('valid'), invalid: n('invalid'), votes };
      rows.push({ ballot, cells: new Map(cells.map((c) => [c.columnKey, c.cell])), name: first.subjectName, sheet, row });
    }
  }
  if (rows.length === 0) return out;
  const checked = await checkBallots(db, rows.map((r) => r.ballot));
  for (const p of checked.problems) {
    const r = rows[p.index]!;
    problems.push({ sheet: r.sheet, row: r.row, column: 'D', message: `${r.sheet}!第${r.row}行：${p.message}` });
  }
  if (checked.problems.length) return out;
  for (const r of rows) {
    const s = checked.subjects.get(r.ballot.subjectKey)!;
    out.total++;
    const col = s.kind === 'unit' ? 'unit_id' : 'cadre_id';
    const before = await db.selectFrom('eval_ballots').selectAll().where(col, '=', s.id).where('rater_group_id', '=', r.ballot.raterGroupId).executeTakeFirst();
    const oldVotes = before ? (JSON.parse(before.votes) as Record<string, number>) : {};
    const group = checked.groupNames.get(r.ballot.raterGroupId) ?? '';
    let changed = false;
    const push = (key: string, label: string, o: number | null, n: number) => {
      if (o === n) return;
      changed = true;
      out.changes.push({ cell: r.cells.get(key) ?? `${r.sheet}!第${r.row}行`, subjectKey: r.ballot.subjectKey, subjectName: r.name, what: `${group}·${label}`, old: shown(o), new: shown(n) });
    };
    for (const [f, label] of [['expected', '应到'], ['present', '实到'], ['valid', '有效票'], ['invalid', '无效票']] as const) push(`rg:${r.ballot.raterGroupId}:${f}`, label, before ? before[f] : null, r.ballot[f]);
    for (const [l, v] of Object.entries(r.ballot.votes)) push(`rg:${r.ballot.raterGroupId}:vote:${l}`, l, before ? (oldVotes[l] ?? 0) : null, v);
    if (changed) {
      out.ballots.push({ ballot: r.ballot, categoryId: s.categoryId });
      out.categories.add(s.categoryId);
    }
  }
  return out;
}

async function planCollect(ctx: ServiceContext, input: { filePath: string; cycleId?: number; departmentId?: number }, run: RunOptions): Promise<Planned> {
  const wb = await runInWorker('parseCollect', { file: input.filePath }, run);
  await checkStamp(ctx.db, wb.layout, input.filePath, input);
  const problems: CellProblemAt[] = [];
  const planned = wb.layout.kind === 'scores' ? await planScores(ctx.db, wb, problems) : await planTallies(ctx.db, wb, problems);
  if (problems.length) throw refuseCells(`采集表“${path.basename(input.filePath)}”有 ${problems.length} 处问题，没有导入任何内容：`, problems);
  return { layout: wb.layout, ...planned };
}

/** The worker's progress and cancel, for the caller's own options and the job the renderer follows (jobId). */
function jobRun(job: JobHandle, run: RunOptions, label: string): RunOptions {
  job.progress(0, 1, label);
  return {
    signal: run.signal ? AbortSignal.any([run.signal, job.signal]) : job.signal,
    onProgress: (done, total) => {
      job.progress(done, total + 1, label);
      run.onProgress?.(done, total);
    },
  };
}

export async function previewCollect(ctx: ServiceContext, input: ParsedInputOf<'previewCollect'>, run: RunOptions = {}): Promise<OutputOf<'previewCollect'>> {
  return withJob(input.jobId, async (job) => {
    const p = await planCollect(ctx, input, jobRun(job, run, '正在读取采集表…'));
    return { stamp: stampOf(p.layout), changes: p.changes, total: p.total, unchanged: p.total - (p.layout.kind === 'scores' ? p.cells.length : p.ballots.length) };
  });
}

export async function applyCollect(ctx: ServiceContext, input: ParsedInputOf<'applyCollect'>, run: RunOptions = {}): Promise<OutputOf<'applyCollect'>> {
  return withJob(input.jobId, (job) => applyPlanned(ctx, input, jobRun(job, run, '正在读取采集表…'), job));
}

async function applyPlanned(ctx: ServiceContext, input: ParsedInputOf<'applyCollect'>, run: RunOptions, job: JobHandle): Promise<OutputOf<'applyCollect'>> {
  const p = await planCollect(ctx, input, run);
  // the last safe point: once the transaction starts it runs to its end (all or nothing)
  job.throwIfCancelled();
  job.progress(p.layout.sheets.length, p.layout.sheets.length + 1, '正在写入并重新计算…');
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(input.filePath)).digest('hex');
  const { value, recompute } = await ctx.writeWithOutcome(
    { action: 'collect.import', entity: p.layout.kind === 'scores' ? 'score' : 'ballot', cycleId: p.layout.cycleId, scope: 'data', detail: { file: path.basename(input.filePath), sha256, department: p.layout.departmentName, raterGroup: p.layout.raterGroupName } },
    async (w) => {
      let changed = 0;
      if (p.layout.kind === 'scores') {
        const changes = writeCells(w, p.cells);
        w.changed(changes);
        changed = new Set(changes.map((c) => c.key)).size;
      } else {
        const subjects = await checkBallots(w.trx, p.ballots.map((b) => b.ballot));
        if (subjects.problems.length) throw new AppError('conflict', '测评票数在确认期间被他人修改，请重新预览后再导入。');
        for (const b of p.ballots) {
          const s = subjects.subjects.get(b.ballot.subjectKey)!;
          const ch: FieldChange[] = await writeBallot(w.trx, b.ballot, s, subjects.levels.get(s.categoryId)!, w.at);
          if (ch.length) changed++;
          w.changed(ch);
        }
      }
      if (changed > 0) w.touch(p.categories);
      w.note({ changed, cells: p.total });
      return changed;
    },
  );
  return { stamp: stampOf(p.layout), changed: value, recomputed: !!recompute && recompute.categories.length > 0 && !recompute.warning, warning: recompute?.warning ?? null };
}
