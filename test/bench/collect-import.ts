// npm run bench, section "collect": importing a department collection workbook
// of 100,000 value cells back into a province-scale cycle (issue 7: "Import a
// 100,000-row workbook with its validation: target < 10 s; peak memory
// reported"). See README.md beside it.
//
// The collection workbook is a matrix (one sheet per category, one row per
// subject, one column per leaf indicator of the department), so a "row" of
// the target is one value cell: one (subject, indicator) score, i.e. one row
// of score_entries. The workbook holds at least 100,000 of them.
//
// Preparation (a child process of its own, `--prepare`, so that its memory is
// not counted in the import's peak; its products are cached beside the
// province file and reused while the province is):
//   - the province of generate-province.ts (3,000 subjects × 300 leaves);
//   - a copy of it, the base, in which one responsible department is made
//     responsible for enough leaves that its workbook covers ≥ 100,000 cells
//     (the generated province spreads 300 leaves over 12 departments: one
//     department alone has about 75,000);
//   - the workbook: the layout and today's values from the application's own
//     planTemplate, written and filled with exceljs's streaming writer as the
//     department would return it (title, headers, codes and names, every data
//     cell unlocked with its validation, the very hidden stamp with the
//     layout and its checksum), every value cell changed from what is stored.
// Then, in this process, on a fresh copy of the base for each run (1 warm-up +
// 3 timed, medians):
//   - parse: runInWorker('parseCollect') — the worker thread that checks the
//     file (sizes, zip bomb, dimensions), reads it with exceljs and validates
//     every cell against its column's rule;
//   - preview: previewCollect — parse again, then the stamp against the
//     database and every cell against today's plan, old → new;
//   - apply: applyCollect — parse, plan, and one transaction writing every
//     changed cell with its audit row and recomputing the touched categories;
//   - the import as the office does it: preview + apply.
// Peak memory: the max RSS of one import (preview + apply) in a fresh process
// (a worker thread shares its process's memory, so the worker is included),
// this process's max RSS over all the runs, and the worker's V8 heap sampled
// from here during one more parse.
//
//   node test/bench/collect-import.ts [--cells N] [--runs N] [--warmup N] [--fresh] [province options]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { createContext, type ServiceContext } from '../../electron/core/context.ts';
import { FIRST_DATA_COL, FIRST_DATA_ROW, INSTRUCTIONS_SHEET, STAMP_SHEET, TEMPLATE_VERSION, columnLetter, layoutChecksum, type Layout } from '../../electron/core/collect/layout.ts';
import { planTemplate } from '../../electron/core/collect/template.ts';
import { applyCollect, previewCollect, writeCollectTemplate } from '../../electron/core/services/collect.ts';
import { computeCycle } from '../../electron/core/services/compute.ts';
import { runInWorker } from '../../electron/core/worker/run.ts';
import { createRng } from '../../electron/core/demo/prng.ts';
import { describeProvince, ensureProvince, optionsFromArgs } from './generate-province.ts';
import { intArg as intArgOf, median } from './args.ts';

const TARGET_MS = 10_000;
/** bump when the prepared base or workbook change, so that cached ones are not reused */
const PREPARE_VERSION = 2;
const HERE = fileURLToPath(import.meta.url);
const WORKER_ENTRY = path.resolve(path.dirname(HERE), '..', '..', 'electron', 'core', 'worker', 'worker-main.ts');

const argv = process.argv.slice(2);
const intArg = (flag: string, fallback: number) => intArgOf(argv, flag, fallback);
const targetCells = intArg('--cells', 100_000);
const runs = Math.max(1, intArg('--runs', 3));
const warmup = intArg('--warmup', 1);
const fresh = argv.includes('--fresh');
const provinceOptions = optionsFromArgs(argv);
const log = (s: string) => console.log(s);
const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

