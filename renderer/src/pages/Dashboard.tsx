// 工作台: where the year stands.
import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Skeleton, Statistic, Steps, Table, Tag, Typography } from 'antd';
import { ApartmentOutlined, CheckCircleFilled, FileTextOutlined, RightOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { CYCLE_STATUSES, UNDETERMINED_GRADE } from '../../../shared/domain.ts';
import type { Category, CheckItemDto } from '../../../shared/ipc/contract.ts';
import { call, useQuery } from '../api.ts';
import { ResultsStateAlert } from '../components/resultState.tsx';
import { GradeTag, PageHeader, QueryError } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { docKindLabel, fmtDateTime, fmtNum } from '../format.ts';
import type { PageKey } from '../nav.ts';
import { CHECK_KINDS, CHECK_KIND_COLORS, CHECK_KIND_LABELS, checkTarget, countBy, sortChecks, type CheckKind } from '../checks.ts';
import { rememberCheckFilter } from './Checks.tsx';
import { RectifyCard } from '../rectify/RectifyCard.tsx';

interface SummaryRow {
  key: number;
  category: Category;
  count: number;
  grades: Record<string, number>;
  max: number;
  min: number;
  avg: number;
}

/** The number of indicators per category, each list read through the cache. */
function useIndicatorCounts(categories: Category[] | undefined): Record<number, number> | null {
  const qs = useQueries({
    queries: (categories ?? []).map((c) => ({
      queryKey: ['listIndicators', { categoryId: c.id }],
      queryFn: () => call('listIndicators', { categoryId: c.id }),
    })),
  });
  if (!categories || qs.some((q) => q.isPending)) return null;
  return Object.fromEntries(categories.map((c, i) => [c.id, qs[i]?.data?.indicators.length ?? 0]));
}

/** 数据检查 on the 工作台: how many checks are open, by kind, the most urgent few, and the way to the list. */
function ChecksCard({ items, loading, error }: { items: CheckItemDto[] | undefined; loading: boolean; error: string | null }) {
  const { navigate } = useAppState();
  const all = useMemo(() => sortChecks(items ?? []), [items]);
  const byKind = useMemo(() => countBy(all, (c) => c.kind), [all]);
  const errors = all.filter((c) => c.severity === 'error').length;
  const openList = (kind?: CheckKind) => {
    rememberCheckFilter(kind ? { kind } : {});
    navigate('results', { tab: 'checks' });
  };
  return (
    <Card
      size="small"
      title={
        <span>
          数据检查
          {all.length > 0 ? (
            <Typography.Text type={errors > 0 ? 'danger' : 'warning'} style={{ marginLeft: 8, fontWeight: 400, fontSize: 13 }} data-testid="dashboard-checks-count">
              待处理 {all.length} 项
            </Typography.Text>
          ) : null}
        </span>
      }
      extra={
        <Typography.Link onClick={() => openList()} data-testid="dashboard-checks-link">
          {all.length > 0 ? `查看全部 ${all.length} 项` : '查看'} <RightOutlined style={{ fontSize: 10 }} />
        </Typography.Link>
      }
      data-testid="dashboard-checks"
    >
      {error ? (
        <Typography.Text type="danger">{error}</Typography.Text>
      ) : loading && !items ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : all.length === 0 ? (
        <Typography.Text type="success">
          <CheckCircleFilled /> 未发现问题：指标分值、构成权重、缺报数据和打分分差均已检查通过。
        </Typography.Text>
      ) : (
        <>
          <div className="grade-dist">
            {CHECK_KINDS.map((k) => (
              <span key={k} className={`grade-dist-item ${byKind.get(k) ? '' : 'grade-dist-zero'}`}>
                <Tag color={CHECK_KIND_COLORS[k]} style={{ cursor: 'pointer', marginInlineEnd: 4 }} onClick={() => openList(k)} data-testid={`dashboard-checks-${k}`}>
                  {CHECK_KIND_LABELS[k]}
                </Tag>
                {byKind.get(k) ?? 0}
              </span>
            ))}
          </div>
          <ul className="dash-checks-list">
            {all.slice(0, 4).map((c) => (
              <li
                key={`${c.kind}|${c.categoryId}|${c.indicatorId ?? ''}`}
                title={c.message}
                onClick={() => {
                  const t = checkTarget(c, 'dashboard');
                  navigate(t.page, t.focus);
                }}
              >
                <Tag color={CHECK_KIND_COLORS[c.kind]} style={{ marginInlineEnd: 0 }}>
                  {CHECK_KIND_LABELS[c.kind]}
                </Tag>
                <span className="dash-checks-msg">{c.message}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

export function Dashboard() {
  const { cycle, navigate } = useAppState();
  const cats = useQuery('listCategories', { cycleId: cycle.id });
  const results = useQuery('listResults', { cycleId: cycle.id });
  const docs = useQuery('listDocuments', { cycleId: cycle.id });
  const checks = useQuery('listChecks', { cycleId: cycle.id });
  const states = useQuery('resultsState', { cycleId: cycle.id });
  const stateOf = useMemo(() => new Map((states.data ?? []).map((s) => [s.categoryId, s.state])), [states.data]);
  const indicatorCounts = useIndicatorCounts(cats.data);

  const summary = useMemo<SummaryRow[]>(() => {
    const rows = results.data ?? [];
    return (cats.data ?? [])
      .map((c) => {
        const mine = rows.filter((r) => r.categoryId === c.id);
        const grades: Record<string, number> = {};
        for (const r of mine) grades[r.finalGrade] = (grades[r.finalGrade] ?? 0) + 1;
        const totals = mine.map((r) => r.total);
        return {
          key: c.id,
          category: c,
          count: mine.length,
          grades,
          max: totals.length ? Math.max(...totals) : NaN,
          min: totals.length ? Math.min(...totals) : NaN,
          avg: totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : NaN,
        };
      })
      .filter((r) => r.count > 0);
  }, [cats.data, results.data]);

  const hasIndicators = indicatorCounts ? Object.values(indicatorCounts).some((n) => n > 0) : false;
  const hasResults = (results.data?.length ?? 0) > 0;
  const hasAdjust = (results.data ?? []).some((r) => r.adjustment);
  const statusIndex = CYCLE_STATUSES.indexOf(cycle.status);
  const steps: { title: string; done: boolean; desc: string; page: PageKey }[] = [
    { title: '制定考核方案', done: cycle.categoryCount > 0, desc: `${cycle.categoryCount} 个考核类别`, page: 'plan' },
    { title: '确定考核对象', done: cycle.unitCount > 0, desc: `${cycle.unitCount} 个单位、${cycle.cadreCount} 名干部`, page: 'subjects' },
    { title: '建立指标体系', done: hasIndicators, desc: indicatorCounts ? `${Object.values(indicatorCounts).reduce((a, b) => a + b, 0)} 项指标` : '', page: 'indicators' },
    { title: '采集考核数据', done: hasResults || statusIndex >= 2, desc: '指标得分、民主测评、加减分', page: 'collect' },
    { title: '计算与排名', done: hasResults, desc: hasResults ? `${results.data!.length} 个对象已计算` : '尚未计算', page: 'results' },
    { title: '评定等次', done: hasAdjust || statusIndex >= 3, desc: hasAdjust ? '已有调整记录' : '按规则拟定', page: 'grading' },
    { title: '印发文书', done: (docs.data?.length ?? 0) > 0, desc: `${docs.data?.length ?? 0} 份文书`, page: 'documents' },
  ];
  const current = steps.findIndex((s) => !s.done);

  return (
    <>
      <PageHeader
        title="工作台"
        subtitle={`${cycle.name}（${cycle.year}年度）${cycle.organ ? ` · ${cycle.organ}` : ''}`}
      />
      <QueryError error={cats.error ?? results.error ?? docs.error} onRetry={() => (cats.reload(), results.reload(), docs.reload())} />
      <Row gutter={12}>
        {[
          { title: '考核类别', value: cycle.categoryCount, suffix: '个', icon: <ApartmentOutlined />, page: 'plan' as const },
          { title: '被考核单位', value: cycle.unitCount, suffix: '个', icon: <TeamOutlined />, page: 'subjects' as const },
          { title: '领导干部', value: cycle.cadreCount, suffix: '名', icon: <UserOutlined />, page: 'subjects' as const },
          { title: '已生成文书', value: docs.data?.length ?? 0, suffix: '份', icon: <FileTextOutlined />, page: 'documents' as const },
        ].map((s) => (
          <Col span={6} key={s.title}>
            <Card size="small" className="stat-card" hoverable onClick={() => navigate(s.page)} data-testid={`stat-${s.page}-${s.title}`}>
              <Statistic title={s.title} value={s.value} suffix={s.suffix} prefix={s.icon} />
            </Card>
          </Col>
        ))}
      </Row>

      <Card size="small" title="年度工作进度" style={{ marginTop: 12 }}>
        <Steps
          size="small"
          current={current === -1 ? steps.length : current}
          items={steps.map((s, i) => ({
            title: (
              <Typography.Link onClick={() => navigate(s.page)} style={{ color: 'inherit' }}>
                {s.title}
              </Typography.Link>
            ),
            content: s.desc,
            status: s.done ? 'finish' : i === current ? 'process' : 'wait',
          }))}
        />
      </Card>

      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={14}>
          <Card
            size="small"
            title="考核结果概况"
            extra={
              hasResults ? (
                <Typography.Link onClick={() => navigate('results')}>查看排名</Typography.Link>
              ) : null
            }
          >
            {/* when nothing is computed yet, the empty state below says so */}
            {summary.length > 0 ? <ResultsStateAlert states={states.data} /> : null}
            {results.loading && !results.data ? (
              <Skeleton active />
            ) : summary.length === 0 ? (
              <Empty description="尚未计算。数据采集完成后，到“计算排名”中计算。" image={Empty.PRESENTED_IMAGE_SIMPLE}>
                <Button type="primary" onClick={() => navigate('results')}>
                  去计算
                </Button>
              </Empty>
            ) : (
              <Table<SummaryRow>
                size="small"
                pagination={false}
                dataSource={summary}
                data-testid="dashboard-summary"
                columns={[
                  {
                    title: '考核类别',
                    key: 'name',
                    width: 150,
                    ellipsis: true,
                    render: (_: unknown, r: SummaryRow) => (
                      <span data-testid={`dashboard-category-${r.key}`}>
                        {r.category.name}
                        {stateOf.get(r.key) === 'stale' ? (
                          <Tag color="warning" style={{ marginInlineStart: 4 }}>
                            需重算
                          </Tag>
                        ) : null}
                      </span>
                    ),
                  },
                  { title: '参评', dataIndex: 'count', align: 'right', width: 56 },
                  {
                    title: '等次分布',
                    key: 'grades',
                    render: (_: unknown, r: SummaryRow) => (
                      <span className="grade-dist">
                        {[...r.category.settings.grading.grades, ...(r.grades[UNDETERMINED_GRADE] ? [UNDETERMINED_GRADE] : [])].map((g) => (
                          <span key={g} className={`grade-dist-item ${r.grades[g] ? '' : 'grade-dist-zero'}`}>
                            <GradeTag grade={g} /> {r.grades[g] ?? 0}
                          </span>
                        ))}
                      </span>
                    ),
                  },
                  { title: '最高分', key: 'max', align: 'right', width: 76, render: (_: unknown, r: SummaryRow) => fmtNum(r.max, r.category.settings.decimals) },
                  { title: '平均分', key: 'avg', align: 'right', width: 76, render: (_: unknown, r: SummaryRow) => fmtNum(r.avg, r.category.settings.decimals) },
                ]}
              />
            )}
          </Card>
        </Col>
        <Col span={10}>
          <ChecksCard items={checks.data} loading={checks.loading} error={checks.error} />
          <RectifyCard />
          <Card size="small" style={{ marginTop: 12 }} title="最近生成的文书" extra={<Typography.Link onClick={() => navigate('documents')}>全部文书</Typography.Link>}>
            {docs.loading && !docs.data ? (
              <Skeleton active />
            ) : (docs.data?.length ?? 0) === 0 ? (
              <Empty description="还没有生成文书" image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Table
                size="small"
                pagination={false}
                rowKey="id"
                dataSource={[...docs.data!].sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1)).slice(0, 6)}
                columns={[
                  { title: '文书', dataIndex: 'title', ellipsis: true },
                  { title: '类型', dataIndex: 'kind', width: 80, render: (k: string) => <Tag>{docKindLabel(k)}</Tag> },
                  { title: '生成时间', dataIndex: 'issuedAt', width: 130, render: (v: string) => fmtDateTime(v) },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
