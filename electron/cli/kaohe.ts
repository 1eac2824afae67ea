// `kaohe`: the same services as the application, without a window.
//   kaohe demo <db>                            create a database with the demo plan
//   kaohe compute <db> [--json] [--cycle <name|id>]
//   kaohe cycles <db> [--json]                 the assessment years and their state
//   kaohe status <db> <cycle> <status> [--reason "…"]   move a year through its lifecycle
//   kaohe checks <db> [--json] [--cycle <name|id>]      the checks of each year
//   kaohe import <db> <plan.json|plan.xlsx>    a whole plan with its data (docs/plan-format.md)
//   kaohe template <file.xlsx>                 an empty plan workbook to fill in
//   kaohe collect-template <db> <department> <out.xlsx>   a responsible department's workbook
//   kaohe tally-template <db> <out.xlsx>       the democratic-evaluation tallies' workbook
//   kaohe collect <db> <file.xlsx> [--dry-run] import a filled-in workbook into the cycle its stamp names
//   kaohe audit verify <db>                    check the audit trail's hash chain
//   kaohe backup <db> <file>                   a verified backup (with its manifest)
//   kaohe restore <db> <file>                  restore a backup (the current state is backed up first)
//   kaohe report <db> --out <dir>             the notice, all letters and the ranking tables of the newest year
//   kaohe rekey <db>                           encrypt, change the key or decrypt (KAOHE_DB_KEY → KAOHE_NEW_DB_KEY)
// The database key comes from KAOHE_DB_KEY (none: a plaintext database).
// Exit codes: 0 done, 1 the work failed (Chinese message on stderr), 2 the
// command line itself is wrong (Chinese usage on stderr).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { CYCLE_STATUSES, CYCLE_STATUS_LABELS, type CycleStatus } from '../../shared/domain.ts';
import { AppError } from '../../shared/errors.ts';
import type { CheckItemDto, CycleSummary, ResultRow } from '../../shared/ipc/contract.ts';
import { cycleAllows } from '../../shared/lifecycle.ts';
import { createContext, type ServiceContext } from '../core/context.ts';
import { importPlanFile } from '../core/import/import-plan.ts';
import { computeCycle, listChecks } from '../core/services/compute.ts';
import { listCycles, loadDemo, setCycleStatus } from '../core/services/cycles.ts';
import { listResults } from '../core/services/results.ts';

const STATUS_CHOICES = CYCLE_STATUSES.map((s) => `${s}（${CYCLE_STATUS_LABELS[s]}）`).join('、');

const USAGE = `用法：
  kaohe demo <数据库文件>                 新建数据库并载入示范方案
  kaohe compute <数据库文件> [--json] [--cycle <名称或编号>]
                                          计算总分、排名和等次并输出（--json 输出一个 JSON 文档，含检查结果）
  kaohe cycles <数据库文件> [--json]      列出考核年度：编号、名称、年度、状态
  kaohe status <数据库文件> <考核年度名称或编号> <状态> [--reason "理由"]
                                          变更考核年度状态；状态写代码或中文：
                                          ${STATUS_CHOICES}
                                          从已发布、已归档退回须用 --reason 写明理由
  kaohe checks <数据库文件> [--json] [--cycle <名称或编号>]
                                          各考核年度的检查结果（分差、分值合计、缺数据等）
  kaohe import <数据库文件> <方案.json|方案.xlsx>
                                          导入一个考核方案及其数据（新建考核年度；数据库不存在时新建）
  kaohe template <文件.xlsx>              生成空白的方案工作簿模板
  kaohe collect-template <数据库文件> <责任单位名称或编号> <输出.xlsx> [--cycle <名称或编号>]
                                          生成责任单位的数据采集表（只含其负责的指标）
  kaohe tally-template <数据库文件> <输出.xlsx> [--cycle <名称或编号>] [--rater-group <测评组名称>]
                                          生成民主测评票数采集表
  kaohe collect <数据库文件> <采集表.xlsx> [--dry-run]
                                          导入填好的采集表（先列出每处改动；--dry-run 只列出不保存）
  kaohe audit verify <数据库文件>         校验审计记录的防篡改链，指出第一处断点
  kaohe backup <数据库文件> <备份文件>    备份数据库（经完整性检查，附校验清单）
  kaohe restore <数据库文件> <备份文件>   从备份恢复（先备份当前状态）
  kaohe rekey <数据库文件> [--decrypt]    加密数据库或更换密钥：原密钥取自环境变量 KAOHE_DB_KEY，
                                          新密钥取自 KAOHE_NEW_DB_KEY；--decrypt 解除加密
  数据库密钥：设置环境变量 KAOHE_DB_KEY 后打开加密的数据库
  kaohe report <数据库文件> --out <文件夹> [--cycle <名称或编号>] [--contact <联系人> --phone <电话>]
                                          生成最新（或指定）考核年度的考核结果通报、全部反馈函和排名表
                                          （年度须为“评定中”或“已发布”；--contact、--phone 写入文书设置）
  kaohe help                              显示本说明
`;

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

