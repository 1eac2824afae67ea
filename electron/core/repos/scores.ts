// Score cells: bulk writes inside the caller's transaction (up to 200,000 cells
// at once), each changed cell recorded with its old and new value.
import { parseSubjectKey, type SubjectKey } from '../../../shared/domain.ts';
import type { FieldChange, WriteTx } from '../context.ts';
import { rawOf } from '../db/handles.ts';
import type { Deduction } from '../../../shared/deductions.ts';

export interface CellWrite {
  indicatorId: number;
  subjectKey: SubjectKey;
  value: number | null;
  text: string | null;
  /** the occurrences of a 扣分制 cell (null: none recorded); absent: left as they are */
  deductions?: Deduction[] | null;
}

/** Writes cells (an empty value and text clears the cell); returns the cells that really changed. */
export function writeCells(w: WriteTx, cells: CellWrite[]): FieldChange[] {
  const raw = rawOf(w.trx);
  const read = {
    unit: raw.prepare('select value, text_value, deductions from score_entries where unit_id = ? and indicator_id = ?'),
    cadre: raw.prepare('select value, text_value, deductions from score_entries where cadre_id = ? and indicator_id = ?'),
  };
  const del = {
    unit: raw.prepare('delete from score_entries where unit_id = ? and indicator_id = ?'),
    cadre: raw.prepare('delete from score_entries where cadre_id = ? and indicator_id = ?'),
  };
  const upsert = {
    unit: raw.prepare(
      `insert into score_entries (indicator_id, unit_id, cadre_id, value, text_value, deductions, updated_at, updated_by) values (?, ?, null, ?, ?, ?, ?, ?)
       on conflict (unit_id, indicator_id) where unit_id is not null do update set value = excluded.value, text_value = excluded.text_value, deductions = excluded.deductions, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    cadre: raw.prepare(
      `insert into score_entries (indicator_id, unit_id, cadre_id, value, text_value, deductions, updated_at, updated_by) values (?, null, ?, ?, ?, ?, ?, ?)
       on conflict (cadre_id, indicator_id) where cadre_id is not null do update set value = excluded.value, text_value = excluded.text_value, deductions = excluded.deductions, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
  };
  const changes: FieldChange[] = [];
  for (const c of cells) {
    const s = parseSubjectKey(c.subjectKey)!;
    const before = read[s.kind].get(s.id, c.indicatorId) as { value: number | null; text_value: string | null; deductions: string | null } | undefined;
    const oldValue = before?.value ?? null;
    const oldText = before?.text_value ?? null;
    const oldDeductions = before?.deductions ?? null;
    const text = c.text === '' ? null : c.text;
    const deductions = c.deductions === undefined ? oldDeductions : c.deductions === null ? null : JSON.stringify(c.deductions);
    if (oldValue === c.value && oldText === text && oldDeductions === deductions) continue;
    if (c.value === null && text === null && deductions === null) del[s.kind].run(s.id, c.indicatorId);
    else upsert[s.kind].run(c.indicatorId, s.id, c.value, text, deductions, w.at, w.actor.id);
    const key = `${c.subjectKey}|indicator:${c.indicatorId}`;
    if (oldValue !== c.value) changes.push({ entity: 'score', key, field: 'value', old: oldValue, new: c.value });
    if (oldText !== text) changes.push({ entity: 'score', key, field: 'text', old: oldText, new: text });
    if (oldDeductions !== deductions) changes.push({ entity: 'score', key, field: 'deductions', old: oldDeductions, new: deductions });
  }
  return changes;
}
