// Loads one cycle (or some of its categories) from the database into the
// engine's plain input. The plan tables are small and go through kysely;
// the score cells of a whole cycle (up to a million rows) are read with two
// plucked columns of raw better-sqlite3 in one read transaction, which is
// several times faster than materialising a row object per cell, one
// category at a time straight into typed arrays, so that no array of a
// million boxed numbers is ever held.
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { methodSchema, type Method, type SubjectKey } from '../../../shared/domain.ts';
import type { EngineBallot, EngineCategory, EngineEvent, EngineExternalScore, EngineInput, EngineScore, ScoreTable } from '../../../shared/engine/types.ts';
import { AppError } from '../../../shared/errors.ts';
import { rawOf, stmt, type ReadDb } from '../db/handles.ts';
import type { Row } from '../db/schema.ts';
import { toCategory, toComponent } from './categories.ts';
import { requireCycle } from './cycles.ts';
import { parseJson } from './json.ts';

const deductionsSchema = z.array(z.object({ points: z.number(), reason: z.string() }));
const externalParams = z.object({ sourceCycleId: z.number().int().positive(), sourceComponent: z.string().optional(), label: z.string().optional() });

// cell key = indicator × 2^22 + subject, where cadres sit above 2^21
const IND = 4194304;
const CADRE_BASE = 2097152;


/**
 * Categories with their settings checked once per distinct text: every write
 * that recomputes reads all of a cycle's categories to find dependents. The
 * parsed settings are shared between loads; the engine only reads them.
 */
const settingsByText = new Map<string, EngineCategory['settings']>();
function categoryOf(r: Omit<Parameters<typeof toCategory>[0], 'memberCount'>): EngineCategory {
  let settings = settingsByText.get(r.settings);
  if (!settings) {
    settings = toCategory({ ...r, memberCount: 0 }).settings;
    if (settingsByText.size >= 1000) settingsByText.clear();
    settingsByText.set(r.settings, settings);
  }
  return { id: r.id, name: r.name, kind: r.kind, difficulty: r.difficulty, sortOrder: r.sort_order, settings };
}

export interface LoadOptions {
  /** only these categories (incremental recompute, one subject's explanation) */
  categoryIds?: number[];
}

function keyOf(r: { unit_id: number | null; cadre_id: number | null }): SubjectKey {
  return r.unit_id !== null ? `unit:${r.unit_id}` : `cadre:${r.cadre_id as number}`;
}

