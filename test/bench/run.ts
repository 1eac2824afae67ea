// npm run bench: the province-scale benchmark (see README.md beside it).
//
// Generates (or reuses from the OS temp folder) a province-scale cycle in a
// real SQLite file, then, in this one process, times:
//   - the reference: one bare SQL aggregate over the score cells (raw better-sqlite3);
//   - the full recompute from the database, results written back (computeCycle);
//   - saving one cell through setScores, which recomputes its category (and
//     the categories depending on it) in the same transaction;
//   - a plan edit through saveIndicator (one leaf's full points), which does the same;
//   - the peak memory so far (the target's figure);
//   - the phases of the full recompute: load, engine, serialising the traces, writeResults alone;
// and then the series: the reference and the full recompute at 750, 1,500,
// 3,000 and 6,000 subjects, each other size in a child process of its own (so
// that each process's peak memory is its own size's).
// It reports; it does not gate: the exit code is 0 whether targets are met or not.
//
//   node test/bench/run.ts [--subjects N] [--leaves N] [--categories N] [--rater-groups N]
//                          [--events N] [--seed N] [--runs N] [--warmup N] [--fresh] [--no-phases]
//                          [--series 750,1500,3000,6000 | --no-series] [--full-only]
//                          [--only recompute,collect,grid,bulk] [--no-collect] [--no-grid] [--no-bulk] [--profile]
// After the recompute section, the issue-7 sections run, each in a child process:
// collect-import.ts (a 100,000-cell department workbook imported) and
// grid-scroll.ts (the score grid at 3,000 × 60 in Chromium) and bulk-save.ts
// (a 200,000-cell save, main-thread pauses); --only chooses.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { createContext } from '../../electron/core/context.ts';
import { rawOf } from '../../electron/core/db/handles.ts';
import { loadEngineInput } from '../../electron/core/repos/engine-input.ts';
import { listIndicators } from '../../electron/core/repos/indicators.ts';
import { currentVersions, writeResults } from '../../electron/core/repos/results.ts';
import * as computeService from '../../electron/core/services/compute.ts';
import { saveIndicator } from '../../electron/core/services/indicators.ts';
import { setScores } from '../../electron/core/services/scores.ts';
import { compute } from '../../shared/engine/compute.ts';
import { describeProvince, ensureProvince, optionsFromArgs, PROVINCE_DEFAULTS } from './generate-province.ts';
import { intArg as intArgOf, median } from './args.ts';

const TARGET_FULL_MS = 1500;
const TARGET_RATIO = 2;
const TARGET_WRITE_MS = 60;
const TARGET_CELL_MS = 50;
const TARGET_PLAN_MS = 200;
const TARGET_PEAK_MIB = 400;
const DEFAULT_SERIES = [750, 1500, 3000, 6000];

// ---- arguments ---------------------------------------------------------------------

const argv = process.argv.slice(2);
const intArg = (flag: string, fallback: number) => intArgOf(argv, flag, fallback);
function listArg(flag: string): number[] | null {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return null;
  const text = argv[i]!.includes('=') ? argv[i]!.split('=')[1]! : (argv[i + 1] ?? '');
  const list = text.split(',').map(Number);
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 2)) throw new Error(`${flag} wants sizes like 750,1500,3000,6000, not ${text}`);
  return list;
}
const runs = Math.max(1, intArg('--runs', 5));
const warmup = intArg('--warmup', 1);
const fresh = argv.includes('--fresh');
const phases = !argv.includes('--no-phases');
/** a child of the series: only the reference and the full recompute, one JSON line on stdout */
const fullOnly = argv.includes('--full-only');
const provinceOptions = optionsFromArgs(argv);
const mainSubjects = provinceOptions.subjects ?? PROVINCE_DEFAULTS.subjects;
// the series by default only for the default province (a quick run with --subjects/--leaves has none)
const series: number[] = argv.includes('--no-series') || fullOnly ? [] : (listArg('--series') ?? (provinceOptions.subjects === undefined && provinceOptions.leaves === undefined ? DEFAULT_SERIES : []));
const log = fullOnly ? () => {} : (s: string) => console.log(s);

// ---- measuring -------------------------------------------------------------------------

