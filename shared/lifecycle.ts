// The year's lifecycle: 编制中 → 采集中 → 评定中 → 已发布 → 已归档, and what
// each state lets change. The main process enforces it on every write (one
// check in the write path); the renderer reads the same table to show the
// lock and disable what it forbids.
import { CYCLE_STATUSES, CYCLE_STATUS_LABELS, type CycleStatus } from './domain.ts';

/** What a write changes, as the lifecycle sees it. */
export const WRITE_SCOPES = ['plan', 'data', 'compute', 'adjust', 'documents', 'rectification'] as const;
export type WriteScope = (typeof WRITE_SCOPES)[number];

export const WRITE_SCOPE_LABELS: Record<WriteScope, string> = {
  plan: '考核方案、考核对象和指标',
  data: '考核数据（分数、测评票数、加减分和否决事项）',
  compute: '计算结果',
  adjust: '等次调整',
  documents: '文书',
  rectification: '整改台账',
};

/**
 * draft: everything but documents; collecting: the plan is fixed, data comes
 * in; grading: late corrections of data and the committee's adjustments;
 * published: only documents and rectification; archived: read-only.
 */
export const CYCLE_ALLOWS: Record<CycleStatus, readonly WriteScope[]> = {
  draft: ['plan', 'data', 'compute'],
  collecting: ['data', 'compute'],
  grading: ['data', 'compute', 'adjust', 'documents'],
  published: ['documents', 'rectification'],
  archived: [],
};

export function cycleAllows(status: CycleStatus, scope: WriteScope): boolean {
  return CYCLE_ALLOWS[status].includes(scope);
}

/** The Chinese refusal for a write the state forbids. */
export function lockedMessage(cycleName: string, status: CycleStatus, scope: WriteScope): string {
  const allowed = CYCLE_ALLOWS[status];
  const may = allowed.length === 0 ? '只能查看' : `只能修改${allowed.map((s) => WRITE_SCOPE_LABELS[s]).join('、')}`;
  return `考核年度“${cycleName}”${CYCLE_STATUS_LABELS[status]}，不能修改${WRITE_SCOPE_LABELS[scope]}（${may}）。如确需修改，请先在考核方案中变更年度状态。`;
}

/** A step back from published (or archived) needs a written reason. */
export function transitionNeedsReason(from: CycleStatus, to: CycleStatus): boolean {
  return CYCLE_STATUSES.indexOf(to) < CYCLE_STATUSES.indexOf(from) && (from === 'published' || from === 'archived');
}

/** Allowed moves: forward one state at a time, back to any earlier state; archived only back to published. */
export function transitionProblem(from: CycleStatus, to: CycleStatus): string | null {
  const a = CYCLE_STATUSES.indexOf(from);
  const b = CYCLE_STATUSES.indexOf(to);
  if (a === b) return `考核年度已经是“${CYCLE_STATUS_LABELS[to]}”。`;
  if (b > a + 1) return `不能从“${CYCLE_STATUS_LABELS[from]}”直接变为“${CYCLE_STATUS_LABELS[to]}”，请逐步推进（下一步：“${CYCLE_STATUS_LABELS[CYCLE_STATUSES[a + 1]!]}”）。`;
  if (from === 'archived' && to !== 'published') return '已归档的考核年度只能退回“已发布”。';
  return null;
}
