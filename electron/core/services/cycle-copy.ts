// A new year from last year's plan (issue 7): the indicator trees,
// categories with their settings, components, units, cadres, responsible
// departments, rater groups, assessment groups and the document settings (文书设置,
// numbers starting again at 1) — not scores, tallies, events or results —
// copied in one transaction; first as a preview with the
// diff of the indicator systems against a chosen cycle. And the details of a
// cycle (name, year, organ) edited after it was created.
import { METHOD_LABELS, type Method } from '../../../shared/domain.ts';
import { AppError } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { CopyCounts, CycleDiff } from '../../../shared/ipc/contract-collect.ts';
import type { Db, ServiceContext, WriteTx } from '../context.ts';
import { updateAudited } from '../repos/audited.ts';
import { getCycleSummary, requireCycle } from '../repos/cycles.ts';

export async function updateCycle(ctx: ServiceContext, input: ParsedInputOf<'updateCycle'>): Promise<OutputOf<'updateCycle'>> {
  const c = await requireCycle(ctx.db, input.cycleId);
  if (input.name !== undefined && input.name !== c.name) {
    const dup = await ctx.db.selectFrom('cycles').select('id').where('name', '=', input.name).executeTakeFirst();
    if (dup) throw new AppError('conflict', `已有名为“${input.name}”的考核年度，请换一个名称。`, { kind: 'field', path: 'name' });
  }
  await ctx.write({ action: 'cycle.update', entity: 'cycle', entityId: c.id, cycleId: c.id, scope: 'plan' }, async (w) => {
    await updateAudited(w, 'cycles', 'cycle', c.id, { name: input.name, year: input.year, organ: input.organ });
  });
  return getCycleSummary(ctx.db, c.id);
}

// ---- the diff of two indicator systems -------------------------------------------------------------------

interface IndicatorFacts {
  categoryName: string;
  code: string;
  name: string;
  fullPoints: number;
  method: string;
  department: string | null;
}

function describeMethod(text: string | null): string {
  if (text === null) return '汇总下级';
  try {
    const m = JSON.parse(text) as Method;
    const { type, ...params } = m as Method & Record<string, unknown>;
    const keys = Object.keys(params).sort();
    return keys.length ? `${METHOD_LABELS[type] ?? type} ${JSON.stringify(params, keys)}` : (METHOD_LABELS[type] ?? type);
  } catch {
    return text;
  }
}

async function indicatorFacts(db: Db, cycleId: number): Promise<{ byKey: Map<string, IndicatorFacts>; categories: string[] }> {
  const rows = await db
    .selectFrom('indicators')
    .innerJoin('categories', 'categories.id', 'indicators.category_id')
    .leftJoin('departments', 'departments.id', 'indicators.department_id')
    .select(['categories.name as category_name', 'indicators.code', 'indicators.name', 'indicators.full_points', 'indicators.method', 'departments.name as department_name'])
    .where('categories.cycle_id', '=', cycleId)
    .orderBy('categories.sort_order')
    .orderBy('indicators.id')
    .execute();
  const cats = await db.selectFrom('categories').select('name').where('cycle_id', '=', cycleId).orderBy('sort_order').orderBy('id').execute();
  const byKey = new Map<string, IndicatorFacts>();
  for (const r of rows) byKey.set(`${r.category_name}\u0001${r.code}`, { categoryName: r.category_name, code: r.code, name: r.name, fullPoints: r.full_points, method: describeMethod(r.method), department: r.department_name });
  return { byKey, categories: cats.map((c) => c.name) };
}

/** What changed from one cycle's indicator system to another's, matched by category name and indicator code. */
export async function diffCycles(ctx: ServiceContext, fromCycleId: number, toCycleId: number): Promise<CycleDiff> {
  await requireCycle(ctx.db, fromCycleId);
  await requireCycle(ctx.db, toCycleId);
  const a = await indicatorFacts(ctx.db, fromCycleId);
  const b = await indicatorFacts(ctx.db, toCycleId);
  const brief = (f: IndicatorFacts) => ({ categoryName: f.categoryName, code: f.code, name: f.name, fullPoints: f.fullPoints });
  const diff: CycleDiff = {
    fromCycleId,
    toCycleId,
    added: [...b.byKey].filter(([k]) => !a.byKey.has(k)).map(([, f]) => brief(f)),
    removed: [...a.byKey].filter(([k]) => !b.byKey.has(k)).map(([, f]) => brief(f)),
    changed: [],
    categoriesAdded: b.categories.filter((c) => !a.categories.includes(c)),
    categoriesRemoved: a.categories.filter((c) => !b.categories.includes(c)),
  };
  for (const [k, before] of a.byKey) {
    const after = b.byKey.get(k);
    if (!after) continue;
    const fields = (['name', 'fullPoints', 'method', 'department'] as const).filter((f) => (f === 'fullPoints' ? Math.abs(before.fullPoints - after.fullPoints) > 1e-9 : before[f] !== after[f]));
    if (fields.length === 0) continue;
    const facts = (f: IndicatorFacts) => ({ name: f.name, fullPoints: f.fullPoints, method: f.method, department: f.department });
    diff.changed.push({ categoryName: after.categoryName, code: after.code, name: after.name, fields: [...fields], before: facts(before), after: facts(after) });
  }
  return diff;
}

