// 指标体系: the indicator tree of a category, shown as an indented table.
import { useMemo, useRef, useState } from 'react';
import { Alert, App, Empty, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SubnodeOutlined } from '@ant-design/icons';
import type { ColDef, ICellRendererParams, RowClassParams } from 'ag-grid-community';
import type { Indicator } from '../../../shared/ipc/contract.ts';
import { useAction, useQuery } from '../api.ts';
import { EditButton, LockBanner, useLock } from '../lock.tsx';
import { CategoryPicker, FocusBanner, PageHeader, QueryError, useCategories } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtPlain } from '../format.ts';
import { Grid, numCol } from '../grid.tsx';
import { methodLabel, methodSummary } from '../methods.ts';
import { IndicatorModal, type IndicatorFormTarget } from './IndicatorForm.tsx';

interface Row {
  ind: Indicator | null;
  id: string;
  code: string;
  name: string;
  level: number;
  componentName: string;
  fullPoints: number;
  childSum: number | null;
  method: string;
  params: string;
  department: string;
  description: string;
}

function NameCell(p: ICellRendererParams<Row>) {
  const r = p.data;
  if (!r) return null;
  if (!r.ind) return <strong>{r.name}</strong>;
  return (
    <span className="ind-name" style={{ paddingLeft: (r.level - 1) * 20 }}>
      <span className="ind-code">{r.code}</span>
      <span className={r.ind.isLeaf ? '' : 'ind-inner'}>{r.name}</span>
    </span>
  );
}

function PointsCell(p: ICellRendererParams<Row>) {
  const r = p.data;
  if (!r) return null;
  const bad = r.childSum !== null && Math.abs(r.childSum - r.fullPoints) > 1e-6;
  return (
    <span style={{ color: bad ? '#c8322f' : undefined, fontWeight: r.ind && !r.ind.isLeaf ? 600 : undefined }} title={bad ? `下级指标合计 ${fmtPlain(r.childSum)} 分` : undefined}>
      {fmtPlain(r.fullPoints)}
      {bad ? <span style={{ fontSize: 12 }}>（下级合计 {fmtPlain(r.childSum)}）</span> : null}
    </span>
  );
}

