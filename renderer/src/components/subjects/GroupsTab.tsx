// 考核组: the teams of assessors — 组长, 副组长, A 岗 and B 岗 members (each
// with the unit they come from) and the units the group assesses. Added and
// edited in a form; deleted after a confirmation that says what goes with it.
import { useMemo, useState } from 'react';
import { App, Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ColDef, SelectionChangedEvent } from 'ag-grid-community';
import type { AssessmentGroupDto } from '../../../../shared/ipc/contract-collect.ts';
import type { Unit } from '../../../../shared/ipc/contract.ts';
import { call, errorMessage, useAction, useQuery } from '../../api.ts';
import { EditButton, useLock } from '../../lock.tsx';
import { QueryError, SaveModal } from '../common.tsx';
import { useAppState } from '../../context.ts';
import { Grid } from '../../grid.tsx';

type Role = AssessmentGroupDto['members'][number]['role'];
export const ROLE_LABELS: Record<Role, string> = { leader: '组长', deputy: '副组长', member_a: 'A 岗组员', member_b: 'B 岗组员' };
const ROLES = Object.keys(ROLE_LABELS) as Role[];

interface GroupValues {
  name: string;
  members: { role: Role; name: string; affiliation?: string }[];
  unitIds: number[];
}

function GroupModal({ open, editing, units, onClose }: { open: boolean; editing: AssessmentGroupDto | null; units: Unit[]; onClose: () => void }) {
  const { cycle } = useAppState();
  const [form] = Form.useForm<GroupValues>();
  const [busy, setBusy] = useState(false);
  const run = useAction();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const saved = await run(
      'saveAssessmentGroup',
      {
        cycleId: cycle.id,
        ...(editing ? { id: editing.id } : {}),
        name: v.name.trim(),
        members: (v.members ?? []).map((m) => ({ role: m.role, name: m.name.trim(), ...(m.affiliation?.trim() ? { affiliation: m.affiliation.trim() } : {}) })),
        unitIds: v.unitIds ?? [],
      },
      { success: editing ? '考核组已保存' : `已新增考核组“${v.name.trim()}”`, modal: true, failure: '考核组未保存' },
    );
    setBusy(false);
    if (saved) onClose();
  };
  const nextRole = (): Role => {
    const ms = (form.getFieldValue('members') ?? []) as { role?: Role }[];
    if (!ms.some((m) => m?.role === 'leader')) return 'leader';
    if (!ms.some((m) => m?.role === 'deputy')) return 'deputy';
    return 'member_a';
  };
  return (
    <SaveModal title={editing ? `编辑考核组：${editing.name}` : '新增考核组'} open={open} onCancel={onClose} onSave={() => void submit()} confirmLoading={busy} width={720} okTestId="group-ok">
      <Form<GroupValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? { name: editing.name, members: editing.members.map((m) => ({ role: m.role, name: m.name, affiliation: m.affiliation })), unitIds: editing.units.map((u) => u.id) }
            : { name: '', members: [], unitIds: [] }
        }
      >
        <Form.Item name="name" label="考核组名称" rules={[{ required: true, whitespace: true, message: '请填写考核组名称' }, { max: 100, message: '不能超过100个字' }]}>
          <Input placeholder="例如：第一考核组" data-testid="group-name" />
        </Form.Item>
        <Form.List
          name="members"
          rules={[
            {
              validator: async (_r, ms: GroupValues['members'] | undefined) => {
                const n = (ms ?? []).filter((m) => m?.role === 'leader').length;
                if (n > 1) throw new Error(`只能有一名组长（现有 ${n} 名）`);
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <div className="group-members">
              <Typography.Text strong>成员</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                组长一名，副组长、A 岗和 B 岗组员可有多名
              </Typography.Text>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }} data-testid="member-row">
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: '请选择' }]} style={{ marginBottom: 0 }}>
                    <Select style={{ width: 120 }} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} data-testid={`member-role-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 100, message: '不能超过100个字' }]} style={{ marginBottom: 0 }}>
                    <Input placeholder="姓名" style={{ width: 140 }} data-testid={`member-name-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'affiliation']} rules={[{ max: 200, message: '不能超过200个字' }]} style={{ marginBottom: 0 }}>
                    <Input placeholder="所在单位及职务（可不填）" style={{ width: 300 }} data-testid={`member-aff-${i}`} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="移除成员" data-testid={`member-remove-${i}`} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => add({ role: nextRole(), name: '', affiliation: '' })} data-testid="btn-add-member">
                添加成员
              </Button>
              <Form.ErrorList errors={errors} />
            </div>
          )}
        </Form.List>
        <Form.Item name="unitIds" label="考核的单位" style={{ marginTop: 16 }} extra="一个单位可由多个考核组考核。">
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="选择单位"
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            data-testid="group-units"
          />
        </Form.Item>
      </Form>
    </SaveModal>
  );
}

const names = (g: AssessmentGroupDto, role: Role) =>
  g.members
    .filter((m) => m.role === role)
    .map((m) => (m.affiliation ? `${m.name}（${m.affiliation}）` : m.name))
    .join('、');

