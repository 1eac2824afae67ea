// 数据采集: indicator scores (editable matrix), democratic evaluation tallies,
// bonus / deduction / veto events.
import { useMemo, useState } from 'react';
import { Empty, Select, Tabs, Tag, Typography } from 'antd';
import type { ColDef, ColGroupDef } from 'ag-grid-community';
import { EVENT_KINDS, EVENT_KIND_LABELS, type EventKind } from '../../../shared/domain.ts';
import type { BallotRow, Category, EventRow } from '../../../shared/ipc/contract.ts';
import { useQuery } from '../api.ts';
import { CategoryPicker, PageHeader, QueryError, useCategories } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtPercent } from '../format.ts';
import { dateCol, Grid, intCol, numCol } from '../grid.tsx';
import { ScoreMatrix } from './ScoreMatrix.tsx';

const EVENT_COLORS: Record<EventKind, string> = {
  bonus: 'green',
  deduction: 'orange',
  veto: 'red',
  veto_top: 'volcano',
  sanction: 'magenta',
  investigation: 'purple',
};

function BallotsTab({ category }: { category: Category }) {
  const ballots = useQuery('listBallots', { categoryId: category.id });
  const comps = useQuery('listComponents', { categoryId: category.id });
  const levels = useMemo(() => {
    const fromPlan = (comps.data ?? []).find((c) => c.kind === 'democratic')?.evalLevels.map((l) => l.name) ?? [];
    const seen = new Set(fromPlan);
    for (const b of ballots.data ?? []) {
      for (const k of Object.keys(b.votes)) {
        if (!seen.has(k)) {
          seen.add(k);
          fromPlan.push(k);
        }
      }
    }
    return fromPlan;
  }, [comps.data, ballots.data]);

  const columns = useMemo<(ColDef<BallotRow> | ColGroupDef<BallotRow>)[]>(
    () => [
      { headerName: '被考核对象', field: 'subjectName', width: 170, pinned: 'left', tooltipField: 'subjectName' },
      { headerName: '测评群体', field: 'raterGroupName', width: 150, pinned: 'left' },
      {
        headerName: '参评人数',
        children: [
          intCol<BallotRow>({ headerName: '应到', field: 'expected', width: 76 }),
          intCol<BallotRow>({ headerName: '实到', field: 'present', width: 76 }),
          intCol<BallotRow>({ headerName: '有效', field: 'valid', width: 76 }),
          intCol<BallotRow>({ headerName: '无效', field: 'invalid', width: 76 }),
        ],
      },
      {
        headerName: '得票',
        children: levels.map((l) =>
          intCol<BallotRow>({ headerName: l, colId: `vote-${l}`, width: 86, valueGetter: (p) => p.data?.votes[l] ?? 0 }),
        ),
      },
      numCol<BallotRow>({
        headerName: `${levels[0] ?? '优秀'}率`,
        colId: `share-${levels[0] ?? ''}`,
        width: 90,
        valueGetter: (p) => (p.data && p.data.valid > 0 ? (p.data.votes[levels[0] ?? ''] ?? 0) / p.data.valid : null),
        valueFormatter: (p) => fmtPercent(p.value as number | null),
      }),
    ],
    [levels],
  );

  if (category.kind === 'unit' && !(comps.data ?? []).some((c) => c.kind === 'democratic') && (ballots.data?.length ?? 0) === 0 && !ballots.loading) {
    return <Empty description="本类别的考核方案中没有民主测评。" />;
  }
  return (
    <>
      <QueryError error={ballots.error} onRetry={ballots.reload} />
      <div className="toolbar">
        <Typography.Text type="secondary">
          有效票 ≤ 实到 ≤ 应到；各群体得分 = Σ 票数 × 等级系数 ÷ 有效票，再按群体权重加权。
        </Typography.Text>
      </div>
      <Grid<BallotRow>
        testId="ballots-grid"
        rowData={ballots.data ?? []}
        loading={ballots.loading && !ballots.data}
        columnDefs={columns}
        getRowId={(p) => `${p.data.subjectKey}|${p.data.raterGroupId}`}
        overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">本类别还没有民主测评数据</span>'
      />
    </>
  );
}

