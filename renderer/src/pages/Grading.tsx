// 等次评定: the proposed grades with the rule behind each, the stored quota of
// each comparison group against the final counts, and the committee's
// adjustments with their reasons. Nothing here computes a quota or a grade.
import { useMemo, useState } from 'react';
import { Empty, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { ResultRow } from '../../../shared/ipc/contract.ts';
import { useQuery } from '../api.ts';
import { CategoryPicker, GradeTag, PageHeader, QueryError, useCategories } from '../components/common.tsx';
import { AdjustModal } from '../components/grading/AdjustModal.tsx';
import { QuotaPanel } from '../components/grading/QuotaPanel.tsx';
import { FlagTags, ResultsStateAlert, RestrictionTag } from '../components/resultState.tsx';
import { useAppState } from '../context.ts';
import { fmtDateTime, fmtNum } from '../format.ts';
import { EditButton, LockBanner } from '../lock.tsx';
import { gradeRuleLabel } from './ResultDetail.tsx';

export function GradingPage() {
  const { cycle } = useAppState();
  const cats = useCategories();
  const sel = cats.selected;
  const input = sel ? { cycleId: cycle.id, categoryId: sel.id } : null;
  const results = useQuery('listResults', input);
  const quotas = useQuery('listQuotas', input);
  const states = useQuery('resultsState', { cycleId: cycle.id });
  const [adjusting, setAdjusting] = useState<ResultRow | null>(null);
  const groupNames = useMemo(() => new Map((quotas.data ?? []).map((q) => [q.groupKey, q.groupName])), [quotas.data]);
  const grouped = (quotas.data?.length ?? 0) > 1 || (quotas.data ?? []).some((q) => q.groupKey !== 'all');
  // deputies compared within their team: the teams one after another, each by rank
  const rows = useMemo(
    () => [...(results.data ?? [])].sort((a, b) => (grouped ? (groupNames.get(a.groupKey) ?? a.groupKey).localeCompare(groupNames.get(b.groupKey) ?? b.groupKey, 'zh') : 0) || a.rank - b.rank),
    [results.data, grouped, groupNames],
  );
  const d = sel?.settings.decimals ?? 2;
  const isCadre = sel?.kind === 'cadre';

  return (
    <>
      <PageHeader
        title="等次评定"
        subtitle="按规则拟定等次（否决与处分 → 门槛 → 名额 → 分数线），考核委员会可逐个调整并写明理由。"
        extra={<CategoryPicker categories={cats.categories} value={sel} onChange={cats.select} />}
      />
      <QueryError error={cats.error ?? results.error ?? quotas.error} onRetry={() => (cats.reload(), results.reload(), quotas.reload())} />
      <LockBanner scope="adjust" />
      {sel && rows.length > 0 ? <ResultsStateAlert states={states.data} categoryId={sel.id} /> : null}
      {sel && rows.length > 0 && quotas.data ? <QuotaPanel category={sel} quotas={quotas.data} rows={rows} /> : null}
      <div className="panel">
        {!sel && !cats.loading ? (
          <Empty description="还没有考核类别。" />
        ) : results.data && rows.length === 0 ? (
          <Empty description="本类别还没有计算结果，请先到“计算排名”中计算。" />
        ) : (
          <Table<ResultRow>
            size="small"
            rowKey="subjectKey"
            loading={results.loading && !results.data}
            dataSource={rows}
            pagination={false}
            sticky
            scroll={{ y: 'calc(100vh - 318px)' }}
            data-testid="grading-table"
            rowClassName={(r) => [r.adjustment ? 'row-adjusted' : '', r.stale ? 'row-stale' : ''].join(' ')}
            columns={[
              ...(grouped ? [{ title: '比较范围', key: 'group', width: 130, ellipsis: true, render: (_v: unknown, r: ResultRow) => groupNames.get(r.groupKey) ?? r.groupKey }] : []),
              { title: '排名', key: 'rank', width: 64, align: 'right', render: (_v, r) => `${r.rank}/${r.rankOf}` },
              { title: isCadre ? '姓名' : '单位', dataIndex: 'name', width: isCadre ? 100 : 160, ellipsis: true },
              ...(isCadre && !grouped ? [{ title: '所在单位', dataIndex: 'unitName', width: 110, ellipsis: true }] : []),
              { title: '总分', dataIndex: 'total', width: 84, align: 'right', render: (v: number, r) => (
                  <span className="table-num" data-testid={`total-${r.subjectKey}`}>
                    {fmtNum(v, d)}
                  </span>
                ),
              },
              { title: '拟定等次', dataIndex: 'computedGrade', width: 84, render: (g: string) => <GradeTag grade={g} /> },
              {
                title: '依据与规则说明',
                dataIndex: 'gradeNote',
                render: (v: string, r) => (
                  <span style={{ fontSize: 13 }}>
                    <Tag style={{ marginInlineEnd: 6 }}>{gradeRuleLabel(r.gradeRule)}</Tag>
                    {v}
                  </span>
                ),
              },
              {
                title: '限制与标记',
                key: 'flags',
                width: 120,
                render: (_v, r) => (
                  <span data-testid={`flags-${r.subjectKey}`}>
                    <RestrictionTag restriction={r.restriction} />
                    <FlagTags flags={r.flags} />
                  </span>
                ),
              },
              {
                title: '最终等次',
                dataIndex: 'finalGrade',
                width: 84,
                render: (g: string, r) => (
                  <span data-testid={`final-grade-${r.subjectKey}`}>
                    <GradeTag grade={g} />
                  </span>
                ),
              },
              {
                title: '调整理由',
                key: 'reason',
                width: 140,
                render: (_v, r) =>
                  r.adjustment ? (
                    <Tooltip title={`${fmtDateTime(r.adjustment.decidedAt)} 由“${r.computedGrade}”调整为“${r.adjustment.toGrade}”`}>
                      <span style={{ fontSize: 13 }}>{r.adjustment.reason}</span>
                    </Tooltip>
                  ) : (
                    <Typography.Text type="secondary">—</Typography.Text>
                  ),
              },
              {
                title: '操作',
                key: 'op',
                width: 96,
                align: 'center',
                render: (_v, r) => (
                  <EditButton scope="adjust" testId="btn-adjust-grade" type="link" size="small" icon={<EditOutlined />} onClick={() => setAdjusting(r)} data-subject={r.subjectKey}>
                    调整等次
                  </EditButton>
                ),
              },
            ]}
          />
        )}
      </div>
      {sel ? <AdjustModal key={adjusting?.subjectKey ?? 'closed'} row={adjusting} category={sel} onClose={() => setAdjusting(null)} onDone={() => setAdjusting(null)} /> : null}
    </>
  );
}
