// The screens, in the order of the office's year (see ui-map.md).
export const PAGES = [
  { key: 'dashboard', label: '工作台' },
  { key: 'plan', label: '考核方案' },
  { key: 'subjects', label: '考核对象' },
  { key: 'indicators', label: '指标体系' },
  { key: 'collect', label: '数据采集' },
  { key: 'results', label: '计算排名' },
  { key: 'grading', label: '等次评定' },
  { key: 'documents', label: '文书生成' },
  { key: 'rectify', label: '整改跟踪' },
  { key: 'stats', label: '统计分析' },
  { key: 'admin', label: '系统管理' },
] as const;

export type PageKey = (typeof PAGES)[number]['key'];

export function isPageKey(x: string): x is PageKey {
  return PAGES.some((p) => p.key === x);
}

export function pageFromHash(hash: string): PageKey {
  const k = hash.replace(/^#\/?/, '');
  return isPageKey(k) ? k : 'dashboard';
}

/**
 * Where a deep link lands on its screen (e.g. from a check to the offending
 * data): the category to choose, and within it what to select, scroll to
 * and mark. Each screen reads the parts it understands.
 */
export interface NavFocus {
  categoryId?: number;
  /** the indicator to select (指标体系) or whose column to show (数据采集) */
  indicatorId?: number;
  /** the subject whose row to show (数据采集) */
  subjectKey?: string;
  /** further subjects to mark (e.g. all the ones with missing data) */
  subjectKeys?: string[];
  /** a tab of the screen, e.g. 'checks' on 计算排名 */
  tab?: string;
  /** why the user came here, shown above the data (e.g. the check's message) */
  note?: string;
  /** the screen to offer going back to */
  from?: PageKey;
}

/** A focus as held by the shell: numbered so that a screen applies each one once. */
export type PageFocus = NavFocus & { page: PageKey; seq: number };

/** Which screens a user's permissions open: the year's screens need 查阅; 系统管理 is open to everyone signed in (its tabs follow the roles). */
export function pageAllowed(page: PageKey, can: (p: 'read') => boolean): boolean {
  return page === 'admin' || can('read');
}
