// The cost of encryption at rest and of synchronous=FULL (issue 9), in one
// run: a full recompute, an incremental save (one cell, recomputed in its
// transaction), and a plan import, for plaintext/encrypted × NORMAL/FULL.
//
//   node test/bench/security.ts [--runs 5]
//       on the demo plan (loaded into each configuration's fresh database);
//       the import is docs/examples/plan-example.json.
//   node test/bench/security.ts --province [--subjects 1500] [--leaves 300] [--runs 3]
//       on the generated province (generate-province.ts, cached in the temp
//       folder; the other generator options as there), copied for each
//       configuration (and encrypted with rekeyFile for the encrypted ones);
//       the import is the example plan scaled to the province's number of
//       subjects (one unit per subject, its scores, tallies and events copied).
//
// Each configuration has a database of its own, all four open in this
// process and measured in interleaved rounds (after one warm-up round).
// Prints the medians and each figure's ratio to plaintext NORMAL (× and %).
// See README.md beside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type ServiceContext } from '../../electron/core/context.ts';
import { rawOf } from '../../electron/core/db/handles.ts';
import { rekeyFile } from '../../electron/core/db/keyed.ts';
import { importPlanFile } from '../../electron/core/import/import-plan.ts';
import { computeCycle } from '../../electron/core/services/compute.ts';
import { loadDemo } from '../../electron/core/services/cycles.ts';
import { getScoreMatrix, setScores } from '../../electron/core/services/scores.ts';
import type { SubjectKey } from '../../shared/domain.ts';
import { describeProvince, ensureProvince, optionsFromArgs } from './generate-province.ts';

const argv = process.argv.slice(2);
const province = argv.includes('--province');
const runsAt = argv.indexOf('--runs');
const runs = (runsAt >= 0 ? Number(argv[runsAt + 1]) : 0) || (province ? 3 : 5);
const KEY = 'bench-key-2025';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-sec-'));
const EXAMPLE = path.resolve(import.meta.dirname, '../../docs/examples/plan-example.json');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const log = (s: string) => process.stderr.write(`${s}\n`);

type Cell = { subjectKey: SubjectKey; indicatorId: number; value: number };
interface Setup {
  ctx: ServiceContext;
  cycleId: number;
  cell: Cell;
}

// ---- the plan imported: the example, or the example scaled to the province --------------

interface ExamplePlan {
  units: { code: string; name: string; category: string }[];
  scores: Record<string, unknown>;
  ballots: { subject: string }[];
  events: { subject: string }[];
  [k: string]: unknown;
}

/** The example plan with `units` units: copies of its own, each with the scores, tallies and events of the one it copies. */
function scaledPlan(units: number): { file: string; units: number; cells: number; ballots: number; events: number } {
  const plan = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8')) as ExamplePlan;
  const originals = plan.units;
  const out: ExamplePlan = { ...plan, units: [...originals], scores: { ...plan.scores }, ballots: [...plan.ballots], events: [...plan.events] };
  for (let i = 1; out.units.length < units; i++) {
    for (const u of originals) {
      if (out.units.length >= units) break;
      const code = `${u.code}-${i}`;
      out.units.push({ ...u, code, name: `${u.name}${i}` });
      if (plan.scores[u.code]) out.scores[code] = plan.scores[u.code];
      for (const b of plan.ballots) if (b.subject === u.code) out.ballots.push({ ...b, subject: code });
      for (const e of plan.events) if (e.subject === u.code) out.events.push({ ...e, subject: code });
    }
  }
  const file = path.join(root, `plan-${units}.json`);
  fs.writeFileSync(file, JSON.stringify(out));
  const cells = Object.values(out.scores).reduce<number>((n, s) => n + Object.keys(s as object).length, 0);
  return { file, units: out.units.length, cells, ballots: out.ballots.length, events: out.events.length };
}

// ---- the databases ---------------------------------------------------------------------

async function demoSetup(dir: string, key: string | null, synchronous: 'NORMAL' | 'FULL'): Promise<Setup> {
  const ctx = await createContext({ dbFile: path.join(dir, 'kaohe.db'), dbKey: key, synchronous });
  const cycle = await loadDemo(ctx);
  const cat = (await ctx.db.selectFrom('categories').select('id').where('cycle_id', '=', cycle.id).orderBy('id').executeTakeFirstOrThrow()).id;
  const c = (await getScoreMatrix(ctx, { categoryId: cat })).cells.find((x) => x.value !== null)!;
  return { ctx, cycleId: cycle.id, cell: { subjectKey: c.subjectKey as SubjectKey, indicatorId: c.indicatorId, value: c.value! } };
}

const provinceFile = province ? await ensureProvince({ subjects: 1500, ...optionsFromArgs(argv) }, argv.includes('--fresh')) : null;

