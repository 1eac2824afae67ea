// The form of one indicator: name, points, component (top level), the
// scoring method of a leaf with its parameters, department, description.
import { SaveModal } from '../components/common.tsx';
import { useState } from 'react';
import { Alert, Button, Col, Divider, Form, Input, InputNumber, Row, Select, Space, Switch, Tooltip } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { METHOD_LABELS, type Method, type MethodType } from '../../../shared/domain.ts';
import type { Category, Component, Indicator, InputOf } from '../../../shared/ipc/contract.ts';
import { useAction } from '../api.ts';
import { fmtPlain } from '../format.ts';
import { STEP_DIRECTIONS } from '../methods.ts';

export type IndicatorFormTarget =
  | { mode: 'root' }
  | { mode: 'child'; parent: Indicator }
  | { mode: 'edit'; indicator: Indicator; hasChildren: boolean };

interface Values {
  name: string;
  fullPoints: number;
  componentId?: number;
  departmentId?: number | null;
  description?: string;
  methodType?: MethodType;
  target?: number;
  cap?: number;
  lowerIsBetter?: boolean;
  step?: number;
  min?: number;
  fromBottom?: boolean;
  rankTable?: string;
  threshold?: number;
  unit?: number;
  rate?: number;
  direction?: 'deductBelow' | 'deductAbove' | 'addAbove';
  wholeSteps?: boolean;
  base?: number | null;
  excessCap?: number;
  bands?: { min: number; points: number }[];
  asFraction?: boolean;
  letters?: { letter: string; fraction: number }[];
  levels?: { name: string; threshold: number; coef: number }[];
}

const DEFAULT_LEVELS = [
  { name: 'A', threshold: 100, coef: 1 },
  { name: 'B', threshold: 90, coef: 0.9 },
  { name: 'C', threshold: 80, coef: 0.8 },
  { name: 'D', threshold: 60, coef: 0.6 },
];

const DEFAULT_LETTERS = [
  { letter: '好', fraction: 1 },
  { letter: '较好', fraction: 0.85 },
  { letter: '一般', fraction: 0.7 },
  { letter: '差', fraction: 0.5 },
];

function toValues(m: Method | null): Partial<Values> {
  if (!m) return { methodType: undefined };
  const base: Partial<Values> = { methodType: m.type };
  switch (m.type) {
    case 'completion':
      return { ...base, target: m.target, cap: m.cap, lowerIsBetter: m.lowerIsBetter };
    case 'ratioToBest':
      return { ...base, lowerIsBetter: m.lowerIsBetter };
    case 'rank':
      return { ...base, step: m.step, min: m.min, fromBottom: m.fromBottom, lowerIsBetter: m.lowerIsBetter, rankTable: (m.table ?? []).map(fmtPlain).join(' ') };
    case 'steps':
      return { ...base, threshold: m.threshold, unit: m.unit, rate: m.rate, direction: m.direction, wholeSteps: m.wholeSteps, base: m.base ?? null, excessCap: m.excessCap };
    case 'bands':
      return { ...base, bands: m.bands.map((b) => ({ ...b })), asFraction: m.asFraction };
    case 'letter':
      return { ...base, letters: m.letters.map((l) => ({ ...l })) };
    case 'interpolation':
      return { ...base, levels: m.levels.map((l) => ({ ...l })) };
    default:
      return base;
  }
}