export async function loadEngineInput(db: ReadDb, cycleId: number, opts: LoadOptions = {}): Promise<EngineInput> {
  const raw = rawOf(db);
  const cycle = await requireCycle(db, cycleId);
  const only = opts.categoryIds ? new Set(opts.categoryIds) : null;
  let catQuery = db.selectFrom('categories').selectAll().where('cycle_id', '=', cycleId);
  if (only) catQuery = catQuery.where('id', 'in', [...only, -1]);
  const categories = (await catQuery.execute()).map(categoryOf);
  const catKind = new Map(categories.map((c) => [c.id, c.kind]));
  const catIds = categories.map((c) => c.id);
  if (catIds.length === 0) return { categories: [], components: [], indicators: [], raterGroups: [], subjects: [], scores: [], ballots: [], events: [] };

  const componentRows = await db.selectFrom('components').selectAll().where('category_id', 'in', catIds).execute();
  // What the engine reads of some 13,000 indicators (no descriptions), as rows of values made into the
  // engine's objects at once; the statement is the one kysely would write, so the rows come in the same order.
  // A province has a few dozen distinct method texts: each is checked once.
  const methods = new Map<string, Method>();
  const methodOf = (text: string | null, name: string): Method | null => {
    if (text === null) return null;
    let m = methods.get(text);
    if (!m) methods.set(text, (m = parseJson(methodSchema, text, `指标“${name}”的计分方法`)));
    return m;
  };
  type IndicatorRow = [number, number, number, number | null, string, string, number, string | null, number, number | null];
  const indicatorRows = stmt(
    raw,
    `select "id", "category_id", "component_id", "parent_id", "code", "name", "full_points", "method", "sort_order", "department_id" from "indicators" where "category_id" in (${catIds.map(() => '?').join(', ')})`,
    'raw',
  ).all(...catIds) as IndicatorRow[];
  const indicators: EngineInput['indicators'] = [];
  const idsByCategory = new Map<number, number[]>();
  for (const [id, categoryId, componentId, parentId, code, name, fullPoints, method, sortOrder, departmentId] of indicatorRows) {
    indicators.push({ id, categoryId, componentId, parentId, code, name, fullPoints, method: methodOf(method, name), sortOrder, departmentId });
    const list = idsByCategory.get(categoryId);
    if (list) list.push(id);
    else idsByCategory.set(categoryId, [id]);
  }
  // the subjects of the chosen categories only
  const units = await db.selectFrom('units').select(['id', 'code', 'name', 'category_id', 'sort_order']).where('cycle_id', '=', cycleId).where('category_id', 'in', catIds).execute();
  const cadres = await db.selectFrom('cadres').select(['id', 'code', 'name', 'category_id', 'sort_order', 'post', 'unit_id']).where('cycle_id', '=', cycleId).where('category_id', 'in', catIds).execute();
  const raterGroups = await db.selectFrom('rater_groups').select(['id', 'name', 'weight']).where('cycle_id', '=', cycleId).execute();

  const subjects: EngineInput['subjects'] = [];
  const unitIndex = new Map<number, number>();
  const cadreIndex = new Map<number, number>();
  for (const u of units) {
    if (!catKind.has(u.category_id)) continue;
    unitIndex.set(u.id, subjects.length);
    subjects.push({ key: `unit:${u.id}`, kind: 'unit', id: u.id, code: u.code, name: u.name, categoryId: u.category_id, sortOrder: u.sort_order });
  }
  for (const c of cadres) {
    if (!catKind.has(c.category_id)) continue;
    cadreIndex.set(c.id, subjects.length);
    subjects.push({ key: `cadre:${c.id}`, kind: 'cadre', id: c.id, code: c.code, name: c.name, categoryId: c.category_id, sortOrder: c.sort_order, post: c.post, unitKey: `unit:${c.unit_id}` });
  }

  const subjectsIn = new Map<number, number>();
  for (const s of subjects) subjectsIn.set(s.categoryId, (subjectsIn.get(s.categoryId) ?? 0) + 1);
  const scoreTable = readScoreTable(raw, idsByCategory, subjectsIn, unitIndex, cadreIndex);
  const scores = readExtras(raw, idsByCategory);

  const ballots = readBallots(raw, cycleId, only ? catIds : null, subjects, unitIndex, cadreIndex);

  // the whole cycle's events without kysely's row handling (3,000 at province scale); some categories' through kysely
  let eventQuery = db.selectFrom('events').selectAll().where('cycle_id', '=', cycleId);
  if (only) {
    eventQuery = eventQuery.where((eb) =>
      eb.or([
        eb('unit_id', 'in', eb.selectFrom('units').select('id').where('category_id', 'in', catIds)),
        eb('cadre_id', 'in', eb.selectFrom('cadres').select('id').where('category_id', 'in', catIds)),
      ]),
    );
  }
  const eventRows = only ? await eventQuery.execute() : (stmt(raw, 'select * from "events" where "cycle_id" = ?').all(cycleId) as Awaited<ReturnType<typeof eventQuery.execute>>);
  const events: EngineEvent[] = eventRows
    // a closed investigation no longer holds the grade back
    .filter((r) => !(r.kind === 'investigation' && r.closed_on !== null))
    .filter((r) => (r.unit_id !== null ? unitIndex.has(r.unit_id) : cadreIndex.has(r.cadre_id!)))
    .map((r) => ({ id: r.id, subjectKey: keyOf(r), kind: r.kind as EngineEvent['kind'], type: r.type, honourKey: r.honour_key, levelRank: r.level_rank, points: r.points, reason: r.reason }));
  events.push(...(await carriedSanctions(db, cycle.year, cadres.filter((c) => cadreIndex.has(c.id)))));

  const components = componentRows.map((r) => withSource(r, toComponent(r, catKind.get(r.category_id) ?? 'unit')));
  const external = await externalScores(db, componentRows, units, cadres, unitIndex, cadreIndex);
  const adjustments = await db.selectFrom('adjustments').select(['unit_id', 'to_grade']).where('cycle_id', '=', cycleId).where('unit_id', 'is not', null).orderBy('id').execute();
  const adjustedGrades: Partial<Record<SubjectKey, string>> = {};
  for (const a of adjustments) if (a.unit_id !== null) adjustedGrades[`unit:${a.unit_id}`] = a.to_grade;
  // the stored grades of units, for cadre categories recomputed without their units
  const unitGrades: Partial<Record<SubjectKey, string>> = {};
  const unitCategories: Partial<Record<SubjectKey, number>> = {};
  if (only && categories.some((c) => c.kind === 'cadre')) {
    const rows = raw.prepare('select unit_id, computed_grade from results where cycle_id = ? and unit_id is not null').all(cycleId) as { unit_id: number; computed_grade: string }[];
    for (const r of rows) unitGrades[`unit:${r.unit_id}`] = r.computed_grade;
  }
  if (categories.some((c) => c.kind === 'cadre')) {
    for (const u of await db.selectFrom('units').select(['id', 'category_id']).where('cycle_id', '=', cycleId).execute()) unitCategories[`unit:${u.id}`] = u.category_id;
  }

  return {
    categories,
    components,
    indicators,
    raterGroups,
    subjects,
    scores,
    scoreTable,
    ballots,
    events,
    external,
    adjustedGrades,
    unitGrades,
    unitCategories,
    departments: await db.selectFrom('departments').select(['id', 'name']).where('cycle_id', '=', cycleId).execute(),
  };
}

