// 计算排名: compute the cycle, then the ranking of each category; a row opens
// its score detail. The tab 数据检查 lists the checks (missing data, spread,
// points and weight sums), each leading to the offending data.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Empty, Space, Tabs, Typography } from 'antd';
import { CalculatorOutlined } from '@ant-design/icons';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { OutputOf, ResultRow } from '../../../shared/ipc/contract.ts';
import { useQuery } from '../api.ts';
import { useJob } from '../jobs.tsx';
import { EditButton } from '../lock.tsx';
import { FlagTags, ResultsStateAlert, RestrictionTag } from '../components/resultState.tsx';
import { CategoryPicker, GradeTag, PageHeader, QueryError, useCategories } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtDateTime } from '../format.ts';
import { Grid, numCol } from '../grid.tsx';
import { ResultDetailDrawer } from './ResultDetail.tsx';
import { ChecksPanel, rememberCheckFilter } from './Checks.tsx';

type Tab = 'ranking' | 'checks';
// the tab last shown, found again when coming back to the screen
let lastTab: Tab = 'ranking';

interface Row {
  id: string;
  row: ResultRow | null;
  rank: number | null;
  name: string;
  unitName: string;
  comps: Record<number, number>;
  total: number | null;
  grade: string;
  flags: ResultRow['flags'];
  stale: boolean;
}

function GradeCell(p: ICellRendererParams<Row>) {
  const r = p.data?.row;
  if (!r) return null;
  return (
    <Space size={4}>
      <GradeTag grade={r.finalGrade} />
      {r.adjustment ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} title={`拟定“${r.computedGrade}”，调整理由：${r.adjustment.reason}`}>
          已调整
        </Typography.Text>
      ) : null}
    </Space>
  );
}

function FlagsCell(p: ICellRendererParams<Row>) {
  const r = p.data?.row;
  if (!r) return null;
  return (
    <Space size={2}>
      <RestrictionTag restriction={r.restriction} />
      <FlagTags flags={r.flags} />
    </Space>
  );
}