function toMethod(v: Values): Method | null {
  switch (v.methodType) {
    case undefined:
      return null;
    case 'direct':
      return { type: 'direct' };
    case 'deduction':
      return { type: 'deduction' };
    case 'completion':
      return { type: 'completion', target: v.target!, cap: v.cap ?? 1, lowerIsBetter: !!v.lowerIsBetter };
    case 'ratioToBest':
      return { type: 'ratioToBest', lowerIsBetter: !!v.lowerIsBetter };
    case 'rank': {
      const table = (v.rankTable ?? '')
        .split(/[\s,，、/]+/)
        .filter(Boolean)
        .map(Number)
        .filter((n) => Number.isFinite(n) && n >= 0);
      return { type: 'rank', step: v.step ?? 1, min: v.min ?? 0, fromBottom: !!v.fromBottom, lowerIsBetter: !!v.lowerIsBetter, ...(table.length ? { table } : {}) };
    }
    case 'steps':
      return {
        type: 'steps',
        threshold: v.threshold!,
        unit: v.unit!,
        rate: v.rate!,
        direction: v.direction ?? 'deductBelow',
        wholeSteps: !!v.wholeSteps,
        excessCap: v.excessCap ?? 0,
        ...(typeof v.base === 'number' ? { base: v.base } : {}),
      };
    case 'bands':
      return { type: 'bands', bands: (v.bands ?? []).filter((b) => b && typeof b.min === 'number' && typeof b.points === 'number'), asFraction: !!v.asFraction };
    case 'interpolation':
      return { type: 'interpolation', levels: (v.levels ?? []).filter((l) => l && typeof l.threshold === 'number' && typeof l.coef === 'number').map((l) => ({ name: (l.name ?? '').trim(), threshold: l.threshold, coef: l.coef })) };
    case 'letter':
      return { type: 'letter', letters: (v.letters ?? []).filter((l) => l && l.letter?.trim()).map((l) => ({ letter: l.letter.trim(), fraction: l.fraction })) };
  }
}

function MethodParams({ type }: { type: MethodType | undefined }) {
  switch (type) {
    case 'direct':
      return <Alert type="info" showIcon title="由责任单位直接录入得分，应在 0 至满分之间。" />;
    case 'deduction':
      return <Alert type="info" showIcon title="满分减去各项扣分，扣完为止，不倒扣。录入时填写扣分合计。" />;
    case 'completion':
      return (
        <>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="target" label="目标值" rules={[{ required: true, message: '请填写目标值' }, { type: 'number', min: 0.000001, message: '目标值应大于0' }]}>
                <InputNumber style={{ width: '100%' }} data-testid="method-target" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="cap" label="上限（完成率最多按）" extra="1 表示最多按 100% 计；1.2 表示超额最多按 120% 计。">
                <InputNumber min={0.01} max={10} step={0.1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="lowerIsBetter" label="越低越好" valuePropName="checked" extra="如安全事故数、能耗：得分 = 满分 × 目标值 ÷ 实际值。">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
        </>
      );
    case 'ratioToBest':
      return (
        <Form.Item name="lowerIsBetter" label="越低越好" valuePropName="checked" extra="得分 = 满分 × 本单位数值 ÷ 本类别最优值。">
          <Switch checkedChildren="是" unCheckedChildren="否" />
        </Form.Item>
      );
    case 'rank':
      return (
        <>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="step" label="每名次递减">
                <InputNumber min={0} style={{ width: '100%' }} suffix="分" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="min" label="最低得分">
                <InputNumber min={0} style={{ width: '100%' }} suffix="分" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="lowerIsBetter" label="数值越低排名越前" valuePropName="checked">
                <Switch checkedChildren="是" unCheckedChildren="否" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="rankTable" label="位次分值表（可选）" extra="按名次依次填写得分，用空格分隔，如：60 57 54 51 48；填写后按此表计分。">
            <Input placeholder="留空按每名次递减计分" />
          </Form.Item>
          <Form.Item name="fromBottom" label="从倒数名次起算" valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
        </>
      );
    case 'steps':
      return (
        <>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="direction" label="方向" rules={[{ required: true, message: '请选择方向' }]}>
                <Select options={STEP_DIRECTIONS.map((d) => ({ ...d }))} data-testid="method-direction" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="threshold" label="标准值" rules={[{ required: true, message: '请填写标准值' }]}>
                <InputNumber style={{ width: '100%' }} data-testid="method-threshold" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="unit" label="计分单位（每…）" rules={[{ required: true, message: '请填写计分单位' }, { type: 'number', min: 0.000001, message: '应大于0' }]}>
                <InputNumber style={{ width: '100%' }} placeholder="如 1（个百分点）" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="rate" label="每单位分值" rules={[{ required: true, message: '请填写每单位分值' }]}>
                <InputNumber min={0} style={{ width: '100%' }} suffix="分" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="wholeSteps" label="只按整单位计" valuePropName="checked">
                <Switch checkedChildren="是" unCheckedChildren="否" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="base" label="基础分" extra="留空为满分">
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="excessCap" label="超额加分上限">
                <InputNumber min={0} style={{ width: '100%' }} suffix="分" />
              </Form.Item>
            </Col>
          </Row>
        </>
      );
    case 'bands':
      return (
        <>
          <Form.Item label="区间（数值 ≥ 下限时得相应分值）" required>
            <Form.List name="bands">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" size={6}>
                  {fields.map((f) => (
                    <Space key={f.key} size={6}>
                      <span>≥</span>
                      <Form.Item name={[f.name, 'min']} noStyle rules={[{ required: true, message: '请填写下限' }]}>
                        <InputNumber style={{ width: 110 }} placeholder="下限" />
                      </Form.Item>
                      <span>得</span>
                      <Form.Item name={[f.name, 'points']} noStyle rules={[{ required: true, message: '请填写分值' }]}>
                        <InputNumber min={0} style={{ width: 110 }} placeholder="分值" />
                      </Form.Item>
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                    添加区间
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="asFraction" label="分值按满分的比例（0～1）" valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
        </>
      );
    case 'interpolation':
      return (
        <Form.Item label="档次（数值达到门槛值时得分系数，门槛之间按直线插值）" required extra="得分 = 满分 × 系数；低于最低档或高于最高档时按端点计。">
          <Form.List name="levels">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size={6}>
                {fields.map((f) => (
                  <Space key={f.key} size={6}>
                    <Form.Item name={[f.name, 'name']} noStyle>
                      <Input style={{ width: 70 }} placeholder="档次" />
                    </Form.Item>
                    <span>门槛</span>
                    <Form.Item name={[f.name, 'threshold']} noStyle rules={[{ required: true, message: '请填写门槛值' }]}>
                      <InputNumber style={{ width: 110 }} placeholder="门槛值" />
                    </Form.Item>
                    <span>系数</span>
                    <Form.Item name={[f.name, 'coef']} noStyle rules={[{ required: true, message: '请填写系数' }]}>
                      <InputNumber min={0} max={2} step={0.05} style={{ width: 100 }} placeholder="系数" />
                    </Form.Item>
                    <Tooltip title="删除">
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Tooltip>
                  </Space>
                ))}
                <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', threshold: 0, coef: 0.5 })}>
                  添加档次
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      );
    case 'letter':
      return (
        <Form.Item label="等级与得分比例" required extra="录入时填写等级文字，得分 = 满分 × 比例。">
          <Form.List name="letters">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size={6}>
                {fields.map((f) => (
                  <Space key={f.key} size={6}>
                    <Form.Item name={[f.name, 'letter']} noStyle rules={[{ required: true, whitespace: true, message: '请填写等级' }]}>
                      <Input style={{ width: 110 }} placeholder="等级，如 好" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'fraction']} noStyle rules={[{ required: true, message: '请填写比例' }]}>
                      <InputNumber min={0} max={1} step={0.05} style={{ width: 110 }} placeholder="比例" />
                    </Form.Item>
                    <Tooltip title="删除">
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Tooltip>
                  </Space>
                ))}
                <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ letter: '', fraction: 0.5 })}>
                  添加等级
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
      );
    default:
      return null;
  }
}