/** The cycle a component of kind 'external' cites, for the engine's dependencies. */
function withSource<C extends { kind: string }>(r: { kind: string; params: string; name: string }, c: C): C & { source?: { cycleId: number; componentCode?: string } } {
  if (r.kind !== 'external') return c;
  const p = parseJson(externalParams, r.params, `考核构成“${r.name}”的引用设置`);
  return { ...c, source: { cycleId: p.sourceCycleId, ...(p.sourceComponent ? { componentCode: p.sourceComponent } : {}) } };
}

/**
 * What the engine needs to say which categories depend on which: no cells, no
 * ballots — and only what can make a dependency (every write that recomputes
 * reads this): the cadres of categories with linkage (三个挂钩) and the
 * components citing another cycle.
 */
export async function loadDependencyInput(db: ReadDb, cycleId: number): Promise<Pick<EngineInput, 'categories' | 'components' | 'subjects' | 'unitCategories'>> {
  const raw = rawOf(db);
  const categories = (stmt(raw, 'select * from categories where cycle_id = ?').all(cycleId) as Parameters<typeof categoryOf>[0][]).map(categoryOf);
  const catKind = new Map(categories.map((c) => [c.id, c.kind]));
  const linked = categories.filter((c) => c.kind === 'cadre' && c.settings.grading.linkage).map((c) => c.id);
  const componentRows = stmt(raw, `select * from components where kind = 'external' and category_id in (select id from categories where cycle_id = ?)`).all(cycleId) as Row<'components'>[];
  const unitCategories: Partial<Record<SubjectKey, number>> = {};
  let subjects: EngineInput['subjects'] = [];
  if (linked.length > 0) {
    const cadres = stmt(raw, 'select id, code, name, category_id, sort_order, post, unit_id from cadres where cycle_id = ? and category_id in (select value from json_each(?))').all(cycleId, JSON.stringify(linked)) as {
      id: number;
      code: string;
      name: string;
      category_id: number;
      sort_order: number;
      post: Row<'cadres'>['post'];
      unit_id: number;
    }[];
    subjects = cadres.map((c) => ({ key: `cadre:${c.id}` as SubjectKey, kind: 'cadre' as const, id: c.id, code: c.code, name: c.name, categoryId: c.category_id, sortOrder: c.sort_order, post: c.post, unitKey: `unit:${c.unit_id}` as SubjectKey }));
    for (const [id, cat] of stmt(raw, 'select id, category_id from units where cycle_id = ?', 'raw').all(cycleId) as [number, number][]) unitCategories[`unit:${id}`] = cat;
  }
  return {
    categories,
    components: componentRows.map((r) => withSource(r, toComponent(r, catKind.get(r.category_id) ?? 'unit'))),
    subjects,
    unitCategories,
  };
}