// ---- the copy -------------------------------------------------------------------------------------------

async function countsOf(db: Db, cycleId: number): Promise<CopyCounts> {
  const n = async (q: Promise<{ n: number } | undefined>) => Number((await q)?.n ?? 0);
  const catIds = (await db.selectFrom('categories').select('id').where('cycle_id', '=', cycleId).execute()).map((r) => r.id);
  const inCats = async (table: 'components' | 'indicators') => (catIds.length ? n(db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('category_id', 'in', catIds).executeTakeFirst()) : 0);
  const inCycle = (table: 'departments' | 'units' | 'cadres' | 'rater_groups' | 'assessment_groups') => n(db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('cycle_id', '=', cycleId).executeTakeFirst());
  return {
    categories: catIds.length,
    components: await inCats('components'),
    indicators: await inCats('indicators'),
    departments: await inCycle('departments'),
    units: await inCycle('units'),
    cadres: await inCycle('cadres'),
    raterGroups: await inCycle('rater_groups'),
    assessmentGroups: await inCycle('assessment_groups'),
  };
}

/**
 * 文书设置 go with the copy (recipients, contact, fonts, prefixes): the
 * document numbers start again at 1 and the signing date is the issuing day;
 * a new organ replaces the old one where the settings named it.
 */
async function copyDocumentSettings(w: WriteTx, fromId: number, toId: number, oldOrgan: string, newOrgan: string): Promise<void> {
  const row = await w.trx.selectFrom('document_settings').select('settings').where('cycle_id', '=', fromId).executeTakeFirst();
  if (!row) return;
  let settings: Record<string, unknown>;
  try {
    settings = JSON.parse(row.settings) as Record<string, unknown>;
  } catch {
    return; // unreadable: the new year starts from the defaults, as a year without settings does
  }
  settings.noticeNext = 1;
  settings.letterNext = 1;
  settings.signDate = null;
  const from = oldOrgan.trim();
  const to = newOrgan.trim();
  if (from !== '' && to !== '' && from !== to) {
    for (const k of ['organ', 'organMark', 'signingOrgan', 'printOrgan']) {
      const v = settings[k];
      if (typeof v === 'string') settings[k] = v.replaceAll(from, to);
    }
  }
  await w.trx.insertInto('document_settings').values({ cycle_id: toId, settings: JSON.stringify(settings), updated_at: w.at }).execute();
}

async function checkCopyInput(ctx: ServiceContext, input: { sourceCycleId: number; name: string }) {
  const source = await requireCycle(ctx.db, input.sourceCycleId);
  const dup = await ctx.db.selectFrom('cycles').select('id').where('name', '=', input.name).executeTakeFirst();
  if (dup) throw new AppError('conflict', `已有名为“${input.name}”的考核年度，请换一个名称。`, { kind: 'field', path: 'name' });
  return source;
}

export async function previewCopyCycle(ctx: ServiceContext, input: ParsedInputOf<'previewCopyCycle'>): Promise<OutputOf<'previewCopyCycle'>> {
  await checkCopyInput(ctx, input);
  const counts = await countsOf(ctx.db, input.sourceCycleId);
  // the copy's indicators are the source's: the diff is the source against the chosen cycle
  const compare = input.compareWithCycleId ?? (await ctx.db.selectFrom('cycles').select('copied_from').where('id', '=', input.sourceCycleId).executeTakeFirst())?.copied_from ?? null;
  const diff = compare === null ? null : await diffCycles(ctx, compare, input.sourceCycleId);
  return { counts, diff };
}

