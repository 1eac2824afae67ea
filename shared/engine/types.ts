// Engine input and output. The engine is pure: these plain objects in,
// results with their explanation out. No I/O, no clock, no randomness.
import type {
  CategorySettings,
  ComponentKind,
  EvalLevel,
  EventKind,
  Method,
  Post,
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
  /** shares of all valid votes per level name, 0..1 */
  shares: Record<string, number>;
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

export type GradeRule = 'veto' | 'sanction' | 'investigation' | 'quota' | 'bottom_quota' | 'band' | 'bottom' | 'default';

export interface GradeDecision {
  grade: string;
  rule: GradeRule;
  note: string;
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
  components: ComponentTrace[];
  grade: GradeDecision;
  flags: string[];
  missingCount: number;
}

export interface EngineOutput {
  results: SubjectResult[];
}
