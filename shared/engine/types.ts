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
}

export interface EngineInput {
  categories: EngineCategory[];
  components: EngineComponent[];
  indicators: EngineIndicator[];
  raterGroups: EngineRaterGroup[];
  subjects: EngineSubject[];
  scores: EngineScore[];
  ballots: EngineBallot[];
  events: EngineEvent[];
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

export interface GradeDecision {
  grade: string;
  rule: 'veto' | 'sanction' | 'investigation' | 'quota' | 'band' | 'bottom' | 'default';
  note: string;
}

export interface SubjectResult {
  subjectKey: SubjectKey;
  kind: SubjectKind;
  categoryId: number;
  total: number;
  rank: number;
  components: ComponentTrace[];
  grade: GradeDecision;
  flags: string[];
  missingCount: number;
}

export interface EngineOutput {
  results: SubjectResult[];
}