interface Prepared {
  version: number;
  /** the province copy with the department's leaves widened */
  base: string;
  workbook: string;
  cycleId: number;
  departmentId: number;
  departmentName: string;
  sheets: number;
  rows: number;
  cells: number;
  /** cells per method type */
  methods: Record<string, number>;
  workbookBytes: number;
  /** seconds: the streaming write of the workbook */
  writeSeconds: number;
  /** max RSS of the preparing process, MiB */
  prepareRssMiB: number;
  provinceText: string;
  /** the sidecar's mtime the base was made from (the cache key beside the file name) */
  provinceStamp: number;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function copyDb(src: string, dst: string): void {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(`${dst}${s}`, { force: true });
  fs.copyFileSync(src, dst);
  if (fs.existsSync(`${src}-wal`)) fs.copyFileSync(`${src}-wal`, `${dst}-wal`);
}

// ---- preparation (a child process) -------------------------------------------------------

async function prepare(): Promise<Prepared> {
  const province = await ensureProvince(provinceOptions, false);
  const stamp = fs.statSync(`${province.file}.json`).mtimeMs;
  const stem = `${province.file}.collect-${targetCells}`;
  const metaFile = `${stem}.json`;
  if (!fresh && fs.existsSync(metaFile)) {
    try {
      const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Prepared;
      if (meta.version === PREPARE_VERSION && meta.provinceStamp === stamp && fs.existsSync(meta.base) && fs.existsSync(meta.workbook)) return { ...meta, prepareRssMiB: maxRssMiB() };
    } catch {
      // made again below
    }
  }
  const base = `${stem}.db`;
  const workbook = `${stem}.xlsx`;
  fs.rmSync(metaFile, { force: true });
  // the province file is checkpointed on close; a copy of it is a consistent database
  const raw0 = new BetterSqlite3(province.file);
  raw0.pragma('wal_checkpoint(TRUNCATE)');
  raw0.close();
  copyDb(province.file, base);

  // one department made responsible for the first k leaves of every category, k chosen so that
  // the workbook covers at least targetCells cells; its other leaves go to another department
  const raw = new BetterSqlite3(base);
  const cycleId = province.cycleId;
  const dept = raw.prepare('select id, name from departments where cycle_id = ? order by id limit 1').get(cycleId) as { id: number; name: string };
  const other = raw.prepare('select id from departments where cycle_id = ? and id <> ? order by id limit 1').get(cycleId, dept.id) as { id: number };
  const cats = raw
    .prepare(
      `select c.id, c.kind, (case c.kind when 'unit' then (select count(*) from units u where u.category_id = c.id)
                                          else (select count(*) from cadres d where d.category_id = c.id) end) subjects
         from categories c where c.cycle_id = ? order by c.sort_order, c.id`,
    )
    .all(cycleId) as { id: number; kind: string; subjects: number }[];
  const leavesOf = raw.prepare(`select i.id from indicators i where i.category_id = ? and not exists (select 1 from indicators k where k.parent_id = i.id) and (i.method is null or i.method not like '%"deduction"%') order by i.id`);
  const totalSubjects = cats.reduce((s, c) => s + c.subjects, 0);
  const k = Math.floor(targetCells / totalSubjects);
  let cells = 0;
  const setDept = raw.prepare('update indicators set department_id = ? where id = ?');
  const clearDept = raw.prepare('update indicators set department_id = ? where category_id = ? and department_id = ?');
  raw.transaction(() => {
    for (const c of cats) clearDept.run(other.id, c.id, dept.id);
    const columns = new Map<number, number>();
    for (const c of cats) {
      columns.set(c.id, k);
      cells += k * c.subjects;
    }
    // the remainder: one more leaf in the categories that need it, in order
    for (const c of cats) {
      if (cells >= targetCells) break;
      columns.set(c.id, k + 1);
      cells += c.subjects;
    }
    for (const c of cats) {
      const ids = (leavesOf.all(c.id) as { id: number }[]).slice(0, columns.get(c.id)!);
      if (ids.length < columns.get(c.id)!) throw new Error(`category ${c.id} has only ${ids.length} leaves; use more --leaves or fewer --cells`);
      for (const { id } of ids) setDept.run(dept.id, id);
    }
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();

  // the layout and today's values, as the application plans the workbook
  const ctx = await createContext({ dbFile: base, documentsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-docs-')) });
  // the results as an office has them when its departments' workbooks come back (the apply recomputes them)
  await computeCycle(ctx, cycleId);
  const { layout, prefill } = await planTemplate(ctx.db, { cycleId, kind: 'scores', departmentId: dept.id });
  await ctx.close();
  const raw1 = new BetterSqlite3(base);
  raw1.pragma('wal_checkpoint(TRUNCATE)');
  raw1.close();
  const t0 = performance.now();
  const filled = await writeFilled(layout, prefill, workbook);
  const writeSeconds = (performance.now() - t0) / 1000;
  const meta: Prepared = {
    version: PREPARE_VERSION,
    base,
    workbook,
    cycleId,
    departmentId: dept.id,
    departmentName: dept.name,
    sheets: layout.sheets.length,
    rows: layout.sheets.reduce((s, x) => s + x.subjects.length, 0),
    cells: filled.cells,
    methods: filled.methods,
    workbookBytes: fs.statSync(workbook).size,
    writeSeconds,
    prepareRssMiB: maxRssMiB(),
    provinceText: describeProvince(province),
    provinceStamp: stamp,
  };
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return meta;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF999999' } };

/**
 * The department's workbook as it comes back filled in: the sheets, headers,
 * codes, names, protection, validation and stamp of writeTemplate, written
 * with exceljs's streaming writer, every value cell changed from the stored
 * value (a direct score within 0 to its full points; an actual value near
 * the stored one).
 */
async function writeFilled(layout: Layout, prefill: Map<string, Map<string, string | number>>, file: string): Promise<{ cells: number; methods: Record<string, number> }> {
  const rng = createRng(7);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  wb.creator = 'kaohe-desk';
  const password = 'bench';
  const guide = wb.addWorksheet(INSTRUCTIONS_SHEET);
  guide.getCell('A1').value = `${layout.cycleName} 指标数据采集表`;
  guide.getCell('A2').value = `责任单位：${layout.departmentName}`;
  guide.getRow(1).commit();
  guide.getRow(2).commit();
  await guide.protect(password, { selectLockedCells: true, selectUnlockedCells: true });
  guide.commit();
  let cells = 0;
  const methods: Record<string, number> = {};
  for (const s of layout.sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', xSplit: FIRST_DATA_COL - 1, ySplit: FIRST_DATA_ROW - 1 }] });
    ws.getCell('A1').value = `${layout.cycleName} · ${s.categoryName} · 责任单位：${layout.departmentName}`;
    ws.getRow(1).commit();
    const r2 = ws.getRow(2);
    const r3 = ws.getRow(3);
    ['序号', '代码', '被考核对象'].forEach((h, i) => {
      r2.getCell(i + 1).value = h;
      r3.getCell(i + 1).value = i === 2 ? '填写要求 →' : '';
    });
    s.columns.forEach((c, j) => {
      r2.getCell(FIRST_DATA_COL + j).value = c.header;
      r3.getCell(FIRST_DATA_COL + j).value = c.check.type === 'number' ? c.check.method : c.check.type;
    });
    r2.commit();
    r3.commit();
    const stored = prefill.get(s.name) ?? new Map<string, string | number>();
    s.subjects.forEach(([, code, name], i) => {
      const r = FIRST_DATA_ROW + i;
      const row = ws.getRow(r);
      row.getCell(1).value = i + 1;
      row.getCell(2).value = code;
      row.getCell(3).value = name;
      s.columns.forEach((c, j) => {
        const cell = row.getCell(FIRST_DATA_COL + j);
        if (c.check.type !== 'number') throw new Error(`column ${c.header}: the benchmark fills numbers only`);
        const old = stored.get(`${columnLetter(FIRST_DATA_COL + j)}${r}`);
        const before = typeof old === 'number' ? old : null;
        let v: number;
        if (c.check.max !== null) {
          v = round2(c.check.max * rng.uniform(0.55, 1));
          if (v === before) v = v >= 0.01 ? round2(v - 0.01) : 0.01;
          methods.direct = (methods.direct ?? 0) + 1;
        } else {
          v = round2((before ?? 100) * rng.uniform(0.9, 1.1));
          if (v === before) v = round2(v + 0.01);
          if (c.check.min !== null && v < c.check.min) v = c.check.min;
          methods.actual = (methods.actual ?? 0) + 1;
        }
        cell.value = v;
        cell.protection = { locked: false };
        cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
        cell.dataValidation =
          c.check.max !== null
            ? { type: 'decimal', operator: 'between', allowBlank: true, formulae: [c.check.min ?? 0, c.check.max], showErrorMessage: true, errorTitle: '数值超出范围', error: `请填写 0 到 ${c.check.max} 之间的数` }
            : { type: 'decimal', operator: 'greaterThanOrEqual', allowBlank: true, formulae: [c.check.min ?? -1e9], showErrorMessage: true, errorTitle: '数值无效', error: '请填写数字' };
        cells++;
      });
      row.commit();
    });
    await ws.protect(password, { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });
    ws.commit();
  }
  const stamp = wb.addWorksheet(STAMP_SHEET, { state: 'veryHidden' });
  const json = JSON.stringify(layout);
  stamp.getCell('A1').value = 'kaohe-collect';
  stamp.getCell('B1').value = TEMPLATE_VERSION;
  stamp.getRow(1).commit();
  stamp.getCell('A2').value = layoutChecksum(json);
  stamp.getRow(2).commit();
  for (let i = 0, r = 3; i < json.length; i += 30000, r++) {
    stamp.getCell(`A${r}`).value = json.slice(i, i + 30000);
    stamp.getRow(r).commit();
  }
  stamp.commit();
  await wb.commit();
  return { cells, methods };
}

// ---- the import (this process) ----------------------------------------------------------

/** The parse in a worker of our own on the application's entry, its V8 heap sampled from here every 20 ms. */
async function parseSampled(file: string): Promise<{ ms: number; heapPeak: number; externalNote: string; limits: Worker['resourceLimits']; cells: number }> {
  const t0 = performance.now();
  const worker = new Worker(WORKER_ENTRY, { workerData: { task: 'parseCollect', input: { file } } });
  let heapPeak = 0;
  let samples = 0;
  const timer = setInterval(() => {
    worker
      .getHeapStatistics()
      .then((h) => {
        samples++;
        heapPeak = Math.max(heapPeak, h.used_heap_size + h.malloced_memory + h.external_memory);
      })
      .catch(() => undefined);
  }, 20);
  const limits = worker.resourceLimits;
  try {
    const cells = await new Promise<number>((resolve, reject) => {
      worker.on('message', (m: { type: string; value?: { sheets: { cells: unknown[] }[] }; message?: string }) => {
        if (m.type === 'done') resolve(m.value!.sheets.reduce((s, x) => s + x.cells.length, 0));
        else if (m.type === 'error') reject(new Error(m.message));
      });
      worker.on('error', reject);
    });
    return { ms: performance.now() - t0, heapPeak, externalNote: `${samples} samples`, limits, cells };
  } finally {
    clearInterval(timer);
    await worker.terminate();
  }
}

interface RunFigures {
  parse: number;
  preview: number;
  apply: number;
  /** CPU milliseconds of the process (all its threads) in each step: steadier than the wall clock on a shared machine */
  cpu: { parse: number; preview: number; apply: number };
  changes: number;
  changed: number;
  recomputed: boolean;
  again?: number;
}

async function oneRun(prep: Prepared, runFile: string, docsDir: string, last: boolean): Promise<RunFigures> {
  copyDb(prep.base, runFile);
  const ctx: ServiceContext = await createContext({ dbFile: runFile, documentsDir: docsDir });
  try {
    const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
    let c0 = process.cpuUsage();
    let t = performance.now();
    const parsed = await runInWorker('parseCollect', { file: prep.workbook });
    const parse = performance.now() - t;
    const cpuParse = cpuMs(process.cpuUsage(c0));
    const parsedCells = parsed.sheets.reduce((s, x) => s + x.cells.length, 0);
    if (parsedCells !== prep.cells) throw new Error(`parse read ${parsedCells} cells, the workbook holds ${prep.cells}`);
    c0 = process.cpuUsage();
    t = performance.now();
    const pv = await previewCollect(ctx, { filePath: prep.workbook, cycleId: prep.cycleId, departmentId: prep.departmentId });
    const preview = performance.now() - t;
    const cpuPreview = cpuMs(process.cpuUsage(c0));
    if (pv.changes.length !== prep.cells) throw new Error(`preview lists ${pv.changes.length} changes, the workbook changes ${prep.cells}`);
    c0 = process.cpuUsage();
    t = performance.now();
    const ap = await applyCollect(ctx, { filePath: prep.workbook, cycleId: prep.cycleId, departmentId: prep.departmentId });
    const apply = performance.now() - t;
    const cpuApply = cpuMs(process.cpuUsage(c0));
    if (ap.changed !== prep.cells || !ap.recomputed) throw new Error(`apply changed ${ap.changed} cells (expected ${prep.cells}), recomputed ${ap.recomputed}${ap.warning ? `: ${ap.warning}` : ''}`);
    const out: RunFigures = { parse, preview, apply, cpu: { parse: cpuParse, preview: cpuPreview, apply: cpuApply }, changes: pv.changes.length, changed: ap.changed, recomputed: ap.recomputed };
    if (last) {
      // the same file again: nothing to change
      t = performance.now();
      const again = await previewCollect(ctx, { filePath: prep.workbook });
      out.again = performance.now() - t;
      if (again.changes.length !== 0) throw new Error(`the second preview lists ${again.changes.length} changes`);
    }
    return out;
  } finally {
    await ctx.close();
  }
}

/** One import (preview + apply) in a process of its own: its max RSS is the import's own peak (printed as one JSON line). */
async function memoryRun(prep: Prepared): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-collect-mem-'));
  try {
    const runFile = path.join(dir, 'run.db');
    copyDb(prep.base, runFile);
    const ctx = await createContext({ dbFile: runFile, documentsDir: path.join(dir, 'documents') });
    const loaded = maxRssMiB();
    await previewCollect(ctx, { filePath: prep.workbook, cycleId: prep.cycleId, departmentId: prep.departmentId });
    const afterPreview = maxRssMiB();
    const ap = await applyCollect(ctx, { filePath: prep.workbook, cycleId: prep.cycleId, departmentId: prep.departmentId });
    const afterApply = maxRssMiB();
    await ctx.close();
    if (ap.changed !== prep.cells) throw new Error(`memory run: apply changed ${ap.changed} cells`);
    console.log(`MEMORY-JSON ${JSON.stringify({ loaded, afterPreview, afterApply })}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const memIdx = argv.indexOf('--memory-run');
  if (memIdx >= 0) {
    await memoryRun(JSON.parse(fs.readFileSync(argv[memIdx + 1]!, 'utf8')) as Prepared);
    return;
  }
  if (argv.includes('--prepare')) {
    const p = await prepare();
    console.log(`PREPARED-JSON ${JSON.stringify(p)}`);
    return;
  }
  log(`collect import benchmark — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0]!.toFixed(1)}`);
  log(`(${warmup} warm-up + ${runs} timed runs, each on a fresh copy of the prepared database; medians)\n`);
  const t0 = performance.now();
  const childArgs = [HERE, ...argv.filter((a) => a !== '--prepare'), '--prepare'];
  const out = execFileSync(process.execPath, childArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const line = out.split('\n').find((l) => l.startsWith('PREPARED-JSON '));
  if (!line) throw new Error(`the preparation printed nothing:\n${out}`);
  const prep = JSON.parse(line.slice('PREPARED-JSON '.length)) as Prepared;
  log(prep.provinceText);
  log(
    `workbook: ${prep.workbook} (${mib(prep.workbookBytes)}), department “${prep.departmentName}”: ${prep.sheets} sheets, ${prep.rows} subject rows, ` +
      `${prep.cells.toLocaleString('en')} value cells (${Object.entries(prep.methods).map(([k, v]) => `${k} ${v}`).join(', ')}), every one changed; ` +
      `written with the streaming writer in ${prep.writeSeconds.toFixed(1)} s (preparation ${((performance.now() - t0) / 1000).toFixed(1)} s, its max RSS ${prep.prepareRssMiB.toFixed(0)} MiB)\n`,
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-collect-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const runFile = path.join(dir, 'run.db');
  const docsDir = path.join(dir, 'documents');
  const rssBefore = maxRssMiB();
  const all: RunFigures[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const f = await oneRun(prep, runFile, docsDir, i === warmup + runs - 1);
    log(`  run ${i + 1}${i < warmup ? ' (warm-up)' : ''}: parse ${ms(f.parse)} (cpu ${ms(f.cpu.parse)}), preview ${ms(f.preview)} (cpu ${ms(f.cpu.preview)}), apply ${ms(f.apply)} (cpu ${ms(f.cpu.apply)}; ${f.changed} cells changed, recomputed ${f.recomputed})${f.again !== undefined ? `; the same file again: preview ${ms(f.again)}, 0 changes` : ''}`);
    if (i >= warmup) all.push(f);
  }
  const rssImport = maxRssMiB();

  // one import's own peak: preview + apply in a fresh process (this one's max RSS also holds the heap
  // V8 let grow over four runs before collecting it)
  const metaFile = path.join(dir, 'prepared.json');
  fs.writeFileSync(metaFile, JSON.stringify(prep));
  const memOut = execFileSync(process.execPath, [HERE, '--memory-run', metaFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  const memLine = memOut.split('\n').find((l) => l.startsWith('MEMORY-JSON '));
  if (!memLine) throw new Error(`the memory run printed nothing:\n${memOut}`);
  const mem = JSON.parse(memLine.slice('MEMORY-JSON '.length)) as { loaded: number; afterPreview: number; afterApply: number };

  // the worker's own heap, sampled while it parses (one more parse, on the application's worker entry)
  const sampled = await parseSampled(prep.workbook);
  const rssAll = maxRssMiB();
  const mainHeap = v8.getHeapStatistics();

  const parse = median(all.map((f) => f.parse));
  const preview = median(all.map((f) => f.preview));
  const apply = median(all.map((f) => f.apply));
  const office = median(all.map((f) => f.preview + f.apply));
  const cpu = (k: 'parse' | 'preview' | 'apply') => ms(median(all.map((f) => f.cpu[k])));
  const rows: string[][] = [
    ['figure', 'median', 'min', 'cpu (median)', 'target', 'result'],
    ['parse in the worker (runInWorker parseCollect)', ms(parse), ms(Math.min(...all.map((f) => f.parse))), cpu('parse'), `< ${TARGET_MS / 1000} s`, verdict(parse < TARGET_MS)],
    ['preview (parse + check against the DB, old → new)', ms(preview), ms(Math.min(...all.map((f) => f.preview))), cpu('preview'), `< ${TARGET_MS / 1000} s`, verdict(preview < TARGET_MS)],
    ['apply (parse + check + one transaction + recompute)', ms(apply), ms(Math.min(...all.map((f) => f.apply))), cpu('apply'), `< ${TARGET_MS / 1000} s`, verdict(apply < TARGET_MS)],
    ['the import as the office does it: preview + apply', ms(office), ms(Math.min(...all.map((f) => f.preview + f.apply))), ms(median(all.map((f) => f.cpu.preview + f.cpu.apply))), `< ${TARGET_MS / 1000} s`, verdict(office < TARGET_MS)],
    ['peak memory: one import (preview + apply), max RSS', `${mem.afterApply.toFixed(0)} MiB`, '', '', '(reported)', ''],
    ['peak memory: max RSS of this process over all the runs', `${rssImport.toFixed(0)} MiB`, '', '', '(reported)', ''],
    ['peak memory: worker V8 heap (used + malloced + external)', mib(sampled.heapPeak), '', '', '(reported)', ''],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const fmtRow = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  log('\n' + fmtRow(rows[0]!));
  log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) log(fmtRow(r));
  log(`\n  ${prep.cells.toLocaleString('en')} value cells = ${prep.cells.toLocaleString('en')} score rows; throughput of apply ${Math.round(prep.cells / (apply / 1000)).toLocaleString('en')} cells/s`);
  log(`  one import in a fresh process (main and worker thread): max RSS ${mem.loaded.toFixed(0)} MiB once loaded, ${mem.afterPreview.toFixed(0)} MiB after the preview, ${mem.afterApply.toFixed(0)} MiB after the apply`);
  log(`  this process: max RSS before the imports ${rssBefore.toFixed(0)} MiB, through the imports ${rssImport.toFixed(0)} MiB, after the sampled parse ${rssAll.toFixed(0)} MiB; main-thread heap now ${mib(mainHeap.used_heap_size)}`);
  log(`  worker: the sampled parse took ${ms(sampled.ms)} (${sampled.externalNote}); resource limits ${JSON.stringify(sampled.limits)} (Node's defaults: runInWorker sets none)`);

  // the application's own template writer at this size, after the peak above was taken
  if (!argv.includes('--no-template')) {
    const ctx = await createContext({ dbFile: runFile, documentsDir: docsDir });
    try {
      const t = performance.now();
      const r = await writeCollectTemplate(ctx, { cycleId: prep.cycleId, kind: 'scores', departmentId: prep.departmentId, filePath: path.join(dir, 'template.xlsx') });
      log(`  for comparison, the application's template writer (writeCollectTemplate, exceljs in memory) at this size: ${ms(performance.now() - t)} for ${r.cells} cells, ${mib(fs.statSync(path.join(dir, 'template.xlsx')).size)}; max RSS after it ${maxRssMiB().toFixed(0)} MiB`);
    } finally {
      await ctx.close();
    }
  }
  process.exitCode = 0;
}

await main();
