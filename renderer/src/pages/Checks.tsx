// 数据检查 (a tab of 计算排名): the cycle's checks — points and weight sums,
// missing data and too small a spread by responsible department — as a list
// filtered by kind, category, department and severity. Clicking an item opens
// the offending data (see checkTarget in ../checks.ts).
import { useEffect, useMemo, useState } from 'react';
import { Button, Result, Segmented, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined, RightOutlined } from '@ant-design/icons';
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { Category, CheckItemDto } from '../../../shared/ipc/contract.ts';
import {
  CHECK_KINDS,
  CHECK_KIND_COLORS,
  CHECK_KIND_HINTS,
  CHECK_KIND_LABELS,
  SEVERITY_COLORS,
  SEVERITY_LABELS,
  checkTarget,
  checkTargetLabel,
  countBy,
  departmentOf,
  sortChecks,
  type CheckKind,
  type CheckSeverity,
} from '../checks.ts';
import { QueryError } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { Grid } from '../grid.tsx';

export interface CheckFilter {
  kind: CheckKind | 'all';
  categoryId: number | null;
  department: string | null;
  severity: CheckSeverity | null;
}

const ALL: CheckFilter = { kind: 'all', categoryId: null, department: null, severity: null };

// kept while the application runs: coming back from the data to the list finds it as it was left
let remembered: CheckFilter = ALL;

/** Sets the filter the list opens with next (e.g. 缺报数据 from the compute result). */
export function rememberCheckFilter(f: Partial<CheckFilter>): void {
  remembered = { ...ALL, ...f };
}

type Facet = keyof CheckFilter;

function matches(c: CheckItemDto, f: CheckFilter, skip?: Facet): boolean {
  return (
    (skip === 'kind' || f.kind === 'all' || c.kind === f.kind) &&
    (skip === 'categoryId' || f.categoryId === null || c.categoryId === f.categoryId) &&
    (skip === 'department' || f.department === null || departmentOf(c) === f.department) &&
    (skip === 'severity' || f.severity === null || c.severity === f.severity)
  );
}

function Count({ n }: { n: number }) {
  return <span className={`facet-count ${n === 0 ? 'facet-count-zero' : ''}`}>{n}</span>;
}

interface Row {
  id: string;
  item: CheckItemDto;
  department: string;
  /** the message without the department it starts with (that has its own column) */
  text: string;
}

function withoutDepartment(c: CheckItemDto): string {
  const prefix = c.departmentName ? `${c.departmentName}：` : '';
  return prefix && c.message.startsWith(prefix) ? c.message.slice(prefix.length) : c.message;
}

function SeverityCell(p: ICellRendererParams<Row>) {
  const c = p.data?.item;
  if (!c) return null;
  return (
    <Tag color={SEVERITY_COLORS[c.severity]} style={{ marginInlineEnd: 0 }}>
      {SEVERITY_LABELS[c.severity]}
    </Tag>
  );
}

function KindCell(p: ICellRendererParams<Row>) {
  const c = p.data?.item;
  if (!c) return null;
  return (
    <Tag color={CHECK_KIND_COLORS[c.kind]} style={{ marginInlineEnd: 0 }}>
      {CHECK_KIND_LABELS[c.kind]}
    </Tag>
  );
}

function GoCell(p: ICellRendererParams<Row>) {
  const c = p.data?.item;
  if (!c) return null;
  return (
    <Typography.Link className="check-link">
      {checkTargetLabel(c)} <RightOutlined style={{ fontSize: 10 }} />
    </Typography.Link>
  );
}