async function provinceSetup(dir: string, key: string | null, synchronous: 'NORMAL' | 'FULL'): Promise<Setup> {
  const p = provinceFile!;
  const file = path.join(dir, 'kaohe.db');
  fs.copyFileSync(p.file, file);
  if (fs.existsSync(`${p.file}-wal`)) fs.copyFileSync(`${p.file}-wal`, `${file}-wal`);
  if (key) rekeyFile(file, null, key);
  const ctx = await createContext({ dbFile: file, dbKey: key, synchronous });
  const c = rawOf(ctx.db)
    .prepare(
      `select s.indicator_id indicatorId, s.unit_id unitId, s.value "value"
         from score_entries s join indicators i on i.id = s.indicator_id join categories c on c.id = i.category_id
        where c.cycle_id = ? and s.unit_id is not null and i.method like '%"direct"%' and s.value >= 0.5 and s.text_value is null
        order by c.sort_order, c.id, s.unit_id, i.id limit 1`,
    )
    .get(p.cycleId) as { indicatorId: number; unitId: number; value: number };
  return { ctx, cycleId: p.cycleId, cell: { subjectKey: `unit:${c.unitId}`, indicatorId: c.indicatorId, value: c.value } };
}

// ---- the measurement -----------------------------------------------------------------------

const importPlan = province ? scaledPlan(provinceFile!.options.subjects) : { file: EXAMPLE, units: 0, cells: 0, ballots: 0, events: 0 };

const CONFIGS = [
  ['plaintext, NORMAL', null, 'NORMAL'],
  ['plaintext, FULL', null, 'FULL'],
  ['encrypted, NORMAL', KEY, 'NORMAL'],
  ['encrypted, FULL', KEY, 'FULL'],
] as const;

if (provinceFile) {
  log(describeProvince(provinceFile));
  log(`  plan import: the example plan scaled to ${importPlan.units} units (${importPlan.cells} score cells, ${importPlan.ballots} tallies, ${importPlan.events} events), a new year each run`);
}
// the four databases side by side, measured in rounds (each round in another
// order), so that a machine busier at one moment slows all four alike
const setups: Setup[] = [];
for (const [, key, sync] of CONFIGS) setups.push(await (province ? provinceSetup : demoSetup)(fs.mkdtempSync(path.join(root, 'c-')), key, sync));
const times = CONFIGS.map(() => ({ full: [] as number[], incremental: [] as number[], import: [] as number[] }));
for (let round = -1; round < runs; round++) {
  const t0 = performance.now();
  for (let j = 0; j < CONFIGS.length; j++) {
    const k = (j + Math.max(round, 0)) % CONFIGS.length;
    const { ctx, cycleId, cell } = setups[k]!;
    let t = performance.now();
    await computeCycle(ctx, cycleId);
    const full = performance.now() - t;
    t = performance.now();
    // alternately lowered by 0.5 and put back: a real change each time
    await setScores(ctx, { cells: [{ subjectKey: cell.subjectKey, indicatorId: cell.indicatorId, value: round % 2 === 0 ? cell.value - 0.5 : cell.value, text: null }] });
    const incremental = performance.now() - t;
    t = performance.now();
    await importPlanFile(ctx, importPlan.file);
    const imp = performance.now() - t;
    // round -1 warms up (statements, caches, the JIT): not counted
    if (round >= 0) {
      times[k]!.full.push(full);
      times[k]!.incremental.push(incremental);
      times[k]!.import.push(imp);
    }
  }
  log(`  ${round < 0 ? 'warm-up' : `round ${round + 1}/${runs}`}: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
for (const s of setups) await s.ctx.close();
const scale = provinceFile
  ? `province: ${provinceFile.counts.units + provinceFile.counts.cadres} subjects, ${provinceFile.counts.scoreEntries} score cells, ${provinceFile.counts.ballots} tallies, ${provinceFile.counts.events} events`
  : 'demo plan';
const minimum = (xs: number[]) => Math.min(...xs);
for (const [what, of] of [
  ['median', median],
  ['min', minimum],
] as const) {
  const rows = CONFIGS.map(([label], k) => [label, { full: of(times[k]!.full), incremental: of(times[k]!.incremental), import: of(times[k]!.import) }] as const);
  const base = rows[0]![1];
  console.log(`security bench (${scale}; ${what} of ${runs} runs after 1 warm-up, ms; × and % against plaintext NORMAL)`);
  console.log(`${'configuration'.padEnd(20)}${'full recompute'.padStart(26)}${'incremental save'.padStart(26)}${'plan import'.padStart(26)}`);
  for (const [label, r] of rows) {
    const f = (v: number, b: number) => `${v.toFixed(1)} (${(v / b).toFixed(2)}×, ${v >= b ? '+' : ''}${(((v - b) / b) * 100).toFixed(0)}%)`.padStart(26);
    console.log(`${label.padEnd(20)}${f(r.full, base.full)}${f(r.incremental, base.incremental)}${f(r.import, base.import)}`);
  }
}
fs.rmSync(root, { recursive: true, force: true });
