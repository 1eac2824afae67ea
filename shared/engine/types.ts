// Engine input and output. The engine is pure: these plain objects in,
// results with their explanation out. No I/O, no clock, no randomness.
import type {
  CategorySettings,
  ComponentKind,
  EvalLevel,
  EventKind,
  Method,
  Post,
  Rounding,
  SubjectKey,
  SubjectKind,
} from '../domain.ts';

export interface EngineCategory {
  id: number;
  name: string;
  kind: SubjectKind;
  difficulty: number;
  sortOrder: number;
  settings: CategorySettings;
}

export interface EngineComponent {
  id: number;
  categoryId: number;
  code: string;
  name: string;
  kind: ComponentKind;
  /** Share of the total in percent; null = its points are added as they are. */
  weight: number | null;
  /** The component's own full points (democratic evaluation; indicators derive it from the tree). */
  fullPoints: number;
  normalizeTo100: boolean;
  applyDifficulty: boolean;
  evalLevels: EvalLevel[];
  sortOrder: number;
  /** kind 'external': the cycle (and its component, else its total) the score is taken from */
  source?: { cycleId: number; componentCode?: string };
}

export interface EngineIndicator {
  id: number;
  categoryId: number;
  componentId: number;
  parentId: number | null;
  code: string;
  name: string;
  fullPoints: number;
  /** null for inner nodes, which sum their children. */
  method: Method | null;
  sortOrder: number;
  /** the responsible department (责任单位), for checks */
  departmentId?: number | null;
}

export interface EngineRaterGroup {
  id: number;
  name: string;
  weight: number;
}

export interface EngineSubject {
  key: SubjectKey;
  kind: SubjectKind;
  id: number;
  code: string;
  name: string;
  categoryId: number;
  sortOrder: number;
  post?: Post;
  unitKey?: SubjectKey;
}

export interface EngineScore {
  indicatorId: number;
  subjectKey: SubjectKey;
  value: number | null;
  /** letter grades (定性等级) are entered as text */
  text?: string | null;
  /** deduction list (扣分制): one entry per occurrence */
  deductions?: { points: number; reason: string }[];
}

export interface EngineBallot {
  subjectKey: SubjectKey;
  raterGroupId: number;
  expected: number;
  present: number;
  valid: number;
  invalid: number;
  votes: Record<string, number>;
}

export interface EngineEvent {
  id: number;
  subjectKey: SubjectKey;
  kind: EventKind;
  /** bonus/deduction kind (荣誉表彰, 排名通报, …), the key of per-kind caps */
  type: string;
  /** the same honour at several levels counts once, at its highest */
  honourKey?: string | null;
  /** higher is more senior: 国家级 3, 省级 2, 市级 1 */
  levelRank?: number | null;
  points: number;
  reason: string;
  /** a sanction of last year that still holds the grade back (当年和次年不确定等次) */
  carried?: boolean;
}

/**
 * Numeric score cells in parallel columns, the form a province-scale load
 * takes: `subject` indexes `EngineInput.subjects`; an empty cell is NaN.
 */
export interface ScoreTable {
  indicatorId: ArrayLike<number>;
  subject: ArrayLike<number>;
  value: ArrayLike<number>;
}

/** A component's score taken from another cycle's result (e.g. 综合考核 counting in the annual assessment). */
export interface EngineExternalScore {
  componentId: number;
  subjectKey: SubjectKey;
  value: number;
  /** where it comes from, e.g. "2025年度综合考核总分" */
  source: string;
}

export interface EngineInput {
  categories: EngineCategory[];
  components: EngineComponent[];
  indicators: EngineIndicator[];
  raterGroups: EngineRaterGroup[];
  subjects: EngineSubject[];
  /** cells as objects (small plans, letter grades, deduction lists) */
  scores: EngineScore[];
  /** numeric cells in columns; `scores` entries for the same cell take precedence */
  scoreTable?: ScoreTable;
  ballots: EngineBallot[];
  events: EngineEvent[];
  external?: EngineExternalScore[];
  /** final grades of units after committee adjustments, for cadre linkage */
  adjustedGrades?: Partial<Record<SubjectKey, string>>;
  /** computed grades of units that are not part of this run (stored results), for cadre linkage */
  unitGrades?: Partial<Record<SubjectKey, string>>;
  /** unit key → its category, for units not in `subjects` (an incremental run of cadre categories): dependencies */
  unitCategories?: Partial<Record<SubjectKey, number>>;
  departments?: { id: number; name: string }[];
}

// ---- output ------------------------------------------------------------

export interface LeafTrace {
  indicatorId: number;
  code: string;
  /** names from the top-level indicator down to the leaf */
  path: string[];
  method: Method['type'];
  inputs: Record<string, number | string | null>;
  raw: number | null;
  score: number;
  full: number;
  lost: number;
  /** Chinese explanation of how the score came about */
  note: string;
  missing: boolean;
}

export interface NodeTrace {
  indicatorId: number;
  code: string;
  name: string;
  parentId: number | null;
  level: number;
  full: number;
  score: number;
}

