// The audit trail for the security auditor: filtered reads, the chain check,
// and exports (.csv with a BOM for Excel, or .xlsx) into the application's
// export folder — each export is itself recorded.
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../context.ts';
import { rawOf } from '../db/handles.ts';
import type { Database } from '../db/schema.ts';
import { verifyAuditChain } from './audit-chain.ts';

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  userId?: number | undefined;
  action?: string | undefined;
  entity?: string | undefined;
  cycleId?: number | undefined;
  limit: number;
  offset: number;
}

export interface SecurityAuditRow {
  id: number;
  at: string;
  userId: number | null;
  userLogin: string;
  userName: string;
  action: string;
  entity: string;
  entityKey: string | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  cycleId: number | null;
  op: number | null;
  detail: string;
}

function filtered(ctx: ServiceContext, f: Omit<AuditFilter, 'limit' | 'offset'>) {
  let q = (ctx.db as unknown as Kysely<Database>).selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.user_id');
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.to) q = q.where('audit_log.at', '<=', f.to);
  if (f.userId !== undefined) q = q.where('audit_log.user_id', '=', f.userId);
  if (f.action) q = f.action.endsWith('.') ? q.where('audit_log.action', 'like', `${f.action.replace(/[%_\\]/g, '\\$&')}%`) : q.where('audit_log.action', '=', f.action);
  if (f.entity) q = q.where('audit_log.entity', '=', f.entity);
  if (f.cycleId !== undefined) q = q.where('audit_log.cycle_id', '=', f.cycleId);
  return q;
}

/**
 * Everyone who can appear in the trail — the accounts and the system actors
 * of the command line and the demo — by name only: the security auditor
 * filters the trail by user but may not list accounts with their roles and
 * states (listAccounts).
 */
export async function listAuditActors(ctx: ServiceContext): Promise<{ id: number; login: string; name: string }[]> {
  return (ctx.db as unknown as Kysely<Database>).selectFrom('users').select(['id', 'login', 'name']).orderBy('id').execute();
}

export async function queryAudit(ctx: ServiceContext, f: AuditFilter): Promise<{ rows: SecurityAuditRow[]; total: number }> {
  const total = Number((await filtered(ctx, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await filtered(ctx, f)
    .select(['audit_log.id', 'audit_log.at', 'audit_log.user_id', 'users.login', 'users.name', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.entity_key', 'audit_log.field', 'audit_log.old_value', 'audit_log.new_value', 'audit_log.cycle_id', 'audit_log.op', 'audit_log.detail'])
    .orderBy('audit_log.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      userLogin: r.login ?? '',
      userName: r.name ?? '',
      action: r.action,
      entity: r.entity,
      entityKey: r.entity_key ?? (r.entity_id !== null ? String(r.entity_id) : null),
      field: r.field,
      oldValue: r.old_value,
      newValue: r.new_value,
      cycleId: r.cycle_id,
      op: r.op,
      detail: r.detail,
    })),
  };
}

export function verifyAudit(ctx: ServiceContext): { ok: boolean; rows: number; brokenId: number | null; message: string } {
  const v = verifyAuditChain(rawOf(ctx.db));
  return v.ok
    ? { ok: true, rows: v.rows, brokenId: null, message: `审计记录完整：${v.rows} 条记录的校验链全部相符。` }
    : { ok: false, rows: v.rows, brokenId: v.broken!.id, message: `审计记录被篡改：${v.broken!.reason}。` };
}

const HEADERS = ['编号', '时间', '账号', '姓名', '操作', '对象', '对象编号', '字段', '原值', '新值', '考核年度', '所属操作', '详情'];

function cells(r: SecurityAuditRow): (string | number | null)[] {
  return [r.id, r.at, r.userLogin, r.userName, r.action, r.entity, r.entityKey, r.field, r.oldValue, r.newValue, r.cycleId, r.op, r.detail];
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  // a cell Excel would read as a formula is kept as text
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function exportDirOf(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'exports');
}

export async function exportAudit(ctx: ServiceContext, f: Omit<AuditFilter, 'limit' | 'offset'>, format: 'csv' | 'xlsx'): Promise<{ file: string; rows: number }> {
  const all: SecurityAuditRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await queryAudit(ctx, { ...f, limit: 1000, offset });
    all.push(...page.rows);
    if (page.rows.length < 1000 || all.length >= 1_000_000) break;
  }
  all.reverse();
  const dir = exportDirOf(ctx.dbFile);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stampText = ctx.now().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const file = path.join(dir, `审计记录-${stampText}.${format}`);
  if (format === 'csv') {
    const text = `\ufeff${[HEADERS, ...all.map(cells)].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
    fs.writeFileSync(file, text, { mode: 0o600 });
  } else {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('审计记录');
    ws.addRow(HEADERS);
    for (const r of all) ws.addRow(cells(r));
    ws.getRow(1).font = { bold: true };
    fs.writeFileSync(file, '', { mode: 0o600 });
    await wb.xlsx.writeFile(file);
  }
  await ctx.write({ action: 'audit.export', entity: 'audit', cycleId: null, scope: null, detail: { file: path.basename(file), rows: all.length, format, filter: f } }, async () => undefined);
  return { file, rows: all.length };
}
