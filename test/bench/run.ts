// npm run bench: the province-scale benchmark (see README.md beside it).
//
// Generates (or reuses from the OS temp folder) a province-scale cycle in a
// real SQLite file, then, in this one process, times:
//   - the reference: one bare SQL aggregate over the score cells (raw better-sqlite3);
//   - the full recompute from the database, results written back (computeCycle);
//   - the incremental recompute after one cell edit (recomputeAfterEdit, once it exists);
// and, for the engine's owner, where the full recompute's time goes (load,
// engine, serialising the traces, writing) and how big the results get.
// It reports; it does not gate: the exit code is 0 whether targets are met or not.
//
//   node test/bench/run.ts [--subjects N] [--leaves N] [--categories N] [--rater-groups N]
//                          [--events N] [--seed N] [--runs N] [--warmup N] [--fresh] [--no-phases]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createContext, type ServiceContext } from '../../electron/core/context.ts';
import * as computeService from '../../electron/core/services/compute.ts';
import { loadEngineInput } from '../../electron/core/services/engine-input.ts';
import { compute } from '../../shared/engine/compute.ts';
import { describeProvince, ensureProvince, optionsFromArgs } from './generate-province.ts';

const TARGET_FULL_MS = 1500;
const TARGET_RATIO = 3;
const TARGET_INCREMENTAL_MS = 50;

// ---- arguments ---------------------------------------------------------------------

