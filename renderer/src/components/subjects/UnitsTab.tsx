// 被考核单位: the units by category, in the plan's order, edited in a form.
import { useMemo, useRef, useState } from 'react';
import { App, Form, Input, Select, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { AgGridReact } from 'ag-grid-react';
import type { ColDef, SelectionChangedEvent } from 'ag-grid-community';
import type { Category, Unit } from '../../../../shared/ipc/contract.ts';
import { useAction, useQuery } from '../../api.ts';
import { EditButton, useLock } from '../../lock.tsx';
import { QueryError, SaveModal, useCategories } from '../common.tsx';
import { useAppState } from '../../context.ts';
import { Grid, intCol } from '../../grid.tsx';

interface UnitValues {
  name: string;
  categoryId: number;
  code?: string;
}

function UnitModal({ open, editing, categories, defaultCategory, onClose, onSaved }: { open: boolean; editing: Unit | null; categories: Category[]; defaultCategory: number | undefined; onClose: () => void; onSaved: (u: Unit) => void }) {
  const { cycle } = useAppState();
  const [form] = Form.useForm<UnitValues>();
  const [busy, setBusy] = useState(false);
  const run = useAction();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const saved = await run(
      'saveUnit',
      { cycleId: cycle.id, ...(editing ? { id: editing.id } : {}), categoryId: v.categoryId, name: v.name.trim(), ...(v.code?.trim() ? { code: v.code.trim() } : {}) },
      { success: editing ? '单位已保存' : `已新增“${v.name.trim()}”` },
    );
    setBusy(false);
    if (saved) onSaved(saved);
  };
  return (
    <SaveModal
      title={editing ? '编辑被考核单位' : '新增被考核单位'}
      open={open}
      onCancel={onClose}
      onSave={() => void submit()}
      confirmLoading={busy}
      okTestId="unit-ok"
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing ? { name: editing.name, categoryId: editing.categoryId, code: editing.code } : { categoryId: defaultCategory }}
      >
        <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }, { max: 100 }]}>
          <Input placeholder="例如：城关镇" data-testid="unit-name" />
        </Form.Item>
        <Form.Item name="categoryId" label="考核类别" rules={[{ required: true, message: '请选择考核类别' }]}>
          <Select
            data-testid="unit-category"
            placeholder="请选择"
            options={categories.filter((c) => c.kind === 'unit').map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="code" label="单位代码" extra="可不填，系统自动编号。">
          <Input style={{ width: 200 }} maxLength={40} data-testid="unit-code" />
        </Form.Item>
      </Form>
    </SaveModal>
  );
}

export function UnitsTab() {
  const { cycle } = useAppState();
  const lock = useLock('plan');
  const { modal } = App.useApp();
  const run = useAction();
  const cats = useCategories();
  const [filter, setFilter] = useState<number | undefined>(undefined);
  const units = useQuery('listUnits', { cycleId: cycle.id, ...(filter ? { categoryId: filter } : {}) });
  const [selected, setSelected] = useState<Unit[]>([]);
  const [edit, setEdit] = useState<{ open: boolean; editing: Unit | null }>({ open: false, editing: null });
  const gridRef = useRef<AgGridReact<Unit>>(null);

  const catOrder = useMemo(() => new Map(cats.categories.map((c) => [c.id, c.sortOrder])), [cats.categories]);
  const rows = useMemo(
    () => [...(units.data ?? [])].sort((a, b) => (catOrder.get(a.categoryId) ?? 0) - (catOrder.get(b.categoryId) ?? 0) || a.sortOrder - b.sortOrder || a.id - b.id),
    [units.data, catOrder],
  );
  const unitCategories = cats.categories.filter((c) => c.kind === 'unit');

  const columns = useMemo<ColDef<Unit>[]>(
    () => [
      { headerName: '序号', colId: 'seq', width: 80, valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1, type: 'rightAligned', pinned: 'left' },
      { headerName: '单位代码', field: 'code', width: 120 },
      { headerName: '单位名称', field: 'name', flex: 2, minWidth: 200, filter: 'agTextColumnFilter' },
      intCol({ headerName: '领导干部', field: 'cadreCount', width: 100 }),
      { headerName: '考核类别', field: 'categoryName', flex: 1, minWidth: 160 },
    ],
    [],
  );

  const remove = () => {
    if (selected.length === 0) return;
    const names = selected.map((u) => u.name);
    modal.confirm({
      title: `删除 ${selected.length} 个单位？`,
      content: (
        <div>
          <div>{names.slice(0, 8).join('、') + (names.length > 8 ? ` 等${names.length}个单位` : '')}</div>
          <Typography.Text type="danger">单位的领导干部、已录入的分数和计算结果将一并删除，且无法恢复。</Typography.Text>
        </div>
      ),
      okText: '删除',
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete-units' },
      cancelText: '取消',
      onOk: async () => {
        const r = await run('deleteUnits', { ids: selected.map((u) => u.id) }, { success: `已删除 ${selected.length} 个单位` });
        if (r) setSelected([]);
      },
    });
  };

  return (
    <>
      <div className="toolbar">
        <span>考核类别</span>
        <Select
          allowClear
          placeholder="全部类别"
          style={{ width: 220 }}
          value={filter}
          onChange={(v?: number) => setFilter(v)}
          options={unitCategories.map((c) => ({ value: c.id, label: `${c.name}（${c.memberCount}）` }))}
          data-testid="unit-category-filter"
        />
        <div className="toolbar-spacer" />
        <EditButton scope="plan" testId="btn-new-unit" type="primary" icon={<PlusOutlined />} onClick={() => setEdit({ open: true, editing: null })} disabled={unitCategories.length === 0}>
          新增单位
        </EditButton>
        <EditButton scope="plan" testId="btn-edit-unit" icon={<EditOutlined />} disabled={selected.length !== 1} onClick={() => setEdit({ open: true, editing: selected[0]! })}>
          编辑
        </EditButton>
        <EditButton scope="plan" testId="btn-delete-units" danger icon={<DeleteOutlined />} disabled={selected.length === 0} onClick={remove}>
          删除{selected.length > 0 ? `（${selected.length}）` : ''}
        </EditButton>
      </div>
      {unitCategories.length === 0 && !cats.loading ? (
        <Typography.Paragraph type="secondary">请先在“考核方案”中新增单位类别，再添加被考核单位。</Typography.Paragraph>
      ) : null}
      <QueryError error={units.error} onRetry={units.reload} />
      <Grid<Unit>
        ref={gridRef}
        testId="units-grid"
        rowData={rows}
        loading={units.loading && !units.data}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false }}
        selectionColumnDef={{ pinned: 'left', width: 44 }}
        onSelectionChanged={(e: SelectionChangedEvent<Unit>) => setSelected(e.api.getSelectedRows())}
        onRowDoubleClicked={(e) => !lock.locked && e.data && setEdit({ open: true, editing: e.data })}
        overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">暂无被考核单位</span>'
      />
      <UnitModal
        key={edit.open ? (edit.editing?.id ?? 'new') : 'closed'}
        open={edit.open}
        editing={edit.editing}
        categories={cats.categories}
        defaultCategory={filter ?? unitCategories[0]?.id}
        onClose={() => setEdit({ open: false, editing: null })}
        onSaved={() => setEdit({ open: false, editing: null })}
      />
    </>
  );
}