export interface DemocraticGroupTrace {
  raterGroupId: number;
  name: string;
  weight: number;
  valid: number;
  groupScore: number;
  votes: Record<string, number>;
}

export interface DemocraticTrace {
  groups: DemocraticGroupTrace[];
  /** shares of all valid votes per level name, 0..1, rounded to 4 places for display */
  shares: Record<string, number>;
  /** votes per level name over all groups: vote rules compute their shares from these */
  counts: Record<string, number>;
  validVotes: number;
}

export interface BonusItemTrace {
  eventId: number;
  kind: 'bonus' | 'deduction';
  type: string;
  points: number;
  counted: number;
  reason: string;
  note: string;
}

export interface ComponentTrace {
  componentId: number;
  code: string;
  name: string;
  kind: ComponentKind;
  raw: number;
  full: number;
  /** raw scaled to 100 where the plan says so, else raw */
  scaled: number;
  weight: number | null;
  difficulty: number;
  contribution: number;
  note: string;
  leaves?: LeafTrace[];
  nodes?: NodeTrace[];
  democratic?: DemocraticTrace;
  bonus?: BonusItemTrace[];
}

export type GradeRule = 'veto' | 'sanction' | 'investigation' | 'quota' | 'bottom_quota' | 'band' | 'bottom' | 'default' | 'tie_at_quota';

export interface GradeDecision {
  grade: string;
  rule: GradeRule;
  note: string;
}

/** A fact about a subject; its Chinese text comes from `flagText` (flags.ts) only. */
export type FlagCode =
  | 'missing_data' // figures: { count }
  | 'veto' // figures: { eventId, reason }
  | 'veto_top' // figures: { eventId, reason }
  | 'sanction' // figures: { eventId, type, reason }; one flag per sanction event
  | 'sanction_carried' // figures: { eventId, type, reason }
  | 'investigation' // figures: { eventId, reason }
  | 'undetermined' // figures: {}
  | 'vote_rule' // figures: { label, levels (joined with '+'), share, limit, op: 'above'|'below', votes, valid }
  | 'component_threshold' // figures: { label, component (name), code, score, below }
  | 'tie_at_quota' // figures: { places, tied, rank, grade, boundary: 'top'|'bottom' }
  | 'external_missing'; // figures: { component, source }
export interface Flag {
  code: FlagCode;
  figures: Record<string, number | string>;
}

/** What vetoes, sanctions and investigations allow a subject (the heaviest wins). */
export interface Restriction {
  kind: 'forced' | 'not_top';
  /** the grade it forces (forced), null for not_top */
  grade: string | null;
  rule: 'veto' | 'veto_top' | 'sanction' | 'investigation';
  /** Chinese sentence, e.g. 一票否优：发生较大安全生产事故，不得评为“优秀” */
  reason: string;
  /** the deciding event (negative ids are carried sanctions) */
  eventId: number | null;
}

export interface QuotaDecision {
  /** the grade the quota is for */
  grade: string;
  /** after rounding (and linkage) */
  places: number;
  basis: 'percent' | 'linkage';
  /** the percentage applied (for linkage summed per member: the sum) */
  percent: number;
  /** percent × size / 100 before rounding */
  exact: number;
  rounding: Rounding;
  /** how many got the grade under this quota */
  given: number;
  /** Chinese: how the places came about, e.g. 12人×20%=2.4，向下取整为2个 */
  note: string;
}

export interface GroupQuota {
  categoryId: number;
  /** 'all' for the whole category, or the unit's subject key ('unit:12') when deputies are compared within their team */
  groupKey: string;
  size: number;
  top: QuotaDecision;
  /** only where bottomQuotaPercent is set */
  bottom: QuotaDecision | null;
  /** subjects tied across the top-quota boundary (after tie-breaks), in plan order */
  tiedAtBoundary: string[];
  /** linkage details where basis = 'linkage': the unit grade the percentage came from (one entry per member for the whole category) */
  linkage?: { unitKey: string | null; unitGrade: string | null; percent: number }[];
}

export interface CategoryDependency {
  categoryId: number;
  /** categories whose results this one reads (cadre categories with linkage → the unit categories of their cadres' units) */
  onCategories: number[];
  /** other cycles whose results this one cites (components of kind 'external') */
  onCycles: number[];
}

export interface SubjectResult {
  subjectKey: SubjectKey;
  kind: SubjectKind;
  categoryId: number;
  total: number;
  /** how the components were combined into the total */
  totalNote: string;
  rank: number;
  /** the size of the comparison group the rank is counted in */
  rankOf: number;
  /** the comparison group: 'all', or the unit's key when deputies are compared within their team */
  groupKey: string;
  components: ComponentTrace[];
  grade: GradeDecision;
  restriction: Restriction | null;
  flags: Flag[];
  missingCount: number;
}

export interface EngineOutput {
  results: SubjectResult[];
  groups: GroupQuota[];
  dependencies: CategoryDependency[];
}