// ---- the command line ---------------------------------------------------------

type OptionSpec = Record<string, { type: 'boolean' | 'string'; short?: string }>;

interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * parseArgs, with the checks in Chinese: parseArgs' own strict mode would
 * explain a mistake in English, so unknown options, missing values and
 * values given to flags are found here from its tokens.
 * `need` names the positional arguments, in Chinese, for the message.
 */
function parse(cmd: string, args: string[], options: OptionSpec, need: string[]): Parsed | 'help' {
  const all: OptionSpec = { ...options, help: { type: 'boolean', short: 'h' } };
  const { values, positionals, tokens } = parseArgs({ args, options: all, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const spec = all[t.name];
    if (!spec) throw new UsageError(`kaohe ${cmd} 没有选项“${t.rawName}”。`);
    // `--cycle --json`: the next option is not a value
    if (spec.type === 'string' && (typeof t.value !== 'string' || (!t.inlineValue && t.value.startsWith('--')))) throw new UsageError(`选项 ${t.rawName} 需要一个值。`);
    if (spec.type === 'boolean' && t.value !== undefined) throw new UsageError(`选项 ${t.rawName} 不带值。`);
  }
  if (values.help) return 'help';
  if (positionals.length < need.length) throw new UsageError(`kaohe ${cmd} 需要${need.join('、')}。`);
  if (positionals.length > need.length) throw new UsageError(`kaohe ${cmd} 多了参数“${positionals.slice(need.length).join(' ')}”。`);
  return { values, positionals };
}

function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

function parseStatus(s: string): CycleStatus {
  const code = CYCLE_STATUSES.find((c) => c === s.toLowerCase() || CYCLE_STATUS_LABELS[c] === s);
  if (!code) throw new UsageError(`不认识的状态“${s}”。可用：${STATUS_CHOICES}。`);
  return code;
}

// ---- helpers ----------------------------------------------------------------------

async function withContext<T>(dbFile: string, fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const ctx = await createContext({ dbFile, host: 'test', userLogin: 'cli' });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

/** Opening a file that is not there would create an empty database. */
function requireDb(db: string): void {
  if (!fs.existsSync(db)) throw new AppError('not_found', `数据库文件“${db}”不存在。`);
}

/** A cycle by its id or its exact name; without one, the newest. */
function pickCycle(cycles: CycleSummary[], which: string | undefined): CycleSummary {
  if (which === undefined) {
    if (!cycles[0]) throw new AppError('not_found', '数据库中还没有考核年度。');
    return cycles[0];
  }
  const byId = /^\d+$/.test(which) ? cycles.find((c) => String(c.id) === which) : undefined;
  if (byId) return byId;
  const byName = cycles.filter((c) => c.name === which.trim());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new AppError('conflict', `有 ${byName.length} 个考核年度都叫“${which}”（编号 ${byName.map((c) => c.id).join('、')}），请用编号指定。`);
  throw new AppError('not_found', `数据库中没有名称或编号为“${which}”的考核年度。用 kaohe cycles 查看已有的考核年度。`);
}

function pad(s: string, width: number): string {
  // CJK characters take two columns in a terminal
  const w = [...s].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, width - w));
}

