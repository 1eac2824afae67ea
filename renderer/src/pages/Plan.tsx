// 考核方案: categories, their components and weights, grading settings.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Divider, Empty, Form, Input, InputNumber, Radio, Row, Select, Skeleton, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { COMPONENT_KINDS, COMPONENT_KIND_LABELS, UNIT_GRADES, type CategorySettings, type ComponentKind, type Rounding, type SubjectKind } from '../../../shared/domain.ts';
import { topQuota } from '../../../shared/engine/grading.ts';
import type { Category, Component } from '../../../shared/ipc/contract.ts';
import { useAction, useQuery } from '../api.ts';
import { EditButton, LockBanner, useLock } from '../lock.tsx';
import { FocusBanner, GradeTag, PageHeader, QueryError, SaveModal, useCategories } from '../components/common.tsx';
import { useAppState } from '../context.ts';
import { fmtPlain } from '../format.ts';

const KIND_LABEL: Record<SubjectKind, string> = { unit: '单位', cadre: '干部' };
const ROUNDING_OPTIONS: { value: Rounding; label: string }[] = [
  { value: 'floor', label: '向下取整' },
  { value: 'round', label: '四舍五入' },
  { value: 'ceil', label: '向上取整' },
];

// ---- new / edit category ------------------------------------------------------

interface CategoryValues {
  name: string;
  kind: SubjectKind;
  difficulty: number;
}

function CategoryModal({ open, editing, onClose, onSaved }: { open: boolean; editing: Category | null; onClose: () => void; onSaved: (c: Category) => void }) {
  const { cycle } = useAppState();
  const [form] = Form.useForm<CategoryValues>();
  const [busy, setBusy] = useState(false);
  const run = useAction();
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    const saved = editing
      ? await run('updateCategory', { id: editing.id, name: v.name.trim(), difficulty: v.difficulty }, { success: '类别已保存' })
      : await run('createCategory', { cycleId: cycle.id, name: v.name.trim(), kind: v.kind, difficulty: v.difficulty }, { success: `已新增类别“${v.name.trim()}”` });
    setBusy(false);
    if (saved) onSaved(saved);
  };
  return (
    <SaveModal
      title={editing ? '编辑考核类别' : '新增考核类别'}
      open={open}
      onCancel={onClose}
      onSave={() => void submit()}
      confirmLoading={busy}
      okTestId="category-ok"
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={editing ? { name: editing.name, kind: editing.kind, difficulty: editing.difficulty } : { kind: 'unit', difficulty: 1 }}
      >
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写类别名称' }, { max: 100 }]}>
          <Input placeholder="例如：一类乡镇（街道）" data-testid="category-name" />
        </Form.Item>
        <Form.Item name="kind" label="类型" extra={editing ? '类别建立后类型不能更改。' : '单位类别考核领导班子，干部类别考核领导干部个人。'}>
          <Radio.Group disabled={!!editing} data-testid="category-kind">
            <Radio.Button value="unit">单位（领导班子）</Radio.Button>
            <Radio.Button value="cadre">干部（个人）</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="difficulty" label="难度系数" rules={[{ required: true, message: '请填写难度系数' }]} extra="用于勾选了“乘难度系数”的考核构成，一般为 1。">
          <InputNumber min={0.01} max={5} step={0.01} precision={2} style={{ width: 160 }} data-testid="category-difficulty" />
        </Form.Item>
      </Form>
    </SaveModal>
  );
}

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

