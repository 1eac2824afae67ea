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
