// What a feedback letter (考核反馈函) needs, gathered by the documents service
// from the database and the engine's traces; the .docx builder only lays it out.

export interface FeedbackIndicatorRow {
  code: string;
  /** e.g. "经济发展 / 地区生产总值增长率" */
  name: string;
  level: number;
  full: number;
  score: number;
  lost: number;
  /** why points were lost (from the engine's trace), '' when none */
  why: string;
  isLeaf: boolean;
}

export interface FeedbackLetterData {
  organ: string; // 发文机关, e.g. "中共清河县委组织部"
  organShort: string; // e.g. "县委考核办"
  docNumber: string; // e.g. "清考办函〔2025〕12号"
  cycleName: string; // e.g. "2025年度乡镇（街道）综合考核"
  year: number;
  unitName: string;
  categoryName: string;
  total: number;
  rank: number;
  rankOf: number;
  grade: string;
  lastYear: { total: number; rank: number; grade: string } | null;
  components: { name: string; full: number; score: number; weight: number | null; contribution: number }[];
  indicators: FeedbackIndicatorRow[];
  bonus: { kind: 'bonus' | 'deduction'; reason: string; points: number; counted: number; note: string }[];
  democratic: { groups: { name: string; valid: number; rate: number }[]; shares: { level: string; share: number }[]; validVotes: number } | null;
  strengths: string[];
  problems: string[];
  requirements: string[];
  deadline: string; // Chinese date, e.g. "2026年3月31日"
  contact: string; // 联系人及电话
  signDate: string; // Chinese date
  decimals: number;
}