function ComponentsCard({ category }: { category: Category }) {
  const q = useQuery('listComponents', { categoryId: category.id });
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
            width: 72,
            align: 'center',
            render: (_v, r) => (
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

// ---- grading settings ---------------------------------------------------------

interface SettingsValues {
  topQuotaPercent: number;
  rounding: Rounding;
  topMinTotal: number | null;
  topMinComponent: string | null;
  topMinComponentScore: number | null;
  bands: { grade: string; minTotal: number }[];
  bottomBelowTotal: number | null;
  bottomQuotaPercent: number | null;
  tieBreak: string[];
  compareWithin: 'category' | 'unit';
  linkage: Record<string, number | null>;
  decimals: number;
  normalizeToBest: boolean;
  minSpreadPercent: number;
  totalCap: number | null;
  deductionCap: number | null;
  kindCaps: { kind: string; cap: number }[];
}

function toValues(s: CategorySettings): SettingsValues {
  const g = s.grading;
  return {
    topQuotaPercent: g.topQuotaPercent,
    rounding: g.rounding,
    topMinTotal: g.topMinTotal ?? null,
    topMinComponent: g.topMinComponent?.component ?? null,
    topMinComponentScore: g.topMinComponent?.min ?? null,
    bands: g.bands.map((b) => ({ ...b })),
    bottomBelowTotal: g.bottomBelowTotal ?? null,
    bottomQuotaPercent: g.bottomQuotaPercent ?? null,
    tieBreak: [...g.tieBreak],
    compareWithin: g.compareWithin,
    linkage: { ...(g.linkage ?? {}) },
    decimals: s.decimals,
    normalizeToBest: s.normalizeToBest,
    minSpreadPercent: Math.round(s.minSpread * 1000) / 10,
    totalCap: s.bonus.totalCap ?? null,
    deductionCap: s.bonus.deductionCap ?? null,
    kindCaps: Object.entries(s.bonus.kindCaps).map(([kind, cap]) => ({ kind, cap })),
  };
}

const num = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** The settings as saved: the base (rules this form does not show are kept) with the form's values. */
function fromValues(base: CategorySettings, v: SettingsValues): CategorySettings {
  const kindCaps: Record<string, number> = {};
  for (const k of v.kindCaps ?? []) if (k?.kind?.trim() && num(k.cap)) kindCaps[k.kind.trim()] = k.cap;
  const grading: CategorySettings['grading'] = {
    ...base.grading,
    topQuotaPercent: v.topQuotaPercent,
    rounding: v.rounding,
    bands: (v.bands ?? []).filter((b) => b && b.grade && num(b.minTotal)),
    tieBreak: v.tieBreak ?? [],
    compareWithin: v.compareWithin ?? base.grading.compareWithin,
  };
  delete grading.topMinTotal;
  delete grading.bottomBelowTotal;
  delete grading.bottomQuotaPercent;
  delete grading.topMinComponent;
  delete grading.linkage;
  if (num(v.topMinTotal)) grading.topMinTotal = v.topMinTotal;
  if (num(v.bottomBelowTotal)) grading.bottomBelowTotal = v.bottomBelowTotal;
  if (num(v.bottomQuotaPercent)) grading.bottomQuotaPercent = v.bottomQuotaPercent;
  if (v.topMinComponent && num(v.topMinComponentScore)) grading.topMinComponent = { component: v.topMinComponent, min: v.topMinComponentScore };
  const linkage = Object.fromEntries(Object.entries(v.linkage ?? {}).filter((e): e is [string, number] => num(e[1])));
  if (Object.keys(linkage).length > 0) grading.linkage = linkage;
  const bonus: CategorySettings['bonus'] = { kindCaps };
  if (num(v.totalCap)) bonus.totalCap = v.totalCap;
  if (num(v.deductionCap)) bonus.deductionCap = v.deductionCap;
  return { ...base, decimals: v.decimals, normalizeToBest: !!v.normalizeToBest, minSpread: (v.minSpreadPercent ?? 30) / 100, grading, bonus };
}

function SettingsCard({ category }: { category: Category }) {
  const [form] = Form.useForm<SettingsValues>();
  const lock = useLock('plan');
  const [busy, setBusy] = useState(false);
  const run = useAction();
  const grades = category.settings.grading.grades;
  const top = grades[0]!;
  const bottom = grades[grades.length - 1]!;
  const quotaPercent = Form.useWatch('topQuotaPercent', form);
  const rounding = Form.useWatch('rounding', form);
  const n = category.memberCount;
  const quota = typeof quotaPercent === 'number' ? topQuota(n, { ...category.settings.grading, topQuotaPercent: quotaPercent, rounding: rounding ?? 'floor' }) : null;
  const initial = useMemo(() => toValues(category.settings), [category.settings]);
  const compsQ = useQuery('listComponents', { categoryId: category.id });
  const comps = (compsQ.data ?? []).filter((c) => c.kind !== 'bonus');

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    // the cache refreshes the category (and so this form) after the save
    await run('updateCategory', { id: category.id, settings: fromValues(category.settings, v) }, { success: '评定设置已保存' });
    setBusy(false);
  };

  return (
    <Card
      size="small"
      title="等次评定与计分设置"
      style={{ marginTop: 12 }}
      extra={
        <Space>
          <EditButton scope="plan" testId="btn-reset-settings" size="small" onClick={() => form.setFieldsValue(initial)}>
            还原
          </EditButton>
          <EditButton scope="plan" testId="btn-save-settings" size="small" type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()}>
            保存设置
          </EditButton>
        </Space>
      }
    >
      <Form form={form} layout="horizontal" labelCol={{ flex: '136px' }} initialValues={initial} data-testid="settings-form" size="middle" disabled={lock.locked}>
        <Divider titlePlacement="start" plain className="form-divider" style={{ marginTop: 0 }}>
          等次评定
        </Divider>
        <Form.Item label="等次">
          <Space size={4}>
            {grades.map((g) => (
              <GradeTag key={g} grade={g} />
            ))}
          </Space>
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="topQuotaPercent" label={`${top}比例`} rules={[{ required: true, message: `请填写${top}比例` }]}>
              <InputNumber min={0} max={100} precision={2} style={{ width: 140 }} suffix="%" data-testid="settings-top-quota" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="rounding" label="名额取整方式" rules={[{ required: true }]}>
              <Select style={{ width: 140 }} options={ROUNDING_OPTIONS} data-testid="settings-rounding" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label=" " colon={false} style={{ marginTop: -12 }}>
          <Typography.Text type="secondary" data-testid="quota-preview">
            本类别 {n} 个对象 × {fmtPlain(quotaPercent ?? 0)}%，{ROUNDING_OPTIONS.find((r) => r.value === rounding)?.label ?? ''}后“{top}”名额 {quota ?? '—'} 个。
          </Typography.Text>
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="topMinTotal" label={`${top}最低分`} extra={`总分低于此分不得评为“${top}”，留空不限。`}>
              <InputNumber min={0} max={1000} precision={2} style={{ width: 140 }} placeholder="不限" data-testid="settings-top-min" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="bottomBelowTotal" label={`${bottom}分数线`} extra={`总分低于此分定为“${bottom}”，留空不设。`}>
              <InputNumber min={0} max={1000} precision={2} style={{ width: 140 }} placeholder="不设" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={`${top}需构成达到`} extra="某一构成（如政治素质）低于此分的不得评为最高等次，留空不设。">
              <Space size={6}>
                <Form.Item name="topMinComponent" noStyle>
                  <Select allowClear placeholder="不设" style={{ width: 140 }} options={comps.map((c) => ({ value: c.code, label: c.name }))} />
                </Form.Item>
                <Form.Item name="topMinComponentScore" noStyle>
                  <InputNumber min={0} max={1000} precision={2} style={{ width: 100 }} placeholder="分数" />
                </Form.Item>
              </Space>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="bottomQuotaPercent" label={`${bottom}比例不少于`} extra="按方案要求确定末等比例，留空不设。">
              <InputNumber min={0} max={100} precision={2} style={{ width: 140 }} placeholder="不设" suffix="%" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="中间等次分数线" extra="总分达到分数线的定为该等次（从高到低依次判断）；未达到任何分数线的定为倒数第二个等次。">
          <Form.List name="bands">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} size={6}>
                    <Form.Item name={[f.name, 'grade']} noStyle rules={[{ required: true, message: '请选择等次' }]}>
                      <Select style={{ width: 130 }} placeholder="等次" options={grades.slice(1).map((g) => ({ value: g, label: g }))} />
                    </Form.Item>
                    <span>总分 ≥</span>
                    <Form.Item name={[f.name, 'minTotal']} noStyle rules={[{ required: true, message: '请填写分数线' }]}>
                      <InputNumber min={0} max={1000} precision={2} style={{ width: 110 }} />
                    </Form.Item>
                    <span>分</span>
                    <Tooltip title="删除此分数线">
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Tooltip>
                  </Space>
                ))}
                <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ grade: grades[1], minTotal: 80 })}>
                  添加分数线
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="tieBreak" label="同分比较顺序" extra="总分相同时依次比较这些构成的得分；不设则并列同名次。">
          <Select mode="multiple" allowClear placeholder="不设" style={{ maxWidth: 420 }} options={comps.map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        {category.kind === 'cadre' ? (
          <>
            <Form.Item name="compareWithin" label="比较范围">
              <Radio.Group>
                <Radio value="category">在本类别内统一比较</Radio>
                <Radio value="unit">在所在单位班子内比较</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item label="挂钩比例" extra={`按干部所在单位的最终等次确定“${top}”比例（三个挂钩），留空按上面的统一比例。`}>
              <Space size={12} wrap>
                {UNIT_GRADES.map((g) => (
                  <Space key={g} size={4}>
                    <GradeTag grade={g} />
                    <Form.Item name={['linkage', g]} noStyle>
                      <InputNumber min={0} max={100} precision={2} style={{ width: 96 }} suffix="%" placeholder="—" />
                    </Form.Item>
                  </Space>
                ))}
              </Space>
            </Form.Item>
          </>
        ) : null}
        <Divider titlePlacement="start" plain className="form-divider">
          计分
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="decimals" label="小数位数" rules={[{ required: true }]}>
              <InputNumber min={0} max={4} precision={0} style={{ width: 100 }} suffix="位" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="normalizeToBest" label="总分折算" valuePropName="checked" extra="开启后总分 = 100 × 本单位总分 ÷ 本类别最高分。">
              <Switch checkedChildren="按最高分折算" unCheckedChildren="不折算" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="minSpreadPercent" label="分差检查下限" extra="责任单位打分的（最高分 − 最低分）÷ 满分低于此比例时提示，防止“一律满分”。">
          <InputNumber min={0} max={100} precision={1} style={{ width: 120 }} suffix="%" />
        </Form.Item>
        <Divider titlePlacement="start" plain className="form-divider">
          加减分上限
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="totalCap" label="加分总上限" extra="留空不限。">
              <InputNumber min={0} max={1000} precision={2} style={{ width: 140 }} placeholder="不限" suffix="分" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="deductionCap" label="扣分总上限" extra="留空不限。">
              <InputNumber min={0} max={1000} precision={2} style={{ width: 140 }} placeholder="不限" suffix="分" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="分类加分上限" style={{ marginBottom: 0 }}>
          <Form.List name="kindCaps">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                {fields.map((f) => (
                  <Space key={f.key} size={6}>
                    <Form.Item name={[f.name, 'kind']} noStyle rules={[{ required: true, whitespace: true, message: '请填写加分类别' }]}>
                      <Input style={{ width: 160 }} placeholder="例如：荣誉表彰" />
                    </Form.Item>
                    <span>不超过</span>
                    <Form.Item name={[f.name, 'cap']} noStyle rules={[{ required: true, message: '请填写上限' }]}>
                      <InputNumber min={0} max={1000} precision={2} style={{ width: 100 }} />
                    </Form.Item>
                    <span>分</span>
                    <Tooltip title="删除">
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Tooltip>
                  </Space>
                ))}
                <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: '', cap: 5 })}>
                  添加分类上限
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </Card>
  );
}