function json(io: Io, doc: unknown): void {
  io.out(`${JSON.stringify(doc, null, 2)}\n`);
}

// ---- the commands ------------------------------------------------------------------

async function demo(args: string[], io: Io): Promise<number> {
  const p = parse('demo', args, {}, ['一个数据库文件名']);
  if (p === 'help') return help(io);
  const [db] = p.positionals as [string];
  const cycle = await withContext(db, (ctx) => loadDemo(ctx));
  io.out(`已在 ${db} 中创建示范方案“${cycle.name}”（编号 ${cycle.id}）：${cycle.categoryCount} 个类别，${cycle.unitCount} 个单位，${cycle.cadreCount} 名干部。\n`);
  return 0;
}

async function computeCmd(args: string[], io: Io): Promise<number> {
  const p = parse('compute', args, { json: { type: 'boolean' }, cycle: { type: 'string' } }, ['一个数据库文件名']);
  if (p === 'help') return help(io);
  const [db] = p.positionals as [string];
  requireDb(db);
  return withContext(db, async (ctx) => {
    const cycle = pickCycle(await listCycles(ctx), str(p, 'cycle'));
    // a published or archived year keeps its results: show them as stored
    const summary = cycleAllows(cycle.status, 'compute') ? await computeCycle(ctx, cycle.id) : null;
    const rows = await listResults(ctx, { cycleId: cycle.id });
    if (p.values.json) {
      const checks = await listChecks(ctx, cycle.id);
      json(io, {
        cycle: { id: cycle.id, name: cycle.name, year: cycle.year, status: cycle.status },
        recomputed: summary !== null,
        computedAt: summary?.computedAt ?? null,
        missingCells: summary?.missingCells ?? null,
        results: rows.map(resultJson),
        checks: checks.map(checkJson),
      });
      return 0;
    }
    if (summary) {
      io.out(`${cycle.name}：计算了 ${summary.subjects} 个对象（${summary.categories} 个类别）${summary.missingCells > 0 ? `，缺数据 ${summary.missingCells} 项` : ''}\n`);
    } else {
      io.out(`${cycle.name}：${CYCLE_STATUS_LABELS[cycle.status]}，不再重新计算，${rows.length > 0 ? '以下为已保存的结果' : '也没有已保存的结果'}\n`);
    }
    let current = '';
    for (const r of rows) {
      if (r.categoryName !== current) {
        current = r.categoryName;
        io.out(`\n【${current}】\n${pad('排名', 6)}${pad('代码', 10)}${pad('名称', 28)}${pad('总分', 10)}等次\n`);
      }
      const name = r.unitName ? `${r.name}（${r.unitName}）` : r.name;
      const flags = r.flags.map((f) => f.text);
      io.out(`${pad(String(r.rank), 6)}${pad(r.code, 10)}${pad(name, 28)}${pad(r.total.toFixed(2), 10)}${r.finalGrade}${flags.length ? `  [${flags.join('，')}]` : ''}\n`);
    }
    return 0;
  });
}

async function cyclesCmd(args: string[], io: Io): Promise<number> {
  const p = parse('cycles', args, { json: { type: 'boolean' } }, ['一个数据库文件名']);
  if (p === 'help') return help(io);
  const [db] = p.positionals as [string];
  requireDb(db);
  const cycles = await withContext(db, (ctx) => listCycles(ctx));
  if (p.values.json) {
    json(io, cycles.map((c) => ({ id: c.id, name: c.name, year: c.year, status: c.status })));
    return 0;
  }
  if (cycles.length === 0) {
    io.out('数据库中还没有考核年度。\n');
    return 0;
  }
  io.out(`${pad('编号', 6)}${pad('名称', 36)}${pad('年度', 8)}状态\n`);
  for (const c of cycles) io.out(`${pad(String(c.id), 6)}${pad(c.name, 36)}${pad(String(c.year), 8)}${CYCLE_STATUS_LABELS[c.status]}\n`);
  return 0;
}

