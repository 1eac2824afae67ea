// The one place a flag's Chinese text is written: services, screens and
// letters call flagText, so a fact reads the same everywhere.
import { fmt } from './numbers.ts';
import type { Flag } from './types.ts';

const str = (v: number | string | undefined): string => (v === undefined ? '' : String(v));
const num = (v: number | string | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));

export function flagText(flag: Flag): string {
  const f = flag.figures;
  switch (flag.code) {
    case 'missing_data':
      return `缺数据${str(f.count)}项`;
    case 'veto':
      return '一票否决';
    case 'veto_top':
      return '一票否优';
    case 'sanction':
      return f.type ? `受处分（${str(f.type)}）` : '受处分';
    case 'sanction_carried':
      return '上年处分影响';
    case 'investigation':
      return '立案审查';
    case 'undetermined':
      return '不确定等次';
    case 'vote_rule': {
      const label = str(f.label);
      // a candidate (…人选) is to be studied; other labels name the consequence (不宜提拔, 诫勉)
      const then = label.endsWith('人选') ? `应作为${label}研究` : label;
      return `“${str(f.levels)}”票 ${fmt(num(f.share) * 100)}% ${f.op === 'above' ? '超过' : '不足'}${fmt(num(f.limit) * 100)}%，${then}`;
    }
    case 'component_threshold':
      return `“${str(f.component)}”${fmt(num(f.below))}分以下（${fmt(num(f.score))}），${str(f.label)}`;
    case 'tie_at_quota':
      return '名额边界并列，由考核委员会确定';
    case 'external_missing':
      return `引用的“${str(f.component)}”尚未计算`;
  }
}

export const flagsText = (flags: readonly Flag[], sep = '，'): string => flags.map(flagText).join(sep);
