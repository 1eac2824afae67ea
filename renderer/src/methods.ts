// Chinese wording of a leaf indicator's scoring method and its parameters.
import { METHOD_LABELS, type Method } from '../../shared/domain.ts';
import { fmtPlain } from './format.ts';

export const STEP_DIRECTIONS = [
  { value: 'deductBelow', label: '低于标准扣分' },
  { value: 'deductAbove', label: '超过标准扣分' },
  { value: 'addAbove', label: '超过标准加分' },
] as const;

export function methodLabel(m: Method | null | undefined): string {
  if (!m) return '汇总下级';
  return METHOD_LABELS[m.type];
}

const SHORT_LABELS: Record<Method['type'], string> = {
  direct: '直接评分',
  completion: '完成率',
  ratioToBest: '标杆比较',
  rank: '位次赋分',
  steps: '按标准增减',
  bands: '区间赋分',
  interpolation: '插值计分',
  letter: '定性等级',
  deduction: '扣分制',
};

/** A short label that fits a narrow column. */
export function methodShort(type: string | null | undefined): string {
  if (!type) return '汇总下级';
  return SHORT_LABELS[type as Method['type']] ?? type;
}

export function methodSummary(m: Method | null | undefined): string {
  if (!m) return '';
  switch (m.type) {
    case 'direct':
      return '录入得分';
    case 'completion':
      return `目标值 ${fmtPlain(m.target)}${m.cap !== 1 ? `，最多按 ${fmtPlain(m.cap * 100)}% 计` : ''}${m.lowerIsBetter ? '，越低越好' : ''}`;
    case 'ratioToBest':
      return m.lowerIsBetter ? '以最低值为标杆' : '以最高值为标杆';
    case 'rank':
      return m.table && m.table.length > 0
        ? `位次分值 ${m.table.map(fmtPlain).join('/')}`
        : `每名次递减 ${fmtPlain(m.step)} 分${m.min ? `，最低 ${fmtPlain(m.min)} 分` : ''}${m.fromBottom ? '（倒数）' : ''}`;
    case 'steps': {
      const dir = m.direction === 'deductBelow' ? '每低于' : m.direction === 'deductAbove' ? '每超过' : '每超过';
      const act = m.direction === 'addAbove' ? '加' : '扣';
      return `标准 ${fmtPlain(m.threshold)}，${dir} ${fmtPlain(m.unit)} ${act} ${fmtPlain(m.rate)} 分${m.wholeSteps ? '（按整单位）' : ''}${m.direction === 'addAbove' && m.excessCap ? `，最多加 ${fmtPlain(m.excessCap)} 分` : ''}`;
    }
    case 'bands':
      return [...m.bands]
        .sort((a, b) => b.min - a.min)
        .map((b) => `≥${fmtPlain(b.min)}：${m.asFraction ? `${fmtPlain(b.points * 100)}%` : `${fmtPlain(b.points)}分`}`)
        .join('；');
    case 'interpolation':
      return [...m.levels]
        .sort((a, b) => b.threshold - a.threshold)
        .map((l) => `${l.name ? `${l.name} ` : ''}${fmtPlain(l.threshold)}→${fmtPlain(l.coef)}`)
        .join('；');
    case 'letter':
      return m.letters.map((l) => `${l.letter} ${fmtPlain(l.fraction * 100)}%`).join(' / ');
    case 'deduction':
      return '满分扣减，扣完为止';
    default:
      return '';
  }
}