async function statusCmd(args: string[], io: Io): Promise<number> {
  const p = parse('status', args, { reason: { type: 'string' } }, ['数据库文件名', '考核年度（名称或编号）', '状态']);
  if (p === 'help') return help(io);
  const [db, which, statusArg] = p.positionals as [string, string, string];
  const status = parseStatus(statusArg);
  const reason = str(p, 'reason');
  requireDb(db);
  return withContext(db, async (ctx) => {
    const cycle = pickCycle(await listCycles(ctx), which);
    const after = await setCycleStatus(ctx, { cycleId: cycle.id, status, ...(reason !== undefined ? { reason } : {}) });
    io.out(`已将考核年度“${after.name}”（编号 ${after.id}）由“${CYCLE_STATUS_LABELS[cycle.status]}”变更为“${CYCLE_STATUS_LABELS[after.status]}”。\n`);
    return 0;
  });
}

async function checksCmd(args: string[], io: Io): Promise<number> {
  const p = parse('checks', args, { json: { type: 'boolean' }, cycle: { type: 'string' } }, ['一个数据库文件名']);
  if (p === 'help') return help(io);
  const [db] = p.positionals as [string];
  requireDb(db);
  return withContext(db, async (ctx) => {
    const all = await listCycles(ctx);
    const which = str(p, 'cycle');
    const cycles = which === undefined ? all : [pickCycle(all, which)];
    const perCycle = [];
    for (const c of cycles) perCycle.push({ cycle: c, checks: await listChecks(ctx, c.id) });
    if (p.values.json) {
      json(io, { cycles: perCycle.map(({ cycle: c, checks }) => ({ id: c.id, name: c.name, year: c.year, status: c.status, checks: checks.map(checkJson) })) });
      return 0;
    }
    if (perCycle.length === 0) io.out('数据库中还没有考核年度。\n');
    for (const { cycle: c, checks } of perCycle) {
      const errors = checks.filter((x) => x.severity === 'error').length;
      io.out(`${c.name}（编号 ${c.id}，${CYCLE_STATUS_LABELS[c.status]}）：${checks.length === 0 ? '检查通过' : `${errors} 个错误，${checks.length - errors} 个提醒`}\n`);
      // the message names the indicator and the department itself
      for (const x of checks) io.out(`  ${x.severity === 'error' ? '错误' : '提醒'}  [${x.code}] 【${x.categoryName}】${x.message}\n`);
    }
    return 0;
  });
}

async function importCmd(args: string[], io: Io): Promise<number> {
  const p = parse('import', args, {}, ['一个数据库文件名', '一个方案文件名（.json 或 .xlsx）']);
  if (p === 'help') return help(io);
  const [db, file] = p.positionals as [string, string];
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
  const p = parse('template', args, {}, ['一个 .xlsx 文件名']);
  if (p === 'help') return help(io);
  const [file] = p.positionals as [string];
  if (!file.toLowerCase().endsWith('.xlsx')) throw new UsageError('kaohe template 需要一个 .xlsx 文件名。');
  const { writePlanTemplate } = await import('../core/import/xlsx.ts');
  await writePlanTemplate(file);
  io.out(`已生成方案工作簿模板 ${file}\n`);
  return 0;
}

