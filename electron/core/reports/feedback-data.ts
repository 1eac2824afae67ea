// What a feedback letter (考核反馈函) needs, gathered by the documents service
// from the engine's stored results and traces and the office's entries; the
// builder only words and lays it out. No grade, quota or flag is decided here.

export interface FeedbackIndicatorRow {
  code: string;
  name: string;
  level: number;
  full: number;
  score: number;
  lost: number;
  /** why points were lost: the engine's trace, or for direct scoring the department's note; '' when there is nothing to say */
  why: string;
  isLeaf: boolean;
}

export interface FeedbackComponentRow {
  name: string;
  kind: 'indicators' | 'democratic' | 'routine' | 'bonus' | 'external';
  /** null for 加减分, which has caps instead of full points */
  full: number | null;
  score: number;
  weight: number | null;
  contribution: number;
}

export interface FeedbackBonusItem {
  kind: 'bonus' | 'deduction';
  type: string;
  reason: string;
  points: number;
  counted: number;
  note: string;
}

export interface FeedbackLetterData {
  organ: string; // the letterhead, e.g. "中共清河县委组织部"
  docNumber: string; // e.g. "清考办函〔2026〕12号"
  cycleName: string;
  year: number;
  unitName: string;
  categoryName: string;
  total: number;
  rank: number;
  rankOf: number;
  /** the final grade (after an adjustment) */
  grade: string;
  computedGrade: string;
  /** the veto, sanction or 一票否优 that decided the grade, as the engine stored it */
  restriction: { kind: 'forced' | 'not_top'; grade: string | null; rule: string; reason: string } | null;
  adjustment: { from: string; to: string; reason: string } | null;
  /** the engine's quota note when the category had no place at all for a higher grade (a category of one unit) */
  quotaNote?: string | null;
  lastYear: { total: number; rank: number; rankOf: number; grade: string } | null;
  components: FeedbackComponentRow[];
  indicators: FeedbackIndicatorRow[];
  /** 平时考核: its items and its line of the components */
  routine: { component: FeedbackComponentRow; items: FeedbackIndicatorRow[] } | null;
  /** 加减分 with the category's caps */
  bonus: { items: FeedbackBonusItem[]; kindCaps: Record<string, number>; totalCap: number | null; deductionCap: number | null; contribution: number } | null;
  democratic: { groups: { name: string; valid: number; rate: number }[]; shares: { level: string; share: number }[]; validVotes: number } | null;
  /** written by the office; empty: the section is left out */
  strengths: string[];
  problems: { text: string; requirement: string }[];
  deadline: string; // Chinese date
  reportTo: string; // 整改情况报送单位
  contactPerson: string;
  contactPhone: string;
  signOrgan: string;
  signDate: string; // Chinese date
  decimals: number;
}