/** Cycles with a component citing this one. */
export async function citingCycles(db: ReadDb, cycleId: number): Promise<{ cycleId: number; categoryIds: number[] }[]> {
  const rows = rawOf(db)
    .prepare(
      `select c.cycle_id, c.id from components k join categories c on c.id = k.category_id
        where k.kind = 'external' and json_extract(k.params, '$.sourceCycleId') = ? and c.cycle_id <> ?`,
    )
    .raw(true)
    .all(cycleId, cycleId) as [number, number][];
  const by = new Map<number, number[]>();
  for (const [cy, cat] of rows) by.set(cy, [...(by.get(cy) ?? []), cat]);
  return [...by].map(([c, ids]) => ({ cycleId: c, categoryIds: ids }));
}

function readScoreTable(
  raw: BetterSqlite3.Database,
  idsByCategory: Map<number, number[]>,
  subjectsIn: Map<number, number>,
  unitIndex: Map<number, number>,
  cadreIndex: Map<number, number>,
): ScoreTable {
  // Category by category through the covering indicator index: two plucked
  // columns (the cell's key and its value) in one read transaction, so they
  // line up row by row. Plucked columns cost far less than a row array per
  // cell, and the arrays of one category die young.
  const where = ' where indicator_id in (select value from json_each(?))';
  const keysOf = stmt(raw, `select indicator_id * ${IND} + coalesce(unit_id, ${CADRE_BASE} + cadre_id) from score_entries${where}`, 'pluck');
  const valuesOf = stmt(raw, `select value from score_entries${where}`, 'pluck');
  // room for a full matrix of every category (at most one cell per indicator and subject); grown if other rows turn up
  let cap = 1024;
  for (const [cat, ids] of idsByCategory) cap += ids.length * (subjectsIn.get(cat) ?? 0);
  let indicatorId = new Int32Array(cap);
  let subject = new Int32Array(cap);
  let value = new Float64Array(cap);
  // subject ids to positions in typed arrays: a Map lookup per cell (with a boxed key) cost more than the read
  const unitAt = slots(unitIndex);
  const cadreAt = slots(cadreIndex);
  let m = 0;
  raw.transaction(() => {
    for (const ids of idsByCategory.values()) {
      const arg = JSON.stringify(ids);
      const keys = keysOf.all(arg) as number[];
      const values = valuesOf.all(arg) as (number | null)[];
      const n = keys.length;
      if (m + n > indicatorId.length) {
        const size = Math.max(2 * indicatorId.length, m + n);
        const grow = <A extends Int32Array | Float64Array>(a: A, b: A): A => (b.set(a.subarray(0, m)), b);
        indicatorId = grow(indicatorId, new Int32Array(size));
        subject = grow(subject, new Int32Array(size));
        value = grow(value, new Float64Array(size));
      }
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        const rest = k % IND | 0;
        const idx = rest >= CADRE_BASE ? slotOf(cadreAt, rest - CADRE_BASE) : slotOf(unitAt, rest);
        if (idx < 0) continue; // another cycle's or category's subject
        indicatorId[m] = (k - rest) / IND;
        subject[m] = idx;
        const v = values[i];
        value[m] = v === null || v === undefined ? NaN : v;
        m++;
      }
    }
  })();
  return { indicatorId: indicatorId.subarray(0, m), subject: subject.subarray(0, m), value: value.subarray(0, m) };
}

