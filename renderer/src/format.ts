// Number, date and grade formatting as the office expects it: fixed decimals
// per the plan's setting, dates as 2025-12-31 in grids.
import dayjs from 'dayjs';
import { UNDETERMINED_GRADE } from '../../shared/domain.ts';

export function fmtNum(v: number | null | undefined, decimals = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  const s = v.toFixed(decimals);
  return s === `-${(0).toFixed(decimals)}` ? (0).toFixed(decimals) : s;
}

/** Like fmtNum but drops trailing zeros: 10 → "10", 2.5 → "2.5". */
export function fmtPlain(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  return String(Math.round(v * 10000) / 10000);
}

export function fmtPercent(v: number | null | undefined, decimals = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  return `${(v * 100).toFixed(decimals)}%`;
}

export function fmtDate(v: string | null | undefined): string {
  if (!v) return '';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD') : v;
}

export function fmtDateTime(v: string | null | undefined): string {
  if (!v) return '';
  const d = dayjs(v);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : v;
}

/** Tag colour of a grade: top green, second blue, third orange, bottom red, undetermined grey. */
export function gradeColor(grade: string | null | undefined): string {
  switch (grade) {
    case '优秀':
      return 'green';
    case '良好':
    case '称职':
      return 'blue';
    case '一般':
    case '基本称职':
      return 'orange';
    case '较差':
    case '不称职':
      return 'red';
    case UNDETERMINED_GRADE:
      return 'default';
    default:
      return 'default';
  }
}

export function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

export function docKindLabel(kind: string): string {
  return ({ feedback: '反馈函', notice: '结果通报', ranking: '排名表', cadre_list: '干部等次表' } as Record<string, string>)[kind] ?? '其他';
}