interface Timing {
  median: number;
  min: number;
  max: number;
  all: number[];
}

function summarise(all: number[]): Timing {
  return { median: median(all), min: Math.min(...all), max: Math.max(...all), all };
}

function report(label: string, times: number[]): Timing {
  const t = summarise(times);
  log(`  ${label}: median ${ms(t.median)}, min ${ms(t.min)}, max ${ms(t.max)}  [${times.map((x) => x.toFixed(0)).join(', ')}]`);
  return t;
}

/** Runs `fn` warmup + runs times; times the last `runs` with performance.now(). `before` runs untimed before each call. */
async function measure(label: string, fn: (i: number) => unknown, before?: (i: number) => unknown): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    if (before) await before(i);
    const t0 = performance.now();
    await fn(i);
    const dt = performance.now() - t0;
    if (i >= warmup) times.push(dt);
  }
  return report(label, times);
}

/** Like measure, but `fn` times itself (a phase inside a larger call) and returns its milliseconds. */
async function measureInner(label: string, fn: (i: number) => Promise<number> | number): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const dt = await fn(i);
    if (i >= warmup) times.push(dt);
  }
  return report(label, times);
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
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

// ---- the reference and the full recompute (every size of the series) ----------------------------------

interface FullFigures {
  subjects: number;
  reference: Timing;
  full: Timing;
  /** max RSS of the process that measured them, MiB */
  peakMiB: number;
}

async function measureReference(file: string): Promise<{ t: Timing; groups: number }> {
  const ref = new BetterSqlite3(file);
  const aggregate = ref.prepare('select coalesce(unit_id, -cadre_id) k, sum(value) from score_entries group by k').raw();
  let groups = 0;
  const t = await measure('reference (SQL GROUP BY over score_entries)', () => {
    groups = aggregate.all().length;
  });
  ref.close();
  return { t, groups };
}

/** Runs this script again for one size of the series (--full-only) and reads its JSON line. */
function seriesChild(subjects: number): FullFigures {
  const args = [fileURLToPath(import.meta.url), ...argv.filter((a, i) => !isSizeFlag(argv, i)), '--subjects', String(subjects), '--full-only'];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const line = out.split('\n').find((l) => l.startsWith('BENCH-JSON '));
  if (!line) throw new Error(`series child for ${subjects} subjects printed no result:\n${out}`);
  return JSON.parse(line.slice('BENCH-JSON '.length)) as FullFigures;
}

/** --subjects and --series (with their values) are set per child. */
function isSizeFlag(args: string[], i: number): boolean {
  const a = args[i]!;
  const prev = args[i - 1];
  if (a.startsWith('--subjects') || a.startsWith('--series') || a === '--no-series') return true;
  return (prev === '--subjects' || prev === '--series') && !a.startsWith('--');
}