async function collectTemplateCmd(args: string[], io: Io): Promise<number> {
  const p = parse('collect-template', args, { cycle: { type: 'string' } }, ['一个数据库文件名', '责任单位名称或编号', '输出的 .xlsx 文件名']);
  if (p === 'help') return help(io);
  const [db, dep, out] = p.positionals as [string, string, string];
  if (!out.toLowerCase().endsWith('.xlsx')) throw new UsageError('kaohe collect-template 的输出文件应为 .xlsx。');
  requireDb(db);
  const { writeCollectTemplate } = await import('../core/services/collect.ts');
  const { listDepartmentDetails } = await import('../core/services/collect-plan.ts');
  const r = await withContext(db, async (ctx) => {
    const cycle = pickCycle(await listCycles(ctx), str(p, 'cycle'));
    const deps = await listDepartmentDetails(ctx, cycle.id);
    const d = deps.find((x) => x.name === dep.trim() || String(x.id) === dep.trim());
    if (!d) throw new AppError('not_found', `考核年度“${cycle.name}”中没有名称或编号为“${dep}”的责任单位（现有：${deps.map((x) => x.name).join('、') || '无'}）。`);
    return writeCollectTemplate(ctx, { cycleId: cycle.id, kind: 'scores', departmentId: d.id, filePath: out });
  });
  io.out(`已生成采集表 ${out}：${r.sheets.length} 张工作表（${r.sheets.join('、')}），待填 ${r.cells} 格。\n`);
  return 0;
}

async function tallyTemplateCmd(args: string[], io: Io): Promise<number> {
  const p = parse('tally-template', args, { cycle: { type: 'string' }, 'rater-group': { type: 'string' } }, ['一个数据库文件名', '输出的 .xlsx 文件名']);
  if (p === 'help') return help(io);
  const [db, out] = p.positionals as [string, string];
  if (!out.toLowerCase().endsWith('.xlsx')) throw new UsageError('kaohe tally-template 的输出文件应为 .xlsx。');
  requireDb(db);
  const { writeCollectTemplate } = await import('../core/services/collect.ts');
  const { listRaterGroups } = await import('../core/services/collect-data.ts');
  const r = await withContext(db, async (ctx) => {
    const cycle = pickCycle(await listCycles(ctx), str(p, 'cycle'));
    const want = str(p, 'rater-group');
    let raterGroupId: number | undefined;
    if (want !== undefined) {
      const groups = await listRaterGroups(ctx, cycle.id);
      const g = groups.find((x) => x.name === want.trim() || String(x.id) === want.trim());
      if (!g) throw new AppError('not_found', `考核年度“${cycle.name}”中没有测评组“${want}”（现有：${groups.map((x) => x.name).join('、') || '无'}）。`);
      raterGroupId = g.id;
    }
    return writeCollectTemplate(ctx, { cycleId: cycle.id, kind: 'tallies', ...(raterGroupId ? { raterGroupId } : {}), filePath: out });
  });
  io.out(`已生成民主测评票数采集表 ${out}：${r.sheets.length} 张工作表，待填 ${r.cells} 格。\n`);
  return 0;
}

async function collectCmd(args: string[], io: Io): Promise<number> {
  const p = parse('collect', args, { 'dry-run': { type: 'boolean' } }, ['一个数据库文件名', '采集表文件名（.xlsx）']);
  if (p === 'help') return help(io);
  const [db, file] = p.positionals as [string, string];
  requireDb(db);
  const { applyCollect, previewCollect } = await import('../core/services/collect.ts');
  return withContext(db, async (ctx) => {
    const pre = await previewCollect(ctx, { filePath: file });
    const s = pre.stamp;
    io.out(`采集表属于考核年度“${s.cycleName}”${s.departmentName ? `、责任单位“${s.departmentName}”` : s.kind === 'tallies' ? '（民主测评票数）' : ''}：共 ${pre.total} 项，改动 ${pre.changes.length} 项，不变 ${pre.unchanged} 项。\n`);
    for (const c of pre.changes.slice(0, 200)) io.out(`  ${c.cell}  ${c.subjectName}  ${c.what}：${c.old} → ${c.new}\n`);
    if (pre.changes.length > 200) io.out(`  ……另有 ${pre.changes.length - 200} 项\n`);
    if (p.values['dry-run'] || pre.changes.length === 0) {
      io.out(pre.changes.length === 0 ? '没有需要保存的改动。\n' : '（--dry-run：未保存）\n');
      return 0;
    }
    const r = await applyCollect(ctx, { filePath: file, cycleId: s.cycleId });
    io.out(`已保存 ${r.changed} 项改动${r.recomputed ? '，计算结果已更新' : ''}。${r.warning ? `\n注意：${r.warning}` : ''}\n`);
    return 0;
  });
}