/** id → position, -1 where none: a lookup table for ids that are row ids of one table. */
function slots(index: Map<number, number>): Int32Array {
  let max = -1;
  for (const id of index.keys()) if (id > max) max = id;
  const at = new Int32Array(max + 1).fill(-1);
  for (const [id, pos] of index) at[id] = pos;
  return at;
}

function slotOf(at: Int32Array, id: number): number {
  return id < at.length ? at[id]! : -1;
}

function parseVotes(text: string, where: () => string): Record<string, number> {
  // 60,000 ballots at province scale: a plain parse and a check, not a schema per row
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = null;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'number')) {
    throw new AppError('db_error', `数据库中${where()}的测评票数已损坏。`);
  }
  return v as Record<string, number>;
}

function readBallots(
  raw: BetterSqlite3.Database,
  cycleId: number,
  catIds: number[] | null,
  subjects: EngineInput['subjects'],
  unitIndex: Map<number, number>,
  cadreIndex: Map<number, number>,
): EngineBallot[] {
  const cols = 'select b.rater_group_id, b.unit_id, b.cadre_id, b.expected, b.present, b.valid, b.invalid, b.votes from eval_ballots b join rater_groups g on g.id = b.rater_group_id';
  type BallotRow = [number, number | null, number | null, number, number, number, number, string];
  // the whole cycle: one pass over its ballots; some categories: their subjects' ballots through the subject indexes
  const rows = (
    catIds
      ? [
          ...(stmt(raw, `${cols} where g.cycle_id = ? and b.unit_id in (select value from json_each(?))`, 'raw').all(cycleId, JSON.stringify([...unitIndex.keys()])) as BallotRow[]),
          ...(stmt(raw, `${cols} where g.cycle_id = ? and b.cadre_id in (select value from json_each(?))`, 'raw').all(cycleId, JSON.stringify([...cadreIndex.keys()])) as BallotRow[]),
        ]
      : stmt(raw, `${cols} where g.cycle_id = ?`, 'raw').all(cycleId)
  ) as BallotRow[];
  const out: EngineBallot[] = [];
  // the same tally text recurs (a quarter as many distinct texts as ballots at province scale): parsed once
  const parsed = new Map<string, Record<string, number>>();
  // an index loop and the subjects' own key strings: 60,000 rows at province scale
  const unitAt = slots(unitIndex);
  const cadreAt = slots(cadreIndex);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const unitId = r[1];
    const idx = unitId !== null ? slotOf(unitAt, unitId) : slotOf(cadreAt, r[2]!);
    if (idx < 0) continue;
    const subjectKey = subjects[idx]!.key;
    const votes = r[7];
    let v = parsed.get(votes);
    if (!v) parsed.set(votes, (v = parseVotes(votes, () => `“${subjectKey}”`)));
    out.push({ subjectKey, raterGroupId: r[0], expected: r[3], present: r[4], valid: r[5], invalid: r[6], votes: v });
  }
  return out;
}

function readExtras(raw: BetterSqlite3.Database, idsByCategory: Map<number, number[]>): EngineScore[] {
  // only this cycle's (or these categories') indicators, through the partial index of cells with text or deductions
  const ids = [...idsByCategory.values()].flat();
  const rows = raw
    .prepare(
      `select indicator_id, unit_id, cadre_id, value, text_value, deductions from score_entries
        where indicator_id in (select value from json_each(?)) and (text_value is not null or deductions is not null)`,
    )
    .all(JSON.stringify(ids)) as { indicator_id: number; unit_id: number | null; cadre_id: number | null; value: number | null; text_value: string | null; deductions: string | null }[];
  return rows.map((r) => ({
    indicatorId: r.indicator_id,
    subjectKey: keyOf(r),
    value: r.value,
    text: r.text_value,
    deductions: r.deductions ? parseJson(deductionsSchema, r.deductions, '扣分明细') : undefined,
  }));
}