// ---- the run -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`kaohe-desk benchmark — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${os.platform()} ${os.arch()}`);
  log(`(${warmup} warm-up + ${runs} timed runs of each figure; median and min)\n`);

  const t0 = performance.now();
  const province = await ensureProvince(provinceOptions, fresh);
  const genSeconds = (performance.now() - t0) / 1000;
  log(describeProvince(province));
  log(province.reused ? `  (reused in ${genSeconds.toFixed(2)} s; pass --fresh to generate it again)\n` : `  generation took ${genSeconds.toFixed(1)} s\n`);
  markRss('after generation');
  const { file, cycleId } = province;

  log('measuring:');
  const { t: reference, groups } = await measureReference(file);
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
  if (out) log(`    → ${out.subjects} subjects in ${out.categories} categories, ${out.missingCells} missing cells (the reference saw ${groups} subjects)`);

  if (fullOnly) {
    await ctx.close();
    const figures: FullFigures = { subjects: province.options.subjects, reference, full, peakMiB: process.resourceUsage().maxRSS / 1024 };
    console.log(`BENCH-JSON ${JSON.stringify(figures)}`);
    return;
  }

  const raw = rawOf(ctx.db);

  // saving one cell through the service: the edit and the recompute of its category in one transaction
  const cell = raw
    .prepare(
      `select s.indicator_id indicatorId, s.unit_id unitId, i.category_id categoryId, s.value "value"
         from score_entries s join indicators i on i.id = s.indicator_id join categories c on c.id = i.category_id
        where c.cycle_id = ? and s.unit_id is not null and i.method like '%"direct"%' and s.value >= 0.5 and s.text_value is null
        order by c.sort_order, c.id, s.unit_id, i.id limit 1`,
    )
    .get(cycleId) as { indicatorId: number; unitId: number; categoryId: number; value: number } | undefined;
  let saveCell: Timing | null = null;
  let planEdit: Timing | null = null;
  let cellNote = 'no direct cell to edit';
  let planNote = 'no direct leaf to edit';
  const lastRecompute = () => {
    const r = raw.prepare(`select detail from audit_log where op is null order by id desc limit 1`).get() as { detail: string } | undefined;
    const d = r ? (JSON.parse(r.detail) as { recompute?: { categories: number; subjects: number } }).recompute : undefined;
    return d ? `recomputed ${d.categories} categor${d.categories === 1 ? 'y' : 'ies'}, ${d.subjects} subjects` : 'no recompute';
  };
  if (cell) {
    const subjectKey = `unit:${cell.unitId}` as const;
    const save = (value: number) => setScores(ctx, { cells: [{ indicatorId: cell.indicatorId, subjectKey, value, text: null }] });
    try {
      // alternately lower the cell by 0.5 and put it back
      saveCell = await measure('save one cell (setScores, incl. the recompute of its category)', (i) => save(i % 2 === 0 ? cell.value - 0.5 : cell.value));
      cellNote = lastRecompute();
      log(`    → ${cellNote}`);
    } catch (e) {
      cellNote = `failed: ${(e as Error).message}`;
      log(`  save one cell ${cellNote}`);
    } finally {
      await save(cell.value); // leave the cached file as it was generated
    }

    // a plan edit: one leaf's full points in the same category, through the service
    const leaf = (await listIndicators(ctx.db, cell.categoryId)).find((i) => i.isLeaf && i.method?.type === 'direct');
    if (leaf) {
      const edit = (fullPoints: number) =>
        saveIndicator(ctx, {
          categoryId: leaf.categoryId,
          id: leaf.id,
          parentId: leaf.parentId,
          componentId: leaf.componentId,
          code: leaf.code,
          name: leaf.name,
          fullPoints,
          method: leaf.method,
          departmentId: leaf.departmentId,
          description: leaf.description,
        });
      try {
        planEdit = await measure('plan edit (saveIndicator: one leaf\'s full points, incl. the recompute)', (i) => edit(i % 2 === 0 ? leaf.fullPoints + 1 : leaf.fullPoints));
        planNote = lastRecompute();
        log(`    → ${planNote}`);
      } catch (e) {
        planNote = `failed: ${(e as Error).message}`;
        log(`  plan edit ${planNote}`);
      } finally {
        await edit(leaf.fullPoints);
      }
    }
  }
  markRss('after the edits');

  // the peak the targets speak of: this process through the full recompute and the edits (the phases
  // below keep an engine input and output alive between their runs, which the application never does)
  const peakApp = process.resourceUsage().maxRSS / 1024;

  // where the full recompute's time goes
  let phaseRows: [string, Timing | number][] = [];
  let write: Timing | null = null;
  if (phases) {
    log('\nphases of the full recompute (each timed on its own):');
    let input: Awaited<ReturnType<typeof loadEngineInput>> | undefined;
    const load = await measure('load (loadEngineInput)', async () => {
      input = await loadEngineInput(ctx.db, cycleId);
    });
    let engineOut: ReturnType<typeof compute> | undefined;
    const engine = await measure('engine (compute, pure)', () => {
      engineOut = compute(input!);
    });
    let traceChars = 0;
    const serialise = await measure('serialise traces (JSON.stringify of components and flags)', () => {
      traceChars = 0;
      for (const r of engineOut!.results) traceChars += JSON.stringify(r.components).length + JSON.stringify(r.flags).length;
    });
    // writeResults alone, inside a write of its own (the same output each time, so the results stay as they were)
    write = await measureInner('write (writeResults alone: delete + insert of the results and groups)', async () => {
      const versions = currentVersions(ctx.db, cycleId);
      let dt = 0;
      await ctx.write({ action: 'compute.full', entity: 'results', cycleId, scope: 'compute', detail: { bench: 'writeResults' } }, async (w) => {
        const t = performance.now();
        writeResults(w, cycleId, null, engineOut!, versions);
        dt = performance.now() - t;
      });
      return dt;
    });
    const rest = full.median - load.median - engine.median - write.median;
    log(`  the rest (lifecycle check, versions, transaction, commit, audit, and the garbage collection of it all run together), by difference: ${ms(rest)}`);
    log(
      `  engine input: ${input!.scoreTable?.value.length ?? 0} score cells, ${input!.scores.length} extra cells, ${input!.ballots.length} ballots, ${input!.events.length} events, ${input!.indicators.length} indicators; ` +
        `engine output: ${engineOut!.results.length} results, ${traceChars.toLocaleString('en')} characters of trace JSON (serialised within the write)`,
    );
    phaseRows = [
      ['load', load],
      ['engine', engine],
      ['write (writeResults)', write],
      ['  of which JSON of traces', serialise],
      ['the rest (by difference)', rest],
    ];
    input = undefined;
    engineOut = undefined;
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
    pages = (raw.prepare(`select sum(pgsize) bytes from dbstat where name in ('results', 'results_cycle', 'results_category')`).get() as { bytes: number }).bytes;
  } catch {
    pages = null; // dbstat not compiled in
  }
  const fileBytes = fs.statSync(file).size;
  const walBytes = fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
  await ctx.close();
  const peak = process.resourceUsage().maxRSS / 1024;

  // the series: every other size in a child process of its own
  const seriesRows: FullFigures[] = [];
  if (series.length > 0) {
    log(`\nthe series (${series.join(', ')} subjects; other sizes in child processes):`);
    for (const n of series) {
      if (n === mainSubjects) {
        seriesRows.push({ subjects: n, reference, full, peakMiB: peakApp });
        continue;
      }
      const t = performance.now();
      const f = seriesChild(n);
      log(`  ${n} subjects: reference ${ms(f.reference.median)}, full ${ms(f.full.median)} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
      seriesRows.push(f);
    }
  }

  // ---- the report -------------------------------------------------------------------------------
  const ratio = full.median / reference.median;
  const rows: string[][] = [
    ['figure', 'median', 'min', 'target', 'result'],
    ['reference: SQL GROUP BY unit over score_entries', ms(reference.median), ms(reference.min), '', ''],
    ['full recompute from the DB, results written', ms(full.median), ms(full.min), `< ${TARGET_FULL_MS} ms`, verdict(full.median < TARGET_FULL_MS)],
    ['ratio full / reference', `${ratio.toFixed(1)} ×`, `${(full.min / reference.min).toFixed(1)} ×`, `≤ ${TARGET_RATIO} ×`, verdict(ratio <= TARGET_RATIO)],
    write
      ? ['write the results (writeResults alone)', ms(write.median), ms(write.min), `< ${TARGET_WRITE_MS} ms`, verdict(write.median < TARGET_WRITE_MS)]
      : ['write the results (writeResults alone)', 'not measured (--no-phases)', '', `< ${TARGET_WRITE_MS} ms`, '—'],
    saveCell
      ? ['save one cell (incl. recompute)', ms(saveCell.median), ms(saveCell.min), `< ${TARGET_CELL_MS} ms`, verdict(saveCell.median < TARGET_CELL_MS)]
      : ['save one cell (incl. recompute)', cellNote, '', `< ${TARGET_CELL_MS} ms`, '—'],
    planEdit
      ? ['plan edit in one category (incl. recompute)', ms(planEdit.median), ms(planEdit.min), `< ${TARGET_PLAN_MS} ms`, verdict(planEdit.median < TARGET_PLAN_MS)]
      : ['plan edit in one category (incl. recompute)', planNote, '', `< ${TARGET_PLAN_MS} ms`, '—'],
    ['peak memory (max RSS: full recompute and edits)', `${peakApp.toFixed(0)} MiB`, '', `< ${TARGET_PEAK_MIB} MiB`, verdict(peakApp < TARGET_PEAK_MIB)],
    ['peak memory (max RSS of the whole run)', `${peak.toFixed(0)} MiB`, '', '(reported)', ''],
  ];
  printTable(rows);
  log(`  (save one cell: ${cellNote}; plan edit: ${planNote})`);

  if (seriesRows.length > 0) {
    log('\nthe series: full recompute against its own reference, each size measured in its own process');
    const srows: string[][] = [['subjects', 'reference', 'full recompute', 'ratio (medians)', 'ratio (mins)', 'peak memory', 'target', 'result']];
    for (const f of seriesRows) {
      const r = f.full.median / f.reference.median;
      srows.push([String(f.subjects), ms(f.reference.median), ms(f.full.median), `${r.toFixed(1)} ×`, `${(f.full.min / f.reference.min).toFixed(1)} ×`, `${f.peakMiB.toFixed(0)} MiB`, `≤ ${TARGET_RATIO} ×`, verdict(r <= TARGET_RATIO)]);
    }
    printTable(srows);
  }

  if (phaseRows.length > 0) {
    log('\nwhere the full recompute goes (medians; shares of the full recompute median):');
    for (const [label, t] of phaseRows) {
      const x = typeof t === 'number' ? t : t.median;
      log(`  ${label.padEnd(26)} ${ms(x).padStart(10)}  ${((100 * x) / full.median).toFixed(0).padStart(3)} %`);
    }
  }
  log(
    `\nresults table: ${size.n} rows; components JSON ${mib(size.components)} (largest row ${(size.largest / 1024).toFixed(0)} KiB), flags ${(size.flags / 1024).toFixed(0)} KiB, grade texts ${(size.grades / 1024).toFixed(0)} KiB` +
      (pages !== null ? `; on disk (dbstat, table + indexes) ${mib(pages)}` : ''),
  );
  log(`database file ${mib(fileBytes)} (+ WAL ${mib(walBytes)}); generated size ${mib(province.bytes)}`);
  log(`max RSS so far: ${rssMarks.map(([l, v]) => `${l} ${v.toFixed(0)} MiB`).join(', ')}`);
  process.exitCode = 0;
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  log('\n' + line(rows[0]!));
  log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) log(line(r));
}

// ---- the sections: the recompute above, then the issue-7 benchmarks, each in a process of its own ----

/** --only recompute,collect,grid,bulk (default: all); --no-collect, --no-grid, --no-bulk skip one */
function sectionsWanted(): Set<string> {
  const all = ['recompute', 'collect', 'grid', 'bulk'];
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  const chosen = i < 0 ? all : (argv[i]!.includes('=') ? argv[i]!.split('=')[1]! : (argv[i + 1] ?? '')).split(',').filter(Boolean);
  const bad = chosen.filter((c) => !all.includes(c));
  if (bad.length > 0 || chosen.length === 0) throw new Error(`--only wants some of ${all.join(',')}, not ${bad.join(',') || '(nothing)'}`);
  return new Set(chosen.filter((c) => !argv.includes(`--no-${c}`)));
}

/** Runs one section's script (test/bench/<file>) in a child process, its output inline. */
function section(title: string, file: string, args: string[]): void {
  log(`\n══ ${title} ${'═'.repeat(Math.max(0, 70 - title.length))}\n`);
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), file);
  const r = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    log(`section “${title}” failed (${r.error?.message ?? `exit code ${r.status ?? r.signal}`})`);
    process.exitCode = 1;
  }
}

if (fullOnly) {
  await main();
} else {
  const wanted = sectionsWanted();
  if (wanted.has('recompute')) await main();
  const passOn = fresh ? ['--fresh'] : [];
  if (wanted.has('collect')) section('collect: importing a 100,000-cell department workbook (collect-import.ts)', 'collect-import.ts', passOn);
  if (wanted.has('bulk')) section('bulk: a 200,000-cell save while the window must stay responsive (bulk-save.ts)', 'bulk-save.ts', passOn);
  if (wanted.has('grid')) section('grid: the score grid at 3,000 × 60 in Chromium (grid-scroll.ts)', 'grid-scroll.ts', [...passOn, ...(argv.includes('--profile') ? ['--profile'] : [])]);
}
