// 考核构成与权重: the components of a category, each with its weight and scaling.
import { useState } from 'react';
import { Alert, App, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { COMPONENT_KINDS, COMPONENT_KIND_LABELS, type ComponentKind } from '../../../../shared/domain.ts';
import type { Category, Component } from '../../../../shared/ipc/contract.ts';
import { call, errorMessage, useAction, useQuery } from '../../api.ts';
import { EditButton } from '../../lock.tsx';
import { QueryError, SaveModal } from '../common.tsx';
import { fmtPlain } from '../../format.ts';

// ---- components ---------------------------------------------------------------

interface ComponentValues {
  code: string;
  name: string;
  kind: ComponentKind;
  weight: number | null;
  fullPoints: number;
  normalizeTo100: boolean;
  applyDifficulty: boolean;
}

function ComponentModal({ category, editing, open, onClose, onSaved }: { category: Category; editing: Component | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<ComponentValues>();
  const [busy, setBusy] = useState(false);
  const run = useAction();
  const kind = Form.useWatch('kind', form);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const saved = await run(
      'saveComponent',
      {
        categoryId: category.id,
        ...(editing ? { id: editing.id } : {}),
        code: v.code.trim(),
        name: v.name.trim(),
        kind: v.kind,
        weight: v.weight ?? null,
        fullPoints: v.fullPoints ?? 0,
        normalizeTo100: !!v.normalizeTo100,
        applyDifficulty: !!v.applyDifficulty,
      },
      { success: '考核构成已保存' },
    );
    setBusy(false);
    if (saved) onSaved();
  };
  return (
    <SaveModal
      title={editing ? `编辑考核构成：${editing.name}` : '新增考核构成'}
      open={open}
      onCancel={onClose}
      onSave={() => void submit()}
      confirmLoading={busy}
      width={560}
      okTestId="component-ok"
    >
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 17 }}
        preserve={false}
        initialValues={
          editing
            ? { ...editing }
            : { kind: 'indicators', weight: null, fullPoints: 100, normalizeTo100: false, applyDifficulty: false, code: '' }
        }
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input placeholder="例如：实绩考核" />
        </Form.Item>
        <Form.Item name="code" label="代码" rules={[{ required: true, whitespace: true, message: '请填写代码' }, { max: 40 }]} extra="类别内唯一，用于导入导出，例如 SJ。">
          <Input style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={COMPONENT_KINDS.map((k) => ({ value: k, label: COMPONENT_KIND_LABELS[k] }))} />
        </Form.Item>
        <Form.Item name="weight" label="权重" extra="留空表示不加权，得分按分值直接计入总分。">
          <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: 160 }} placeholder="不加权" />
        </Form.Item>
        <Form.Item name="fullPoints" label="满分" extra={kind === 'indicators' ? '指标计分的满分由指标体系的分值合计决定，此处仅作参考。' : kind === 'bonus' ? '加减分一般填 0，由加减分上限控制。' : undefined}>
          <InputNumber min={0} max={100000} precision={2} style={{ width: 160 }} suffix="分" />
        </Form.Item>
        <Form.Item name="normalizeTo100" label="折算百分制" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
        <Form.Item name="applyDifficulty" label="乘难度系数" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      </Form>
    </SaveModal>
  );
}

/**
 * 删除 a component: the server first says what goes with it (its indicators
 * and their scores), or why it cannot go (a setting of the category names it);
 * only then, confirmed, it is deleted.
 */
function useDeleteComponent() {
  const { modal, message } = App.useApp();
  const run = useAction();
  return async (c: Component) => {
    let preview;
    try {
      preview = await call('deleteComponent', { id: c.id, dryRun: true });
    } catch (e) {
      void message.error(errorMessage(e));
      return;
    }
    // the dry run of a component that settings still name says so: nothing to confirm
    if (preview.message.includes('不能删除')) {
      modal.warning({ title: `不能删除考核构成“${c.name}”`, content: <div data-testid="component-delete-preview">{preview.message}</div>, okText: '知道了' });
      return;
    }
    modal.confirm({
      title: `删除考核构成“${c.name}”？`,
      width: 520,
      content: (
        <div data-testid="component-delete-preview">
          <p style={{ marginTop: 0 }}>{preview.message}</p>
          <Typography.Text type="danger">删除后无法恢复（删除前的内容记入审计日志），本类别的结果将重新计算。</Typography.Text>
        </div>
      ),
      okText: '删除',
      okButtonProps: { danger: true, 'data-testid': 'confirm-delete-component' },
      cancelText: '取消',
      onOk: async () => {
        const r = await run('deleteComponent', { id: c.id }, { modal: true, failure: '考核构成未删除' });
        if (r) void message.success(r.message);
      },
    });
  };
}