export function ResultsPage() {
  const { cycle, focus, clearFocus } = useAppState();
  const { message } = App.useApp();
  const job = useJob();
  const cats = useCategories();
  const sel = cats.selected;
  const results = useQuery('listResults', sel ? { cycleId: cycle.id, categoryId: sel.id } : null);
  const states = useQuery('resultsState', { cycleId: cycle.id });
  const [computing, setComputing] = useState(false);
  const [last, setLast] = useState<OutputOf<'computeCycle'> | null>(null);
  const [detail, setDetail] = useState<ResultRow | null>(null);
  const d = sel?.settings.decimals ?? 2;
  // checks are computed from the data as it is now: loaded when the screen is shown and after every write
  const checks = useQuery('listChecks', { cycleId: cycle.id });
  const [tab, setTabState] = useState<Tab>(() => {
    if (focus?.tab === 'checks' || focus?.tab === 'ranking') lastTab = focus.tab;
    return lastTab;
  });
  const setTab = (t: Tab) => {
    lastTab = t;
    setTabState(t);
  };
  const checkItems = checks.data;
  const hasErrors = (checkItems ?? []).some((c) => c.severity === 'error');
  const missingChecks = (checkItems ?? []).filter((c) => c.kind === 'missing').length;

  // a deep link here only chooses the tab (and, through the shell, the category)
  useEffect(() => {
    if (focus) clearFocus();
  }, [focus, clearFocus]);

  const data = results.data;
  const compDefs = useMemo(() => {
    const seen = new Map<number, string>();
    for (const r of data ?? []) for (const c of r.components) if (!seen.has(c.componentId)) seen.set(c.componentId, c.name);
    return [...seen.entries()].map(([id, name]) => ({ id, name }));
  }, [data]);

  const rows = useMemo<Row[]>(
    () =>
      [...(data ?? [])]
        .sort((a, b) => a.rank - b.rank || b.total - a.total)
        .map((r) => ({
          id: r.subjectKey,
          row: r,
          rank: r.rank,
          name: r.name,
          unitName: r.unitName ?? '',
          comps: Object.fromEntries(r.components.map((c) => [c.componentId, c.contribution])),
          total: r.total,
          grade: r.finalGrade,
          flags: r.flags,
          stale: r.stale,
        })),
    [data],
  );

  const avgRow = useMemo<Row[]>(() => {
    if (rows.length === 0) return [];
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return [
      {
        id: 'avg',
        row: null,
        rank: null,
        name: '平均分',
        unitName: '',
        comps: Object.fromEntries(compDefs.map((c) => [c.id, avg(rows.map((r) => r.comps[c.id] ?? 0))])),
        total: avg(rows.map((r) => r.total ?? 0)),
        grade: '',
        flags: [],
        stale: false,
      },
    ];
  }, [rows, compDefs]);

  const isCadre = sel?.kind === 'cadre';
  const columns = useMemo<ColDef<Row>[]>(
    () => [
      { headerName: '排名', colId: 'rank', field: 'rank', width: 70, pinned: 'left', type: 'rightAligned', sortable: true },
      { headerName: isCadre ? '姓名' : '单位', colId: 'name', field: 'name', width: isCadre ? 110 : 180, pinned: 'left', tooltipField: 'name' },
      ...(isCadre ? [{ headerName: '所在单位', colId: 'unitName', field: 'unitName' as const, width: 160, tooltipField: 'unitName' as const }] : []),
      ...compDefs.map((c) =>
        numCol<Row>({ headerName: c.name, colId: `comp-${c.id}`, width: Math.max(100, c.name.length * 15 + 30), valueGetter: (p) => p.data?.comps[c.id] ?? null, sortable: true }, d),
      ),
      numCol<Row>({ headerName: '总分', colId: 'total', field: 'total', width: 96, sortable: true, cellClass: 'cell-total' }, d),
      { headerName: '等次', colId: 'grade', field: 'grade', width: 130, cellRenderer: GradeCell },
      { headerName: '标记', colId: 'flags', field: 'flags', flex: 1, minWidth: 140, cellRenderer: FlagsCell, tooltipValueGetter: (p) => (p.data?.row ? [p.data.row.restriction?.reason ?? '', ...p.data.flags.map((f) => f.text)].filter(Boolean).join('；') || undefined : undefined) },
    ],
    [compDefs, d, isCadre],
  );

  const compute = async () => {
    setComputing(true);
    // a large cycle is computed in a worker: the progress bar offers 取消 (nothing is written then)
    const r = await job.start('computeCycle', { cycleId: cycle.id }, { title: '正在计算…', failure: '计算未完成', modal: true });
    setComputing(false);
    if (!r) return;
    setLast(r);
    if (r.missingCells > 0) void message.warning(`已计算 ${r.subjects} 个对象，另有 ${r.missingCells} 项数据未填，按 0 分计。`);
    else void message.success(`已计算 ${r.categories} 个类别、${r.subjects} 个对象`);
  };

  const showChecks = (kind?: 'missing') => {
    rememberCheckFilter(kind ? { kind } : {});
    setTab('checks');
  };

  const ranking =
    !sel && !cats.loading ? (
      <Empty description="还没有考核类别。" />
    ) : data && data.length === 0 && !results.loading ? (
      <Empty description="本类别还没有计算结果。数据录入完成后，点击右上角“计算”。" />
    ) : (
      <>
        <ResultsStateAlert states={states.data} categoryId={sel?.id} />
        <div className="toolbar">
          <Typography.Text strong>{sel?.name}</Typography.Text>
          <Typography.Text type="secondary">
            共 {rows.length} 个{isCadre ? '干部' : '单位'}，得分保留 {d} 位小数
          </Typography.Text>
        </div>
        <Grid<Row>
          testId="results-grid"
          bottomGap={62}
          rowData={rows}
          pinnedBottomRowData={avgRow}
          loading={results.loading && !data}
          columnDefs={columns}
          getRowId={(p) => p.data.id}
          onRowClicked={(e) => e.data?.row && setDetail(e.data.row)}
          getRowClass={(p) => (p.node.rowPinned ? 'row-total' : p.data?.stale ? 'row-clickable row-stale' : 'row-clickable')}
          rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        />
        <div className="grid-footnote">总分 = 各构成计入分之和；总分相同者名次相同。点击一行查看得分明细和总分构成。</div>
      </>
    );

  return (
    <>
      <PageHeader
        title="计算排名"
        subtitle="按方案计算各对象得分，在类别内排名并按规则拟定等次；点击一行查看得分明细。"
        extra={
          <>
            {tab === 'ranking' ? <CategoryPicker categories={cats.categories} value={sel} onChange={cats.select} /> : null}
            <EditButton scope="compute" testId="btn-compute" type="primary" icon={<CalculatorOutlined />} loading={computing} onClick={() => void compute()}>
              计算
            </EditButton>
          </>
        }
      />
      <QueryError error={cats.error ?? results.error} onRetry={() => (cats.reload(), results.reload())} />
      {job.view}
      {last ? (
        <Alert
          type={last.missingCells > 0 ? 'warning' : 'success'}
          showIcon
          closable={{ onClose: () => setLast(null) }}
          style={{ marginBottom: 10 }}
          title={`${fmtDateTime(last.computedAt)} 计算完成：${last.categories} 个类别，${last.subjects} 个对象${last.missingCells > 0 ? `；${last.missingCells} 项数据未填，已按 0 分计，请到“数据采集”补齐后重新计算` : ''}。`}
          action={
            last.missingCells > 0 && tab !== 'checks' ? (
              <Button size="small" onClick={() => showChecks('missing')} data-testid="btn-show-missing">
                查看缺报数据
              </Button>
            ) : undefined
          }
          data-testid="compute-result"
        />
      ) : !last && tab === 'ranking' && missingChecks > 0 && (data?.length ?? 0) > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 10 }}
          title={`有 ${missingChecks} 项指标存在缺报数据，未填的分数按 0 分计入结果。`}
          action={
            <Button size="small" onClick={() => showChecks('missing')} data-testid="btn-show-missing">
              查看缺报数据
            </Button>
          }
          data-testid="missing-hint"
        />
      ) : null}
      {tab === 'ranking' ? <ResultsStateAlert states={states.data} exclude={sel?.id} /> : null}
      <div className="panel" style={{ paddingTop: 4 }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setTab(k as Tab)}
          destroyOnHidden
          items={[
            { key: 'ranking', label: <span data-testid="tab-ranking">排名结果</span>, children: ranking },
            {
              key: 'checks',
              label: (
                <span data-testid="tab-checks">
                  数据检查
                  {checkItems && checkItems.length > 0 ? (
                    <Badge
                      className="tab-count"
                      count={checkItems.length}
                      overflowCount={9999}
                      color={hasErrors ? '#cf1322' : missingChecks > 0 ? '#d46b08' : '#8c96a3'}
                      size="small"
                      data-testid="checks-badge"
                    />
                  ) : null}
                </span>
              ),
              children: <ChecksPanel items={checkItems} loading={checks.loading} error={checks.error} onReload={checks.reload} categories={cats.categories} />,
            },
          ]}
        />
      </div>
      <ResultDetailDrawer row={detail} decimals={d} onClose={() => setDetail(null)} />
    </>
  );
}
