// The audit trail as the user reads it: newest first, one row per changed
// field (old → new) and one per operation.
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { ServiceContext } from '../context.ts';

export async function listAudit(ctx: ServiceContext, input: ParsedInputOf<'listAudit'>): Promise<OutputOf<'listAudit'>> {
  let q = ctx.db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .select(['audit_log.id', 'audit_log.at', 'users.name as user_name', 'audit_log.action', 'audit_log.entity', 'audit_log.entity_id', 'audit_log.entity_key', 'audit_log.field', 'audit_log.old_value', 'audit_log.new_value', 'audit_log.cycle_id', 'audit_log.detail']);
  if (input.cycleId !== undefined) q = q.where('audit_log.cycle_id', '=', input.cycleId);
  if (input.entity !== undefined) q = q.where('audit_log.entity', '=', input.entity);
  const rows = await q.orderBy('audit_log.id', 'desc').limit(input.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    userName: r.user_name ?? '',
    action: r.action,
    entity: r.entity,
    entityKey: r.entity_key ?? (r.entity_id !== null ? String(r.entity_id) : null),
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    cycleId: r.cycle_id,
    detail: r.detail,
  }));
}
