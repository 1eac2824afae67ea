// The cost of encryption at rest and of synchronous=FULL (issue 9), on the
// demo plan, in one run: a full recompute, an incremental save (one cell,
// recomputed in its transaction), and a plan import, for plaintext/encrypted
// × NORMAL/FULL. node test/bench/security.ts [--runs 5]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext } from '../../electron/core/context.ts';
import { importPlanFile } from '../../electron/core/import/import-plan.ts';
import { computeCycle } from '../../electron/core/services/compute.ts';
import { loadDemo } from '../../electron/core/services/cycles.ts';
import { getScoreMatrix, setScores } from '../../electron/core/services/scores.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kaohe-bench-sec-'));
const plan = path.resolve(import.meta.dirname, '../../docs/examples/plan-example.json');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(key: string | null, synchronous: 'NORMAL' | 'FULL') {
  const dir = fs.mkdtempSync(path.join(root, 'c-'));
  const ctx = await createContext({ dbFile: path.join(dir, 'kaohe.db'), dbKey: key, synchronous });
  const cycle = await loadDemo(ctx);
  const cat = (await ctx.db.selectFrom('categories').select('id').where('cycle_id', '=', cycle.id).orderBy('id').executeTakeFirstOrThrow()).id;
  const cell = (await getScoreMatrix(ctx, { categoryId: cat })).cells.find((c) => c.value !== null)!;
  const full: number[] = [];
  const incr: number[] = [];
  const imp: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await computeCycle(ctx, cycle.id);
    full.push(performance.now() - t);
    t = performance.now();
    await setScores(ctx, { cells: [{ subjectKey: cell.subjectKey, indicatorId: cell.indicatorId, value: i % 2 === 0 ? 0 : cell.value, text: null }] });
    incr.push(performance.now() - t);
    t = performance.now();
    await importPlanFile(ctx, plan);
    imp.push(performance.now() - t);
  }
  await ctx.close();
  return { full: median(full), incremental: median(incr), import: median(imp) };
}

const rows: [string, Awaited<ReturnType<typeof measure>>][] = [];
for (const [label, key, sync] of [
  ['plaintext, NORMAL', null, 'NORMAL'],
  ['plaintext, FULL', null, 'FULL'],
  ['encrypted, NORMAL', 'bench-key-2025', 'NORMAL'],
  ['encrypted, FULL', 'bench-key-2025', 'FULL'],
] as const) rows.push([label, await measure(key, sync)]);
const base = rows[0]![1];
console.log(`security bench (demo plan, median of ${runs} runs, ms; % against plaintext NORMAL)`);
console.log(`${'configuration'.padEnd(20)}${'full recompute'.padStart(22)}${'incremental save'.padStart(22)}${'plan import'.padStart(22)}`);
for (const [label, r] of rows) {
  const f = (v: number, b: number) => `${v.toFixed(1)} (${v >= b ? '+' : ''}${(((v - b) / b) * 100).toFixed(0)}%)`.padStart(22);
  console.log(`${label.padEnd(20)}${f(r.full, base.full)}${f(r.incremental, base.incremental)}${f(r.import, base.import)}`);
}
fs.rmSync(root, { recursive: true, force: true });