function EventsTab() {
  const { cycle } = useAppState();
  const events = useQuery('listEvents', { cycleId: cycle.id });
  const [kind, setKind] = useState<EventKind | undefined>(undefined);
  const rows = useMemo(() => (events.data ?? []).filter((e) => !kind || e.kind === kind), [events.data, kind]);
  const columns = useMemo<ColDef<EventRow>[]>(
    () => [
      { headerName: '序号', colId: 'seq', width: 70, type: 'rightAligned', valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1 },
      { headerName: '被考核对象', field: 'subjectName', width: 170, tooltipField: 'subjectName' },
      {
        headerName: '类型',
        field: 'kind',
        width: 100,
        cellRenderer: (p: { value: EventKind }) => <Tag color={EVENT_COLORS[p.value]}>{EVENT_KIND_LABELS[p.value]}</Tag>,
      },
      { headerName: '事项类别', field: 'type', width: 120 },
      numCol<EventRow>({
        headerName: '分值',
        field: 'points',
        width: 84,
        valueFormatter: (p) => (p.data && (p.data.kind === 'bonus' || p.data.kind === 'deduction') ? `${p.data.kind === 'deduction' ? '−' : '+'}${(p.value as number).toFixed(2)}` : '—'),
      }),
      { headerName: '事由', field: 'reason', flex: 2, minWidth: 240, tooltipField: 'reason' },
      { headerName: '依据文件', field: 'evidence', flex: 1, minWidth: 180, tooltipField: 'evidence' },
      dateCol<EventRow>({ headerName: '发生日期', field: 'occurredOn', width: 110 }),
    ],
    [],
  );
  return (
    <>
      <QueryError error={events.error} onRetry={events.reload} />
      <div className="toolbar">
        <span>类型</span>
        <Select
          allowClear
          placeholder="全部类型"
          style={{ width: 160 }}
          value={kind}
          onChange={(v?: EventKind) => setKind(v)}
          options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))}
        />
        <Typography.Text type="secondary">共 {rows.length} 条</Typography.Text>
        <div className="toolbar-spacer" />
        <Typography.Text type="secondary">一票否决、立案审查等事项在等次评定时优先适用。</Typography.Text>
      </div>
      <Grid<EventRow>
        testId="events-grid"
        rowData={rows}
        loading={events.loading && !events.data}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">本年度还没有加减分或否决事项</span>'
      />
    </>
  );
}

export function CollectPage() {
  const cats = useCategories();
  const { guarded } = useAppState();
  const [tab, setTab] = useState('scores');
  const sel = cats.selected;
  return (
    <>
      <PageHeader
        title="数据采集"
        subtitle="录入各责任单位报送的指标数据，核对民主测评票数和加减分事项。"
        extra={tab !== 'events' ? <CategoryPicker categories={cats.categories} value={sel} onChange={cats.select} /> : null}
      />
      <QueryError error={cats.error} onRetry={cats.reload} />
      <div className="panel" style={{ paddingTop: 4 }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => guarded(() => setTab(k))}
          destroyOnHidden
          items={[
            {
              key: 'scores',
              label: <span data-testid="tab-scores">指标得分</span>,
              children: sel ? <ScoreMatrix key={sel.id} category={sel} /> : <Empty description="请先建立考核类别和指标体系。" />,
            },
            {
              key: 'ballots',
              label: <span data-testid="tab-ballots">民主测评</span>,
              children: sel ? <BallotsTab key={sel.id} category={sel} /> : <Empty />,
            },
            { key: 'events', label: <span data-testid="tab-events">加减分及否决</span>, children: <EventsTab /> },
          ]}
        />
      </div>
    </>
  );
}