export function ComponentsCard({ category }: { category: Category }) {
  const q = useQuery('listComponents', { categoryId: category.id });
  const remove = useDeleteComponent();
  const [editing, setEditing] = useState<Component | null>(null);
  const [open, setOpen] = useState(false);
  const comps = q.data ?? [];
  const weighted = comps.filter((c) => c.weight !== null);
  const weightSum = weighted.reduce((a, c) => a + (c.weight ?? 0), 0);
  let hint: { type: 'success' | 'warning' | 'info'; text: string };
  if (comps.length === 0) hint = { type: 'info', text: '尚未设置考核构成。' };
  else if (weighted.length === 0) hint = { type: 'info', text: '各构成未设权重：总分 = 各构成得分直接相加（加减分另计）。' };
  else if (Math.abs(weightSum - 100) < 1e-6) hint = { type: 'success', text: `加权构成的权重合计 100%。` };
  else hint = { type: 'warning', text: `加权构成的权重合计为 ${fmtPlain(weightSum)}%，应为 100%。` };

  return (
    <Card
      size="small"
      title="考核构成与权重"
      extra={
        <EditButton
          scope="plan"
          testId="btn-new-component"
          size="small"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(null);
            setOpen(true);
          }}
        >
          新增构成
        </EditButton>
      }
    >
      <QueryError error={q.error} onRetry={q.reload} />
      <Table<Component>
        size="small"
        rowKey="id"
        loading={q.loading}
        pagination={false}
        dataSource={comps}
        data-testid="components-table"
        locale={{ emptyText: '暂无考核构成' }}
        columns={[
          { title: '序', key: 'i', width: 44, align: 'center', render: (_v, _r, i) => i + 1 },
          { title: '名称', dataIndex: 'name', render: (v: string, r) => (
            <Space size={6}>
              <span>{v}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.code}
              </Typography.Text>
            </Space>
          ) },
          { title: '类型', dataIndex: 'kind', width: 96, render: (k: ComponentKind) => <Tag>{COMPONENT_KIND_LABELS[k]}</Tag> },
          { title: '权重', dataIndex: 'weight', width: 80, align: 'right', render: (w: number | null) => (w === null ? <Typography.Text type="secondary">不加权</Typography.Text> : `${fmtPlain(w)}%`) },
          { title: '满分', dataIndex: 'fullPoints', width: 72, align: 'right', render: (v: number) => fmtPlain(v) },
          { title: '折算百分制', dataIndex: 'normalizeTo100', width: 92, align: 'center', render: (v: boolean) => (v ? '是' : '否') },
          { title: '乘难度系数', dataIndex: 'applyDifficulty', width: 92, align: 'center', render: (v: boolean) => (v ? '是' : '否') },
          {
            title: '操作',
            key: 'op',
            width: 140,
            align: 'center',
            render: (_v, r) => (
              <Space size={0}>
              <EditButton
                scope="plan"
                testId="btn-edit-component"
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => {
                  setEditing(r);
                  setOpen(true);
                }}
              >
                编辑
              </EditButton>
              <EditButton scope="plan" testId="btn-delete-component" type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => void remove(r)}>
                删除
              </EditButton>
              </Space>
            ),
          },
        ]}
      />
      <Alert type={hint.type} showIcon title={hint.text} style={{ marginTop: 10 }} data-testid="weight-hint" />
      <ComponentModal
        key={open ? (editing?.id ?? 'new') : 'closed'}
        category={category}
        editing={editing}
        open={open}
        onClose={() => setOpen(false)}
        onSaved={() => setOpen(false)}
      />
    </Card>
  );
}
