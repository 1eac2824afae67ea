// `kaohe`: the same services as the application, without a window.
//   kaohe demo <db>            create a database with the demo plan
//   kaohe compute <db> [--json] [--cycle <id>]
//   kaohe import <db> <plan.json|plan.xlsx>   a whole plan with its data (docs/plan-format.md)
//   kaohe template <file.xlsx>                an empty plan workbook to fill in
// Errors go to stderr with a non-zero exit code.
import fs from 'node:fs';
import { AppError } from '../../shared/errors.ts';
import type { ResultRow } from '../../shared/ipc/contract.ts';
import { createContext, type ServiceContext } from '../core/context.ts';
import { importPlanFile } from '../core/import/import-plan.ts';
import { listCycleSummaries } from '../core/repos/cycles.ts';
import { computeCycle } from '../core/services/compute.ts';
import { loadDemo } from '../core/services/cycles.ts';
import { listResults } from '../core/services/results.ts';

const USAGE = `用法：
  kaohe demo <数据库文件>                 新建数据库并载入示范方案
  kaohe compute <数据库文件> [--json] [--cycle <编号>]
                                          计算总分、排名和等次并输出（--json 输出一个 JSON 文档）
  kaohe import <数据库文件> <方案.json|方案.xlsx>
                                          导入一个考核方案及其数据（新建考核年度；数据库不存在时新建）
  kaohe template <文件.xlsx>              生成空白的方案工作簿模板
  kaohe help                              显示本说明
`;

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`选项 ${name} 需要一个值。`);
  args.splice(i, 2);
  return v;
}

function takeFlag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

async function withContext<T>(dbFile: string, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const ctx = await createContext({ dbFile, host: 'test', userLogin: 'cli' });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function demo(args: string[], io: Io): Promise<number> {
  const [db, ...rest] = args;
  if (!db || rest.length > 0) throw new UsageError('kaohe demo 需要一个数据库文件名。');
  const cycle = await withContext(db, (ctx) => loadDemo(ctx));
  io.out(`已在 ${db} 中创建示范方案“${cycle.name}”（编号 ${cycle.id}）：${cycle.categoryCount} 个类别，${cycle.unitCount} 个单位，${cycle.cadreCount} 名干部。\n`);
  return 0;
}

function pad(s: string, width: number): string {
  // CJK characters take two columns in a terminal
  const w = [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, width - w));
}

async function computeCmd(args: string[], io: Io): Promise<number> {
  const json = takeFlag(args, '--json');
  const cycleOpt = takeOption(args, '--cycle');
  const [db, ...rest] = args;
  if (!db || rest.length > 0) throw new UsageError('kaohe compute 需要一个数据库文件名。');
  if (!fs.existsSync(db)) throw new AppError('not_found', `数据库文件“${db}”不存在。`);
  return withContext(db, async (ctx) => {
    const cycles = await listCycleSummaries(ctx.db);
    const cycle = cycleOpt !== undefined ? cycles.find((c) => String(c.id) === cycleOpt) : cycles[0];
    if (!cycle) throw new AppError('not_found', cycleOpt !== undefined ? `数据库中没有编号为 ${cycleOpt} 的考核年度。` : '数据库中还没有考核年度。');
    const summary = await computeCycle(ctx, cycle.id);
    const rows = await listResults(ctx, { cycleId: cycle.id });
    if (json) {
      io.out(`${JSON.stringify({ cycle: { id: cycle.id, name: cycle.name, year: cycle.year }, computedAt: summary.computedAt, missingCells: summary.missingCells, results: rows.map(toJson) }, null, 2)}\n`);
      return 0;
    }
    io.out(`${cycle.name}：计算了 ${summary.subjects} 个对象（${summary.categories} 个类别）${summary.missingCells > 0 ? `，缺数据 ${summary.missingCells} 项` : ''}\n`);
    let current = '';
    for (const r of rows) {
      if (r.categoryName !== current) {
        current = r.categoryName;
        io.out(`\n【${current}】\n${pad('排名', 6)}${pad('代码', 10)}${pad('名称', 28)}${pad('总分', 10)}等次\n`);
      }
      const name = r.unitName ? `${r.name}（${r.unitName}）` : r.name;
      io.out(`${pad(String(r.rank), 6)}${pad(r.code, 10)}${pad(name, 28)}${pad(r.total.toFixed(2), 10)}${r.finalGrade}${r.flags.length ? `  [${r.flags.join('，')}]` : ''}\n`);
    }
    return 0;
  });
}

async function importCmd(args: string[], io: Io): Promise<number> {
  const [db, file, ...rest] = args;
  if (!db || !file || rest.length > 0) throw new UsageError('kaohe import 需要一个数据库文件名和一个方案文件名（.json 或 .xlsx）。');
  if (!fs.existsSync(file)) throw new AppError('not_found', `方案文件“${file}”不存在。`);
  const r = await withContext(db, (ctx) => importPlanFile(ctx, file));
  const c = r.counts;
  io.out(
    `已从 ${file} 导入考核年度“${r.cycleName}”（编号 ${r.cycleId}）到 ${db}：\n` +
      `  ${c.categories} 个类别，${c.components} 个考核构成，${c.indicators} 个指标，${c.departments} 个责任单位\n` +
      `  ${c.units} 个单位，${c.cadres} 名干部，${c.raterGroups} 个测评组，${c.assessmentGroups} 个考核组\n` +
      `  得分 ${c.scoreEntries} 项，民主测评 ${c.ballots} 组，加减分等事项 ${c.events} 项\n`,
  );
  for (const w of r.warnings) io.out(`注意：${w}\n`);
  return 0;
}

async function templateCmd(args: string[], io: Io): Promise<number> {
  const [file, ...rest] = args;
  if (!file || rest.length > 0 || !file.toLowerCase().endsWith('.xlsx')) throw new UsageError('kaohe template 需要一个 .xlsx 文件名。');
  const { writePlanTemplate } = await import('../core/import/xlsx.ts');
  await writePlanTemplate(file);
  io.out(`已生成方案工作簿模板 ${file}\n`);
  return 0;
}

function toJson(r: ResultRow) {
  return {
    kind: r.kind,
    code: r.code,
    name: r.name,
    unit: r.unitName,
    category: r.categoryName,
    total: r.total,
    rank: r.rank,
    rankOf: r.rankOf,
    grade: r.finalGrade,
    computedGrade: r.computedGrade,
    gradeRule: r.gradeRule,
    gradeNote: r.gradeNote,
    components: r.components.map((c) => ({ name: c.name, points: c.contribution })),
    flags: r.flags,
  };
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [cmd, ...args] = argv;
  try {
    switch (cmd) {
      case 'demo':
        return await demo(args, io);
      case 'compute':
        return await computeCmd(args, io);
      case 'import':
        return await importCmd(args, io);
      case 'template':
        return await templateCmd(args, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`不认识的命令“${cmd}”。`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`错误：${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`错误：${e instanceof AppError ? e.message : ((e as Error)?.message ?? String(e))}\n`);
    return 1;
  }
}
