// 等次评定与计分设置: a category's grading rules (quota, rounding, thresholds,
// bands, linkage) and scoring settings. The quota preview is only a preview
// of the form's values; the grades themselves come from the server.
import { useMemo, useState } from 'react';
import { Button, Card, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { UNIT_GRADES, type CategorySettings, type Rounding } from '../../../../shared/domain.ts';
import { topQuota } from '../../../../shared/engine/grading.ts';
import type { Category } from '../../../../shared/ipc/contract.ts';
import { useAction, useQuery } from '../../api.ts';
import { EditButton, useLock } from '../../lock.tsx';
import { GradeTag } from '../common.tsx';
import { fmtPlain } from '../../format.ts';

const ROUNDING_OPTIONS: { value: Rounding; label: string }[] = [
  { value: 'floor', label: '向下取整' },
  { value: 'round', label: '四舍五入' },
  { value: 'ceil', label: '向上取整' },
];

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

export function SettingsCard({ category }: { category: Category }) {
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