export function IndicatorsPage() {
  const { cycle, focus, clearFocus } = useAppState();
  const lock = useLock('plan');
  const { modal } = App.useApp();
  const run = useAction();
  const cats = useCategories();
  const sel = cats.selected;
  const tree = useQuery('listIndicators', sel ? { categoryId: sel.id } : null);
  const comps = useQuery('listComponents', sel ? { categoryId: sel.id } : null);
  const depts = useQuery('listDepartments', { cycleId: cycle.id });
  // a deep link (from a check): the indicator is selected, scrolled to and flashed once
  const [landing, setLanding] = useState(() => (focus && focus.indicatorId !== undefined ? focus : null));
  const landed = useRef(false);
  const [selectedId, setSelectedId] = useState<number | null>(() => landing?.indicatorId ?? null);
  const closeLanding = () => {
    setLanding(null);
    clearFocus();
  };
  const [target, setTarget] = useState<IndicatorFormTarget | null>(null);

  const indicators = useMemo(() => tree.data?.indicators ?? [], [tree.data]);
  const selected = indicators.find((i) => i.id === selectedId) ?? null;

  const rows = useMemo<Row[]>(() => {
    const sums = new Map<number, number>();
    for (const i of indicators) if (i.parentId !== null) sums.set(i.parentId, (sums.get(i.parentId) ?? 0) + i.fullPoints);
    return indicators.map((i) => ({
      ind: i,
      id: String(i.id),
      code: i.code,
      name: i.name,
      level: i.level,
      componentName: i.componentName,
      fullPoints: i.fullPoints,
      childSum: sums.get(i.id) ?? null,
      method: i.isLeaf ? methodLabel(i.method) : '汇总下级',
      params: i.isLeaf ? methodSummary(i.method) : '',
      department: i.departmentName ?? '',
      description: i.description,
    }));
  }, [indicators]);

  // one total row per component: the top-level points of each
  const totals = useMemo<Row[]>(() => {
    const byComp = new Map<string, number>();
    for (const i of indicators) if (i.parentId === null) byComp.set(i.componentName, (byComp.get(i.componentName) ?? 0) + i.fullPoints);
    return [...byComp.entries()].map(([comp, points]) => ({
      ind: null,
      id: `total-${comp}`,
      code: '',
      name: byComp.size > 1 ? `${comp}合计` : '合计',
      level: 1,
      componentName: comp,
      fullPoints: points,
      childSum: null,
      method: '',
      params: '',
      department: '',
      description: '',
    }));
  }, [indicators]);

  const columns = useMemo<ColDef<Row>[]>(
    () => [
      { headerName: '指标', colId: 'name', field: 'name', cellRenderer: NameCell, width: 360, pinned: 'left', equals: () => false, tooltipValueGetter: (p) => (p.data?.ind ? `${p.data.code} ${p.data.name}` : undefined) },
      { headerName: '构成', colId: 'component', field: 'componentName', width: 110 },
      numCol<Row>({ headerName: '分值', colId: 'points', field: 'fullPoints', width: 110, cellRenderer: PointsCell, equals: () => false }),
      { headerName: '计分方法', colId: 'method', field: 'method', width: 110, cellClassRules: { 'cell-readonly': (p) => !!p.data?.ind && !p.data.ind.isLeaf } },
      { headerName: '方法参数', colId: 'params', field: 'params', flex: 1, minWidth: 220, tooltipField: 'params' },
      { headerName: '责任单位', colId: 'department', field: 'department', width: 140, tooltipField: 'department' },
      { headerName: '说明', colId: 'description', field: 'description', flex: 1.2, minWidth: 220, tooltipField: 'description' },
    ],
    [],
  );

  const remove = () => {
    if (!selected) return;
    const n = indicators.filter((i) => {
      for (let p: Indicator | undefined = i; p; p = indicators.find((x) => x.id === p!.parentId)) if (p.id === selected.id) return true;
      return false;
    }).length;
    modal.confirm({
      title: `删除指标“${selected.code} ${selected.name}”？`,
      content: n > 1 ? `它的 ${n - 1} 个下级指标和已录入的分数将一并删除，且无法恢复。` : '已录入的该指标分数将一并删除，且无法恢复。',
      okText: '删除',
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete-indicator' },
      cancelText: '取消',
      onOk: async () => {
        const r = await run('deleteIndicator', { id: selected.id }, { success: `已删除 ${n} 项指标` });
        if (r) setSelectedId(null);
      },
    });
  };

  const checks = tree.data?.checks ?? [];

  return (
    <>
      <PageHeader
        title="指标体系"
        subtitle="每个类别一套指标；末级指标设置计分方法，上级指标的分值应等于下级合计。"
        extra={<CategoryPicker categories={cats.categories} value={sel} onChange={(id) => (cats.select(id), setSelectedId(null), closeLanding())} />}
      />
      <LockBanner scope="plan" />
      <FocusBanner focus={landing} onClose={closeLanding} />
      <QueryError error={cats.error ?? tree.error} onRetry={() => (cats.reload(), tree.reload())} />
      {!sel && !cats.loading ? (
        <div className="panel">
          <Empty description="请先在“考核方案”中新增考核类别。" />
        </div>
      ) : (
        <div className="panel">
          <div className="toolbar">
            <EditButton scope="plan" testId="btn-add-root-indicator" type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'root' })} disabled={!sel}>
              新增一级指标
            </EditButton>
            <EditButton scope="plan" testId="btn-add-child-indicator" icon={<SubnodeOutlined />} disabled={!selected} onClick={() => selected && setTarget({ mode: 'child', parent: selected })}>
              新增下级指标
            </EditButton>
            <EditButton
              scope="plan"
              testId="btn-edit-indicator"
              icon={<EditOutlined />}
              disabled={!selected}
              onClick={() => selected && setTarget({ mode: 'edit', indicator: selected, hasChildren: !selected.isLeaf })}
            >
              编辑
            </EditButton>
            <EditButton scope="plan" testId="btn-delete-indicator" danger icon={<DeleteOutlined />} disabled={!selected} onClick={remove}>
              删除
            </EditButton>
            <div className="toolbar-spacer" />
            <Space size={12}>
              {selected ? (
                <Typography.Text type="secondary">
                  已选：{selected.code} {selected.name}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">单击选择一行，双击编辑</Typography.Text>
              )}
              <Tag>{indicators.filter((i) => i.isLeaf).length} 项末级指标</Tag>
            </Space>
          </div>
          {checks.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 10 }}
              title={`指标分值检查发现 ${checks.length} 处问题`}
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {checks.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              }
              data-testid="indicator-checks"
            />
          ) : indicators.length > 0 ? (
            <Alert type="success" showIcon style={{ marginBottom: 10 }} title="分值检查通过：各上级指标的分值与下级合计一致。" data-testid="indicator-checks-ok" />
          ) : null}
          <Grid<Row>
            testId="indicator-grid"
            rowData={rows}
            pinnedBottomRowData={totals}
            loading={tree.loading && !tree.data}
            columnDefs={columns}
            getRowId={(p) => p.data.id}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onRowClicked={(e) => e.data?.ind && setSelectedId(e.data.ind.id)}
            onRowDataUpdated={(e) => {
              const node = selectedId !== null ? e.api.getRowNode(String(selectedId)) : undefined;
              node?.setSelected(true, true);
              if (landing && !landed.current && node) {
                landed.current = true;
                clearFocus();
                e.api.ensureNodeVisible(node, 'middle');
                window.setTimeout(() => !e.api.isDestroyed() && e.api.flashCells({ rowNodes: [node], flashDuration: 1200, fadeDuration: 1000 }), 150);
              }
            }}
            onRowDoubleClicked={(e) => !lock.locked && e.data?.ind && setTarget({ mode: 'edit', indicator: e.data.ind, hasChildren: !e.data.ind.isLeaf })}
            getRowClass={(p: RowClassParams<Row>) => (p.node.rowPinned ? 'row-total' : undefined)}
            overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">本类别还没有指标，请点击“新增一级指标”</span>'
          />
        </div>
      )}
      {sel ? (
        <IndicatorModal
          key={target ? (target.mode === 'edit' ? `e${target.indicator.id}` : target.mode === 'child' ? `c${target.parent.id}` : 'root') : 'closed'}
          target={target}
          category={sel}
          components={comps.data ?? []}
          departments={depts.data ?? []}
          onClose={() => setTarget(null)}
          onSaved={(i) => {
            setTarget(null);
            setSelectedId(i.id);
          }}
        />
      ) : null}
    </>
  );
}
