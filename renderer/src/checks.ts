// The checks of a cycle (分差, 分值合计, 权重合计, 缺报数据) as the screens show
// them: labels, order of urgency, and where each one leads (the deep link to
// the offending data).
import type { CheckItemDto } from '../../shared/ipc/contract.ts';
import type { NavFocus, PageKey } from './nav.ts';

export type CheckKind = CheckItemDto['kind'];
export type CheckSeverity = CheckItemDto['severity'];

/** In order of urgency: plan errors first, then data that is not there, then advice. */
export const CHECK_KINDS: readonly CheckKind[] = ['points', 'weights', 'missing', 'spread'];

export const CHECK_KIND_LABELS: Record<CheckKind, string> = {
  missing: '缺报数据',
  spread: '分差过小',
  points: '分值合计不符',
  weights: '权重合计不符',
};

export const CHECK_KIND_COLORS: Record<CheckKind, string> = {
  missing: 'orange',
  spread: 'gold',
  points: 'red',
  weights: 'magenta',
};

/** What the user does about it, shown with the item. */
export const CHECK_KIND_HINTS: Record<CheckKind, string> = {
  missing: '未填的分数按 0 分计算，请责任单位补报后录入并重新计算。',
  spread: '责任单位打分过于接近，请核实是否“一律满分”或打分依据不足。',
  points: '上级指标的分值应等于下级指标合计，请修改指标分值。',
  weights: '加权构成的权重合计应为 100%，请在考核方案中调整权重。',
};

export const SEVERITY_LABELS: Record<CheckSeverity, string> = { error: '错误', warning: '提醒' };
export const SEVERITY_COLORS: Record<CheckSeverity, string> = { error: 'error', warning: 'warning' };

/** The name a check's responsible department is listed under (plan checks have none). */
export function departmentOf(c: CheckItemDto): string {
  return c.departmentName ?? (c.kind === 'points' || c.kind === 'weights' ? '方案设置' : '未指定责任单位');
}

/** Sorted by urgency (errors, then kind), keeping the server's order (category, indicator) within. */
export function sortChecks(items: readonly CheckItemDto[]): CheckItemDto[] {
  const rank = (c: CheckItemDto) => (c.severity === 'error' ? 0 : 10) + CHECK_KINDS.indexOf(c.kind);
  return items
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
}

export function countBy<K extends string>(items: readonly CheckItemDto[], key: (c: CheckItemDto) => K): Map<K, number> {
  const m = new Map<K, number>();
  for (const c of items) m.set(key(c), (m.get(key(c)) ?? 0) + 1);
  return m;
}

/** Where a check leads: the screen and what to choose and mark there. */
export function checkTarget(c: CheckItemDto, from: PageKey = 'results'): { page: PageKey; focus: NavFocus } {
  const base: NavFocus = { categoryId: c.categoryId, note: c.message, from };
  switch (c.kind) {
    case 'missing':
      return {
        page: 'collect',
        focus: { ...base, tab: 'scores', indicatorId: c.indicatorId ?? undefined, subjectKey: c.subjects[0]?.key, subjectKeys: c.subjects.map((s) => s.key) },
      };
    case 'spread':
      return { page: 'collect', focus: { ...base, tab: 'scores', indicatorId: c.indicatorId ?? undefined } };
    case 'points':
      return { page: 'indicators', focus: { ...base, indicatorId: c.indicatorId ?? undefined } };
    case 'weights':
      return { page: 'plan', focus: base };
  }
}

/** The label of the place a check leads to, for the button. */
export function checkTargetLabel(c: CheckItemDto): string {
  return c.kind === 'points' ? '到指标体系' : c.kind === 'weights' ? '到考核方案' : '到数据采集';
}