export function IndicatorModal({
  target,
  category,
  components,
  departments,
  onClose,
  onSaved,
}: {
  target: IndicatorFormTarget | null;
  category: Category;
  components: Component[];
  departments: { id: number; name: string }[];
  onClose: () => void;
  onSaved: (i: Indicator) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const run = useAction();
  const methodType = Form.useWatch('methodType', form);
  const open = target !== null;
  const indicatorComps = components.filter((c) => c.kind === 'indicators' || c.kind === 'routine');

  const isTop = target?.mode === 'root' || (target?.mode === 'edit' && target.indicator.parentId === null);
  const isInner = target?.mode === 'edit' && target.hasChildren;
  const parent = target?.mode === 'child' ? target.parent : null;

  let initial: Partial<Values> = {};
  if (target?.mode === 'edit') {
    const i = target.indicator;
    initial = { name: i.name, fullPoints: i.fullPoints, componentId: i.componentId, departmentId: i.departmentId, description: i.description, ...toValues(i.method) };
  } else if (target) {
    initial = { methodType: 'direct', componentId: indicatorComps[0]?.id, departmentId: parent?.departmentId ?? null, cap: 1, step: 1, min: 0, direction: 'deductBelow', excessCap: 0, letters: DEFAULT_LETTERS, levels: DEFAULT_LEVELS, bands: [{ min: 90, points: 1 }], asFraction: true };
  }

  const title = target?.mode === 'root' ? '新增一级指标' : target?.mode === 'child' ? `新增下级指标（上级：${target.parent.code} ${target.parent.name}）` : target?.mode === 'edit' ? `编辑指标：${target.indicator.code} ${target.indicator.name}` : '';

  const submit = async () => {
    const v = await form.validateFields();
    if (!target) return;
    const base: InputOf<'saveIndicator'> = {
      categoryId: category.id,
      parentId: target.mode === 'child' ? target.parent.id : target.mode === 'edit' ? target.indicator.parentId : null,
      name: v.name.trim(),
      fullPoints: v.fullPoints,
      departmentId: v.departmentId ?? null,
      description: (v.description ?? '').trim(),
    };
    if (target.mode === 'edit') base.id = target.indicator.id;
    if (isTop && v.componentId) base.componentId = v.componentId;
    if (!isInner) {
      const m = toMethod({ ...v, methodType: v.methodType ?? 'direct' });
      if (m) base.method = m;
    }
    setBusy(true);
    const saved = await run('saveIndicator', base, { success: target.mode === 'edit' ? '指标已保存' : `已新增指标“${v.name.trim()}”` });
    setBusy(false);
    if (saved) onSaved(saved);
  };

  return (
    <SaveModal
      title={title}
      open={open}
      onCancel={onClose}
      onSave={() => void submit()}
      confirmLoading={busy}
      width={640}
      okTestId="indicator-ok"
      styles={{ body: { maxHeight: 'calc(100vh - 240px)', overflowY: 'auto', paddingRight: 8 } }}
    >
      {open ? (
        <Form form={form} layout="vertical" preserve={false} initialValues={initial} data-testid="indicator-form">
          {parent && parent.method ? (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`“${parent.name}”将变为汇总指标，其计分方法和已录入的分数不再使用，分值由下级指标合计。`} />
          ) : null}
          <Row gutter={12}>
            <Col span={16}>
              <Form.Item name="name" label="指标名称" rules={[{ required: true, whitespace: true, message: '请填写指标名称' }, { max: 100, message: '不能超过100个字' }]}>
                <Input placeholder="例如：经济发展" data-testid="indicator-name" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="fullPoints" label="分值" rules={[{ required: true, message: '请填写分值' }]}>
                <InputNumber min={0} max={100000} precision={2} style={{ width: '100%' }} suffix="分" data-testid="indicator-points" />
              </Form.Item>
            </Col>
          </Row>
          {isTop ? (
            <Form.Item name="componentId" label="所属考核构成" rules={[{ required: true, message: '请选择所属考核构成' }]}>
              <Select data-testid="indicator-component" options={indicatorComps.map((c) => ({ value: c.id, label: c.name }))} placeholder={indicatorComps.length ? '请选择' : '本类别没有按指标计分的构成，请先在考核方案中添加'} />
            </Form.Item>
          ) : null}
          <Form.Item name="departmentId" label="责任单位">
            <Select allowClear placeholder="不指定" options={departments.map((d) => ({ value: d.id, label: d.name }))} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          {isInner ? (
            <Alert type="info" showIcon title="本指标有下级指标，得分由下级指标汇总，不设计分方法。" style={{ marginBottom: 12 }} />
          ) : (
            <>
              <Divider titlePlacement="start" plain style={{ margin: '4px 0 12px' }}>
                计分方法
              </Divider>
              <Form.Item name="methodType" label="计分方法" rules={[{ required: true, message: '请选择计分方法' }]}>
                <Select
                  data-testid="indicator-method"
                  options={(Object.keys(METHOD_LABELS) as MethodType[]).map((k) => ({ value: k, label: METHOD_LABELS[k] }))}
                />
              </Form.Item>
              <MethodParams type={methodType} />
            </>
          )}
          <Form.Item name="description" label="说明（评分标准）" style={{ marginTop: 8 }}>
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder="评分标准、数据来源等" />
          </Form.Item>
        </Form>
      ) : null}
    </SaveModal>
  );
}