async function auditCmd(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError('kaohe audit 目前只有 verify 子命令：kaohe audit verify <数据库文件>。');
  const p = parse('audit verify', rest, {}, ['一个数据库文件名']);
  if (p === 'help') return help(io);
  const [db] = p.positionals as [string];
  requireDb(db);
  const { verifyAudit } = await import('../core/security/audit-query.ts');
  const v = await withContext(db, async (ctx) => verifyAudit(ctx));
  if (v.ok) {
    io.out(`${v.message}\n`);
    return 0;
  }
  io.err(`${v.message}\n`);
  return 1;
}

async function backupCmd(args: string[], io: Io): Promise<number> {
  const p = parse('backup', args, {}, ['数据库文件名', '备份文件名']);
  if (p === 'help') return help(io);
  const [db, file] = p.positionals as [string, string];
  requireDb(db);
  const { backupTo } = await import('../core/backup/backup.ts');
  const { rawOf } = await import('../core/db/handles.ts');
  const m = await withContext(db, async (ctx) => {
    const out = backupTo(rawOf(ctx.db), file, 'cli', ctx.now());
    await ctx.write({ action: 'backup.create', entity: 'backup', cycleId: null, scope: null, detail: { name: out.name, sha256: out.sha256, size: out.size, reason: 'cli' } }, async () => undefined);
    return out;
  });
  io.out(`已备份到 ${file}（${(m.size / 1024).toFixed(0)} KiB，SHA-256 ${m.sha256.slice(0, 16)}…，完整性检查通过${m.encrypted ? '，已加密' : ''}）。\n`);
  return 0;
}

async function restoreCmd(args: string[], io: Io): Promise<number> {
  const p = parse('restore', args, {}, ['数据库文件名', '备份文件名']);
  if (p === 'help') return help(io);
  const [db, file] = p.positionals as [string, string];
  requireDb(db);
  const { restoreFrom } = await import('../core/backup/backup.ts');
  const r = await withContext(db, (ctx) => restoreFrom(ctx, file));
  io.out(`已从 ${file}（${r.restored.createdAt}）恢复。恢复前的数据已备份为 ${r.safetyBackup.name}。\n`);
  return 0;
}

async function rekeyCmd(args: string[], io: Io): Promise<number> {
  const p = parse('rekey', args, { decrypt: { type: 'boolean' } }, ['一个数据库文件名']);
  if (p === 'help') return help(io);
  const [db] = p.positionals as [string];
  requireDb(db);
  const oldKey = process.env.KAOHE_DB_KEY || null;
  const newKey = p.values.decrypt ? null : process.env.KAOHE_NEW_DB_KEY || null;
  if (!p.values.decrypt && newKey === null) throw new UsageError('请用环境变量 KAOHE_NEW_DB_KEY 给出新密钥（或用 --decrypt 解除加密）。');
  const { rekeyFile } = await import('../core/db/keyed.ts');
  rekeyFile(db, oldKey, newKey);
  io.out(newKey === null ? `已解除 ${db} 的加密。\n` : oldKey === null ? `已加密 ${db}。请妥善保管新密钥。\n` : `已更换 ${db} 的密钥。\n`);
  return 0;
}

function help(io: Io): number {
  io.out(USAGE);
  return 0;
}

// ---- JSON shapes ------------------------------------------------------------------

