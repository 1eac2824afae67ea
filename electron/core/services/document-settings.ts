// Per-cycle document settings (文书设置): organ, document-number sequences,
// signing, recipients, contact, fonts. Stored as one JSON row per cycle; read
// with the defaults filled in; saved through the one write path (scope
// 'documents'), one audit row per changed setting.
import { AppError } from '../../../shared/errors.ts';
import { documentSettings, type DocumentSettings } from '../../../shared/ipc/contract-documents.ts';
import type { OutputOf, ParsedInputOf } from '../../../shared/ipc/contract.ts';
import type { Db, ServiceContext, WriteTx } from '../context.ts';
import { requireCycle } from '../repos/cycles.ts';
import { DEFAULT_FONTS } from '../reports/text.ts';

export function defaultSettings(organ: string): DocumentSettings {
  const o = organ.trim() || '中共县委组织部';
  return {
    organ: o,
    organMark: `${o}文件`,
    noticePrefix: '组通',
    noticeNext: 1,
    letterPrefix: '考核办函',
    letterNext: 1,
    signingOrgan: o,
    signDate: null,
    mainRecipients: '各乡镇（街道）党（工）委，县直各单位党组（党委、党支部）',
    copyTo: '',
    printOrgan: `${o}办公室`,
    contactPerson: '',
    contactPhone: '',
    reportTo: '县委考核办',
    rectifyMonths: 2,
    gradeOrder: 'score',
    fonts: structuredClone(DEFAULT_FONTS),
  };
}

/** The settings as stored, over the defaults (a setting added later reads as its default). */
export async function readSettings(db: Db, cycleId: number): Promise<DocumentSettings> {
  const cycle = await requireCycle(db, cycleId);
  const row = await db.selectFrom('document_settings').select('settings').where('cycle_id', '=', cycleId).executeTakeFirst();
  const base = defaultSettings(cycle.organ);
  if (!row) return base;
  const parsed = documentSettings.safeParse({ ...base, ...(JSON.parse(row.settings) as object) });
  return parsed.success ? parsed.data : base;
}

export async function getDocumentSettings(ctx: ServiceContext, input: ParsedInputOf<'getDocumentSettings'>): Promise<OutputOf<'getDocumentSettings'>> {
  return readSettings(ctx.db, input.cycleId);
}

/** Writes the settings row inside a write, recording each changed setting. */
export async function storeSettings(w: WriteTx, cycleId: number, before: DocumentSettings, after: DocumentSettings): Promise<void> {
  const changes = (Object.keys(after) as (keyof DocumentSettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changes.length === 0) return;
  const value = JSON.stringify(after);
  const exists = await w.trx.selectFrom('document_settings').select('cycle_id').where('cycle_id', '=', cycleId).executeTakeFirst();
  if (exists) await w.trx.updateTable('document_settings').set({ settings: value, updated_at: w.at }).where('cycle_id', '=', cycleId).execute();
  else await w.trx.insertInto('document_settings').values({ cycle_id: cycleId, settings: value, updated_at: w.at }).execute();
  w.changed(changes.map((k) => ({ entity: 'document_settings', key: String(cycleId), field: k, old: before[k], new: after[k] })));
}

export async function saveDocumentSettings(ctx: ServiceContext, input: ParsedInputOf<'saveDocumentSettings'>): Promise<OutputOf<'saveDocumentSettings'>> {
  const before = await readSettings(ctx.db, input.cycleId);
  if (input.settings.signDate && Number.isNaN(Date.parse(input.settings.signDate))) throw new AppError('invalid_input', '成文日期不是有效的日期。', { kind: 'field', path: 'settings.signDate' });
  await ctx.write({ action: 'documents.settings', entity: 'document_settings', entityId: input.cycleId, cycleId: input.cycleId, scope: 'documents' }, async (w) => {
    await storeSettings(w, input.cycleId, before, input.settings);
  });
  return readSettings(ctx.db, input.cycleId);
}

/** Settings a letter cannot go out without (placeholders otherwise), named as the settings screen names them. */
export function missingForLetter(s: DocumentSettings): string[] {
  const out: string[] = [];
  if (!s.contactPerson.trim()) out.push('联系人');
  if (!s.contactPhone.trim()) out.push('联系电话');
  return out;
}

export function missingForNotice(s: DocumentSettings): string[] {
  return s.mainRecipients.trim() ? [] : ['主送机关'];
}
