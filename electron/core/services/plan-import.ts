// `importPlan` from the window: a whole plan file (.json or .xlsx,
// docs/plan-format.md) into a new cycle. The file is read, checked and
// validated against the plan schema in a worker thread (readPlanFile below,
// the task `readPlanFile`), with progress and a cancel that writes nothing;
// what comes back is plain data: the plan and, for a workbook, the places of
// its paths (sheet, row, column), so that the problems found afterwards —
// references resolved against the database, the engine's own check — still
// name their cells. The write is the CLI's: importPlan, one transaction.
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';
import { parseJsonText, readUtf8File } from '../import/guard.ts';
import { importPlan } from '../import/import-plan.ts';
import { planSchema } from '../import/plan-schema.ts';
import { PlanImportError, describeProblem, formatPath, planErrorMap, zodProblems, type Locator, type PathKey } from '../import/problems.ts';
import { withJob } from '../jobs.ts';
import { getCycleSummary } from '../repos/cycles.ts';
import { runInWorker } from '../worker/run.ts';

const PLAN_JSON_MAX_BYTES = 100 * 1024 * 1024;

/** What the worker hands back: plain data only (a function cannot cross the thread). */
export interface PlanFileRead {
  plan: unknown;
  /** the file's name, recorded in the audit trail */
  source: string;
  /** a workbook's places by path (keys joined with \u0001); null for a JSON file, whose paths are their own places */
  places: Record<string, string> | null;
}

const SEP = '\u0001';
const pathKey = (p: readonly PathKey[]) => p.map(String).join(SEP);

/** Every path of the plan with its place in the workbook, where it differs from its parent's. */
function placesOf(plan: unknown, locate: Locator): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown, at: PathKey[], parentPlace: string | undefined) => {
    const place = at.length === 0 ? undefined : locate(at);
    if (place !== undefined && place !== parentPlace) out[pathKey(at)] = place;
    if (node === null || typeof node !== 'object') return;
    const isArray = Array.isArray(node);
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(v, [...at, isArray ? Number(k) : k], place ?? parentPlace);
  };
  walk(plan, [], undefined);
  return out;
}

/** The places back as a locator: the longest prefix of the path that has one (as the workbook reader's own). */
export function placesLocator(places: Record<string, string> | null): Locator | undefined {
  if (!places) return undefined;
  return (p) => {
    for (let n = p.length; n > 0; n--) {
      const hit = places[pathKey(p.slice(0, n))];
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
}

/**
 * The worker's part: reads the file (a workbook through its guards and
 * reader; JSON as strict UTF-8), then checks it against the plan schema, so
 * that a malformed file is refused with every problem and its place before
 * anything reaches the main thread.
 */
export async function readPlanFile(file: string, progress: (done: number, total: number) => void): Promise<PlanFileRead> {
  const name = path.basename(file);
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.xlsx') throw new AppError('invalid_input', `不支持的方案文件“${name}”：只能导入 .json 或 .xlsx 文件。`, { kind: 'field', path: 'filePath' });
  if (!fs.existsSync(file)) throw new AppError('not_found', `方案文件“${file}”不存在。`, { kind: 'field', path: 'filePath' });
  progress(0, 3);
  let plan: unknown;
  let locate: Locator | undefined;
  if (ext === '.xlsx') {
    const { readPlanWorkbook } = await import('../import/xlsx.ts');
    ({ plan, locate } = await readPlanWorkbook(file));
  } else {
    // UTF-8 only (UTF-16 and stray bytes are refused by name), and a Chinese word on a syntax error
    plan = parseJsonText(readUtf8File(file, PLAN_JSON_MAX_BYTES, '方案文件'), name, '方案文件');
  }
  progress(1, 3);
  const parsed = planSchema.safeParse(plan, { error: planErrorMap });
  if (!parsed.success) {
    const problems = zodProblems(parsed.error, plan);
    const first = problems[0];
    // a JSON file's first problem as data too (a workbook's places are in each line)
    const location = first && !locate ? ({ kind: 'json', path: formatPath(first.path) } as const) : undefined;
    throw new PlanImportError('考核方案的格式有误，没有导入任何内容：', problems.map((p) => describeProblem(p, locate)), location);
  }
  progress(2, 3);
  const places = locate ? placesOf(plan, locate) : null;
  progress(3, 3);
  return { plan, source: name, places };
}

/** The channel: the worker reads, then one transaction writes (nothing when cancelled or refused). */
export async function importPlanChannel(ctx: ServiceContext, input: ParsedInputOf<'importPlan'>): Promise<OutputOf<'importPlan'>> {
  return withJob(input.jobId, async (job) => {
    // reading is three steps of four, writing the fourth
    job.progress(0, 4, '正在读取方案文件…');
    const read = await runInWorker('readPlanFile', { file: input.filePath }, { signal: job.signal, onProgress: (done) => job.progress(done, 4, done < 1 ? '正在读取方案文件…' : '正在检查方案格式…') });
    job.throwIfCancelled();

    const plan = read.plan as { cycle?: { name?: unknown } };
    if (input.name !== undefined && plan.cycle && typeof plan.cycle === 'object') plan.cycle.name = input.name;
    const cycleName = typeof plan.cycle?.name === 'string' ? plan.cycle.name.trim() : '';
    if (cycleName !== '') {
      const dup = await ctx.db.selectFrom('cycles').select('id').where('name', '=', cycleName).executeTakeFirst();
      if (dup) {
        throw new AppError(
          'conflict',
          `已有名为“${cycleName}”的考核年度。每次导入都新建一个考核年度，请为它另取一个名称。`,
          input.name !== undefined ? { kind: 'field', path: 'name' } : read.places ? undefined : { kind: 'json', path: 'cycle.name' },
        );
      }
    }

    job.progress(3, 4, '正在写入…');
    job.throwIfCancelled();
    const r = await importPlan(ctx, read.plan, read.source, { locate: placesLocator(read.places) });
    job.progress(4, 4, '已完成');
    return { cycleId: r.cycleId, cycle: await getCycleSummary(ctx.db, r.cycleId), counts: r.counts, warnings: r.warnings };
  });
}