export function ChecksPanel({
  items,
  loading,
  error,
  onReload,
  categories,
}: {
  items: CheckItemDto[] | undefined;
  loading: boolean;
  error: string | null;
  onReload: () => void;
  categories: Category[];
}) {
  const { navigate } = useAppState();
  const [f, setF] = useState<CheckFilter>(() => remembered);
  useEffect(() => {
    remembered = f;
  }, [f]);
  const set = (patch: Partial<CheckFilter>) => setF((x) => ({ ...x, ...patch }));

  const all = useMemo(() => sortChecks(items ?? []), [items]);
  const rows = useMemo<Row[]>(
    () =>
      all
        .filter((c) => matches(c, f))
        .map((c) => ({
          id: `${c.kind}|${c.categoryId}|${c.indicatorId ?? ''}`,
          item: c,
          department: departmentOf(c),
          text: withoutDepartment(c),
        })),
    [all, f],
  );
  // each facet counts what the other filters leave
  const kindCounts = useMemo(() => countBy(all.filter((c) => matches(c, f, 'kind')), (c) => c.kind), [all, f]);
  const catCounts = useMemo(() => countBy(all.filter((c) => matches(c, f, 'categoryId')), (c) => String(c.categoryId)), [all, f]);
  const deptCounts = useMemo(() => countBy(all.filter((c) => matches(c, f, 'department')), departmentOf), [all, f]);
  const sevCounts = useMemo(() => countBy(all.filter((c) => matches(c, f, 'severity')), (c) => c.severity), [all, f]);
  const kindTotal = [...kindCounts.values()].reduce((a, b) => a + b, 0);
  const departments = useMemo(() => {
    const names = new Set(all.map(departmentOf));
    return [...names].sort((a, b) => (deptCounts.get(b) ?? 0) - (deptCounts.get(a) ?? 0) || a.localeCompare(b, 'zh-CN'));
  }, [all, deptCounts]);
  const filtered = f.kind !== 'all' || f.categoryId !== null || f.department !== null || f.severity !== null;

  const open = (c: CheckItemDto) => {
    const t = checkTarget(c, 'results');
    navigate(t.page, t.focus);
  };

  const columns = useMemo<ColDef<Row>[]>(
    () => [
      { headerName: '序号', colId: 'seq', width: 62, type: 'rightAligned', sortable: false, valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1 },
      { headerName: '级别', colId: 'severity', width: 70, cellRenderer: SeverityCell, valueGetter: (p) => p.data?.item.severity },
      { headerName: '问题类型', colId: 'kind', width: 112, cellRenderer: KindCell, valueGetter: (p) => CHECK_KINDS.indexOf(p.data?.item.kind ?? 'spread') },
      { headerName: '考核类别', colId: 'category', width: 118, valueGetter: (p) => p.data?.item.categoryName, tooltipValueGetter: (p) => p.data?.item.categoryName },
      { headerName: '责任单位', colId: 'department', field: 'department', width: 168, tooltipField: 'department' },
      {
        headerName: '问题说明',
        colId: 'message',
        field: 'text',
        flex: 1,
        minWidth: 320,
        wrapText: true,
        autoHeight: true,
        cellClass: 'cell-wrap',
        sortable: false,
      },
      { headerName: '', colId: 'go', width: 116, cellRenderer: GoCell, sortable: false },
    ],
    [],
  );

  if (error) return <QueryError error={error} onRetry={onReload} />;
  if (items && items.length === 0) {
    return (
      <Result
        status="success"
        title="未发现问题"
        subTitle="指标分值合计、构成权重合计、缺报数据和打分分差均已检查通过。"
        extra={
          <Button icon={<ReloadOutlined />} onClick={onReload} loading={loading}>
            重新检查
          </Button>
        }
        data-testid="checks-none"
      />
    );
  }

  return (
    <div data-testid="checks-panel">
      <div className="toolbar checks-toolbar">
        <Segmented<CheckKind | 'all'>
          data-testid="checks-kind"
          value={f.kind}
          onChange={(v) => set({ kind: v })}
          options={[
            {
              value: 'all',
              label: (
                <span data-testid="checks-kind-all">
                  全部 <Count n={kindTotal} />
                </span>
              ),
            },
            ...CHECK_KINDS.map((k) => ({
              value: k,
              label: (
                <span data-testid={`checks-kind-${k}`}>
                  {CHECK_KIND_LABELS[k]} <Count n={kindCounts.get(k) ?? 0} />
                </span>
              ),
            })),
          ]}
        />
        <Select<number>
          data-testid="checks-category"
          style={{ width: 170 }}
          allowClear
          placeholder="全部考核类别"
          value={f.categoryId ?? undefined}
          onChange={(v?: number) => set({ categoryId: v ?? null })}
          options={categories.map((c) => ({ value: c.id, label: `${c.name}（${catCounts.get(String(c.id)) ?? 0}）` }))}
        />
        <Select<string>
          data-testid="checks-department"
          style={{ width: 210 }}
          allowClear
          showSearch={{ optionFilterProp: 'search' }}
          placeholder="全部责任单位"
          value={f.department ?? undefined}
          onChange={(v?: string) => set({ department: v ?? null })}
          options={departments.map((d) => ({ value: d, label: `${d}（${deptCounts.get(d) ?? 0}）`, search: d }))}
        />
        <Select<CheckSeverity>
          data-testid="checks-severity"
          style={{ width: 116 }}
          allowClear
          placeholder="全部级别"
          value={f.severity ?? undefined}
          onChange={(v?: CheckSeverity) => set({ severity: v ?? null })}
          options={[
            { value: 'error', label: `错误（${sevCounts.get('error') ?? 0}）` },
            { value: 'warning', label: `提醒（${sevCounts.get('warning') ?? 0}）` },
          ]}
        />
        {filtered ? (
          <Button type="link" size="small" onClick={() => setF(ALL)} data-testid="checks-clear">
            清除筛选
          </Button>
        ) : null}
      </div>
      <div className="checks-hint">
        <Typography.Text type="secondary" className="checks-hint-text">
          {f.kind !== 'all' ? CHECK_KIND_HINTS[f.kind] : '点击一项即可打开相应的数据：缺报数据和分差过小到“数据采集”，分值合计不符到“指标体系”，权重合计不符到“考核方案”。'}
        </Typography.Text>
        <Space size={8}>
          <Typography.Text type="secondary" data-testid="checks-count">
            {filtered ? `筛选出 ${rows.length} / ${all.length} 项` : `共 ${all.length} 项`}
          </Typography.Text>
          <Tooltip title="按当前数据重新检查">
            <Button size="small" icon={<ReloadOutlined />} onClick={onReload} loading={loading} data-testid="btn-reload-checks">
              重新检查
            </Button>
          </Tooltip>
        </Space>
      </div>
      <Grid<Row>
        testId="checks-grid"
        bottomGap={40}
        rowData={rows}
        loading={loading && !items}
        columnDefs={columns}
        getRowId={(p) => p.data.id}
        defaultColDef={{ sortable: true }}
        onRowClicked={(e) => e.data && open(e.data.item)}
        getRowClass={(p) => `row-clickable check-row-${p.data?.item.kind ?? ''}`}
        tooltipShowDelay={600}
        overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">没有符合筛选条件的检查项</span>'
      />
    </div>
  );
}
