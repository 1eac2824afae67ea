// Helpers of the import tests: a real SQLite file in a temporary folder,
// the row counts of every table an import writes, and results as plain rows.
import fs from 'node:fs';
import path from 'node:path';
import { createContext, type ServiceContext } from '../../electron/core/context.ts';
import { computeCycle } from '../../electron/core/services/compute.ts';
import { listResults } from '../../electron/core/services/results.ts';
import { tempDir } from '../helpers.ts';
import { rawOf } from '../../electron/core/db/handles.ts';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const EXAMPLE_JSON = path.join(root, 'docs/examples/plan-example.json');
export const EXAMPLE_XLSX = path.join(root, 'docs/examples/plan-example.xlsx');
export const CADRE_FIXTURE = path.join(root, 'test/fixtures/plans/cadres.json');

export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

export interface TempDb {
  ctx: ServiceContext;
  dir: string;
  close(): Promise<void>;
}

export async function openTempDb(): Promise<TempDb> {
  const dir = tempDir('kaohe-import-');
  const ctx = await createContext({ dbFile: path.join(dir, 'kaohe.db'), documentsDir: path.join(dir, 'documents'), now: () => new Date('2026-01-10T08:00:00Z') });
  return {
    ctx,
    dir,
    async close() {
      await ctx.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const TABLES = [
  'cycles', 'departments', 'categories', 'components', 'indicators', 'units', 'cadres', 'rater_groups', 'assessment_groups',
  'group_members', 'group_units', 'score_entries', 'eval_ballots', 'events', 'audit_log',
] as const;

/** Rows of every table an import writes to. */
export function rowCounts(ctx: ServiceContext): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = (rawOf(ctx.db).prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
  return out;
}

export interface ResultLine {
  code: string;
  name: string;
  category: string;
  total: number;
  rank: number;
  grade: string;
  components: Record<string, number>;
  flags: string[];
}

/** Computes a cycle and returns its results by subject code. */
export async function computeResults(ctx: ServiceContext, cycleId: number): Promise<Map<string, ResultLine>> {
  await computeCycle(ctx, cycleId);
  const rows = await listResults(ctx, { cycleId });
  return new Map(
    rows.map((r) => [
      r.code,
      { code: r.code, name: r.name, category: r.categoryName, total: r.total, rank: r.rank, grade: r.finalGrade, components: Object.fromEntries(r.components.map((c) => [c.name, c.contribution])), flags: r.flags.map((f) => f.text) },
    ]),
  );
}