function resultJson(r: ResultRow) {
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

/** A check with its code, where it is and the figures behind it. */
function checkJson(x: CheckItemDto) {
  return {
    code: x.code,
    kind: x.kind,
    severity: x.severity,
    message: x.message,
    place: {
      categoryId: x.categoryId,
      category: x.categoryName,
      indicatorId: x.indicatorId,
      indicatorCode: x.indicatorCode,
      indicator: x.indicatorName,
      department: x.departmentName,
      subjects: x.subjects,
    },
    figures: x.figures,
  };
}

// ---- entry ---------------------------------------------------------------------------

async function reportCmd(args: string[], io: Io): Promise<number> {
  const p = parse('report', args, { out: { type: 'string' }, cycle: { type: 'string' }, contact: { type: 'string' }, phone: { type: 'string' } }, ['一个数据库文件名']);
  if (p === 'help') return help(io);
  const [db] = p.positionals as [string];
  const out = str(p, 'out');
  if (!out) throw new UsageError('kaohe report 需要用 --out 指定输出文件夹。');
  requireDb(db);
  const { getDocumentSettings, missingForLetter, saveDocumentSettings } = await import('../core/services/document-settings.ts');
  const { generateAllFeedbackLetters } = await import('../core/services/documents.ts');
  const { generateNotice } = await import('../core/services/notice.ts');
  const { generateRankingTables } = await import('../core/services/ranking.ts');
  fs.mkdirSync(out, { recursive: true });
  // the files go to --out, and the register there records them
  const ctx = await createContext({ dbFile: db, host: 'test', userLogin: 'cli', documentsDir: out });
  try {
    const cycle = pickCycle(await listCycles(ctx), str(p, 'cycle'));
    if (!cycleAllows(cycle.status, 'documents')) {
      throw new AppError('locked', `考核年度“${cycle.name}”${CYCLE_STATUS_LABELS[cycle.status]}，只有“评定中”或“已发布”的年度才能生成文书。可用 kaohe status 变更年度状态。`);
    }
    const contact = str(p, 'contact');
    const phone = str(p, 'phone');
    if (contact !== undefined || phone !== undefined) {
      const s = await getDocumentSettings(ctx, { cycleId: cycle.id });
      await saveDocumentSettings(ctx, { cycleId: cycle.id, settings: { ...s, ...(contact !== undefined ? { contactPerson: contact } : {}), ...(phone !== undefined ? { contactPhone: phone } : {}) } });
    }
    // all or nothing for a missing setting: checked before the notice takes its number
    const missing = missingForLetter(await getDocumentSettings(ctx, { cycleId: cycle.id }));
    if (missing.length > 0) throw new AppError('conflict', `反馈函还缺少文书设置中的${missing.map((m) => `“${m}”`).join('、')}：请用 --contact 和 --phone 写明，或在“文书设置”中填写。`);
    const notice = await generateNotice(ctx, cycle.id);
    io.out(`通报：${notice.filePath}\n`);
    const letters = await generateAllFeedbackLetters(ctx, { cycleId: cycle.id }, { onProgress: (x) => io.err(`\r反馈函 ${x.done}/${x.total}`) });
    io.err('\n');
    io.out(`反馈函：${letters.written} 份，在 ${letters.folder}\n`);
    for (const s of letters.skipped) io.out(`  未生成：${s.unitName}（${s.reason}）\n`);
    for (const format of ['docx', 'xlsx'] as const) for (const d of await generateRankingTables(ctx, { cycleId: cycle.id, format })) io.out(`排名表：${d.filePath}\n`);
    return letters.skipped.length > 0 ? 1 : 0;
  } finally {
    await ctx.close();
  }
}

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  report: reportCmd,
  demo,
  compute: computeCmd,
  cycles: cyclesCmd,
  status: statusCmd,
  checks: checksCmd,
  import: importCmd,
  template: templateCmd,
  'collect-template': collectTemplateCmd,
  'tally-template': tallyTemplateCmd,
  collect: collectCmd,
  audit: auditCmd,
  backup: backupCmd,
  restore: restoreCmd,
  rekey: rekeyCmd,
};

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [cmd, ...args] = argv;
  try {
    if (cmd === undefined) {
      io.err(USAGE);
      return 2;
    }
    if (cmd === 'help' || cmd === '--help' || cmd === '-h') return help(io);
    const run = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
    if (!run) throw new UsageError(`不认识的命令“${cmd}”。`);
    return await run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`错误：${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`错误：${e instanceof AppError ? e.message : ((e as Error)?.message ?? String(e))}\n`);
    return 1;
  }
}