// ---- the screen ---------------------------------------------------------------

export function PlanPage() {
  const { focus, clearFocus } = useAppState();
  const cats = useCategories();
  // a deep link (from a check on the weights): the category is chosen by the shell; the banner says why
  const [landing, setLanding] = useState(() => focus);
  useEffect(() => {
    if (focus) clearFocus();
  }, [focus, clearFocus]);
  const select = (id: number) => {
    cats.select(id);
    if (id !== landing?.categoryId) setLanding(null);
  };
  const [modal, setModal] = useState<{ open: boolean; editing: Category | null }>({ open: false, editing: null });
  const sel = cats.selected;

  return (
    <>
      <PageHeader title="考核方案" subtitle="按类别设置考核构成、权重和等次评定规则；单位只在本类别内排名和评定。" />
      <LockBanner scope="plan" />
      <QueryError error={cats.error} onRetry={cats.reload} />
      <Row gutter={12} style={{ flex: 1, minHeight: 0 }} wrap={false}>
        <Col flex="260px">
          <Card
            size="small"
            title="考核类别"
            extra={
              <EditButton scope="plan" testId="btn-new-category" size="small" type="primary" icon={<PlusOutlined />} onClick={() => setModal({ open: true, editing: null })}>
                新增类别
              </EditButton>
            }
            styles={{ body: { padding: 6 } }}
          >
            {cats.loading && cats.categories.length === 0 ? (
              <Skeleton active paragraph={{ rows: 4 }} />
            ) : cats.categories.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有考核类别" />
            ) : (
              <div className="cat-list" data-testid="category-list">
                {cats.categories.map((c) => (
                  <div
                    key={c.id}
                    className={`cat-item ${sel?.id === c.id ? 'cat-item-active' : ''}`}
                    onClick={() => select(c.id)}
                    data-testid={`category-item-${c.id}`}
                    role="button"
                    tabIndex={0}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter') select(c.id);
                    }}
                  >
                    <div className="cat-item-name">{c.name}</div>
                    <div className="cat-item-meta">
                      <Tag color={c.kind === 'unit' ? 'geekblue' : 'purple'} style={{ marginInlineEnd: 6 }}>
                        {KIND_LABEL[c.kind]}
                      </Tag>
                      {c.memberCount} {c.kind === 'unit' ? '个单位' : '名干部'} · 难度 {fmtPlain(c.difficulty)}
                    </div>
                  </div>
                ))}
              </div>
            )}
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          {sel ? (
            <>
              {landing && landing.categoryId === sel.id ? <FocusBanner focus={landing} onClose={() => setLanding(null)} /> : null}
              <div className="panel-title" style={{ marginBottom: 10 }}>
                <Space>
                  <Typography.Title level={5} style={{ margin: 0 }}>
                    {sel.name}
                  </Typography.Title>
                  <Tag>{KIND_LABEL[sel.kind]}类别</Tag>
                  <Typography.Text type="secondary">难度系数 {fmtPlain(sel.difficulty)}</Typography.Text>
                </Space>
                <EditButton scope="plan" testId="btn-edit-category" size="small" icon={<EditOutlined />} onClick={() => setModal({ open: true, editing: sel })}>
                  编辑类别
                </EditButton>
              </div>
              <ComponentsCard key={`c${sel.id}`} category={sel} />
              <SettingsCard key={`s${sel.id}:${JSON.stringify(sel.settings)}`} category={sel} />
            </>
          ) : cats.loading ? null : (
            <Card>
              <Empty description="请先新增一个考核类别，例如“一类乡镇”。" />
            </Card>
          )}
        </Col>
      </Row>
      <CategoryModal
        key={modal.open ? (modal.editing?.id ?? 'new') : 'closed'}
        open={modal.open}
        editing={modal.editing}
        onClose={() => setModal({ open: false, editing: null })}
        onSaved={(c) => {
          setModal({ open: false, editing: null });
          cats.select(c.id);
        }}
      />
    </>
  );
}