export function GroupsTab() {
  const { cycle } = useAppState();
  const { modal, message } = App.useApp();
  const lock = useLock('plan');
  const groups = useQuery('listAssessmentGroups', { cycleId: cycle.id });
  const units = useQuery('listUnits', { cycleId: cycle.id });
  const [selected, setSelected] = useState<AssessmentGroupDto[]>([]);
  const [edit, setEdit] = useState<{ open: boolean; editing: AssessmentGroupDto | null }>({ open: false, editing: null });

  const columns = useMemo<ColDef<AssessmentGroupDto>[]>(
    () => [
      { headerName: '序号', colId: 'seq', width: 70, type: 'rightAligned', pinned: 'left', valueGetter: (p) => (p.node?.rowIndex ?? 0) + 1 },
      { headerName: '考核组', colId: 'name', field: 'name', width: 150, pinned: 'left' },
      ...ROLES.map<ColDef<AssessmentGroupDto>>((r) => ({
        headerName: ROLE_LABELS[r],
        colId: r,
        flex: r === 'leader' ? 1 : 1.4,
        minWidth: 140,
        valueGetter: (p) => (p.data ? names(p.data, r) : ''),
        tooltipValueGetter: (p) => (p.data ? names(p.data, r) : undefined),
      })),
      {
        headerName: '考核的单位',
        colId: 'units',
        flex: 2,
        minWidth: 220,
        valueGetter: (p) => p.data?.units.map((u) => u.name).join('、') ?? '',
        tooltipValueGetter: (p) => p.data?.units.map((u) => u.name).join('、'),
        cellRenderer: (p: { data?: AssessmentGroupDto }) => (
          <span>
            <Tag>{p.data?.units.length ?? 0} 个</Tag>
            {p.data?.units.map((u) => u.name).join('、')}
          </span>
        ),
      },
    ],
    [],
  );

  const remove = async () => {
    const g = selected[0];
    if (!g) return;
    let sentences: string[];
    try {
      sentences = [];
      for (const s of selected) sentences.push((await call('deleteAssessmentGroup', { id: s.id, dryRun: true })).message);
    } catch (e) {
      void message.error(errorMessage(e));
      return;
    }
    modal.confirm({
      title: `删除 ${selected.length} 个考核组？`,
      width: 520,
      content: (
        <div data-testid="group-delete-preview">
          {sentences.map((s, i) => (
            <p key={i} style={{ marginTop: 0 }}>
              {s}
            </p>
          ))}
          <Typography.Text type="secondary">被考核单位、干部和分数不受影响。</Typography.Text>
        </div>
      ),
      okText: '删除',
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete-groups' },
      cancelText: '取消',
      onOk: async () => {
        const done: string[] = [];
        try {
          for (const s of selected) done.push((await call('deleteAssessmentGroup', { id: s.id })).message);
          void message.success(done.join(''));
          setSelected([]);
        } catch (e) {
          modal.error({ title: '未全部删除', content: `${done.join('')}${errorMessage(e)}`, okText: '知道了' });
        }
      },
    });
  };

  return (
    <>
      <div className="toolbar">
        <Typography.Text type="secondary">共 {groups.data?.length ?? 0} 个考核组</Typography.Text>
        <div className="toolbar-spacer" />
        <EditButton scope="plan" testId="btn-new-group" type="primary" icon={<PlusOutlined />} onClick={() => setEdit({ open: true, editing: null })}>
          新增考核组
        </EditButton>
        <EditButton scope="plan" testId="btn-edit-group" icon={<EditOutlined />} disabled={selected.length !== 1} onClick={() => setEdit({ open: true, editing: selected[0]! })}>
          编辑
        </EditButton>
        <EditButton scope="plan" testId="btn-delete-groups" danger icon={<DeleteOutlined />} disabled={selected.length === 0} onClick={() => void remove()}>
          删除{selected.length > 0 ? `（${selected.length}）` : ''}
        </EditButton>
      </div>
      <QueryError error={groups.error ?? units.error} onRetry={() => (groups.reload(), units.reload())} />
      <Grid<AssessmentGroupDto>
        testId="groups-grid"
        rowData={groups.data ?? []}
        loading={groups.loading && !groups.data}
        columnDefs={columns}
        getRowId={(p) => String(p.data.id)}
        rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: false }}
        selectionColumnDef={{ pinned: 'left', width: 44 }}
        onSelectionChanged={(e: SelectionChangedEvent<AssessmentGroupDto>) => setSelected(e.api.getSelectedRows())}
        onRowDoubleClicked={(e) => !lock.locked && e.data && setEdit({ open: true, editing: e.data })}
        overlayNoRowsTemplate='<span class="ag-overlay-no-rows-center">暂无考核组</span>'
      />
      <GroupModal key={edit.open ? (edit.editing?.id ?? 'new') : 'closed'} open={edit.open} editing={edit.editing} units={units.data ?? []} onClose={() => setEdit({ open: false, editing: null })} />
    </>
  );
}
