// Row types of the SQLite tables for kysely. JSON columns are text here and
// parsed by the repositories.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Id = Generated<number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** `role` is the first version's column, kept; `roles` (a JSON list, shared/security.ts) is what is checked */
export interface UsersTable { id: Id; login: string; name: string; role: 'admin' | 'operator' | 'auditor' | 'viewer'; password_hash: string | null; roles: Defaulted<string>; enabled: Defaulted<number>; failed_logins: Defaulted<number>; locked_until: string | null; password_changed_at: string | null; must_change: Defaulted<number> }
export interface PasswordHistoryTable { id: Id; user_id: number; hash: string; at: string }
export interface AppSettingsTable { key: string; value: string }
export interface AuditLogTable { id: Id; at: string; user_id: number | null; action: string; entity: string; entity_id: number | null; cycle_id: number | null; detail: Defaulted<string>; op: number | null; entity_key: string | null; field: string | null; old_value: string | null; new_value: string | null; prev_hash: string | null; hash: string | null }
export interface CyclesTable { id: Id; name: string; year: number; status: Defaulted<string>; organ: Defaulted<string>; copied_from: number | null; settings: Defaulted<string>; created_at: string }
export interface CategoriesTable { id: Id; cycle_id: number; kind: 'unit' | 'cadre'; name: string; difficulty: Defaulted<number>; sort_order: Defaulted<number>; settings: string; input_version: Defaulted<number> }
export interface DepartmentsTable { id: Id; cycle_id: number; name: string; contact: Defaulted<string> }
export interface UnitsTable { id: Id; cycle_id: number; category_id: number; code: string; name: string; sort_order: Defaulted<number> }
export interface CadresTable { id: Id; cycle_id: number; unit_id: number; category_id: number; code: string; name: string; post: 'head' | 'deputy'; title: Defaulted<string>; sort_order: Defaulted<number> }
export interface AssessmentGroupsTable { id: Id; cycle_id: number; name: string; sort_order: Defaulted<number> }
export interface GroupMembersTable { id: Id; group_id: number; name: string; role: 'leader' | 'deputy' | 'member_a' | 'member_b'; affiliation: Defaulted<string> }
export interface GroupUnitsTable { group_id: number; unit_id: number }
export interface ComponentsTable { id: Id; category_id: number; code: string; name: string; kind: 'indicators' | 'democratic' | 'routine' | 'bonus' | 'external'; weight: number | null; full_points: Defaulted<number>; normalize_to_100: Defaulted<number>; apply_difficulty: Defaulted<number>; params: Defaulted<string>; sort_order: Defaulted<number> }
export interface IndicatorsTable { id: Id; category_id: number; component_id: number; parent_id: number | null; code: string; name: string; full_points: number; method: string | null; department_id: number | null; description: Defaulted<string>; sort_order: Defaulted<number> }
export interface ScoreEntriesTable { id: Id; indicator_id: number; unit_id: number | null; cadre_id: number | null; value: number | null; text_value: string | null; deductions: string | null; note: Defaulted<string>; updated_at: string; updated_by: number | null }
export interface RaterGroupsTable { id: Id; cycle_id: number; subject_kind: 'unit' | 'cadre'; name: string; weight: number; sort_order: Defaulted<number> }
export interface EvalBallotsTable { id: Id; rater_group_id: number; unit_id: number | null; cadre_id: number | null; expected: number; present: number; valid: number; invalid: Defaulted<number>; votes: string; updated_at: string }
export interface EventsTable { id: Id; cycle_id: number; unit_id: number | null; cadre_id: number | null; kind: string; type: Defaulted<string>; honour_key: string | null; level_rank: number | null; points: Defaulted<number>; reason: string; evidence: Defaulted<string>; occurred_on: string | null; closed_on: string | null; created_at: string; doc_number: Defaulted<string>; doc_date: string | null; level: Defaulted<string>; issuer: Defaulted<string>; outcome: Defaulted<string> }
export interface ResultsTable { id: Id; cycle_id: number; unit_id: number | null; cadre_id: number | null; category_id: number; total: number; rank: number; rank_of: Defaulted<number>; computed_grade: string; grade_rule: string; grade_note: string; total_note: Defaulted<string>; components: string; flags: Defaulted<string>; computed_at: string; input_version: Defaulted<number>; restriction: string | null; group_key: Defaulted<string> }
export interface ResultGroupsTable { id: Id; cycle_id: number; category_id: number; group_key: string; size: number; quota: string; input_version: number; computed_at: string }
export interface AdjustmentsTable { id: Id; cycle_id: number; unit_id: number | null; cadre_id: number | null; from_grade: string; to_grade: string; reason: string; decided_by: number | null; decided_at: string }
export interface DocumentsTable { id: Id; cycle_id: number; kind: 'notice' | 'feedback' | 'ranking' | 'cadre_list'; unit_id: number | null; doc_number: Defaulted<string>; title: string; file_path: string; issued_at: string; issued_by: number | null; sha256: Defaulted<string>; replaces_id: number | null; format: Defaulted<string> }
export interface DocumentSettingsTable { cycle_id: number; settings: string; updated_at: string }
export interface RectificationItemsTable { id: Id; cycle_id: number; unit_id: number; feedback_item_id: number | null; document_id: number | null; problem: string; requirement: Defaulted<string>; deadline: string; status: Defaulted<'fed_back' | 'in_progress' | 'reported' | 'closed'>; report: Defaulted<string>; reported_at: string | null; decision: Defaulted<string>; closed_at: string | null; closed_by: number | null; carried_event_id: number | null; carried_cycle_id: number | null; created_at: string; sort_order: Defaulted<number> }
export interface FeedbackItemsTable { id: Id; cycle_id: number; unit_id: number; kind: Defaulted<'strength' | 'problem'>; text: string; requirement: Defaulted<string>; deadline: string | null; status: Defaulted<'fed_back' | 'in_progress' | 'reported' | 'closed'>; report: Defaulted<string>; closed_at: string | null; closed_by: number | null; sort_order: Defaulted<number> }

export interface Database {
  users: UsersTable;
  password_history: PasswordHistoryTable;
  app_settings: AppSettingsTable;
  audit_log: AuditLogTable;
  cycles: CyclesTable;
  categories: CategoriesTable;
  departments: DepartmentsTable;
  units: UnitsTable;
  cadres: CadresTable;
  assessment_groups: AssessmentGroupsTable;
  group_members: GroupMembersTable;
  group_units: GroupUnitsTable;
  components: ComponentsTable;
  indicators: IndicatorsTable;
  score_entries: ScoreEntriesTable;
  rater_groups: RaterGroupsTable;
  eval_ballots: EvalBallotsTable;
  events: EventsTable;
  results: ResultsTable;
  result_groups: ResultGroupsTable;
  adjustments: AdjustmentsTable;
  documents: DocumentsTable;
  feedback_items: FeedbackItemsTable;
  document_settings: DocumentSettingsTable;
  rectification_items: RectificationItemsTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