const argv = process.argv.slice(2);
function intArg(flag: string, fallback: number): number {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return fallback;
  const text = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} wants a non-negative integer, not ${text}`);
  return n;
}
const runs = Math.max(1, intArg('--runs', 5));
const warmup = intArg('--warmup', 1);
const fresh = argv.includes('--fresh');
const phases = !argv.includes('--no-phases');

// ---- measuring -------------------------------------------------------------------------

interface Timing {
  median: number;
  min: number;
  max: number;
  all: number[];
}

function summarise(all: number[]): Timing {
  const s = [...all].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, all };
}

/** Runs `fn` warmup + runs times; times the last `runs` with performance.now(). `before` runs untimed before each call. */
async function measure(label: string, fn: () => unknown, before?: () => unknown): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    if (before) await before();
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    if (i >= warmup) times.push(dt);
  }
  const t = summarise(times);
  console.log(`  ${label}: median ${ms(t.median)}, min ${ms(t.min)}, max ${ms(t.max)}  [${times.map((x) => x.toFixed(0)).join(', ')}]`);
  return t;
}

const rssMarks: [string, number][] = [];
function markRss(label: string): void {
  rssMarks.push([label, process.resourceUsage().maxRSS / 1024]);
}

function ms(x: number): string {
  return x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}
function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

// ---- the incremental recompute ---------------------------------------------------------------

type IncrementalFn = (...args: unknown[]) => unknown;

interface CellRef {
  indicatorId: number;
  subjectKey: `unit:${number}` | `cadre:${number}`;
  unitId: number;
  full: number;
  value: number;
}

/**
 * The call convention assumed for recomputeAfterEdit, which is being written
 * elsewhere: (ctx, { cycleId, cells: [{ indicatorId, subjectKey, value, text }] })
 * — the cells as setScores takes them — or, when the function declares three
 * parameters, (ctx, cycleId, cells). Adjust here once its signature is settled.
 */
function callIncremental(fn: IncrementalFn, ctx: ServiceContext, cycleId: number, cell: CellRef, value: number): unknown {
  const cells = [{ indicatorId: cell.indicatorId, subjectKey: cell.subjectKey, value, text: null }];
  return fn.length >= 3 ? fn(ctx, cycleId, cells) : fn(ctx, { cycleId, cells });
}

// ---- the run -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`kaohe-desk benchmark — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${os.platform()} ${os.arch()}`);
  console.log(`(${warmup} warm-up + ${runs} timed runs of each figure; median and min)\n`);

  const t0 = performance.now();
  const province = await ensureProvince(optionsFromArgs(argv), fresh);
  const genSeconds = (performance.now() - t0) / 1000;
  console.log(describeProvince(province));
  console.log(province.reused ? `  (reused in ${genSeconds.toFixed(2)} s; pass --fresh to generate it again)\n` : `  generation took ${genSeconds.toFixed(1)} s\n`);
  markRss('after generation');
  const { file, cycleId } = province;

  // the reference: one bare SQL aggregate over the same cells, with raw better-sqlite3
  console.log('measuring:');
  const ref = new BetterSqlite3(file);
  const aggregate = ref.prepare('select coalesce(unit_id, -cadre_id) k, sum(value) from score_entries group by k').raw();
  let groups = 0;
  const reference = await measure('reference (SQL GROUP BY over score_entries)', () => {
    groups = aggregate.all().length;
  });
  ref.close();
  markRss('after reference');

  // the full recompute from the database, results written back
  const docsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-docs-'));
  process.on('exit', () => fs.rmSync(docsDir, { recursive: true, force: true }));
  const ctx = await createContext({ dbFile: file, documentsDir: docsDir });
  let out: Awaited<ReturnType<typeof computeService.computeCycle>> | undefined;
  const full = await measure('full recompute (computeCycle)', async () => {
    out = await computeService.computeCycle(ctx, cycleId);
  });
  markRss('after full recompute');
  if (out) console.log(`    → ${out.subjects} subjects in ${out.categories} categories, ${out.missingCells} missing cells (the reference saw ${groups} subjects)`);

  // the incremental recompute after one cell edit, once it exists
  const raw = ctx.store.raw;
  const mod = (await import('../../electron/core/services/compute.ts')) as Record<string, unknown>;
  let incremental: Timing | null = null;
  let incrementalNote = 'not implemented yet';
  if (typeof mod.recomputeAfterEdit === 'function') {
    const fn = mod.recomputeAfterEdit as IncrementalFn;
    const cell = raw
      .prepare(
        `select s.indicator_id indicatorId, s.unit_id unitId, i.full_points "full", s.value "value"
           from score_entries s join indicators i on i.id = s.indicator_id join categories c on c.id = i.category_id
          where c.cycle_id = ? and s.unit_id is not null and i.method like '%"direct"%' and s.value >= 0.5
          order by s.unit_id, i.id limit 1`,
      )
      .get(cycleId) as Omit<CellRef, 'subjectKey'> | undefined;
    if (!cell) {
      incrementalNote = 'no direct cell to edit';
    } else {
      const target: CellRef = { ...cell, subjectKey: `unit:${cell.unitId}` };
      const update = raw.prepare('update score_entries set value = ?, updated_at = ? where indicator_id = ? and unit_id = ?');
      let flip = 0;
      let value = target.value;
      try {
        incremental = await measure(
          `incremental recompute after one cell edit (recomputeAfterEdit, ${fn.length >= 3 ? '(ctx, cycleId, cells)' : '(ctx, { cycleId, cells })'})`,
          () => callIncremental(fn, ctx, cycleId, target, value),
          () => {
            // the edit itself (raw SQL, untimed): alternately lower the cell by 0.5 and put it back
            value = flip++ % 2 === 0 ? target.value - 0.5 : target.value;
            update.run(value, new Date().toISOString(), target.indicatorId, target.unitId);
          },
        );
        incrementalNote = '';
      } catch (e) {
        incrementalNote = `failed: ${(e as Error).message}`;
        console.log(`  incremental recompute ${incrementalNote}`);
      } finally {
        // leave the cached file as it was generated (and its results consistent with it)
        if (value !== target.value) {
          update.run(target.value, new Date().toISOString(), target.indicatorId, target.unitId);
          try {
            await callIncremental(fn, ctx, cycleId, target, target.value);
          } catch {
            // reported above
          }
        }
      }
    }
  } else {
    console.log('  incremental recompute: not implemented yet (electron/core/services/compute.ts exports no recomputeAfterEdit)');
  }
  markRss('after incremental');

  // where the full recompute's time goes
  let phaseRows: [string, Timing | number][] = [];
  if (phases) {
    console.log('\nphases of the full recompute (each timed on its own):');
    let input: Awaited<ReturnType<typeof loadEngineInput>> | undefined;
    const load = await measure('load (loadEngineInput)', async () => {
      input = await loadEngineInput(ctx.db, ctx.store.raw, cycleId);
    });
    let results: ReturnType<typeof compute>['results'] = [];
    const engine = await measure('engine (compute, pure)', () => {
      results = compute(input!).results;
    });
    let traceChars = 0;
    const serialise = await measure('serialise traces (JSON.stringify of components and flags)', () => {
      traceChars = 0;
      for (const r of results) traceChars += JSON.stringify(r.components).length + JSON.stringify(r.flags).length;
    });
    const rest = full.median - load.median - engine.median - serialise.median;
    console.log(`  write (delete + insert of the results, audit), by difference: ${ms(rest)}`);
    console.log(
      `  engine input: ${input!.scores.length} score cells, ${input!.ballots.length} ballots, ${input!.events.length} events, ${input!.indicators.length} indicators; ` +
        `engine output: ${results.length} results, ${traceChars.toLocaleString('en')} characters of trace JSON`,
    );
    phaseRows = [
      ['load', load],
      ['engine', engine],
      ['serialise traces', serialise],
      ['write (by difference)', rest],
    ];
    input = undefined;
    results = [];
    markRss('after phases');
  }

  // the size of the results
  const size = raw
    .prepare(
      `select count(*) n, sum(length(cast(components as blob))) components, sum(length(cast(flags as blob))) flags,
              sum(length(cast(grade_note as blob)) + length(cast(grade_rule as blob)) + length(cast(computed_grade as blob))) grades,
              max(length(cast(components as blob))) largest
         from results where cycle_id = ?`,
    )
    .get(cycleId) as { n: number; components: number; flags: number; grades: number; largest: number };
  let pages: number | null = null;
  try {
    pages = (raw.prepare(`select sum(pgsize) bytes from dbstat where name in ('results', 'results_cycle')`).get() as { bytes: number }).bytes;
  } catch {
    pages = null; // dbstat not compiled in
  }
  const fileBytes = fs.statSync(file).size;
  const walBytes = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
  await ctx.close();

  // ---- the report -------------------------------------------------------------------------------
  const peak = process.resourceUsage().maxRSS / 1024;
  const ratio = full.median / reference.median;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const rows: string[][] = [
    ['figure', 'median', 'min', 'target', 'result'],
    ['reference: SQL GROUP BY unit over score_entries', ms(reference.median), ms(reference.min), '', ''],
    ['full recompute from the DB, results written', ms(full.median), ms(full.min), `< ${TARGET_FULL_MS} ms`, verdict(full.median < TARGET_FULL_MS)],
    ['ratio full / reference', `${ratio.toFixed(1)} ×`, `${(full.min / reference.min).toFixed(1)} ×`, `≤ ${TARGET_RATIO} ×`, verdict(ratio <= TARGET_RATIO)],
    incremental
      ? ['incremental recompute after one cell edit', ms(incremental.median), ms(incremental.min), `< ${TARGET_INCREMENTAL_MS} ms`, verdict(incremental.median < TARGET_INCREMENTAL_MS)]
      : ['incremental recompute after one cell edit', incrementalNote, '', `< ${TARGET_INCREMENTAL_MS} ms`, '—'],
    ['peak memory (max RSS of this process)', `${peak.toFixed(0)} MiB`, '', '(reported)', ''],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log('\n' + line(rows[0]!));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));

  if (phaseRows.length > 0) {
    console.log('\nwhere the full recompute goes (medians; shares of the full recompute median):');
    for (const [label, t] of phaseRows) {
      const x = typeof t === 'number' ? t : t.median;
      console.log(`  ${label.padEnd(24)} ${ms(x).padStart(10)}  ${((100 * x) / full.median).toFixed(0).padStart(3)} %`);
    }
  }
  console.log(
    `\nresults table: ${size.n} rows; components JSON ${mib(size.components)} (largest row ${(size.largest / 1024).toFixed(0)} KiB), flags ${(size.flags / 1024).toFixed(0)} KiB, grade texts ${(size.grades / 1024).toFixed(0)} KiB` +
      (pages !== null ? `; on disk (dbstat, table + index) ${mib(pages)}` : ''),
  );
  console.log(`database file ${mib(fileBytes)} (+ WAL ${mib(walBytes)}); generated size ${mib(province.bytes)}`);
  console.log(`max RSS so far: ${rssMarks.map(([l, v]) => `${l} ${v.toFixed(0)} MiB`).join(', ')}`);
  process.exitCode = 0;
}

await main();