/** Last year's sanctions whose effect lasts two years, as carried events of the same cadres (by code). */
async function carriedSanctions(db: ReadDb, year: number, cadres: { id: number; code: string }[]): Promise<EngineEvent[]> {
  if (cadres.length === 0) return [];
  const prev = await db.selectFrom('cycles').select('id').where('year', '=', year - 1).orderBy('id', 'desc').executeTakeFirst();
  if (!prev) return [];
  const rows = await db
    .selectFrom('events')
    .innerJoin('cadres', 'cadres.id', 'events.cadre_id')
    .innerJoin('categories', 'categories.id', 'cadres.category_id')
    .select(['events.id', 'events.type', 'events.reason', 'cadres.code', 'categories.settings'])
    .where('events.cycle_id', '=', prev.id)
    .where('events.kind', '=', 'sanction')
    .execute();
  const byCode = new Map(cadres.map((c) => [c.code, c.id]));
  const out: EngineEvent[] = [];
  for (const r of rows) {
    const id = byCode.get(r.code);
    const sanctions = (JSON.parse(r.settings) as { grading?: { sanctions?: Record<string, string> } }).grading?.sanctions ?? {};
    if (id === undefined || sanctions[r.type] !== 'undetermined_two_years') continue;
    out.push({ id: -r.id, subjectKey: `cadre:${id}`, kind: 'sanction', type: r.type, points: 0, reason: `${year - 1}年度${r.reason}`, carried: true });
  }
  return out;
}

/** Components taken from another cycle's results, matched by the subject's code. */
async function externalScores(
  db: ReadDb,
  componentRows: { id: number; kind: string; params: string; name: string }[],
  units: { id: number; code: string }[],
  cadres: { id: number; code: string }[],
  unitIndex: Map<number, number>,
  cadreIndex: Map<number, number>,
): Promise<EngineExternalScore[]> {
  const out: EngineExternalScore[] = [];
  for (const comp of componentRows.filter((c) => c.kind === 'external')) {
    const p = parseJson(externalParams, comp.params, `考核构成“${comp.name}”的引用设置`);
    const source = await db.selectFrom('cycles').select(['name']).where('id', '=', p.sourceCycleId).executeTakeFirst();
    if (!source) continue;
    const rows = await db
      .selectFrom('results')
      .leftJoin('units', 'units.id', 'results.unit_id')
      .leftJoin('cadres', 'cadres.id', 'results.cadre_id')
      .select(['results.total', 'results.components', 'units.code as unit_code', 'cadres.code as cadre_code'])
      .where('results.cycle_id', '=', p.sourceCycleId)
      .execute();
    const unitByCode = new Map(units.filter((u) => unitIndex.has(u.id)).map((u) => [u.code, u.id]));
    const cadreByCode = new Map(cadres.filter((c) => cadreIndex.has(c.id)).map((c) => [c.code, c.id]));
    for (const r of rows) {
      const key: SubjectKey | null = r.unit_code && unitByCode.has(r.unit_code) ? `unit:${unitByCode.get(r.unit_code)!}` : r.cadre_code && cadreByCode.has(r.cadre_code) ? `cadre:${cadreByCode.get(r.cadre_code)!}` : null;
      if (!key) continue;
      let value = r.total;
      if (p.sourceComponent) {
        const comps = JSON.parse(r.components) as { code: string; scaled: number }[];
        value = comps.find((c) => c.code === p.sourceComponent)?.scaled ?? 0;
      }
      out.push({ componentId: comp.id, subjectKey: key, value, source: p.label ?? `“${source.name}”${p.sourceComponent ? `的“${p.sourceComponent}”` : '总分'}` });
    }
  }
  return out;
}