export async function copyCycle(ctx: ServiceContext, input: ParsedInputOf<'copyCycle'>): Promise<OutputOf<'copyCycle'>> {
  const source = await checkCopyInput(ctx, input);
  const newId = await ctx.write({ action: 'cycle.copy', entity: 'cycle', cycleId: null, scope: null, detail: { from: source.id, fromName: source.name, name: input.name, year: input.year } }, async (w) => {
    const t = w.trx;
    const src = await t.selectFrom('cycles').selectAll().where('id', '=', source.id).executeTakeFirstOrThrow();
    const cycle = await t
      .insertInto('cycles')
      .values({ name: input.name, year: input.year, organ: input.organ ?? src.organ, status: 'draft', copied_from: src.id, settings: src.settings, created_at: w.at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cid = cycle.id;
    w.identify({ cycleId: cid, entityId: cid });
    await copyDocumentSettings(w, src.id, cid, src.organ, input.organ ?? src.organ);
    const map = { cat: new Map<number, number>(), comp: new Map<number, number>(), dep: new Map<number, number>(), ind: new Map<number, number>(), unit: new Map<number, number>(), group: new Map<number, number>() };

    for (const d of await t.selectFrom('departments').selectAll().where('cycle_id', '=', src.id).orderBy('id').execute()) {
      map.dep.set(d.id, (await t.insertInto('departments').values({ cycle_id: cid, name: d.name, contact: d.contact }).returning('id').executeTakeFirstOrThrow()).id);
    }
    const cats = await t.selectFrom('categories').selectAll().where('cycle_id', '=', src.id).orderBy('id').execute();
    for (const c of cats) {
      map.cat.set(c.id, (await t.insertInto('categories').values({ cycle_id: cid, kind: c.kind, name: c.name, difficulty: c.difficulty, sort_order: c.sort_order, settings: c.settings }).returning('id').executeTakeFirstOrThrow()).id);
    }
    const catIds = cats.map((c) => c.id);
    if (catIds.length) {
      for (const k of await t.selectFrom('components').selectAll().where('category_id', 'in', catIds).orderBy('id').execute()) {
        const { id, category_id, ...rest } = k;
        map.comp.set(id, (await t.insertInto('components').values({ ...rest, category_id: map.cat.get(category_id)! }).returning('id').executeTakeFirstOrThrow()).id);
      }
      // parents before children: inserted without parents, then linked
      const inds = await t.selectFrom('indicators').selectAll().where('category_id', 'in', catIds).orderBy('id').execute();
      for (const i of inds) {
        const { id, category_id, component_id, parent_id: _parent, department_id, ...rest } = i;
        map.ind.set(id, (await t.insertInto('indicators').values({ ...rest, category_id: map.cat.get(category_id)!, component_id: map.comp.get(component_id)!, parent_id: null, department_id: department_id === null ? null : (map.dep.get(department_id) ?? null) }).returning('id').executeTakeFirstOrThrow()).id);
      }
      for (const i of inds) if (i.parent_id !== null) await t.updateTable('indicators').set({ parent_id: map.ind.get(i.parent_id)! }).where('id', '=', map.ind.get(i.id)!).execute();
    }
    for (const u of await t.selectFrom('units').selectAll().where('cycle_id', '=', src.id).orderBy('id').execute()) {
      map.unit.set(u.id, (await t.insertInto('units').values({ cycle_id: cid, category_id: map.cat.get(u.category_id)!, code: u.code, name: u.name, sort_order: u.sort_order }).returning('id').executeTakeFirstOrThrow()).id);
    }
    for (const c of await t.selectFrom('cadres').selectAll().where('cycle_id', '=', src.id).orderBy('id').execute()) {
      await t.insertInto('cadres').values({ cycle_id: cid, unit_id: map.unit.get(c.unit_id)!, category_id: map.cat.get(c.category_id)!, code: c.code, name: c.name, post: c.post, title: c.title, sort_order: c.sort_order }).execute();
    }
    for (const g of await t.selectFrom('rater_groups').selectAll().where('cycle_id', '=', src.id).orderBy('id').execute()) {
      await t.insertInto('rater_groups').values({ cycle_id: cid, subject_kind: g.subject_kind, name: g.name, weight: g.weight, sort_order: g.sort_order }).execute();
    }
    const groups = await t.selectFrom('assessment_groups').selectAll().where('cycle_id', '=', src.id).orderBy('id').execute();
    for (const g of groups) map.group.set(g.id, (await t.insertInto('assessment_groups').values({ cycle_id: cid, name: g.name, sort_order: g.sort_order }).returning('id').executeTakeFirstOrThrow()).id);
    if (groups.length) {
      const gids = groups.map((g) => g.id);
      for (const m of await t.selectFrom('group_members').selectAll().where('group_id', 'in', gids).orderBy('id').execute()) {
        await t.insertInto('group_members').values({ group_id: map.group.get(m.group_id)!, name: m.name, role: m.role, affiliation: m.affiliation }).execute();
      }
      for (const gu of await t.selectFrom('group_units').selectAll().where('group_id', 'in', gids).execute()) {
        await t.insertInto('group_units').values({ group_id: map.group.get(gu.group_id)!, unit_id: map.unit.get(gu.unit_id)! }).execute();
      }
    }
    // a new cycle: one operation with its counts (there are no old values to keep)
    w.note({ ...(await countsOf(t, cid)) });
    return cid;
  });
  return { cycle: await getCycleSummary(ctx.db, newId), counts: await countsOf(ctx.db, newId) };
}
