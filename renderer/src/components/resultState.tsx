// How the screens show what the engine stored: its flags and restrictions as
// the server words them, and whether a category's results are current.
import type { ReactNode } from 'react';
import { Alert, Space, Tag, Tooltip } from 'antd';
import type { CategoryResultState, ResultRow } from '../../../shared/ipc/contract.ts';
import { fmtDateTime } from '../format.ts';

type Flag = ResultRow['flags'][number];
type Restriction = NonNullable<ResultRow['restriction']>;

/** Colour by the flag's code (the text is the server's, shown as is). */
export function flagColor(code: string): string {
  if (/veto_top|not_top/.test(code)) return 'volcano';
  if (/veto|sanction|investigation/.test(code)) return 'red';
  if (/missing/.test(code)) return 'orange';
  return 'default';
}

export function FlagTags({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return null;
  return (
    <Space size={2} wrap>
      {flags.map((f) => (
        <Tag key={`${f.code}|${f.text}`} color={flagColor(f.code)} style={{ marginInlineEnd: 2 }} data-flag={f.code}>
          {f.text}
        </Tag>
      ))}
    </Space>
  );
}

const RESTRICTION_RULES: Record<string, string> = { veto: '一票否决', veto_top: '一票否优', sanction: '处分', investigation: '立案审查' };

/** The rule behind a restriction, in Chinese (the code when unknown). */
export function restrictionRuleLabel(rule: string): string {
  return RESTRICTION_RULES[rule] ?? rule;
}

export function RestrictionTag({ restriction }: { restriction: Restriction | null }) {
  if (!restriction) return null;
  const label = restriction.kind === 'forced' ? `定为${restriction.grade ?? ''}` : '不得评优';
  return (
    <Tooltip title={restriction.reason}>
      <Tag color={restriction.kind === 'forced' ? 'red' : 'volcano'} data-testid="restriction-tag">
        {label}
      </Tag>
    </Tooltip>
  );
}

export const STALE_TEXT = '结果不是最新的：计算后数据或方案已有变动，以下为上次计算的结果，请重新计算。';

/**
 * Above a category's results: not computed, or stale. With `all`, also
 * names the other categories in that state (for the overview screens).
 */
export function ResultsStateAlert({ states, categoryId, exclude, action }: { states: CategoryResultState[] | undefined; categoryId?: number; exclude?: number; action?: ReactNode }) {
  if (!states) return null;
  if (categoryId !== undefined) {
    const s = states.find((x) => x.categoryId === categoryId);
    if (!s || s.state === 'current') return null;
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 10 }}
        data-testid={s.state === 'stale' ? 'results-stale' : 'results-none'}
        title={s.state === 'stale' ? `“${s.categoryName}”的${STALE_TEXT}${s.computedAt ? `（上次计算：${fmtDateTime(s.computedAt)}）` : ''}` : `“${s.categoryName}”尚未计算，请点击“计算”。`}
        action={action}
      />
    );
  }
  const others = states.filter((s) => s.categoryId !== exclude);
  const none = others.filter((s) => s.state === 'none');
  const stale = others.filter((s) => s.state === 'stale');
  if (none.length === 0 && stale.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 10 }}
      data-testid="results-state"
      title={[
        exclude !== undefined ? '其他类别：' : '',
        stale.length > 0 ? `结果不是最新的，请重新计算：${stale.map((s) => s.categoryName).join('、')}` : '',
        none.length > 0 ? `尚未计算：${none.map((s) => s.categoryName).join('、')}` : '',
      ]
        .filter(Boolean)
        .join('；')
        .replace('：；', '：')}
      action={action}
    />
  );
}
